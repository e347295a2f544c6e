/*
 * sec2_daemon.c - CIS section 2: the Docker daemon configuration; here
 * the setup (daemon.json parsed, keys the engine would refuse), the one
 * write and the entry points (the judges: sec2_keys.c, sec2_checks.c).
 *
 * Every control is evaluated by one function for both plan and verify,
 * so what a dry run promises is what verify checks afterwards. The key
 * controls share one table of audit semantics (sems[] in sec2_keys.c:
 * what unset means, which values comply) and are judged on the effective
 * configuration in dockerd's order, naming the source that decided:
 *  1. daemon.json must parse (else every control is refused, file kept);
 *  2. the key in daemon.json, else the dockerd flag, else the engine
 *     default; compliant -> pass, unless the Engine API shows the running
 *     daemon does not comply (restart pending, or fail when nothing is
 *     configured);
 *  3. not compliant: a flag fails verify and is refused by plan
 *     (cisharden does not edit flags); otherwise the profile's value is
 *     merged into daemon.json in one write (or the control fails and says
 *     which value is needed).
 * On Engine >= 23 the merged file is checked with `dockerd --validate`
 * here, at plan time, so a dry run already shows a rejection and
 * nothing is written; 20.10 has no --validate.
 * Controls are matched by catalogue key ("daemon.userns-remap"), never by
 * id: v1.8.0 renumbers 2.7-2.18, and a verdict must not move with it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "diff.h"
#include "sec2.h"

/* ---- setup ---- */

static const char *
read_error(int rc)
{
	switch (rc) {
	case -ELOOP:
		return "is a symbolic link (refused: cisharden never follows it)";
	case -EMLINK:
		return "has more than one hard link (refused)";
	case -EINVAL:
		return "is not a regular file (refused)";
	case -EFBIG:
		return "is larger than 4 MiB (refused)";
	default:
		return strerror(-rc);
	}
}

static void
find_swarm(struct s2 *s)
{
	/* the observation's one swarm predicate (host.c) */
	s->swarm = s->h->swarm_active;
	if (s->swarm && (s->swarm_why = strdup(s->h->swarm_why ?
	    s->h->swarm_why : "swarm")) == NULL)
		s->swarm_why = NULL;
}

/* "Docker Engine 20.10.24 (package docker.io ...)", or every engine. */
static const char *
engine_words(const struct s2 *s, char *buf, size_t len)
{
	if (s->version == NULL)
		return "any Docker Engine from 20.10 to 29.1";
	if (s->version_src != NULL) {
		int v = dflags_version_num(s->version);

		snprintf(buf, len, "Docker Engine %d.%d (%s)", v / 100, v % 100,
		    s->version_src);
	} else
		snprintf(buf, len, "Docker Engine %s", s->version);
	return buf;
}

/* Would dockerd refuse key k of daemon.json? Sets s->refuse_all, the way
 * dockerd words it ("the following directives don't match any
 * configuration option"): a key no engine knows, one the installed engine
 * removed (naming the release and the source), or one it has not yet. */
static int
key_refusal(struct s2 *s, const char *k, const char *in)
{
	const struct dkey *d;
	enum dkey_state st = dflags_key_state(k, s->version, &d);
	char eng[192], *t = NULL;
	const char *e = engine_words(s, eng, sizeof(eng));
	int n;

	if (st == DK_KNOWN || (s->version == NULL && st != DK_UNKNOWN))
		return 0;	/* an unknown engine: only a key none knows */
	if (st == DK_UNKNOWN)
		n = asprintf(&t, "%s: \"%s\"%s is not a daemon.json key %s "
		    "knows: dockerd refuses the file (\"the following directives "
		    "don't match any configuration option: %s\"); remove or "
		    "correct it (cisharden leaves the file untouched until then)",
		    DAEMON_JSON, k, in, e, k);
	else if (st == DK_REMOVED)
		n = asprintf(&t, "%s: \"%s\"%s was removed in Docker Engine "
		    "%d.%d (%s), so %s refuses to start with it; remove it "
		    "(cisharden leaves the file untouched until then)",
		    DAEMON_JSON, k, in, d->until / 100, d->until % 100,
		    d->source, e);
	else
		n = asprintf(&t, "%s: \"%s\"%s is known only from Docker "
		    "Engine %d.%d on (%s), so %s refuses to start with it; "
		    "remove it or upgrade the engine (cisharden leaves the file "
		    "untouched until then)", DAEMON_JSON, k, in, d->since / 100,
		    d->since % 100, d->source, e);
	if (n < 0)
		return -ENOMEM;
	s->refuse_all = t;
	return 1;
}

