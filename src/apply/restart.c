/*
 * restart.c - restart dockerd and roll daemon.json back if it stays down.
 *
 * With systemd as the service manager, "systemctl restart docker" is
 * the only right way (systemd owns the process, its cgroup and socket
 * activation). Without it, dockerd was started by hand or by an init
 * script: it is stopped with SIGTERM and started again, detached in its
 * own session, with exactly the argv it was running with, so the
 * restart changes nothing but what daemon.json says.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dockerapi.h"
#include "dflags.h"
#include "procfs.h"
#include "strv.h"
#include "unitfile.h"
#include "restart.h"
#include "safeio.h"
#include "spawn.h"

/* How dockerd is started again: systemctl, or the running daemon's own
 * command line, environment and umask, read before it is stopped. */
struct restart_cmd {
	bool systemd;
	char *exe;
	char **argv;
	size_t argc;
	char **envp;		/* the daemon's own environment, or NULL */
	size_t nenv;
	int umask;		/* -1 when /proc does not say */
};

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int
run_prog(const char *prog, const char *a1, const char *a2, const char *a3,
    const char *a4, int timeout_s, char **ret_out)
{
	char *path = spawn_in_path(prog);
	char *argv[] = { path, (char *)a1, (char *)a2, (char *)a3, (char *)a4,
	    NULL };
	int rc;

	if (path == NULL) {
		if (ret_out != NULL && asprintf(ret_out, "%s not found in PATH",
		    prog) < 0)
			*ret_out = NULL;
		return -ENOENT;
	}
	rc = spawn_run(argv, -1, timeout_s, ret_out);
	free(path);
	return rc;
}

/* Wait until the Engine API answers, the started child exits (child >
 * 0) or timeout_s passes. 0 when it answers. */
static int
wait_ping(const struct ctx *ctx, pid_t child, int timeout_s)
{
	struct timespec t0, t1;
	char *err = NULL;
	int st;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (dockerapi_ping(ctx->docker_sock, &err) == 0)
			return 0;
		free(err);
		err = NULL;
		if (child > 0 && waitpid(child, &st, WNOHANG) == child)
			return -ECHILD;	/* dockerd exited: it refused to start */
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (t1.tv_sec - t0.tv_sec >= timeout_s)
			return -ETIMEDOUT;
		sleep_ms(250);
	}
}

/* Wait for pid to be gone (or a zombie of someone else). */
static int
wait_gone(const struct ctx *ctx, pid_t pid, int timeout_s)
{
	pid_t now;
	int k;

	for (k = 0; k < timeout_s * 5; k++) {
		if (!spawn_alive(pid))
			return 0;
		if (procfs_find_pid(ctx, "dockerd", &now) == 0 && now != pid)
			return 0;
		sleep_ms(200);
	}
	return -ETIMEDOUT;
}

static int
open_log(const struct ctx *ctx, off_t *ret_off)
{
	/* dockerd's output when cisharden starts it; a log, not a config
	 * file, and only ever on the live root */
	return safeio_open_log(ctx->rootfd, RESTART_LOG, 0600, ret_off);
}

/* Start dockerd detached (spawn_detached): own session, stdin
 * /dev/null, output to the log. Returns the child's pid. */
static pid_t
start_dockerd(const struct ctx *ctx, const struct restart_cmd *pc, off_t *ret_off)
{
	int logfd;
	pid_t pid;

	if ((logfd = open_log(ctx, ret_off)) < 0)
		return logfd;
	pid = spawn_detached(pc->exe, pc->argv, pc->envp, pc->umask, logfd);
	close(logfd);
	return pid;
}

