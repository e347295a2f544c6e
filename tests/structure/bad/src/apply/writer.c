/* writer.c - a module that writes behind safeio's back (test data). */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

int
writer(const char *p)
{
	FILE *f = fopen(p, "we");	/* opens for writing */
	int fd = open(p, O_WRONLY | O_CREAT, 0600);

	/* rename(p, q) in a comment is fine, and so is "unlink(" in a string */
	puts("unlink(p)");
	(void)rename(p, "q");
	return fd + (f != NULL) + chmod(p, 0644);
}
