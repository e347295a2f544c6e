/*
 * procfs.c - see procfs.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "procfs.h"
#include "strv.h"

#define PROC_MAX (1u << 20)	/* a process's argv or environment */

/* Files in /proc report size 0: read until EOF, doubling the buffer. */
static int
read_all(int fd, size_t max, char **ret_buf, size_t *ret_len)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap), *n;
	ssize_t r;

	if (buf == NULL)
		return -ENOMEM;
	for (;;) {
		if (len + 1 >= cap) {
			if (cap > max) {
				free(buf);
				return -EFBIG;
			}
			if ((n = realloc(buf, cap * 2)) == NULL) {
				free(buf);
				return -ENOMEM;
			}
			buf = n;
			cap *= 2;
		}
		r = read(fd, buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			r = -errno;
			free(buf);
			return (int)r;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
	*ret_buf = buf;
	*ret_len = len;
	return 0;
}

int
procfs_read(const struct ctx *ctx, const char *rel, size_t max,
    char **ret_buf, size_t *ret_len)
{
	char path[4096];
	int fd, rc;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s",
	    ctx->proc ? ctx->proc : "/proc", rel) >= sizeof(path))
		return -ENAMETOOLONG;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return -errno;
	rc = read_all(fd, max, ret_buf, ret_len);
	close(fd);
	return rc;
}

static int
pid_read(const struct ctx *ctx, pid_t pid, const char *what, char **ret,
    size_t *ret_len)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "%d/%s", (int)pid, what);
	return procfs_read(ctx, rel, PROC_MAX, ret, ret_len);
}

int
procfs_read_strv(const struct ctx *ctx, pid_t pid, const char *what,
    char ***ret, size_t *ret_n)
{
	char *buf, **v = NULL;
	size_t len, off, n = 0;
	int rc;

	if ((rc = pid_read(ctx, pid, what, &buf, &len)) < 0)
		return rc;
	for (off = 0; off < len; off += strlen(buf + off) + 1)
		if ((rc = strvec_push(&v, &n, strdup(buf + off))) < 0) {
			free(buf);
			strvec_free(v, n);
			return rc;
		}
	free(buf);
	if (n == 0) {
		strvec_free(v, n);
		return -ESRCH;	/* a zombie or kernel thread */
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

static bool
is_live(const struct ctx *ctx, pid_t pid, const char *comm)
{
	char *buf, path[512], *rp;
	size_t len, n = strlen(comm);
	struct stat st;
	bool ok;

	if (pid_read(ctx, pid, "comm", &buf, &len) < 0)
		return false;
	ok = strncmp(buf, comm, n) == 0 && (buf[n] == '\n' || buf[n] == '\0');
	free(buf);
	if (!ok || pid_read(ctx, pid, "stat", &buf, &len) < 0)
		return false;
	/* "pid (comm) S ...": skip zombies and exiting processes */
	rp = strrchr(buf, ')');
	ok = rp != NULL && rp[1] == ' ' && rp[2] != 'Z' && rp[2] != 'X';
	free(buf);
	snprintf(path, sizeof(path), "%s/%d", ctx->proc, (int)pid);
	return ok && stat(path, &st) == 0 && st.st_uid == 0;
}

int
procfs_find_pid(const struct ctx *ctx, const char *comm, pid_t *ret)
{
	struct dirent *de;
	pid_t best = 0;
	DIR *d;

	*ret = 0;
	if ((d = opendir(ctx->proc)) == NULL)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d)) != NULL) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end != '\0' || pid <= 0)
			continue;
		if (is_live(ctx, (pid_t)pid, comm) && (best == 0 || pid < best))
			best = (pid_t)pid;
	}
	closedir(d);
	*ret = best;
	return 0;
}

int
procfs_exe(const struct ctx *ctx, pid_t pid, bool upgraded, char **ret)
{
	char path[512], exe[4096];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%d/exe", ctx->proc, (int)pid);
	if ((n = readlink(path, exe, sizeof(exe) - 1)) <= 0)
		return n < 0 ? -errno : -ENOENT;
	exe[n] = '\0';
	/* an upgraded binary shows " (deleted)" */
	if (n > 10 && strcmp(exe + n - 10, " (deleted)") == 0) {
		if (!upgraded)
			return -ENOENT;
		exe[n - 10] = '\0';
	}
	if (exe[0] != '/')
		return -ENOENT;
	return (*ret = strdup(exe)) != NULL ? 0 : -ENOMEM;
}
