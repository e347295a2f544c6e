/*
 * inject.c - LD_PRELOAD fault injection for the cisharden robustness tests.
 *
 * Makes the Nth call of a chosen libc file function fail with a chosen
 * errno, or kills the process with SIGKILL right before or right after
 * that call. Test-only code: it is never linked into the product.
 *
 *   CISHARDEN_FAULT="call:ACTION:N[+][,call:ACTION:N[+]...]"
 *     call    write fsync close openat openw mkdirat renameat rename
 *             linkat unlinkat fchown fchownat fchmod chmod fchmodat
 *             fchmodat2 (the raw syscall(SYS_fchmodat2, ...), Linux 6.6+)
 *             ("openw" counts only the openat/open calls that create or
 *             open for writing; "openat" counts every openat/open)
 *     ACTION  an errno name (ENOSPC EIO EDQUOT EXDEV EPERM EACCES EROFS
 *             ENOENT EMFILE ENOMEM EINTR EBUSY ENOSYS), KILL (SIGKILL
 *             instead of the call), KILLAFTER (SIGKILL once the real call returned) or
 *             STOP (SIGSTOP, then the call runs once continued)
 *     N       the 1-based call to hit; "N+" hits that call and every later one
 *   CISHARDEN_FAULT_LOG=FILE     one line "call N ACTION path" per injection
 *   CISHARDEN_FAULT_COUNT=FILE   at exit, one line "call count" per call kind
 *
 * Counting is per process; cisharden under --root never forks.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

enum call {
	C_WRITE, C_FSYNC, C_CLOSE, C_OPENAT, C_OPENW, C_MKDIRAT, C_RENAMEAT,
	C_RENAME, C_LINKAT, C_UNLINKAT, C_FCHOWN, C_FCHOWNAT, C_FCHMOD,
	C_CHMOD, C_FCHMODAT, C_FCHMODAT2, C__MAX
};

static const char *const call_names[C__MAX] = {
	"write", "fsync", "close", "openat", "openw", "mkdirat", "renameat",
	"rename", "linkat", "unlinkat", "fchown", "fchownat", "fchmod",
	"chmod", "fchmodat", "fchmodat2",
};

static const struct {
	const char *name;
	int err;
} errnos[] = {
	{ "ENOSPC", ENOSPC }, { "EIO", EIO }, { "EDQUOT", EDQUOT },
	{ "EXDEV", EXDEV }, { "EPERM", EPERM }, { "EACCES", EACCES },
	{ "EROFS", EROFS }, { "ENOENT", ENOENT }, { "EMFILE", EMFILE },
	{ "ENOMEM", ENOMEM }, { "EINTR", EINTR }, { "EBUSY", EBUSY },
	{ "ENOSYS", ENOSYS },
};

#define ACT_KILL	(-1)
#define ACT_KILLAFTER	(-2)
#define ACT_STOP	(-3)
#define MAX_SPECS	8

struct spec {
	enum call call;
	int action;		/* errno > 0, ACT_KILL, ACT_KILLAFTER */
	unsigned long n;
	int sticky;		/* "N+" */
};

/* The shim's own state: test-only, one process, no threads. */
static struct spec specs[MAX_SPECS];
static int nspecs = -1;
static unsigned long counts[C__MAX];

/* The log and count files, opened when the shim loads: cisharden's
 * Landlock sandbox (src/host/sandbox.c) refuses to open them later, but
 * not to write to what is already open. */
static int out_fd[2] = { -1, -1 };
static int outputs_open;
static const char *const out_env[2] = { "CISHARDEN_FAULT_LOG", "CISHARDEN_FAULT_COUNT" };

/* At load, or at the first hit when that comes first (a call made by
 * another library's constructor). */
