/*
 * test_report.c - the text and JSON reports of hand-built runs, compared
 * byte for byte with unit/report/<name>.{txt,json}: a dry run with a
 * planned owner/mode change and a write (with its diff), a refusal and a
 * "see" pointer (blocked), a control that cannot be fixed here, a pass and an n/a;
 * an apply that made the changes (backup and undo command); a blocked
 * apply; an apply rolled back. CISHARDEN_REGEN=1 rewrites the goldens
 * (review the diff).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "profile.h"
#include "report.h"

static struct check_count cc;

#define BAD_JSON "/etc/docker/daemon.json:1:14: trailing comma. Fix: remove the comma"

static const char *const ids[] = { "1.1.1", "2.2", "2.3", "3.17", "3.18", "3.21" };

/* The run every scenario starts from: six selected controls. */
static struct run *
base_run(struct profile **ret_prof, bool daemon_json_ok)
{
	struct profile *prof = NULL;
	struct run *run;
	struct result *r;
	struct action *a;
	char *err = NULL;
	size_t i, k;

	if (profile_load_default(&prof, &err) < 0 || (run = run_new(prof)) == NULL)
		abort();
	for (i = 0; i < prof->nctl; i++) {
		prof->ctl[i].selected = false;
		for (k = 0; k < sizeof(ids) / sizeof(ids[0]); k++)
			if (strcmp(prof->ctl[i].id, ids[k]) == 0)
				prof->ctl[i].selected = true;
	}
	r = run_result(run, "1.1.1");
	if (result_set(r, ST_FAIL, "/var/lib/docker is not a separate mount") < 0)
		abort();
	result_needs(r, NEED_PARTITION);
	/* a daemon.json that does not parse: both section 2 controls are
	 * refused for one cause (told once, the other says "see 2.2") and
	 * there is no write */
	for (k = 0; !daemon_json_ok && k < 2; k++) {
		r = run_result(run, k ? "2.3" : "2.2");
		if (result_set(r, ST_REFUSED, "%s", BAD_JSON) < 0 || result_refuse(r, "%s", BAD_JSON) < 0)
			abort();
	}
	r = run_result(run, "2.2");
	if (daemon_json_ok && (result_set(r, ST_FAIL, "engine default (unset): true") < 0 ||
	    result_add_change(r, "\"icc\": (unset) -> false") < 0))
		abort();
	r = run_result(run, "2.3");
	if (daemon_json_ok && result_set(r, ST_PASS, "/etc/docker/daemon.json \"log-level\": \"info\"") < 0)
		abort();
	r = run_result(run, "3.17");
	if (result_set(r, ST_FAIL, "/etc/docker/daemon.json owned by 1000:1000, not root:root") < 0 ||
	    result_add_change(r, "/etc/docker/daemon.json  owner 1000:1000 -> root:root") < 0)
		abort();
	r = run_result(run, "3.18");
	if (result_set(r, ST_FAIL, "/etc/docker/daemon.json has mode 0666, wider than 0644") < 0 ||
	    result_add_change(r, "/etc/docker/daemon.json  mode 0666 -> 0644") < 0)
		abort();
	r = run_result(run, "3.21");
	if (result_set(r, ST_NA, "no such file on this host: /etc/sysconfig/docker") < 0)
		abort();
	if ((a = run_add_action(run, ACT_PERMS, "3.17,3.18", "/etc/docker/daemon.json")) == NULL)
		abort();
	a->type = S_IFREG;
	a->old_uid = a->old_gid = 1000;
	a->old_mode = 0666;
	a->mode = 0644;
	if ((a->summary = strdup("/etc/docker/daemon.json  owner 1000:1000 -> root:root, mode 0666 -> 0644")) == NULL)
		abort();
	if (!daemon_json_ok) {
		*ret_prof = prof;
		return run;
	}
	if ((a = run_add_action(run, ACT_WRITE, "2.2", "/etc/docker/daemon.json")) == NULL)
		abort();
	a->existed = true;
	if ((a->summary = strdup("/etc/docker/daemon.json  \"icc\": (unset) -> false")) == NULL ||
	    (a->diff = strdup("--- /etc/docker/daemon.json\n+++ /etc/docker/daemon.json\n"
	    "@@ -1 +1,3 @@\n-{}\n+{\n+\t\"icc\": false\n+}\n")) == NULL)
		abort();
	*ret_prof = prof;
	return run;
}

