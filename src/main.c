/*
 * main.c - the cisharden command line: parse options into a struct ctx,
 * hand it to the pipeline (pipeline.c), and return its exit code.
 */
#include <err.h>
#include <getopt.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctx.h"
#include "apply.h"
#include "fleet.h"
#include "pipeline.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: cisharden [apply] [-n] [-p profile] [-r root] [--only ids] [--skip ids]\n"
	    "                 [--level 1|2] [-f FORMAT] [--report [FORMAT:]FILE]...\n"
	    "                 [--restart-docker] [--backup-dir dir] [--keep-going]\n"
	    "                 [--benchmark 1.5.0|1.6.0|1.7.0|1.8.0]\n"
	    "       cisharden verify [--scope files|live|all] [options]\n"
	    "       cisharden list [-p profile] [--benchmark E] [-f text|json]\n"
	    "       cisharden restore [-r root] [--backup-dir dir]\n"
	    "       cisharden audit-runtime   (boot unit: load runtime-path audit rules)\n"
	    "       cisharden --help | --version\n"
	    "\n"
	    "Remediates and verifies the CIS Docker Benchmark, sections 1-3.\n"
	    "      --benchmark E      the edition: 1.5.0, 1.6.0, 1.7.0 or 1.8.0 (default:\n"
	    "                         the profile's benchmark, else %s)\n"
	    "  -n, --dry-run          show the plan and unified diffs; write nothing\n"
	    "  -p, --profile FILE     YAML profile, or an embedded one by name\n"
	    "                         (default: cis-docker-1.5.0; also: ecs-optimized)\n"
	    "  -r, --root DIR         act on an image tree; no kernel or daemon calls\n"
	    "      --only IDS         only these CIS ids of the edition (comma-separated)\n"
	    "      --skip IDS         leave these CIS ids alone\n"
	    "      --level 1|2        1: Level 1 controls only; 2: all (default)\n"
	    "  -f, --format FMT       text (default), json, junit, xccdf, asff, ocsf or\n"
	    "                         ssm on stdout\n"
	    "      --report FMT:FILE  also write a report in that format (any number);\n"
	    "                         a plain FILE is JSON (JUnit for *.xml)\n"
	    "      --aws-account-id ID, --aws-region REGION, --instance-id ID\n"
	    "                         the identity asff (all three) and ssm (instance)\n"
	    "                         reports need; never looked up\n"
	    "      --scope SCOPE      verify files, live state, or all (default)\n"
	    "      --restart-docker   restart dockerd after changing daemon.json\n"
	    "      --backup-dir DIR   backups (default %s, inside the root)\n"
	    "      --keep-going       apply the rest when a control is refused\n"
	    "      --docker-socket P  Engine API socket (default /var/run/docker.sock)\n"
	    "Exit: 0 ok, 1 error, 2 usage, 3 verification failed, 4 refused, 5 locked.\n",
	    edition_name(ED_DEFAULT), BACKUP_DIR_DEFAULT);
}

enum {
	OPT_ONLY = 256, OPT_SKIP, OPT_LEVEL, OPT_REPORT, OPT_SCOPE, OPT_RESTART,
	OPT_BACKUP, OPT_SOCK, OPT_KEEP, OPT_ACCOUNT, OPT_REGION, OPT_INSTANCE,
	OPT_BENCH,
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
	{ "aws-account-id", required_argument, NULL, OPT_ACCOUNT },
	{ "aws-region", required_argument, NULL, OPT_REGION },
	{ "instance-id", required_argument, NULL, OPT_INSTANCE },
	{ "benchmark", required_argument, NULL, OPT_BENCH },
	{ NULL, 0, NULL, 0 },
};

/* The editions this binary speaks, for --version. */
static void
print_version(void)
{
	printf("cisharden %s (CIS Docker Benchmark", CISHARDEN_VERSION);
	for (int e = 0; e < ED__MAX; e++)
		printf("%s v%s%s", e ? "," : "", edition_name((enum edition)e),
		    e == ED_DEFAULT ? " (default)" : "");
	printf(")\nbuild: %s\n", CISHARDEN_BUILD_ID);
}

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
	{ OPT_ACCOUNT, "--aws-account-id", C_(CMD_APPLY) | C_(CMD_VERIFY) },
	{ OPT_REGION, "--aws-region", C_(CMD_APPLY) | C_(CMD_VERIFY) },
	{ OPT_INSTANCE, "--instance-id", C_(CMD_APPLY) | C_(CMD_VERIFY) },
	{ OPT_BENCH, "--benchmark", C_(CMD_APPLY) | C_(CMD_VERIFY) | C_(CMD_LIST) },
