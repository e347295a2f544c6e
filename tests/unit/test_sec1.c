/*
 * test_sec1.c - section 1 planner and verifier on a temporary root with
 * a fake kernel (struct kaudit_ops): immutable rules ask for a reboot and
 * plan no live action, EPERM and "no audit support" still write the
 * rules.d file, a working kernel gets exactly the missing rules once.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apply.h"
#include "check.h"
#include "host.h"
#include "observe.h"
#include <cjson/cJSON.h>

#include "profile.h"
#include "safeio.h"
#include "sec1.h"


#include "fake_kaudit.h"

static char root[] = "/tmp/test_sec1.XXXXXX";

static void
mkfile(const char *rel)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s%s", root, rel);
	if ((f = fopen(p, "w")) != NULL) {
		fputs("x\n", f);
		fclose(f);
	}
}

static void
mkd(const char *rel)
{
	char p[512];

	snprintf(p, sizeof(p), "%s%s", root, rel);
	(void)mkdir(p, 0755);
}

static void
setup_root(void)
{
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	mkd("/etc");
	mkd("/etc/audit");
	mkd("/etc/audit/rules.d");
	mkd("/etc/docker");
	mkd("/usr");
	mkd("/usr/bin");
	mkd("/usr/sbin");
	mkfile("/usr/sbin/dockerd");
	/* Debian's default; it also keeps rules.d non-empty, because
	 * safeio_list() of an empty directory passes NULL to qsort(), which
	 * UBSan reports (reported to the lead, safeio.c is not ours) */
	mkfile("/etc/audit/rules.d/audit.rules");
}

struct fixture {
	struct ctx ctx;
	struct host h;
	struct profile *prof;
	struct run *run;
};

static void
fx_init(struct fixture *fx, const char *only, bool fresh)
{
	char *err = NULL;

	memset(fx, 0, sizeof(*fx));
	fx->ctx.root = root;
	fx->ctx.rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fresh) {
		int rc = safeio_unlink(fx->ctx.rootfd, AUDITRULES_FILE);

		EXPECT(rc >= 0 || rc == -ENOENT);
	}
	fx->ctx.proc = "/proc";
	fx->ctx.scope = SCOPE_ALL;
	fx->ctx.level = 2;
	EXPECT(fx->ctx.rootfd >= 0);
	EXPECT(profile_load_default(&fx->prof, &err) == 0);
	EXPECT(profile_select(fx->prof, 2, only, NULL, &err) == 0);
	free(err);
	EXPECT((fx->run = run_new(fx->prof)) != NULL);
}

/* Observe rules.d and the (fake) kernel afresh, as observe() does. */
static void
observe1(struct fixture *fx, struct fake *f)
{
	host_clear(&fx->h);
	fx->ctx.kaudit = &fake_ops;
	fx->ctx.kaudit_arg = f;
	EXPECT(observe_sec1(&fx->ctx, &fx->h) == 0);
	EXPECT(observe_audit_targets(&fx->ctx, fx->prof, &fx->h) == 0);
}

static int
plan1(struct fixture *fx, struct fake *f)
{
	observe1(fx, f);
	return sec1_plan(&fx->ctx, &fx->h, &fx->run->writes, fx->run);
}

static int
verify1(struct fixture *fx, struct fake *f)
{
	observe1(fx, f);
	return sec1_verify(&fx->ctx, &fx->h, fx->run);
}

static void
fx_free(struct fixture *fx)
{
	host_clear(&fx->h);
	run_free(fx->run);
	profile_free(fx->prof);
	close(fx->ctx.rootfd);
}

static struct action *
find_action(struct run *run, enum act_kind kind)
{
	size_t i;

	for (i = 0; i < run->nact; i++)
		if (run->act[i].kind == kind)
			return &run->act[i];
	return NULL;
}

/* Write what ACT_WRITE planned, as apply would. */
static void
write_planned(struct fixture *fx)
{
	struct action *a = find_action(fx->run, ACT_WRITE);

	EXPECT(a != NULL);
	if (a != NULL)
		EXPECT(safeio_write(fx->ctx.rootfd, a->path, a->data, a->len,
		    getuid(), getgid(), a->mode) >= 0);
}

