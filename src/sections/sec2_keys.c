/*
 * sec2_keys.c - section 2: the key-setting controls (2.2-2.4, 2.8, 2.9,
 * 2.12-2.18). One table of audit semantics (sems[]: the CIS meaning of
 * a key: what unset means, which values comply), judged on the
 * effective configuration and on what the running engine shows.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "sec2.h"

/* ---- live state ---- */

bool
s2_secopt_has(const struct host *h, const char *prefix)
{
	const cJSON *so = cJSON_GetObjectItemCaseSensitive(h->info,
	    "SecurityOptions"), *e;

	cJSON_ArrayForEach(e, so)
		if (cJSON_IsString(e) && strncmp(e->valuestring, prefix,
		    strlen(prefix)) == 0)
			return true;
	return false;
}

/* What the running daemon does for key, NULL when the API does not say. */
cJSON *
s2_live_value(const struct s2 *s, const char *key)
{
	const struct host *h = s->h;
	const cJSON *v;

	if (!s->live)
		return NULL;
	if (strcmp(key, "icc") == 0) {
		v = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(h->bridge, "Options"),
		    "com.docker.network.bridge.enable_icc");
		return cJSON_IsString(v) ? cJSON_CreateBool(strcmp(v->valuestring,
		    "false") != 0) : NULL;
	}
	if (strcmp(key, "live-restore") == 0 &&
	    cJSON_IsBool(v = cJSON_GetObjectItemCaseSensitive(h->info,
	    "LiveRestoreEnabled")))
		return cJSON_Duplicate(v, 0);
	/* Engine 23+ lists it in SecurityOptions; 20.10 does not say */
	if (strcmp(key, "no-new-privileges") == 0 &&
	    dflags_version_num(s->version) >= 2300)
		return cJSON_CreateBool(s2_secopt_has(h, "name=no-new-privileges"));
	if (strcmp(key, "experimental") == 0 &&
	    cJSON_IsBool(v = cJSON_GetObjectItemCaseSensitive(h->info,
	    "ExperimentalBuild")))
		return cJSON_Duplicate(v, 0);
	if (strcmp(key, "log-driver") == 0 &&
	    cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(h->info,
	    "LoggingDriver")))
		return cJSON_Duplicate(v, 0);
	if (strcmp(key, "storage-driver") == 0 &&
	    cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(h->info,
	    "Driver")))
		return cJSON_Duplicate(v, 0);
	return NULL;
}

/* ---- the audit semantics of every key-setting control ---- */

/* Does a value comply? 1 yes, 0 no, -1 "empty": the same as unset
 * ("userns-remap": "", "authorization-plugins": [], "default-ulimits": {}). */
typedef int (*judge_fn)(const cJSON *);

static int
j_false(const cJSON *v)
{
	return cJSON_IsFalse(v) ? 1 : 0;
}

static int
j_true(const cJSON *v)
{
	return cJSON_IsTrue(v) ? 1 : 0;
}

/* dockerd parses log levels case-insensitively (logrus.ParseLevel) */
static int
j_info(const cJSON *v)
{
	return cJSON_IsString(v) && strcasecmp(v->valuestring, "info") == 0;
}

static int
j_nonempty_str(const cJSON *v)
{
	if (!cJSON_IsString(v))
		return 0;
	return v->valuestring[0] != '\0' ? 1 : -1;
}

static int
j_nonempty_arr(const cJSON *v)
{
	const cJSON *e;
	int n = 0;

	if (!cJSON_IsArray(v))
		return 0;
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e) || e->valuestring[0] == '\0')
			return 0;
		n++;
	}
	return n > 0 ? 1 : -1;
}

static int
j_nonempty_obj(const cJSON *v)
{
	if (!cJSON_IsObject(v))
		return 0;
	return v->child != NULL ? 1 : -1;
}

/* json-file, local and none keep the logs on this host (or nowhere):
 * not centralized and remote logging (CIS 2.13) */
static int
j_remote_log(const cJSON *v)
{
	static const char *const local[] = { "json-file", "local", "none" };
	size_t i;

	if (!cJSON_IsString(v))
		return 0;
	if (v->valuestring[0] == '\0')
		return -1;
	for (i = 0; i < sizeof(local) / sizeof(local[0]); i++)
		if (strcmp(v->valuestring, local[i]) == 0)
			return 0;
	return 1;
}

