/*
 * test_sandbox.c - what the kernel lets a sandboxed cisharden do, one
 * forked child per stage (a sandbox cannot be left again):
 *  - under --root (SANDBOX_START): write and read beneath the root and
 *    the --report directory; nothing outside (EACCES), no exec, no TCP;
 *    no_new_privs set, only the file capabilities left;
 *  - on a live host once the plan is made (SANDBOX_PLANNED): write only
 *    into the directory of a planned file, the backup directory, the
 *    report's and /dev/null; read anywhere;
 *  - before the report (SANDBOX_REPORT): no capability left.
 * Skips (77) when the kernel has no Landlock.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/landlock.h>

#include "check.h"
#include "model.h"
#include "sandbox.h"
#include "strv.h"

static struct check_count cc;
static char tmp[] = "/tmp/test_sandbox.XXXXXX";

static void
mk(const char *rel, bool dir)
{
	char p[512];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	if (dir ? mkdir(p, 0755) < 0 :
	    (fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0 || close(fd) < 0) {
		perror(p);
		exit(2);
	}
}

/* Open tmp/rel for writing (creating it) or reading: 0 or -errno. */
static int
try_open(const char *rel, bool write)
{
	char p[512];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	fd = open(p, write ? O_WRONLY | O_CREAT | O_CLOEXEC : O_RDONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int
try_mkdir(const char *rel)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	return mkdir(p, 0755) < 0 ? -errno : 0;
}

static unsigned long long
cap_eff(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return ~0ULL;
	return d[0].effective | (unsigned long long)d[1].effective << 32;
}

static int
tcp_connect(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(9),
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), rc;

	if (fd < 0)
		return -errno;
	rc = connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ? -errno : 0;
	close(fd);
	return rc;
}

/* Does the kernel refuse to execute argv[0] (in a child of its own)? */
static bool
exec_refused(char *const *argv)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		execv(argv[0], argv);
		_exit(errno == EACCES ? 42 : 1);
	}
	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 42;
}

/* Run fn in a child; its failed checks are the child's exit status. */
static void
in_child(void (*fn)(struct check_count *), const char *what)
{
	struct check_count c = { 0 };
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		fn(&c);
		fflush(stderr);
		_exit(c.failed > 100 ? 100 : c.failed);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st)) {
		fprintf(stderr, "%s: the child did not exit\n", what);
		cc.failed++;
		return;
	}
	if (WEXITSTATUS(st) != 0)
		fprintf(stderr, "%s: %d checks failed in the child\n", what, WEXITSTATUS(st));
	CHECK(&cc, WEXITSTATUS(st) == 0);
}

static struct ctx
make_ctx(const char *root_rel, bool offline)
{
	static char root[512], report[512];
	struct ctx c = { .proc = "/proc", .msg = stderr, .out = stdout,
	    .cmd = CMD_APPLY, .offline = offline };

	snprintf(root, sizeof(root), "%s/%s", tmp, root_rel);
	snprintf(report, sizeof(report), "%s/rep/report.json", tmp);
	c.root = root;
	c.reports[0] = c.report_paths[0] = report;
	c.nreports = 1;
	if ((c.rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		exit(2);
	return c;
}

static void
offline_child(struct check_count *c)
{
	struct ctx ctx = make_ctx("root", true);
	char *why = NULL;
	char *const argv[] = { "/bin/true", NULL };

	CHECK_RC(c, sandbox_enter(&ctx, NULL, SANDBOX_START, &why), 0);
	CHECK(c, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
	/* CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER, FSETID at most */
	CHECK(c, (cap_eff() & ~0x1fULL) == 0);
	CHECK_RC(c, try_open("root/etc/new", true), 0);
	CHECK_RC(c, try_open("root/etc/old", false), 0);
	CHECK_RC(c, try_open("rep/new", true), 0);
	/* an existing report is read: it is not rewritten when unchanged */
	CHECK_RC(c, try_open("rep/old", false), 0);
	CHECK_RC(c, try_open("outside/new", true), -EACCES);
	CHECK_RC(c, try_open("outside/old", false), -EACCES);
	CHECK_RC(c, try_open("outside/old", true), -EACCES);
	CHECK(c, exec_refused(argv));
	if (syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION) >= 4)
		CHECK_RC(c, tcp_connect(), -EACCES);
	CHECK_RC(c, sandbox_enter(&ctx, NULL, SANDBOX_REPORT, &why), 0);
	CHECK(c, cap_eff() == 0);
	free(why);
}

static void
live_child(struct check_count *c)
{
	struct ctx ctx = make_ctx("live", false);
	struct run run;
	char *why = NULL;

	memset(&run, 0, sizeof(run));
	if (strv_add(&run.writes, "/etc/docker/daemon.json") < 0 ||
	    strv_add(&run.writes, "/etc/systemd/system/docker.socket.d/50-cisharden.conf") < 0)
		exit(2);
	CHECK_RC(c, sandbox_enter(&ctx, NULL, SANDBOX_START, &why), 0);
	CHECK(c, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
	CHECK_RC(c, sandbox_enter(&ctx, &run, SANDBOX_PLANNED, &why), 0);
	if (why != NULL)
		fprintf(stderr, "sandbox: %s\n", why);
	/* the planned file's directory, the one to be made (from its
	 * nearest existing ancestor), the backup directory, the report's */
	CHECK_RC(c, try_open("live/etc/docker/.#daemon.json.12345678", true), 0);
	CHECK_RC(c, try_mkdir("live/etc/systemd/system/docker.socket.d"), 0);
	CHECK_RC(c, try_open("live/var/backups/cisharden/manifest.json", true), 0);
	CHECK_RC(c, try_open("rep/new", true), 0);
	CHECK(c, open("/dev/null", O_WRONLY | O_CLOEXEC) >= 0);
	/* nothing else is written; everything can be read */
	CHECK_RC(c, try_open("live/etc/passwd", true), -EACCES);
	CHECK_RC(c, try_open("live/etc/new", true), -EACCES);
	CHECK_RC(c, try_open("outside/new", true), -EACCES);
	CHECK_RC(c, try_open("live/etc/passwd", false), 0);
	CHECK_RC(c, try_open("outside/old", false), 0);
	CHECK_RC(c, sandbox_enter(&ctx, NULL, SANDBOX_REPORT, &why), 0);
	CHECK(c, cap_eff() == 0);
	strv_free(&run.writes);
	free(why);
}

int
main(void)
{
	static const char *const dirs[] = { "root", "root/etc", "rep", "outside",
	    "live", "live/etc", "live/etc/docker", "live/etc/systemd",
	    "live/etc/systemd/system", "live/var", "live/var/backups",
	    "live/var/backups/cisharden" };

	if (syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION) < 1) {
		printf("SKIP: this kernel has no Landlock\n");
		return 77;
	}
	if (mkdtemp(tmp) == NULL)
		return 2;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		mk(dirs[i], true);
	mk("root/etc/old", false);
	mk("outside/old", false);
	mk("rep/old", false);
	mk("live/etc/passwd", false);
	in_child(offline_child, "--root");
	in_child(live_child, "live host");
	return check_done(&cc);
}
