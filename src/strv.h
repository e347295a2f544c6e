/*
 * strv.h - a growable list of distinct strings (paths, notes).
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

#endif