static int
j_not_unconfined(const cJSON *v)
{
	if (!cJSON_IsString(v))
		return 0;
	if (v->valuestring[0] == '\0')
		return -1;
	return strcmp(v->valuestring, "unconfined") != 0;
}

/* What an unset key (or an empty value) means. */
enum unset_rule {
	U_PASS,		/* the engine default complies */
	U_FIX,		/* the default does not comply; the profile's value fixes it */
	U_CHOOSE,	/* not compliant, and only the site can choose the value */
	U_MANUAL,	/* a Manual control: unset is for a person to judge */
};

struct sem {
	const char *ctl;	/* catalogue key of the control */
	const char *key;	/* daemon.json key */
	enum unset_rule unset;
	judge_fn ok;
	const char *when;	/* "compliant when ..." */
};

/* One table for plan and verify (and the README's control table). */
static const struct sem sems[] = {
	{ "daemon.icc", "icc", U_FIX, j_false,
	  "\"icc\" is false (default true)" },
	{ "daemon.log-level", "log-level", U_PASS, j_info,
	  "\"log-level\" is unset or info (any case), and debug is off" },
	{ "daemon.iptables", "iptables", U_PASS, j_true,
	  "\"iptables\" is unset or true" },
	{ "daemon.default-ulimits", "default-ulimits", U_MANUAL, j_nonempty_obj,
	  "\"default-ulimits\" sets at least one ulimit (Manual)" },
	{ "daemon.userns-remap", "userns-remap", U_CHOOSE, j_nonempty_str,
	  "\"userns-remap\" names a user (not empty)" },
	{ "daemon.authorization-plugins", "authorization-plugins", U_CHOOSE, j_nonempty_arr,
	  "\"authorization-plugins\" lists at least one plugin" },
	{ "daemon.remote-logging", "log-driver", U_CHOOSE, j_remote_log,
	  "\"log-driver\" is not json-file, local or none" },
	{ "daemon.no-new-privileges", "no-new-privileges", U_FIX, j_true,
	  "\"no-new-privileges\" is true" },
	{ "daemon.live-restore", "live-restore", U_FIX, j_true,
	  "\"live-restore\" is true" },
	{ "daemon.userland-proxy", "userland-proxy", U_FIX, j_false,
	  "\"userland-proxy\" is false" },
	{ "daemon.seccomp-profile", "seccomp-profile", U_MANUAL, j_not_unconfined,
	  "\"seccomp-profile\" is a profile, not unconfined (Manual when unset)" },
	{ "daemon.experimental", "experimental", U_PASS, j_false,
	  "\"experimental\" is unset or false" },
};

static const struct sem *
sem_find(const char *ctl)
{
	size_t i;

	for (i = 0; i < sizeof(sems) / sizeof(sems[0]); i++)
		if (strcmp(sems[i].ctl, ctl) == 0)
			return &sems[i];
	return NULL;
}

/* The last flag for key: dockerd keeps the last of a repeated flag. */
static const struct dflag *
last_flag(const struct host *h, const char *key)
{
	const struct dflag *f = NULL;
	const char *k;
	size_t i;

	for (i = 0; i < h->nflags; i++)
		if ((k = dflags_key(h->flags[i].name)) != NULL &&
		    strcmp(k, key) == 0)
			f = &h->flags[i];
	return f;
}

/* The effective configured value of a key, in dockerd's order:
 * daemon.json, else its flags; with the words naming the source. */
struct eff {
	cJSON *v;		/* NULL: unset */
	bool flag;
	char *src;		/* "/etc/docker/daemon.json \"icc\": true",
				 * "flag --icc=true in ... (ExecStart)" */
};

