/*
 * sec1_audit.c - CIS section 1: audit watches (1.1.3-1.1.18) in one
 * rules.d file plus the running kernel. The host checks 1.1.1, 1.1.2,
 * 1.2.1 and 1.2.2 are judged in sec1_host.c.
 *
 * Observe (sec1_observe_paths): expand every active audit control's
 * targets into candidate paths once (h->audit) and note what resolving
 * them asks of the tree. Plan: the candidates plus the files the plan
 * creates (sec1_plan's "creates": section 3's socket drop-in, a new
 * daemon.json); keep those whose parent directory exists (the kernel
 * refuses a watch without one) or is created, drop rules another
 * rules.d file already has, and write AUDITRULES_FILE when its text
 * differs. Then, live only, one ACT_AUDIT_LOAD action carries the rules
 * the kernel lacks. Verify checks both layers on what exists. Nothing
 * here reads the host: rules.d, the kernel and the tree's answers come
 * from the observation (observe.c).
 */
#include <ctype.h>
#include <err.h>
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
#include "observe.h"
#include "profile.h"
#include "sec1.h"
#include "strv.h"

#define DEFAULT_KEY "docker"
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
	int rulesd_rc;		/* 0, or -errno listing rules.d */
	int own_rc;		/* 0 read, -ENOENT missing, -errno */
	char *own_raw;
	size_t own_len;
	struct stat own_st;
	const struct arules *own;	/* rules in AUDITRULES_FILE */
	const struct arules *others;	/* rules in the other rules.d files */
	const struct strv *unreadable;	/* other rules.d files not read */
	bool boot_unit;		/* the root boots systemd: sec1_boot.c applies */
	/* what the plan writes (sections 2 and 3): files the rules must
	 * cover though they do not exist yet; NULL when verifying */
	const struct strv *creates;
	/* The tree is asked only through s1_stat()/s1_list(): when
	 * observing (record), observe.c reads it and notes the answers in
	 * rec (NULL: not noted, for audit-runtime); when planning or
	 * verifying they replay the observation's answers. */
	bool record;
	struct host *rec;
};

/* The tree through the observation: when recording, observe.c asks it
 * and notes the answer in s->rec; otherwise the noted answer. */
static int
s1_stat(const struct s1 *s, const char *path, struct stat *ret)
{
	return s->record ? observe_stat(s->ctx, s->rec, path, ret) :
	    host_stat(s->h, path, ret);
}

/* A listing as s1_stat() a stat; the names belong to the caller. */
static int
s1_list(const struct s1 *s, const char *dir, char ***ret, size_t *ret_n)
{
	return s->record ? observe_list(s->ctx, s->rec, dir, ret, ret_n) :
	    host_list(s->h, dir, ret, ret_n);
}

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
static int
load_files(struct s1 *s)
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
is_dir(const struct s1 *s, const char *path)
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

