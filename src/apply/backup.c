/*
 * backup.c - this apply's backup directory and its manifest, through
 * which every undo goes: a failed write's rollback, a failed restart's
 * daemon.json, and `cisharden restore` (see backup.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "apply.h"
#include "backup.h"
#include "host.h"
#include "restart.h"
#include "safeio.h"

static int restore_entry(const struct ctx *, cJSON *, FILE *);

static const char *
backup_base(const struct ctx *ctx)
{
	return ctx->backup_dir ? ctx->backup_dir : BACKUP_DIR_DEFAULT;
}

static int
backup_open(const struct ctx *ctx, struct backup *b)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	if (b->dir != NULL)
		return 0;
	if (gmtime_r(&now, &tm) == NULL)
		return -EINVAL;
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	if (asprintf(&b->dir, "%s/%s-%ld", backup_base(ctx), stamp, (long)getpid()) < 0) {
		b->dir = NULL;
		return -ENOMEM;
	}
	if ((rc = safeio_mkdirs(ctx->rootfd, b->dir, 0700)) < 0)
		goto fail;
	rc = -ENOMEM;
	if ((b->manifest = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(b->manifest, "tool", "cisharden") == NULL ||
	    cJSON_AddStringToObject(b->manifest, "version", CISHARDEN_VERSION) == NULL ||
	    cJSON_AddStringToObject(b->manifest, "created", stamp) == NULL ||
	    cJSON_AddArrayToObject(b->manifest, "entries") == NULL)
		goto fail;
	return 0;
fail:
	/* Not open: the next action tries again and reports its own error
	 * (not ENOMEM from a NULL manifest). */
	free(b->dir);
	b->dir = NULL;
	cJSON_Delete(b->manifest);
	b->manifest = NULL;
	return rc;
}

static int
backup_save(const struct ctx *ctx, struct backup *b)
{
	char *path, *text;
	int rc;

	if ((text = cJSON_Print(b->manifest)) == NULL)
		return -ENOMEM;
	if (asprintf(&path, "%s/manifest.json", b->dir) < 0) {
		free(text);
		return -ENOMEM;
	}
	rc = safeio_write(ctx->rootfd, path, text, strlen(text), 0, 0, 0600);
	free(path);
	free(text);
	return rc < 0 ? rc : 0;
}

/* Record (and for content, copy) what is there now, before changing it. */
int
backup_entry(const struct ctx *ctx, struct backup *b, const char *kind,
    const char *path, const struct stat *st, const char *data, size_t len,
    bool save)
{
	cJSON *e, *ents;
	char *copy = NULL;
	int rc;

	if ((rc = backup_open(ctx, b)) < 0)
		return rc;
	if ((e = cJSON_CreateObject()) == NULL)
		return -ENOMEM;
	ents = cJSON_GetObjectItem(b->manifest, "entries");
	cJSON_AddItemToArray(ents, e);
	rc = -ENOMEM;
	if (cJSON_AddStringToObject(e, "kind", kind) == NULL ||
	    cJSON_AddStringToObject(e, "path", path) == NULL ||
	    cJSON_AddBoolToObject(e, "existed", st != NULL) == NULL)
		goto fail;
	if (st != NULL && (cJSON_AddNumberToObject(e, "uid", st->st_uid) == NULL ||
	    cJSON_AddNumberToObject(e, "gid", st->st_gid) == NULL ||
	    cJSON_AddNumberToObject(e, "mode", st->st_mode & 07777) == NULL))
		goto fail;
	/* restore brings back the mtime too, not only bytes, owner, mode */
	if (st != NULL && data != NULL &&
	    (cJSON_AddNumberToObject(e, "mtime_sec", (double)st->st_mtim.tv_sec) == NULL ||
	    cJSON_AddNumberToObject(e, "mtime_nsec", (double)st->st_mtim.tv_nsec) == NULL))
		goto fail;
	if (st != NULL && data != NULL) {
		if (asprintf(&copy, "%s/%d.orig", b->dir, b->nfiles++) < 0)
			goto fail;
		rc = safeio_write(ctx->rootfd, copy, data, len, 0, 0, 0600);
		if (rc >= 0 && cJSON_AddStringToObject(e, "backup", copy) == NULL)
			rc = -ENOMEM;
		free(copy);
		if (rc < 0)
			goto fail;
	}
	if (!save || (rc = backup_save(ctx, b)) == 0)
		return 0;
fail:
	/* Nothing is changed without its entry on disk, and an entry
	 * without its copy must not reach a later manifest either:
	 * restore would stop at it ("Invalid argument"). */
	cJSON_DeleteItemFromArray(ents, cJSON_GetArraySize(ents) - 1);
	return rc;
}

