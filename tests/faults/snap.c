/*
 * snap.c - print a tree as sorted lines "path type mode uid:gid size hash"
 * (test helper; one process instead of a find | md5sum pipeline, which
 * matters when the fault tests take a few thousand snapshots).
 *
 *   snap DIR      every object under DIR except ./var/backups
 * Paths are relative ("./etc/docker"); directories print size "-";
 * the hash is FNV-1a 64 of a regular file's bytes, "->target" (cut
 * short) for a symlink, "-" for others.
 * Never follows a symlink, never opens anything but regular files.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char **lines;
static size_t nlines, cap;
static size_t rootlen;

static int
hash_file(const char *path, uint64_t *ret)
{
	unsigned char buf[65536];
	uint64_t h = 1469598103934665603ULL;
	ssize_t n, i;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++) {
			h ^= buf[i];
			h *= 1099511628211ULL;
		}
	close(fd);
	*ret = h;
	return n < 0 ? -1 : 0;
}

static char
type_char(mode_t m)
{
	return S_ISREG(m) ? 'f' : S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' :
	    S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : S_ISCHR(m) ? 'c' :
	    S_ISBLK(m) ? 'b' : '?';
}

static int
visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	const char *rel = path + rootlen;
	char size[32], hash[40], *line;
	uint64_t h;

	(void)flag;
	(void)ftw;
	if (strcmp(rel, "/var/backups") == 0)
		return FTW_SKIP_SUBTREE;
	snprintf(size, sizeof(size), "%jd", (intmax_t)st->st_size);
	if (S_ISDIR(st->st_mode))
		strcpy(size, "-");
	strcpy(hash, "-");
	if (S_ISLNK(st->st_mode)) {
		char target[4096];
		ssize_t n = readlink(path, target, sizeof(target) - 1);

		target[n < 0 ? 0 : n] = '\0';
		snprintf(hash, sizeof(hash), "->%.28s", target);
	} else if (S_ISREG(st->st_mode)) {
		if (hash_file(path, &h) < 0)
			strcpy(hash, "unreadable");
		else
			snprintf(hash, sizeof(hash), "%016" PRIx64, h);
	}
	if (asprintf(&line, ".%s %c %o %u:%u %s %s", rel, type_char(st->st_mode),
	    (unsigned)(st->st_mode & 07777), (unsigned)st->st_uid,
	    (unsigned)st->st_gid, size, hash) < 0)
		return FTW_STOP;
	if (nlines == cap) {
		char **n;

		cap = cap ? cap * 2 : 256;
		if ((n = realloc(lines, cap * sizeof(*n))) == NULL)
			return FTW_STOP;
		lines = n;
	}
	lines[nlines++] = line;
	return FTW_CONTINUE;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: snap DIR\n");
		return 2;
	}
	rootlen = strlen(argv[1]);
	while (rootlen > 1 && argv[1][rootlen - 1] == '/')
		rootlen--;
	if (nftw(argv[1], visit, 64, FTW_PHYS | FTW_ACTIONRETVAL) != 0) {
		perror(argv[1]);
		return 1;
	}
	qsort(lines, nlines, sizeof(*lines), cmp);
	for (i = 0; i < nlines; i++)
		puts(lines[i]);
	return fflush(stdout) == 0 ? 0 : 1;
}
