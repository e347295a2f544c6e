/*
 * main.c - the cisharden command line: parse options into a struct ctx,
 * run profile -> observe -> plan -> (dry run | apply) -> verify -> report
 * (verify alone: observe -> judge -> plan what fails, to class it ->
 * report), and turn the outcome into a documented exit code.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "ctx.h"
#include "host.h"
#include "observe.h"
#include "profile.h"
#include "report.h"
#include "safeio.h"
#include "sandbox.h"
#include "sections.h"
#include "sec1.h"

const struct section sections[3] = {
	{ 1, sec1_verify },
	{ 2, sec2_verify },
	{ 3, sec3_verify },
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: cisharden [apply] [-n] [-p profile] [-r root] [--only ids] [--skip ids]\n"
	    "                 [--level 1|2] [-f text|json|junit] [--report file]\n"
	    "                 [--restart-docker] [--backup-dir dir] [--keep-going]\n"
	    "       cisharden verify [--scope files|live|all] [options]\n"
	    "       cisharden list [-p profile] [-f text|json]\n"
	    "       cisharden restore [-r root] [--backup-dir dir]\n"
	    "       cisharden audit-runtime   (boot unit: load runtime-path audit rules)\n"
	    "       cisharden --help | --version\n"
	    "\n"
	    "Remediates and verifies %s, sections 1-3.\n"
	    "  -n, --dry-run          show the plan and unified diffs; write nothing\n"
	    "  -p, --profile FILE     YAML profile, or an embedded one by name\n"
	    "                         (default: cis-docker-1.5.0; also: ecs-optimized)\n"
	    "  -r, --root DIR         act on an image tree; no kernel or daemon calls\n"
	    "      --only IDS         only these CIS ids (comma-separated)\n"
	    "      --skip IDS         leave these CIS ids alone\n"
	    "      --level 1|2        1: Level 1 controls only; 2: all (default)\n"
	    "  -f, --format FMT       text (default), json or junit on stdout\n"
	    "      --report FILE      also write a JSON (or, for *.xml, JUnit) report\n"
	    "      --scope SCOPE      verify files, live state, or all (default)\n"
	    "      --restart-docker   restart dockerd after changing daemon.json\n"
	    "      --backup-dir DIR   backups (default %s, inside the root)\n"
	    "      --keep-going       apply the rest when a control is refused\n"
	    "      --docker-socket P  Engine API socket (default /var/run/docker.sock)\n"
	    "Exit: 0 ok, 1 error, 2 usage, 3 verification failed, 4 refused, 5 locked.\n",
	    CISHARDEN_BENCHMARK, BACKUP_DIR_DEFAULT);
}

enum {
	OPT_ONLY = 256, OPT_SKIP, OPT_LEVEL, OPT_REPORT, OPT_SCOPE, OPT_RESTART,
	OPT_BACKUP, OPT_SOCK, OPT_KEEP,
};

static const struct option longopts[] = {
	{ "dry-run", no_argument, NULL, 'n' },
	{ "profile", required_argument, NULL, 'p' },
	{ "root", required_argument, NULL, 'r' },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "only", required_argument, NULL, OPT_ONLY },
	{ "skip", required_argument, NULL, OPT_SKIP },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "scope", required_argument, NULL, OPT_SCOPE },
	{ "restart-docker", no_argument, NULL, OPT_RESTART },
	{ "backup-dir", required_argument, NULL, OPT_BACKUP },
	{ "docker-socket", required_argument, NULL, OPT_SOCK },
	{ "keep-going", no_argument, NULL, OPT_KEEP },
	{ NULL, 0, NULL, 0 },
};

static int
bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "cisharden: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'cisharden --help'.\n");
	return EXIT_USAGE;
}

/* The options each command takes: any other is a usage error, not
 * silently ignored (restore --only 2.2 would restore everything). */
static const struct {
	int ch;
	const char *name;
	unsigned cmds;		/* bit (1 << enum command) */
} opt_cmds[] = {
#define C_(c) (1u << (c))
	{ 'n', "--dry-run", C_(CMD_APPLY) },
	{ 'p', "--profile", C_(CMD_APPLY) | C_(CMD_VERIFY) | C_(CMD_LIST) },
	{ 'r', "--root", C_(CMD_APPLY) | C_(CMD_VERIFY) | C_(CMD_RESTORE) },
	{ 'f', "--format", C_(CMD_APPLY) | C_(CMD_VERIFY) | C_(CMD_LIST) },
	{ OPT_ONLY, "--only", C_(CMD_APPLY) | C_(CMD_VERIFY) | C_(CMD_LIST) },
	{ OPT_SKIP, "--skip", C_(CMD_APPLY) | C_(CMD_VERIFY) | C_(CMD_LIST) },
	{ OPT_LEVEL, "--level", C_(CMD_APPLY) | C_(CMD_VERIFY) | C_(CMD_LIST) },
	{ OPT_REPORT, "--report", C_(CMD_APPLY) | C_(CMD_VERIFY) },
	{ OPT_SCOPE, "--scope", C_(CMD_APPLY) | C_(CMD_VERIFY) },
	{ OPT_RESTART, "--restart-docker", C_(CMD_APPLY) },
	{ OPT_BACKUP, "--backup-dir", C_(CMD_APPLY) | C_(CMD_RESTORE) },
	{ OPT_SOCK, "--docker-socket", C_(CMD_APPLY) | C_(CMD_VERIFY) },
	{ OPT_KEEP, "--keep-going", C_(CMD_APPLY) },
#undef C_
};