/* The last lines dockerd wrote to the log since off (its own error). */
static char *
log_tail(const struct ctx *ctx, off_t off)
{
	char *buf = NULL, *s, *p;
	size_t n;

	if (safeio_read_tail(ctx->rootfd, RESTART_LOG, off, 4095, &buf, &n) < 0)
		return strdup("(no dockerd log)");
	if (n == 0) {
		free(buf);
		return strdup("(dockerd wrote nothing)");
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	/* dockerd prints its fatal error last, without a logrus prefix;
	 * if the last line is routine logging, the last error line */
	p = strrchr(buf, '\n');
	p = p ? p + 1 : buf;
	if (strstr(p, "level=info") != NULL || strstr(p, "level=debug") != NULL ||
	    strstr(p, "level=warning") != NULL) {
		char *q = buf, *e, *best = NULL;

		/* lines end at '\n'; cut each before looking into it */
		while (q < p) {
			e = strchr(q, '\n');
			*e = '\0';
			if (strstr(q, "level=error") != NULL ||
			    strstr(q, "level=fatal") != NULL)
				best = q;
			*e = '\n';
			q = e + 1;
		}
		if (best != NULL)
			p = best;
	}
	s = strndup(p, strcspn(p, "\n"));
	free(buf);
	return s;
}

void
restart_cmd_free(struct restart_cmd *pc)
{
	if (pc == NULL)
		return;
	free(pc->exe);
	strvec_free(pc->argv, pc->argc);
	strvec_free(pc->envp, pc->nenv);
	free(pc);
}

/* "Umask:\t0022" from <proc>/PID/status (Linux 4.7+), or -1. */
static int
read_umask(const struct ctx *ctx, pid_t pid)
{
	char rel[64], *buf = NULL, *p;
	unsigned int m;
	size_t len;
	int um = -1;

	snprintf(rel, sizeof(rel), "%d/status", (int)pid);
	if (procfs_read(ctx, rel, 1u << 16, &buf, &len) < 0)
		return -1;
	if ((p = strstr(buf, "\nUmask:")) != NULL && sscanf(p + 1, "Umask: %o", &m) == 1)
		um = (int)(m & 0777);
	free(buf);
	return um;
}

static int
read_cmd(const struct ctx *ctx, pid_t pid, struct restart_cmd *pc)
{
	int rc;

	pc->umask = -1;
	if ((rc = procfs_read_strv(ctx, pid, "cmdline", &pc->argv, &pc->argc)) < 0)
		return rc;
	/* start it again as it was: same environment and umask */
	if (procfs_read_strv(ctx, pid, "environ", &pc->envp, &pc->nenv) < 0)
		pc->envp = NULL;
	pc->umask = read_umask(ctx, pid);
	/* an upgraded binary: exec the new file */
	return procfs_exe(ctx, pid, true, &pc->exe);
}

/* One restart attempt. *ret_why gets dockerd's error on failure. */
int
restart_once(const struct ctx *ctx, const struct restart_cmd *pc, char **ret_why)
{
	char *out = NULL;
	pid_t pid, child;
	off_t off = 0;
	int rc;

	*ret_why = NULL;
	if (pc->systemd) {
		rc = run_prog("systemctl", "restart", "docker", NULL, NULL,
		    RESTART_TIMEOUT + 30, &out);
		if (rc == 0)
			rc = wait_ping(ctx, 0, RESTART_TIMEOUT);
		else if (rc > 0)
			rc = -EIO;
		if (rc < 0) {
			free(out);
			out = NULL;
			/* dockerd's own error is in the journal */
			if (run_prog("journalctl", "-udocker", "-n8", "-ocat",
			    "--no-pager", 20, &out) < 0) {
				free(out);
				out = NULL;
			}
			/* one line for the report */
			for (char *c = out; c != NULL && *c != '\0'; c++)
				if (*c == '\n')
					*c = c[1] != '\0' ? ';' : '\0';
			*ret_why = out;
			return rc;
		}
		free(out);
		return 0;
	}
	if (procfs_find_pid(ctx, "dockerd", &pid) == 0 && pid > 0) {
		if ((rc = spawn_signal(pid, SIGTERM)) < 0)
			return rc;
		if ((rc = wait_gone(ctx, pid, 45)) < 0) {
			*ret_why = strdup("dockerd did not stop within 45 s of SIGTERM");
			return rc;
		}
	}
	if ((child = start_dockerd(ctx, pc, &off)) < 0)
		return (int)child;
	if ((rc = wait_ping(ctx, child, RESTART_TIMEOUT)) < 0) {
		if (rc == -ETIMEDOUT) {
			/* hung, not answering: stop it before rolling back */
			(void)spawn_signal(child, SIGTERM);
			sleep_ms(2000);
			(void)waitpid(child, NULL, WNOHANG);
		}
		*ret_why = log_tail(ctx, off);
	}
	return rc;
}

int
restart_prepare(const struct ctx *ctx, const struct action *a,
    struct restart_cmd **ret, char **ret_err)
{
	struct restart_cmd *pc;
	pid_t pid = 0;
	int rc;

	*ret_err = NULL;
	if ((pc = calloc(1, sizeof(*pc))) == NULL)
		return -ENOMEM;
	pc->systemd = a->systemd;
	pc->umask = -1;
	if (!pc->systemd) {
		/* remember how the running daemon was started before it
		 * is stopped: that is also how it is started again */
		if ((rc = procfs_find_pid(ctx, "dockerd", &pid)) < 0 || pid == 0) {
			if (asprintf(ret_err, "no running dockerd to restart") < 0)
				*ret_err = NULL;
			restart_cmd_free(pc);
			return rc < 0 ? rc : -ESRCH;
		}
		if ((rc = read_cmd(ctx, pid, pc)) < 0) {
			if (asprintf(ret_err, "cannot read dockerd's command "
			    "line from %s/%d: %s", ctx->proc, (int)pid,
			    strerror(-rc)) < 0)
				*ret_err = NULL;
			restart_cmd_free(pc);
			return rc;
		}
	}
	*ret = pc;
	return 0;
}

void
restart_reset_failed(const struct restart_cmd *pc)
{
	/* systemd may have given up (StartLimitBurst): let it try again */
	if (pc->systemd)
		(void)run_prog("systemctl", "reset-failed", "docker", NULL, NULL,
		    20, NULL);
}

int
restart_daemon_reload(char **ret_err)
{
	int rc = run_prog("systemctl", "daemon-reload", NULL, NULL, NULL, 60,
	    ret_err);

	if (rc == 0) {
		free(*ret_err);
		*ret_err = NULL;
		return 0;
	}
	return rc < 0 ? rc : -EIO;
}
