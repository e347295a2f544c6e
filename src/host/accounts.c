/*
 * accounts.c - see accounts.h.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "safeio.h"

/* Open <root>/path as a stdio stream over its bytes (safeio rules).
 * NULL with *ret_rc = -ENOENT when there is no such file or it is
 * empty, another -errno when it cannot be read. */
static FILE *
open_db(const struct ctx *ctx, const char *path, char **ret_buf, int *ret_rc)
{
	size_t len;
	FILE *f;

	*ret_rc = safeio_read(ctx->rootfd, path, SAFEIO_MAX_FILE, ret_buf, &len, NULL);
	if (*ret_rc < 0)
		return NULL;
	*ret_rc = -ENOENT;
	if (len == 0 || (f = fmemopen(*ret_buf, len, "r")) == NULL) {
		free(*ret_buf);
		return NULL;
	}
	return f;
}

int
accounts_uid(const struct ctx *ctx, const char *name, uid_t *ret)
{
	struct passwd *pw;
	char *buf = NULL;
	FILE *f;
	int rc = -ENOENT;

	if (strcmp(name, "root") == 0) {
		*ret = 0;
		return 0;
	}
	if ((f = open_db(ctx, "/etc/passwd", &buf, &rc)) == NULL && rc != -ENOENT)
		return rc;	/* unreadable is not "no such user" */
	rc = -ENOENT;
	if (f != NULL) {
		while ((pw = fgetpwent(f)) != NULL)
			if (strcmp(pw->pw_name, name) == 0) {
				*ret = pw->pw_uid;
				rc = 0;
				break;
			}
		fclose(f);
		free(buf);
	}
	if (rc < 0 && !ctx->offline && (pw = getpwnam(name)) != NULL) {
		*ret = pw->pw_uid;
		rc = 0;
	}
	return rc;
}

int
accounts_gid(const struct ctx *ctx, const char *name, gid_t *ret)
{
	struct group *gr;
	char *buf = NULL;
	FILE *f;
	int rc = -ENOENT;

	if (strcmp(name, "root") == 0) {
		*ret = 0;
		return 0;
	}
	if ((f = open_db(ctx, "/etc/group", &buf, &rc)) == NULL && rc != -ENOENT)
		return rc;	/* unreadable is not "no such group" */
	rc = -ENOENT;
	if (f != NULL) {
		while ((gr = fgetgrent(f)) != NULL)
			if (strcmp(gr->gr_name, name) == 0) {
				*ret = gr->gr_gid;
				rc = 0;
				break;
			}
		fclose(f);
		free(buf);
	}
	if (rc < 0 && !ctx->offline && (gr = getgrnam(name)) != NULL) {
		*ret = gr->gr_gid;
		rc = 0;
	}
	return rc;
}
