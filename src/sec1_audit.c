/*
 * sec1_audit.c - CIS section 1: audit watches (1.1.3-1.1.18) in one
 * rules.d file plus the running kernel, and the host checks 1.1.1, 1.1.2,
 * 1.2.1 and 1.2.2, which are reported, never changed.
 *
 * Plan: resolve every active audit control's targets to paths on this
 * host, keep those whose parent directory exists (the kernel refuses a
 * watch without one), drop rules another rules.d file already has, and
 * write AUDITRULES_FILE when its text differs. Then, live only, one hook
 * adds the rules the kernel lacks through libaudit. Verify checks both
 * layers with the same resolution.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "auditrules.h"
#include "diff.h"
#include "host.h"
#include "kaudit.h"
#include "profile.h"
#include "safeio.h"
#include "sec1.h"
#include "strv.h"

#define DEFAULT_KEY "docker"
#define DEFAULT_DATA_ROOT "/var/lib/docker"
#define KERNEL_PATH "kernel audit rules"

/* Where binary:NAME looks, in PATH order. */
static const char *const bin_dirs[] = {
	"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
	"/sbin", "/bin",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* One call's view of the host's rules files and the kernel. */
struct s1 {
	const struct ctx *ctx;
	const struct host *h;
	struct run *run;
	const struct kaudit_ops *ops;
	void *ops_arg;
	int rulesd_rc;		/* 0, or -errno listing rules.d */
	int own_rc;		/* 0 read, -ENOENT missing, -errno */
	char *own_raw;
	size_t own_len;
	struct stat own_st;
	struct arules own;	/* rules in AUDITRULES_FILE */
	struct arules others;	/* rules in the other rules.d files */
	struct strv unreadable;	/* other rules.d files we could not read */
};

/* What one audit control wants. */
struct want {
	size_t idx;		/* in prof->ctl */
	struct arules rules;	/* ctl_ids = the control id */
	struct strv skipped;	/* "PATH (no parent directory)" */
	char *err;		/* bad target or parameter */
};

static void
s1_clear(struct s1 *s)
{
	free(s->own_raw);
	arules_free(&s->own);
	arules_free(&s->others);
	strv_free(&s->unreadable);
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

/* Read one rules.d file (following an in-root symlink, as augenrules'
 * cat does) and append its watch rules. */
static int
read_rules_file(struct s1 *s, const char *path, struct arules *out,
    char **ret_raw, size_t *ret_len, struct stat *ret_st)
{
	char *real = NULL, *buf = NULL;
	size_t len = 0;
	struct stat st;
	int rc;

	rc = safeio_read(s->ctx->rootfd, path, SAFEIO_MAX_FILE, &buf, &len, &st);
	if (rc == -ELOOP && ret_raw == NULL &&
	    (rc = safeio_realpath(s->ctx->rootfd, path, &real)) == 0)
		rc = safeio_read(s->ctx->rootfd, real, SAFEIO_MAX_FILE, &buf,
		    &len, &st);
	free(real);
	if (rc < 0)
		return rc;
	if ((rc = arules_parse(buf, len, path, out)) < 0) {
		free(buf);
		return rc;
	}
	if (ret_raw != NULL) {
		*ret_raw = buf;
		*ret_len = len;
		*ret_st = st;
	} else
		free(buf);
	return 0;
}

static int
load_files(struct s1 *s)
{
	char **names = NULL, *p;
	size_t n = 0, i;
	int rc;

	s->own_rc = read_rules_file(s, AUDITRULES_FILE, &s->own, &s->own_raw,
	    &s->own_len, &s->own_st);
	if (s->own_rc == -ENOMEM)
		return -ENOMEM;
	s->rulesd_rc = safeio_list(s->ctx->rootfd, AUDITRULES_DIR, &names, &n);
	if (s->rulesd_rc == -ENOMEM)
		return -ENOMEM;
	for (i = 0; s->rulesd_rc == 0 && i < n; i++) {
		/* augenrules takes *.rules only */
		if (!ends_with(names[i], ".rules") ||
		    strcmp(names[i], strrchr(AUDITRULES_FILE, '/') + 1) == 0)
			continue;
		if (asprintf(&p, "%s/%s", AUDITRULES_DIR, names[i]) < 0) {
			rc = -ENOMEM;
			goto out;
		}
		rc = read_rules_file(s, p, &s->others, NULL, NULL, NULL);
		if (rc != -ENOMEM && rc < 0)
			rc = strv_add(&s->unreadable, p);
		free(p);
		if (rc < 0)
			goto out;
	}
	rc = 0;
out:
	if (s->rulesd_rc == 0)
		safeio_free_list(names, n);
	return rc;
}

/* A path whose parent directory lives on /run and is created after the
 * audit rules load at boot (by dockerd, containerd or systemd). */
static bool
is_runtime(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t plen = (size_t)(slash - path);

	if (strncmp(path, "/run/", 5) == 0)
		return plen > 4;
	if (strncmp(path, "/var/run/", 9) == 0)
		return plen > 8;
	return false;
}

static bool
is_dir(const struct ctx *ctx, const char *path)
{
	struct stat st;

	return safeio_stat(ctx->rootfd, path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A file another section plans to write at path, or below dir/. Section 1
 * plans last so that the audit rules cover what this run creates (the
 * docker.socket drop-in of 3.15/3.16, a new daemon.json). */
static bool
planned_write(const struct s1 *s, const char *path, bool below)
{
	size_t i, n = strlen(path);

	for (i = 0; s->run != NULL && i < s->run->nact; i++) {
		const struct action *a = &s->run->act[i];

		if (a->kind != ACT_WRITE || a->path == NULL)
			continue;
		if (below ? strncmp(a->path, path, n) == 0 && a->path[n] == '/' :
		    strcmp(a->path, path) == 0)
			return true;
	}
	return false;
}

static bool
parent_exists(const struct s1 *s, const char *path)
{
	char *parent;
	bool ok;

	if ((parent = strdup(path)) == NULL)
		return false;
	*strrchr(parent, '/') = '\0';
	ok = is_dir(s->ctx, parent[0] ? parent : "/") ||
	    planned_write(s, parent[0] ? parent : "", true);
	free(parent);
	return ok;
}

/* Watch a path as it is spelled: a symlink's own path, never the file
 * it points to. A link to a file outside the control's set (daemon.json
 * -> /etc/shadow) must not put a watch on that file; a link between the
 * control's own variants (/usr/bin/runc -> ../sbin/runc) needs nothing
 * more, because every existing variant is watched under its own name. */
static int
add_own_path(const char *path, struct strv *out)
{
	return strv_add(out, path);
}

/* binary:NAME: every installed copy in the binary directories, each
 * under its own name (a link among them is its own variant). */
static int
expand_binary(const struct ctx *ctx, const char *name, struct strv *out)
{
	struct stat st;
	size_t i;
	int rc = 0;

	for (i = 0; i < NELEM(bin_dirs) && rc == 0; i++) {
		char *p;

		if (asprintf(&p, "%s/%s", bin_dirs[i], name) < 0)
			return -ENOMEM;
		if (safeio_stat(ctx->rootfd, p, &st) == 0 && S_ISREG(st.st_mode))
			rc = strv_add(out, p);
		free(p);
	}
	return rc;
}

/* One spelling per file: on merged-/usr (/lib -> usr/lib, /bin ->
 * usr/bin) /lib/systemd/system/docker.service and /usr/lib/... are one
 * watch. Paths are the same file when their parent directories are the
 * same inode and the names are equal; the first spelling stays (the
 * profile lists the CIS spelling first). A path whose parent is missing
 * is kept as it is. */
static int
dedupe_paths(const struct ctx *ctx, struct strv *paths)
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
		if (slash != NULL) {
			*slash = '\0';
			has[i] = safeio_stat(ctx->rootfd, parent[0] ? parent : "/",
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

/* A unit file systemd could load: regular (a masked unit links to
 * /dev/null, which nobody should watch). */
static int
add_unit_file(const struct ctx *ctx, const char *path, struct strv *out)
{
	struct stat st;

	if (safeio_stat(ctx->rootfd, path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	return add_own_path(path, out);
}

/* unit:NAME: every copy on systemd's search path and its drop-ins. */
static int
expand_unit(const struct s1 *s, const char *name, struct strv *out)
{
	char **hl = NULL, **hd = NULL;
	size_t nhl = 0, nhd = 0, i, j;
	int rc = 0;

	if (strcmp(name, "docker.service") == 0) {
		hl = s->h->service_units, nhl = s->h->nservice_units;
		hd = s->h->service_dropins, nhd = s->h->nservice_dropins;
	} else if (strcmp(name, "docker.socket") == 0) {
		hl = s->h->socket_units, nhl = s->h->nsocket_units;
		hd = s->h->socket_dropins, nhd = s->h->nsocket_dropins;
	}
	for (i = 0; i < HOST_NUNIT_DIRS && rc == 0; i++) {
		char *p, *d, **names = NULL;
		size_t n = 0;

		if (asprintf(&p, "%s/%s", host_unit_dirs[i], name) < 0)
			return -ENOMEM;
		rc = add_unit_file(s->ctx, p, out);
		free(p);
		if (rc < 0 || asprintf(&d, "%s/%s.d", host_unit_dirs[i], name) < 0)
			return -ENOMEM;
		if (safeio_list(s->ctx->rootfd, d, &names, &n) == 0) {
			for (j = 0; j < n && rc == 0; j++) {
				if (!ends_with(names[j], ".conf"))
					continue;
				if (asprintf(&p, "%s/%s", d, names[j]) < 0) {
					rc = -ENOMEM;
					break;
				}
				rc = add_unit_file(s->ctx, p, out);
				free(p);
			}
			safeio_free_list(names, n);
		}
		free(d);
	}
	/* drop-ins this run plans to write (section 3's socket drop-in) */
	for (i = 0; s->run != NULL && i < s->run->nact && rc == 0; i++) {
		const struct action *a = &s->run->act[i];
		char *dir;

		if (a->kind != ACT_WRITE || a->existed || !ends_with(a->path, ".conf"))
			continue;
		if ((dir = strdup(a->path)) == NULL)
			return -ENOMEM;
		*strrchr(dir, '/') = '\0';
		for (j = 0; j < HOST_NUNIT_DIRS; j++) {
			size_t n = strlen(host_unit_dirs[j]);

			if (strncmp(dir, host_unit_dirs[j], n) == 0 && dir[n] == '/' &&
			    strncmp(dir + n + 1, name, strlen(name)) == 0 &&
			    strcmp(dir + n + 1 + strlen(name), ".d") == 0)
				rc = strv_add(out, a->path);
		}
		free(dir);
	}
	/* and whatever host.c found beyond that */
	for (i = 0; i < nhl && rc == 0; i++)
		rc = add_unit_file(s->ctx, hl[i], out);
	for (i = 0; i < nhd && rc == 0; i++)
		rc = add_unit_file(s->ctx, hd[i], out);
	return rc;
}

/* The data root dockerd uses: daemon.json "data-root" or --data-root
 * (the pre-23 name "graph" too), else the default. */
static const char *
data_root(const struct host *h)
{
	const char *v = host_option(h, "data-root", NULL);

	if (v == NULL)
		v = host_option(h, "graph", NULL);
	return v != NULL && v[0] == '/' ? v : DEFAULT_DATA_ROOT;
}

/* Normalise: no trailing slashes. */
static int
add_norm(const char *p, struct strv *out)
{
	char *c;
	size_t len;
	int rc;

	if ((c = strdup(p)) == NULL)
		return -ENOMEM;
	len = strlen(c);
	while (len > 1 && c[len - 1] == '/')
		c[--len] = '\0';
	rc = add_own_path(c, out);
	free(c);
	return rc;
}

/* Expand one profile target into candidate paths; *bad gets a message
 * for an unknown target. Syntax: profiles/cis-docker-1.5.0.yaml. */
static int
expand_target(const struct s1 *s, const char *t, struct strv *out, char **bad)
{
	const char *v;

	if (t[0] == '/')
		return add_norm(t, out);
	if (strncmp(t, "binary:", 7) == 0 && t[7] != '\0' &&
	    strchr(t + 7, '/') == NULL)
		return expand_binary(s->ctx, t + 7, out);
	if (strncmp(t, "unit:", 5) == 0 && t[5] != '\0' &&
	    strchr(t + 5, '/') == NULL)
		return expand_unit(s, t + 5, out);
	if (strcmp(t, "data-root") == 0)
		return add_norm(data_root(s->h), out);
	if (strcmp(t, "containerd-socket") == 0) {
		v = host_option(s->h, "containerd", NULL);
		if (v != NULL && strncmp(v, "unix://", 7) == 0)
			v += 7;
		return v != NULL && v[0] == '/' ? add_norm(v, out) : 0;
	}
	if (*bad == NULL && asprintf(bad, "unknown audit target \"%s\"", t) < 0)
		*bad = NULL;
	return 0;
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
	if (!arule_key_ok(tmpl->key))
		n = asprintf(err, "parameter audit_key \"%s\" is not a valid "
		    "audit key (1-256 printable characters, no blanks or #)",
		    tmpl->key);
	else if (style != NULL && strcmp(style, "watch") != 0 &&
	    strcmp(style, "path") != 0)
		n = asprintf(err, "parameter style must be \"watch\" or "
		    "\"path\", not \"%s\"", style);
	else if (perm != NULL && arule_perm_parse(perm, &tmpl->perm) < 0)
		n = asprintf(err, "parameter perm \"%s\" is not a subset of "
		    "rwxa", perm);
	if (n < 0)
		return -ENOMEM;
	return 0;
}

/* Resolve control idx into the rules it needs on this host. */
static int
resolve(const struct s1 *s, size_t idx, struct want *w)
{
	const struct profile *prof = s->run->prof;
	const struct control *c = &prof->ctl[idx];
	struct strv paths = { 0 };
	struct arule r;
	size_t i;
	int rc;

	memset(w, 0, sizeof(*w));
	w->idx = idx;
	if ((rc = rule_template(prof, c, &r, &w->err)) < 0 || w->err != NULL)
		return rc;
	for (i = 0; i < c->ntargets; i++)
		if ((rc = expand_target(s, c->targets[i], &paths, &w->err)) < 0)
			goto out;
	if ((rc = dedupe_paths(s->ctx, &paths)) < 0)
		goto out;
	r.ctl_ids = c->id;
	r.order = (int)idx;
	for (i = 0; i < paths.n; i++) {
		char *note;

		r.path = paths.v[i];
		r.runtime = is_runtime(r.path);
		if (!arule_path_ok(r.path))
			rc = asprintf(&note, "%s (not a path auditctl can take)",
			    r.path);
		else if (parent_exists(s, r.path) ||
		    (r.runtime && arules_find(&s->own, &r) != NULL)) {
			/* a runtime rule already written stays while its
			 * daemon is stopped, so the file does not flap */
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
	return rc;
}

static bool
is_audit_ctl(const struct control *c)
{
	return c->section == 1 && c->kind == KIND_AUDIT_RULE && control_active(c);
}

static int
resolve_all(const struct s1 *s, struct want **ret, size_t *ret_n)
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
		if (!is_audit_ctl(&prof->ctl[i]))
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

static void
wants_free(struct want *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		want_clear(&w[i]);
	free(w);
}

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

	for (i = 0; i < s->own.n; i++) {
		const struct arule *r = &s->own.v[i];
		bool keep = false, active = false;
		int order = INT_MAX;

		for (j = 0; j < prof->nctl; j++) {
			const struct control *c = &prof->ctl[j];

			if (!idlist_has(r->ctl_ids, c->id))
				continue;
			if (is_audit_ctl(c))
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
			k.runtime = is_runtime(r->path);
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
			const struct arule *o = arules_find(&s->others, r);

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

			if (arules_find(&s->own, r) != NULL ||
			    arules_find(&s->others, r) != NULL)
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
	for (i = 0; i < s->own.n; i++) {
		const struct arule *r = &s->own.v[i];

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

	if (f == NULL && (f = arules_find(&s->others, r)) == NULL)
		f = r;
	k = *f;
	if (k.kind == AR_WATCH)
		k.kind = is_dir(s->ctx, k.path) ? AR_DIR : AR_PATH;
	if (arules_find(out, &k) != NULL)
		return 0;
	return arules_add(out, &k);
}

struct hook_arg {
	const struct kaudit_ops *ops;
	void *ops_arg;
	struct arules rules;
};

static void
hook_free(void *p)
{
	struct hook_arg *ha = p;

	if (ha == NULL)
		return;
	arules_free(&ha->rules);
	free(ha);
}

/* ACT_HOOK: add the planned rules the kernel still lacks. */
static int
load_hook(const struct ctx *ctx, struct action *a, char **ret_err)
{
	struct hook_arg *ha = a->hook_arg;
	struct kaudit_load res;
	int rc;

	(void)ctx;
	rc = kaudit_load(ha->ops, ha->ops_arg, &ha->rules, &res, ret_err);
	if (rc < 0)
		return rc;
	if (res.immutable) {
		free(*ret_err);
		if (asprintf(ret_err, "kernel audit rules are immutable "
		    "(enabled 2): reboot to load them") < 0)
			*ret_err = NULL;
		return -EPERM;
	}
	if (res.failed > 0)
		return -EIO;
	free(*ret_err);
	*ret_err = NULL;
	return res.added > 0 ? 1 : 0;
}

static int
plan_kernel(struct s1 *s, const struct want *w, size_t nw,
    const struct arules *file)
{
	struct kaudit_state st;
	struct arules missing = { 0 };
	struct hook_arg *ha = NULL;
	struct action *a;
	char *ids = NULL, *line;
	size_t i, j;
	int rc;

	if ((rc = kaudit_probe(s->ops, s->ops_arg, &st)) < 0)
		return rc;
	if (st.err != 0) {
		/* no live layer: the file alone is the fix; verify says why */
		rc = 0;
		goto out;
	}
	for (i = 0; i < nw; i++) {
		for (j = 0; j < w[i].rules.n; j++) {
			const struct arule *r = &w[i].rules.v[j];
			size_t before = missing.n;

			if (arules_find(&st.rules, r) != NULL ||
			    !parent_exists(s, r->path))
				continue;
			if ((rc = kernel_rule(s, file, r, &missing)) < 0)
				goto out;
			if (missing.n == before)
				continue;
			if ((rc = ids_add(&ids, s->run->prof->ctl[w[i].idx].id)) < 0 ||
			    (rc = arule_format(&missing.v[missing.n - 1], &line)) < 0)
				goto out;
			rc = result_add_change(res_of(s->run, w[i].idx), "%s: %s",
			    st.enabled == 2 ? "at next boot (kernel rules "
			    "immutable)" : "load into kernel", line);
			free(line);
			if (rc < 0)
				goto out;
		}
	}
	rc = 0;
	if (missing.n == 0)
		goto out;
	if (st.enabled == 2) {
		/* -e 2: only a reboot loads new rules */
		s->run->reboot_required = true;
		goto out;
	}
	if ((ha = calloc(1, sizeof(*ha))) == NULL ||
	    (a = run_add_action(s->run, ACT_HOOK, ids, KERNEL_PATH)) == NULL) {
		free(ha);
		rc = -ENOMEM;
		goto out;
	}
	ha->ops = s->ops;
	ha->ops_arg = s->ops_arg;
	ha->rules = missing;
	memset(&missing, 0, sizeof(missing));
	a->hook = load_hook;
	a->hook_arg = ha;
	a->hook_free = hook_free;
	a->live = true;
	if (asprintf(&a->summary, "load %zu audit rule%s into the running "
	    "kernel (libaudit)", ha->rules.n, ha->rules.n == 1 ? "" : "s") < 0) {
		a->summary = NULL;
		rc = -ENOMEM;
	}
out:
	free(ids);
	arules_free(&missing);
	kaudit_state_clear(&st);
	return rc;
}

static int
refuse_no_rulesd(struct s1 *s, const struct want *w, size_t nw)
{
	size_t i;
	int rc;

	for (i = 0; i < nw; i++) {
		struct result *res = res_of(s->run, w[i].idx);

		if ((rc = result_set(res, ST_FAIL, "no %s: auditd is not "
		    "installed", AUDITRULES_DIR)) < 0 ||
		    (rc = result_refuse(res, "install auditd (it provides %s "
		    "and augenrules), then run cisharden again",
		    AUDITRULES_DIR)) < 0)
			return rc;
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

	if ((rc = resolve_all(s, &w, &nw)) < 0 || nw == 0)
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
	if ((rc = build_file(s, w, nw, &file, &elsewhere)) < 0 ||
	    (rc = plan_write(s, w, nw, &file, &elsewhere)) < 0)
		goto out;
	rc = s->ctx->offline ? 0 : plan_kernel(s, w, nw, &file);
out:
	arules_free(&file);
	arules_free(&elsewhere);
	wants_free(w, nw);
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
		if (live && !parent_exists(s, r->path))
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
	struct strv p = { 0 };
	size_t i;
	int rc = 0;

	for (i = 0; i < w->rules.n && rc == 0; i++)
		rc = strv_add(&p, w->rules.v[i].path);
	*ret = rc < 0 ? NULL : strv_join(&p, ", ");
	strv_free(&p);
	return *ret == NULL ? -ENOMEM : 0;
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
		return result_set(res, ST_FAIL, "no %s: auditd is not "
		    "installed", AUDITRULES_DIR);
	if (files && s->rulesd_rc < 0)
		return result_set(res, ST_ERROR, "cannot read %s: %s",
		    AUDITRULES_DIR, strerror(-s->rulesd_rc));
	if ((files && (rc = missing_in(s, w, &s->own, &s->others, false,
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
			    mk.n ? b : "", mf.n && s->unreadable.n ?
			    " (some rules.d files could not be read)" : "");
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

static int
verify_audit(struct s1 *s)
{
	struct kaudit_state k = { 0 };
	struct want *w = NULL;
	size_t nw = 0, i;
	bool files, kernel;
	int rc;

	files = s->ctx->offline || s->ctx->scope != SCOPE_LIVE;
	kernel = !s->ctx->offline && s->ctx->scope != SCOPE_FILES;
	if ((rc = resolve_all(s, &w, &nw)) < 0 || nw == 0)
		goto out;
	if (kernel && (rc = kaudit_probe(s->ops, s->ops_arg, &k)) < 0)
		goto out;
	for (i = 0; i < nw; i++)
		if ((rc = verify_one(s, &w[i], &k, files, kernel)) < 0)
			goto out;
	if (kernel && k.err == 0 && k.enabled == 2)
		for (i = 0; i < nw; i++)
			if (s->run->res[w[i].idx].st == ST_PENDING)
				s->run->reboot_required = true;
out:
	kaudit_state_clear(&k);
	wants_free(w, nw);
	return rc;
}

/* --- 1.1.1: the data root on its own partition ------------------------- */

/* Undo the octal escapes of /proc/self/mounts and fstab ("\040"). */
static void
unescape(char *s)
{
	char *d = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
			    (s[3] - '0'));
			s += 3;
		} else
			*d++ = *s;
	}
	*d = '\0';
}

/* One mount: from /proc/self/mountinfo, or an /etc/fstab line. */
struct mnt {
	char *dev;		/* "254:0" (mountinfo only) */
	char *root;		/* the part of the filesystem mounted: "/" */
	char *mp;
	char *type;
	char *src;
	char *opts;
};

static bool
under(const char *dir, const char *mp)
{
	size_t n = strlen(mp);

	if (strcmp(mp, "/") == 0)
		return true;
	return strncmp(dir, mp, n) == 0 && (dir[n] == '/' || dir[n] == '\0');
}

/* Split one table line (modified in place). fstab: src mp type opts;
 * mountinfo: id parent dev root mp opts [optional...] - type src sopts. */
static bool
parse_mnt(char *line, bool info, struct mnt *m)
{
	char *t[32], *sp = NULL;
	size_t n = 0, i;

	memset(m, 0, sizeof(*m));
	while (isspace((unsigned char)*line))
		line++;
	if (*line == '#')
		return false;
	for (t[n] = strtok_r(line, " \t", &sp); t[n] != NULL;
	    t[n] = strtok_r(NULL, " \t", &sp))
		if (++n == 32)
			break;
	if (!info) {
		if (n < 2)
			return false;
		m->src = t[0], m->mp = t[1];
		m->type = n > 2 ? t[2] : "", m->opts = n > 3 ? t[3] : "";
		m->root = "/";
	} else {
		if (n < 7)
			return false;
		m->dev = t[2], m->root = t[3], m->mp = t[4], m->opts = t[5];
		for (i = 6; i < n && strcmp(t[i], "-") != 0; i++)
			;
		m->type = i + 1 < n ? t[i + 1] : "";
		m->src = i + 2 < n ? t[i + 2] : "";
	}
	unescape(m->mp);
	if (info)
		unescape(m->root);
	for (i = strlen(m->mp); i > 1 && m->mp[i - 1] == '/'; i--)
		m->mp[i - 1] = '\0';
	return m->mp[0] == '/';
}

/* Judge dir against the mount table text buf (fstab when !info). */
static int
judge_mounts(char *buf, bool info, const char *dir, struct result *res)
{
	struct mnt own = { 0 }, par = { 0 }, m;
	bool have_own = false, have_par = false;
	char *save = NULL, *line;
	size_t best = 0;

	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (!parse_mnt(line, info, &m))
			continue;
		/* later lines win: a later mount hides an earlier one */
		if (strcmp(m.mp, dir) == 0) {
			own = m;
			have_own = true;
		} else if (under(dir, m.mp) && strlen(m.mp) >= best) {
			best = strlen(m.mp);
			par = m;
			have_par = true;
		}
	}
	if (!have_own)
		return result_set(res, ST_FAIL, "%s is not a separate mount: "
		    "it is on %s%s; give it its own partition (cisharden "
		    "cannot)", dir, have_par ? par.mp : "/",
		    info ? "" : " (per /etc/fstab)");
	if (strcmp(own.root, "/") != 0 || strstr(own.opts, "bind") != NULL)
		return result_set(res, ST_FAIL, "%s is a bind mount (of %s on "
		    "%s), not a separate partition; dockerd bind-mounts its "
		    "data root onto itself", dir, own.root, own.src);
	if (info && have_par && strcmp(own.dev, par.dev) == 0)
		return result_set(res, ST_FAIL, "%s is mounted from the same "
		    "filesystem (%s) as %s, not a separate partition", dir,
		    own.src, par.mp);
	return result_set(res, ST_PASS, "%s is a separate mount: %s (%s)%s",
	    dir, own.src, own.type, info ? "" : " in /etc/fstab");
}

/* /proc is not part of the root tree: read it by its own path. */
static int
read_proc(const char *path, char **ret)
{
	size_t cap = 8192, len = 0;
	char *buf = malloc(cap), *n;
	int fd, rc = 0;

	if (buf == NULL)
		return -ENOMEM;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		free(buf);
		return -errno;
	}
	for (;;) {
		ssize_t r;

		if (len + 1 >= cap) {
			if (cap >= SAFEIO_MAX_FILE ||
			    (n = realloc(buf, cap * 2)) == NULL) {
				rc = cap >= SAFEIO_MAX_FILE ? -EFBIG : -ENOMEM;
				break;
			}
			buf = n;
			cap *= 2;
		}
		r = read(fd, buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			rc = -errno;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	buf[len] = '\0';
	*ret = buf;
	return 0;
}

static int
check_partition(struct s1 *s, struct result *res)
{
	const char *dr = data_root(s->h);
	char *dir = NULL, *buf = NULL, *path = NULL;
	size_t len;
	int rc;

	/* judge the real directory if the data root is a symlink */
	if (safeio_realpath(s->ctx->rootfd, dr, &dir) != 0 &&
	    (dir = strdup(dr)) == NULL)
		return -ENOMEM;
	len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		dir[--len] = '\0';
	if (s->ctx->offline) {
		rc = safeio_read(s->ctx->rootfd, "/etc/fstab", SAFEIO_MAX_FILE,
		    &buf, &len, NULL);
		if (rc == -ENOENT) {
			rc = result_set(res, ST_FAIL, "%s is not a separate "
			    "mount: the image has no /etc/fstab; give it its "
			    "own partition (cisharden cannot)", dir);
			goto out;
		}
	} else if (asprintf(&path, "%s/self/mountinfo", s->ctx->proc ?
	    s->ctx->proc : "/proc") < 0) {
		path = NULL;
		rc = -ENOMEM;
	} else
		rc = read_proc(path, &buf);
	if (rc < 0) {
		rc = rc == -ENOMEM ? rc : result_set(res, ST_ERROR,
		    "cannot read the mount table: %s", strerror(-rc));
		goto out;
	}
	rc = judge_mounts(buf, !s->ctx->offline, dir, res);
out:
	free(dir);
	free(buf);
	free(path);
	return rc;
}

/* --- 1.1.2: members of the docker group -------------------------------- */

/* Members of group name: its member list in /etc/group and users whose
 * primary group it is in /etc/passwd. *ret_found: the group exists. */
static int
group_members(const struct ctx *ctx, const char *name, struct strv *out,
    bool *ret_found)
{
	char *buf = NULL, *save = NULL, *line, gid[32] = "";
	size_t len;
	int rc;

	*ret_found = false;
	if ((rc = safeio_read(ctx->rootfd, "/etc/group", SAFEIO_MAX_FILE, &buf,
	    &len, NULL)) < 0)
		return rc == -ENOENT ? 0 : rc;
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *f[4] = { 0 }, *p = line, *m, *ms = NULL;
		int i;

		for (i = 0; i < 4 && p != NULL; i++) {
			f[i] = p;
			if ((p = strchr(p, ':')) != NULL)
				*p++ = '\0';
		}
		if (f[2] == NULL || strcmp(f[0], name) != 0)
			continue;
		*ret_found = true;
		snprintf(gid, sizeof(gid), "%s", f[2]);
		for (m = strtok_r(f[3] ? f[3] : "", ",", &ms); m != NULL;
		    m = strtok_r(NULL, ",", &ms))
			if (*m != '\0' && (rc = strv_add(out, m)) < 0)
				goto out;
		break;
	}
	free(buf);
	buf = NULL;
	if (!*ret_found || safeio_read(ctx->rootfd, "/etc/passwd",
	    SAFEIO_MAX_FILE, &buf, &len, NULL) < 0) {
		rc = 0;
		goto out;
	}
	save = NULL;
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *f[4] = { 0 }, *p = line;
		int i;

		for (i = 0; i < 4 && p != NULL; i++) {
			f[i] = p;
			if ((p = strchr(p, ':')) != NULL)
				*p++ = '\0';
		}
		if (f[3] != NULL && strcmp(f[3], gid) == 0 && f[0][0] != '\0' &&
		    (rc = strv_add(out, f[0])) < 0)
			goto out;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

/* trusted_users: a list of names, or one comma-separated string. */
static int
trusted_list(const cJSON *v, struct strv *out, bool *ret_set)
{
	const cJSON *e;
	int rc;

	*ret_set = false;
	if (cJSON_IsArray(v)) {
		*ret_set = true;
		cJSON_ArrayForEach(e, v)
			if (cJSON_IsString(e) && (rc = strv_add(out,
			    e->valuestring)) < 0)
				return rc;
	} else if (cJSON_IsString(v)) {
		char *c = strdup(v->valuestring), *save = NULL, *t;

		if (c == NULL)
			return -ENOMEM;
		*ret_set = true;
		for (t = strtok_r(c, ", ", &save); t != NULL;
		    t = strtok_r(NULL, ", ", &save))
			if ((rc = strv_add(out, t)) < 0) {
				free(c);
				return rc;
			}
		free(c);
	}
	return 0;
}

/* The group that owns the Docker socket: dockerd's "group" option
 * (-G) when set, else the target "group:NAME", parameter docker_group,
 * "docker". */
static const char *
group_name(const struct s1 *s, const struct control *c)
{
	const char *g = profile_param_str(s->run->prof, c, "docker_group");
	const char *opt = host_option(s->h, "group", NULL);
	size_t i;

	for (i = 0; i < c->ntargets; i++)
		if (strncmp(c->targets[i], "group:", 6) == 0 &&
		    c->targets[i][6] != '\0')
			g = c->targets[i] + 6;
	if (opt != NULL && opt[0] != '\0' && strcmp(opt, "true") != 0)
		g = opt;
	return g ? g : "docker";
}

static int
check_group(struct s1 *s, const struct control *c, struct result *res)
{
	const char *name = group_name(s, c);
	struct strv members = { 0 }, trusted = { 0 }, bad = { 0 };
	char *ml = NULL, *bl = NULL;
	bool found, set;
	size_t i;
	int rc;

	if ((rc = group_members(s->ctx, name, &members, &found)) < 0 ||
	    (rc = trusted_list(profile_param(s->run->prof, c,
	    "trusted_users"), &trusted, &set)) < 0)
		goto out;
	if (!found) {
		rc = result_set(res, ST_PASS, "no group %s in /etc/group: only "
		    "root can use the Docker socket", name);
		goto out;
	}
	for (i = 0; i < members.n; i++)
		if (!strv_has(&trusted, members.v[i]) &&
		    strcmp(members.v[i], "root") != 0 &&
		    (rc = strv_add(&bad, members.v[i])) < 0)
			goto out;
	if ((ml = strv_join(&members, ", ")) == NULL ||
	    (bl = strv_join(&bad, ", ")) == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	if (members.n == 0)
		rc = result_set(res, ST_PASS, "group %s has no members", name);
	else if (!set)
		rc = result_set(res, ST_MANUAL, "members of group %s in "
		    "/etc/group and /etc/passwd (they control dockerd, which "
		    "runs as root): %s; review them, or list the trusted ones "
		    "in parameter trusted_users", name, ml);
	else if (bad.n > 0)
		rc = result_set(res, ST_FAIL, "group %s has members not in "
		    "trusted_users: %s (all members: %s)", name, bl, ml);
	else
		rc = result_set(res, ST_PASS, "members of group %s, all in "
		    "trusted_users: %s", name, ml);
out:
	free(ml);
	free(bl);
	strv_free(&members);
	strv_free(&trusted);
	strv_free(&bad);
	return rc;
}

/* --- 1.2.x: manual ----------------------------------------------------- */

/* The installed engine package from the dpkg database, "docker.io
 * 20.10.24+dfsg1-1+b3", or NULL. */
static char *
dpkg_docker(const struct ctx *ctx)
{
	static const char *const pkgs[] = {
		"docker-ce", "docker.io", "moby-engine", "docker-engine",
	};
	char *buf = NULL, *save = NULL, *para, *ret = NULL;
	size_t len;

	if (safeio_read(ctx->rootfd, "/var/lib/dpkg/status", 64u << 20, &buf,
	    &len, NULL) < 0)
		return NULL;
	/* paragraphs are separated by blank lines */
	for (para = buf; para != NULL && ret == NULL; para = save) {
		char *end = strstr(para, "\n\n"), *pkg = NULL, *ver = NULL;
		bool inst = false;
		char *line, *ls = NULL;
		size_t i;

		if (end != NULL) {
			*end = '\0';
			save = end + 2;
		} else
			save = NULL;
		for (line = strtok_r(para, "\n", &ls); line != NULL;
		    line = strtok_r(NULL, "\n", &ls)) {
			if (strncmp(line, "Package: ", 9) == 0)
				pkg = line + 9;
			else if (strncmp(line, "Version: ", 9) == 0)
				ver = line + 9;
			else if (strncmp(line, "Status: ", 8) == 0)
				inst = strstr(line, " installed") != NULL;
		}
		for (i = 0; pkg && ver && inst && i < NELEM(pkgs); i++)
			if (strcmp(pkg, pkgs[i]) == 0 &&
			    asprintf(&ret, "%s %s", pkg, ver) < 0)
				ret = NULL;
	}
	free(buf);
	return ret;
}

static int
check_manual(struct s1 *s, const struct control *c, struct result *res)
{
	char *pkg;
	int rc;

	if (strcmp(c->id, "1.2.2") != 0)
		return result_set(res, ST_MANUAL, "harden the host operating "
		    "system (for example with the CIS benchmark for the "
		    "distribution); cisharden does not assess it");
	pkg = dpkg_docker(s->ctx);
	if (s->h->docker_version != NULL)
		rc = result_set(res, ST_MANUAL, "installed Docker Engine %s%s%s%s;"
		    " compare it with the current release and the "
		    "distribution's security updates", s->h->docker_version,
		    pkg ? " (package " : "", pkg ? pkg : "", pkg ? ")" : "");
	else if (pkg != NULL)
		rc = result_set(res, ST_MANUAL, "installed Docker package %s; "
		    "compare it with the current release and the "
		    "distribution's security updates", pkg);
	else
		rc = result_set(res, ST_MANUAL, "installed Docker version "
		    "unknown (no running daemon%s); check it by hand",
		    s->ctx->offline ? ", no dpkg record" : "");
	free(pkg);
	return rc;
}

/* --- entry points ------------------------------------------------------ */

static int
host_checks(struct s1 *s)
{
	const struct profile *prof = s->run->prof;
	size_t i;
	int rc;

	for (i = 0; i < prof->nctl; i++) {
		const struct control *c = &prof->ctl[i];
		struct result *res = &s->run->res[i];

		if (c->section != 1 || !control_active(c))
			continue;
		if (c->kind == KIND_HOST_CHECK) {
			bool group = c->ntargets > 0 &&
			    strncmp(c->targets[0], "group:", 6) == 0;

			rc = group || strcmp(c->id, "1.1.2") == 0 ?
			    check_group(s, c, res) : check_partition(s, res);
		} else if (c->kind == KIND_MANUAL)
			rc = check_manual(s, c, res);
		else
			continue;
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
run_sec1(const struct ctx *ctx, const struct host *h, struct run *run,
    const struct kaudit_ops *ops, void *ops_arg, bool plan)
{
	struct s1 s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.h = h;
	s.run = run;
	s.ops = ops;
	s.ops_arg = ops_arg;
	if ((rc = load_files(&s)) < 0 || (rc = host_checks(&s)) < 0)
		goto out;
	rc = plan ? plan_audit(&s) : verify_audit(&s);
out:
	s1_clear(&s);
	return rc < 0 ? rc : 0;
}

int
sec1_plan_ops(const struct ctx *ctx, const struct host *h, struct run *run,
    const struct kaudit_ops *ops, void *ops_arg)
{
	return run_sec1(ctx, h, run, ops, ops_arg, true);
}

int
sec1_verify_ops(const struct ctx *ctx, const struct host *h, struct run *run,
    const struct kaudit_ops *ops, void *ops_arg)
{
	return run_sec1(ctx, h, run, ops, ops_arg, false);
}

int
sec1_plan(const struct ctx *ctx, const struct host *h, struct run *run)
{
	return sec1_plan_ops(ctx, h, run, &kaudit_libaudit_ops, NULL);
}

int
sec1_verify(const struct ctx *ctx, const struct host *h, struct run *run)
{
	return sec1_verify_ops(ctx, h, run, &kaudit_libaudit_ops, NULL);
}
