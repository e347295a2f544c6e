/*
 * host.c - observe the host once: unit files, daemon.json, dockerd.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "daemonjson.h"
#include "dockerapi.h"
#include "dockerd.h"
#include "host.h"
#include "procfs.h"
#include "safeio.h"

/* systemd's unit search path, most important first. */
const char *const host_unit_dirs[HOST_NUNIT_DIRS] = {
	"/etc/systemd/system",
	"/run/systemd/system",
	"/usr/local/lib/systemd/system",
	"/usr/lib/systemd/system",
	"/lib/systemd/system",
};

static int
push(char ***v, size_t *n, char *s)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (nv == NULL) {
		free(s);
		return -ENOMEM;
	}
	nv[(*n)++] = s;
	*v = nv;
	return 0;
}

static void
free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Every existing copy of unit in the search path, and its drop-ins. */
static int
find_units(int rootfd, const char *unit, char ***units, size_t *nunits,
    char ***dropins, size_t *ndropins)
{
	struct stat st;
	size_t i, j;
	int rc;

	for (i = 0; i < HOST_NUNIT_DIRS; i++) {
		char *p, *d, **names = NULL;
		size_t nnames = 0;

		if (asprintf(&p, "%s/%s", host_unit_dirs[i], unit) < 0 ||
		    asprintf(&d, "%s/%s.d", host_unit_dirs[i], unit) < 0)
			return -ENOMEM;
		if (safeio_lstat(rootfd, p, &st) == 0) {
			if ((rc = push(units, nunits, p)) < 0) {
				free(d);
				return rc;
			}
		} else
			free(p);
		rc = safeio_list(rootfd, d, &names, &nnames);
		for (j = 0; rc == 0 && j < nnames; j++) {
			size_t len = strlen(names[j]);

			if (len < 6 || strcmp(names[j] + len - 5, ".conf") != 0)
				continue;
			if (asprintf(&p, "%s/%s", d, names[j]) < 0 ||
			    push(dropins, ndropins, p) < 0) {
				safeio_free_list(names, nnames);
				free(d);
				return -ENOMEM;
			}
		}
		if (rc == 0)
			safeio_free_list(names, nnames);
		free(d);
	}
	return 0;
}

static int
read_daemon_json(const struct ctx *ctx, struct host *h)
{
	h->dj_rc = safeio_read(ctx->rootfd, DAEMON_JSON, SAFEIO_MAX_FILE,
	    &h->dj_raw, &h->dj_len, &h->dj_st);
	if (h->dj_rc == -ENOMEM)
		return -ENOMEM;
	if (h->dj_rc < 0)
		return 0;
	if (daemonjson_parse(h->dj_raw, h->dj_len, DAEMON_JSON, &h->dj, &h->dj_err) == -ENOMEM)
		return -ENOMEM;
	return 0;
}

/* Ask the running daemon what it enforces; no daemon is not an error. */
static void
read_engine(const struct ctx *ctx, struct host *h)
{
	char *err = NULL;
	cJSON *v;

	if (dockerapi_get(ctx->docker_sock, "/info", &h->info, &err) < 0) {
		free(err);
		return;
	}
	v = cJSON_GetObjectItemCaseSensitive(h->info, "ServerVersion");
	if (cJSON_IsString(v))
		h->docker_version = strdup(v->valuestring);
	v = cJSON_GetObjectItemCaseSensitive(h->info, "Swarm");
	v = cJSON_GetObjectItemCaseSensitive(v, "LocalNodeState");
	h->swarm_active = cJSON_IsString(v) &&
	    (strcmp(v->valuestring, "active") == 0 ||
	    strcmp(v->valuestring, "pending") == 0);
	if (dockerapi_get(ctx->docker_sock, "/networks/bridge", &h->bridge, &err) < 0)
		free(err);
}

