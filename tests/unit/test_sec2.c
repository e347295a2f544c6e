/*
 * test_sec2.c - section 2 planning against a hand-made live host: the
 * Engine 23+ `dockerd --validate` gate (with a stand-in dockerd found
 * through a fake /proc/PID/exe), "restart pending" from the Engine API
 * answers, swarm, and the --restart-docker hook that follows the write.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "host.h"
#include "observe.h"
#include "model.h"
#include "profile.h"
#include "sections.h"

static struct check_count cc;
static char tmp[] = "/tmp/test_sec2.XXXXXX";

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	if (chmod(path, mode) < 0)
		exit(1);
}

struct fixture {
	struct ctx ctx;
	struct host h;
	struct profile *prof;
	struct run *run;
	char proc[256];
};

/* A live host running a "dockerd" of the given version. */
static void
setup(struct fixture *fx, const char *only, const char *version,
    const char *swarm, const char *icc, const char *daemon_json)
{
	char *err = NULL, info[512];

	memset(fx, 0, sizeof(*fx));
	snprintf(fx->proc, sizeof(fx->proc), "%s/proc", tmp);
	fx->ctx.root = tmp;
	fx->ctx.rootfd = open(tmp, O_PATH | O_DIRECTORY);
	fx->ctx.proc = fx->proc;
	fx->ctx.docker_sock = "/nonexistent/docker.sock";
	fx->ctx.scope = SCOPE_ALL;
	fx->ctx.level = 2;
	if (profile_load_default(&fx->prof, &err) < 0 ||
	    profile_select(fx->prof, 2, only, NULL, &err) < 0) {
		fprintf(stderr, "profile: %s\n", err);
		exit(1);
	}
	fx->run = run_new(fx->prof);
	fx->h.dockerd_pid = 4242;
	fx->h.docker_version = strdup(version);
	/* what the observation finds through the fake /proc/4242/exe */
	if (asprintf(&fx->h.dockerd_bin, "%s/fake-dockerd", tmp) < 0)
		exit(1);
	snprintf(info, sizeof(info), "{\"ServerVersion\": \"%s\", "
	    "\"LiveRestoreEnabled\": false, \"SecurityOptions\": "
	    "[\"name=seccomp,profile=default\"], \"Swarm\": "
	    "{\"LocalNodeState\": \"%s\"}}", version, swarm);
	fx->h.info = cJSON_Parse(info);
	snprintf(info, sizeof(info), "{\"Name\": \"bridge\", \"Options\": "
	    "{\"com.docker.network.bridge.enable_icc\": \"%s\"}}", icc);
	fx->h.bridge = cJSON_Parse(info);
	if (host_find_swarm(&fx->h) < 0)
		abort();
	if (daemon_json != NULL) {
		fx->h.dj_rc = 0;
		fx->h.dj_raw = strdup(daemon_json);
		fx->h.dj_len = strlen(daemon_json);
		fx->h.dj_st.st_mode = S_IFREG | 0644;
	} else
		fx->h.dj_rc = -ENOENT;
}

static void
teardown(struct fixture *fx)
{
	host_clear(&fx->h);
	run_free(fx->run);
	profile_free(fx->prof);
	close(fx->ctx.rootfd);
}

static struct action *
find_action(struct run *r, enum act_kind k)
{
	size_t i;

	for (i = 0; i < r->nact; i++)
		if (r->act[i].kind == k)
			return &r->act[i];
	return NULL;
}

static bool
called(void)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/calls", tmp);
	return access(path, F_OK) == 0;
}

static void
reset_calls(void)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/calls", tmp);
	(void)unlink(path);
}

/* The plan as main.c makes it: plan, ask dockerd --validate about the
 * daemon.json it would write (an observation), plan again. */
static int
plan_validated(struct fixture *fx)
{
	int rc = sec2_plan(&fx->ctx, &fx->h, fx->run);

	if (rc < 0 || (rc = observe_validate(&fx->ctx, &fx->h, fx->run)) <= 0)
		return rc;
	run_clear_plan(fx->run);
	return sec2_plan(&fx->ctx, &fx->h, fx->run);
}

static void
test_validate(void)
{
	struct fixture fx;
	struct result *res;
	struct action *a;

	/* accepted: one write, and dockerd --validate saw the candidate */
	reset_calls();
	setup(&fx, "2.2", "24.0.7", "inactive", "true", NULL);
	CHECK_RC(&cc, plan_validated(&fx), 0);
	CHECK(&cc, called());
	CHECK(&cc, (a = find_action(fx.run, ACT_WRITE)) != NULL &&
	    strcmp(a->ctl_ids, "2.2") == 0 && a->mode == 0644 && !a->existed);
	CHECK(&cc, fx.run->restart_pending);	/* no --restart-docker */
	teardown(&fx);

	/* rejected: no write, the served controls refused with its words */
	reset_calls();
	setup(&fx, "2.2,2.15", "24.0.7", "inactive", "true", NULL);
	CHECK_RC(&cc, plan_validated(&fx), 0);
	CHECK(&cc, called());
	CHECK(&cc, find_action(fx.run, ACT_WRITE) == NULL);
	res = run_result(fx.run, "2.15");
	CHECK(&cc, res->st == ST_REFUSED && res->refused != NULL &&
	    strstr(res->refused, "dockerd --validate rejects the merged "
	    "/etc/docker/daemon.json: unable to configure") != NULL);
	CHECK(&cc, run_result(fx.run, "2.2")->st == ST_REFUSED);
	teardown(&fx);

	/* Engine 20.10 has no --validate: not called */
	reset_calls();
	setup(&fx, "2.2,2.15", "20.10.24+dfsg1", "inactive", "true", NULL);
	CHECK_RC(&cc, plan_validated(&fx), 0);
	CHECK(&cc, !called());
	CHECK(&cc, (a = find_action(fx.run, ACT_WRITE)) != NULL &&
	    strcmp(a->ctl_ids, "2.2,2.15") == 0);
	teardown(&fx);
}

