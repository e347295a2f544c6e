/*
 * sandbox.c - Landlock, capabilities and no_new_privs (see sandbox.h).
 *
 * Landlock ABI versions and what this file uses of each (the kernel says
 * its version; a right it does not know is not asked for):
 *   1 (5.13)  file access: execute, read, write, read a directory, make
 *             and remove entries of each type
 *   2 (5.19)  REFER: link or rename across directories (cisharden never
 *             does; handled so that nothing can)
 *   3 (6.2)   TRUNCATE
 *   4 (6.7)   TCP bind and connect: both denied (cisharden speaks only
 *             over unix sockets)
 *   5 (6.10)  IOCTL_DEV: ioctl on devices, denied under --root
 *   6 (6.12)  scopes: abstract unix sockets (and, under --root, signals)
 *             outside the sandbox
 *   7 (6.15)  audit logging of denials: the kernel's defaults kept
 * Landlock does not cover chmod or chown (no access right does), nor
 * files opened before the restriction (stdout, the root and lock fds).
 * Rules are on directories and hold for everything beneath them: a file
 * written atomically needs its directory (temporary, then rename).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/landlock.h>

#include "apply.h"	/* BACKUP_DIR_DEFAULT */
#include "safeio.h"
#include "sandbox.h"

/* The uapi headers of an older distribution stop at an earlier ABI. */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0)
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#endif
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1)
#endif
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif

/* struct landlock_ruleset_attr as of ABI 6; older kernels get a prefix. */
struct ll_attr {
	uint64_t fs, net, scoped;
};

#define FS_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
/* Replacing a file: a temporary made, written, renamed over the old one. */
#define FS_REPLACE (LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_WRITE_FILE | \
	LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE)
/* ... in a directory that may have to be made (and removed on rollback). */
#define FS_REPLACE_MKDIR (FS_REPLACE | LANDLOCK_ACCESS_FS_MAKE_DIR | \
	LANDLOCK_ACCESS_FS_REMOVE_DIR)
#define FS_WRITE (FS_REPLACE_MKDIR | LANDLOCK_ACCESS_FS_MAKE_CHAR | \
	LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | \
	LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM | \
	LANDLOCK_ACCESS_FS_REFER)
#define FS_ALL (FS_WRITE | FS_READ | LANDLOCK_ACCESS_FS_EXECUTE | \
	LANDLOCK_ACCESS_FS_IOCTL_DEV)
/* Rights that can be granted on a file rather than a directory. */
#define FS_FILE (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | \
	LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE | \
	LANDLOCK_ACCESS_FS_IOCTL_DEV)

struct ruleset {
	int fd;
	uint64_t fs;		/* the rights handled: everything else is allowed */
	char **why;
};

static int
fail(char **why, int rc, const char *what)
{
	free(*why);
	if (asprintf(why, "%s: %s", what, strerror(-rc)) < 0)
		*why = NULL;
	return rc;
}

/* --- capabilities ---------------------------------------------------- */

#define CAP(c) (1ULL << (c))
/* Reading and changing any file of the host as root. */
#define CAPS_FILES (CAP(CAP_CHOWN) | CAP(CAP_DAC_OVERRIDE) | \
	CAP(CAP_DAC_READ_SEARCH) | CAP(CAP_FOWNER) | CAP(CAP_FSETID))
/* The live host as well: the kernel's audit rules, dockerd's /proc
 * entries (its environment needs ptrace access), and a dockerd that
 * cisharden itself restarts without systemd. */
#define CAPS_LIVE (CAPS_FILES | CAP(CAP_AUDIT_CONTROL) | CAP(CAP_AUDIT_READ) | \
	CAP(CAP_SYS_PTRACE))

/* Keep only the capabilities in keep: the bounding set (while
 * CAP_SETPCAP allows it), the ambient set, then effective, permitted
 * and inheritable. */
static int
caps_keep(uint64_t keep, char **why)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];
	uint64_t eff;
	int c;

	if (syscall(SYS_capget, &h, d) < 0)
		return fail(why, -errno, "capget");
	eff = d[0].effective | (uint64_t)d[1].effective << 32;
	if (eff & CAP(CAP_SETPCAP))
		for (c = 0; c < 64; c++) {
			if (keep & CAP(c))
				continue;
			if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0) {
				if (errno == EINVAL)
					break;	/* past the kernel's last capability */
				return fail(why, -errno, "dropping a capability from the bounding set");
			}
		}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 &&
	    errno != EINVAL)
		return fail(why, -errno, "clearing the ambient capabilities");
	for (c = 0; c < 2; c++) {
		uint32_t k = (uint32_t)(keep >> (32 * c));

		d[c].effective &= k;
		d[c].permitted &= k;
		d[c].inheritable = 0;
	}
	if (syscall(SYS_capset, &h, d) < 0)
		return fail(why, -errno, "capset");
	return 0;
}

