/*
 * safeio.c - path resolution beneath a root fd, atomic writes, and
 * owner/mode changes through file descriptors. See safeio.h for the
 * invariants; each is tested in tests/unit/test_safeio.c.
 *
 * Paths are walked one component at a time with O_PATH|O_NOFOLLOW.
 * A symlink met on the way is read and resolved by hand, absolute
 * targets restarting at the root fd, so that --root behaves like a
 * chroot and nothing outside it is ever opened. (openat2's
 * RESOLVE_IN_ROOT does the same, but Amazon Linux 2's 4.14 kernel lacks
 * it, and one code path is easier to trust than two.)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "safeio.h"
#include "strv.h"

#define MAX_SYMLINKS 40
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452	/* Linux 6.6, the same number on every architecture */
#endif

struct walk {
	int *fd;		/* fd[0]: walk_path's copy of the root, closed by walk_free */
	char **name;		/* name[i] is the component that led to fd[i] */
	size_t n, cap;
};

static int
walk_push(struct walk *w, int fd, const char *name)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		int *nfd = realloc(w->fd, cap * sizeof(*nfd));
		char **nname;

		if (nfd == NULL)
			return -ENOMEM;
		w->fd = nfd;
		if ((nname = realloc(w->name, cap * sizeof(*nname))) == NULL)
			return -ENOMEM;
		w->name = nname;
		w->cap = cap;
	}
	if ((w->name[w->n] = strdup(name)) == NULL)
		return -ENOMEM;
	w->fd[w->n++] = fd;
	return 0;
}

static void
walk_pop(struct walk *w)
{
	if (w->n <= 1)
		return;		/* ".." at the root stays at the root */
	w->n--;
	close(w->fd[w->n]);
	free(w->name[w->n]);
}

static void
walk_free(struct walk *w)
{
	while (w->n > 1)
		walk_pop(w);
	if (w->n == 1) {
		close(w->fd[0]);	/* walk_path's own copy of the root */
		free(w->name[0]);
	}
	free(w->fd);
	free(w->name);
}

