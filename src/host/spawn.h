/*
 * spawn.h - running a helper program and capturing its output.
 *
 * Owns: every process cisharden starts or signals: the one runner that
 * captures output (dockerd --version and --validate, systemctl, rpm),
 * the detached start of dockerd when no systemd runs it (restart.c),
 * signals to it, the lookup in $PATH, and the memfd a child reads its
 * input from. Never: a shell; argv[0] is an absolute path.
 */
#ifndef CISHARDEN_SPAWN_H
#define CISHARDEN_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ctx.h"

/* Run argv (absolute path) with stdin from /dev/null, capture stdout
 * and stderr (at most 64 KiB), kill after timeout_s. extra_fd, when
 * >= 0, stays open in the child. Returns the exit status (0-255), or
 * -errno; 128+signal when killed. */
int spawn_run(char *const *argv, int extra_fd, int timeout_s,
    char **ret_out) WUR;

/* The absolute path of prog in $PATH (executable), malloc'd, or NULL. */
char *spawn_in_path(const char *prog);
/* Start exe detached: its own session, stdin /dev/null, stdout and
 * stderr to logfd, cwd /, umask mask (unless < 0), environment envp
 * (NULL: ours). Returns the child's pid or -errno. */
pid_t spawn_detached(const char *exe, char *const *argv, char *const *envp,
    int mask, int logfd) WUR;
/* Does pid exist? */
bool spawn_alive(pid_t pid);
/* Send sig to pid: 0 (also when it is gone already) or -errno. */
int spawn_signal(pid_t pid, int sig);
/* An anonymous in-memory file holding data, for a child to read through
 * /proc/self/fd/N: the fd, or -errno. */
int spawn_memfd(const char *name, const void *data, size_t len) WUR;

#endif
