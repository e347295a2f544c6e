/*
 * spawn.c - see spawn.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
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