/* The subcommands, in enum command's order. */
static const char *const cmd_names[CMD__MAX] = {
	"apply", "verify", "list", "restore", "audit-runtime",
};

static int
check_opts_for(const struct ctx *ctx, const bool *seen)
{
	size_t i;

	for (i = 0; i < sizeof(opt_cmds) / sizeof(opt_cmds[0]); i++)
		if (seen[i] && !(opt_cmds[i].cmds & (1u << ctx->cmd))) {
			fprintf(stderr, "cisharden: %s means nothing for %s\n"
			    "Try 'cisharden --help'.\n", opt_cmds[i].name,
			    cmd_names[ctx->cmd]);
			return EXIT_USAGE;
		}
	if (ctx->cmd == CMD_LIST && ctx->format == FMT_JUNIT)
		return bad_usage("%s", "list prints text or json, not junit");
	if (ctx->only != NULL && ctx->only[0] == '\0')
		return bad_usage("%s", "--only needs CIS ids (or 'none' for no filter)");
	if (ctx->skip != NULL && ctx->skip[0] == '\0')
		return bad_usage("%s", "--skip needs CIS ids (or 'none' for none)");
	return -1;
}

static void
mark_seen(int ch, bool *seen)
{
	size_t i;

	for (i = 0; i < sizeof(opt_cmds) / sizeof(opt_cmds[0]); i++)
		if (opt_cmds[i].ch == ch)
			seen[i] = true;
}

/* Parse argv into ctx; returns -1 to go on, or an exit code. */
static int
parse_args(int argc, char **argv, struct ctx *ctx)
{
	bool scope_set = false, seen[sizeof(opt_cmds) / sizeof(opt_cmds[0])] = { false };
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "f:hnp:r:V", longopts, NULL)) != -1) {
		mark_seen(ch, seen);
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				ctx->format = FMT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				ctx->format = FMT_JSON;
			else if (strcmp(optarg, "junit") == 0)
				ctx->format = FMT_JUNIT;
			else
				return bad_usage("--format must be text, json or junit, not '%s'", optarg);
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'n':
			ctx->dry_run = true;
			break;
		case 'p':
			ctx->profile_path = optarg;
			break;
		case 'r':
			ctx->root = optarg;
			ctx->offline = true;
			break;
		case 'V':
			printf("cisharden %s (%s)\nbuild: %s\n", CISHARDEN_VERSION,
			    CISHARDEN_BENCHMARK, CISHARDEN_BUILD_ID);
			return EXIT_OK;
		case OPT_ONLY:
			ctx->only = optarg;
			break;
		case OPT_SKIP:
			ctx->skip = optarg;
			break;
		case OPT_LEVEL:
			if (strcmp(optarg, "1") != 0 && strcmp(optarg, "2") != 0)
				return bad_usage("--level must be 1 or 2, not '%s'", optarg);
			ctx->level = optarg[0] - '0';
			break;
		case OPT_REPORT:
			ctx->report_path = optarg;
			break;
		case OPT_SCOPE:
			if (strcmp(optarg, "files") == 0)
				ctx->scope = SCOPE_FILES;
			else if (strcmp(optarg, "live") == 0)
				ctx->scope = SCOPE_LIVE;
			else if (strcmp(optarg, "all") == 0)
				ctx->scope = SCOPE_ALL;
			else
				return bad_usage("--scope must be files, live or all, not '%s'", optarg);
			scope_set = true;
			break;
		case OPT_RESTART:
			ctx->restart_docker = true;
			break;
		case OPT_BACKUP:
			if (optarg[0] != '/')
				return bad_usage("--backup-dir must be absolute, not '%s'", optarg);
			ctx->backup_dir = optarg;
			break;
		case OPT_SOCK:
			ctx->docker_sock = optarg;
			break;
		case OPT_KEEP:
			ctx->keep_going = true;
			break;
		default:
			return bad_usage("%s", "bad option");
		}
	}
	if (optind < argc) {
		size_t i;

		for (i = 0; i < CMD__MAX && strcmp(argv[optind], cmd_names[i]) != 0; i++)
			;
		if (i == CMD__MAX)
			return bad_usage("unknown command '%s'", argv[optind]);
		ctx->cmd = (enum command)i;
		if (++optind < argc)
			return bad_usage("unexpected argument '%s'", argv[optind]);
	}
	if ((rc = check_opts_for(ctx, seen)) >= 0)
		return rc;
	if (ctx->offline && ctx->scope == SCOPE_LIVE)
		return bad_usage("%s", "--scope live needs the live host, not --root");
	if (ctx->offline && ctx->cmd == CMD_AUDIT_RUNTIME)
		return bad_usage("%s", "audit-runtime loads the live kernel, not --root");
	if (ctx->offline && ctx->restart_docker)
		return bad_usage("%s", "--restart-docker needs the live host, not --root");
	if (!scope_set)
		ctx->scope = SCOPE_ALL;	/* files only under --root: ctx_live() */
	return -1;
}

