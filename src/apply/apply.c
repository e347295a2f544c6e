/*
 * apply.c - see apply.h.
 *
 * Backups: every apply that changes something gets a directory
 * <backup_dir>/<UTC time>-<pid>/ holding manifest.json and the old
 * bytes of every file it replaces (files/N). The manifest entry is
 * written (atomically) before the change it describes, so a crash at
 * any point leaves a manifest that restore can use.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "apply.h"
#include "host.h"
#include "kaudit.h"
#include "restart.h"
#include "safeio.h"
#include "strv.h"

struct backup {
	char *dir;		/* in-root path of this run's backup dir */
	cJSON *manifest;
	int nfiles;
};

static const char *
backup_base(const struct ctx *ctx)
{
	return ctx->backup_dir ? ctx->backup_dir : BACKUP_DIR_DEFAULT;
}

/* The lock is a flock(2) on the root directory itself: it keeps two
 * applies on one root apart whatever --backup-dir each uses, and it
 * creates no file in the tree. */
int
apply_lock(const struct ctx *ctx)
{
	int fd, rc;

	if ((fd = openat(ctx->rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
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
static int
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

static int
set_err(struct action *a, int rc, const char *what)
{
	free(a->err);
	if (asprintf(&a->err, "%s: %s", what, strerror(-rc)) < 0)
		a->err = NULL;
	a->rc = rc;
	return rc;
}

/* Record the directories a new file needs that do not exist yet, the
 * outermost first, so that restore (which runs backwards) removes the
 * innermost first, once the file is gone. */
static int
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

static int
do_write(const struct ctx *ctx, struct backup *b, struct action *a)
{
	char *cur = NULL;
	size_t curlen = 0;
	struct stat st;
	uid_t uid = a->uid;
	gid_t gid = a->gid;
	mode_t mode = a->mode;
	int rc;

	rc = safeio_read(ctx->rootfd, a->path, SAFEIO_MAX_FILE, &cur, &curlen, &st);
	if (rc < 0 && rc != -ENOENT)
		return set_err(a, rc, "cannot read it");
	/* Someone changed the file between plan and apply: do not clobber. */
	if ((rc == 0) != a->existed || (rc == 0 && (curlen != a->old_len ||
	    memcmp(cur, a->old_data, curlen) != 0))) {
		free(cur);
		return set_err(a, -ESTALE, "changed since it was planned");
	}
	rc = a->existed ? 0 : backup_new_dirs(ctx, b, a->path);
	if (rc >= 0)
		rc = backup_entry(ctx, b, "content", a->path, a->existed ? &st : NULL,
		    cur, curlen, true);
	free(cur);
	if (rc < 0)
		return set_err(a, rc, "backup failed, nothing changed");
	if (!a->existed) {
		char *dir = strdup(a->path);

		if (dir == NULL)
			return set_err(a, -ENOMEM, "out of memory");
		*strrchr(dir, '/') = '\0';
		rc = dir[0] ? safeio_mkdirs(ctx->rootfd, dir, 0755) : 0;
		free(dir);
		if (rc < 0)
			return set_err(a, rc, "cannot create its directory");
	} else if (a->keep_perms) {
		/* as the file is now: pass 0 may just have tightened them */
		uid = st.st_uid;
		gid = st.st_gid;
		mode = st.st_mode & 07777;
	}
	if ((rc = safeio_write(ctx->rootfd, a->path, a->data, a->len, uid,
	    gid, mode)) < 0)
		return set_err(a, rc, "write failed, old file kept");
	return a->rc = rc;
}

/*
 * Record every owner/mode change with one manifest write before any is
 * made (one write per entry made 3000 certificates take 8 s). Restoring
 * an entry whose change never happened puts back what is there anyway.
 */
static int
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

static int
do_perms(const struct ctx *ctx, struct action *a)
{
	int rc;

	rc = safeio_set_perms(ctx->rootfd, a->path, a->dev, a->ino, a->type,
	    a->uid, a->gid, a->mode);
	if (rc == -ESTALE)
		return set_err(a, rc, "replaced since it was planned");
	if (rc == -ENOSYS)
		return set_err(a, rc, SAFEIO_NOPROC_WHY);
	if (rc < 0)
		return set_err(a, rc, "cannot change owner or mode");
	return a->rc = rc;
}

/* Does a failed file action serve any of the live action's controls? */
static bool
blocked(const struct run *run, const struct action *live)
{
	size_t i;

	for (i = 0; i < run->nact; i++) {
		const struct action *a = &run->act[i];
		const char *p = a->ctl_ids;

		if (a->live || a->rc >= 0)
			continue;
		while (*p != '\0') {
			char id[16];
			size_t len = strcspn(p, ",");

			snprintf(id, sizeof(id), "%.*s", (int)len, p);
			if (idlist_has(live->ctl_ids, id))
				return true;
			p += len + (p[len] == ',');
		}
	}
	return false;
}

static int restore_entry(const struct ctx *, cJSON *, FILE *);

/* Mark the actions an undone manifest entry describes. */
static void
mark_rolled_back(struct run *run, const char *kind, const char *path)
{
	bool perms = strcmp(kind, "perms") == 0;
	size_t i;

	for (i = 0; i < run->nact; i++) {
		struct action *a = &run->act[i];

		if ((a->kind == ACT_PERMS) == perms && !a->live && a->rc > 0 &&
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
static int
rollback(const struct ctx *ctx, struct backup *b, struct run *run)
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
			mark_rolled_back(run, kind, path);
	}
	fclose(sink);
	free(buf);
	/* Failed only if a change that was made is still there (an entry
	 * whose change never happened has nothing to put back). */
	for (k = 0; k < run->nact; k++)
		if (!run->act[k].live && run->act[k].rc > 0 &&
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

/* Did a file write or an owner/mode change fail? */
static bool
files_failed(const struct run *run)
{
	size_t i;

	for (i = 0; i < run->nact; i++)
		if (!run->act[i].live && run->act[i].rc < 0)
			return true;
	return false;
}

/* ACT_INSTALL_UNIT: a unit file is a file write; a running systemd
 * reads it only after daemon-reload. */
static int
do_install_unit(const struct ctx *ctx, struct backup *b, struct action *a)
{
	int rc;

	if ((rc = do_write(ctx, b, a)) <= 0 || ctx->offline || !a->systemd)
		return rc;
	if ((rc = restart_daemon_reload(&a->err)) < 0) {
		char *why = a->err;

		if (asprintf(&a->err, "written, but systemctl daemon-reload "
		    "failed: %s", why ? why : strerror(-rc)) < 0)
			a->err = NULL;
		free(why);
		return a->rc = rc;
	}
	return a->rc = 1;
}

int
apply_audit_load(const struct ctx *ctx, struct action *a)
{
	struct kaudit_load res;
	int rc;

	free(a->err);
	a->err = NULL;
	rc = kaudit_load(ctx->kaudit ? ctx->kaudit : &kaudit_libaudit_ops,
	    ctx->kaudit_arg, &a->rules, &res, &a->err);
	if (rc < 0)
		return a->rc = rc;
	if (res.immutable) {
		free(a->err);
		if (asprintf(&a->err, "kernel audit rules are immutable "
		    "(enabled 2): reboot to load them") < 0)
			a->err = NULL;
		return a->rc = -EPERM;
	}
	if (res.failed > 0)
		return a->rc = -EIO;
	free(a->err);
	a->err = NULL;
	return a->rc = res.added > 0 ? 1 : 0;
}

/* Put back what this apply did to path (daemon.json before a failed
 * restart), from the backup like every other undo. 1 restored, 0
 * nothing of this apply to undo, -errno. */
static int
undo_path(const struct ctx *ctx, struct backup *b, struct run *run,
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
		mark_rolled_back(run, kind, path);
		n++;
	}
	fclose(sink);
	free(buf);
	return rc < 0 ? rc : n > 0;
}

/* ACT_RESTART: restart dockerd; if it does not come back, put the
 * daemon.json of before this apply back and start it again. */
static int
do_restart(const struct ctx *ctx, struct backup *b, struct run *run,
    struct action *a)
{
	struct restart_cmd *pc = NULL;
	char *why = NULL, *why2 = NULL;
	int rc, rc2 = 0, rb;

	if ((rc = restart_prepare(ctx, a, &pc, &a->err)) < 0)
		return a->rc = rc;
	if ((rc = restart_once(ctx, pc, &why)) == 0) {
		restart_cmd_free(pc);
		return a->rc = 1;
	}
	rb = undo_path(ctx, b, run, DAEMON_JSON);
	if (rb >= 0) {
		restart_reset_failed(pc);
		rc2 = restart_once(ctx, pc, &why2);
	}
	free(a->err);
	if (asprintf(&a->err, "dockerd did not come back after the "
	    "daemon.json change (%s): %s; %s%s%s",
	    rc == -ETIMEDOUT ? "no answer within 60 s" : "it exited",
	    why ? why : "no error text",
	    rb < 0 ? "could NOT restore the previous " DAEMON_JSON ": " :
	    rc2 == 0 ? "restored the previous " DAEMON_JSON
	    " and dockerd runs again" :
	    "restored the previous " DAEMON_JSON " but dockerd did not "
	    "start either: ",
	    rb < 0 ? strerror(-rb) : "", rc2 != 0 && rb >= 0 && why2 ? why2 : "") < 0)
		a->err = NULL;
	free(why);
	free(why2);
	restart_cmd_free(pc);
	return a->rc = rc < 0 ? rc : -EIO;
}

/*
 * How apply carries out each kind of action, and when. Pass 0: owners
 * and modes, on the inodes seen at plan time (a file write replaces the
 * inode). Pass 1: file and unit writes, all or nothing. Pass 2: live
 * actions, which need those files (load rules, restart dockerd) and run
 * only when every file change was made.
 */
static const struct {
	int pass;
} kinds[ACT__MAX] = {
	[ACT_PERMS] = { 0 },
	[ACT_WRITE] = { 1 },
	[ACT_INSTALL_UNIT] = { 1 },
	[ACT_AUDIT_LOAD] = { 2 },
	[ACT_RESTART] = { 2 },
};

static int
dispatch(const struct ctx *ctx, struct backup *b, struct run *run,
    struct action *a, int perms_rc)
{
	if (run->rollback != 0)
		return set_err(a, -ECANCELED, "skipped: the apply was rolled back");
	switch (a->kind) {
	case ACT_PERMS:
		return perms_rc < 0 ? set_err(a, perms_rc, "backup failed, "
		    "nothing changed") : do_perms(ctx, a);
	case ACT_WRITE:
		return do_write(ctx, b, a);
	case ACT_INSTALL_UNIT:
		return do_install_unit(ctx, b, a);
	case ACT_AUDIT_LOAD:
	case ACT_RESTART:
		if (blocked(run, a))
			return set_err(a, -ECANCELED, "skipped: an earlier change it needs failed");
		return a->kind == ACT_AUDIT_LOAD ? apply_audit_load(ctx, a) :
		    do_restart(ctx, b, run, a);
	case ACT__MAX:
		break;
	}
	return set_err(a, -EINVAL, "unknown action");
}

int
apply_run(const struct ctx *ctx, struct run *run)
{
	struct backup b = { 0 };
	size_t i;
	int changed = 0, pass, perms_rc = 0;

	for (i = 0; i < run->nact; i++)
		if (run->act[i].kind == ACT_PERMS) {
			perms_rc = backup_all_perms(ctx, &b, run);
			break;
		}
	for (pass = 0; pass < 3; pass++) {
		for (i = 0; i < run->nact; i++) {
			struct action *a = &run->act[i];

			if (kinds[a->kind].pass == pass &&
			    dispatch(ctx, &b, run, a, perms_rc) > 0)
				changed++;
		}
		/* All or nothing for files: live actions (which cannot all be
		 * undone) run only once every file change is made. */
		if (pass == 1 && files_failed(run) && run->rollback == 0)
			run->rollback = rollback(ctx, &b, run);
	}
	for (i = 0; i < run->nact; i++)
		if (run->act[i].rolled_back)
			changed--;
	if (b.dir != NULL && changed > 0 && run->backup == NULL)
		run->backup = b.dir;
	else
		free(b.dir);
	cJSON_Delete(b.manifest);
	return changed;
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