static bool
parent_exists(const struct s1 *s, const char *path)
{
	char *parent;
	bool ok;

	if ((parent = strdup(path)) == NULL)
		return false;
	*strrchr(parent, '/') = '\0';
	ok = is_dir(s, parent[0] ? parent : "/") ||
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
expand_binary(const struct s1 *s, const char *name, struct strv *out)
{
	struct stat st;
	size_t i;
	int rc = 0;

	for (i = 0; i < NELEM(bin_dirs) && rc == 0; i++) {
		char *p;

		if (asprintf(&p, "%s/%s", bin_dirs[i], name) < 0)
			return -ENOMEM;
		if (s1_stat(s, p, &st) == 0 && S_ISREG(st.st_mode))
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
		if (slash != NULL) {
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

/* A unit file systemd could load: regular (a masked unit links to
 * /dev/null, which nobody should watch). */
static int
add_unit_file(const struct s1 *s, const char *path, struct strv *out)
{
	struct stat st;

	if (s1_stat(s, path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	return add_own_path(path, out);
}

/* unit:NAME: every copy on systemd's search path and its drop-ins. */
static int
expand_unit(const struct s1 *s, const char *name, struct strv *out)
{
	char **hl = NULL, **hd = NULL, *mark;
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
		rc = add_unit_file(s, p, out);
		free(p);
		if (rc < 0 || asprintf(&d, "%s/%s.d", host_unit_dirs[i], name) < 0)
			return -ENOMEM;
		if (s1_list(s, d, &names, &n) == 0) {
			for (j = 0; j < n && rc == 0; j++) {
				if (!ends_with(names[j], ".conf"))
					continue;
				if (asprintf(&p, "%s/%s", d, names[j]) < 0) {
					rc = -ENOMEM;
					break;
				}
				rc = add_unit_file(s, p, out);
				free(p);
			}
			strvec_free(names, n);
		}
		free(d);
	}
	/* the drop-ins a plan writes go here (planned_dropins) */
	if (rc == 0 && asprintf(&mark, "unit:%s", name) >= 0) {
		rc = strv_add(out, mark);
		free(mark);
	} else if (rc == 0)
		return -ENOMEM;
	/* and whatever host.c found beyond that */
	for (i = 0; i < nhl && rc == 0; i++)
		rc = add_unit_file(s, hl[i], out);
	for (i = 0; i < nhd && rc == 0; i++)
		rc = add_unit_file(s, hd[i], out);
	return rc;
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
		return expand_binary(s, t + 7, out);
	if (strncmp(t, "unit:", 5) == 0 && t[5] != '\0' &&
	    strchr(t + 5, '/') == NULL)
		return expand_unit(s, t + 5, out);
	if (strcmp(t, "data-root") == 0)
		return add_norm(host_data_root(s->h), out);
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

/* ---- 1.1.5's exclusions: never-rules for the layer stores ----
 * The watch on the data root is recursive; the stores below it that
 * change with every container write (parameter exclude_stores, default
 * the edition's: overlay2 and volumes from v1.7.0, none before) get a
 * never-rule, written before the watch (the kernel takes the first rule
 * of the exit list that matches). With userns-remap, dockerd keeps them
 * under DATAROOT/UID.GID/ as well. Candidates are "never:PATH" marks in
 * the observed paths; a store that does not exist takes no rule. */
#define NEVER_MARK "never:"

static const char *const edition_stores[] = { "overlay2", "volumes" };

static bool
is_remap_dir(const char *name)
{
	size_t a = strspn(name, "0123456789");

	return a > 0 && name[a] == '.' && name[a + 1] != '\0' &&
	    strspn(name + a + 1, "0123456789") == strlen(name + a + 1);
}

static int
add_store(const struct s1 *s, const char *root, const char *sub,
    const char *store, struct strv *out)
{
	char *p;
	int rc;

	if (asprintf(&p, NEVER_MARK "%s%s%s/%s", strcmp(root, "/") ? root : "",
	    sub ? "/" : "", sub ? sub : "", store) < 0)
		return -ENOMEM;
	(void)is_dir(s, p + strlen(NEVER_MARK));	/* noted for the plan */
	rc = strv_add(out, p);
	free(p);
	return rc;
}

static int
never_for_root(const struct s1 *s, const char *root, const cJSON *list,
    struct strv *out)
{
	char **names = NULL;
	size_t n = 0, i, j;
	const cJSON *e;
	int rc = 0;

	for (j = 0; list == NULL && j < NELEM(edition_stores) && rc == 0; j++)
		rc = add_store(s, root, NULL, edition_stores[j], out);
	cJSON_ArrayForEach(e, list)
		if (rc == 0)
			rc = add_store(s, root, NULL, e->valuestring, out);
	if (rc < 0 || host_option(s->h, "userns-remap", NULL) == NULL ||
	    s1_list(s, root, &names, &n) < 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		if (!is_remap_dir(names[i]))
			continue;
		for (j = 0; list == NULL && j < NELEM(edition_stores) && rc == 0; j++)
			rc = add_store(s, root, names[i], edition_stores[j], out);
		cJSON_ArrayForEach(e, list)
			if (rc == 0)
				rc = add_store(s, root, names[i], e->valuestring, out);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* The stores to exclude for control c: its parameter exclude_stores (a
 * list of names under the data root), else what the edition names.
 * *list NULL: the edition's default; *none: nothing to exclude. */
static int
never_stores(const struct s1 *s, const struct control *c, const cJSON **list,
    bool *none, char **err)
{
	const cJSON *p = profile_param(s->run->prof, c, "exclude_stores"), *e;

	*list = NULL;
	*none = false;
	if (p == NULL) {
		/* only 1.1.5 has edition defaults: v1.7.0 named the stores */
		*none = strcmp(c->key, "audit.var-lib-docker") != 0 ||
		    s->ctx->edition < ED_1_7_0;
		return 0;
	}
	if (!cJSON_IsArray(p))
		goto bad;
	cJSON_ArrayForEach(e, p)
		if (!cJSON_IsString(e) || e->valuestring[0] == '\0' ||
		    strchr(e->valuestring, '/') != NULL ||
		    strcmp(e->valuestring, "..") == 0 || strcmp(e->valuestring, ".") == 0)
			goto bad;
	*list = p;
	*none = cJSON_GetArraySize(p) == 0;
	return 0;
bad:
	if (*err == NULL && asprintf(err, "parameter exclude_stores must be a "
	    "list of directory names under the data root (\"overlay2\")") < 0)
		*err = NULL;
	*none = true;
	return 0;
}

/* Observing: a "never:" candidate per store below each watched dir. */
static int
expand_never(const struct s1 *s, const struct control *c, struct auditobs *o)
{
	const cJSON *list;
	bool none;
	size_t i, n = o->paths.n;
	int rc;

	if ((rc = never_stores(s, c, &list, &none, &o->err)) < 0 || none)
		return rc;
	for (i = 0; i < n; i++) {
		char *root;

		if (o->paths.v[i][0] != '/' || !is_dir(s, o->paths.v[i]))
			continue;
		if ((root = strdup(o->paths.v[i])) == NULL)
			return -ENOMEM;
		rc = never_for_root(s, root, list, &o->paths);
		free(root);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Expand control idx's targets into candidate paths (observing). */
static int
expand_targets(const struct s1 *s, size_t idx, struct auditobs *o)
{
	const struct control *c = &s->run->prof->ctl[idx];
	size_t i;
	int rc;

	o->idx = idx;
	for (i = 0; i < c->ntargets; i++)
		if ((rc = expand_target(s, c->targets[i], &o->paths, &o->err)) < 0)
			return rc;
	return expand_never(s, c, o);
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
	if ((rc = rule_template(prof, c, &r, &w->err)) < 0 || w->err != NULL)
		return rc;
	if (o == NULL)		/* observe.c expands every active control */
		return -ENODATA;
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
		r.never = strncmp(r.path, NEVER_MARK, strlen(NEVER_MARK)) == 0;
		if (r.never) {
			r.path += strlen(NEVER_MARK);
			r.kind = AR_DIR;
		} else
			r.kind = kind;
		r.runtime = is_runtime(r.path);
		if (r.never && arule_path_ok(r.path)) {
			/* an existing store (its parent then exists), or
			 * nothing to exclude */
			if (is_dir(s, r.path) && (rc = arules_add(&w->rules, &r)) < 0)
				goto out;
			continue;
		}
		if (!arule_path_ok(r.path))
			rc = asprintf(&note, "%s (not a path auditctl can take)",
			    r.path);
		else if (parent_exists(s, r.path) ||
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

	for (i = 0; i < s->own->n; i++) {
		const struct arule *r = &s->own->v[i];
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
		k.kind = is_dir(s, k.path) ? AR_DIR : AR_PATH;
	if (arules_find(out, &k) != NULL)
		return 0;
	return arules_add(out, &k);
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
	a->rules = missing;
	memset(&missing, 0, sizeof(missing));
	a->live = true;
	if (asprintf(&a->summary, "load %zu audit rule%s into the running "
	    "kernel (libaudit)", a->rules.n, a->rules.n == 1 ? "" : "s") < 0) {
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
	wants_free(*w, *nw);
	return resolve_all(s, w, nw);
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
		    AUDITRULES_DIR)) < 0 ||
		    (rc = result_needs(res, "package auditd")) < 0)
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
	if (s->boot_unit && (rc = plan_boot(s, &w, &nw)) < 0)
		goto out;
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
	const struct arule *sh;
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
		return result_needs(res, "package auditd") < 0 ? -ENOMEM :
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

	files = s->ctx->offline || s->ctx->scope != SCOPE_LIVE;
	kernel = !s->ctx->offline && s->ctx->scope != SCOPE_FILES &&
	    s->h->kernel_asked;
	if ((rc = resolve_all(s, &w, &nw)) < 0 || nw == 0)
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
	wants_free(w, nw);
	return rc;
}

/* --- entry points ------------------------------------------------------ */

static int
run_sec1(const struct ctx *ctx, const struct host *h, const struct strv *creates,
    struct run *run, bool plan)
{
	struct s1 s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.h = h;
	s.run = run;
	s.creates = creates;
	s.boot_unit = h->systemd_boots;
	if ((rc = load_files(&s)) < 0 || (rc = sec1_host_judge(h, run)) < 0)
		goto out;
	rc = plan ? plan_audit(&s) : verify_audit(&s);
out:
	s1_clear(&s);
	return rc < 0 ? rc : 0;
}

/* Note each candidate's parent directory: all that resolving the
 * targets asks of the tree beyond expanding them (is it a directory,
 * which inode: merged-/usr spellings). */
static int
observe_parents(const struct s1 *s, const struct strv *paths)
{
	struct stat st;
	size_t i;

	for (i = 0; i < paths->n; i++) {
		const char *p = paths->v[i], *slash = strrchr(p, '/');
		char *parent;

		if (p[0] != '/' || slash == NULL)	/* a "unit:" mark */
			continue;
		if ((parent = strndup(p, (size_t)(slash - p))) == NULL)
			return -ENOMEM;
		(void)s1_stat(s, parent[0] ? parent : "/", &st);
		free(parent);
	}
	return 0;
}

/* Expand every active audit control's targets into h->audit, once. */
static int
observe_targets(const struct s1 *s, struct host *h)
{
	const struct profile *prof = s->run->prof;
	size_t i;
	int rc;

	if ((h->audit = calloc(prof->nctl + 1, sizeof(*h->audit))) == NULL)
		return -ENOMEM;
	for (i = 0; i < prof->nctl; i++) {
		if (!is_audit_ctl(&prof->ctl[i]))
			continue;
		/* counted first: host_clear() frees a half-made entry */
		if ((rc = expand_targets(s, i, &h->audit[h->naudit++])) < 0 ||
		    (rc = observe_parents(s, &h->audit[h->naudit - 1].paths)) < 0)
			return rc;
	}
	return 0;
}

int
sec1_observe_paths(const struct ctx *ctx, struct profile *prof, struct host *h)
{
	struct s1 s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.h = h;
	s.record = true;
	s.rec = h;
	/* expanding needs a run for the profile; nothing is planned */
	if ((s.run = run_new(prof)) == NULL)
		return -ENOMEM;
	rc = observe_targets(&s, h);
	run_free(s.run);
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

/* --- cisharden audit-runtime ------------------------------------------ */

/* The watch rules of list on runtime paths, as the kernel takes them. */
static int
pick_runtime(const struct s1 *s, const struct arules *list, struct arules *out)
{
	size_t i;
	int rc;

	for (i = 0; i < list->n; i++) {
		struct arule k = list->v[i];

		if (!is_runtime(k.path))
			continue;
		if (k.kind == AR_WATCH)
			k.kind = is_dir(s, k.path) ? AR_DIR : AR_PATH;
		if (arules_find(out, &k) == NULL && (rc = arules_add(out, &k)) < 0)
			return rc;
	}
	return 0;
}

/* Run by cisharden-audit-runtime.service after dockerd and containerd
 * start: what augenrules could not load at boot, from every rules.d
 * file, and nothing else. */
int
sec1_audit_runtime(const struct ctx *ctx, const struct host *h)
{
	const struct kaudit_ops *ops = ctx->kaudit ? ctx->kaudit : &kaudit_libaudit_ops;
	struct s1 s;
	struct arules want = { 0 };
	struct kaudit_load res = { 0 };
	char *err = NULL;
	int rc, ex = EXIT_INTERNAL;

	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.h = h;
	s.record = true;	/* a command, not a plan: ask the tree itself */
	if ((rc = load_files(&s)) < 0 ||
	    (rc = pick_runtime(&s, s.own, &want)) < 0 ||
	    (rc = pick_runtime(&s, s.others, &want)) < 0) {
		warnx("audit-runtime: %s", strerror(-rc));
		goto out;
	}
	if (s.rulesd_rc < 0) {
		warnx("audit-runtime: %s: %s", AUDITRULES_DIR, strerror(-s.rulesd_rc));
		goto out;
	}
	if (want.n > 0 && (rc = kaudit_load(ops, ctx->kaudit_arg, &want, &res, &err)) < 0) {
		warnx("audit-runtime: %s", err ? err : strerror(-rc));
		goto out;
	}
	if (res.immutable) {
		warnx("audit-runtime: kernel audit rules are immutable (enabled 2): "
		    "%zu runtime rules cannot be loaded until a boot without -e 2",
		    want.n);
		goto out;
	}
	if (res.failed > 0) {
		warnx("audit-runtime: %zu rules failed: %s", res.failed, err ? err : "");
		goto out;
	}
	fprintf(ctx->msg, "audit-runtime: %zu runtime rules: %zu loaded, %zu "
	    "already present, %zu waiting for their directory\n", want.n,
	    res.added, res.present, res.no_parent);
	ex = EXIT_OK;
out:
	free(err);
	arules_free(&want);
	s1_clear(&s);
	return ex;
}