#undef C_
};

static int
check_opts_for(const struct ctx *ctx, const bool *seen)
{
	size_t i;

	for (i = 0; i < sizeof(opt_cmds) / sizeof(opt_cmds[0]); i++)
		if (seen[i] && !(opt_cmds[i].cmds & (1u << ctx->cmd))) {
			fprintf(stderr, "cisharden: %s means nothing for %s\n"
			    "Try 'cisharden --help'.\n", opt_cmds[i].name,
			    command_name(ctx->cmd));
			return EXIT_USAGE;
		}
	if (ctx->cmd == CMD_LIST && ctx->format != FMT_TEXT && ctx->format != FMT_JSON)
		return bad_usage("list prints text or json, not %s",
		    report_format_name(ctx->format));
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
	bool scope_set = false, bench_set = false, seen[sizeof(opt_cmds) / sizeof(opt_cmds[0])] = { false };
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "f:hnp:r:V", longopts, NULL)) != -1) {
		mark_seen(ch, seen);
		switch (ch) {
		case 'f':
			if (report_format_parse(optarg, &ctx->format) < 0)
				return bad_usage("--format must be text, json, junit, xccdf, asff, "
				    "ocsf or ssm, not '%s'", optarg);
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
			print_version();
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
			if (ctx->nreports == REPORTS_MAX)
				return bad_usage("%s", "--report is given too often");
			ctx->reports[ctx->nreports++] = optarg;
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
		case OPT_ACCOUNT:
			ctx->id.account = optarg;
			break;
		case OPT_REGION:
			ctx->id.region = optarg;
			break;
		case OPT_INSTANCE:
			ctx->id.instance = optarg;
			break;
		case OPT_BENCH:
			if (edition_parse(optarg, &ctx->edition) < 0)
				return bad_usage("--benchmark must be 1.5.0, 1.6.0, 1.7.0 "
				    "or 1.8.0, not '%s'", optarg);
			bench_set = true;
			break;
		default:
			return bad_usage("%s", "bad option");
		}
	}
	if (optind < argc) {
		size_t i;

		for (i = 0; i < CMD__MAX && strcmp(argv[optind], command_name((enum command)i)) != 0; i++)
			;
		if (i == CMD__MAX)
			return bad_usage("unknown command '%s'", argv[optind]);
		ctx->cmd = (enum command)i;
		if (++optind < argc)
			return bad_usage("unexpected argument '%s'", argv[optind]);
	}
	if ((rc = check_opts_for(ctx, seen)) >= 0 || (rc = reports_check(ctx)) >= 0)
		return rc;
	for (size_t i = 0; i < ctx->nreports; i++)
		report_spec(ctx->reports[i], &ctx->report_formats[i], &ctx->report_paths[i]);
	if (ctx->offline && ctx->scope == SCOPE_LIVE)
		return bad_usage("%s", "--scope live needs the live host, not --root");
	if (ctx->offline && ctx->cmd == CMD_AUDIT_RUNTIME)
		return bad_usage("%s", "audit-runtime loads the live kernel, not --root");
	if (ctx->offline && ctx->restart_docker)
		return bad_usage("%s", "--restart-docker needs the live host, not --root");
	if (!scope_set)
		ctx->scope = SCOPE_ALL;	/* files only under --root: ctx_live() */
	if (!bench_set)
		ctx->edition = ED__MAX;	/* the profile's (load_profile) */
	return -1;
}

int
main(int argc, char **argv)
{
	struct ctx ctx = {
		.root = "/", .docker_sock = "/var/run/docker.sock", .proc = "/proc",
		.out = stdout, .msg = stderr, .rootfd = -1,
	};
	int rc;

	ctx.started = time(NULL);
	if ((rc = parse_args(argc, argv, &ctx)) >= 0)
		return rc;
	ctx.color = ctx.format == FMT_TEXT && isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	/* XCCDF names the user: looked up now (the sandbox keeps a --root
	 * run from reading the host's passwd later), and only for XCCDF, so
	 * that no other run opens a file outside its root */
	bool xccdf = ctx.format == FMT_XCCDF;
	for (size_t i = 0; i < ctx.nreports; i++)
		xccdf |= ctx.report_formats[i] == FMT_XCCDF;
	struct passwd *pw = xccdf ? getpwuid(geteuid()) : NULL;
	if (pw != NULL)
		snprintf(ctx.user, sizeof(ctx.user), "%s", pw->pw_name);
	rc = pipeline_run(&ctx);
	/* A report that hit a full disk is a failure, not a success. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warnx("writing to standard output failed");
		if (rc == EXIT_OK)
			rc = EXIT_INTERNAL;
	}
	return rc;
}
