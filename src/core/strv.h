/*
 * strv.h - the one string list: distinct strings (paths, notes), and
 * vectors that may repeat (argv, environments, listings).
 * Never: prints or touches the host.
 */
#ifndef CISHARDEN_STRV_H
#define CISHARDEN_STRV_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"

struct strv {
	char **v;
	size_t n;
};

bool strv_has(const struct strv *, const char *);
/* Append a copy of s unless it is there already; -ENOMEM. */
int strv_add(struct strv *, const char *s) WUR;
/* "a, b, c" of the list, sorted in place; "none" when empty. malloc'd. */
char *strv_join(struct strv *, const char *sep);
void strv_free(struct strv *);

/* Vectors of strings that may repeat (argv, environments, directory
 * listings): kept NULL-terminated, with their count. strvec_push takes
 * s (NULL means an allocation failed) and frees it on failure. */
int strvec_push(char ***v, size_t *n, char *s) WUR;
void strvec_free(char **v, size_t n);

#endif