static int
eff_get(const struct s2 *s, const char *key, struct eff *e)
{
	const cJSON *fv = s2_file_value(s, key);
	const struct dflag *f;
	char *t = NULL, *ft = NULL;
	int n;

	memset(e, 0, sizeof(*e));
	if (fv != NULL) {
		t = daemonjson_print(fv);
		e->v = cJSON_Duplicate(fv, 1);
		n = asprintf(&e->src, "%s \"%s\": %s", DAEMON_JSON, key, t ? t : "?");
	} else if ((f = last_flag(s->h, key)) != NULL) {
		ft = s2_flag_text(f);
		e->flag = true;
		e->v = s2_flags_value(s->h, key);
		n = asprintf(&e->src, "flag %s in %s", ft ? ft : f->name, f->source);
	} else
		return 0;
	free(t);
	free(ft);
	if (n < 0 || e->v == NULL) {
		cJSON_Delete(e->v);
		e->v = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void
eff_clear(struct eff *e)
{
	cJSON_Delete(e->v);
	free(e->src);
}

/* What the running engine shows for the control: 1 complies, 0 does
 * not, -1 the Engine API does not say. *shows names it. */
static int
live_judge(const struct s2 *s, const struct sem *m, char **shows)
{
	const struct host *h = s->h;
	const cJSON *v, *so = cJSON_GetObjectItemCaseSensitive(h->info,
	    "SecurityOptions");
	int r = -1, n = 0;

	*shows = NULL;
	if (!s->live)
		return -1;
	if (strcmp(m->key, "icc") == 0) {
		v = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(h->bridge, "Options"),
		    "com.docker.network.bridge.enable_icc");
		if (cJSON_IsString(v)) {
			r = strcmp(v->valuestring, "false") == 0;
			n = asprintf(shows, "Engine API bridge network "
			    "com.docker.network.bridge.enable_icc: %s", v->valuestring);
		}
	} else if (strcmp(m->key, "log-level") == 0) {
		/* /info has no log level, only whether debug is on */
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(h->info, "Debug"))) {
			r = 0;
			n = asprintf(shows, "Engine API /info Debug: true");
		}
	} else if (strcmp(m->key, "live-restore") == 0 ||
	    strcmp(m->key, "experimental") == 0) {
		const char *f = strcmp(m->key, "live-restore") == 0 ?
		    "LiveRestoreEnabled" : "ExperimentalBuild";

		v = cJSON_GetObjectItemCaseSensitive(h->info, f);
		if (cJSON_IsBool(v)) {
			r = m->ok(v) == 1;
			n = asprintf(shows, "Engine API /info %s: %s", f,
			    cJSON_IsTrue(v) ? "true" : "false");
		}
	} else if (strcmp(m->key, "log-driver") == 0) {
		v = cJSON_GetObjectItemCaseSensitive(h->info, "LoggingDriver");
		if (cJSON_IsString(v)) {
			r = m->ok(v) == 1;
			n = asprintf(shows, "Engine API /info LoggingDriver: %s",
			    v->valuestring);
		}
	} else if (strcmp(m->key, "authorization-plugins") == 0) {
		const cJSON *pl = cJSON_GetObjectItemCaseSensitive(h->info, "Plugins");

		v = cJSON_GetObjectItemCaseSensitive(pl, "Authorization");
		if (cJSON_IsObject(pl)) {
			char *t = cJSON_IsArray(v) ? daemonjson_print(v) : NULL;

			r = cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0;
			n = asprintf(shows, "Engine API /info Plugins.Authorization: %s",
			    t ? t : "null");
			free(t);
		}
	} else if (cJSON_IsArray(so) && (strcmp(m->key, "userns-remap") == 0 ||
	    (strcmp(m->key, "no-new-privileges") == 0 &&
	    dflags_version_num(s->version) >= 2300))) {
		const char *opt = strcmp(m->key, "userns-remap") == 0 ?
		    "name=userns" : "name=no-new-privileges";

		r = s2_secopt_has(h, opt);
		n = asprintf(shows, "Engine API /info SecurityOptions %s %s",
		    r ? "has" : "lacks", opt);
	} else if (strcmp(m->key, "seccomp-profile") == 0 &&
	    s2_secopt_has(h, "name=seccomp,profile=unconfined")) {
		r = 0;
		n = asprintf(shows, "Engine API /info SecurityOptions has "
		    "name=seccomp,profile=unconfined");
	}
	if (n < 0) {
		*shows = NULL;
		return -1;
	}
	return r;
}

/* "debug": true (or -D) makes dockerd log at debug level whatever
 * log-level says; cisharden reports it and leaves debugging alone. */
