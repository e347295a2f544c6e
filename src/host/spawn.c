/*
 * spawn.c - see spawn.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spawn.h"

int
spawn_run(char *const *argv, int extra_fd, int timeout_s, char **ret_out)
{
	int pfd[2], status, rc = 0;
	char *out = NULL, *nb;
	size_t len = 0, cap = 0;
	struct timespec t0, t1;
	pid_t pid;

	if (ret_out != NULL)
		*ret_out = NULL;
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	if ((pid = fork()) < 0) {
		rc = -errno;
		close(pfd[0]);
		close(pfd[1]);
		return rc;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		if (extra_fd >= 0)
			fcntl(extra_fd, F_SETFD, 0);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = { .fd = pfd[0], .events = POLLIN };
		ssize_t r;

		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (t1.tv_sec - t0.tv_sec >= timeout_s) {
			kill(pid, SIGKILL);
			break;
		}
		if (poll(&p, 1, 1000) <= 0)
			continue;
		if (len + 4096 + 1 > cap) {
			size_t ncap = cap ? cap * 2 : 8192;

			if (ncap > 65536 + 8192)
				ncap = cap;	/* keep draining, stop storing */
			if (ncap > cap && (nb = realloc(out, ncap)) != NULL) {
				out = nb;
				cap = ncap;
			}
		}
		if (len + 4096 + 1 <= cap)
			r = read(pfd[0], out + len, 4096);
		else {
			char junk[4096];

			r = read(pfd[0], junk, sizeof(junk));
			if (r > 0)
				continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			free(out);
			return -errno;
		}
	if (out != NULL)
		out[len] = '\0';
	if (ret_out != NULL)
		*ret_out = out ? out : strdup("");
	else
		free(out);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}


/* The absolute path of prog in $PATH. */
char *
spawn_in_path(const char *prog)
{
	const char *path = getenv("PATH"), *p;
	char buf[4096];

	if (path == NULL)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (p = path; *p != '\0';) {
		size_t n = strcspn(p, ":");

		if (n > 0 && n + strlen(prog) + 2 < sizeof(buf)) {
			snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, p, prog);
			if (access(buf, X_OK) == 0)
				return strdup(buf);
		}
		p += n;
		if (*p == ':')
			p++;
	}
	return NULL;
}

pid_t
spawn_detached(const char *exe, char *const *argv, char *const *envp,
    int mask, int logfd)
{
	int devnull;
	pid_t pid;

	if ((pid = fork()) < 0)
		return -errno;
	if (pid == 0) {
		if (setsid() < 0)
			_exit(126);
		if ((devnull = open("/dev/null", O_RDONLY)) >= 0)
			dup2(devnull, 0);
		dup2(logfd, 1);
		dup2(logfd, 2);
		if (chdir("/") < 0)
			_exit(126);
		signal(SIGPIPE, SIG_DFL);
		if (mask >= 0)
			umask((mode_t)mask);
		if (envp != NULL)
			execve(exe, argv, envp);
		else
			execv(exe, argv);
		_exit(127);
	}
	return pid;
}

bool
spawn_alive(pid_t pid)
{
	return !(kill(pid, 0) < 0 && errno == ESRCH);
}

int
spawn_signal(pid_t pid, int sig)
{
	return kill(pid, sig) < 0 && errno != ESRCH ? -errno : 0;
}

int
spawn_memfd(const char *name, const void *data, size_t len)
{
	int fd;

	if ((fd = memfd_create(name, MFD_CLOEXEC)) < 0)
		return -errno;
	if (write(fd, data, len) != (ssize_t)len) {
		close(fd);
		return -EIO;
	}
	return fd;
}
