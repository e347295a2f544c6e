/* safeio.c - the one writer may change the file system (test data). */
#include <stdio.h>
#include <sys/stat.h>

int
safeio_lstat(const char *p, struct stat *st)
{
	return lstat(p, st) + rename(p, "q");
}