static int
read_link(int fd, char **ret)
{
	char buf[PATH_MAX];
	ssize_t n;

	n = readlinkat(fd, "", buf, sizeof(buf) - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if ((*ret = strdup(buf)) == NULL)
		return -ENOMEM;
	return 0;
}

/* Replace *todo with target + "/" + rest. */
static int
splice_link(char **todo, const char *target, const char *rest)
{
	char *s;

	if (asprintf(&s, "%s/%s", target, rest) < 0)
		return -ENOMEM;
	free(*todo);
	*todo = s;
	return 0;
}

static bool
only_slashes(const char *s)
{
	return s[strspn(s, "/")] == '\0';
}

/*
 * Resolve path beneath rootfd. On success w holds the chain of
 * directories (and the final object as its top when it exists).
 * follow_last: resolve a symlink in the last component too.
 * mkdir_mode: when non-zero, create missing directories on the way
 * (and the last component) with that mode.
 */
static int
walk_path(int rootfd, const char *path, bool follow_last, mode_t mkdir_mode,
    struct walk *w)
{
	char *todo = NULL, *p;
	int rc, fd, links = 0;

	if (path[0] != '/')
		return -EINVAL;
	if ((fd = openat(rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -errno;
	if ((rc = walk_push(w, fd, "")) < 0) {
		close(fd);
		return rc;
	}
	if ((todo = strdup(path)) == NULL)
		return -ENOMEM;
	p = todo;
	for (;;) {
		char comp[NAME_MAX + 1], *rest;
		size_t len;
		bool last;
		struct stat st;

		p += strspn(p, "/");
		if (*p == '\0')
			break;
		len = strcspn(p, "/");
		if (len > NAME_MAX) {
			rc = -ENAMETOOLONG;
			goto out;
		}
		memcpy(comp, p, len);
		comp[len] = '\0';
		rest = p + len;
		last = only_slashes(rest);
		p = rest;
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			walk_pop(w);
			continue;
		}
		fd = openat(w->fd[w->n - 1], comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT && mkdir_mode != 0) {
			if (mkdirat(w->fd[w->n - 1], comp, mkdir_mode) < 0 &&
			    errno != EEXIST) {
				rc = -errno;
				goto out;
			}
			fd = openat(w->fd[w->n - 1], comp,
			    O_PATH | O_NOFOLLOW | O_CLOEXEC);
		}
		if (fd < 0) {
			rc = -errno;
			goto out;
		}
		if (fstat(fd, &st) < 0) {
			rc = -errno;
			close(fd);
			goto out;
		}
		if (S_ISLNK(st.st_mode) && (!last || follow_last)) {
			char *target = NULL;

			rc = read_link(fd, &target);
			close(fd);
			if (rc < 0)
				goto out;
			if (++links > MAX_SYMLINKS) {
				free(target);
				rc = -ELOOP;
				goto out;
			}
			if (target[0] == '/')
				while (w->n > 1)
					walk_pop(w);
			rc = splice_link(&todo, target, rest);
			free(target);
			if (rc < 0)
				goto out;
			p = todo;
			continue;
		}
		if (!last && !S_ISDIR(st.st_mode)) {
			close(fd);
			rc = -ENOTDIR;
			goto out;
		}
		if ((rc = walk_push(w, fd, comp)) < 0) {
			close(fd);
			goto out;
		}
	}
	rc = 0;
out:
	free(todo);
	return rc;
}

/* Split "/a/b/c" into dir "/a/b" (malloc'd) and base "c" (in path). */
static int
split_path(const char *path, char **ret_dir, const char **ret_base)
{
	const char *slash = strrchr(path, '/');
	const char *base;

	if (path[0] != '/' || slash == NULL)
		return -EINVAL;
	base = slash + 1;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return -EINVAL;
	if ((*ret_dir = strndup(path, slash == path ? 1 : (size_t)(slash - path))) == NULL)
		return -ENOMEM;
	*ret_base = base;
	return 0;
}

/* openat2(RESOLVE_IN_ROOT): -ENOSYS when the kernel cannot. */
static int
resolve_kernel(int rootfd, const char *path, bool follow_last)
{
#ifdef SYS_openat2
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC | (follow_last ? 0 : O_NOFOLLOW),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd;

	if (getenv("CISHARDEN_NO_OPENAT2") != NULL)
		return -ENOSYS;	/* tests force the portable walk */
	fd = syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	if (fd >= 0)
		return (int)fd;
	if (errno == ENOSYS || errno == EPERM || errno == E2BIG)
		return -ENOSYS;	/* old kernel or a seccomp filter */
	return -errno;
#else
	(void)rootfd;
	(void)path;
	(void)follow_last;
	return -ENOSYS;
#endif
}

/* Resolve path (following in-root symlinks) to a new O_PATH fd. */
static int
resolve_fd(int rootfd, const char *path, bool follow_last, mode_t mkdir_mode)
{
	struct walk w = { 0 };
	int rc, fd;

	if (path[0] != '/')
		return -EINVAL;
	if (mkdir_mode == 0 && (fd = resolve_kernel(rootfd, path, follow_last)) != -ENOSYS)
		return fd;

	rc = walk_path(rootfd, path, follow_last, mkdir_mode, &w);
	if (rc == 0) {
		fd = fcntl(w.fd[w.n - 1], F_DUPFD_CLOEXEC, 3);
		rc = fd < 0 ? -errno : fd;
	}
	walk_free(&w);
	return rc;
}

int
safeio_open_dir(int rootfd, const char *path)
{
	int pfd, fd;

	if ((pfd = resolve_fd(rootfd, path, true, 0)) < 0)
		return pfd;
	fd = openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	close(pfd);
	return fd < 0 ? -errno : fd;
}

int
safeio_open_parent(int rootfd, const char *path, const char **ret_base)
{
	char *dir = NULL;
	int rc;

	if ((rc = split_path(path, &dir, ret_base)) < 0)
		return rc;
	rc = safeio_open_dir(rootfd, dir);
	free(dir);
	return rc;
}

int
safeio_lstat(int rootfd, const char *path, struct stat *ret_st)
{
	const char *base;
	int dfd, rc = 0;

	if (strcmp(path, "/") == 0)
		return fstat(rootfd, ret_st) < 0 ? -errno : 0;
	if ((dfd = safeio_open_parent(rootfd, path, &base)) < 0)
		return dfd;
	if (fstatat(dfd, base, ret_st, AT_SYMLINK_NOFOLLOW) < 0)
		rc = -errno;
	close(dfd);
	return rc;
}

int
safeio_stat(int rootfd, const char *path, struct stat *ret_st)
{
	int fd, rc = 0;

	if ((fd = resolve_fd(rootfd, path, true, 0)) < 0)
		return fd;
	if (fstat(fd, ret_st) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

int
safeio_realpath(int rootfd, const char *path, char **ret)
{
	struct walk w = { 0 };
	size_t i, len = 1;
	char *s;
	int rc;

	if ((rc = walk_path(rootfd, path, true, 0, &w)) < 0)
		goto out;
	for (i = 1; i < w.n; i++)
		len += strlen(w.name[i]) + 1;
	if ((s = malloc(len + 1)) == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	s[0] = '\0';
	for (i = 1; i < w.n; i++) {
		strcat(s, "/");
		strcat(s, w.name[i]);
	}
	if (w.n == 1)
		strcpy(s, "/");
	*ret = s;
out:
	walk_free(&w);
	return rc;
}

/* Check that st is a regular file we may read or replace. */
static int
check_regular(const struct stat *st)
{
	if (S_ISLNK(st->st_mode))
		return -ELOOP;
	if (!S_ISREG(st->st_mode))
		return -EINVAL;
	if (st->st_nlink > 1)
		return -EMLINK;
	return 0;
}

static int
read_fd(int fd, size_t size, char **ret_buf, size_t *ret_len)
{
	char *buf;
	size_t off = 0;

	if ((buf = malloc(size + 1)) == NULL)
		return -ENOMEM;
	while (off < size) {
		ssize_t n = read(fd, buf + off, size - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			/* never 0: the caller's *ret_len is only set on success */
			int e = errno > 0 ? errno : EIO;

			free(buf);
			return -e;
		}
		if (n == 0)
			break;	/* shrank under us: take what is there */
		off += (size_t)n;
	}
	buf[off] = '\0';
	*ret_buf = buf;
	*ret_len = off;
	return 0;
}

int
safeio_read(int rootfd, const char *path, size_t max, char **ret_buf,
    size_t *ret_len, struct stat *ret_st)
{
	struct stat st, st2;
	const char *base;
	int dfd, fd = -1, rc;

	if ((dfd = safeio_open_parent(rootfd, path, &base)) < 0)
		return dfd;
	/* Check the type before open(): a FIFO would block us. */
	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		rc = -errno;
		goto out;
	}
	if ((rc = check_regular(&st)) < 0)
		goto out;
	fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st2) < 0) {
		rc = -errno;
		goto out;
	}
	if (st2.st_dev != st.st_dev || st2.st_ino != st.st_ino) {
		rc = -EAGAIN;	/* replaced between stat and open */
		goto out;
	}
	if ((rc = check_regular(&st2)) < 0)
		goto out;
	if ((size_t)st2.st_size > max) {
		rc = -EFBIG;
		goto out;
	}
	if ((rc = read_fd(fd, (size_t)st2.st_size, ret_buf, ret_len)) < 0)
		goto out;
	if (ret_st != NULL)
		*ret_st = st2;
out:
	if (fd >= 0)
		close(fd);
	close(dfd);
	return rc;
}

static int
write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Create a fresh temporary ".#base.XXXXXX" in dfd; its name in tmp. */
static int
open_temp(int dfd, const char *base, char *tmp, size_t tmplen)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		unsigned int r;
		int fd;

		if (getrandom(&r, sizeof(r), 0) != sizeof(r))
			return -errno;
		if ((size_t)snprintf(tmp, tmplen, ".#%.200s.%08x", base, r) >= tmplen)
			return -ENAMETOOLONG;
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

/* Is name one of our temporaries for base: ".#base.XXXXXXXX"? */
static bool
is_temp_of(const char *name, const char *base)
{
	size_t blen = strlen(base);

	return strncmp(name, ".#", 2) == 0 && strncmp(name + 2, base, blen) == 0 &&
	    name[2 + blen] == '.' && strlen(name + 3 + blen) == 8 &&
	    strspn(name + 3 + blen, "0123456789abcdef") == 8;
}

/*
 * A run killed between creating its temporary and the rename leaves
 * ".#base.XXXXXXXX" behind. Writes happen under the apply lock, so such
 * a regular file is a dead run's: remove it. Best effort.
 */
static void
remove_stale_temps(int dfd, const char *base)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int fd;

	if ((fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL)
		if (is_temp_of(de->d_name, base) &&
		    fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode))
			(void)unlinkat(dfd, de->d_name, 0);
	closedir(d);
}

/* Are the bytes, owner and mode of the existing file already right? */
static int
same_file(int dfd, const char *base, const struct stat *st, const void *buf,
    size_t len, uid_t uid, gid_t gid, mode_t mode)
{
	char *old = NULL;
	size_t oldlen;
	int fd, rc;

	if (st->st_uid != uid || st->st_gid != gid ||
	    (st->st_mode & 07777) != mode || (size_t)st->st_size != len)
		return 0;
	fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = read_fd(fd, len, &old, &oldlen);
	close(fd);
	if (rc < 0)
		return rc;
	rc = oldlen == len && memcmp(old, buf, len) == 0;
	free(old);
	return rc;
}

/* The atomic replace of base in directory dfd (safeio_write's recipe). */
static int
write_at(int dfd, const char *base, const void *buf, size_t len,
    uid_t uid, gid_t gid, mode_t mode)
{
	char tmp[NAME_MAX + 1];
	struct stat st;
	int fd = -1, rc;
	bool have_tmp = false;

	remove_stale_temps(dfd, base);
	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if ((rc = check_regular(&st)) < 0)
			goto out;
		rc = same_file(dfd, base, &st, buf, len, uid, gid, mode);
		if (rc != 0) {
			rc = rc > 0 ? 0 : rc;	/* already so: unchanged */
			goto out;
		}
	} else if (errno != ENOENT) {
		rc = -errno;
		goto out;
	}
	if ((fd = open_temp(dfd, base, tmp, sizeof(tmp))) < 0) {
		rc = fd;
		goto out;
	}
	have_tmp = true;
	if ((rc = write_all(fd, buf, len)) < 0)
		goto out;
	/* Owner and mode are final before the name becomes visible. */
	if (fchown(fd, uid, gid) < 0 || fchmod(fd, mode) < 0 || fsync(fd) < 0) {
		rc = -errno;
		goto out;
	}
	rc = close(fd);
	fd = -1;
	if (rc < 0) {
		rc = -errno;
		goto out;
	}
	if (renameat(dfd, tmp, dfd, base) < 0) {
		rc = -errno;
		goto out;
	}
	have_tmp = false;
	/* The rename is durable only once the directory is on disk. */
	rc = fsync(dfd) < 0 ? -errno : 1;
out:
	if (fd >= 0)
		close(fd);
	if (have_tmp)
		(void)unlinkat(dfd, tmp, 0);
	return rc;
}

int
safeio_write(int rootfd, const char *path, const void *buf, size_t len,
    uid_t uid, gid_t gid, mode_t mode)
{
	const char *base;
	int dfd, rc;

#ifdef CISHARDEN_TEST_PATH_BUG
	/* The planted bug of a test build (never a release; see
	 * tests/fixtures/sandbox.sh): a configuration file's path is
	 * resolved beneath the working directory instead of the root, a
	 * write outside it (the backup, under /var, stays right). */
	if (getenv("CISHARDEN_TEST_PATH_BUG") != NULL && strncmp(path, "/etc/", 5) == 0)
		rootfd = AT_FDCWD;
#endif
	if ((dfd = safeio_open_parent(rootfd, path, &base)) < 0)
		return dfd;
	rc = write_at(dfd, base, buf, len, uid, gid, mode);
	close(dfd);
	return rc;
}

int
safeio_write_report(const char *path, const void *buf, size_t len)
{
	char *copy, *slash;
	const char *dir = ".", *base = path;
	int dfd, rc;

	if ((copy = strdup(path)) == NULL)
		return -ENOMEM;
	if ((slash = strrchr(copy, '/')) != NULL) {
		*slash = '\0';
		dir = slash == copy ? "/" : copy;
		base = path + (slash - copy) + 1;
	}
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		free(copy);
		return -EISDIR;
	}
	/* the directory is the user's own choice: follow links up to it */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (dfd < 0)
		return -errno;
	rc = write_at(dfd, base, buf, len, geteuid(), getegid(), 0644);
	close(dfd);
	return rc;
}

