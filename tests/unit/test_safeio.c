/*
 * Unit tests of safeio.c: one block per invariant in safeio.h.
 * Runs in a throwaway directory that acts as the root.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "safeio.h"
#include "strv.h"

static char top[] = "/tmp/cisharden-safeio-XXXXXX";
static char rootdir[4096];

static void
put(const char *rel, const char *data, mode_t mode)
{
	char p[8192];
	int fd;

	snprintf(p, sizeof(p), "%s%s", rootdir, rel);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, data, strlen(data)) != (ssize_t)strlen(data))
		abort();
	close(fd);
	chmod(p, mode);
}

static void
mk(const char *rel)
{
	char p[8192];

	snprintf(p, sizeof(p), "%s%s", rootdir, rel);
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		abort();
}

static void
ln(const char *target, const char *rel)
{
	char p[8192];

	snprintf(p, sizeof(p), "%s%s", rootdir, rel);
	if (symlink(target, p) < 0)
		abort();
}

static int
count_temps(int rootfd, const char *dir)
{
	char **v;
	size_t n, i;
	int c = 0;

	if (safeio_list(rootfd, dir, &v, &n) < 0)
		return -1;
	for (i = 0; i < n; i++)
		c += strncmp(v[i], ".#", 2) == 0;
	strvec_free(v, n);
	return c;
}

/* 1. old bytes or complete new ones; no temporaries */
static void
test_write(struct check_count *cc, int rootfd)
{
	struct stat st;
	char *buf;
	size_t len;

	mk("/etc");
	CHECK_RC(cc, safeio_write(rootfd, "/etc/a.json", "{}\n", 3, getuid(), getgid(), 0644), 1);
	CHECK_RC(cc, safeio_read(rootfd, "/etc/a.json", 100, &buf, &len, &st), 0);
	CHECK(cc, len == 3 && memcmp(buf, "{}\n", 3) == 0 && (st.st_mode & 07777) == 0644);
	free(buf);
	/* same bytes, owner and mode: unchanged, inode kept */
	CHECK_RC(cc, safeio_write(rootfd, "/etc/a.json", "{}\n", 3, getuid(), getgid(), 0644), 0);
	{
		struct stat st2;

		CHECK_RC(cc, safeio_lstat(rootfd, "/etc/a.json", &st2), 0);
		CHECK(cc, st2.st_ino == st.st_ino);
	}
	CHECK_RC(cc, safeio_write(rootfd, "/etc/a.json", "{\"x\":1}\n", 8, getuid(), getgid(), 0640), 1);
	CHECK_RC(cc, safeio_read(rootfd, "/etc/a.json", 100, &buf, &len, &st), 0);
	CHECK(cc, len == 8 && (st.st_mode & 07777) == 0640);
	free(buf);
	CHECK(cc, count_temps(rootfd, "/etc") == 0);
	/* a missing parent is an error, not a mkdir */
	CHECK_RC(cc, safeio_write(rootfd, "/nope/a", "x", 1, getuid(), getgid(), 0644), -ENOENT);
}

/* 2. symlinks, hard links and non-regular files are refused */
static void
test_refuse(struct check_count *cc, int rootfd)
{
	char p[8192], q[8192];
	char *buf = NULL;
	size_t len;

	put("/etc/real", "real\n", 0644);
	ln("real", "/etc/link");
	CHECK_RC(cc, safeio_read(rootfd, "/etc/link", 100, &buf, &len, NULL), -ELOOP);
	CHECK_RC(cc, safeio_write(rootfd, "/etc/link", "x", 1, getuid(), getgid(), 0644), -ELOOP);
	snprintf(p, sizeof(p), "%s/etc/real", rootdir);
	snprintf(q, sizeof(q), "%s/etc/hard", rootdir);
	if (link(p, q) < 0)
		abort();
	CHECK_RC(cc, safeio_read(rootfd, "/etc/hard", 100, &buf, &len, NULL), -EMLINK);
	CHECK_RC(cc, safeio_write(rootfd, "/etc/hard", "x", 1, getuid(), getgid(), 0644), -EMLINK);
	unlink(q);
	snprintf(q, sizeof(q), "%s/etc/fifo", rootdir);
	if (mkfifo(q, 0644) < 0)
		abort();
	/* a FIFO must not block us */
	CHECK_RC(cc, safeio_read(rootfd, "/etc/fifo", 100, &buf, &len, NULL), -EINVAL);
	CHECK_RC(cc, safeio_write(rootfd, "/etc/fifo", "x", 1, getuid(), getgid(), 0644), -EINVAL);
	put("/etc/big", "0123456789", 0644);
	CHECK_RC(cc, safeio_read(rootfd, "/etc/big", 5, &buf, &len, NULL), -EFBIG);
	/* the link target is untouched */
	CHECK_RC(cc, safeio_read(rootfd, "/etc/real", 100, &buf, &len, NULL), 0);
	CHECK(cc, buf != NULL && strcmp(buf, "real\n") == 0);
	free(buf);
}

