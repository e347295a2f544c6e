/*
 * procfs.h - the one reader of /proc files.
 *
 * Owns: reading a file under the proc mount (ctx->proc, which tests
 * point at a fake tree) by its own path: /proc is not part of the
 * root tree that safeio resolves beneath.
 * Never: writes, or reads anything outside ctx->proc.
 */
#ifndef CISHARDEN_PROCFS_H
#define CISHARDEN_PROCFS_H

#include <stddef.h>

#include "ctx.h"

/* Read <proc>/rel ("self/mountinfo", "123/cmdline") whole, at most max
 * bytes, into a NUL-terminated malloc'd buffer (the NUL is not counted
 * in *ret_len). -EFBIG when larger, -errno when it cannot be read. */
int procfs_read(const struct ctx *, const char *rel, size_t max,
    char **ret_buf, size_t *ret_len) WUR;

#endif
