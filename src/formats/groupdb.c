/*
 * groupdb.c - the members of a group, from the texts of /etc/group and
 * /etc/passwd (see groupdb.h). Pure: the observation read the texts.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "groupdb.h"

/* fgetgrent/fgetpwent over a text: the same parser as the lookups. */
static FILE *
open_text(const char *text)
{
	size_t len = text ? strlen(text) : 0;

	return len == 0 ? NULL : fmemopen((void *)text, len, "r");
}

int
accounts_group_members(const char *group_db, const char *passwd_db,
    const char *name, struct strv *out, bool *ret_found)
{
	struct group *gr;
	struct passwd *pw;
	gid_t gid = 0;
	FILE *f;
	size_t i;
	int rc = 0;

	*ret_found = false;
	if ((f = open_text(group_db)) == NULL)
		return 0;
	while (rc == 0 && (gr = fgetgrent(f)) != NULL) {
		if (strcmp(gr->gr_name, name) != 0)
			continue;
		*ret_found = true;
		gid = gr->gr_gid;
		for (i = 0; rc == 0 && gr->gr_mem[i] != NULL; i++)
			if (gr->gr_mem[i][0] != '\0')
				rc = strv_add(out, gr->gr_mem[i]);
		break;
	}
	fclose(f);
	if (rc < 0 || !*ret_found || (f = open_text(passwd_db)) == NULL)
		return rc;
	while (rc == 0 && (pw = fgetpwent(f)) != NULL)
		if (pw->pw_gid == gid && pw->pw_name[0] != '\0')
			rc = strv_add(out, pw->pw_name);
	fclose(f);
	return rc;
}
