/*
 * sec1_resolve.c - section 1's audit targets resolved into the rules each
 * control wants on this tree (from the observation's candidates and
 * stats), and the runtime rules audit-runtime loads (see sec1_audit.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "sec1.h"
#include "sec1_audit.h"

#define DEFAULT_KEY "docker"

/* The observed stat of path: 0 (in *ret), -ENOENT/-ENOTDIR when it is
 * not there, else -1 with the error noted in s->e. */
static int
s1_stat(const struct s1 *s, const char *path, struct stat *ret)
{
	const struct pathobs *p = host_path(s->h, path);
	int n = 0;

	if (p != NULL && (p->rc == 0 || p->rc == -ENOENT || p->rc == -ENOTDIR)) {
		*ret = p->st;
		return p->rc;
	}
	if (s->e->msg == NULL && !s->e->oom) {
		n = p == NULL ? asprintf(&s->e->msg, "%s was not observed "
		    "(an internal error)", path) : asprintf(&s->e->msg,
		    "cannot stat %s: %s", path, strerror(-p->rc));
		if (n < 0) {
			s->e->msg = NULL;
			s->e->oom = true;
		}
	}
	return -1;
}

void
s1_clear(struct s1 *s)
{
	free(s->own_raw);
}

static void
want_clear(struct want *w)
{
	arules_free(&w->rules);
	strv_free(&w->skipped);
	free(w->err);
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The rules.d files as the observation read and parsed them. */
int
s1_load_files(struct s1 *s)
{
	const struct textobs *own = &s->h->own_rules;

	s->own = &s->h->own_parsed;
	s->others = &s->h->others_parsed;
	s->unreadable = &s->h->rulesd_unreadable;
	s->own_rc = own->path != NULL ? own->rc : -ENOENT;
	s->rulesd_rc = s->h->rulesd_rc;
	if (s->own_rc != 0)
		return 0;
	/* the old text: the diff's left side and the backup's bytes */
	if ((s->own_raw = malloc(own->len + 1)) == NULL)
		return -ENOMEM;
	memcpy(s->own_raw, own->text, own->len + 1);
	s->own_len = own->len;
	s->own_st = own->st;
	return 0;
}

/* A path whose parent directory lives on /run and is created after the
 * audit rules load at boot (by dockerd, containerd or systemd). */
bool
s1_is_runtime(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t plen = (size_t)(slash - path);

	if (strncmp(path, "/run/", 5) == 0)
		return plen > 4;
	if (strncmp(path, "/var/run/", 9) == 0)
		return plen > 8;
	return false;
}

bool
s1_is_dir(const struct s1 *s, const char *path)
{
	struct stat st;

	return s1_stat(s, path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A file the plan writes at path, or below dir/ (s->creates: the
 * docker.socket drop-in of 3.15/3.16, a new daemon.json), so that the
 * audit rules cover it. */
static bool
planned_write(const struct s1 *s, const char *path, bool below)
{
	size_t i, n = strlen(path);

	for (i = 0; s->creates != NULL && i < s->creates->n; i++) {
		const char *w = s->creates->v[i];

		if (below ? strncmp(w, path, n) == 0 && w[n] == '/' :
		    strcmp(w, path) == 0)
			return true;
	}
	return false;
}

bool
s1_parent_exists(const struct s1 *s, const char *path)
{
	char *parent;
	bool ok;

	if ((parent = strdup(path)) == NULL)
		return false;
	*strrchr(parent, '/') = '\0';
	ok = s1_is_dir(s, parent[0] ? parent : "/") ||
	    planned_write(s, parent[0] ? parent : "", true);
	free(parent);
	return ok;
}

/* One spelling per file: on merged-/usr (/lib -> usr/lib, /bin ->
 * usr/bin) /lib/systemd/system/docker.service and /usr/lib/... are one
 * watch. Paths are the same file when their parent directories are the
 * same inode and the names are equal; the first spelling stays (the
 * profile lists the CIS spelling first). A path whose parent is missing
 * is kept as it is. */
static int
dedupe_paths(const struct s1 *s, struct strv *paths)
{
	struct strv out = { 0 };
	struct stat *ids;
	bool *has;
	size_t i, j;
	int rc = 0;

	if (paths->n < 2)
		return 0;
	ids = calloc(paths->n, sizeof(*ids));
	has = calloc(paths->n, sizeof(*has));
	if (ids == NULL || has == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	for (i = 0; i < paths->n && rc == 0; i++) {
		char *parent = strdup(paths->v[i]), *slash;
		bool dup = false;

		if (parent == NULL) {
			rc = -ENOMEM;
			break;
		}
		slash = strrchr(parent, '/');
		/* a never-rule candidate is one path under the data root */
		if (slash != NULL && strncmp(parent, AUDIT_NEVER_MARK,
		    strlen(AUDIT_NEVER_MARK)) != 0) {
			*slash = '\0';
			has[i] = s1_stat(s, parent[0] ? parent : "/",
			    &ids[i]) == 0;
		}
		for (j = 0; has[i] && j < i && !dup; j++)
			dup = has[j] && ids[j].st_dev == ids[i].st_dev &&
			    ids[j].st_ino == ids[i].st_ino &&
			    strcmp(strrchr(paths->v[j], '/'),
			    strrchr(paths->v[i], '/')) == 0;
		free(parent);
		if (!dup)
			rc = strv_add(&out, paths->v[i]);
	}
out:
	free(ids);
	free(has);
	if (rc < 0) {
		strv_free(&out);
		return rc;
	}
	strv_free(paths);
	*paths = out;
	return 0;
}

/* The drop-ins of unit name that the plan writes (section 3's socket
 * drop-in), at the mark expand_unit() left in the observed targets. */
static int
planned_dropins(const struct s1 *s, const char *name, struct strv *out)
{
	size_t i, j, n, ln = strlen(name);
	int rc = 0;

	for (i = 0; s->creates != NULL && i < s->creates->n && rc == 0; i++) {
		const char *w = s->creates->v[i], *f = strrchr(w, '/');

		if (!ends_with(w, ".conf"))
			continue;
		for (j = 0; j < HOST_NUNIT_DIRS && rc == 0; j++) {
			n = strlen(host_unit_dirs[j]);
			/* w is UNITDIR/NAME.d/FILE.conf */
			if (strncmp(w, host_unit_dirs[j], n) == 0 && w[n] == '/' &&
			    strncmp(w + n + 1, name, ln) == 0 &&
			    strncmp(w + n + 1 + ln, ".d/", 3) == 0 &&
			    w + n + 1 + ln + 2 == f)
				rc = strv_add(out, w);
		}
	}
	return rc;
}

/* Parameters of an audit control: key, style, perm. */
static int
rule_template(const struct profile *prof, const struct control *c,
    struct arule *tmpl, char **err)
{
	const char *key = profile_param_str(prof, c, "audit_key");
	const char *style = profile_param_str(prof, c, "style");
	const char *perm = profile_param_str(prof, c, "perm");
	int n = 0;

	memset(tmpl, 0, sizeof(*tmpl));
	tmpl->key = (char *)(key ? key : DEFAULT_KEY);
	tmpl->kind = AR_WATCH;
	tmpl->perm = AR_PERM_ALL;
	if (style != NULL && strcmp(style, "path") == 0)
		tmpl->kind = AR_PATH;
	else if (style != NULL && strcmp(style, "dir") == 0)
		tmpl->kind = AR_DIR;	/* recursive, as the kernel loads it too */
	if (!arule_key_ok(tmpl->key))
		n = asprintf(err, "parameter audit_key \"%s\" is not a valid "
		    "audit key (1-256 printable characters, no blanks or #)",
		    tmpl->key);
	else if (style != NULL && strcmp(style, "watch") != 0 &&
	    strcmp(style, "path") != 0 && strcmp(style, "dir") != 0)
		n = asprintf(err, "parameter style must be \"watch\", \"path\" "
		    "or \"dir\", not \"%s\"", style);
	else if (perm != NULL && arule_perm_parse(perm, &tmpl->perm) < 0)
		n = asprintf(err, "parameter perm \"%s\" is not a subset of "
		    "rwxa", perm);
	if (n < 0)
		return -ENOMEM;
	return 0;
}

/* The observed targets of control idx, or NULL. */
static const struct auditobs *
audit_obs(const struct host *h, size_t idx)
{
	size_t i;

	for (i = 0; i < h->naudit; i++)
		if (h->audit[i].idx == idx)
			return &h->audit[i];
	return NULL;
}

/* The observed targets with the plan's own files (s->creates) put in at
 * their marks. */
static int
target_paths(const struct s1 *s, const struct auditobs *o, struct strv *out)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < o->paths.n && rc == 0; i++) {
		const char *p = o->paths.v[i];

		rc = strncmp(p, "unit:", 5) == 0 ? planned_dropins(s, p + 5, out) :
		    strv_add(out, p);
	}
	return rc;
}

/* Resolve control idx into the rules it needs on this host. */
static int
resolve(const struct s1 *s, size_t idx, struct want *w)
{
	const struct profile *prof = s->run->prof;
	const struct control *c = &prof->ctl[idx];
	const struct auditobs *o = audit_obs(s->h, idx);
	struct strv paths = { 0 };
	struct arule r;
	enum ar_kind kind;
	size_t i;
	int rc;

	memset(w, 0, sizeof(*w));
	w->idx = idx;
	free(s->e->msg);	/* each control its own observation errors */
	s->e->msg = NULL;
	if ((rc = rule_template(prof, c, &r, &w->err)) < 0 || w->err != NULL)
		return rc;
	if (o == NULL)		/* observe.c expands every active control */
		return asprintf(&w->err, "%s: targets not observed (an "
		    "internal error)", c->id) < 0 ? -ENOMEM : 0;
	if (o->err != NULL && (w->err = strdup(o->err)) == NULL)
		return -ENOMEM;
	if ((rc = target_paths(s, o, &paths)) < 0 ||
	    (rc = dedupe_paths(s, &paths)) < 0)
		goto out;
	r.ctl_ids = (char *)c->id;	/* arules_add copies it */
	r.order = (int)idx;
	kind = r.kind;
	for (i = 0; i < paths.n; i++) {
		char *note;

		r.path = paths.v[i];
		r.never = strncmp(r.path, AUDIT_NEVER_MARK,
		    strlen(AUDIT_NEVER_MARK)) == 0;
		if (r.never) {
			r.path += strlen(AUDIT_NEVER_MARK);
			r.kind = AR_DIR;
		} else
			r.kind = kind;
		r.runtime = s1_is_runtime(r.path);
		if (r.never && arule_path_ok(r.path)) {
			/* an existing store (its parent then exists), or
			 * nothing to exclude */
			if (s1_is_dir(s, r.path) && (rc = arules_add(&w->rules, &r)) < 0)
				goto out;
			continue;
		}
		if (!arule_path_ok(r.path))
			rc = asprintf(&note, "%s (not a path auditctl can take)",
			    r.path);
		else if (s1_parent_exists(s, r.path) ||
		    (r.runtime && (s->boot_unit ||
		    arules_find(s->own, &r) != NULL))) {
			/* a runtime rule already written stays while its
			 * daemon is stopped, so the file does not flap; with
			 * systemd the boot unit loads it once its directory
			 * exists, so it is written even before (image bakes) */
			if ((rc = arules_add(&w->rules, &r)) < 0)
				goto out;
			continue;
		} else
			rc = asprintf(&note, "%s (no parent directory)", r.path);
		if (rc < 0) {
			rc = -ENOMEM;
			goto out;
		}
		rc = strv_add(&w->skipped, note);
		free(note);
		if (rc < 0)
			goto out;
	}
	rc = 0;
out:
	strv_free(&paths);
	if (rc == 0 && s->e->oom)
		rc = -ENOMEM;
	else if (rc == 0 && s->e->msg != NULL && w->err == NULL) {
		w->err = s->e->msg;	/* an error is never "no parent" */
		s->e->msg = NULL;
	}
	return rc;
}

bool
s1_is_audit_ctl(const struct control *c)
{
	return c->section == 1 && c->kind == KIND_AUDIT_RULE && control_active(c);
}

int
s1_resolve_all(const struct s1 *s, struct want **ret, size_t *ret_n)
{
	const struct profile *prof = s->run->prof;
	struct want *w;
	size_t i, n = 0;
	int rc;

	*ret = NULL;
	*ret_n = 0;
	if ((w = calloc(prof->nctl + 1, sizeof(*w))) == NULL)
		return -ENOMEM;
	for (i = 0; i < prof->nctl; i++) {
		if (!s1_is_audit_ctl(&prof->ctl[i]))
			continue;
		if ((rc = resolve(s, i, &w[n++])) < 0) {
			while (n-- > 0)
				want_clear(&w[n]);
			free(w);
			return rc;
		}
	}
	*ret = w;
	*ret_n = n;
	return 0;
}

void
s1_wants_free(struct want *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		want_clear(&w[i]);
	free(w);
}

/* --- cisharden audit-runtime ------------------------------------------ */

/* The watch rules of list on runtime paths, as the kernel takes them. */
static int
pick_runtime(const struct s1 *s, const struct arules *list, struct arules *out)
{
	size_t i;
	int rc;

	for (i = 0; i < list->n; i++) {
		struct arule k = list->v[i];

		if (!s1_is_runtime(k.path))
			continue;
		if (k.kind == AR_WATCH)
			k.kind = s1_is_dir(s, k.path) ? AR_DIR : AR_PATH;
		if (arules_find(out, &k) == NULL && (rc = arules_add(out, &k)) < 0)
			return rc;
	}
	return 0;
}

/* What cisharden-audit-runtime.service loads after dockerd and
 * containerd start: what augenrules could not load at boot, from every
 * rules.d file, and nothing else (apply_audit_runtime loads it). */
int
sec1_runtime_rules(const struct host *h, struct arules *want, char **ret_err)
{
	struct s1err e = { NULL, false };
	struct s1 s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.h = h;
	s.e = &e;
	*ret_err = NULL;
	if (h->rulesd_rc < 0)
		return asprintf(ret_err, "%s: %s", AUDITRULES_DIR,
		    strerror(-h->rulesd_rc)) < 0 ? -ENOMEM : -EIO;
	if ((rc = s1_load_files(&s)) < 0 ||
	    (rc = pick_runtime(&s, s.own, want)) < 0 ||
	    (rc = pick_runtime(&s, s.others, want)) < 0)
		goto out;
	if (e.oom)
		rc = -ENOMEM;
	else if (e.msg != NULL) {	/* never loaded as the wrong kind */
		*ret_err = e.msg;
		e.msg = NULL;
		rc = -EIO;
	}
out:
	free(e.msg);
	s1_clear(&s);
	return rc;
}