static void
test_immutable(void)
{
	struct fake f = { .open_rc = 3, .enabled = 2 };
	struct fixture fx;
	struct result *r;

	fx_init(&fx, "1.1.3,1.1.6", true);
	EXPECT(plan1(&fx, &f) == 0);
	EXPECT(find_action(fx.run, ACT_WRITE) != NULL);	/* the file still */
	EXPECT(find_action(fx.run, ACT_AUDIT_LOAD) == NULL);	/* nothing live */
	EXPECT(fx.run->reboot_required);
	EXPECT(f.adds == 0);
	write_planned(&fx);
	fx.run->reboot_required = false;
	EXPECT(verify1(&fx, &f) == 0);
	r = run_result(fx.run, "1.1.3");
	EXPECT(r->st == ST_PENDING && strstr(r->reason, "reboot") != NULL);
	EXPECT(fx.run->reboot_required);
	fx_free(&fx);
}

static void
test_unavailable(int err)
{
	struct fake f = { .open_rc = err, .enabled = 1 };
	struct fixture fx;
	struct result *r;

	if (err == -EPERM) {
		f.open_rc = 3;
		f.enabled = -EPERM;
	}
	fx_init(&fx, "1.1.3", true);
	EXPECT(plan1(&fx, &f) == 0);
	EXPECT(find_action(fx.run, ACT_WRITE) != NULL);
	EXPECT(find_action(fx.run, ACT_AUDIT_LOAD) == NULL);
	EXPECT(!fx.run->reboot_required);
	write_planned(&fx);
	EXPECT(verify1(&fx, &f) == 0);
	r = run_result(fx.run, "1.1.3");
	EXPECT(r->st == ST_PASS);
	EXPECT(r->reason != NULL && strstr(r->reason, "kernel not checked") != NULL);
	/* --scope live cannot pass without the kernel */
	fx.ctx.scope = SCOPE_LIVE;
	EXPECT(verify1(&fx, &f) == 0);
	EXPECT(r->st == ST_ERROR);
	fx_free(&fx);
}

static void
test_loads_missing_once(void)
{
	struct fake f = { .open_rc = 3, .enabled = 1 };
	struct fixture fx;
	struct action *a;
	struct result *r;
	char *err = NULL;
	int adds;

	fx_init(&fx, "1.1.3,1.1.5", true);
	EXPECT(plan1(&fx, &f) == 0);
	a = find_action(fx.run, ACT_AUDIT_LOAD);
	EXPECT(a != NULL && action_live(a) && a->data != NULL && strstr(a->data, "-F path=/usr/sbin/dockerd ") != NULL);
	if (a != NULL && a->data != NULL && strstr(a->data, "-F path=/usr/sbin/dockerd ") == NULL)
		fprintf(stderr, "  payload: %s\n", a->data);
	if (a == NULL)
		goto out;
	EXPECT(strcmp(a->ctl_ids, "1.1.3") == 0);	/* 1.1.5: no /var/lib */
	write_planned(&fx);
	fx.ctx.kaudit = &fake_ops;
	fx.ctx.kaudit_arg = &f;
	EXPECT(apply_audit_load(&fx.ctx, a) == 1);
	EXPECT(a->err == NULL);
	/* /usr/bin/dockerd, /usr/sbin/dockerd, /var/lib/docker: its parent
	 * /var/lib is missing in this root, so no rule */
	EXPECT(f.adds == 2);
	EXPECT(verify1(&fx, &f) == 0);
	r = run_result(fx.run, "1.1.3");
	EXPECT(r->st == ST_PASS && strstr(r->reason, "in the kernel") != NULL);
	r = run_result(fx.run, "1.1.5");
	EXPECT(r->st == ST_NA);
	fx_free(&fx);

	/* a second plan has nothing to do */
	adds = f.adds;
	fx_init(&fx, "1.1.3,1.1.5", false);
	EXPECT(plan1(&fx, &f) == 0);
	EXPECT(fx.run->nact == 0);
	EXPECT(f.adds == adds);
out:
	fx_free(&fx);
	free(err);
	arules_free(&f.rules);
}

/* A rule another rules.d file holds is not repeated in ours, but if the
 * kernel lacks it, the hook loads that file's rule as it is written. */
