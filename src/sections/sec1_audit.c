/*
 * sec1_audit.c - CIS section 1: audit watches (1.1.3-1.1.18) in one
 * rules.d file plus the running kernel. The host checks 1.1.1, 1.1.2,
 * 1.2.1 and 1.2.2 are judged in sec1_host.c.
 *
 * The observation (observe/obs_sec1.c) expanded every active audit
 * control's targets into candidate paths (h->audit) and stat'ed them and
 * their parents; sec1_resolve.c turns them into each control's rules.
 * Plan: the candidates plus the files the plan
 * creates (sec1_plan's "creates": section 3's socket drop-in, a new
 * daemon.json); keep those whose parent directory exists (the kernel
 * refuses a watch without one) or is created, drop rules another
 * rules.d file already has, and write AUDITRULES_FILE when its text
 * differs. Then, live only, one ACT_AUDIT_LOAD action carries the rules
 * the kernel lacks. Verify checks both layers on what exists. Nothing
 * here reads the host: rules.d, the kernel and the tree's answers come
 * from the observation (observe.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "auditrules.h"
#include "diff.h"
#include "host.h"
#include "kaudit.h"
#include "profile.h"
#include "sec1.h"
#include "sec1_audit.h"
#include "strv.h"

#define KERNEL_PATH "kernel audit rules"


/* Append id to a comma list unless present. */
static int
ids_add(char **ids, const char *id)
{
	char *n;

	if (idlist_has(*ids, id))
		return 0;
	if (asprintf(&n, "%s%s%s", *ids ? *ids : "", *ids ? "," : "", id) < 0)
		return -ENOMEM;
	free(*ids);
	*ids = n;
	return 0;
}

/* Merge r into the file's rules: the same path, kind and key become one
 * line serving several controls with the union of their permissions. */
static int
merge_rule(struct arules *file, const struct arule *r)
{
	size_t i;

	for (i = 0; i < file->n; i++) {
		struct arule *f = &file->v[i];

		if (f->kind == r->kind && strcmp(f->path, r->path) == 0 &&
		    strcmp(f->key ? f->key : "", r->key ? r->key : "") == 0) {
			f->perm |= r->perm;
			if (r->order < f->order)
				f->order = r->order;
			return ids_add(&f->ctl_ids, r->ctl_ids);
		}
	}
	return arules_add(file, r);
}

/* Rules of the existing file that belong to controls this run does not
 * act on (--only, --skip, --level) are kept as they are; rules of
 * excluded or unknown controls go. */
static int
keep_inactive(const struct s1 *s, struct arules *file)
{
	const struct profile *prof = s->run->prof;
	size_t i, j;
	int rc;

	for (i = 0; i < s->own->n; i++) {
		const struct arule *r = &s->own->v[i];
		bool keep = false, active = false;
		int order = INT_MAX;

		for (j = 0; j < prof->nctl; j++) {
			const struct control *c = &prof->ctl[j];

			if (!idlist_has(r->ctl_ids, c->id))
				continue;
			if (s1_is_audit_ctl(c))
				active = true;
			else if (!c->excluded && c->kind == KIND_AUDIT_RULE) {
				keep = true;
				if ((int)j < order)
					order = (int)j;
			}
		}
		if (active || !keep)
			continue;
		{
			struct arule k = *r;

			k.order = order;
			k.runtime = s1_is_runtime(r->path);
			if ((rc = merge_rule(file, &k)) < 0)
				return rc;
		}
	}
	return 0;
}

/* The file's rules (*file) and the notes on rules found elsewhere. */
static int
build_file(const struct s1 *s, const struct want *w, size_t nw,
    struct arules *file, struct arules *elsewhere)
{
	size_t i, j;
	int rc;

	for (i = 0; i < nw; i++) {
		for (j = 0; j < w[i].rules.n; j++) {
			const struct arule *r = &w[i].rules.v[j];
			const struct arule *o = arules_find(s->others, r);

			if (o == NULL)
				rc = merge_rule(file, r);
			else if (arules_find(elsewhere, o) == NULL)
				rc = arules_add(elsewhere, o);
			else
				rc = 0;
			if (rc < 0)
				return rc;
		}
	}
	return keep_inactive(s, file);
}

static struct result *
res_of(struct run *run, size_t idx)
{
	return &run->res[idx];
}

