/*
 * fuzz_engineapi.c - libFuzzer target: the Engine API's JSON answers
 * (/info and /networks/bridge) as cisharden parses them (cJSON_Parse on
 * the body, as dockerapi_get does) and judges them: section 2's verify
 * and plan on a live host whose daemon answered with the input.
 *
 * Input: the /info body, optionally followed by a line "%%" and the
 * /networks/bridge body. Properties: verify and plan succeed whatever
 * the daemon says (an odd answer is a verdict or an error verdict, never
 * a failed run), every section 2 control judged gets a reason unless it
 * passes, and judging twice gives the same verdicts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "host.h"
#include "model.h"
#include "profile.h"
#include "sections.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_DAEMON_JSON "{\"icc\": false, \"live-restore\": true, \"log-level\": \"info\"}\n"

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_engineapi: %s\n", what);
	abort();
}

static struct profile *
prof_all(void)
{
	static struct profile *prof;
	char *err = NULL;

	if (prof == NULL && (profile_load_default(&prof, &err) < 0 ||
	    profile_select(prof, 2, NULL, NULL, &err) < 0))
		die(err ? err : "profile");
	return prof;
}

static int
root_fd(void)
{
	static char dir[] = "/tmp/fuzz_engineapi.XXXXXX";
	static int fd = -1;

	if (fd < 0 && (mkdtemp(dir) == NULL ||
	    (fd = open(dir, O_PATH | O_DIRECTORY)) < 0))
		die("fixture root");
	return fd;
}

/* Verify then plan; the statuses in *st (one per control). */
static void
judge(const struct ctx *ctx, const struct host *h, enum status *st, size_t n)
{
	struct run *run = run_new(prof_all());
	int rc;

	if (run == NULL)
		abort();
	if ((rc = sec2_verify(ctx, h, run)) < 0 && rc != -ENOMEM)
		die("sec2_verify failed");
	for (size_t i = 0; i < n; i++) {
		const struct control *c = &run->prof->ctl[i];

		st[i] = run->res[i].st;
		if (c->section == 2 && control_active(c) && st[i] != ST_PASS &&
		    run->res[i].reason == NULL && run->res[i].refused == NULL)
			die("a section 2 verdict without a reason");
	}
	if ((rc = sec2_plan(ctx, h, run)) < 0 && rc != -ENOMEM)
		die("sec2_plan failed");
	run_free(run);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = prof_all()->nctl;
	enum status *st1, *st2;
	struct ctx ctx;
	struct host h;
	char *buf, *sep;
	cJSON *v;

	if (size > 65536 || (buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	memset(&ctx, 0, sizeof(ctx));
	ctx.root = "/nonexistent-fuzz-root";
	ctx.rootfd = root_fd();
	ctx.proc = "/nonexistent-fuzz-proc";
	ctx.docker_sock = "/nonexistent/docker.sock";
	ctx.scope = SCOPE_ALL;
	ctx.level = 2;
	memset(&h, 0, sizeof(h));
	if ((sep = strstr(buf, "\n%%\n")) != NULL) {
		*sep = '\0';
		h.bridge = cJSON_Parse(sep + 4);
	}
	if ((h.info = cJSON_Parse(buf)) == NULL) {
		cJSON_Delete(h.bridge);
		free(buf);
		return 0;
	}
	/* what observe takes from /info (host.c read_engine) */
	v = cJSON_GetObjectItemCaseSensitive(h.info, "ServerVersion");
	if (cJSON_IsString(v) && (h.docker_version = strdup(v->valuestring)) == NULL)
		abort();
	v = cJSON_GetObjectItemCaseSensitive(h.info, "Swarm");
	v = cJSON_GetObjectItemCaseSensitive(v, "LocalNodeState");
	h.swarm_active = cJSON_IsString(v) && strcmp(v->valuestring, "active") == 0;
	h.dockerd_pid = 4242;
	h.dj_rc = 0;
	if ((h.dj_raw = strdup(FUZZ_DAEMON_JSON)) == NULL)
		abort();
	h.dj_len = strlen(FUZZ_DAEMON_JSON);
	h.dj_st.st_mode = S_IFREG | 0644;
	if ((st1 = calloc(n, sizeof(*st1))) == NULL || (st2 = calloc(n, sizeof(*st2))) == NULL)
		abort();
	judge(&ctx, &h, st1, n);
	judge(&ctx, &h, st2, n);
	if (memcmp(st1, st2, n * sizeof(*st1)) != 0)
		die("the same answers judged twice differ");
	free(st1);
	free(st2);
	host_clear(&h);
	free(buf);
	return 0;
}
