/*
 * obs_sec1.c - section 1's observation: every active audit control's
 * targets expanded into candidate paths (h->audit), and the stat of each
 * candidate, of its parent directory and of every directory where the
 * plan may write a drop-in (h->stats), so that section 1 plans and
 * verifies from data alone; for 1.1.5, the layer stores below a watched
 * data root as AUDIT_NEVER_MARK candidates (never-rules), each stat'ed.
 * What cannot be read is noted as its errno,
 * never as "not there" (see observe.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "auditrules.h"
#include "observe.h"
#include "profile.h"
#include "safeio.h"
#include "sections.h"
#include "strv.h"

/* Where binary:NAME looks, in PATH order. */
static const char *const bin_dirs[] = {
	"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
	"/sbin", "/bin",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* One control's expansion: the host it notes stats in, and the first
 * error met (which makes the control an error, never "n/a"). */
struct xp {
	const struct ctx *ctx;
	struct host *h;
	char **err;
};

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Note the first error of the expansion: an answer other than "missing". */
static int
note_err(const struct xp *x, const char *what, const char *path, int rc)
{
	if (rc == -ENOMEM)
		return -ENOMEM;
	if (rc == 0 || rc == -ENOENT || rc == -ENOTDIR || *x->err != NULL)
		return 0;
	if (asprintf(x->err, "cannot %s %s: %s", what, path, strerror(-rc)) < 0) {
		*x->err = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* stat path beneath the root (in-root links followed), once: the answer
 * is kept in h->stats, sorted, for host_path() to look up. */
static int
obs_stat(const struct xp *x, const char *path, struct stat *ret)
{
	struct host *h = x->h;
	const struct pathobs *o = host_path(h, path);
	struct pathobs *n;
	size_t at;
	char *p;
	int rc;

	if (o != NULL) {
		*ret = o->st;
		return o->rc;
	}
	rc = safeio_stat(x->ctx->rootfd, path, ret);
	if ((p = strdup(path)) == NULL ||
	    (n = realloc(h->stats, (h->nstats + 1) * sizeof(*n))) == NULL) {
		free(p);
		return -ENOMEM;
	}
	h->stats = n;
	at = host_path_at(h, path);
	memmove(n + at + 1, n + at, (h->nstats - at) * sizeof(*n));
	memset(n + at, 0, sizeof(*n));
	n[at].path = p;
	n[at].rc = rc;
	if (rc == 0)
		n[at].st = *ret;
	h->nstats++;
	return rc;
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
expand_binary(const struct xp *x, const char *name, struct strv *out)
{
	struct stat st;
	size_t i;
	int rc = 0;

	for (i = 0; i < NELEM(bin_dirs) && rc == 0; i++) {
		char *p;

		if (asprintf(&p, "%s/%s", bin_dirs[i], name) < 0)
			return -ENOMEM;
		if ((rc = obs_stat(x, p, &st)) == 0 && S_ISREG(st.st_mode))
			rc = strv_add(out, p);
		else
			rc = note_err(x, "stat", p, rc);
		free(p);
	}
	return rc;
}

/* A unit file systemd could load: regular (a masked unit links to
 * /dev/null, which nobody should watch). */
static int
add_unit_file(const struct xp *x, const char *path, struct strv *out)
{
	struct stat st;
	int rc;

	if ((rc = obs_stat(x, path, &st)) != 0)
		return note_err(x, "stat", path, rc);
	if (!S_ISREG(st.st_mode))
		return 0;
	return add_own_path(path, out);
}

/* unit:NAME: every copy on systemd's search path and its drop-ins. The
 * drop-in directories are stat'ed too: the plan may write there. */
static int
expand_unit(const struct xp *x, const char *name, struct strv *out)
{
	const struct host *h = x->h;
	char **hl = NULL, **hd = NULL, *mark;
	size_t nhl = 0, nhd = 0, i, j;
	struct stat st;
	int rc = 0, lrc;

	if (strcmp(name, "docker.service") == 0) {
		hl = h->service_units, nhl = h->nservice_units;
		hd = h->service_dropins, nhd = h->nservice_dropins;
	} else if (strcmp(name, "docker.socket") == 0) {
		hl = h->socket_units, nhl = h->nsocket_units;
		hd = h->socket_dropins, nhd = h->nsocket_dropins;
	}
	for (i = 0; i < HOST_NUNIT_DIRS && rc == 0; i++) {
		char *p, *d, **names = NULL;
		size_t n = 0;

		if (asprintf(&p, "%s/%s", host_unit_dirs[i], name) < 0)
			return -ENOMEM;
		rc = add_unit_file(x, p, out);
		free(p);
		if (rc < 0 || asprintf(&d, "%s/%s.d", host_unit_dirs[i], name) < 0)
			return -ENOMEM;
		if ((rc = note_err(x, "stat", d, obs_stat(x, d, &st))) < 0) {
			free(d);
			return rc;
		}
		lrc = safeio_list(x->ctx->rootfd, d, &names, &n);
		if (lrc == 0) {
			for (j = 0; j < n && rc == 0; j++) {
				if (!ends_with(names[j], ".conf"))
					continue;
				if (asprintf(&p, "%s/%s", d, names[j]) < 0) {
					rc = -ENOMEM;
					break;
				}
				rc = add_unit_file(x, p, out);
				free(p);
			}
			strvec_free(names, n);
		} else
			rc = note_err(x, "list", d, lrc);
		free(d);
	}
	/* the drop-ins a plan writes go here (section 1's planned_dropins) */
	if (rc == 0 && asprintf(&mark, "unit:%s", name) >= 0) {
		rc = strv_add(out, mark);
		free(mark);
	} else if (rc == 0)
		return -ENOMEM;
	/* and whatever host.c found beyond that */
	for (i = 0; i < nhl && rc == 0; i++)
		rc = add_unit_file(x, hl[i], out);
	for (i = 0; i < nhd && rc == 0; i++)
		rc = add_unit_file(x, hd[i], out);
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

/* Expand one profile target into candidate paths; an unknown target is
 * the control's error. Syntax: profiles/cis-docker-1.5.0.yaml. */
static int
expand_target(const struct xp *x, const char *t, struct strv *out)
{
	const char *v;

	if (t[0] == '/')
		return add_norm(t, out);
	if (strncmp(t, "binary:", 7) == 0 && t[7] != '\0' &&
	    strchr(t + 7, '/') == NULL)
		return expand_binary(x, t + 7, out);
	if (strncmp(t, "unit:", 5) == 0 && t[5] != '\0' &&
	    strchr(t + 5, '/') == NULL)
		return expand_unit(x, t + 5, out);
	if (strcmp(t, "data-root") == 0)
		return add_norm(host_data_root(x->h), out);
	if (strcmp(t, "containerd-socket") == 0) {
		v = host_option(x->h, "containerd", NULL);
		if (v != NULL && strncmp(v, "unix://", 7) == 0)
			v += 7;
		return v != NULL && v[0] == '/' ? add_norm(v, out) : 0;
	}
	if (*x->err == NULL && asprintf(x->err, "unknown audit target \"%s\"", t) < 0) {
		*x->err = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* ---- 1.1.5's exclusions: never-rules for the layer stores ----
 * The watch on the data root is recursive; the stores below it that
 * change with every container write (parameter exclude_stores, default
 * the edition's: overlay2 and volumes from v1.7.0, none before) get a
 * never-rule, written before the watch (the kernel takes the first rule
 * of the exit list that matches). With userns-remap, dockerd keeps them
 * under DATAROOT/UID.GID/ as well. Candidates are AUDIT_NEVER_MARK marks
 * among the observed paths, each stat'ed here; a store that does not
 * exist takes no rule. */
static const char *const edition_stores[] = { "overlay2", "volumes" };

static bool
obs_is_dir(const struct xp *x, const char *path)
{
	struct stat st;

	return obs_stat(x, path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool
is_remap_dir(const char *name)
{
	size_t a = strspn(name, "0123456789");

	return a > 0 && name[a] == '.' && name[a + 1] != '\0' &&
	    strspn(name + a + 1, "0123456789") == strlen(name + a + 1);
}

static int
add_store(const struct xp *x, const char *root, const char *sub,
    const char *store, struct strv *out)
{
	char *p;
	int rc;

	if (asprintf(&p, AUDIT_NEVER_MARK "%s%s%s/%s", strcmp(root, "/") ? root : "",
	    sub ? "/" : "", sub ? sub : "", store) < 0)
		return -ENOMEM;
	(void)obs_is_dir(x, p + strlen(AUDIT_NEVER_MARK));	/* noted for the plan */
	rc = strv_add(out, p);
	free(p);
	return rc;
}

static int
stores_below(const struct xp *x, const char *root, const char *sub,
    const cJSON *list, struct strv *out)
{
	const cJSON *e;
	size_t j;
	int rc = 0;

	for (j = 0; list == NULL && j < NELEM(edition_stores) && rc == 0; j++)
		rc = add_store(x, root, sub, edition_stores[j], out);
	cJSON_ArrayForEach(e, list)
		if (rc == 0)
			rc = add_store(x, root, sub, e->valuestring, out);
	return rc;
}

static int
never_for_root(const struct xp *x, const char *root, const cJSON *list,
    struct strv *out)
{
	char **names = NULL;
	size_t n = 0, i;
	int rc, lrc;

	if ((rc = stores_below(x, root, NULL, list, out)) < 0 ||
	    host_option(x->h, "userns-remap", NULL) == NULL)
		return rc;
	if ((lrc = safeio_list(x->ctx->rootfd, root, &names, &n)) < 0)
		return note_err(x, "list", root, lrc);
	for (i = 0; i < n && rc == 0; i++)
		if (is_remap_dir(names[i]))
			rc = stores_below(x, root, names[i], list, out);
	strvec_free(names, n);
	return rc;
}

/* The stores to exclude for control c: its parameter exclude_stores (a
 * list of names under the data root), else what the edition names.
 * *list NULL: the edition's default; *none: nothing to exclude. */
static int
never_stores(const struct xp *x, const struct profile *prof,
    const struct control *c, const cJSON **list, bool *none)
{
	const cJSON *p = profile_param(prof, c, "exclude_stores"), *e;

	*list = NULL;
	*none = false;
	if (p == NULL) {
		/* only 1.1.5 has edition defaults: v1.7.0 named the stores */
		*none = strcmp(c->key, "audit.var-lib-docker") != 0 ||
		    x->ctx->edition < ED_1_7_0;
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
	*none = true;
	if (*x->err == NULL && asprintf(x->err, "parameter exclude_stores must be "
	    "a list of directory names under the data root (\"overlay2\")") < 0) {
		*x->err = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* A never: candidate per store below each watched directory. */
static int
expand_never(const struct xp *x, const struct profile *prof,
    const struct control *c, struct strv *paths)
{
	const cJSON *list;
	bool none;
	size_t i, n = paths->n;
	int rc;

	if ((rc = never_stores(x, prof, c, &list, &none)) < 0 || none)
		return rc;
	for (i = 0; i < n; i++) {
		char *root;

		if (paths->v[i][0] != '/' || !obs_is_dir(x, paths->v[i]))
			continue;
		if ((root = strdup(paths->v[i])) == NULL)
			return -ENOMEM;
		rc = never_for_root(x, root, list, paths);
		free(root);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Stat each candidate and its parent directory: all that resolving the
 * targets asks of the tree beyond expanding them (is it a directory,
 * which inode: merged-/usr spellings). */
static int
observe_candidates(const struct xp *x, const struct strv *paths)
{
	struct stat st;
	size_t i;
	int rc = 0;

	for (i = 0; i < paths->n && rc == 0; i++) {
		const char *p = paths->v[i], *slash = strrchr(p, '/');
		char *parent;

		if (p[0] != '/' || slash == NULL)	/* a "unit:" mark */
			continue;
		if ((parent = strndup(p, (size_t)(slash - p))) == NULL)
			return -ENOMEM;
		if ((rc = note_err(x, "stat", p, obs_stat(x, p, &st))) == 0)
			rc = note_err(x, "stat", parent[0] ? parent : "/",
			    obs_stat(x, parent[0] ? parent : "/", &st));
		free(parent);
	}
	return rc;
}

static bool
is_audit_ctl(const struct control *c)
{
	return c->section == 1 && c->kind == KIND_AUDIT_RULE && control_active(c);
}

int
observe_audit_targets(const struct ctx *ctx, const struct profile *prof,
    struct host *h)
{
	size_t i, j;
	int rc;

	if ((h->audit = calloc(prof->nctl + 1, sizeof(*h->audit))) == NULL)
		return -ENOMEM;
	for (i = 0; i < prof->nctl; i++) {
		const struct control *c = &prof->ctl[i];
		struct auditobs *o;
		struct xp x;

		if (!is_audit_ctl(c))
			continue;
		/* counted first: host_clear() frees a half-made entry */
		o = &h->audit[h->naudit++];
		o->idx = i;
		x.ctx = ctx;
		x.h = h;
		x.err = &o->err;
		for (j = 0; j < c->ntargets; j++)
			if ((rc = expand_target(&x, c->targets[j], &o->paths)) < 0)
				return rc;
		if ((rc = expand_never(&x, prof, c, &o->paths)) < 0 ||
		    (rc = observe_candidates(&x, &o->paths)) < 0)
			return rc;
	}
	return 0;
}

/* audit-runtime: the path of every rule of the rules.d files, so that a
 * -w rule loads as path= or dir= by what the path is now. */
int
observe_rule_paths(const struct ctx *ctx, struct host *h)
{
	const struct arules *lists[] = { &h->own_parsed, &h->others_parsed };
	char *err = NULL;
	struct xp x = { ctx, h, &err };
	struct stat st;
	size_t i, k;
	int rc = 0;

	for (k = 0; k < NELEM(lists) && rc == 0; k++)
		for (i = 0; i < lists[k]->n && rc == 0; i++)
			if (obs_stat(&x, lists[k]->v[i].path, &st) == -ENOMEM)
				rc = -ENOMEM;
	free(err);
	return rc;
}
