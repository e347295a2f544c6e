/*
 * test_sec2_cases.c - the section 2 table test: every case in
 * tests/sec2/cases.txt (daemon.json text, dockerd flags, an Engine API
 * /info document and bridge network, profile values) is fed to the
 * planner or verifier without a host, and the file is printed back with
 * its "expect", "reason" and "change" lines rebuilt from what cisharden
 * decided. The test is `diff -u cases.txt output`: a case whose statuses
 * are not the hand-written ones shows up as a diff.
 *
 * It also checks two invariants on every case, with its own reading of
 * the Engine API (not cisharden's): verify never says pass where the
 * engine's own state does not comply, and never fails a control whose
 * key is unset everywhere when the engine default complies. A violation
 * is printed as an "INVARIANT" line, which the diff shows.
 *
 * Usage: test_sec2_cases [CASES [OUT]] (defaults sec2/cases.txt and a
 * temporary file; ctest runs it in tests/).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "dflags.h"
#include "procfs.h"
#include "strv.h"
#include "unitfile.h"
#include "host.h"
#include "model.h"
#include "profile.h"
#include "sections.h"

#define MAXLINES 64

/* The /info of a stock Engine 20.10 started with no configuration. */
static const char stock_info[] =
    "{\"ServerVersion\": \"20.10.24+dfsg1\", \"Driver\": \"overlay2\", "
    "\"LoggingDriver\": \"json-file\", \"Debug\": false, "
    "\"ExperimentalBuild\": false, \"LiveRestoreEnabled\": false, "
    "\"SecurityOptions\": [\"name=apparmor\", \"name=seccomp,profile=default\"], "
    "\"Plugins\": {\"Authorization\": null}, "
    "\"RegistryConfig\": {\"InsecureRegistryCIDRs\": [\"127.0.0.0/8\"], "
    "\"IndexConfigs\": {\"docker.io\": {\"Name\": \"docker.io\", \"Secure\": true}}}, "
    "\"Swarm\": {\"LocalNodeState\": \"inactive\"}}";

struct tcase {
	char *lines[MAXLINES];	/* the block as read, generated lines removed */
	size_t nlines;
	size_t expect_at;	/* where the generated lines go */
	char *reason_ids[24];
	size_t nreason;
	char *name;
	char *json;		/* NULL: no daemon.json */
	char *mode;		/* verify, plan, offline */
	cJSON *info;		/* NULL: no engine */
	char *icc;		/* bridge enable_icc */
	char *flags[16], *flag_src[16];
	size_t nflags;
	char *val_id[8];
	cJSON *val[8];
	size_t nval;
};

static void
die(const char *what)
{
	perror(what);
	exit(2);
}

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		die("strdup");
	return d;
}

/* Merge over's members into base (replacing). */
static void
merge(cJSON *base, const cJSON *over)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, over) {
		cJSON_DeleteItemFromObjectCaseSensitive(base, e->string);
		cJSON_AddItemToObject(base, e->string, cJSON_Duplicate(e, 1));
	}
}

static void
case_free(struct tcase *t)
{
	size_t i;

	for (i = 0; i < t->nlines; i++)
		free(t->lines[i]);
	for (i = 0; i < t->nreason; i++)
		free(t->reason_ids[i]);
	for (i = 0; i < t->nflags; i++) {
		free(t->flags[i]);
		free(t->flag_src[i]);
	}
	for (i = 0; i < t->nval; i++) {
		free(t->val_id[i]);
		cJSON_Delete(t->val[i]);
	}
	free(t->name);
	free(t->json);
	free(t->mode);
	free(t->icc);
	cJSON_Delete(t->info);
	memset(t, 0, sizeof(*t));
}