int
safeio_open_log(int rootfd, const char *path, mode_t mode, off_t *ret_size)
{
	const char *base;
	struct stat st;
	int dfd, fd, rc;

	if ((dfd = safeio_open_parent(rootfd, path, &base)) < 0)
		return dfd;
	fd = openat(dfd, base, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
	    O_NONBLOCK | O_NOCTTY | O_CLOEXEC, mode);
	rc = fd < 0 ? -errno : 0;
	close(dfd);
	if (rc < 0)
		return rc;
	if (fstat(fd, &st) < 0)
		rc = -errno;
	else
		rc = check_regular(&st);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	*ret_size = st.st_size;
	return fd;
}

int
safeio_mkdirs(int rootfd, const char *path, mode_t mode)
{
	int fd;

	if ((fd = resolve_fd(rootfd, path, true, mode)) < 0)
		return fd;
	close(fd);
	return 0;
}

/*
 * chmod the inode fd (O_PATH) is, without /proc where the kernel allows:
 * fchmodat2(AT_EMPTY_PATH) (Linux 6.6+); else fchmod on base reopened
 * O_RDONLY|O_NOFOLLOW (regular files and directories, checked to be the
 * same inode); else chmod of /proc/self/fd/N, the only way for a socket
 * on an older kernel: -ENOSYS when that is not mounted.
 */