/* Record the directories a new file needs that do not exist yet, the
 * outermost first, so that restore (which runs backwards) removes the
 * innermost first, once the file is gone. */
int
backup_new_dirs(const struct ctx *ctx, struct backup *b, const char *path)
{
	char *dir, *slash, *v[64];
	size_t n = 0;
	struct stat st;
	int rc = 0;

	if ((dir = strdup(path)) == NULL)
		return -ENOMEM;
	while ((slash = strrchr(dir, '/')) != NULL && slash != dir && n < 64) {
		*slash = '\0';
		if ((rc = safeio_lstat(ctx->rootfd, dir, &st)) != -ENOENT)
			break;
		if ((v[n] = strdup(dir)) == NULL) {
			rc = -ENOMEM;
			break;
		}
		n++;
	}
	rc = rc == -ENOMEM ? rc : 0;
	while (n > 0) {
		n--;
		if (rc >= 0)
			rc = backup_entry(ctx, b, "dir", v[n], NULL, NULL, 0, true);
		free(v[n]);
	}
	free(dir);
	return rc;
}

/*
 * Record every owner/mode change with one manifest write before any is
 * made (one write per entry made 3000 certificates take 8 s). Restoring
 * an entry whose change never happened puts back what is there anyway.
 */
int
backup_all_perms(const struct ctx *ctx, struct backup *b, struct run *run)
{
	cJSON *ents;
	size_t i;
	int n0, rc;

	if ((rc = backup_open(ctx, b)) < 0)
		return rc;
	ents = cJSON_GetObjectItem(b->manifest, "entries");
	n0 = cJSON_GetArraySize(ents);
	for (i = 0; i < run->nact && rc >= 0; i++) {
		struct action *a = &run->act[i];
		struct stat st = { .st_uid = a->old_uid, .st_gid = a->old_gid,
		    .st_mode = a->type | a->old_mode };

		if (a->kind == ACT_PERMS)
			rc = backup_entry(ctx, b, "perms", a->path, &st, NULL, 0, false);
	}
	if (rc >= 0)
		rc = backup_save(ctx, b);
	while (rc < 0 && cJSON_GetArraySize(ents) > n0)
		cJSON_DeleteItemFromArray(ents, cJSON_GetArraySize(ents) - 1);
	return rc;
}

/* Mark the actions an undone manifest entry describes. */
static void
backup_mark_rolled_back(struct run *run, const char *kind, const char *path)
{
	bool perms = strcmp(kind, "perms") == 0;
	size_t i;

	for (i = 0; i < run->nact; i++) {
		struct action *a = &run->act[i];

		if ((a->kind == ACT_PERMS) == perms && !action_live(a) && a->rc > 0 &&
		    a->path != NULL &&
		    strcmp(a->path, path) == 0)
			a->rolled_back = true;
	}
}

/*
 * A file write or owner/mode change failed partway: put back, from this
 * apply's backup, everything it already changed, newest first, so the
 * host is as it was. Returns 1 when all of it was undone, -errno when an
 * entry could not be (those actions keep rolled_back false: the report
 * names them as still changed).
 */
int
backup_rollback(const struct ctx *ctx, struct backup *b, struct run *run)
{
	cJSON *ents = cJSON_GetObjectItem(b->manifest, "entries");
	char *buf = NULL, *mk = NULL;
	size_t len = 0;
	FILE *sink;
	int i, rc, err = 0, ret = 1;
	size_t k;

	if (b->manifest == NULL)
		return 1;
	/* the per-entry lines of restore are not wanted here: the report
	 * says what was undone */
	if ((sink = open_memstream(&buf, &len)) == NULL)
		return -ENOMEM;
	for (i = cJSON_GetArraySize(ents); i-- > 0;) {
		cJSON *e = cJSON_GetArrayItem(ents, i);
		const char *kind = cJSON_GetStringValue(cJSON_GetObjectItem(e, "kind"));
		const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));

		if ((rc = restore_entry(ctx, e, sink)) < 0)
			err = err ? err : rc;
		else if (kind != NULL && path != NULL)
			backup_mark_rolled_back(run, kind, path);
	}
	fclose(sink);
	free(buf);
	/* Failed only if a change that was made is still there (an entry
	 * whose change never happened has nothing to put back). */
	for (k = 0; k < run->nact; k++)
		if (!action_live(&run->act[k]) && run->act[k].rc > 0 &&
		    !run->act[k].rolled_back)
			ret = err ? err : -EIO;
	/* restore must not undo it again; if the mark cannot be written, a
	 * later restore puts back what is there already */
	if (ret > 0 && asprintf(&mk, "%s/restored", b->dir) >= 0) {
		if (safeio_write(ctx->rootfd, mk, "", 0, 0, 0, 0600) < 0)
			ret = 1;
		free(mk);
	}
	return ret;
}