/* One line of a block: "  word rest". Returns 0, or -1 on a bad line. */
static int
case_line(struct tcase *t, const char *line)
{
	char word[32] = "";
	const char *rest;
	int n = 0;

	if (sscanf(line, " %31s %n", word, &n) < 1)
		return 0;
	rest = line + n;
	if (strcmp(word, "expect") == 0 || strcmp(word, "change") == 0)
		return 0;
	if (strcmp(word, "reason") == 0) {
		char id[16];

		if (sscanf(rest, "%15s", id) != 1 || t->nreason >= 24)
			return -1;
		t->reason_ids[t->nreason++] = xstrdup(id);
		return 0;
	}
	if (t->nlines >= MAXLINES)
		return -1;
	t->lines[t->nlines++] = xstrdup(line);
	if (strcmp(word, "json") == 0)
		t->json = strcmp(rest, "-") == 0 ? NULL : xstrdup(rest);
	else if (strcmp(word, "mode") == 0)
		t->mode = xstrdup(rest);
	else if (strcmp(word, "icc") == 0)
		t->icc = xstrdup(rest);
	else if (strcmp(word, "info") == 0) {
		cJSON *o;

		cJSON_Delete(t->info);
		t->info = NULL;
		if (strcmp(rest, "none") == 0)
			return 0;
		t->info = cJSON_Parse(stock_info);
		if (strcmp(rest, "stock") == 0)
			return 0;
		if ((o = cJSON_Parse(rest)) == NULL || !cJSON_IsObject(o))
			return -1;
		merge(t->info, o);
		cJSON_Delete(o);
	} else if (strcmp(word, "flags") == 0) {
		/* flags TOKENS... @ SOURCE */
		const char *at = strstr(rest, " @ ");

		if (at == NULL || t->nflags >= 16)
			return -1;
		t->flags[t->nflags] = strndup(rest, (size_t)(at - rest));
		t->flag_src[t->nflags++] = xstrdup(at + 3);
	} else if (strcmp(word, "value") == 0) {
		/* value ID JSON */
		char id[16];
		int m = 0;

		if (sscanf(rest, "%15s %n", id, &m) != 1 || t->nval >= 8)
			return -1;
		t->val_id[t->nval] = xstrdup(id);
		if ((t->val[t->nval++] = cJSON_Parse(rest + m)) == NULL)
			return -1;
	} else if (strcmp(word, "case") != 0)
		return -1;
	return 0;
}

static int
add_flags(struct host *h, const char *words, const char *src)
{
	char *copy = xstrdup(words), *argv[32], *tok, *save = NULL;
	size_t argc = 0;
	int rc;

	argv[argc++] = "dockerd";
	for (tok = strtok_r(copy, " ", &save); tok != NULL && argc < 31;
	    tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	rc = dflags_parse_argv(argv, argc, src, &h->flags, &h->nflags);
	free(copy);
	return rc;
}

static const cJSON *
info_get(const cJSON *info, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(info, k);
}

static bool
secopt(const cJSON *info, const char *prefix)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, info_get(info, "SecurityOptions"))
		if (cJSON_IsString(e) && strncmp(e->valuestring, prefix,
		    strlen(prefix)) == 0)
			return true;
	return false;
}

/* The test's own reading of the engine: does its state show that the
 * control does NOT comply? (Independent of cisharden's code.) */
static bool
engine_says_no(const struct tcase *t, const char *id)
{
	const cJSON *i = t->info, *v;

	if (i == NULL || strcmp(t->mode, "offline") == 0)
		return false;
	if (strcmp(id, "2.2") == 0)
		return t->icc == NULL || strcmp(t->icc, "false") != 0;
	if (strcmp(id, "2.3") == 0)
		return cJSON_IsTrue(info_get(i, "Debug"));
	if (strcmp(id, "2.5") == 0) {
		const cJSON *rc = info_get(i, "RegistryConfig"), *e;

		cJSON_ArrayForEach(e, info_get(rc, "IndexConfigs"))
			if (cJSON_IsFalse(info_get(e, "Secure")))
				return true;
		cJSON_ArrayForEach(e, info_get(rc, "InsecureRegistryCIDRs"))
			if (cJSON_IsString(e) && strcmp(e->valuestring, "127.0.0.0/8") != 0)
				return true;
		return false;
	}
	if (strcmp(id, "2.6") == 0)
		return cJSON_IsString(v = info_get(i, "Driver")) &&
		    strcmp(v->valuestring, "aufs") == 0;
	if (strcmp(id, "2.9") == 0)
		return !secopt(i, "name=userns");
	if (strcmp(id, "2.12") == 0)
		return cJSON_GetArraySize(info_get(info_get(i, "Plugins"),
		    "Authorization")) == 0;
	if (strcmp(id, "2.13") == 0)
		return cJSON_IsString(v = info_get(i, "LoggingDriver")) &&
		    (strcmp(v->valuestring, "json-file") == 0 ||
		    strcmp(v->valuestring, "local") == 0 ||
		    strcmp(v->valuestring, "none") == 0);
	if (strcmp(id, "2.15") == 0)
		return !cJSON_IsTrue(info_get(i, "LiveRestoreEnabled"));
	if (strcmp(id, "2.17") == 0)
		return secopt(i, "name=seccomp,profile=unconfined");
	if (strcmp(id, "2.18") == 0)
		return cJSON_IsTrue(info_get(i, "ExperimentalBuild"));
	return false;
}

