/*
 * host.c - observe the host once: unit files, daemon.json, dockerd.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "daemonjson.h"
#include "dflags.h"
#include "dockerapi.h"
#include "host.h"
#include "procfs.h"
#include "safeio.h"
#include "spawn.h"
#include "strv.h"
#include "unitfile.h"

/* Note an answer other than "missing" for a fact several sections
 * share: the pipeline makes every control an error (never "not there"). */
static int
shared_err(struct host *h, const char *what, const char *path, int rc)
{
	char *e;

	if (rc == 0 || rc == -ENOENT || rc == -ENOTDIR)
		return 0;
	if (rc == -ENOMEM || asprintf(&e, "cannot %s %s: %s", what, path,
	    strerror(-rc)) < 0)
		return -ENOMEM;
	rc = strv_add(&h->errs, e);
	free(e);
	return rc;
}

/* Every existing copy of unit in the search path, and its drop-ins. */
static int
find_units(int rootfd, struct host *h, const char *unit, char ***units,
    size_t *nunits, char ***dropins, size_t *ndropins)
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
		if ((rc = safeio_lstat(rootfd, p, &st)) == 0) {
			if ((rc = strvec_push(units, nunits, p)) < 0) {
				free(d);
				return rc;
			}
		} else {
			rc = shared_err(h, "stat", p, rc);
			free(p);
			if (rc < 0) {
				free(d);
				return rc;
			}
		}
		rc = safeio_list(rootfd, d, &names, &nnames);
		for (j = 0; rc == 0 && j < nnames; j++) {
			size_t len = strlen(names[j]);

			if (len < 6 || strcmp(names[j] + len - 5, ".conf") != 0)
				continue;
			if (asprintf(&p, "%s/%s", d, names[j]) < 0 ||
			    strvec_push(dropins, ndropins, p) < 0) {
				strvec_free(names, nnames);
				free(d);
				return -ENOMEM;
			}
		}
		if (rc == 0)
			strvec_free(names, nnames);
		else if ((rc = shared_err(h, "list", d, rc)) < 0) {
			free(d);
			return rc;
		}
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

/* What the running daemon enforces, from the Engine API answers (NULL:
 * no daemon answered, which is not an error). Takes info and bridge. */
static int
take_engine(struct host *h, cJSON *info, cJSON *bridge)
{
	cJSON *v;

	h->info = info;
	h->bridge = bridge;
	if (info == NULL)
		return 0;
	v = cJSON_GetObjectItemCaseSensitive(h->info, "ServerVersion");
	if (cJSON_IsString(v) && (h->docker_version = strdup(v->valuestring)) == NULL)
		return -ENOMEM;
	return 0;
}

/* Is this node in a swarm? The running daemon says (Swarm.LocalNodeState
 * active, pending or locked); with no daemon to ask (an image tree, a
 * stopped dockerd), a node that joined keeps its state under
 * <data-root>/swarm. */