static int
no_new_privs(char **why)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return fail(why, -errno, "PR_SET_NO_NEW_PRIVS");
	return 0;
}

/* --- Landlock -------------------------------------------------------- */

/* The ruleset for this kernel; rs->fd -1 when it has no Landlock. */
static int
ll_new(struct ruleset *rs, uint64_t fs, bool net, uint64_t scoped)
{
	struct ll_attr a = { 0 };
	size_t size = sizeof(a.fs);
	long abi;

	rs->fd = -1;
#ifdef CISHARDEN_TEST_PATH_BUG
	/* the test build's negative control: the planted bug unguarded */
	if (getenv("CISHARDEN_TEST_NO_LANDLOCK") != NULL)
		return 0;
#endif
	abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 0)
		return errno == ENOSYS || errno == EOPNOTSUPP ? 0 :
		    fail(rs->why, -errno, "Landlock version");
	if (abi < 2)
		fs &= ~LANDLOCK_ACCESS_FS_REFER;
	if (abi < 3)
		fs &= ~LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi < 5)
		fs &= ~LANDLOCK_ACCESS_FS_IOCTL_DEV;
	a.fs = fs;
	if (abi >= 4 && net) {
		a.net = LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP;
		size = 2 * sizeof(a.fs);
	}
	if (abi >= 6 && scoped != 0) {
		a.scoped = scoped;
		size = sizeof(a);
	}
	rs->fs = fs;
	if ((rs->fd = (int)syscall(SYS_landlock_create_ruleset, &a, size, 0)) < 0)
		return fail(rs->why, -errno, "landlock_create_ruleset");
	return 0;
}

/* Allow rights beneath the directory or file fd (closed here). */
static int
ll_allow_fd(struct ruleset *rs, int fd, uint64_t rights)
{
	struct landlock_path_beneath_attr pb = { .parent_fd = fd };
	struct stat st;
	int rc = 0;

	if (fstat(fd, &st) < 0)
		rc = -errno;
	else {
		pb.allowed_access = rights & rs->fs &
		    (S_ISDIR(st.st_mode) ? ~0ULL : FS_FILE);
		if (pb.allowed_access != 0 && syscall(SYS_landlock_add_rule,
		    rs->fd, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) < 0)
			rc = -errno;
	}
	close(fd);
	return rc < 0 ? fail(rs->why, rc, "landlock_add_rule") : 0;
}

/* Allow rights beneath dir (a path inside the root, resolved as safeio
 * does), or beneath its nearest ancestor that exists when it does not
 * yet (apply makes the rest). */
static int
ll_allow_in_root(struct ruleset *rs, const struct ctx *ctx, const char *dir,
    uint64_t rights)
{
	char *d = strdup(dir), *slash;
	int fd;

	if (d == NULL)
		return -ENOMEM;
	while ((fd = safeio_open_dir(ctx->rootfd, d)) == -ENOENT &&
	    (slash = strrchr(d, '/')) != NULL && slash != d) {
		*slash = '\0';
		rights |= FS_REPLACE_MKDIR;
	}
	if (fd == -ENOENT && strcmp(d, "/") != 0)
		fd = safeio_open_dir(ctx->rootfd, "/");
	free(d);
	if (fd < 0)
		return fail(rs->why, fd, dir);
	return ll_allow_fd(rs, fd, rights);
}

/* A path on the host, not beneath the root (--report's directory,
 * /dev/null, /proc); nothing when it does not exist. */
