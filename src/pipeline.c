/*
 * pipeline.c - what a command does (see pipeline.h): profile -> observe
 * -> plan -> (dry run | apply) -> verify -> report; verify alone:
 * observe -> judge -> plan what fails, to class it -> report; and the
 * outcome as a documented exit code.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "ctx.h"
#include "fleet.h"
#include "host.h"
#include "observe.h"
#include "pipeline.h"
#include "profile.h"
#include "report.h"
#include "safeio.h"
#include "sandbox.h"
#include "sections.h"
#include "sec1.h"

/* Results before any section speaks: nothing may pass by default. (A
 * control --only/--skip/--level leave out is never reported.) */
static void
init_results(struct run *run)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < run->prof->nctl; i++) {
		struct control *c = &run->prof->ctl[i];

		if (!c->selected)
			continue;
		if (c->excluded)
			rc |= result_set(&run->res[i], ST_EXCLUDED, "%s", c->exclude_reason);
		else if (c->kind == KIND_MANUAL)
			rc |= result_set(&run->res[i], ST_MANUAL, "manual: check by hand");
		else
			rc |= result_unevaluated(&run->res[i]);
	}
	if (rc < 0)
		errx(EXIT_INTERNAL, "out of memory");
}

/* A control plan refused stays refused unless it passes anyway; but
 * verify judges what it can judge: a control whose verifier found it
 * failing (a dockerd flag with a weak value) fails, and apply's refusal
 * is what it needs. What a control cannot be fixed here without, when
 * its section did not say. */
static int
finish_results(const struct ctx *ctx, struct run *run)
{
	size_t i;

	for (i = 0; i < run->prof->nctl; i++) {
		struct result *r = &run->res[i];
		enum need need = NEED_NONE;

		if (r->refused != NULL && ctx->cmd == CMD_VERIFY && r->st == ST_FAIL) {
			if (r->need == NEED_NONE)
				result_needs(r, NEED_HAND_CHANGE);
			continue;
		}
		if (r->refused != NULL && r->st != ST_PASS && r->st != ST_EXCLUDED &&
		    result_set(r, ST_REFUSED, "%s", r->refused) < 0)
			return -ENOMEM;
		/* kernel audit config immutable (-e 2): only a reboot loads
		 * the rules, whatever the plan lists */
		if (r->st == ST_PENDING && run->prof->ctl[i].section == 1 &&
		    run->reboot_required && r->need == NEED_NONE)
			result_needs(r, NEED_REBOOT);
		if (r->need != NEED_NONE || r->nchanges > 0)
			continue;
		if (r->st == ST_MANUAL && r->opt_in)
			need = NEED_PROFILE_VALUE;
		else if (r->st == ST_MANUAL)
			need = NEED_HAND_CHECK;
		else if (r->st == ST_PENDING)
			need = NEED_DOCKERD_RESTART;
		else if (r->st == ST_FAIL)
			need = NEED_HAND_CHANGE;
		result_needs(r, need);
	}
	return 0;
}

/* A shared fact the observation could not read (a unit directory, say)
 * could change any verdict or plan: every control that would be judged
 * is an error naming it, never a verdict taken as if it were absent. */
