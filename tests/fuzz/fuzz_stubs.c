/*
 * fuzz_stubs.c - linked into every fuzz target. profile.c is compiled
 * with -Dfopen=fuzz_fopen so that a fuzzed "extends:" never opens a real
 * file (a FIFO or a terminal would hang the fuzzer): only the embedded
 * profiles can be extended.
 */
#include <errno.h>
#include <stdio.h>

FILE *fuzz_fopen(const char *, const char *);

FILE *
fuzz_fopen(const char *path, const char *mode)
{
	(void)path;
	(void)mode;
	errno = ENOENT;
	return NULL;
}