/* Tell each control what the file change does for it. */
static int
note_file_changes(struct s1 *s, const struct want *w, size_t nw,
    const struct arules *file, char **ids)
{
	size_t i, j;
	char *line;
	int rc;

	for (i = 0; i < nw; i++) {
		const struct control *c = &s->run->prof->ctl[w[i].idx];

		for (j = 0; j < w[i].rules.n; j++) {
			const struct arule *r = &w[i].rules.v[j];

			if (arules_find(s->own, r) != NULL ||
			    arules_find(s->others, r) != NULL)
				continue;
			if (arule_format(r, &line) < 0)
				return -ENOMEM;
			rc = result_add_change(res_of(s->run, w[i].idx),
			    "%s: add %s", AUDITRULES_FILE, line);
			free(line);
			if (rc < 0 || (rc = ids_add(ids, c->id)) < 0)
				return rc;
		}
	}
	/* rules the new file drops (their controls are named in the
	 * file's group comments) */
	for (i = 0; i < s->own->n; i++) {
		const struct arule *r = &s->own->v[i];

		if (arules_find(file, r) != NULL)
			continue;
		for (j = 0; j < nw; j++) {
			const struct control *c = &s->run->prof->ctl[w[j].idx];

			if (!idlist_has(r->ctl_ids, c->id))
				continue;
			if (arule_format(r, &line) < 0)
				return -ENOMEM;
			rc = result_add_change(res_of(s->run, w[j].idx),
			    "%s: remove %s", AUDITRULES_FILE, line);
			free(line);
			if (rc < 0 || (rc = ids_add(ids, c->id)) < 0)
				return rc;
		}
	}
	return 0;
}

static int
all_ids(const struct s1 *s, const struct want *w, size_t nw, char **ids)
{
	size_t i;
	int rc;

	for (i = 0; i < nw; i++)
		if ((rc = ids_add(ids, s->run->prof->ctl[w[i].idx].id)) < 0)
			return rc;
	return 0;
}

/* Lines of a unified diff that start with c ('+' or '-'), without the
 * "+++ "/"--- " headers. */
