/*
 * sec2_daemon.c - CIS section 2: the Docker daemon configuration.
 *
 * Every control is evaluated by one function for both plan and verify,
 * so what a dry run promises is what verify checks afterwards. The key
 * controls share one table of audit semantics (sems[]: what unset means,
 * which values comply) and are judged on the effective configuration in
 * dockerd's order, naming the source that decided:
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
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "daemonjson.h"
#include "diff.h"
#include "dflags.h"
#include "strv.h"
#include "profile.h"
#include "restart.h"
#include "sections.h"

enum oc { OC_PASS, OC_FAIL, OC_CHANGE, OC_REFUSE, OC_NA, OC_MANUAL, OC_PENDING };

struct s2 {
	const struct ctx *ctx;
	const struct host *h;
	struct run *r;
	bool planning;
	struct dj_doc doc;	/* doc.root NULL when there is no file */
	char *refuse_all;	/* daemon.json unreadable or invalid */
	char *version;		/* engine version, NULL when unknown */
	bool live;		/* compare with the running daemon */
	bool swarm;
	char *swarm_why;
	cJSON *want;		/* keys the write sets */
	char ids[256];		/* controls the write serves */
	char pending_ids[256];	/* controls waiting for a restart */
};

/* ---- small helpers ---- */

static void
ids_add(char *ids, size_t cap, const char *id)
{
	size_t n = strlen(ids);

	if (idlist_has(ids, id))
		return;
	snprintf(ids + n, cap - n, "%s%s", n ? "," : "", id);
}

static const cJSON *
param(const struct control *c, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(c->params, key);
}