static void
test_other_file(void)
{
	struct fake f = { .open_rc = 3, .enabled = 1 };
	struct fixture fx;
	struct action *a;
	char *err = NULL, p[512];
	FILE *fp;

	snprintf(p, sizeof(p), "%s/etc/audit/rules.d/40-local.rules", root);
	if ((fp = fopen(p, "w")) != NULL) {
		fputs("-a exit,always -F path=/usr/sbin/dockerd -F perm=rwxa "
		    "-F key=docker -k extra\n", fp);
		fclose(fp);
	}
	fx_init(&fx, "1.1.3", true);
	EXPECT(plan1(&fx, &f) == 0);
	a = find_action(fx.run, ACT_WRITE);
	EXPECT(a != NULL && strstr(a->data, "\n-w /usr/bin/dockerd -p rwxa "
	    "-k docker\n") != NULL);
	EXPECT(a != NULL && strstr(a->data, "\n-w /usr/sbin/dockerd") == NULL);
	EXPECT(a != NULL && strstr(a->data, "#   -a always,exit -F path=/usr/sbin/"
	    "dockerd -F perm=rwxa -k docker -k extra   (/etc/audit/rules.d/"
	    "40-local.rules:1)") != NULL);
	a = find_action(fx.run, ACT_AUDIT_LOAD);
	EXPECT(a != NULL);
	if (a != NULL) {
		fx.ctx.kaudit = &fake_ops;
		fx.ctx.kaudit_arg = &f;
		EXPECT(apply_audit_load(&fx.ctx, a) == 1);
		EXPECT(f.rules.n == 2);
		EXPECT(arule_key_has(f.rules.v[0].key, "extra") ||
		    arule_key_has(f.rules.v[1].key, "extra"));
	}
	write_planned(&fx);
	EXPECT(verify1(&fx, &f) == 0);
	EXPECT(run_result(fx.run, "1.1.3")->st == ST_PASS);
	fx_free(&fx);
	free(err);
	arules_free(&f.rules);
	unlink(p);
}

/* An observation error is never "not there": /etc/default is a symlink
 * loop, so neither /etc/default/docker (1.1.10) nor its parent can be
 * stat'ed. The control is an error naming why, in verify and in the
 * plan (which then blocks the apply); before, the loop read as "no
 * parent directory" and 1.1.10 passed as not applicable. */
static void
test_observation_error(void)
{
	struct fake f = { .open_rc = 3, .enabled = 1 };
	struct fixture fx;
	const struct result *r;
	char p[512];

	snprintf(p, sizeof(p), "%s/etc/default", root);
	EXPECT(symlink("/etc/default", p) == 0);
	fx_init(&fx, "1.1.10", true);
	EXPECT(verify1(&fx, &f) == 0);
	r = run_result(fx.run, "1.1.10");
	EXPECT(r != NULL && r->st == ST_ERROR && r->reason != NULL &&
	    strstr(r->reason, "cannot stat /etc/default") != NULL &&
	    strstr(r->reason, strerror(ELOOP)) != NULL);
	if (r != NULL && r->st != ST_ERROR)
		fprintf(stderr, "  1.1.10: %s: %s\n", status_name(r->st),
		    r->reason ? r->reason : "");
	run_clear_plan(fx.run);
	EXPECT(plan1(&fx, &f) == 0);
	r = run_result(fx.run, "1.1.10");
	EXPECT(r != NULL && r->st == ST_ERROR);
	fx_free(&fx);
	unlink(p);
}

/* 1.1.5 from v1.7.0: never-rules for overlay2 and volumes before the
 * recursive watch of the data root, in the file and in the kernel; verify
 * fails when a never-rule comes after the watch (it excludes nothing). */
