/* fmt.c - a format that reads a file itself: formats are pure. */
#include <fcntl.h>

int
fmt_read(const char *p)
{
	return open(p, O_RDONLY);
}