static bool
debug_on(const struct s2 *s, char **why)
{
	const cJSON *fv = s2_file_value(s, "debug");
	cJSON *flv = s2_flags_value(s->h, "debug");
	const char *src = NULL;

	if (cJSON_IsTrue(fv))
		src = DAEMON_JSON " \"debug\": true";
	else if (fv == NULL && cJSON_IsTrue(flv))
		src = "the dockerd flag --debug";
	cJSON_Delete(flv);
	if (src == NULL)
		return false;
	if (asprintf(why, "debug mode is on (%s), so dockerd logs at debug "
	    "level whatever log-level says; turn debug off (cisharden leaves "
	    "it to you)", src) < 0)
		*why = NULL;
	return true;
}

/* ---- one wanted key ---- */

struct pairout {
	enum oc oc;
	char *why;
	char *change;		/* for OC_CHANGE: "\"icc\": true -> false" */
};

/* Can cisharden write want for key into daemon.json? OC_CHANGE with the
 * change line, OC_PASS when the file already has it, else OC_REFUSE. */
static void
pair_eval(const struct s2 *s, const char *key, const cJSON *want,
    struct pairout *o)
{
	const struct dflag *f = last_flag(s->h, key);
	const cJSON *fv = s2_file_value(s, key);
	char *ws = daemonjson_print(want), *ft = NULL, *old = NULL;
	int n = 0;

	memset(o, 0, sizeof(*o));
	if (strcmp(key, "hosts") == 0) {
		o->oc = OC_REFUSE;
		n = asprintf(&o->why, "cisharden never writes \"hosts\": it "
		    "clashes with the unit's -H flag");
		goto out;
	}
	if (f != NULL) {
		ft = s2_flag_text(f);
		o->oc = OC_REFUSE;
		n = asprintf(&o->why, "dockerd gets flag %s in %s, so \"%s\": "
		    "%s cannot go into %s (dockerd refuses to start with an "
		    "option given both as flag and in the file). Fix: change "
		    "the flag to a compliant value or remove it there, then "
		    "restart dockerd", ft ? ft : f->name, f->source, key,
		    ws ? ws : "?", DAEMON_JSON);
		goto out;
	}
	if (!dflags_key_known(key, s->version)) {
		o->oc = OC_REFUSE;
		n = asprintf(&o->why, "Docker Engine %s does not know the "
		    "daemon.json key \"%s\"; cisharden never writes a key "
		    "the installed engine would reject",
		    s->version ? s->version : "(unknown)", key);
		goto out;
	}
	if (fv != NULL && s2_values_equal(key, fv, want)) {
		o->oc = OC_PASS;
		n = asprintf(&o->why, "%s \"%s\": %s", DAEMON_JSON, key,
		    ws ? ws : "?");
		goto out;
	}
	old = fv ? daemonjson_print(fv) : NULL;
	o->oc = OC_CHANGE;
	n = asprintf(&o->change, "%s  \"%s\": %s -> %s", DAEMON_JSON,
	    key, old ? old : "(unset)", ws ? ws : "?");
out:
	if (n < 0) {
		free(o->why);
		o->why = NULL;
		o->change = NULL;
	}
	free(ws);
	free(ft);
	free(old);
}

static const char *
control_key(const struct control *c)
{
	const char *k = s2_param_str(c, "key");
	const struct sem *m = sem_find(c->key);

	if (k != NULL)
		return k;
	return m ? m->key : NULL;
}

/* The effective value of key (file, else flags), with its source. */
cJSON *
s2_effective(const struct s2 *s, const char *key, const char **src)
{
	const cJSON *fv = s2_file_value(s, key);
	const struct dflag *f;

	if (fv != NULL) {
		*src = DAEMON_JSON;
		return cJSON_Duplicate(fv, 1);
	}
	if ((f = last_flag(s->h, key)) != NULL) {
		*src = f->source;
		return s2_flags_value(s->h, key);
	}
	*src = NULL;
	return NULL;
}