static int
observation_errors(const struct host *h, struct run *run)
{
	size_t i;

	if (h->errs.n == 0)
		return 0;
	for (i = 0; i < run->prof->nctl; i++) {
		const struct control *c = &run->prof->ctl[i];

		if (!c->selected || c->excluded || c->kind == KIND_MANUAL)
			continue;
		if (result_set(&run->res[i], ST_ERROR, "%s", h->errs.v[0]) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* A live action (restart dockerd) that serves a control with no change
 * line of its own is that control's change, so the plan shows it. */
static int
live_changes(struct run *run)
{
	size_t i, j;

	for (i = 0; i < run->nact; i++) {
		const struct action *a = &run->act[i];

		if (!action_live(a) || a->summary == NULL)
			continue;
		for (j = 0; j < run->prof->nctl; j++)
			if (idlist_has(a->ctl_ids, run->prof->ctl[j].id) &&
			    run->res[j].nchanges == 0 &&
			    result_add_change(&run->res[j], "%s", a->summary) < 0)
				return -ENOMEM;
	}
	return 0;
}

/* After planning: the selected controls that were refused or failed to
 * plan. Any of them blocks the whole apply (unless --keep-going). */
static size_t
plan_blockers(const struct run *run)
{
	size_t i, n = 0;

	for (i = 0; i < run->prof->nctl; i++) {
		const struct control *c = &run->prof->ctl[i];
		const struct result *r = &run->res[i];

		if (!c->selected || c->excluded)
			continue;
		if ((r->refused != NULL && r->st != ST_PASS) ||
		    (r->st == ST_ERROR && r->evaluated))
			n++;
	}
	return n;
}

static int
verify_sections(const struct ctx *ctx, const struct host *h, struct run *run)
{
	size_t i;
	int rc;

	for (i = 0; i < NSECTIONS; i++)
		if ((rc = sections[i].verify(ctx, h, run)) < 0) {
			warnx("section %d: %s", sections[i].num, strerror(-rc));
			return rc;
		}
	return observation_errors(h, run);
}

/* The plan's data flow, in the table's order: sections 3 and 2 plan
 * the files they write; section 1's rules cover those files (a
 * docker.socket drop-in, a new daemon.json), which every planner gets
 * as its "creates" argument. */
static int
plan_sections(const struct ctx *ctx, const struct host *h, struct run *run)
{
	size_t i;
	int rc;

	for (i = 0; i < NSECTIONS; i++)
		if ((rc = sections[i].plan(ctx, h, &run->writes, run)) < 0) {
			warnx("section %d: %s", sections[i].num, strerror(-rc));
			return rc;
		}
	if ((rc = observation_errors(h, run)) < 0)
		return rc;
	return live_changes(run);
}

static int
exit_code(const struct ctx *ctx, const struct run *run, const struct summary *s)
{
	if (run->rollback < 0)
		return EXIT_ROLLBACK;
	if (run->blocked)
		return EXIT_REFUSED;
	if (s->n[ST_ERROR] > 0 || s->failed_actions > 0)
		return EXIT_INTERNAL;
	if (s->n[ST_REFUSED] > 0)
		return EXIT_REFUSED;
	if (ctx->cmd == CMD_APPLY && ctx->dry_run)
		return EXIT_OK;
	if (s->n[ST_FAIL] > 0)
		return EXIT_VERIFY;
	if (ctx->cmd == CMD_VERIFY && run->reboot_required)
		return EXIT_REBOOT;
	/* After apply without a restart, "restart pending" is the plan. */
	if (s->n[ST_PENDING] > 0 && (ctx->cmd == CMD_VERIFY || ctx->restart_docker))
		return EXIT_VERIFY;
	return EXIT_OK;
}

/* The kernel's part of keeping cisharden in bounds (sandbox.h): fail
 * closed when it cannot be set up. */
static int
sandbox(const struct ctx *ctx, const struct run *run, enum sandbox_stage stage)
{
	char *why = NULL;
	int rc = sandbox_enter(ctx, run, stage, &why);

	if (rc < 0)
		warnx("sandbox: %s", why ? why : strerror(-rc));
	free(why);
	return rc;
}

static int
output(const struct ctx *ctx, struct run *run)
{
	struct summary s;
	int rc;

	/* the last write is made: nothing needs a capability any more */
	if (sandbox(ctx, NULL, SANDBOX_REPORT) < 0)
		return EXIT_INTERNAL;

	/* decided here; the report only renders */
	if (run_decide(ctx, run) < 0) {
		warnx("out of memory");
		return EXIT_INTERNAL;
	}
	report_summarize(ctx, run, &s);
	if ((rc = report_emit(ctx, run, &s, ctx->format, ctx->out)) < 0)
		warnx("writing the report: %s", strerror(-rc));
	if (reports_write(ctx, run, &s) < 0)
		rc = -EIO;
	return rc < 0 ? EXIT_INTERNAL : exit_code(ctx, run, &s);
}

static int
load_profile(struct ctx *ctx, struct profile **ret)
{
	char *err = NULL;
	size_t i;
	int rc;

	rc = ctx->profile_path ? profile_load(ctx->profile_path, ret, &err) :
	    profile_load_default(ret, &err);
	if (rc < 0) {
		warnx("%s", err ? err : strerror(-rc));
		free(err);
		return EXIT_REFUSED;
	}
	/* --benchmark, else the edition the profile names */
	if (ctx->edition == ED__MAX)
		ctx->edition = (*ret)->edition;
	if (profile_use_edition(*ret, ctx->edition) < 0)
		return EXIT_INTERNAL;
	if (sections_check_params(*ret, &err) < 0) {
		warnx("%s", err ? err : strerror(ENOMEM));
		free(err);
		return EXIT_REFUSED;
	}
	if (profile_select(*ret, ctx->level, ctx->only, ctx->skip, &err) < 0) {
		warnx("%s", err ? err : "bad selection");
		free(err);
		return EXIT_USAGE;
	}
	for (i = 0; i < (*ret)->nctl && !(*ret)->ctl[i].selected; i++)
		;
	if (i == (*ret)->nctl) {
		warnx("--level, --only and --skip select no control: nothing to do");
		return EXIT_USAGE;
	}
	return -1;
}

static int
cmd_restore(const struct ctx *ctx)
{
	char *err = NULL;
	int rc;

	if (ctx->dry_run) {
		warnx("restore has no dry run; see the manifest.json in the backup directory");
		return EXIT_USAGE;
	}
	rc = apply_restore(ctx, ctx->out, &err);
	if (rc < 0) {
		warnx("restore: %s", err ? err : strerror(-rc));
		free(err);
		return rc == -ENOENT ? EXIT_REFUSED : EXIT_INTERNAL;
	}
	fprintf(ctx->out, "restored %d entr%s\n", rc, rc == 1 ? "y" : "ies");
	return EXIT_OK;
}

/* Plan from the observation. On Engine 23+ dockerd itself is asked
 * about the daemon.json the plan would write (an observation), and the
 * plan is made again from what it said. */
static int
plan(const struct ctx *ctx, struct host *h, struct run *run)
{
	int rc;

	init_results(run);
	if (plan_sections(ctx, h, run) < 0)
		return -1;
	if (ctx->cmd != CMD_APPLY || (rc = observe_validate(ctx, h, run)) == 0)
		return 0;
	if (rc < 0) {
		warnx("asking dockerd --validate: %s", strerror(-rc));
		return -1;
	}
	run_clear_plan(run);
	init_results(run);
	if (plan_sections(ctx, h, run) < 0)
		return -1;
	return 0;
}

/* Does verify need the plan's word on this verdict (will apply fix it,
 * cannot it, or does it refuse)? What does not comply: fail, pending,
 * error. A pass, n/a, manual or excluded verdict stands as it is. */
static bool
needs_plan(const struct control *c, const struct result *r)
{
	return c->selected && r->st != ST_PASS && r->st != ST_EXCLUDED &&
	    r->st != ST_NA && r->st != ST_MANUAL;
}

/* Move what the plan says of a control into verify's result; the
 * verdict (status, reason) stays verify's, and so does a need verify
 * named itself. */
static void
lend_result(struct result *to, struct result *from)
{
	if (to->nchanges == 0) {	/* verify adds no change lines */
		to->changes = from->changes;
		to->nchanges = from->nchanges;
		from->changes = NULL;
		from->nchanges = 0;
	}
	if (to->refused == NULL) {
		to->refused = from->refused;
		from->refused = NULL;
	}
	if (to->need == NEED_NONE)
		to->need = from->need;
}

/* verify: judge first, then plan only the controls that are not
 * compliant, to class them (will fix, cannot fix here, refused). The
 * plan runs on a copy of the profile that selects those alone; a host
 * that complies is never planned. */
static int
classify(const struct ctx *ctx, const struct host *h, struct run *run)
{
	struct profile sub = *run->prof;
	struct run *pr = NULL;
	size_t i, n = 0;
	int rc = -ENOMEM;

	for (i = 0; i < sub.nctl; i++)
		n += needs_plan(&run->prof->ctl[i], &run->res[i]);
	if (n == 0)
		return 0;
	if ((sub.ctl = malloc(sub.nctl * sizeof(*sub.ctl))) == NULL)
		return -ENOMEM;
	for (i = 0; i < sub.nctl; i++) {
		sub.ctl[i] = run->prof->ctl[i];
		sub.ctl[i].selected = needs_plan(&run->prof->ctl[i], &run->res[i]);
	}
	if ((pr = run_new(&sub)) == NULL)
		goto out;
	init_results(pr);
	if ((rc = plan_sections(ctx, h, pr)) < 0)
		goto out;
	for (i = 0; i < sub.nctl; i++)
		if (sub.ctl[i].selected)
			lend_result(&run->res[i], &pr->res[i]);
	/* the actions apply would take, listed by the report */
	run->act = pr->act;
	run->nact = pr->nact;
	run->capact = pr->capact;
	pr->act = NULL;
	pr->nact = pr->capact = 0;
	run->restart_pending = run->restart_pending || pr->restart_pending;
	run->reboot_required = run->reboot_required || pr->reboot_required;
out:
	run_free(pr);
	free(sub.ctl);
	return rc;
}

/* verify: the verdicts from the observation, then the plan's classes
 * for what does not comply. */
static int
verify_run(const struct ctx *ctx, const struct host *h, struct run *run)
{
	int rc;

	init_results(run);
	if (verify_sections(ctx, h, run) < 0)
		return -1;
	if ((rc = classify(ctx, h, run)) < 0) {
		warnx("classifying: %s", strerror(-rc));
		return -1;
	}
	return 0;
}

static int
run_all(struct ctx *ctx, struct run *run)
{
	struct host h;
	int rc;

	if ((rc = observe(ctx, run->prof, sections_observes(run->prof), &h)) < 0) {
		host_clear(&h);
		warnx("observing the host: %s", strerror(-rc));
		return EXIT_INTERNAL;
	}
	if (ctx->cmd == CMD_VERIFY) {
		if (verify_run(ctx, &h, run) < 0 || finish_results(ctx, run) < 0)
			goto fail;
		host_clear(&h);
		return output(ctx, run);
	}
	if (plan(ctx, &h, run) < 0 || sandbox(ctx, run, SANDBOX_PLANNED) < 0)
		goto fail;
	/* All or nothing: a refused or failed plan changes nothing. */
	if (ctx->cmd == CMD_APPLY && !ctx->dry_run && !ctx->keep_going &&
	    run->nact > 0 && plan_blockers(run) > 0)
		run->blocked = true;
	/* With nothing to do, the host observed for the plan is the host to
	 * verify: asking dockerd and the kernel again costs ~10 ms. */
	if (ctx->cmd == CMD_APPLY && !ctx->dry_run && run->nact > 0 && !run->blocked) {
		apply_run(ctx, run);	/* every outcome is in run->act */
		host_clear(&h);
		if ((rc = observe(ctx, run->prof, sections_observes(run->prof), &h)) < 0) {
			warnx("observing the host after apply: %s", strerror(-rc));
			goto fail;
		}
	}
	if (verify_sections(ctx, &h, run) < 0 || finish_results(ctx, run) < 0)
		goto fail;
	host_clear(&h);
	return output(ctx, run);
fail:
	host_clear(&h);
	return EXIT_INTERNAL;
}

/* The boot unit's command: observe rules.d, the kernel and the rules'
 * paths; section 1 picks the runtime rules; apply loads them. */
static int
audit_runtime(const struct ctx *ctx)
{
	struct host h = { 0 };
	struct arules want = { 0 };
	char *err = NULL;
	int rc;

	if ((rc = observe_sec1(ctx, &h)) < 0 ||
	    (rc = observe_rule_paths(ctx, &h)) < 0 ||
	    (rc = sec1_runtime_rules(&h, &want, &err)) < 0) {
		warnx("audit-runtime: %s", err ? err : strerror(-rc));
		rc = EXIT_INTERNAL;
	} else
		rc = apply_audit_runtime(ctx, &want);
	free(err);
	arules_free(&want);
	host_clear(&h);
	return rc;
}

int
pipeline_run(struct ctx *ctx)
{
	struct profile *prof = NULL;
	struct run *run = NULL;
	int rc, lockfd = -1;

	if ((ctx->rootfd = safeio_open_root(ctx->root)) < 0) {
		warnx("--root %s: %s", ctx->root, strerror(-ctx->rootfd));
		return EXIT_USAGE;
	}
	/* Fail early, not halfway through reading the kernel's rules. */
	if (!ctx->offline && ctx->cmd != CMD_LIST && geteuid() != 0) {
		warnx("%s on this host needs root (or act on an image tree "
		    "with --root DIR)", ctx->cmd == CMD_VERIFY ? "verify" :
		    ctx->cmd == CMD_RESTORE ? "restore" :
		    ctx->cmd == CMD_AUDIT_RUNTIME ? "audit-runtime" : ctx->dry_run ?
		    "a dry run" : "apply");
		rc = EXIT_INTERNAL;
		goto out;
	}
	if (ctx->cmd == CMD_AUDIT_RUNTIME) {
		rc = audit_runtime(ctx);
		goto out;
	}
	if ((rc = load_profile(ctx, &prof)) >= 0)
		goto out;
	if (report_profile_check(prof) < 0) {
		rc = EXIT_REFUSED;
		goto out;
	}
	if (ctx->cmd != CMD_LIST && !(ctx->cmd == CMD_APPLY && ctx->dry_run) &&
	    ctx->cmd != CMD_VERIFY) {
		if ((lockfd = apply_lock(ctx)) < 0) {
			if (lockfd == -EWOULDBLOCK) {
				warnx("another cisharden is applying changes to %s; try again later", ctx->root);
				rc = EXIT_LOCKED;
			} else {
				warnx("cannot lock %s: %s", ctx->root, strerror(-lockfd));
				rc = EXIT_INTERNAL;
			}
			goto out;
		}
	}
	if (sandbox(ctx, NULL, SANDBOX_START) < 0) {
		rc = EXIT_INTERNAL;
		goto out;
	}
	if (ctx->cmd == CMD_RESTORE) {
		rc = cmd_restore(ctx);
		goto out;
	}
	if ((run = run_new(prof)) == NULL)
		errx(EXIT_INTERNAL, "out of memory");
	if (ctx->cmd == CMD_LIST)
		rc = report_list(ctx, run, ctx->out) < 0 ? EXIT_INTERNAL : EXIT_OK;
	else
		rc = run_all(ctx, run);
out:
	run_free(run);
	profile_free(prof);
	if (lockfd >= 0)
		close(lockfd);
	close(ctx->rootfd);
	return rc;
}