/* Controls whose engine default complies, with the keys that would
 * change that (unset in daemon.json and flags: the default applies). */
static const struct {
	const char *id, *keys[3];
} default_ok[] = {
	{ "2.3", { "log-level", "debug", NULL } },
	{ "2.4", { "iptables", NULL } },
	{ "2.5", { "insecure-registries", NULL } },
	{ "2.6", { "storage-driver", NULL } },
	{ "2.7", { "hosts", NULL } },
	{ "2.10", { "cgroup-parent", NULL } },
	{ "2.11", { "storage-opts", NULL } },
	{ "2.18", { "experimental", NULL } },
};

static bool
key_unset(const struct tcase *t, const struct host *h, const char *key)
{
	cJSON *j = t->json ? cJSON_Parse(t->json) : NULL;
	bool in_file = j != NULL && cJSON_GetObjectItemCaseSensitive(j, key) != NULL;

	cJSON_Delete(j);
	return !in_file && host_flag_for_key(h, key) == NULL;
}

static void
invariants(FILE *out, const struct tcase *t, const struct host *h,
    struct run *r)
{
	size_t i, k;

	for (i = 0; i < r->prof->nctl; i++) {
		const struct control *c = &r->prof->ctl[i];

		if (c->section != 2)
			continue;
		if (r->res[i].st == ST_PASS && engine_says_no(t, c->id))
			fprintf(out, "  INVARIANT %s passes, but the engine's own "
			    "state does not comply\n", c->id);
	}
	if (t->nval > 0)
		return;
	for (k = 0; k < sizeof(default_ok) / sizeof(default_ok[0]); k++) {
		const struct result *res = run_result(r, default_ok[k].id);
		bool unset = true;
		size_t n;

		for (n = 0; default_ok[k].keys[n] != NULL; n++)
			unset = unset && key_unset(t, h, default_ok[k].keys[n]);
		if (unset && res != NULL && res->st == ST_FAIL &&
		    !engine_says_no(t, default_ok[k].id))
			fprintf(out, "  INVARIANT %s fails, but it is unset and the "
			    "engine default complies\n", default_ok[k].id);
	}
}

static void
print_result(FILE *out, const struct tcase *t, struct run *r)
{
	size_t i, n;

	fputs("  expect", out);
	for (i = 0; i < r->prof->nctl; i++)
		if (r->prof->ctl[i].section == 2)
			fprintf(out, " %s=%s", r->prof->ctl[i].id,
			    status_name(r->res[i].st));
	fputc('\n', out);
	for (n = 0; n < t->nreason; n++) {
		const struct result *res = run_result(r, t->reason_ids[n]);

		fprintf(out, "  reason %s %s\n", t->reason_ids[n], res == NULL ?
		    "(no such control)" : res->refused ? res->refused :
		    res->reason ? res->reason : "");
	}
	for (i = 0; i < r->prof->nctl; i++)
		for (n = 0; n < r->res[i].nchanges; n++)
			fprintf(out, "  change %s %s\n", r->prof->ctl[i].id,
			    r->res[i].changes[n]);
}

static int
run_case(FILE *out, struct tcase *t, int rootfd, const char *root)
{
	struct ctx ctx = { 0 };
	struct host h = { 0 };
	struct profile *prof = NULL;
	struct run *r = NULL;
	char *err = NULL, bridge[256];
	size_t i;
	int rc;

	ctx.root = root;
	ctx.rootfd = rootfd;
	ctx.proc = "/nonexistent/proc";
	ctx.docker_sock = "/nonexistent/docker.sock";
	ctx.scope = SCOPE_ALL;
	ctx.level = 2;
	ctx.offline = strcmp(t->mode, "offline") == 0;
	if (profile_load_default(&prof, &err) < 0 ||
	    profile_select(prof, 2, NULL, NULL, &err) < 0 ||
	    (r = run_new(prof)) == NULL) {
		fprintf(stderr, "profile: %s\n", err ? err : "?");
		exit(2);
	}
	for (i = 0; i < t->nval; i++) {
		struct control *c = profile_find(prof, t->val_id[i]);

		if (c == NULL)
			return -EINVAL;
		cJSON_DeleteItemFromObjectCaseSensitive(c->params, "value");
		cJSON_AddItemToObject(c->params, "value", cJSON_Duplicate(t->val[i], 1));
	}
	if (t->json != NULL) {
		h.dj_rc = 0;
		h.dj_raw = xstrdup(t->json);
		h.dj_len = strlen(t->json);
		h.dj_st.st_mode = S_IFREG | 0644;
	} else
		h.dj_rc = -ENOENT;
	for (i = 0; i < t->nflags; i++)
		if (add_flags(&h, t->flags[i], t->flag_src[i]) < 0)
			return -EINVAL;
	if (t->info != NULL && !ctx.offline) {
		const cJSON *v = info_get(t->info, "ServerVersion");

		h.dockerd_pid = 4242;
		h.info = cJSON_Duplicate(t->info, 1);
		h.docker_version = xstrdup(cJSON_IsString(v) ? v->valuestring : "20.10.24");
		snprintf(bridge, sizeof(bridge), "{\"Name\": \"bridge\", \"Options\": "
		    "{\"com.docker.network.bridge.enable_icc\": \"%s\"}}",
		    t->icc ? t->icc : "true");
		h.bridge = cJSON_Parse(bridge);
	}
	if (host_find_swarm(&h) < 0)
		return -ENOMEM;
	rc = strcmp(t->mode, "plan") != 0 ? sec2_verify(&ctx, &h, r) :
	    sec2_plan(&ctx, &h, r);
	if (rc < 0)
		fprintf(out, "  ERROR sec2 returned %d\n", rc);
	else {
		print_result(out, t, r);
		if (strcmp(t->mode, "plan") != 0)
			invariants(out, t, &h, r);
	}
	host_clear(&h);
	run_free(r);
	profile_free(prof);
	free(err);
	return 0;
}