#define NOT_EVALUATED "not evaluated"

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
			rc |= result_set(&run->res[i], ST_ERROR, NOT_EVALUATED);
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
		const char *needs = NULL;

		if (r->refused != NULL && ctx->cmd == CMD_VERIFY && r->st == ST_FAIL) {
			if (r->needs == NULL && result_needs(r, "a change by hand") < 0)
				return -ENOMEM;
			continue;
		}
		if (r->refused != NULL && r->st != ST_PASS && r->st != ST_EXCLUDED &&
		    result_set(r, ST_REFUSED, "%s", r->refused) < 0)
			return -ENOMEM;
		/* kernel audit config immutable (-e 2): only a reboot loads
		 * the rules, whatever the plan lists */
		if (r->st == ST_PENDING && run->prof->ctl[i].section == 1 &&
		    run->reboot_required && r->needs == NULL &&
		    result_needs(r, "a reboot") < 0)
			return -ENOMEM;
		if (r->needs != NULL || r->nchanges > 0)
			continue;
		if (r->st == ST_MANUAL && r->reason != NULL &&
		    strncmp(r->reason, "opt-in:", 7) == 0)
			needs = "a value in the profile";
		else if (r->st == ST_MANUAL)
			needs = "a check by hand";
		else if (r->st == ST_PENDING)
			needs = "a restart of dockerd";
		else if (r->st == ST_FAIL)
			needs = "a change by hand";
		if (needs != NULL && result_needs(r, "%s", needs) < 0)
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

		if (!a->live || a->summary == NULL)
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
		if ((r->refused != NULL && r->st != ST_PASS) || (r->st == ST_ERROR &&
		    (r->reason == NULL || strcmp(r->reason, NOT_EVALUATED) != 0)))
			n++;
	}
	return n;
}

static int
verify_sections(const struct ctx *ctx, const struct host *h, struct run *run)
{
	size_t i;
	int rc;

	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if ((rc = sections[i].verify(ctx, h, run)) < 0) {
			warnx("section %d: %s", sections[i].num, strerror(-rc));
			return rc;
		}
	return 0;
}

/* The plan's data flow: sections 3 and 2 plan the files they write;
 * section 1's rules cover those files (a docker.socket drop-in, a new
 * daemon.json), which it takes as an argument. */
static int
plan_sections(const struct ctx *ctx, const struct host *h, struct run *run)
{
	int rc, sec;

	if ((rc = sec3_plan(ctx, h, run)) < 0)
		sec = 3;
	else if ((rc = sec2_plan(ctx, h, run)) < 0)
		sec = 2;
	else if ((rc = sec1_plan(ctx, h, &run->writes, run)) < 0)
		sec = 1;
	else
		return live_changes(run);
	warnx("section %d: %s", sec, strerror(-rc));
	return rc;
}

/* The report is rendered in memory and written by safeio like every
 * other file: atomically, never through a symlink. */
