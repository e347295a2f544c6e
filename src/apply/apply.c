/*
 * apply.c - see apply.h.
 *
 * Backups: every apply that changes something gets a directory
 * <backup_dir>/<UTC time>-<pid>/ holding manifest.json and the old
 * bytes of every file it replaces (files/N). The manifest entry is
 * written (atomically) before the change it describes, so a crash at
 * any point leaves a manifest that restore can use.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "apply.h"
#include "backup.h"
#include "host.h"
#include "kaudit.h"
#include "restart.h"
#include "safeio.h"

/* The lock is a flock(2) on the root directory itself: it keeps two
 * applies on one root apart whatever --backup-dir each uses, and it
 * creates no file in the tree. */
int
apply_lock(const struct ctx *ctx)
{
	return safeio_lock(ctx->rootfd);
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

		if (action_live(a) || a->rc >= 0)
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

/* Did a file write or an owner/mode change fail? */
static bool
files_failed(const struct run *run)
{
	size_t i;

	for (i = 0; i < run->nact; i++)
		if (!action_live(&run->act[i]) && run->act[i].rc < 0)
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
	struct arules rules = { 0 };
	int rc;

	free(a->err);
	a->err = NULL;
	/* the payload is the rules as auditctl lines, as the plan showed them */
	if ((rc = arules_parse(a->data, a->len, "plan", &rules)) < 0)
		return a->rc = rc;
	rc = kaudit_load(ctx_kaudit(ctx),
	    ctx->kaudit_arg, &rules, &res, &a->err);
	arules_free(&rules);
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
	rb = backup_undo_path(ctx, b, run, DAEMON_JSON);
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
			run->rollback = backup_rollback(ctx, &b, run);
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

int
apply_audit_runtime(const struct ctx *ctx, const struct arules *want)
{
	const struct kaudit_ops *ops = ctx_kaudit(ctx);
	struct kaudit_load res = { 0 };
	char *err = NULL;
	int rc, ex = EXIT_INTERNAL;

	if (want->n > 0 && (rc = kaudit_load(ops, ctx->kaudit_arg, want, &res, &err)) < 0) {
		warnx("audit-runtime: %s", err ? err : strerror(-rc));
		goto out;
	}
	if (res.immutable) {
		warnx("audit-runtime: kernel audit rules are immutable (enabled 2): "
		    "%zu runtime rules cannot be loaded until a boot without -e 2",
		    want->n);
		goto out;
	}
	if (res.failed > 0) {
		warnx("audit-runtime: %zu rules failed: %s", res.failed, err ? err : "");
		goto out;
	}
	fprintf(ctx->msg, "audit-runtime: %zu runtime rules: %zu loaded, %zu "
	    "already present, %zu waiting for their directory\n", want->n,
	    res.added, res.present, res.no_parent);
	ex = EXIT_OK;
out:
	free(err);
	return ex;
}