static void
test_never_order(void)
{
	static const char bad_order[] =
	    "-a always,exit -F dir=/var/lib/docker -F perm=rwxa -k docker\n"
	    "-a never,exit -F dir=/var/lib/docker/overlay2 -F perm=rwxa -k docker\n"
	    "-a never,exit -F dir=/var/lib/docker/volumes -F perm=rwxa -k docker\n";
	struct fake f = { .open_rc = 3, .enabled = 1 }, g = { .open_rc = 3, .enabled = 1 };
	struct fake none = { .open_rc = -ENOSYS };
	struct fixture fx;
	struct action *a;
	struct result *r;
	const char *nv, *wt;

	mkd("/var");
	mkd("/var/lib");
	mkd("/var/lib/docker");
	mkd("/var/lib/docker/overlay2");
	mkd("/var/lib/docker/volumes");

	/* v1.5.0 names no stores: the watch alone */
	fx_init(&fx, "1.1.5", true);
	EXPECT(plan1(&fx, &none) == 0);
	a = find_action(fx.run, ACT_WRITE);
	EXPECT(a != NULL && strstr(a->data, "never") == NULL &&
	    strstr(a->data, "\n-a always,exit -F dir=/var/lib/docker -F perm=rwxa "
	    "-k docker\n") != NULL);
	fx_free(&fx);

	fx_init(&fx, "1.1.5", true);
	fx.ctx.edition = ED_1_8_0;
	EXPECT(plan1(&fx, &f) == 0);
	a = find_action(fx.run, ACT_WRITE);
	nv = a ? strstr(a->data, "\n## 1.1.5\n-a never,exit -F dir=/var/lib/docker/"
	    "overlay2 -F perm=rwxa -k docker\n-a never,exit -F dir=/var/lib/docker/"
	    "volumes -F perm=rwxa -k docker\n") : NULL;
	wt = a ? strstr(a->data, "-a always,exit -F dir=/var/lib/docker -F perm=rwxa") : NULL;
	EXPECT(nv != NULL && wt != NULL && nv < wt);
	write_planned(&fx);
	a = find_action(fx.run, ACT_AUDIT_LOAD);
	/* the payload is the rules as auditctl lines: two never-rules, the watch */
	EXPECT(a != NULL && a->data != NULL && strstr(a->data, "never") != NULL &&
	    strchr(strchr(strchr(a->data, '\n') + 1, '\n') + 1, '\n') != NULL);
	if (a != NULL) {
		fx.ctx.kaudit = &fake_ops;
		fx.ctx.kaudit_arg = &f;
		EXPECT(apply_audit_load(&fx.ctx, a) == 1);
	}
	/* prepended: the kernel lists the never-rules first */
	EXPECT(f.rules.n == 3 && f.rules.v[0].never && f.rules.v[1].never &&
	    !f.rules.v[2].never);
	EXPECT(verify1(&fx, &f) == 0);
	r = run_result(fx.run, "1.1.5");
	EXPECT(r->st == ST_PASS && strstr(r->reason, "excluding /var/lib/docker/"
	    "overlay2, /var/lib/docker/volumes (never-rules first)") != NULL);

	/* a kernel that appended them after the watch: they exclude nothing */
	g.append_never = true;
	EXPECT(arules_add(&g.rules, &f.rules.v[2]) == 0);
	if (a != NULL) {
		fx.ctx.kaudit_arg = &g;
		EXPECT(apply_audit_load(&fx.ctx, a) == 1);
	}
	EXPECT(g.rules.n == 3 && !g.rules.v[0].never);
	EXPECT(verify1(&fx, &g) == 0);
	r = run_result(fx.run, "1.1.5");
	EXPECT(r->st == ST_FAIL && strstr(r->reason, "the never-rule for /var/lib/"
	    "docker/overlay2 comes after the watch of /var/lib/docker in the "
	    "kernel's rules") != NULL);

	/* the benchmark's order in the rules file: verify fails on the file */
	EXPECT(safeio_write(fx.ctx.rootfd, AUDITRULES_FILE, bad_order,
	    sizeof(bad_order) - 1, getuid(), getgid(), 0640) >= 0);
	EXPECT(verify1(&fx, &f) == 0);
	r = run_result(fx.run, "1.1.5");
	EXPECT(r->st == ST_FAIL && strstr(r->reason, "comes after the watch of "
	    "/var/lib/docker in " AUDITRULES_FILE) != NULL);
	/* and a plan rewrites the file in the working order */
	EXPECT(plan1(&fx, &none) == 0);
	a = find_action(fx.run, ACT_WRITE);
	EXPECT(a != NULL && strstr(a->data, "never") < strstr(a->data,
	    "-a always,exit -F dir=/var/lib/docker "));
	fx_free(&fx);

	/* exclude_stores: [] excludes nothing, a bad name is an error */
	fx_init(&fx, "1.1.5", true);
	fx.ctx.edition = ED_1_8_0;
	EXPECT(cJSON_AddArrayToObject(profile_find(fx.prof, "1.1.5")->params,
	    "exclude_stores") != NULL);
	EXPECT(plan1(&fx, &none) == 0);
	a = find_action(fx.run, ACT_WRITE);
	EXPECT(a != NULL && strstr(a->data, "never") == NULL);
	cJSON_DeleteItemFromObject(profile_find(fx.prof, "1.1.5")->params, "exclude_stores");
	EXPECT(cJSON_AddStringToObject(profile_find(fx.prof, "1.1.5")->params,
	    "exclude_stores", "overlay2") != NULL);
	run_clear_plan(fx.run);
	EXPECT(plan1(&fx, &none) == 0);
	r = run_result(fx.run, "1.1.5");
	EXPECT(r->st == ST_ERROR && strstr(r->reason, "exclude_stores") != NULL);
	fx_free(&fx);
	arules_free(&f.rules);
	arules_free(&g.rules);
}

static void
cleanup(void)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", root);
}

int
main(void)
{
	setup_root();
	test_immutable();
	test_unavailable(-EPERM);
	test_unavailable(-ENOSYS);
	test_loads_missing_once();
	test_other_file();
	test_observation_error();
	test_never_order();
	cleanup();
	return check_done(&check_file_count);
}