static int
ll_allow_host(struct ruleset *rs, const char *path, uint64_t rights)
{
	int fd = open(path, O_PATH | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? 0 : fail(rs->why, -errno, path);
	return ll_allow_fd(rs, fd, rights);
}

/* Every --report FILE: its directory (the file is replaced atomically). */
static int
ll_allow_report(struct ruleset *rs, const struct ctx *ctx)
{
	char *dir, *slash;
	int rc = 0;

	for (size_t i = 0; i < ctx->nreports && rc == 0; i++) {
		if ((dir = strdup(ctx->report_paths[i])) == NULL)
			return -ENOMEM;
		if ((slash = strrchr(dir, '/')) == NULL)
			strcpy(dir, ".");
		else
			slash[slash == dir] = '\0';
		/* an unchanged report is not rewritten: read too */
		rc = ll_allow_host(rs, dir, FS_REPLACE | FS_READ);
		free(dir);
	}
	return rc;
}

static int
ll_restrict(struct ruleset *rs, FILE *msg)
{
	int rc = 0;

	if (rs->fd < 0) {
		fprintf(msg, "cisharden: this kernel has no Landlock: going on "
		    "without the file system sandbox\n");
		return 0;
	}
	if (syscall(SYS_landlock_restrict_self, rs->fd, 0) < 0)
		rc = fail(rs->why, -errno, "landlock_restrict_self");
	close(rs->fd);
	rs->fd = -1;
	return rc;
}

/* --root: everything beneath the root (the backup directory is inside
 * it), the report's directory, and reads of /proc (sanitizers and
 * libc read /proc/self; it holds none of the host's files). */
static int
ll_offline(const struct ctx *ctx, char **why)
{
	struct ruleset rs = { .why = why };
	int rc;

	if ((rc = ll_new(&rs, FS_ALL, true, LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET |
	    LANDLOCK_SCOPE_SIGNAL)) < 0)
		return rc;
	if (rs.fd >= 0 &&
	    ((rc = ll_allow_fd(&rs, openat(ctx->rootfd, ".", O_PATH | O_CLOEXEC), FS_ALL)) < 0 ||
	    (rc = ll_allow_report(&rs, ctx)) < 0 ||
	    (rc = ll_allow_host(&rs, ctx->proc, FS_READ)) < 0)) {
		close(rs.fd);
		return rc;
	}
	return ll_restrict(&rs, ctx->msg);
}

/* The live host after planning: writes only into the directories of the
 * files the plan writes, the backup directory and the report's
 * directory, and to /dev/null (what a child's output goes to). */
static int
ll_live(const struct ctx *ctx, const struct run *run, char **why)
{
	struct ruleset rs = { .why = why };
	size_t i;
	int rc;

	if ((rc = ll_new(&rs, FS_WRITE, true, LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET)) < 0 ||
	    rs.fd < 0)
		return rc < 0 ? rc : ll_restrict(&rs, ctx->msg);
	/* a dry run writes nothing but the report */
	if (ctx->cmd == CMD_APPLY && !ctx->dry_run)
		rc = ll_allow_in_root(&rs, ctx, ctx->backup_dir ? ctx->backup_dir :
		    BACKUP_DIR_DEFAULT, FS_REPLACE_MKDIR);
	for (i = 0; rc >= 0 && !ctx->dry_run && i < run->writes.n; i++) {
		char *dir = strdup(run->writes.v[i]), *slash;

		if (dir == NULL) {
			rc = -ENOMEM;
			break;
		}
		if ((slash = strrchr(dir, '/')) != NULL)
			slash[slash == dir] = '\0';
		rc = ll_allow_in_root(&rs, ctx, dir, FS_REPLACE);
		free(dir);
	}
	if (rc >= 0 && (rc = ll_allow_report(&rs, ctx)) >= 0)
		rc = ll_allow_host(&rs, "/dev/null", LANDLOCK_ACCESS_FS_WRITE_FILE);
	if (rc < 0) {
		close(rs.fd);
		return rc;
	}
	return ll_restrict(&rs, ctx->msg);
}

/* Does the plan restart dockerd? The restart runs as cisharden's child
 * (dockerd's own command line, an init script, or systemctl) and may
 * start dockerd beneath it, which would inherit the sandbox: Landlock,
 * no_new_privs and the bounding set. */
static bool
restarts_dockerd(const struct run *run)
{
	size_t i;

	for (i = 0; run != NULL && i < run->nact; i++)
		if (run->act[i].kind == ACT_RESTART)
			return true;
	return false;
}

int
sandbox_enter(const struct ctx *ctx, const struct run *run,
    enum sandbox_stage stage, char **ret_why)
{
	int rc;

	*ret_why = NULL;
	switch (stage) {
	case SANDBOX_START:
		if (ctx->offline)
			return (rc = no_new_privs(ret_why)) < 0 ||
			    (rc = caps_keep(CAPS_FILES, ret_why)) < 0 ? rc :
			    ll_offline(ctx, ret_why);
		/* --restart-docker may start dockerd itself: wait for the plan */
		if (ctx->restart_docker)
			return 0;
		return (rc = no_new_privs(ret_why)) < 0 ? rc :
		    caps_keep(CAPS_LIVE, ret_why);
	case SANDBOX_PLANNED:
		if (ctx->offline)
			return 0;
		if (restarts_dockerd(run))
			return 0;	/* until the report: see restarts_dockerd */
		return (rc = no_new_privs(ret_why)) < 0 ||
		    (rc = caps_keep(CAPS_LIVE & ~CAP(CAP_AUDIT_READ), ret_why)) < 0 ? rc :
		    ll_live(ctx, run, ret_why);
	case SANDBOX_REPORT:
		return (rc = no_new_privs(ret_why)) < 0 ? rc : caps_keep(0, ret_why);
	}
	return -EINVAL;
}