static int
set_mode(int dfd, const char *base, int fd, const struct stat *st, mode_t mode)
{
	char proc[64];
	struct stat st2;
	int rfd, rc;

	if (syscall(SYS_fchmodat2, fd, "", mode, AT_EMPTY_PATH) == 0)
		return 0;
	/* no such call (or a seccomp filter that hides it): fall back */
	if (errno != ENOSYS && errno != EPERM)
		return -errno;
	if (S_ISREG(st->st_mode) || S_ISDIR(st->st_mode)) {
		rfd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_NOCTTY |
		    O_NONBLOCK | O_CLOEXEC | (S_ISDIR(st->st_mode) ? O_DIRECTORY : 0));
		if (rfd < 0)
			return -errno;
		if (fstat(rfd, &st2) < 0)
			rc = -errno;
		else if (st2.st_dev != st->st_dev || st2.st_ino != st->st_ino)
			rc = -ESTALE;
		else
			rc = fchmod(rfd, mode) < 0 ? -errno : 0;
		close(rfd);
		return rc;
	}
	/* chmod(2) of an O_PATH fd through procfs acts on this very
	 * inode (sockets cannot be opened for fchmod). */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (chmod(proc, mode) == 0)
		return 0;
	rc = -errno;
	if (rc == -ENOENT && access("/proc/self/fd", F_OK) < 0)
		return -ENOSYS;	/* no /proc, no fchmodat2 */
	return rc;
}