/* 3. owner and mode: through an fd, only ever removing bits, same inode */
static void
test_perms(struct check_count *cc, int rootfd)
{
	struct stat st, st2;

	put("/etc/p", "p", 0666);
	CHECK_RC(cc, safeio_lstat(rootfd, "/etc/p", &st), 0);
	CHECK_RC(cc, safeio_set_perms(rootfd, "/etc/p", st.st_dev, st.st_ino, S_IFREG,
	    st.st_uid, st.st_gid, 0644), 1);
	CHECK_RC(cc, safeio_lstat(rootfd, "/etc/p", &st2), 0);
	CHECK(cc, (st2.st_mode & 07777) == 0644);
	CHECK_RC(cc, safeio_set_perms(rootfd, "/etc/p", st.st_dev, st.st_ino, S_IFREG,
	    st.st_uid, st.st_gid, 0644), 0);
	/* adding a bit is never done */
	CHECK_RC(cc, safeio_set_perms(rootfd, "/etc/p", st.st_dev, st.st_ino, S_IFREG,
	    st.st_uid, st.st_gid, 0664), -EPERM);
	/* another inode under the same name: refused */
	CHECK_RC(cc, safeio_set_perms(rootfd, "/etc/p", st.st_dev, st.st_ino + 1, S_IFREG,
	    st.st_uid, st.st_gid, 0600), -ESTALE);
	CHECK_RC(cc, safeio_set_perms(rootfd, "/etc/p", st.st_dev, st.st_ino, S_IFDIR,
	    st.st_uid, st.st_gid, 0600), -EINVAL);
	/* a symlink is not followed */
	CHECK_RC(cc, safeio_lstat(rootfd, "/etc/link", &st), 0);
	CHECK_RC(cc, safeio_set_perms(rootfd, "/etc/link", st.st_dev, st.st_ino, S_IFREG,
	    st.st_uid, st.st_gid, 0600), -ELOOP);
	CHECK_RC(cc, safeio_restore_perms(rootfd, "/etc/p", getuid(), getgid(), 0664), 1);
	CHECK_RC(cc, safeio_lstat(rootfd, "/etc/p", &st2), 0);
	CHECK(cc, (st2.st_mode & 07777) == 0664);
}

/* 4. nothing outside the root: symlinks resolve inside it, like a chroot */
static void
test_beneath(struct check_count *cc, int rootfd)
{
	char outside[8192], *buf = NULL, *rp = NULL;
	size_t len;
	struct stat st;

	snprintf(outside, sizeof(outside), "%s/outside", top);
	mk("/../outside");	/* top/outside: not in the root */
	snprintf(outside, sizeof(outside), "%s/outside/secret", top);
	{
		int fd = open(outside, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd < 0 || write(fd, "secret", 6) != 6)
			abort();
		close(fd);
	}
	/* absolute symlink in a parent: /etc/docker -> <top>/outside */
	snprintf(outside, sizeof(outside), "%s/outside", top);
	ln(outside, "/etc/docker");
	CHECK_RC(cc, safeio_read(rootfd, "/etc/docker/secret", 100, &buf, &len, NULL), -ENOENT);
	/* relative escape with ../ stays at the root */
	ln("../../../../../../outside", "/etc/up");
	CHECK_RC(cc, safeio_read(rootfd, "/etc/up/secret", 100, &buf, &len, NULL), -ENOENT);
	CHECK_RC(cc, safeio_read(rootfd, "/../../outside/secret", 100, &buf, &len, NULL), -ENOENT);
	/* an in-root absolute symlink works like merged /usr: /lib -> usr/lib */
	mk("/usr");
	mk("/usr/lib");
	put("/usr/lib/unit", "u", 0644);
	ln("usr/lib", "/lib");
	CHECK_RC(cc, safeio_read(rootfd, "/lib/unit", 100, &buf, &len, NULL), 0);
	free(buf);
	CHECK_RC(cc, safeio_realpath(rootfd, "/lib/unit", &rp), 0);
	CHECK(cc, rp != NULL && strcmp(rp, "/usr/lib/unit") == 0);
	free(rp);
	ln("/etc/loop2", "/etc/loop1");
	ln("/etc/loop1", "/etc/loop2");
	CHECK_RC(cc, safeio_stat(rootfd, "/etc/loop1", &st), -ELOOP);
	CHECK_RC(cc, safeio_lstat(rootfd, "/etc/loop1/x", &st), -ELOOP);
	CHECK_RC(cc, safeio_lstat(rootfd, "/missing/x", &st), -ENOENT);
	CHECK_RC(cc, safeio_mkdirs(rootfd, "/var/backups/x", 0700), 0);
	CHECK_RC(cc, safeio_lstat(rootfd, "/var/backups/x", &st), 0);
	CHECK(cc, S_ISDIR(st.st_mode));
}

static int
suite(struct check_count *cc, const char *label)
{
	char cmd[8300];
	int rootfd;

	strcpy(top, "/tmp/cisharden-safeio-XXXXXX");
	if (mkdtemp(top) == NULL)
		return -1;
	snprintf(rootdir, sizeof(rootdir), "%s/root", top);
	if (mkdir(rootdir, 0755) < 0 ||
	    (rootfd = open(rootdir, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	printf("# %s\n", label);
	test_write(cc, rootfd);
	test_refuse(cc, rootfd);
	test_perms(cc, rootfd);
	test_beneath(cc, rootfd);
	close(rootfd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	return system(cmd) == 0 ? 0 : -1;
}

/* Every invariant holds with openat2(RESOLVE_IN_ROOT) and with the
 * portable component walk that older kernels get. */
int
main(void)
{
	struct check_count cc = { 0 };

	if (suite(&cc, "openat2 where the kernel has it") < 0 ||
	    setenv("CISHARDEN_NO_OPENAT2", "1", 1) < 0 ||
	    suite(&cc, "component walk") < 0)
		cc.failed++;
	return check_done(&cc);
}
