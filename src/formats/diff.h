/*
 * diff.h - unified diffs ("diff -u" format) of two buffers, for dry runs.
 * Never: touches files.
 */
#ifndef CISHARDEN_DIFF_H
#define CISHARDEN_DIFF_H

#include <stddef.h>

#include "ctx.h"

/* A malloc'd unified diff of old -> new with 3 lines of context, headed
 * "--- path" / "+++ path" ("/dev/null" for a missing old file when
 * old == NULL). "" when equal. NULL on allocation failure. */
char *diff_unified(const char *path, const char *old, size_t oldlen,
    const char *new, size_t newlen) WUR;

#endif
