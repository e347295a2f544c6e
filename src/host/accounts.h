/*
 * accounts.h - user and group names resolved inside the root.
 *
 * Owns: name -> id lookups in <root>/etc/passwd and <root>/etc/group
 * (read through safeio; NSS as well on the live host), so that an image
 * tree is judged by its own accounts, not the build host's. Group
 * membership from the texts host_observe() read is groupdb.c's (pure).
 * Never: writes anything.
 */
#ifndef CISHARDEN_ACCOUNTS_H
#define CISHARDEN_ACCOUNTS_H

#include <stdbool.h>
#include <sys/types.h>

#include "ctx.h"
#include "strv.h"

/* 0 and the id, -ENOENT when the name is unknown, another -errno when
 * the account files cannot be read. "root" is always 0. */
int accounts_uid(const struct ctx *, const char *name, uid_t *ret) WUR;
int accounts_gid(const struct ctx *, const char *name, gid_t *ret) WUR;

#endif