static size_t
count_lines(const char *d, char c)
{
	size_t n = 0;
	const char *p = d;

	while (p != NULL && *p != '\0') {
		if (*p == c && !(p[1] == c && p[2] == c && p[3] == ' '))
			n++;
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return n;
}

static int
plan_write(struct s1 *s, const struct want *w, size_t nw,
    const struct arules *file, const struct arules *elsewhere)
{
	char *text = NULL, *ids = NULL;
	struct action *a;
	size_t len;
	int rc;

	if ((rc = auditrules_generate(file, elsewhere, &text, &len)) < 0)
		return rc;
	if (s->own_rc == 0 && len == s->own_len &&
	    memcmp(text, s->own_raw, len) == 0) {
		free(text);
		return 0;
	}
	if ((rc = note_file_changes(s, w, nw, file, &ids)) < 0 ||
	    (ids == NULL && (rc = all_ids(s, w, nw, &ids)) < 0))
		goto out;
	if ((a = run_add_action(s->run, ACT_WRITE, ids ? ids : "1.1",
	    AUDITRULES_FILE)) == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	a->existed = s->own_rc == 0;
	a->keep_perms = a->existed;	/* an existing file keeps its owner and mode */
	a->type = S_IFREG;
	/* keep an existing file's owner and mode; new ones get what
	 * Debian and RHEL give rules.d files */
	a->uid = a->existed ? s->own_st.st_uid : 0;
	a->gid = a->existed ? s->own_st.st_gid : 0;
	a->mode = a->existed ? (s->own_st.st_mode & 07777) : 0640;
	a->old_uid = a->uid;
	a->old_gid = a->gid;
	a->old_mode = a->mode;
	if (a->existed) {
		a->old_data = s->own_raw;
		a->old_len = s->own_len;
		s->own_raw = NULL;
	}
	a->data = text;
	a->len = len;
	text = NULL;
	a->diff = diff_unified(AUDITRULES_FILE, a->old_data, a->old_len,
	    a->data, a->len);
	if (a->diff == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	{
		size_t add = count_lines(a->diff, '+'), del = count_lines(a->diff, '-');

		if (asprintf(&a->summary, "%s audit rules file (%zu lines added, "
		    "%zu removed)", a->existed ? "rewrite" : "create", add,
		    del) < 0) {
			a->summary = NULL;
			rc = -ENOMEM;
			goto out;
		}
	}
	rc = 1;
out:
	free(text);
	free(ids);
	return rc;
}

/* The rule the kernel should hold for want rule r: the line of the file
 * that satisfies it (ours, or another rules.d file's), with -w resolved
 * to path= or dir= as auditctl does, by whether the path is a directory. */
static int
kernel_rule(const struct s1 *s, const struct arules *file,
    const struct arule *r, struct arules *out)
{
	const struct arule *f = arules_find(file, r);
	struct arule k;

	if (f == NULL && (f = arules_find(s->others, r)) == NULL)
		f = r;
	k = *f;
	if (k.kind == AR_WATCH)
		k.kind = s1_is_dir(s, k.path) ? AR_DIR : AR_PATH;
	if (arules_find(out, &k) != NULL)
		return 0;
	return arules_add(out, &k);
}

/* The payload of ACT_AUDIT_LOAD: one auditctl line per rule, -w already
 * resolved to path= or dir= (apply parses it back). */
static int
rules_text(const struct arules *rules, char **ret, size_t *ret_len)
{
	struct strv lines = { 0 };
	char *line, *text = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; i < rules->n && rc == 0; i++)
		if ((rc = arule_format(&rules->v[i], &line)) == 0) {
			rc = strv_add(&lines, line);
			free(line);
		}
	if (rc == 0 && (rc = strv_add(&lines, "")) == 0 &&
	    (text = strv_join(&lines, "\n")) == NULL)
		rc = -ENOMEM;
	strv_free(&lines);
	if (rc < 0)
		return rc;
	*ret = text;
	*ret_len = strlen(text);
	return 0;
}

static int
plan_kernel(struct s1 *s, const struct want *w, size_t nw,
    const struct arules *file)
{
	const struct kaudit_state *k = &s->h->kernel;
	struct arules missing = { 0 };
	struct action *a;
	char *ids = NULL, *line;
	size_t i, j;
	int rc;

	if (!s->h->kernel_asked || k->err != 0) {
		/* no live layer: the file alone is the fix; verify says why */
		rc = 0;
		goto out;
	}
	for (i = 0; i < nw; i++) {
		for (j = 0; j < w[i].rules.n; j++) {
			const struct arule *r = &w[i].rules.v[j];
			size_t before = missing.n;

			if (arules_find(&k->rules, r) != NULL ||
			    !s1_parent_exists(s, r->path))
				continue;
			if ((rc = kernel_rule(s, file, r, &missing)) < 0)
				goto out;
			if (missing.n == before)
				continue;
			if ((rc = ids_add(&ids, s->run->prof->ctl[w[i].idx].id)) < 0 ||
			    (rc = arule_format(&missing.v[missing.n - 1], &line)) < 0)
				goto out;
			rc = result_add_change(res_of(s->run, w[i].idx), "%s: %s",
			    k->enabled == 2 ? "at next boot (kernel rules "
			    "immutable)" : "load into kernel", line);
			free(line);
			if (rc < 0)
				goto out;
		}
	}
	rc = 0;
	if (missing.n == 0)
		goto out;
	if (k->enabled == 2) {
		/* -e 2: only a reboot loads new rules */
		s->run->reboot_required = true;
		goto out;
	}
	if ((a = run_add_action(s->run, ACT_AUDIT_LOAD, ids, KERNEL_PATH)) == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	if ((rc = rules_text(&missing, &a->data, &a->len)) < 0)
		goto out;
	if (asprintf(&a->summary, "load %zu audit rule%s into the running "
	    "kernel (libaudit)", missing.n, missing.n == 1 ? "" : "s") < 0) {
		a->summary = NULL;
		rc = -ENOMEM;
	}
out:
	free(ids);
	arules_free(&missing);
	return rc;
}

/* The ids of the controls with rules on runtime paths, or NULL. */
static int
runtime_ids(const struct s1 *s, const struct want *w, size_t nw, char **ids)
{
	size_t i, j;
	int rc;

	*ids = NULL;
	for (i = 0; i < nw; i++)
		for (j = 0; j < w[i].rules.n; j++)
			if (w[i].rules.v[j].runtime) {
				if ((rc = ids_add(ids, s->run->prof->ctl[w[i].idx].id)) < 0)
					return rc;
				break;
			}
	return 0;
}

/* Runtime rules need the boot unit (sec1_boot.c). Its docker.service
 * drop-in is a unit file 1.1.x watch: resolve again to cover it. */
static int
plan_boot(struct s1 *s, struct want **w, size_t *nw)
{
	char *ids;
	int rc;

	if ((rc = runtime_ids(s, *w, *nw, &ids)) < 0 || ids == NULL)
		return rc;
	rc = sec1_boot_plan(s->h, s->run, ids);
	free(ids);
	if (rc <= 0)
		return rc;
	s1_wants_free(*w, *nw);
	return s1_resolve_all(s, w, nw);
}

static int
refuse_no_rulesd(struct s1 *s, const struct want *w, size_t nw)
{
	size_t i;
	int rc;

	for (i = 0; i < nw; i++) {
		struct result *res = res_of(s->run, w[i].idx);

		/* something it cannot do here, not refused input */
		if ((rc = result_set(res, ST_FAIL, "no %s: auditd is not "
		    "installed; install it (it provides %s and augenrules), "
		    "then run cisharden again", AUDITRULES_DIR,
		    AUDITRULES_DIR)) < 0)
			return rc;
		result_needs(res, NEED_PACKAGE_AUDITD);
	}
	return 0;
}

static int
plan_audit(struct s1 *s)
{
	struct want *w = NULL;
	struct arules file = { 0 }, elsewhere = { 0 };
	size_t nw = 0, i;
	int rc;

	if ((rc = s1_resolve_all(s, &w, &nw)) < 0 || nw == 0)
		goto out;
	for (i = 0; i < nw; i++)
		if (w[i].err != NULL &&
		    (rc = result_set(res_of(s->run, w[i].idx), ST_ERROR, "%s",
		    w[i].err)) < 0)
			goto out;
	if (s->rulesd_rc == -ENOENT) {
		rc = refuse_no_rulesd(s, w, nw);
		goto out;
	}
	if (s->rulesd_rc < 0) {
		for (i = 0; i < nw && rc >= 0; i++)
			rc = result_set(res_of(s->run, w[i].idx), ST_ERROR,
			    "cannot read %s: %s", AUDITRULES_DIR,
			    strerror(-s->rulesd_rc));
		goto out;
	}
	if (s->own_rc < 0 && s->own_rc != -ENOENT) {
		/* a symlink, hard link or non-file is never replaced */
		for (i = 0; i < nw && rc >= 0; i++)
			rc = result_refuse(res_of(s->run, w[i].idx), "%s cannot "
			    "be replaced safely (%s); make it a regular file "
			    "or remove it", AUDITRULES_FILE, strerror(-s->own_rc));
		goto out;
	}
	if (s->boot_unit && (rc = plan_boot(s, &w, &nw)) < 0)
		goto out;
	if ((rc = build_file(s, w, nw, &file, &elsewhere)) < 0 ||
	    (rc = plan_write(s, w, nw, &file, &elsewhere)) < 0)
		goto out;
	rc = s->ctx->offline ? 0 : plan_kernel(s, w, nw, &file);
out:
	arules_free(&file);
	arules_free(&elsewhere);
	s1_wants_free(w, nw);
	return rc;
}

/* --- verify the audit controls ---------------------------------------- */

/* "missing in rules.d: A, B" style list of the rules of w that list
 * lacks (only those whose parent exists when live is set). */
static int
missing_in(const struct s1 *s, const struct want *w, const struct arules *l1,
    const struct arules *l2, bool live, struct strv *out)
{
	size_t i;
	int rc;

	for (i = 0; i < w->rules.n; i++) {
		const struct arule *r = &w->rules.v[i];
		char *line;

		if (arules_find(l1, r) != NULL ||
		    (l2 != NULL && arules_find(l2, r) != NULL))
			continue;
		if (live && !s1_parent_exists(s, r->path))
			continue;
		if (arule_format(r, &line) < 0)
			return -ENOMEM;
		rc = strv_add(out, line);
		free(line);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
watched_paths(const struct want *w, char **ret)
{
	struct strv p = { 0 }, x = { 0 };
	char *a = NULL, *b = NULL;
	size_t i;
	int rc = 0;

	*ret = NULL;
	for (i = 0; i < w->rules.n && rc == 0; i++)
		rc = strv_add(w->rules.v[i].never ? &x : &p, w->rules.v[i].path);
	if (rc < 0 || (a = strv_join(&p, ", ")) == NULL)
		goto out;
	if (x.n == 0) {
		*ret = a;
		a = NULL;
	} else if ((b = strv_join(&x, ", ")) == NULL ||
	    asprintf(ret, "%s, excluding %s (never-rules first)", a, b) < 0)
		*ret = NULL;
out:
	free(a);
	free(b);
	strv_free(&p);
	strv_free(&x);
	return *ret == NULL ? -ENOMEM : 0;
}

/* 1.1.5's never-rules must come before the watch that covers them, in
 * the rules file and in the kernel (both list rules in evaluation
 * order): 1 with the result set when one does not, else 0. */
static int
check_never_order(const struct s1 *s, const struct want *w,
    const struct kaudit_state *k, bool files, bool kernel, struct result *res)
{
	const struct arule *sh = NULL;
	size_t i;

	for (i = 0; i < w->rules.n; i++) {
		const struct arule *r = &w->rules.v[i];
		bool in_file;

		if (!r->never)
			continue;
		in_file = files && (sh = arules_never_shadowed(s->own, r)) != NULL;
		if (!in_file && !(kernel && k->err == 0 &&
		    (sh = arules_never_shadowed(&k->rules, r)) != NULL))
			continue;
		return result_set(res, ST_FAIL, "the never-rule for %s comes after "
		    "the watch of %s in %s, and the first matching rule decides: "
		    "it excludes nothing%s", r->path, sh->path, in_file ?
		    AUDITRULES_FILE : "the kernel's rules", in_file ? "" :
		    " (cisharden never deletes kernel rules: load the rules again "
		    "in file order with augenrules --load, or reboot)") < 0 ?
		    -ENOMEM : 1;
	}
	return 0;
}

static int
verify_one(struct s1 *s, const struct want *w, const struct kaudit_state *k,
    bool files, bool kernel)
{
	struct result *res = res_of(s->run, w->idx);
	struct strv mf = { 0 }, mk = { 0 };
	char *paths = NULL, *a = NULL, *b = NULL, *skipped = NULL;
	int rc;

	if (w->err != NULL)
		return result_set(res, ST_ERROR, "%s", w->err);
	if (w->rules.n == 0) {
		struct strv sk = w->skipped;

		if ((skipped = strv_join(&sk, ", ")) == NULL)
			return -ENOMEM;
		rc = result_set(res, ST_NA, "nothing on this host can take "
		    "a watch: %s", skipped);
		free(skipped);
		return rc;
	}
	if (files && s->rulesd_rc == -ENOENT)
		return result_needs(res, NEED_PACKAGE_AUDITD),
		    result_set(res, ST_FAIL, "no %s: auditd is not "
		    "installed; install it (it provides %s and augenrules), "
		    "then run cisharden again", AUDITRULES_DIR, AUDITRULES_DIR);
	if (files && s->rulesd_rc < 0)
		return result_set(res, ST_ERROR, "cannot read %s: %s",
		    AUDITRULES_DIR, strerror(-s->rulesd_rc));
	if ((files && (rc = missing_in(s, w, s->own, s->others, false,
	    &mf)) < 0) ||
	    (kernel && k->err == 0 && (rc = missing_in(s, w, &k->rules, NULL,
	    true, &mk)) < 0) ||
	    (rc = watched_paths(w, &paths)) < 0)
		goto out;
	if (mf.n > 0 || mk.n > 0) {
		if ((a = strv_join(&mf, "; ")) == NULL ||
		    (b = strv_join(&mk, "; ")) == NULL) {
			rc = -ENOMEM;
			goto out;
		}
		if (mf.n == 0 && k->enabled == 2)
			rc = result_set(res, ST_PENDING, "in %s but not in the "
			    "kernel, whose rules are immutable (enabled 2): "
			    "reboot to load %s", AUDITRULES_DIR, b);
		else
			rc = result_set(res, ST_FAIL, "%s%s%s%s%s%s",
			    mf.n ? "missing in rules.d: " : "", mf.n ? a : "",
			    mf.n && mk.n ? "; " : "",
			    mk.n ? "missing in the kernel: " : "",
			    mk.n ? b : "", mf.n && s->unreadable->n ?
			    " (some rules.d files could not be read)" : "");
		goto out;
	}
	if ((rc = check_never_order(s, w, k, files, kernel, res)) != 0) {
		rc = rc < 0 ? rc : 0;
		goto out;
	}
	if (kernel && k->err != 0 && !files)
		rc = result_set(res, ST_ERROR, "cannot read kernel audit "
		    "rules: %s", kaudit_strerror(k->err));
	else if (kernel && k->err != 0)
		rc = result_set(res, ST_PASS, "watched in rules.d: %s (kernel "
		    "not checked: %s)", paths, kaudit_strerror(k->err));
	else
		rc = result_set(res, ST_PASS, "watched%s%s%s: %s%s",
		    files ? " in rules.d" : "", files && kernel ? " and" : "",
		    kernel ? " in the kernel" : "", paths,
		    kernel && k->enabled == 0 ? " (kernel auditing is off, "
		    "enabled 0: the rules log nothing until auditd enables it)" :
		    "");
out:
	free(paths);
	free(a);
	free(b);
	strv_free(&mf);
	strv_free(&mk);
	return rc;
}

/* Runtime rules that pass in rules.d still fail without the boot unit
 * that loads them: after a reboot the kernel would not have them. */
static int
verify_boot(struct s1 *s, const struct want *w, size_t nw)
{
	struct strv bad = { 0 };
	char *ids = NULL, *list = NULL;
	size_t i;
	int rc;

	if ((rc = runtime_ids(s, w, nw, &ids)) < 0 || ids == NULL ||
	    (rc = sec1_boot_check(s->h, &bad)) < 0 || bad.n == 0)
		goto out;
	if ((list = strv_join(&bad, ", ")) == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	for (i = 0; i < nw && rc >= 0; i++) {
		const struct control *c = &s->run->prof->ctl[w[i].idx];
		struct result *res = res_of(s->run, w[i].idx);

		if (idlist_has(ids, c->id) && res->st == ST_PASS)
			rc = result_set(res, ST_FAIL, "its rules on runtime "
			    "paths do not load at boot: missing or changed: %s",
			    list);
	}
out:
	free(ids);
	free(list);
	strv_free(&bad);
	return rc;
}

static int
verify_audit(struct s1 *s)
{
	const struct kaudit_state *k = &s->h->kernel;
	struct want *w = NULL;
	size_t nw = 0, i;
	bool files, kernel;
	int rc;

	files = ctx_files(s->ctx);	/* --root: never --scope live */
	kernel = ctx_live(s->ctx) &&
	    s->h->kernel_asked;
	if ((rc = s1_resolve_all(s, &w, &nw)) < 0 || nw == 0)
		goto out;
	for (i = 0; i < nw; i++)
		if ((rc = verify_one(s, &w[i], k, files, kernel)) < 0)
			goto out;
	if (files && s->boot_unit && (rc = verify_boot(s, w, nw)) < 0)
		goto out;
	if (kernel && k->err == 0 && k->enabled == 2)
		for (i = 0; i < nw; i++)
			if (s->run->res[w[i].idx].st == ST_PENDING)
				s->run->reboot_required = true;
out:
	s1_wants_free(w, nw);
	return rc;
}

/* --- entry points ------------------------------------------------------ */

static int
run_sec1(const struct ctx *ctx, const struct host *h, const struct strv *creates,
    struct run *run, bool plan)
{
	struct s1 s;
	int rc;

	struct s1err e = { NULL, false };

	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.h = h;
	s.run = run;
	s.creates = creates;
	s.boot_unit = h->systemd_boots;
	s.e = &e;
	if ((rc = s1_load_files(&s)) < 0 || (rc = sec1_host_judge(h, run)) < 0)
		goto out;
	rc = plan ? plan_audit(&s) : verify_audit(&s);
out:
	free(e.msg);
	s1_clear(&s);
	return rc < 0 ? rc : 0;
}

int
sec1_plan(const struct ctx *ctx, const struct host *h, const struct strv *creates,
    struct run *run)
{
	return run_sec1(ctx, h, creates, run, true);
}

int
sec1_verify(const struct ctx *ctx, const struct host *h, struct run *run)
{
	return run_sec1(ctx, h, NULL, run, false);
}