static bool
swarm_skip(struct s2 *s, const struct control *c, struct result *res, int *rc)
{
	if (strcmp(c->key, "daemon.live-restore") != 0 || !s->swarm)
		return false;
	*rc = result_set(res, ST_NA, "skipped: this node is in a swarm (%s); "
	    "live-restore is incompatible with swarm mode, so cisharden "
	    "leaves it unset", s->swarm_why ? s->swarm_why : "swarm");
	return true;
}

/* The profile's value for a control, checked against the control's
 * semantics: NULL with *why when it is the wrong type or would not
 * comply. Also used when the profile loads. */
static cJSON *
wanted_value(const struct sem *m, const char *id, const char *key,
    const cJSON *pv, char **why)
{
	cJSON *w;
	char *t;

	if ((w = s2_coerce(key, pv, why)) == NULL)
		return NULL;
	if (m->ok(w) == 1)
		return w;
	t = daemonjson_print(w);
	if (asprintf(why, "the profile's value %s for \"%s\" does not comply "
	    "with CIS %s (compliant when %s)", t ? t : "?", key, id,
	    m->when) < 0)
		*why = NULL;
	free(t);
	cJSON_Delete(w);
	return NULL;
}

int
sec2_check_value(const char *ctl, const char *id, const char *key,
    const cJSON *value, char **why)
{
	const struct sem *m = sem_find(ctl);
	cJSON *w;

	*why = NULL;
	if (m == NULL || value == NULL || cJSON_IsNull(value))
		return 0;
	if (key == NULL)
		key = m->key;
	if (strcmp(key, m->key) != 0)
		return 0;	/* a control pointed at another key: not judged here */
	if ((w = wanted_value(m, id, key, value, why)) == NULL)
		return *why ? -EINVAL : -ENOMEM;
	cJSON_Delete(w);
	return 0;
}

/* The verdict of a non-compliant control (the effective value, or the
 * default, does not comply). */
static int
noncompliant(struct s2 *s, const struct control *c, const struct sem *m,
    const struct eff *e, const char *bad, cJSON *want[2], struct result *res)
{
	const char *keys[2] = { m->key, "log-opts" }, *mode = s2_param_str(c, "mode");
	struct pairout po[2] = { { 0 } };
	size_t np = want[1] != NULL ? 2 : 1, i;
	char *why = NULL;
	int rc = 0;

	if (e->flag) {
		/* cisharden never edits dockerd flags: plan refuses, verify fails */
		if (asprintf(&why, "%s; not compliant (compliant when %s). Fix: "
		    "change or remove the flag there, then restart dockerd "
		    "(cisharden does not edit dockerd flags)", e->src, m->when) < 0)
			return -ENOMEM;
		rc = s2_set_res(res, s->planning ? OC_REFUSE : OC_FAIL, why);
		free(why);
		return rc;
	}
	if (want[0] == NULL) {
		rc = result_set(res, ST_FAIL, "%s; not compliant (compliant "
		    "when %s). %s", bad, m->when, m->unset == U_CHOOSE ?
		    "cisharden does not choose this value. Fix: set "
		    "parameters.value for this control in the profile, or "
		    "exclude the control with a reason" :
		    "Fix: set parameters.value for this control in the "
		    "profile, or fix it by hand");
		return rc;
	}
	if (mode != NULL && strcmp(mode, "verify") == 0)
		return result_set(res, ST_FAIL, "%s; not compliant (compliant "
		    "when %s). The profile says mode: verify, so cisharden does "
		    "not change it", bad, m->when);
	for (i = 0; i < np; i++) {
		pair_eval(s, keys[i], want[i], &po[i]);
		if (po[i].oc == OC_REFUSE) {
			rc = po[i].why ? s2_set_res(res, OC_REFUSE, po[i].why) : -ENOMEM;
			goto out;
		}
		if (po[i].oc == OC_CHANGE && po[i].change == NULL) {
			rc = -ENOMEM;
			goto out;
		}
	}
	for (i = 0; i < np; i++) {
		if (po[i].oc != OC_CHANGE || !s->planning)
			continue;
		if ((rc = daemonjson_set(s->want, keys[i], want[i])) < 0 ||
		    (rc = result_add_change(res, "%s", po[i].change)) < 0)
			goto out;
		s2_ids_add(s->ids, sizeof(s->ids), c->id);
	}
	rc = result_set(res, ST_FAIL, "%s; not compliant (compliant when %s)",
	    bad, m->when);
out:
	for (i = 0; i < 2; i++) {
		free(po[i].why);
		free(po[i].change);
	}
	return rc;
}