__attribute__((constructor)) static void
open_outputs(void)
{
	int i;

	if (outputs_open)
		return;
	outputs_open = 1;
	for (i = 0; i < 2; i++)
		if (getenv(out_env[i]) != NULL)
			out_fd[i] = (int)syscall(SYS_openat, AT_FDCWD, getenv(out_env[i]),
			    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

/* Write to a file without going through our own write() wrapper. */
static void
raw_append(int which, const char *text)
{
	open_outputs();
	if (out_fd[which] >= 0)
		(void)syscall(SYS_write, out_fd[which], text, strlen(text));
}

static int
parse_action(const char *s)
{
	size_t i;

	if (strcmp(s, "KILL") == 0)
		return ACT_KILL;
	if (strcmp(s, "KILLAFTER") == 0)
		return ACT_KILLAFTER;
	if (strcmp(s, "STOP") == 0)
		return ACT_STOP;
	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (strcmp(s, errnos[i].name) == 0)
			return errnos[i].err;
	return 0;
}

static void
parse_specs(void)
{
	const char *env = getenv("CISHARDEN_FAULT");
	char buf[512], *tok, *save = NULL;

	nspecs = 0;
	if (env == NULL || *env == '\0')
		return;
	snprintf(buf, sizeof(buf), "%s", env);
	for (tok = strtok_r(buf, ",", &save); tok != NULL && nspecs < MAX_SPECS;
	    tok = strtok_r(NULL, ",", &save)) {
		char *c1 = strchr(tok, ':'), *c2, *end;
		struct spec *sp = &specs[nspecs];
		int k;

		if (c1 == NULL || (c2 = strchr(c1 + 1, ':')) == NULL)
			goto bad;
		*c1 = *c2 = '\0';
		for (k = 0; k < C__MAX && strcmp(call_names[k], tok) != 0; k++)
			;
		if (k == C__MAX || (sp->action = parse_action(c1 + 1)) == 0)
			goto bad;
		sp->call = (enum call)k;
		sp->n = strtoul(c2 + 1, &end, 10);
		sp->sticky = *end == '+';
		if (sp->n == 0 || (*end != '\0' && strcmp(end, "+") != 0))
			goto bad;
		nspecs++;
	}
	return;
bad:
	/* A typo must not silently test nothing. */
	(void)syscall(SYS_write, 2, "inject: bad CISHARDEN_FAULT\n", 28);
	_exit(99);
}

static const char *
action_name(int action)
{
	size_t i;

	if (action == ACT_KILL)
		return "KILL";
	if (action == ACT_KILLAFTER)
		return "KILLAFTER";
	if (action == ACT_STOP)
		return "STOP";
	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].err == action)
			return errnos[i].name;
	return "?";
}

static void
log_hit(enum call c, unsigned long n, int action, const char *path)
{
	char line[512];

	open_outputs();
	if (out_fd[0] < 0)
		return;
	snprintf(line, sizeof(line), "%s %lu %s %s\n", call_names[c], n,
	    action_name(action), path ? path : "-");
	raw_append(0, line);
}

/*
 * Count a call of kind c; returns 0 to let it run, an errno to fail it,
 * or ACT_KILLAFTER to run it and then die. ACT_KILL never returns.
 */
static int
fault(enum call c, const char *path)
{
	unsigned long n;
	int i;

	if (nspecs < 0)
		parse_specs();
	n = ++counts[c];
	for (i = 0; i < nspecs; i++) {
		struct spec *sp = &specs[i];

		if (sp->call != c || n < sp->n || (n > sp->n && !sp->sticky))
			continue;
		log_hit(c, n, sp->action, path);
		if (sp->action == ACT_KILL)
			raise(SIGKILL);
		if (sp->action == ACT_STOP) {
			raise(SIGSTOP);	/* the test sends SIGCONT */
			return 0;
		}
		return sp->action;
	}
	return 0;
}

static long
after(int f, long rc)
{
	if (f == ACT_KILLAFTER)
		raise(SIGKILL);
	return rc;
}

#define NEXT(name) \
	static __typeof__(name) *real; \
	if (real == NULL) \
		real = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

#define FAIL_OR_RUN(c, path, expr) do { \
	int f_ = fault(c, path); \
	if (f_ > 0) { \
		errno = f_; \
		return -1; \
	} \
	return after(f_, (expr)); \
} while (0)

__attribute__((destructor)) static void
report_counts(void)
{
	char line[64];
	int k;

	for (k = 0; k < C__MAX; k++) {
		snprintf(line, sizeof(line), "%s %lu\n", call_names[k], counts[k]);
		raw_append(1, line);
	}
}

