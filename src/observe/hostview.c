/*
 * hostview.c - what the observation says, for planners and verifiers:
 * pure lookups in a struct host (see host.h). Reads nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dflags.h"
#include "host.h"
#include "strv.h"

/* systemd's unit search path, most important first. */
const char *const host_unit_dirs[HOST_NUNIT_DIRS] = {
	"/etc/systemd/system",
	"/run/systemd/system",
	"/usr/local/lib/systemd/system",
	"/usr/lib/systemd/system",
	"/lib/systemd/system",
};

const char *const host_boot_files[HOST_NBOOT_FILES] = {
	BOOT_UNIT_DIR "/" BOOT_UNIT_NAME,
	BOOT_UNIT_DIR "/" BOOT_PATH_NAME,
	BOOT_UNIT_DIR "/docker.service.d/" BOOT_DROPIN_NAME,
	BOOT_UNIT_DIR "/containerd.service.d/" BOOT_DROPIN_NAME,
};

const struct dflag *
host_flag(const struct host *h, const char *name)
{
	size_t i;

	/* the last occurrence wins, as in dockerd's own flag parsing */
	for (i = h->nflags; i-- > 0;)
		if (strcmp(h->flags[i].name, name) == 0)
			return &h->flags[i];
	return NULL;
}

const char *
host_option(const struct host *h, const char *key, const char **ret_src)
{
	const struct dflag *f;
	cJSON *v;

	v = cJSON_GetObjectItemCaseSensitive(h->dj, key);
	if (cJSON_IsString(v)) {
		if (ret_src != NULL)
			*ret_src = DAEMON_JSON;
		return v->valuestring;
	}
	if (cJSON_IsBool(v)) {
		if (ret_src != NULL)
			*ret_src = DAEMON_JSON;
		return cJSON_IsTrue(v) ? "true" : "false";
	}
	if ((f = host_flag(h, key)) == NULL)
		return NULL;
	if (ret_src != NULL)
		*ret_src = f->source;
	return f->value ? f->value : "true";
}

const char *
host_data_root(const struct host *h)
{
	const char *v = host_option(h, "data-root", NULL);

	if (v == NULL)
		v = host_option(h, "graph", NULL);
	return v != NULL && v[0] == '/' ? v : "/var/lib/docker";
}

const struct ctlobs *
host_ctl(const struct host *h, const char *id)
{
	size_t i;

	for (i = 0; i < h->nctls; i++)
		if (strcmp(h->ctls[i].id, id) == 0)
			return &h->ctls[i];
	return NULL;
}

const struct textobs *
host_text(const struct host *h, const char *path)
{
	size_t i;

	for (i = 0; i < h->ntexts; i++)
		if (strcmp(h->texts[i].path, path) == 0)
			return &h->texts[i];
	return NULL;
}

const struct dflag *
host_flag_for_key(const struct host *h, const char *key)
{
	size_t i;
	const char *k;

	for (i = 0; i < h->nflags; i++)
		if ((k = dflags_key(h->flags[i].name)) != NULL &&
		    strcmp(k, key) == 0)
			return &h->flags[i];
	return NULL;
}

const struct validation *
host_validation(const struct host *h, const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < h->nvalidations; i++)
		if (h->validations[i].len == len &&
		    memcmp(h->validations[i].text, text, len) == 0)
			return &h->validations[i];
	return NULL;
}

const struct pathobs *
host_path(const struct host *h, const char *path)
{
	size_t i = host_path_at(h, path);

	return i < h->nstats && strcmp(h->stats[i].path, path) == 0 ?
	    &h->stats[i] : NULL;
}

size_t
host_path_at(const struct host *h, const char *path)
{
	size_t lo = 0, hi = h->nstats, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(h->stats[mid].path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