/* 1.1.1 is judged on the real directory when the data root is a symlink. */
static int
read_mounts(const struct ctx *ctx, struct host *h)
{
	const char *dr = host_data_root(h);
	size_t len;

	if (safeio_realpath(ctx->rootfd, dr, &h->data_root) == -ENOMEM)
		return -ENOMEM;
	if (h->data_root == NULL && (h->data_root = strdup(dr)) == NULL)
		return -ENOMEM;
	len = strlen(h->data_root);
	while (len > 1 && h->data_root[len - 1] == '/')
		h->data_root[--len] = '\0';
	h->mounts_fstab = ctx->offline;
	h->mounts_rc = ctx->offline ?
	    safeio_read(ctx->rootfd, "/etc/fstab", SAFEIO_MAX_FILE, &h->mounts, &len, NULL) :
	    procfs_read(ctx, "self/mountinfo", SAFEIO_MAX_FILE, &h->mounts, &len);
	return h->mounts_rc == -ENOMEM ? -ENOMEM : 0;
}

static int
read_accounts(const struct ctx *ctx, struct host *h)
{
	size_t len;

	h->group_rc = safeio_read(ctx->rootfd, "/etc/group", SAFEIO_MAX_FILE,
	    &h->group_db, &len, NULL);
	h->passwd_rc = safeio_read(ctx->rootfd, "/etc/passwd", SAFEIO_MAX_FILE,
	    &h->passwd_db, &len, NULL);
	return h->group_rc == -ENOMEM || h->passwd_rc == -ENOMEM ? -ENOMEM : 0;
}

int
host_observe(const struct ctx *ctx, struct host *h)
{
	int rc;

	memset(h, 0, sizeof(*h));
	if ((rc = find_units(ctx->rootfd, "docker.service", &h->service_units,
	    &h->nservice_units, &h->service_dropins, &h->nservice_dropins)) < 0 ||
	    (rc = find_units(ctx->rootfd, "docker.socket", &h->socket_units,
	    &h->nsocket_units, &h->socket_dropins, &h->nsocket_dropins)) < 0 ||
	    (rc = read_daemon_json(ctx, h)) < 0 ||
	    (rc = dockerd_collect(ctx, h)) < 0 ||
	    (rc = read_mounts(ctx, h)) < 0 ||
	    (rc = read_accounts(ctx, h)) < 0 ||
	    (rc = pkgdb_observe(ctx, &h->pkg)) < 0)
		return rc;
	if (ctx_live(ctx))	/* not under --root, not for --scope files */
		read_engine(ctx, h);
	return 0;
}

void
host_clear(struct host *h)
{
	size_t i;

	free_strv(h->service_units, h->nservice_units);
	free_strv(h->socket_units, h->nsocket_units);
	free_strv(h->service_dropins, h->nservice_dropins);
	free_strv(h->socket_dropins, h->nsocket_dropins);
	free(h->dj_raw);
	cJSON_Delete(h->dj);
	free(h->dj_err);
	for (i = 0; i < h->nflags; i++) {
		free(h->flags[i].name);
		free(h->flags[i].value);
		free(h->flags[i].source);
	}
	free(h->flags);
	free(h->docker_version);
	cJSON_Delete(h->info);
	cJSON_Delete(h->bridge);
	free(h->data_root);
	free(h->mounts);
	free(h->group_db);
	free(h->passwd_db);
	pkgdb_clear(&h->pkg);
	for (i = 0; i < h->nctls; i++) {
		for (size_t j = 0; j < h->ctls[i].npaths; j++)
			free(h->ctls[i].paths[j].path);
		free(h->ctls[i].paths);
		free_strv(h->ctls[i].errs, h->ctls[i].nerrs);
	}
	free(h->ctls);
	for (i = 0; i < h->ntexts; i++) {
		free(h->texts[i].path);
		free(h->texts[i].text);
	}
	free(h->texts);
	memset(h, 0, sizeof(*h));
}

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
