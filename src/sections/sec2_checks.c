/*
 * sec2_checks.c - section 2: the controls that are not one key of the
 * semantics table (2.1, 2.5, 2.6, 2.7, 2.10, 2.11), and the dispatch
 * of every section 2 control to its judge.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sec2.h"

/* 2.5: insecure registries are reported, never removed. */
static int
ctl_insecure(struct s2 *s, struct result *res)
{
	const cJSON *fv = s2_file_value(s, "insecure-registries"), *e;
	cJSON *flv = s2_flags_value(s->h, "insecure-registries");
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

/* 2.6 and v1.8.0's 2.7: a storage driver the benchmark rules out, judged
 * from the key, the --storage-driver/-s flag and the Engine API's Driver.
 * Reported only: changing the driver hides existing images and
 * containers. */
static int
no_driver(struct s2 *s, struct result *res, const char *drv, int gone,
    const char *gone_in)
{
	const char *src;
	cJSON *v = s2_effective(s, "storage-driver", &src), *lv;
	bool cfg, run;
	int rc;

	lv = s2_live_value(s, "storage-driver");
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
	cJSON *v = s2_effective(s, key, &src);
	bool set = v != NULL && !(cJSON_IsString(v) && v->valuestring[0] == '\0');

	cJSON_Delete(v);
	return set;
}

/* 2.7: TLS matters only when dockerd listens on TCP. */
static int
ctl_tls(struct s2 *s, struct result *res)
{
	const cJSON *fh = s2_file_value(s, "hosts"), *e;
	cJSON *flv = s2_flags_value(s->h, "hosts"), *tv;
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
	tv = s2_effective(s, "tlsverify", &src);
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
	cJSON *v = s2_effective(s, "cgroup-parent", &src);
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
	const cJSON *fv = s2_file_value(s, "storage-opts"), *e;
	cJSON *flv = s2_flags_value(s->h, "storage-opts");
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
	if (s->live && s2_secopt_has(s->h, "name=rootless"))
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

int
s2_eval_control(struct s2 *s, const struct control *c, struct result *res)
{
	size_t i;

	if (strcmp(c->key, "daemon.rootless") == 0 || c->kind == KIND_MANUAL)
		return ctl_manual(s, res);
	if (s->refuse_all != NULL)
		return s2_set_res(res, OC_REFUSE, s->refuse_all);
	for (i = 0; i < sizeof(own_checks) / sizeof(own_checks[0]); i++)
		if (strcmp(c->key, own_checks[i].ctl) == 0)
			return own_checks[i].judge(s, res);
	return s2_ctl_keys(s, c, res);
}