static const char *
param_str(const struct control *c, const char *key)
{
	const cJSON *v = param(c, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *
file_value(const struct s2 *s, const char *key)
{
	return s->doc.root ? cJSON_GetObjectItemCaseSensitive(s->doc.root, key) :
	    NULL;
}

/* "--icc=false", "-H fd://" for messages */
static char *
flag_text(const struct dflag *f)
{
	const char *ln = dflags_long(f->name);
	char *t;

	if (asprintf(&t, "--%s%s%s", ln ? ln : f->name, f->value ? "=" : "",
	    f->value ? f->value : "") < 0)
		return NULL;
	return t;
}

static bool
str_is_true(const char *v, bool *ok)
{
	*ok = true;
	if (v == NULL || strcmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
	    strcmp(v, "True") == 0)
		return true;
	if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0 ||
	    strcmp(v, "False") == 0)
		return false;
	*ok = false;
	return false;
}

/* "nofile=1024:4096" -> {"Name": "nofile", "Hard": 4096, "Soft": 1024} */
static int
ulimit_add(cJSON *obj, const char *spec)
{
	char name[64];
	const char *eq = strchr(spec, '=');
	char *end;
	long soft, hard;
	cJSON *u;

	if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof(name))
		return -EINVAL;
	memcpy(name, spec, (size_t)(eq - spec));
	name[eq - spec] = '\0';
	soft = strtol(eq + 1, &end, 10);
	if (end == eq + 1)
		return -EINVAL;
	hard = soft;
	if (*end == ':') {
		const char *h = end + 1;

		hard = strtol(h, &end, 10);
		if (end == h)
			return -EINVAL;
	}
	if (*end != '\0')
		return -EINVAL;
	if ((u = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(u, "Name", name) == NULL ||
	    cJSON_AddNumberToObject(u, "Hard", (double)hard) == NULL ||
	    cJSON_AddNumberToObject(u, "Soft", (double)soft) == NULL) {
		cJSON_Delete(u);
		return -ENOMEM;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
	if (!cJSON_AddItemToObject(obj, name, u)) {
		cJSON_Delete(u);
		return -ENOMEM;
	}
	return 0;
}

/* Compare ulimits regardless of member order. */
static bool
ulimits_equal(const cJSON *a, const cJSON *b)
{
	const cJSON *e, *o;
	int na = 0, nb = 0;

	if (!cJSON_IsObject(a) || !cJSON_IsObject(b))
		return false;
	cJSON_ArrayForEach(e, a) {
		na++;
		o = cJSON_GetObjectItemCaseSensitive(b, e->string);
		if (o == NULL ||
		    !cJSON_Compare(cJSON_GetObjectItem(e, "Soft"), cJSON_GetObjectItem(o, "Soft"), 1) ||
		    !cJSON_Compare(cJSON_GetObjectItem(e, "Hard"), cJSON_GetObjectItem(o, "Hard"), 1))
			return false;
	}
	cJSON_ArrayForEach(e, b)
		nb++;
	return na == nb;
}

static bool
values_equal(const char *key, const cJSON *a, const cJSON *b)
{
	if (a == NULL || b == NULL)
		return false;
	if (strcmp(key, "default-ulimits") == 0)
		return ulimits_equal(a, b);
	return cJSON_Compare(a, b, 1);
}

/* What the dockerd flags for key amount to, as a daemon.json value. */
static cJSON *
flags_value(const struct host *h, const char *key)
{
	const char *type = daemonjson_key_type(key), *k;
	bool isbool = type && strncmp(type, "a boolean", 9) == 0;
	bool isarr = type && strcmp(type, "an array of strings") == 0;
	bool ulim = strcmp(key, "default-ulimits") == 0;
	bool map = strcmp(key, "log-opts") == 0;
	cJSON *v = NULL, *e;
	size_t i;

	if (isarr || ulim || map)
		v = isarr ? cJSON_CreateArray() : cJSON_CreateObject();
	for (i = 0; i < h->nflags; i++) {
		const struct dflag *f = &h->flags[i];
		bool ok, t;

		if ((k = dflags_key(f->name)) == NULL || strcmp(k, key) != 0)
			continue;
		if (isbool) {
			cJSON_Delete(v);
			t = str_is_true(f->value, &ok);
			v = ok ? cJSON_CreateBool(t) : cJSON_CreateString(f->value);
		} else if (isarr) {
			bool dup = false;

			cJSON_ArrayForEach(e, v)
				if (f->value && strcmp(e->valuestring, f->value) == 0)
					dup = true;	/* unit and /proc repeat it */
			if (!dup && f->value)
				cJSON_AddItemToArray(v, cJSON_CreateString(f->value));
		} else if (ulim) {
			if (f->value)
				(void)ulimit_add(v, f->value);
		} else if (map) {
			const char *eq = f->value ? strchr(f->value, '=') : NULL;

			if (eq != NULL) {
				char *name = strndup(f->value, (size_t)(eq - f->value));

				if (name != NULL) {
					cJSON_DeleteItemFromObjectCaseSensitive(v, name);
					cJSON_AddStringToObject(v, name, eq + 1);
					free(name);
				}
			}
		} else {
			cJSON_Delete(v);
			v = cJSON_CreateString(f->value ? f->value : "");
		}
	}
	return v;
}

/* The profile's value for key, in the JSON type dockerd expects. */
static cJSON *
coerce(const char *key, const cJSON *p, char **why)
{
	const char *type = daemonjson_key_type(key);
	cJSON *v = NULL, *e;
	bool ok, t;

	*why = NULL;
	if (type == NULL)
		return cJSON_Duplicate(p, 1);
	if (strncmp(type, "a boolean", 9) == 0) {
		if (cJSON_IsBool(p))
			return cJSON_Duplicate(p, 1);
		if (cJSON_IsString(p) && (t = str_is_true(p->valuestring, &ok), ok))
			return cJSON_CreateBool(t);
	} else if (strcmp(type, "a string") == 0) {
		if (cJSON_IsString(p) && p->valuestring[0] != '\0')
			return cJSON_Duplicate(p, 1);
	} else if (strcmp(type, "an array of strings") == 0) {
		if (cJSON_IsString(p) && p->valuestring[0] != '\0') {
			cJSON *e1 = cJSON_CreateString(p->valuestring);

			if ((v = cJSON_CreateArray()) == NULL || e1 == NULL ||
			    !cJSON_AddItemToArray(v, e1)) {
				cJSON_Delete(e1);
				cJSON_Delete(v);
				return NULL;	/* out of memory */
			}
			return v;
		}
		if (cJSON_IsArray(p)) {
			cJSON_ArrayForEach(e, p)
				if (!cJSON_IsString(e))
					goto bad;
			return cJSON_Duplicate(p, 1);
		}
	} else if (strcmp(key, "default-ulimits") == 0) {
		/* "nofile=64000:64000", a list of those, or the JSON form */
		if (cJSON_IsObject(p))
			return cJSON_Duplicate(p, 1);
		if ((v = cJSON_CreateObject()) == NULL)
			return NULL;
		if (cJSON_IsString(p) && ulimit_add(v, p->valuestring) == 0)
			return v;
		if (cJSON_IsArray(p) && p->child != NULL) {
			cJSON_ArrayForEach(e, p)
				if (!cJSON_IsString(e) || ulimit_add(v, e->valuestring) < 0)
					goto bad;
			return v;
		}
	} else if (strcmp(key, "log-opts") == 0) {
		/* YAML may give numbers (max-file: 3); dockerd wants strings */
		if (!cJSON_IsObject(p) || (v = cJSON_CreateObject()) == NULL)
			goto bad;
		cJSON_ArrayForEach(e, p) {
			char num[64];

			if (cJSON_IsNumber(e))
				snprintf(num, sizeof(num), "%.15g", e->valuedouble);
			else if (!cJSON_IsString(e))
				goto bad;
			if (cJSON_AddStringToObject(v, e->string, cJSON_IsString(e) ?
			    e->valuestring : num) == NULL) {
				cJSON_Delete(v);
				return NULL;	/* out of memory */
			}
		}
		return v;
	} else if (cJSON_IsObject(p) || cJSON_IsNumber(p))
		return cJSON_Duplicate(p, 1);
bad:
	cJSON_Delete(v);
	if (asprintf(why, "profile parameter for \"%s\" must be %s", key,
	    type) < 0)
		*why = NULL;
	return NULL;
}

static int
set_res(struct result *res, enum oc oc, const char *why)
{
	static const enum status st[] = {
		[OC_PASS] = ST_PASS, [OC_FAIL] = ST_FAIL, [OC_CHANGE] = ST_FAIL,
		[OC_REFUSE] = ST_REFUSED, [OC_NA] = ST_NA,
		[OC_MANUAL] = ST_MANUAL, [OC_PENDING] = ST_PENDING,
	};

	if (oc == OC_REFUSE && result_refuse(res, "%s", why) < 0)
		return -ENOMEM;
	return result_set(res, st[oc], "%s", why ? why : "");
}

/* ---- live state ---- */

static bool
secopt_has(const struct host *h, const char *prefix)
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
static cJSON *
live_value(const struct s2 *s, const char *key)
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
		return cJSON_CreateBool(secopt_has(h, "name=no-new-privileges"));
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
	const char *dflt;	/* the engine default, as dockerd shows it */
	enum unset_rule unset;
	judge_fn ok;
	const char *when;	/* "compliant when ..." */
};

/* One table for plan and verify (and the README's control table). */
static const struct sem sems[] = {
	{ "daemon.icc", "icc", "true", U_FIX, j_false,
	  "\"icc\" is false (default true)" },
	{ "daemon.log-level", "log-level", "info", U_PASS, j_info,
	  "\"log-level\" is unset or info (any case), and debug is off" },
	{ "daemon.iptables", "iptables", "true", U_PASS, j_true,
	  "\"iptables\" is unset or true" },
	{ "daemon.default-ulimits", "default-ulimits", "none (dockerd's own ulimits)", U_MANUAL, j_nonempty_obj,
	  "\"default-ulimits\" sets at least one ulimit (Manual)" },
	{ "daemon.userns-remap", "userns-remap", "no remapping", U_CHOOSE, j_nonempty_str,
	  "\"userns-remap\" names a user (not empty)" },
	{ "daemon.authorization-plugins", "authorization-plugins", "no plugin", U_CHOOSE, j_nonempty_arr,
	  "\"authorization-plugins\" lists at least one plugin" },
	{ "daemon.remote-logging", "log-driver", "json-file", U_CHOOSE, j_remote_log,
	  "\"log-driver\" is not json-file, local or none" },
	{ "daemon.no-new-privileges", "no-new-privileges", "false", U_FIX, j_true,
	  "\"no-new-privileges\" is true" },
	{ "daemon.live-restore", "live-restore", "false", U_FIX, j_true,
	  "\"live-restore\" is true" },
	{ "daemon.userland-proxy", "userland-proxy", "true", U_FIX, j_false,
	  "\"userland-proxy\" is false" },
	{ "daemon.seccomp-profile", "seccomp-profile", "builtin", U_MANUAL, j_not_unconfined,
	  "\"seccomp-profile\" is a profile, not unconfined (Manual when unset)" },
	{ "daemon.experimental", "experimental", "false", U_PASS, j_false,
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
	const cJSON *fv = file_value(s, key);
	const struct dflag *f;
	char *t = NULL, *ft = NULL;
	int n;

	memset(e, 0, sizeof(*e));
	if (fv != NULL) {
		t = daemonjson_print(fv);
		e->v = cJSON_Duplicate(fv, 1);
		n = asprintf(&e->src, "%s \"%s\": %s", DAEMON_JSON, key, t ? t : "?");
	} else if ((f = last_flag(s->h, key)) != NULL) {
		ft = flag_text(f);
		e->flag = true;
		e->v = flags_value(s->h, key);
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

		r = secopt_has(h, opt);
		n = asprintf(shows, "Engine API /info SecurityOptions %s %s",
		    r ? "has" : "lacks", opt);
	} else if (strcmp(m->key, "seccomp-profile") == 0 &&
	    secopt_has(h, "name=seccomp,profile=unconfined")) {
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
	const cJSON *fv = file_value(s, "debug");
	cJSON *flv = flags_value(s->h, "debug");
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
	const cJSON *fv = file_value(s, key);
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
		ft = flag_text(f);
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
	if (fv != NULL && values_equal(key, fv, want)) {
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
	const char *k = param_str(c, "key");
	const struct sem *m = sem_find(c->key);

	if (k != NULL)
		return k;
	return m ? m->key : NULL;
}

/* The effective value of key (file, else flags), with its source. */
static cJSON *
effective(const struct s2 *s, const char *key, const char **src)
{
	const cJSON *fv = file_value(s, key);
	const struct dflag *f;

	if (fv != NULL) {
		*src = DAEMON_JSON;
		return cJSON_Duplicate(fv, 1);
	}
	if ((f = last_flag(s->h, key)) != NULL) {
		*src = f->source;
		return flags_value(s->h, key);
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

	if ((w = coerce(key, pv, why)) == NULL)
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
	const char *keys[2] = { m->key, "log-opts" }, *mode = param_str(c, "mode");
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
		rc = set_res(res, s->planning ? OC_REFUSE : OC_FAIL, why);
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
			rc = po[i].why ? set_res(res, OC_REFUSE, po[i].why) : -ENOMEM;
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
		ids_add(s->ids, sizeof(s->ids), c->id);
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
static int
ctl_keys(struct s2 *s, const struct control *c, struct result *res)
{
	const struct sem *m = sem_find(c->key);
	const char *key = control_key(c);
	const cJSON *pv = param(c, "value");
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
		return why ? set_res(res, OC_REFUSE, why) : -ENOMEM;
	free(why);
	why = NULL;
	if (want[0] != NULL && strcmp(c->key, "daemon.remote-logging") == 0 &&
	    param(c, "log-opts") != NULL &&
	    (want[1] = coerce("log-opts", param(c, "log-opts"), &why)) == NULL) {
		rc = why ? set_res(res, OC_REFUSE, why) : -ENOMEM;
		goto out;
	}
	if ((rc = eff_get(s, key, &e)) < 0)
		goto out;
	ok = e.v != NULL ? m->ok(e.v) : -1;
	live = live_judge(s, m, &shows);
	if (ok < 0 && e.v == NULL)
		rc = asprintf(&src, "engine default (unset): %s", m->dflt);
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
		else
			rc = result_set(res, ST_MANUAL, "%s; Manual control: check "
			    "by hand that this suits the site (compliant when %s); "
			    "a parameters.value in the profile makes cisharden "
			    "set it", src, m->when);
		goto clear;
	}
	if (ok == 1 || (ok < 0 && m->unset == U_PASS)) {
		if (strcmp(key, "log-level") == 0 && debug_on(s, &why)) {
			rc = why ? result_set(res, ST_FAIL, "%s, but %s", src, why) :
			    -ENOMEM;
			goto clear;
		}
		if (live == 0 && e.v != NULL) {
			ids_add(s->pending_ids, sizeof(s->pending_ids), c->id);
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

/* 2.5: insecure registries are reported, never removed. */
static int
ctl_insecure(struct s2 *s, struct result *res)
{
	const cJSON *fv = file_value(s, "insecure-registries"), *e;
	cJSON *flv = flags_value(s->h, "insecure-registries");
	char list[512] = "";
	int rc;

	cJSON_ArrayForEach(e, fv)
		if (cJSON_IsString(e))
			snprintf(list + strlen(list), sizeof(list) - strlen(list),
			    "%s%s (%s)", list[0] ? ", " : "", e->valuestring,
			    DAEMON_JSON);
	cJSON_ArrayForEach(e, flv)
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
		    "%s%s (flag --insecure-registry)", list[0] ? ", " : "",
		    e->valuestring);
	cJSON_Delete(flv);
	/* the running engine: 127.0.0.0/8 (and ::1/128) are always listed */
	if (s->live) {
		const cJSON *rc0 = cJSON_GetObjectItemCaseSensitive(s->h->info,
		    "RegistryConfig");

		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(rc0,
		    "InsecureRegistryCIDRs"))
			if (cJSON_IsString(e) && strcmp(e->valuestring, "127.0.0.0/8") != 0 &&
			    strcmp(e->valuestring, "::1/128") != 0 &&
			    strstr(list, e->valuestring) == NULL)
				snprintf(list + strlen(list), sizeof(list) - strlen(list),
				    "%s%s (Engine API /info RegistryConfig)",
				    list[0] ? ", " : "", e->valuestring);
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(rc0,
		    "IndexConfigs"))
			if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(e, "Secure")) &&
			    e->string != NULL && strstr(list, e->string) == NULL)
				snprintf(list + strlen(list), sizeof(list) - strlen(list),
				    "%s%s (Engine API /info RegistryConfig)",
				    list[0] ? ", " : "", e->string);
	}
	if (list[0] == '\0')
		return result_set(res, ST_PASS, "no insecure registries configured%s",
		    s->live ? "; Engine API /info RegistryConfig lists none" : "");
	rc = result_set(res, ST_FAIL, "insecure registries configured: %s. "
	    "cisharden does not remove a registry that may be in use: move "
	    "it to TLS, then remove it", list);
	return rc;
}

/* 2.6: aufs is reported; the storage driver is never changed. */
/* 2.6 and v1.8.0's 2.7: a storage driver the benchmark rules out, judged
 * from the key, the --storage-driver/-s flag and the Engine API's Driver.
 * Reported only: changing the driver hides existing images and
 * containers. */
static int
no_driver(struct s2 *s, struct result *res, const char *drv, int gone,
    const char *gone_in)
{
	const char *src;
	cJSON *v = effective(s, "storage-driver", &src), *lv;
	bool cfg, run;
	int rc;

	lv = live_value(s, "storage-driver");
	cfg = cJSON_IsString(v) && strcmp(v->valuestring, drv) == 0;
	run = cJSON_IsString(lv) && strcmp(lv->valuestring, drv) == 0;
	if (cfg || run)
		rc = result_set(res, ST_FAIL, "the %s storage driver is %s (%s; "
		    "removed in %s%s); changing the driver hides existing "
		    "images and containers, so cisharden leaves it to you", drv,
		    run ? "in use" : "configured", run ? "Engine API Driver" : src,
		    gone_in, dflags_version_num(s->version) >= gone ?
		    ": this engine will not start with it" : "");
	else if (cJSON_IsString(lv) || cJSON_IsString(v))
		rc = result_set(res, ST_PASS, "storage driver: %s (%s)",
		    cJSON_IsString(lv) ? lv->valuestring : v->valuestring,
		    cJSON_IsString(lv) ? "Engine API Driver" : src);
	else
		rc = result_set(res, ST_PASS, "storage driver: engine default "
		    "(not %s)", drv);
	cJSON_Delete(v);
	cJSON_Delete(lv);
	return rc;
}

static int
ctl_aufs(struct s2 *s, struct result *res)
{
	return no_driver(s, res, "aufs", 2400, "Engine 24");
}

static int
ctl_devicemapper(struct s2 *s, struct result *res)
{
	return no_driver(s, res, "devicemapper", 2500, "Engine 25");
}

static bool
is_set(const struct s2 *s, const char *key)
{
	const char *src;
	cJSON *v = effective(s, key, &src);
	bool set = v != NULL && !(cJSON_IsString(v) && v->valuestring[0] == '\0');

	cJSON_Delete(v);
	return set;
}

/* 2.7: TLS matters only when dockerd listens on TCP. */
static int
ctl_tls(struct s2 *s, struct result *res)
{
	const cJSON *fh = file_value(s, "hosts"), *e;
	cJSON *flv = flags_value(s->h, "hosts"), *tv;
	const char *src, *missing[4];
	bool tcp = false;
	size_t nm = 0;
	int rc;

	cJSON_ArrayForEach(e, fh)
		if (cJSON_IsString(e) && strncmp(e->valuestring, "tcp://", 6) == 0)
			tcp = true;
	cJSON_ArrayForEach(e, flv)
		if (cJSON_IsString(e) && strncmp(e->valuestring, "tcp://", 6) == 0)
			tcp = true;
	cJSON_Delete(flv);
	if (!tcp)
		return result_set(res, ST_NA, "dockerd does not listen on TCP "
		    "(no tcp:// host)");
	tv = effective(s, "tlsverify", &src);
	if (!cJSON_IsTrue(tv))
		missing[nm++] = "tlsverify";
	cJSON_Delete(tv);
	if (!is_set(s, "tlscacert"))
		missing[nm++] = "tlscacert";
	if (!is_set(s, "tlscert"))
		missing[nm++] = "tlscert";
	if (!is_set(s, "tlskey"))
		missing[nm++] = "tlskey";
	if (nm == 0)
		return result_set(res, ST_PASS, "dockerd listens on TCP with "
		    "tlsverify and CA, certificate and key");
	rc = result_set(res, ST_FAIL, "dockerd listens on TCP without %s%s%s%s%s%s%s "
	    "(set them with the -H flag, not in daemon.json)", missing[0],
	    nm > 1 ? ", " : "", nm > 1 ? missing[1] : "", nm > 2 ? ", " : "",
	    nm > 2 ? missing[2] : "", nm > 3 ? ", " : "", nm > 3 ? missing[3] : "");
	return rc;
}

/* 2.10: a cgroup-parent is reported for confirmation, not changed. */
static int
ctl_cgroup(struct s2 *s, struct result *res)
{
	const char *src;
	cJSON *v = effective(s, "cgroup-parent", &src);
	int rc;

	if (v == NULL)
		rc = result_set(res, ST_PASS, "containers use the default cgroup parent");
	else
		rc = result_set(res, ST_FAIL, "cgroup-parent is %s (%s): confirm "
		    "it is intended; cisharden does not change it",
		    cJSON_IsString(v) ? v->valuestring : "set", src);
	cJSON_Delete(v);
	return rc;
}

/* 2.11: dm.basesize is reported, never changed. */
static int
ctl_basesize(struct s2 *s, struct result *res)
{
	const cJSON *fv = file_value(s, "storage-opts"), *e;
	cJSON *flv = flags_value(s->h, "storage-opts");
	const char *hit = NULL;
	int rc;

	cJSON_ArrayForEach(e, fv)
		if (cJSON_IsString(e) && strncmp(e->valuestring, "dm.basesize", 11) == 0)
			hit = e->valuestring;
	cJSON_ArrayForEach(e, flv)
		if (cJSON_IsString(e) && strncmp(e->valuestring, "dm.basesize", 11) == 0)
			hit = e->valuestring;
	if (hit == NULL)
		rc = result_set(res, ST_PASS, "base device size not changed");
	else
		rc = result_set(res, ST_FAIL, "storage option %s changes the base "
		    "device size; cisharden leaves it to you", hit);
	cJSON_Delete(flv);
	return rc;
}

static int
ctl_manual(const struct s2 *s, struct result *res)
{
	if (s->live && secopt_has(s->h, "name=rootless"))
		return result_set(res, ST_PASS, "dockerd runs rootless");
	return result_set(res, ST_MANUAL, "rootless mode is a site decision: "
	    "check by hand (cisharden does not change it)");
}

/* The section 2 controls that are not a key of the semantics table. */
static const struct {
	const char *ctl;	/* catalogue key */
	int (*judge)(struct s2 *, struct result *);
} own_checks[] = {
	{ "daemon.insecure-registries", ctl_insecure },
	{ "daemon.no-aufs", ctl_aufs },
	{ "daemon.no-devicemapper", ctl_devicemapper },
	{ "daemon.tls", ctl_tls },
	{ "daemon.cgroup-parent", ctl_cgroup },
	{ "daemon.base-device-size", ctl_basesize },
};

static int
eval_control(struct s2 *s, const struct control *c, struct result *res)
{
	size_t i;

	if (strcmp(c->key, "daemon.rootless") == 0 || c->kind == KIND_MANUAL)
		return ctl_manual(s, res);
	if (s->refuse_all != NULL)
		return set_res(res, OC_REFUSE, s->refuse_all);
	for (i = 0; i < sizeof(own_checks) / sizeof(own_checks[0]); i++)
		if (strcmp(c->key, own_checks[i].ctl) == 0)
			return own_checks[i].judge(s, res);
	return ctl_keys(s, c, res);
}

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
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(s->h->info, "Swarm"),
	    "LocalNodeState");

	if (!s->ctx->offline && s->h->info != NULL) {
		if (cJSON_IsString(st) && (strcmp(st->valuestring, "active") == 0 ||
		    strcmp(st->valuestring, "pending") == 0 ||
		    strcmp(st->valuestring, "locked") == 0)) {
			s->swarm = true;
			if (asprintf(&s->swarm_why, "Swarm.LocalNodeState is %s",
			    st->valuestring) < 0)
				s->swarm_why = NULL;
		}
		return;
	}
	/* no daemon to ask (image tree, stopped dockerd): a node that
	 * joined a swarm keeps its state under <data-root>/swarm */
	if (s->h->swarm_state != NULL) {
		s->swarm = true;
		if (asprintf(&s->swarm_why, "%s exists", s->h->swarm_state) < 0)
			s->swarm_why = NULL;
	}
}

/* A key that is also a dockerd flag, or that the engine no longer (or
 * not yet) knows, stops dockerd: such a file is refused like invalid
 * JSON. With the engine unknown (offline) only keys that no engine
 * since 20.10 knows count. */
static int
stale_keys(struct s2 *s)
{
	size_t m;

	for (m = 0; m < s->doc.nmem; m++) {
		const char *k = s->doc.mem[m].key;
		bool bad = s->version != NULL ? !dflags_key_known(k, s->version) :
		    !dflags_key_known(k, "20.10") && !dflags_key_known(k, "99.0");

		const struct dflag *f = host_flag_for_key(s->h, k);

		if (f != NULL) {
			char *ft = flag_text(f);

			/* dockerd compares names, not values */
			if (asprintf(&s->refuse_all, "\"%s\" is set both in %s "
			    "and by the dockerd flag %s (%s); dockerd refuses to "
			    "start like that. Fix: remove one of them", k,
			    DAEMON_JSON, ft ? ft : f->name, f->source) < 0)
				s->refuse_all = NULL;
			free(ft);
			return s->refuse_all ? 0 : -ENOMEM;
		}
		if (!bad)
			continue;
		if (asprintf(&s->refuse_all, "%s: \"%s\" is not a daemon.json "
		    "key Docker Engine %s knows, so dockerd would refuse the "
		    "file; remove it (cisharden leaves the file untouched "
		    "until then)", DAEMON_JSON, k, s->version ? s->version :
		    "20.10 or later") < 0) {
			s->refuse_all = NULL;
			return -ENOMEM;
		}
		return 0;
	}
	return 0;
}

static int
s2_init(struct s2 *s, const struct ctx *ctx, const struct host *h,
    struct run *r, bool planning)
{
	char *err = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	s->ctx = ctx;
	s->h = h;
	s->r = r;
	s->planning = planning;
	s->live = !ctx->offline && ctx->scope != SCOPE_FILES && h->info != NULL;
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
	s->version = h->docker_version ? strdup(h->docker_version) : NULL;
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
		if ((rc = eval_control(s, c, &s->r->res[i])) < 0)
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
		    (rc = set_res(&s->r->res[i], OC_REFUSE, why)) < 0)
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