/*
 * Change owner and mode of the inode st describes at path, through an
 * O_PATH fd; it must still be that inode. tighten: never add a bit.
 */
static int
chperms(int rootfd, const char *path, const struct stat *want, uid_t uid,
    gid_t gid, mode_t mode, bool tighten)
{
	const char *base;
	struct stat st;
	int dfd, fd = -1, rc = 0;

	if ((dfd = safeio_open_parent(rootfd, path, &base)) < 0)
		return dfd;
	if ((fd = openat(dfd, base, O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) < 0) {
		rc = -errno;
		goto out;
	}
	if (st.st_dev != want->st_dev || st.st_ino != want->st_ino)
		rc = -ESTALE;	/* replaced since the plan was made */
	else if (S_ISLNK(st.st_mode))
		rc = -ELOOP;
	else if ((st.st_mode & S_IFMT) != (want->st_mode & S_IFMT))
		rc = -EINVAL;
	else if (S_ISREG(st.st_mode) && st.st_nlink > 1)
		rc = -EMLINK;
	else if (tighten && (mode & ~(st.st_mode & 07777)) != 0)
		rc = -EPERM;	/* would add a permission bit: never */
	if (rc < 0)
		goto out;
	if ((st.st_mode & 07777) != mode) {
		if ((rc = set_mode(dfd, base, fd, &st, mode)) < 0)
			goto out;
		rc = 1;
	}
	if (st.st_uid != uid || st.st_gid != gid) {
		if (fchownat(fd, "", uid, gid, AT_EMPTY_PATH) < 0) {
			rc = -errno;
			/* All or nothing: put the old mode back. */
			if ((st.st_mode & 07777) != mode)
				(void)set_mode(dfd, base, fd, &st, st.st_mode & 07777);
			goto out;
		}
		rc = 1;
	}
out:
	if (fd >= 0)
		close(fd);
	close(dfd);
	return rc;
}

int
safeio_set_perms(int rootfd, const char *path, dev_t dev, ino_t ino,
    mode_t type, uid_t uid, gid_t gid, mode_t mode)
{
	struct stat want = { .st_dev = dev, .st_ino = ino, .st_mode = type };

	return chperms(rootfd, path, &want, uid, gid, mode, true);
}

int
safeio_restore_perms(int rootfd, const char *path, uid_t uid, gid_t gid, mode_t mode)
{
	struct stat st;
	int rc;

	if ((rc = safeio_lstat(rootfd, path, &st)) < 0)
		return rc;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;
	if (S_ISREG(st.st_mode) && st.st_nlink > 1)
		return -EMLINK;
	return chperms(rootfd, path, &st, uid, gid, mode, false);
}

int
safeio_set_mtime(int rootfd, const char *path, const struct timespec *mtime)
{
	struct timespec ts[2] = { { .tv_nsec = UTIME_OMIT }, *mtime };
	const char *base;
	int dfd, rc = 0;

	if ((dfd = safeio_open_parent(rootfd, path, &base)) < 0)
		return dfd;
	/* never follows a symlink put there meanwhile */
	if (utimensat(dfd, base, ts, AT_SYMLINK_NOFOLLOW) < 0)
		rc = -errno;
	close(dfd);
	return rc;
}

int
safeio_rmdir(int rootfd, const char *path)
{
	const char *base;
	int dfd, rc = 0;

	if ((dfd = safeio_open_parent(rootfd, path, &base)) < 0)
		return dfd;
	if (unlinkat(dfd, base, AT_REMOVEDIR) < 0)
		rc = -errno;
	else if (fsync(dfd) < 0)
		rc = -errno;
	close(dfd);
	return rc;
}

int
safeio_unlink(int rootfd, const char *path)
{
	const char *base;
	int dfd, rc = 0;

	if ((dfd = safeio_open_parent(rootfd, path, &base)) < 0)
		return dfd;
	remove_stale_temps(dfd, base);
	if (unlinkat(dfd, base, 0) < 0)
		rc = -errno;
	else if (fsync(dfd) < 0)
		rc = -errno;
	close(dfd);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}


int
safeio_list(int rootfd, const char *path, char ***ret, size_t *ret_n)
{
	struct dirent *de;
	char **v = NULL;
	size_t n = 0, cap = 0;
	DIR *d;
	int fd, rc = 0;

	if ((fd = safeio_open_dir(rootfd, path)) < 0)
		return fd;
	if ((d = fdopendir(fd)) == NULL) {
		rc = -errno;
		close(fd);
		return rc;
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			char **nv;

			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*nv))) == NULL) {
				rc = -ENOMEM;
				goto out;
			}
			v = nv;
		}
		if ((v[n] = strdup(de->d_name)) == NULL) {
			rc = -ENOMEM;
			goto out;
		}
		n++;
	}
	if (errno != 0)
		rc = -errno;
out:
	closedir(d);
	if (rc < 0) {
		strvec_free(v, n);
		return rc;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	*ret = v;
	*ret_n = n;
	return 0;
}

int
safeio_open_root(const char *path)
{
	int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int
safeio_lock(int rootfd)
{
	int fd, rc;

	if ((fd = openat(rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

int
safeio_read_tail(int rootfd, const char *path, off_t off, size_t max,
    char **ret_buf, size_t *ret_len)
{
	const char *base;
	struct stat st;
	ssize_t n;
	char *buf;
	int dfd, fd, rc;

	if ((dfd = safeio_open_parent(rootfd, path, &base)) < 0)
		return dfd;
	fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	rc = fd < 0 ? -errno : 0;
	close(dfd);
	if (rc < 0)
		return rc;
	if (fstat(fd, &st) == 0 && st.st_size - off > (off_t)max)
		off = st.st_size - (off_t)max;
	if ((buf = malloc(max + 1)) == NULL) {
		close(fd);
		return -ENOMEM;
	}
	n = pread(fd, buf, max, off);
	rc = n < 0 ? -errno : 0;
	close(fd);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*ret_buf = buf;
	*ret_len = (size_t)n;
	return 0;
}
