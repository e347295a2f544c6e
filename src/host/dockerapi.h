/*
 * dockerapi.h - the Docker Engine API over its unix socket (libcurl).
 *
 * Owns: GET requests with short timeouts and JSON answers parsed with
 * cJSON. Never: changes the daemon (no POST, PUT or DELETE).
 */
#ifndef CISHARDEN_DOCKERAPI_H
#define CISHARDEN_DOCKERAPI_H

#include "ctx.h"

struct cJSON;

/* GET path (e.g. "/info") from the Engine API at socket sock and parse
 * the JSON answer. -ECONNREFUSED/-ENOENT when nobody answers, -EPROTO
 * for an HTTP error or a non-JSON answer; *ret_err says why (malloc'd)
 * on any error. */
int dockerapi_get(const char *sock, const char *path, struct cJSON **ret,
    char **ret_err) WUR;
/* GET /_ping: 0 when the daemon answers "OK", else as dockerapi_get. */
int dockerapi_ping(const char *sock, char **ret_err) WUR;

#endif