/* Put back what this apply did to path (daemon.json before a failed
 * restart), from the backup like every other undo. 1 restored, 0
 * nothing of this apply to undo, -errno. */
int
backup_undo_path(const struct ctx *ctx, struct backup *b, struct run *run,
    const char *path)
{
	cJSON *ents = cJSON_GetObjectItem(b->manifest, "entries");
	char *buf = NULL;
	size_t len = 0;
	FILE *sink;
	int i, rc = 0, n = 0;

	/* restore's per-entry lines are not wanted: the report says it */
	if ((sink = open_memstream(&buf, &len)) == NULL)
		return -ENOMEM;
	for (i = cJSON_GetArraySize(ents); i-- > 0 && rc >= 0;) {
		cJSON *e = cJSON_GetArrayItem(ents, i);
		const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
		const char *kind = cJSON_GetStringValue(cJSON_GetObjectItem(e, "kind"));

		if (p == NULL || kind == NULL || strcmp(p, path) != 0 ||
		    strcmp(kind, "content") != 0)
			continue;
		if ((rc = restore_entry(ctx, e, sink)) < 0)
			break;
		backup_mark_rolled_back(run, kind, path);
		n++;
	}
	fclose(sink);
	free(buf);
	return rc < 0 ? rc : n > 0;
}

/* --- restore --- */

static int
restore_entry(const struct ctx *ctx, cJSON *e, FILE *msg)
{
	const char *kind = cJSON_GetStringValue(cJSON_GetObjectItem(e, "kind"));
	const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
	const char *bak = cJSON_GetStringValue(cJSON_GetObjectItem(e, "backup"));
	bool existed = cJSON_IsTrue(cJSON_GetObjectItem(e, "existed"));
	uid_t uid = (uid_t)cJSON_GetNumberValue(cJSON_GetObjectItem(e, "uid"));
	gid_t gid = (gid_t)cJSON_GetNumberValue(cJSON_GetObjectItem(e, "gid"));
	mode_t mode = (mode_t)cJSON_GetNumberValue(cJSON_GetObjectItem(e, "mode"));
	char *data = NULL;
	size_t len;
	int rc;

	if (kind == NULL || path == NULL || path[0] != '/')
		return -EINVAL;
	if (strcmp(kind, "dir") == 0) {
		rc = safeio_rmdir(ctx->rootfd, path);
		if (rc == -ENOTEMPTY || rc == -EEXIST) {
			fprintf(msg, "kept %s: something else is in it now\n", path);
			return 0;
		}
		if (rc == -ENOENT)
			rc = 0;
		if (rc >= 0)
			fprintf(msg, "removed %s/ (cisharden created it)\n", path);
		return rc;
	}
	if (strcmp(kind, "perms") == 0) {
		rc = safeio_restore_perms(ctx->rootfd, path, uid, gid, mode);
		if (rc == -ENOENT)
			rc = 0;	/* a socket that is gone: nothing to put back */
		if (rc >= 0)
			fprintf(msg, "restored %s owner %u:%u mode %04o\n", path,
			    (unsigned)uid, (unsigned)gid, (unsigned)mode);
		return rc;
	}
	if (!existed) {
		rc = safeio_unlink(ctx->rootfd, path);
		if (rc == -ENOENT)
			rc = 0;
		if (rc >= 0)
			fprintf(msg, "removed %s (cisharden created it)\n", path);
		return rc;
	}
	if (bak == NULL)
		return -EINVAL;
	if ((rc = safeio_read(ctx->rootfd, bak, SAFEIO_MAX_FILE, &data, &len, NULL)) < 0)
		return rc;
	rc = safeio_write(ctx->rootfd, path, data, len, uid, gid, mode);
	free(data);
	if (rc >= 0 && cJSON_IsNumber(cJSON_GetObjectItem(e, "mtime_sec"))) {
		struct timespec ts = {
			.tv_sec = (time_t)cJSON_GetNumberValue(cJSON_GetObjectItem(e, "mtime_sec")),
			.tv_nsec = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(e, "mtime_nsec")),
		};

		if (ts.tv_nsec < 0 || ts.tv_nsec > 999999999)
			ts.tv_nsec = 0;
		rc = safeio_set_mtime(ctx->rootfd, path, &ts);
	}
	if (rc >= 0)
		fprintf(msg, "restored %s from %s\n", path, bak);
	return rc;
}

/* Did restoring entry e put back or remove a unit file or drop-in?
 * systemd reads those only after daemon-reload. */
