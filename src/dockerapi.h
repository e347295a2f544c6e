/*
 * dockerapi.h - the Docker Engine API over its unix socket (libcurl).
 * Never: changes the daemon; GET requests only.
 */
#ifndef CISHARDEN_DOCKERAPI_H
#define CISHARDEN_DOCKERAPI_H

#include "ctx.h"

struct cJSON;

/* GET path (e.g. "/info") from the Engine API at socket sock and parse
 * the JSON answer. -ECONNREFUSED/-ENOENT when nobody answers; *ret_err
 * says why (malloc'd) on any error. */
int dockerapi_get(const char *sock, const char *path, struct cJSON **ret,
    char **ret_err) WUR;

#endif
