/*
 * ctx.h - the run context passed down from main.c to every module.
 *
 * Owns: command-line settings, the root directory fd, exit codes and
 * the seams through which tests replace the kernel and the Docker API.
 * Never: global mutable state; every module gets a const struct ctx *.
 */
#ifndef CISHARDEN_CTX_H
#define CISHARDEN_CTX_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "catalogue.h"

#define CISHARDEN_VERSION "0.1.0"

#if defined(__GNUC__)
#define WUR __attribute__((warn_unused_result))
#else
#define WUR
#endif

/* Exit codes, documented in README.md "Exit status". 194 is never used. */
enum cis_exit {
	EXIT_OK = 0,		/* success; verify: compliant */
	EXIT_INTERNAL = 1,	/* internal or I/O error */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_VERIFY = 3,	/* verification failed */
	EXIT_REFUSED = 4,	/* refused input: bad profile, bad daemon.json, conflict */
	EXIT_LOCKED = 5,	/* another cisharden holds the lock */
	EXIT_ROLLBACK = 6,	/* a failed apply could not undo all of itself */
	EXIT_REBOOT = 7,	/* verify: only a reboot loads the rules (-e 2) */
};

struct kaudit_ops;
extern const struct kaudit_ops kaudit_libaudit_ops;	/* kaudit.c */

enum out_format { FMT_TEXT, FMT_JSON, FMT_JUNIT, FMT_XCCDF, FMT_ASFF, FMT_OCSF, FMT_SSM,
	FMT__MAX };

#define REPORTS_MAX 16	/* --report given at most this often */

/* Who and where the host is, for the fleet formats (src/report/fleet.h):
 * given on the command line, never looked up (no network). */
struct identity {
	const char *account;	/* --aws-account-id */
	const char *region;	/* --aws-region */
	const char *instance;	/* --instance-id */
};
enum verify_scope { SCOPE_FILES, SCOPE_LIVE, SCOPE_ALL };
enum command { CMD_APPLY, CMD_VERIFY, CMD_LIST, CMD_RESTORE, CMD_AUDIT_RUNTIME, CMD__MAX };

struct ctx {
	enum command cmd;
	bool dry_run;
	bool restart_docker;
	bool color;		/* text output to a terminal */
	bool offline;		/* --root given: no kernel or daemon calls */
	bool keep_going;	/* apply what can be applied despite refusals */
	enum out_format format;
	enum verify_scope scope;
	int level;		/* 1 or 2 (default 2: everything) */
	enum edition edition;	/* the benchmark edition the run speaks (ids, titles) */
	const char *root;	/* "/" or --root DIR */
	int rootfd;		/* O_DIRECTORY fd of root; every path resolves beneath it */
	const char *profile_path;	/* NULL: embedded default */
	const char *only;	/* comma-separated ids, or NULL */
	const char *skip;
	const char *reports[REPORTS_MAX];	/* --report [FORMAT:]FILE, as given */
	size_t nreports;
	const char *report_paths[REPORTS_MAX];	/* the FILE of each (the sandbox allows its directory) */
	enum out_format report_formats[REPORTS_MAX];	/* and its format */
	struct identity id;
	time_t started;		/* when the run began (XCCDF start-time) */
	const char *backup_dir;	/* inside root; default /var/backups/cisharden */
	const char *docker_sock;	/* Engine API socket (host path) */
	const char *proc;	/* procfs mount, "/proc"; tests point it elsewhere */
	const struct kaudit_ops *kaudit;	/* the kernel seam; NULL: libaudit */
	void *kaudit_arg;
	char user[64];		/* the effective user's name, looked up before the
				 * sandbox (XCCDF identity); "" when unknown */
	FILE *out;		/* machine output (json, junit) */
	FILE *msg;		/* human output */
};

/* Should verify look at the live layer (kernel rules, running daemon,
 * live sockets)? Never under --root; not with --scope files. */
static inline bool
ctx_live(const struct ctx *c)
{
	return !c->offline && c->scope != SCOPE_FILES;
}

/* Should verify look at the persistent layer (files)? Not with --scope live. */
static inline bool
ctx_files(const struct ctx *c)
{
	return c->scope != SCOPE_LIVE;
}

/* The kernel seam: the test's fake, else libaudit. */
static inline const struct kaudit_ops *
ctx_kaudit(const struct ctx *c)
{
	return c->kaudit ? c->kaudit : &kaudit_libaudit_ops;
}

/* "apply", "verify", ...: the subcommand's name (model.c). */
const char *command_name(enum command);

#endif