/* dockerd takes an object value whole only for the keys it parses whole
 * (flatOptions); any other object is read for its members as keys. */
static bool
taken_whole(const char *k)
{
	enum dtype t = dflags_key_type(k);

	return t == DT_OBJ || t == DT_STRMAP || t == DT_ULIMITS;
}

/* A key that is also a dockerd flag, or that the engine does not accept,
 * stops dockerd: such a file is refused like invalid JSON. */
static int
stale_keys(struct s2 *s)
{
	size_t m;
	int rc;

	for (m = 0; m < s->doc.nmem; m++) {
		const char *k = s->doc.mem[m].key;
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(s->doc.root, k), *e;
		const struct dflag *f = host_flag_for_key(s->h, k);

		if (f != NULL) {
			char *ft = s2_flag_text(f);

			/* dockerd compares names, not values */
			if (asprintf(&s->refuse_all, "\"%s\" is set both in %s "
			    "and by the dockerd flag %s (%s); dockerd refuses to "
			    "start like that. Fix: remove one of them", k,
			    DAEMON_JSON, ft ? ft : f->name, f->source) < 0)
				s->refuse_all = NULL;
			free(ft);
			return s->refuse_all ? 0 : -ENOMEM;
		}
		if (cJSON_IsObject(v) && !taken_whole(k)) {
			char in[160];

			snprintf(in, sizeof(in), " (in \"%s\")", k);
			cJSON_ArrayForEach(e, v)
				if ((rc = key_refusal(s, e->string, in)) != 0)
					return rc < 0 ? rc : 0;
			continue;
		}
		if ((rc = key_refusal(s, k, "")) != 0)
			return rc < 0 ? rc : 0;
	}
	return 0;
}

static int
s2_init(struct s2 *s, const struct ctx *ctx, const struct host *h,
    struct run *r, bool planning)
{
	char *err = NULL, pv[128];
	int rc;

	memset(s, 0, sizeof(*s));
	s->ctx = ctx;
	s->h = h;
	s->r = r;
	s->planning = planning;
	s->live = ctx_live(ctx) && h->info != NULL;
	if ((s->want = cJSON_CreateObject()) == NULL)
		return -ENOMEM;
	if (h->dj_rc == 0) {
		rc = daemonjson_scan(h->dj_raw, h->dj_len, DAEMON_JSON, &s->doc, &err);
		if (rc == -ENOMEM)
			return rc;
		if (rc < 0 && asprintf(&s->refuse_all, "%s; cisharden leaves the "
		    "file untouched until it is fixed", err ? err : "invalid") < 0)
			s->refuse_all = NULL;
		free(err);
		if (rc < 0 && s->refuse_all == NULL)
			return -ENOMEM;
	} else if (h->dj_rc != -ENOENT &&
	    asprintf(&s->refuse_all, "%s %s", DAEMON_JSON, read_error(h->dj_rc)) < 0)
		return -ENOMEM;
	/* the observation asked `dockerd --version` only for an apply: verify
	 * judges keys against every engine version it knows */
	if (h->docker_version != NULL)
		s->version = strdup(h->docker_version);
	else if (dflags_pkg_version(h->pkg.pkg, pv, sizeof(pv)) > 0) {
		/* no daemon to ask (an image tree): the installed package */
		s->version = strdup(pv);
		if (asprintf(&s->version_src, "package %s", h->pkg.pkg) < 0)
			s->version_src = NULL;
		if (s->version_src == NULL)
			return -ENOMEM;
	}
	if ((h->docker_version != NULL || s->version_src != NULL) &&
	    s->version == NULL)
		return -ENOMEM;
	if (s->refuse_all == NULL && (rc = stale_keys(s)) < 0)
		return rc;
	find_swarm(s);
	return 0;
}

static void
s2_clear(struct s2 *s)
{
	daemonjson_doc_clear(&s->doc);
	free(s->refuse_all);
	free(s->version);
	free(s->version_src);
	free(s->swarm_why);
	cJSON_Delete(s->want);
}

static int
for_controls(struct s2 *s)
{
	size_t i;
	int rc;

	for (i = 0; i < s->r->prof->nctl; i++) {
		struct control *c = &s->r->prof->ctl[i];

		if (c->section != 2 || !control_active(c))
			continue;
		if ((rc = s2_eval_control(s, c, &s->r->res[i])) < 0)
			return rc;
	}
	return 0;
}

/* ---- the write ---- */

/* Engine >= 23: what dockerd itself said of the merged file (the
 * observation asks it, then the plan is made again). 0 ok, not asked,
 * or not checkable. */