static int
write_report_file(const struct ctx *ctx, const struct run *run, const struct summary *s)
{
	size_t n = strlen(ctx->report_path), len = 0;
	bool xml = n > 4 && strcmp(ctx->report_path + n - 4, ".xml") == 0;
	char *buf = NULL;
	FILE *f;
	int rc;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return -ENOMEM;
	rc = xml ? report_junit(ctx, run, s, f) : report_json(ctx, run, s, f);
	if (fclose(f) != 0 && rc == 0)
		rc = -ENOMEM;
	if (rc == 0)
		rc = safeio_write_report(ctx->report_path, buf, len);
	free(buf);
	if (rc < 0)
		warnx("%s: %s", ctx->report_path, strerror(-rc));
	return rc < 0 ? rc : 0;
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
output(const struct ctx *ctx, const struct run *run)
{
	struct summary s;
	int rc;

	/* the last write is made: nothing needs a capability any more */
	if (sandbox(ctx, NULL, SANDBOX_REPORT) < 0)
		return EXIT_INTERNAL;
	report_summarize(ctx, run, &s);
	if (ctx->format == FMT_JSON)
		rc = report_json(ctx, run, &s, ctx->out);
	else if (ctx->format == FMT_JUNIT)
		rc = report_junit(ctx, run, &s, ctx->out);
	else
		rc = report_text(ctx, run, &s, ctx->out);
	if (rc < 0)
		warnx("writing the report: %s", strerror(-rc));
	if (ctx->report_path != NULL && write_report_file(ctx, run, &s) < 0)
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
	if (to->needs == NULL) {
		to->needs = from->needs;
		from->needs = NULL;
	}
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
	int rc, n;

	if ((rc = observe(ctx, run->prof, &h)) < 0) {
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
		if ((n = apply_run(ctx, run)) < 0) {
			warnx("apply: %s", strerror(-n));
			goto fail;
		}
		host_clear(&h);
		if ((rc = observe(ctx, run->prof, &h)) < 0) {
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

/* The boot unit's command: observe rules.d and the kernel, load the
 * runtime rules the kernel lacks. */
static int
audit_runtime(const struct ctx *ctx)
{
	struct host h = { 0 };
	int rc;

	if ((rc = observe_sec1(ctx, &h)) < 0) {
		host_clear(&h);
		warnx("audit-runtime: %s", strerror(-rc));
		return EXIT_INTERNAL;
	}
	rc = sec1_audit_runtime(ctx, &h);
	host_clear(&h);
	return rc;
}

int
main(int argc, char **argv)
{
	struct ctx ctx = {
		.root = "/", .docker_sock = "/var/run/docker.sock", .proc = "/proc",
		.out = stdout, .msg = stderr, .rootfd = -1,
	};
	struct profile *prof = NULL;
	struct run *run = NULL;
	int rc, lockfd = -1;

	if ((rc = parse_args(argc, argv, &ctx)) >= 0)
		return rc;
	ctx.color = ctx.format == FMT_TEXT && isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	if ((ctx.rootfd = open(ctx.root, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		warn("--root %s", ctx.root);
		return EXIT_USAGE;
	}
	/* Fail early, not halfway through reading the kernel's rules. */
	if (!ctx.offline && ctx.cmd != CMD_LIST && geteuid() != 0) {
		warnx("%s on this host needs root (or act on an image tree "
		    "with --root DIR)", ctx.cmd == CMD_VERIFY ? "verify" :
		    ctx.cmd == CMD_RESTORE ? "restore" :
		    ctx.cmd == CMD_AUDIT_RUNTIME ? "audit-runtime" : ctx.dry_run ?
		    "a dry run" : "apply");
		rc = EXIT_INTERNAL;
		goto out;
	}
	if (ctx.cmd == CMD_AUDIT_RUNTIME) {
		rc = audit_runtime(&ctx);
		goto out;
	}
	if ((rc = load_profile(&ctx, &prof)) >= 0)
		goto out;
	if (ctx.cmd != CMD_LIST && !(ctx.cmd == CMD_APPLY && ctx.dry_run) &&
	    ctx.cmd != CMD_VERIFY) {
		if ((lockfd = apply_lock(&ctx)) < 0) {
			if (lockfd == -EWOULDBLOCK) {
				warnx("another cisharden is applying changes to %s; try again later", ctx.root);
				rc = EXIT_LOCKED;
			} else {
				warnx("cannot lock %s: %s", ctx.root, strerror(-lockfd));
				rc = EXIT_INTERNAL;
			}
			goto out;
		}
	}
	if (sandbox(&ctx, NULL, SANDBOX_START) < 0) {
		rc = EXIT_INTERNAL;
		goto out;
	}
	if (ctx.cmd == CMD_RESTORE) {
		rc = cmd_restore(&ctx);
		goto out;
	}
	if ((run = run_new(prof)) == NULL)
		errx(EXIT_INTERNAL, "out of memory");
	if (ctx.cmd == CMD_LIST)
		rc = report_list(&ctx, run, ctx.out) < 0 ? EXIT_INTERNAL : EXIT_OK;
	else
		rc = run_all(&ctx, run);
out:
	run_free(run);
	profile_free(prof);
	if (lockfd >= 0)
		close(lockfd);
	close(ctx.rootfd);
	/* A report that hit a full disk is a failure, not a success. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warnx("writing to standard output failed");
		if (rc == EXIT_OK)
			rc = EXIT_INTERNAL;
	}
	return rc;
}