static void
test_live(void)
{
	struct fixture fx;
	struct result *res;
	struct action *a;

	/* the file says icc false, the bridge still has ICC on */
	setup(&fx, "2.2,2.15", "20.10.24", "inactive", "true",
	    "{\"icc\": false, \"live-restore\": true}\n");
	CHECK_RC(&cc, sec2_verify(&fx.ctx, &fx.h, fx.run), 0);
	res = run_result(fx.run, "2.2");
	CHECK(&cc, res->st == ST_PENDING && strstr(res->reason, "restart pending") != NULL);
	CHECK(&cc, run_result(fx.run, "2.15")->st == ST_PENDING);
	teardown(&fx);

	/* --restart-docker with nothing to write: the restart alone */
	setup(&fx, "2.2", "20.10.24", "inactive", "true", "{\"icc\": false}\n");
	fx.ctx.restart_docker = true;
	CHECK_RC(&cc, sec2_plan(&fx.ctx, &fx.h, fx.run), 0);
	CHECK(&cc, find_action(fx.run, ACT_WRITE) == NULL);
	CHECK(&cc, (a = find_action(fx.run, ACT_RESTART)) != NULL && action_live(a) &&
	    strcmp(a->ctl_ids, "2.2") == 0 && !a->systemd &&
	    a->old_data == NULL);	/* a rollback uses apply's backup */
	teardown(&fx);

	/* --restart-docker after a write: write first, then the hook */
	setup(&fx, "2.2,2.15", "20.10.24", "inactive", "true", "{\"icc\": true}\n");
	fx.ctx.restart_docker = true;
	CHECK_RC(&cc, sec2_plan(&fx.ctx, &fx.h, fx.run), 0);
	CHECK(&cc, fx.run->nact == 2 && fx.run->act[0].kind == ACT_WRITE &&
	    fx.run->act[1].kind == ACT_RESTART &&
	    strcmp(fx.run->act[1].ctl_ids, "2.2,2.15") == 0);
	CHECK(&cc, !fx.run->restart_pending);
	teardown(&fx);

	/* enforced: pass */
	setup(&fx, "2.2", "20.10.24", "inactive", "false", "{\"icc\": false}\n");
	CHECK_RC(&cc, sec2_verify(&fx.ctx, &fx.h, fx.run), 0);
	CHECK(&cc, run_result(fx.run, "2.2")->st == ST_PASS);
	teardown(&fx);

	/* a swarm node: live-restore skipped, not written */
	setup(&fx, "2.2,2.15", "20.10.24", "active", "true", NULL);
	CHECK_RC(&cc, sec2_plan(&fx.ctx, &fx.h, fx.run), 0);
	res = run_result(fx.run, "2.15");
	CHECK(&cc, res->st == ST_NA && strstr(res->reason, "Swarm.LocalNodeState is active") != NULL);
	CHECK(&cc, (a = find_action(fx.run, ACT_WRITE)) != NULL &&
	    strstr(a->data, "live-restore") == NULL && strcmp(a->ctl_ids, "2.2") == 0);
	teardown(&fx);
}

int
main(void)
{
	char path[512], script[1024], cmd[600];

	if (mkdtemp(tmp) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/proc", tmp);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/proc/4242", tmp);
	mkdir(path, 0755);
	/* the stand-in dockerd: knows no "live-restore" */
	snprintf(script, sizeof(script),
	    "#!/bin/sh\n"
	    "echo \"$*\" >>%s/calls\n"
	    "for a; do case $a in --config-file=*) f=${a#--config-file=};; esac; done\n"
	    "if grep -q '\"live-restore\"' \"$f\"; then\n"
	    "  echo \"unable to configure the Docker daemon with file $f: the following directives don't match any configuration option: live-restore\"\n"
	    "  exit 1\n"
	    "fi\n"
	    "echo 'configuration OK'\n", tmp);
	snprintf(path, sizeof(path), "%s/fake-dockerd", tmp);
	write_file(path, script, 0755);
	snprintf(cmd, sizeof(cmd), "%s/proc/4242/exe", tmp);
	if (symlink(path, cmd) < 0)
		return 1;
	test_validate();
	test_live();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	CHECK(&cc, system(cmd) == 0);
	return check_done(&cc);
}