static int
validate(const struct s2 *s, const char *data, size_t len, char **why)
{
	const struct validation *v = host_validation(s->h, data, len);

	*why = NULL;
	if (v == NULL || v->rc != 1)
		return 0;
	if (asprintf(why, "dockerd --validate rejects the merged %s: %s",
	    DAEMON_JSON, v->out ? v->out : "?") < 0)
		*why = NULL;
	return -EINVAL;
}

static int
refuse_ids(struct s2 *s, const char *ids, const char *why)
{
	size_t i;
	int rc;

	for (i = 0; i < s->r->prof->nctl; i++)
		if (idlist_has(ids, s->r->prof->ctl[i].id) &&
		    (rc = s2_set_res(&s->r->res[i], OC_REFUSE, why)) < 0)
			return rc;
	return 0;
}

static char *
summary(const struct s2 *s, bool existed)
{
	char keys[512] = "", *t;
	const cJSON *e;

	cJSON_ArrayForEach(e, s->want)
		snprintf(keys + strlen(keys), sizeof(keys) - strlen(keys),
		    "%s%s", keys[0] ? ", " : "", e->string);
	if (asprintf(&t, "%s %s", existed ? "set" : "create with", keys) < 0)
		return NULL;
	return t;
}

static int
plan_write(struct s2 *s)
{
	const struct host *h = s->h;
	bool existed = h->dj_rc == 0;
	char *data = NULL, *err = NULL, *why = NULL;
	size_t len = 0;
	struct action *a;
	int rc;

	if (s->want->child == NULL)
		return 0;
	rc = daemonjson_render(existed ? h->dj_raw : NULL, existed ? h->dj_len : 0,
	    DAEMON_JSON, s->want, &data, &len, &err);
	if (rc < 0) {
		rc = refuse_ids(s, s->ids, err ? err : "cannot merge daemon.json");
		goto out;
	}
	if (rc == 0)
		goto out;
	if ((rc = validate(s, data, len, &why)) < 0) {
		rc = refuse_ids(s, s->ids, why ? why : "dockerd --validate failed");
		s->ids[0] = '\0';
		goto out;
	}
	if ((a = run_add_action(s->r, ACT_WRITE, s->ids, DAEMON_JSON)) == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	a->existed = existed;
	a->keep_perms = existed;	/* section 3 owns its owner and mode */
	if (existed) {
		if ((a->old_data = malloc(h->dj_len + 1)) == NULL) {
			rc = -ENOMEM;
			goto out;
		}
		memcpy(a->old_data, h->dj_raw, h->dj_len);
		a->old_data[h->dj_len] = '\0';
		a->old_len = h->dj_len;
	}
	/* a new file is root:root 0644; an existing one keeps its owner
	 * and mode (section 3 owns those) */
	a->uid = existed ? h->dj_st.st_uid : 0;
	a->gid = existed ? h->dj_st.st_gid : 0;
	a->mode = existed ? h->dj_st.st_mode & 07777 : 0644;
	a->data = data;
	a->len = len;
	data = NULL;
	a->diff = diff_unified(DAEMON_JSON, a->old_data, a->old_len, a->data,
	    a->len);
	a->summary = summary(s, existed);
	if (a->diff == NULL || a->summary == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	if (!s->ctx->offline && !s->ctx->restart_docker && h->dockerd_pid > 0)
		s->r->restart_pending = true;
	rc = 1;
out:
	free(data);
	free(err);
	free(why);
	return rc;
}

int
sec2_plan(const struct ctx *ctx, const struct host *h, struct run *r)
{
	struct s2 s;
	char ids[512];
	int rc, wrote;

	if ((rc = s2_init(&s, ctx, h, r, true)) < 0)
		goto out;
	if ((rc = for_controls(&s)) < 0)
		goto out;
	if ((wrote = rc = plan_write(&s)) < 0)
		goto out;
	/* --restart-docker: after the write, or for a daemon that has not
	 * picked up a compliant file yet */
	snprintf(ids, sizeof(ids), "%s%s%s", wrote > 0 ? s.ids : "",
	    wrote > 0 && s.pending_ids[0] ? "," : "", s.pending_ids);
	if (ids[0] != '\0' && (rc = restart_plan(ctx, h, r, ids)) < 0)
		goto out;
	rc = 0;
out:
	s2_clear(&s);
	return rc;
}

int
sec2_verify(const struct ctx *ctx, const struct host *h, struct run *r)
{
	struct s2 s;
	int rc;

	if ((rc = s2_init(&s, ctx, h, r, false)) == 0)
		rc = for_controls(&s);
	s2_clear(&s);
	return rc;
}