int
host_find_swarm(struct host *h)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(h->info, "Swarm"), "LocalNodeState");
	int n = 0;

	free(h->swarm_why);
	h->swarm_why = NULL;
	h->swarm_active = false;
	if (h->info != NULL) {
		if (cJSON_IsString(st) && (strcmp(st->valuestring, "active") == 0 ||
		    strcmp(st->valuestring, "pending") == 0 ||
		    strcmp(st->valuestring, "locked") == 0)) {
			h->swarm_active = true;
			n = asprintf(&h->swarm_why, "Swarm.LocalNodeState is %s",
			    st->valuestring);
		}
	} else if (h->swarm_state != NULL) {
		h->swarm_active = true;
		n = asprintf(&h->swarm_why, "%s exists", h->swarm_state);
	}
	if (n < 0) {
		h->swarm_why = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* One Engine API request set, run on its own thread while the files are
 * read: /info, then (when it answered) /networks/bridge. */
struct engine_req {
	const char *sock;
	cJSON *info, *bridge;
	pthread_t tid;
	bool started;
};

static void *
engine_ask(void *arg)
{
	struct engine_req *r = arg;
	char *err = NULL;

	if (dockerapi_get(r->sock, "/info", &r->info, &err) < 0) {
		free(err);
		r->info = NULL;
		return NULL;
	}
	if (dockerapi_get(r->sock, "/networks/bridge", &r->bridge, &err) < 0) {
		free(err);
		r->bridge = NULL;
	}
	return NULL;
}

/* dockerd's flags: the unit systemd starts it from, then what the
 * running daemon was really started with. */
/* The unit parser's reads, through safeio beneath the root. */
static int
unit_io_read(void *arg, const char *path, bool resolve, char **buf, size_t *len)
{
	const struct ctx *ctx = arg;
	char *real = NULL;
	int rc;

	if (resolve && (rc = safeio_realpath(ctx->rootfd, path, &real)) < 0)
		return rc;
	rc = safeio_read(ctx->rootfd, real ? real : path, SAFEIO_MAX_FILE, buf,
	    len, NULL);
	free(real);
	return rc;
}

static bool
unit_io_is_reg(void *arg, const char *path)
{
	const struct ctx *ctx = arg;
	struct stat st;

	return safeio_stat(ctx->rootfd, path, &st) == 0 && S_ISREG(st.st_mode);
}

struct unitfile_io
host_unit_io(const struct ctx *ctx)
{
	return (struct unitfile_io){ unit_io_read, unit_io_is_reg, (void *)ctx };
}

static int
collect_flags(const struct ctx *ctx, struct host *h)
{
	const struct unitfile_io io = host_unit_io(ctx);
	size_t argc = 0;
	char **argv = NULL, src[128];
	pid_t pid = 0;
	int rc;

	if ((rc = unitfile_dockerd_flags(&io, h->service_units, h->nservice_units,
	    h->service_dropins, h->nservice_dropins, &h->flags, &h->nflags)) < 0)
		return rc;
	if (ctx->offline)
		return 0;
	if ((rc = procfs_find_pid(ctx, "dockerd", &pid)) < 0)
		return rc;
	h->dockerd_pid = pid;
	if (pid == 0 || procfs_read_strv(ctx, pid, "cmdline", &argv, &argc) < 0)
		return 0;
	snprintf(src, sizeof(src), "%s/%d/cmdline (running dockerd)",
	    ctx->proc, (int)pid);
	rc = dflags_parse_argv(argv, argc, src, &h->flags, &h->nflags);
	strvec_free(argv, argc);
	return rc;
}

/* The dockerd binary: the running one, else the first installed of the
 * usual places. */
static int
find_dockerd(const struct ctx *ctx, struct host *h)
{
	static const char *const cand[] = {
		"/usr/bin/dockerd", "/usr/sbin/dockerd", "/usr/local/bin/dockerd",
	};
	struct stat st;
	size_t k;
	int rc;

	if (!ctx->offline && h->dockerd_pid > 0 &&
	    ((rc = procfs_exe(ctx, h->dockerd_pid, false, &h->dockerd_bin)) == 0 ||
	    rc == -ENOMEM))
		return rc;
	for (k = 0; k < sizeof(cand) / sizeof(cand[0]); k++)
		if (safeio_stat(ctx->rootfd, cand[k], &st) == 0 &&
		    S_ISREG(st.st_mode) && (st.st_mode & 0111))
			return (h->dockerd_bin = strdup(cand[k])) ? 0 : -ENOMEM;
	return 0;
}

/* The engine's version when the Engine API did not give it, from
 * `dockerd --version` ("Docker version 20.10.24+dfsg1, build 5d6db84").
 * That costs ~50 ms (a 50 MB Go binary): only an apply or dry run on
 * the live host asks, because only a plan that writes keys needs the
 * exact version; verify judges keys against every engine it knows. */
static int
engine_version(const struct ctx *ctx, struct host *h)
{
	char *out = NULL, *v;
	int rc = 0;

	if (h->docker_version != NULL || ctx->offline || ctx->cmd != CMD_APPLY ||
	    h->dockerd_bin == NULL)
		return 0;
	{
		char *argv[] = { h->dockerd_bin, (char *)"--version", NULL };

		if (spawn_run(argv, -1, 10, &out) == 0 && out != NULL &&
		    (v = strstr(out, "version ")) != NULL) {
			v += 8;
			v[strcspn(v, ", \n")] = '\0';
			if (dflags_version_num(v) > 0 &&
			    (h->docker_version = strdup(v)) == NULL)
				rc = -ENOMEM;
		}
	}
	free(out);
	return rc;
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

/* A node that joined a swarm keeps its state under <data-root>/swarm,
 * for when no daemon can be asked (an image tree, a stopped dockerd). */
static int
find_swarm_state(const struct ctx *ctx, struct host *h)
{
	struct stat st;
	char *p;

	if (asprintf(&p, "%s/swarm/docker-state.json", host_data_root(h)) < 0)
		return -ENOMEM;
	if (safeio_stat(ctx->rootfd, p, &st) == 0)
		h->swarm_state = p;
	else
		free(p);
	return 0;
}

static void
find_systemd(const struct ctx *ctx, struct host *h)
{
	struct stat st;

	h->systemd_running = !ctx->offline &&
	    safeio_stat(ctx->rootfd, "/run/systemd/system", &st) == 0 &&
	    S_ISDIR(st.st_mode);
	h->systemd_boots = (safeio_stat(ctx->rootfd, "/lib/systemd/systemd", &st) == 0 &&
	    S_ISREG(st.st_mode)) ||
	    (safeio_stat(ctx->rootfd, "/usr/lib/systemd/systemd", &st) == 0 &&
	    S_ISREG(st.st_mode));
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

struct engine_req *
host_engine_start(const struct ctx *ctx)
{
	struct engine_req *r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->sock = ctx->docker_sock;
	/* no thread: ask now, in this one (the answer is the same) */
	r->started = pthread_create(&r->tid, NULL, engine_ask, r) == 0;
	if (!r->started)
		(void)engine_ask(r);
	return r;
}

int
host_engine_finish(const struct ctx *ctx, struct host *h, struct engine_req *r)
{
	int rc = 0;

	if (r != NULL) {
		if (r->started)
			(void)pthread_join(r->tid, NULL);
		rc = take_engine(h, r->info, r->bridge);
		free(r);
	}
	if (rc < 0 || (rc = host_find_swarm(h)) < 0)
		return rc;
	return engine_version(ctx, h);
}

int
host_observe(const struct ctx *ctx, struct host *h)
{
	int rc;

	memset(h, 0, sizeof(*h));
	if ((rc = find_units(ctx->rootfd, h, "docker.service", &h->service_units,
	    &h->nservice_units, &h->service_dropins, &h->nservice_dropins)) < 0 ||
	    (rc = find_units(ctx->rootfd, h, "docker.socket", &h->socket_units,
	    &h->nsocket_units, &h->socket_dropins, &h->nsocket_dropins)) < 0 ||
	    (rc = read_daemon_json(ctx, h)) < 0 ||
	    (rc = collect_flags(ctx, h)) < 0 ||
	    (rc = find_dockerd(ctx, h)) < 0 ||
	    (rc = read_mounts(ctx, h)) < 0 ||
	    (rc = read_accounts(ctx, h)) < 0 ||
	    (rc = pkgdb_observe(ctx, &h->pkg)) < 0)
		return rc;
	find_systemd(ctx, h);
	return find_swarm_state(ctx, h);
}

void
host_clear(struct host *h)
{
	size_t i;

	strv_free(&h->errs);
	strvec_free(h->service_units, h->nservice_units);
	strvec_free(h->socket_units, h->nsocket_units);
	strvec_free(h->service_dropins, h->nservice_dropins);
	strvec_free(h->socket_dropins, h->nsocket_dropins);
	free(h->dj_raw);
	cJSON_Delete(h->dj);
	free(h->dj_err);
	for (i = 0; i < h->nflags; i++) {
		free(h->flags[i].name);
		free(h->flags[i].value);
		free(h->flags[i].source);
	}
	free(h->flags);
	free(h->dockerd_bin);
	free(h->swarm_state);
	free(h->swarm_why);
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
		strvec_free(h->ctls[i].errs, h->ctls[i].nerrs);
	}
	free(h->ctls);
	for (i = 0; i < h->ntexts; i++) {
		free(h->texts[i].path);
		free(h->texts[i].text);
	}
	free(h->texts);
	free(h->own_rules.path);
	free(h->own_rules.text);
	for (i = 0; i < h->nrulesd; i++) {
		free(h->rulesd[i].path);
		free(h->rulesd[i].text);
	}
	free(h->rulesd);
	arules_free(&h->own_parsed);
	arules_free(&h->others_parsed);
	strv_free(&h->rulesd_unreadable);
	kaudit_state_clear(&h->kernel);
	for (i = 0; i < h->nstats; i++)
		free(h->stats[i].path);
	free(h->stats);
	for (i = 0; i < h->naudit; i++) {
		strv_free(&h->audit[i].paths);
		free(h->audit[i].err);
	}
	free(h->audit);
	for (i = 0; i < h->nvalidations; i++) {
		free(h->validations[i].text);
		free(h->validations[i].out);
	}
	free(h->validations);
	memset(h, 0, sizeof(*h));
}