/* Compare text with the golden unit/report/name; regenerate on demand. */
static void
golden(const char *name, const char *text)
{
	char path[256], *want = NULL;
	size_t len = 0;
	FILE *f;

	snprintf(path, sizeof(path), "unit/report/%s", name);
	if (getenv("CISHARDEN_REGEN") != NULL) {
		CHECK(&cc, (f = fopen(path, "w")) != NULL);
		if (f != NULL) {
			CHECK(&cc, fputs(text, f) >= 0);
			CHECK(&cc, fclose(f) == 0);
		}
		return;
	}
	if ((f = fopen(path, "r")) != NULL) {
		want = calloc(1, 1 << 16);
		len = want ? fread(want, 1, (1 << 16) - 1, f) : 0;
		fclose(f);
	}
	CHECK(&cc, want != NULL && strlen(text) == len && strcmp(want, text) == 0);
	if (want == NULL || strcmp(want, text) != 0)
		fprintf(stderr, "%s differs; got:\n%s\n", path, text);
	free(want);
}

enum scenario { DRY, APPLIED, BLOCKED, ROLLED_BACK };

static void
scenario(const char *name, enum scenario sc, enum out_format fmt)
{
	struct ctx ctx = { .cmd = CMD_APPLY, .root = "/img", .offline = true,
	    .rootfd = -1, .scope = SCOPE_FILES, .level = 2, .format = fmt,
	    .dry_run = sc == DRY, .msg = stderr, .out = stdout };
	struct profile *prof;
	struct run *run = base_run(&prof, sc != BLOCKED);
	struct summary s;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;

	if (sc == APPLIED) {
		/* apply made both actions and verify then passed the fixed
		 * controls (their changes stay listed) */
		for (i = 0; i < run->nact; i++)
			run->act[i].rc = 1;
		if (result_set(run_result(run, "2.2"), ST_PASS, NULL) < 0 ||
		    result_set(run_result(run, "3.17"), ST_PASS, NULL) < 0 ||
		    result_set(run_result(run, "3.18"), ST_PASS, NULL) < 0)
			abort();
		if ((run->backup = strdup("/var/backups/cisharden/20260101T000000Z-1")) == NULL)
			abort();
	} else if (sc == BLOCKED) {
		run->blocked = true;
	} else if (sc == ROLLED_BACK) {
		run->act[0].rc = 1;
		run->act[0].rolled_back = true;
		run->act[1].rc = -ESTALE;
		if ((run->act[1].err = strdup("changed since it was planned")) == NULL)
			abort();
		run->rollback = 1;
	}
	CHECK_RC(&cc, run_decide(&ctx, run), 0);	/* as the pipeline does */
	report_summarize(&ctx, run, &s);
	CHECK(&cc, (f = open_memstream(&buf, &len)) != NULL);
	if (f == NULL)
		abort();
	CHECK_RC(&cc, fmt == FMT_JSON ? report_json(&ctx, run, &s, f) : report_text(&ctx, run, &s, f), 0);
	CHECK(&cc, fclose(f) == 0);
	golden(name, buf);
	free(buf);
	run_free(run);
	profile_free(prof);
}

int
main(void)
{
	scenario("dry-run.txt", DRY, FMT_TEXT);
	scenario("dry-run.json", DRY, FMT_JSON);
	scenario("applied.txt", APPLIED, FMT_TEXT);
	scenario("applied.json", APPLIED, FMT_JSON);
	scenario("blocked.txt", BLOCKED, FMT_TEXT);
	scenario("rolled-back.txt", ROLLED_BACK, FMT_TEXT);
	return check_done(&cc);
}
