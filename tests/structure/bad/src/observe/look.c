/* look.c - an observer: reaches the host through safeio (fine). */
#include <sys/stat.h>

int safeio_lstat(const char *, struct stat *);

int
look(const char *p)
{
	struct stat st;

	return safeio_lstat(p, &st);
}