/* Exit paths that skip destructors still need the counts (exit() runs them). */

ssize_t
write(int fd, const void *buf, size_t len)
{
	NEXT(write);
	int f = fault(C_WRITE, NULL);

	if (f > 0) {
		errno = f;
		return -1;
	}
	return (ssize_t)after(f, real(fd, buf, len));
}

int
fsync(int fd)
{
	NEXT(fsync);
	FAIL_OR_RUN(C_FSYNC, NULL, real(fd));
}

int
close(int fd)
{
	NEXT(close);
	int f = fault(C_CLOSE, NULL);

	if (f > 0) {
		/* Linux closes the fd even when close() reports an error. */
		(void)real(fd);
		errno = f;
		return -1;
	}
	return (int)after(f, real(fd));
}

static int
open_common(int dirfd, const char *path, int flags, mode_t mode, int at)
{
	static int (*real_openat)(int, const char *, int, ...);
	static int (*real_open)(const char *, int, ...);
	int f, f2 = 0;

	if (real_openat == NULL) {
		real_openat = (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat");
		real_open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	}
	f = fault(C_OPENAT, path);
	if (f == 0 && (flags & (O_CREAT | O_WRONLY | O_RDWR)) != 0 &&
	    (flags & O_PATH) == 0)
		f2 = fault(C_OPENW, path);
	if (f == 0)
		f = f2;
	if (f > 0) {
		errno = f;
		return -1;
	}
	return (int)after(f, at ? real_openat(dirfd, path, flags, mode) :
	    real_open(path, flags, mode));
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return open_common(dirfd, path, flags, mode, 1);
}

int openat64(int, const char *, int, ...) __attribute__((alias("openat")));

int
open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return open_common(AT_FDCWD, path, flags, mode, 0);
}

int open64(const char *, int, ...) __attribute__((alias("open")));

int
mkdirat(int dirfd, const char *path, mode_t mode)
{
	NEXT(mkdirat);
	FAIL_OR_RUN(C_MKDIRAT, path, real(dirfd, path, mode));
}

int
renameat(int ofd, const char *o, int nfd, const char *n)
{
	NEXT(renameat);
	FAIL_OR_RUN(C_RENAMEAT, n, real(ofd, o, nfd, n));
}

int
rename(const char *o, const char *n)
{
	NEXT(rename);
	FAIL_OR_RUN(C_RENAME, n, real(o, n));
}

int
linkat(int ofd, const char *o, int nfd, const char *n, int flags)
{
	NEXT(linkat);
	FAIL_OR_RUN(C_LINKAT, n, real(ofd, o, nfd, n, flags));
}

int
unlinkat(int dirfd, const char *path, int flags)
{
	NEXT(unlinkat);
	FAIL_OR_RUN(C_UNLINKAT, path, real(dirfd, path, flags));
}

int
fchown(int fd, uid_t uid, gid_t gid)
{
	NEXT(fchown);
	FAIL_OR_RUN(C_FCHOWN, NULL, real(fd, uid, gid));
}

int
fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
	NEXT(fchownat);
	FAIL_OR_RUN(C_FCHOWNAT, path, real(dirfd, path, uid, gid, flags));
}

int
fchmod(int fd, mode_t mode)
{
	NEXT(fchmod);
	FAIL_OR_RUN(C_FCHMOD, NULL, real(fd, mode));
}

int
chmod(const char *path, mode_t mode)
{
	NEXT(chmod);
	FAIL_OR_RUN(C_CHMOD, path, real(path, mode));
}

int
fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	NEXT(fchmodat);
	FAIL_OR_RUN(C_FCHMODAT, path, real(dirfd, path, mode, flags));
}

/* syscall(2) itself: only fchmodat2 is counted (no libc wrapper for it
 * in glibc 2.36 or musl); every other number goes straight through. */
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
long
syscall(long nr, ...)
{
	NEXT(syscall);
	long a[6];
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == SYS_fchmodat2)
		FAIL_OR_RUN(C_FCHMODAT2, (const char *)a[1],
		    real(nr, a[0], a[1], a[2], a[3], a[4], a[5]));
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}