static void
flush_case(FILE *out, struct tcase *t, int rootfd, const char *root)
{
	size_t i;

	if (t->name == NULL)
		return;
	if (t->mode == NULL)
		t->mode = xstrdup("verify");
	if (t->icc == NULL)
		t->icc = xstrdup("true");
	for (i = 0; i < t->nlines; i++) {
		if (i == t->expect_at && run_case(out, t, rootfd, root) < 0)
			fprintf(out, "  ERROR bad case\n");
		fprintf(out, "%s\n", t->lines[i]);
	}
	if (t->expect_at >= t->nlines && run_case(out, t, rootfd, root) < 0)
		fprintf(out, "  ERROR bad case\n");
	case_free(t);
}

int
main(int argc, char **argv)
{
	const char *cases = argc > 1 ? argv[1] : "sec2/cases.txt";
	char outpath[] = "/tmp/sec2_cases.XXXXXX", root[] = "/tmp/sec2_root.XXXXXX";
	char *line = NULL, cmd[512];
	size_t cap = 0, ncases = 0;
	struct tcase t = { 0 };
	FILE *in, *out;
	ssize_t n;
	int fd, rootfd, rc;

	if ((in = fopen(cases, "r")) == NULL)
		die(cases);
	if ((fd = argc > 2 ? open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644) :
	    mkstemp(outpath)) < 0 || (out = fdopen(fd, "w")) == NULL)
		die("output");
	if (mkdtemp(root) == NULL ||
	    (rootfd = open(root, O_PATH | O_DIRECTORY)) < 0)
		die("root");
	while ((n = getline(&line, &cap, in)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (strncmp(line, "case ", 5) == 0) {
			flush_case(out, &t, rootfd, root);
			t.name = xstrdup(line + 5);
			t.expect_at = (size_t)-1;
			ncases++;
		}
		if (t.name == NULL) {
			fprintf(out, "%s\n", line);	/* header comments */
			continue;
		}
		if (strncmp(line, "  expect", 8) == 0 && t.expect_at == (size_t)-1)
			t.expect_at = t.nlines;
		if (line[0] == '\0' || line[0] == '#') {
			/* a blank or comment line ends the block's settings */
			if (t.expect_at == (size_t)-1)
				t.expect_at = t.nlines;
			if (t.nlines < MAXLINES)
				t.lines[t.nlines++] = xstrdup(line);
			continue;
		}
		if (case_line(&t, line) < 0) {
			fprintf(stderr, "%s: bad line: %s\n", cases, line);
			return 2;
		}
	}
	flush_case(out, &t, rootfd, root);
	free(line);
	fclose(in);
	if (fclose(out) != 0)
		die("output");
	close(rootfd);
	rmdir(root);
	fprintf(stderr, "%zu cases\n", ncases);
	snprintf(cmd, sizeof(cmd), "diff -u '%s' '%s'", cases,
	    argc > 2 ? argv[2] : outpath);
	rc = system(cmd);
	if (argc <= 2)
		unlink(outpath);
	if (ncases < 60) {
		fprintf(stderr, "only %zu cases; the table needs at least 60\n", ncases);
		return 1;
	}
	return rc == 0 ? 0 : 1;
}
