/*
 * daemonjson.h - /etc/docker/daemon.json: strict parsing and key merge.
 *
 * Owns: turning bytes into a cJSON object with line:column errors
 * (invalid JSON, comments, BOM, duplicate keys, non-object top level,
 * oversized), and merging wanted keys into it without touching the
 * order or value of any other key. Never: reads or writes files.
 */
#ifndef CISHARDEN_DAEMONJSON_H
#define CISHARDEN_DAEMONJSON_H

#include <stddef.h>

#include "ctx.h"

struct cJSON;

/* Parse buf. On success *ret is a cJSON object. On error returns
 * -EINVAL and *ret_err = "name:line:column: message" (malloc'd). */
int daemonjson_parse(const char *buf, size_t len, const char *name,
    struct cJSON **ret, char **ret_err) WUR;

#endif
