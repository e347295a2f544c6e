/*
 * spawn.h - running a helper program and capturing its output.
 *
 * Owns: the one process runner (dockerd --version and --validate,
 * systemctl, rpm). Never: a shell; argv[0] is an absolute path.
 */
#ifndef CISHARDEN_SPAWN_H
#define CISHARDEN_SPAWN_H

#include "ctx.h"

/* Run argv (absolute path) with stdin from /dev/null, capture stdout
 * and stderr (at most 64 KiB), kill after timeout_s. extra_fd, when
 * >= 0, stays open in the child. Returns the exit status (0-255), or
 * -errno; 128+signal when killed. */
int spawn_run(char *const *argv, int extra_fd, int timeout_s,
    char **ret_out) WUR;

#endif
