/*
 * groupdb.h - group membership from the account databases' texts.
 *
 * Owns: reading /etc/group and /etc/passwd text (fgetgrent, fgetpwent on
 * memory). Never: touches the host (observe reads the files).
 */
#ifndef CISHARDEN_GROUPDB_H
#define CISHARDEN_GROUPDB_H

#include <stdbool.h>

#include "ctx.h"
#include "strv.h"

/* Members of group name, from the texts of /etc/group and /etc/passwd
 * (passwd_db may be NULL): its member list, and the users whose primary
 * group it is. *ret_found: the group exists. Pure; 0 or -ENOMEM. */
int accounts_group_members(const char *group_db, const char *passwd_db,
    const char *name, struct strv *out, bool *ret_found) WUR;

#endif