static bool
entry_is_unit(cJSON *e)
{
	const char *kind = cJSON_GetStringValue(cJSON_GetObjectItem(e, "kind"));
	const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
	size_t i, n;

	if (kind == NULL || path == NULL || strcmp(kind, "perms") == 0 ||
	    strcmp(kind, "dir") == 0)
		return false;
	for (i = 0; i < HOST_NUNIT_DIRS; i++) {
		n = strlen(host_unit_dirs[i]);
		if (strncmp(path, host_unit_dirs[i], n) == 0 && path[n] == '/')
			return true;
	}
	return false;
}

/* After a restore that changed unit files on a live host run by
 * systemd: reload, or systemd keeps running what was removed. */
static int
restore_reload(const struct ctx *ctx, FILE *msg, char **ret_err)
{
	struct stat st;
	char *why = NULL;
	int rc;

	if (ctx->offline || safeio_stat(ctx->rootfd, "/run/systemd/system", &st) < 0 ||
	    !S_ISDIR(st.st_mode))
		return 0;
	if ((rc = restart_daemon_reload(&why)) < 0) {
		if (asprintf(ret_err, "the files are restored, but systemctl "
		    "daemon-reload failed (%s): run it by hand", why ? why :
		    strerror(-rc)) < 0)
			*ret_err = NULL;
		free(why);
		return rc;
	}
	fprintf(msg, "systemctl daemon-reload (unit files restored)\n");
	return 0;
}

int
apply_restore(const struct ctx *ctx, FILE *msg, char **ret_err)
{
	char **names = NULL, *path = NULL, *buf = NULL;
	size_t n = 0, len, i;
	cJSON *man = NULL, *ents;
	struct stat st;
	bool units = false;
	int rc, count = 0;

	*ret_err = NULL;
	rc = safeio_list(ctx->rootfd, backup_base(ctx), &names, &n);
	if (rc == -ENOENT)
		n = 0;
	else if (rc < 0)
		return rc;
	/* newest first: names start with a UTC time stamp */
	for (i = n; i-- > 0;) {
		char *marker;

		if (names[i][0] == '.')
			continue;
		if (asprintf(&marker, "%s/%s/restored", backup_base(ctx), names[i]) < 0) {
			rc = -ENOMEM;
			goto out;
		}
		rc = safeio_lstat(ctx->rootfd, marker, &st);
		free(marker);
		if (rc == 0)
			continue;
		/* No manifest: that apply failed before its first change
		 * (the manifest is written first), so there is nothing to
		 * put back; an older backup may still need restoring. */
		if (asprintf(&marker, "%s/%s/manifest.json", backup_base(ctx), names[i]) < 0) {
			rc = -ENOMEM;
			goto out;
		}
		rc = safeio_lstat(ctx->rootfd, marker, &st);
		free(marker);
		if (rc == -ENOENT)
			continue;
		if (asprintf(&path, "%s/%s", backup_base(ctx), names[i]) < 0) {
			path = NULL;
			rc = -ENOMEM;
			goto out;
		}
		break;
	}
	if (path == NULL) {
		rc = asprintf(ret_err, "no backup to restore in %s", backup_base(ctx)) < 0 ? -ENOMEM : -ENOENT;
		goto out;
	}
	{
		char *mp;

		if (asprintf(&mp, "%s/manifest.json", path) < 0) {
			rc = -ENOMEM;
			goto out;
		}
		rc = safeio_read(ctx->rootfd, mp, SAFEIO_MAX_FILE, &buf, &len, NULL);
		free(mp);
	}
	if (rc < 0 || (man = cJSON_ParseWithLength(buf, len)) == NULL ||
	    !cJSON_IsArray(ents = cJSON_GetObjectItem(man, "entries"))) {
		if (asprintf(ret_err, "%s/manifest.json: unreadable or invalid", path) < 0)
			*ret_err = NULL;
		rc = rc < 0 ? rc : -EINVAL;
		goto out;
	}
	for (i = (size_t)cJSON_GetArraySize(ents); i-- > 0;) {
		cJSON *e = cJSON_GetArrayItem(ents, (int)i);

		if ((rc = restore_entry(ctx, e, msg)) < 0) {
			if (asprintf(ret_err, "%s: %s",
			    cJSON_GetStringValue(cJSON_GetObjectItem(e, "path")),
			    strerror(-rc)) < 0)
				*ret_err = NULL;
			goto out;
		}
		units = units || entry_is_unit(e);
		count++;
	}
	{
		char *mk;

		if (asprintf(&mk, "%s/restored", path) < 0) {
			rc = -ENOMEM;
			goto out;
		}
		rc = safeio_write(ctx->rootfd, mk, "", 0, 0, 0, 0600);
		free(mk);
	}
	if (rc >= 0 && units)
		rc = restore_reload(ctx, msg, ret_err);
	rc = rc < 0 ? rc : count;
out:
	cJSON_Delete(man);
	free(buf);
	free(path);
	strvec_free(names, n);
	return rc;
}

