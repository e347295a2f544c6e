/*
 * procfs.h - the one reader of /proc files.
 *
 * Owns: reading a file under the proc mount, and the few questions
 * asked of it (a process's argv and environment, finding a daemon's
 * pid, its executable): reading a file under the proc mount (ctx->proc, which tests
 * point at a fake tree) by its own path: /proc is not part of the
 * root tree that safeio resolves beneath.
 * Never: writes, or reads anything outside ctx->proc.
 */
#ifndef CISHARDEN_PROCFS_H
#define CISHARDEN_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ctx.h"

/* Read <proc>/rel ("self/mountinfo", "123/cmdline") whole, at most max
 * bytes, into a NUL-terminated malloc'd buffer (the NUL is not counted
 * in *ret_len). -EFBIG when larger, -errno when it cannot be read. */
int procfs_read(const struct ctx *, const char *rel, size_t max,
    char **ret_buf, size_t *ret_len) WUR;

/* The NUL-separated <proc>/PID/what ("cmdline", "environ") as a string
 * vector (strvec_free); -ESRCH when empty (a zombie, a kernel thread). */
int procfs_read_strv(const struct ctx *, pid_t, const char *what,
    char ***ret, size_t *ret_n) WUR;
/* The oldest live process (not a zombie) owned by root whose comm is
 * comm ("dockerd"); *ret 0 when none. */
int procfs_find_pid(const struct ctx *, const char *comm, pid_t *ret) WUR;
/* The executable of pid (<proc>/PID/exe); -ENOENT. A binary replaced
 * by an upgrade (" (deleted)") gives the new file's path when upgraded
 * is true, -ENOENT otherwise. */
int procfs_exe(const struct ctx *, pid_t, bool upgraded, char **ret) WUR;

#endif