/* Controls that set keys: 2.2-2.4, 2.8, 2.9, 2.12-2.18. */
int
s2_ctl_keys(struct s2 *s, const struct control *c, struct result *res)
{
	const struct sem *m = sem_find(c->key);
	const char *key = control_key(c);
	const cJSON *pv = s2_param(c, "value");
	cJSON *want[2] = { NULL, NULL };
	struct eff e;
	char *why = NULL, *shows = NULL, *src = NULL;
	int rc = 0, ok, live;

	if (m == NULL || key == NULL || strcmp(key, m->key) != 0)
		return result_set(res, ST_ERROR, "cisharden has no audit "
		    "semantics for control %s with key \"%s\"", c->id,
		    key ? key : "(none)");
	if (swarm_skip(s, c, res, &rc))
		return rc;
	if (pv != NULL && !cJSON_IsNull(pv) &&
	    (want[0] = wanted_value(m, c->id, key, pv, &why)) == NULL)
		return why ? s2_set_res(res, OC_REFUSE, why) : -ENOMEM;
	free(why);
	why = NULL;
	if (want[0] != NULL && strcmp(c->key, "daemon.remote-logging") == 0 &&
	    s2_param(c, "log-opts") != NULL &&
	    (want[1] = s2_coerce("log-opts", s2_param(c, "log-opts"), &why)) == NULL) {
		rc = why ? s2_set_res(res, OC_REFUSE, why) : -ENOMEM;
		goto out;
	}
	if ((rc = eff_get(s, key, &e)) < 0)
		goto out;
	ok = e.v != NULL ? m->ok(e.v) : -1;
	live = live_judge(s, m, &shows);
	if (ok < 0 && e.v == NULL)
		rc = asprintf(&src, "engine default (unset): %s",
		    dflags_default(m->key));
	else if (ok < 0)
		rc = asprintf(&src, "%s (empty: the same as unset)", e.src);
	else
		rc = asprintf(&src, "%s", e.src);
	if (rc < 0) {
		src = NULL;
		rc = -ENOMEM;
		goto clear;
	}
	if (ok < 0 && m->unset == U_MANUAL) {
		if (want[0] != NULL)
			rc = noncompliant(s, c, m, &e, src, want, res);
		else if (live == 0)
			rc = result_set(res, ST_FAIL, "%s, but %s: not compliant "
			    "(compliant when %s)", src, shows ? shows : "?", m->when);
		else {
			rc = result_set(res, ST_MANUAL, "%s; Manual control: check "
			    "by hand that this suits the site (compliant when %s); "
			    "a parameters.value in the profile makes cisharden "
			    "set it", src, m->when);
			res->opt_in = true;
		}
		goto clear;
	}
	if (ok == 1 || (ok < 0 && m->unset == U_PASS)) {
		if (strcmp(key, "log-level") == 0 && debug_on(s, &why)) {
			rc = why ? result_set(res, ST_FAIL, "%s, but %s", src, why) :
			    -ENOMEM;
			goto clear;
		}
		if (live == 0 && e.v != NULL) {
			s2_ids_add(s->pending_ids, sizeof(s->pending_ids), c->id);
			rc = result_set(res, ST_PENDING, "restart pending: %s "
			    "complies, but %s (restart dockerd, or apply with "
			    "--restart-docker)", src, shows ? shows : "?");
		} else if (live == 0)
			rc = result_set(res, ST_FAIL, "%s complies, but %s: the "
			    "running dockerd does not comply. Fix: find what "
			    "starts it with another configuration, then restart "
			    "dockerd", src, shows ? shows : "?");
		else
			rc = result_set(res, ST_PASS, "%s%s%s", src,
			    shows ? "; " : "", shows ? shows : "");
		goto clear;
	}
	rc = noncompliant(s, c, m, &e, src, want, res);
clear:
	eff_clear(&e);
out:
	cJSON_Delete(want[0]);
	cJSON_Delete(want[1]);
	free(why);
	free(shows);
	free(src);
	return rc < 0 ? rc : 0;
}

