/*
 * host.h - what cisharden observes about the host before it plans.
 *
 * Owns: the facts several sections share (systemd unit files, the
 * daemon.json document, the effective dockerd flags, the running
 * dockerd). host_observe() (host.c) fills it once per run and again
 * before verify, so planners and verifiers stay pure functions of it;
 * hostview.c answers their questions from it. Every fact is present,
 * absent (-ENOENT) or an error (-errno), never a guess.
 * Never: writes anything.
 */
#ifndef CISHARDEN_HOST_H
#define CISHARDEN_HOST_H

/* 1.1.5's never-rule candidates among an audit control's observed paths:
 * "never:PATH", a layer store below a watched data root (obs_sec1.c
 * notes them, section 1 turns the existing ones into never-rules). */
#define AUDIT_NEVER_MARK "never:"

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "ctx.h"
#include "dflags.h"
#include "kaudit.h"
#include "pkgdb.h"
#include "strv.h"
#include "unitfile.h"

struct cJSON;

#define DAEMON_JSON "/etc/docker/daemon.json"
/* section 3's fix for the socket's owner and mode (sec3_perms.c) */
#define SOCKET_DROPIN_DIR "/etc/systemd/system/docker.socket.d"
#define SOCKET_DROPIN SOCKET_DROPIN_DIR "/50-cisharden.conf"

/* systemd's unit search path, most important first. */
#define HOST_NUNIT_DIRS 5
extern const char *const host_unit_dirs[HOST_NUNIT_DIRS];

/* Section 1's boot unit for runtime audit paths (sec1_boot.c writes
 * them; the observation reads them on a root that boots systemd). */
#define BOOT_UNIT_DIR "/etc/systemd/system"
#define BOOT_UNIT_NAME "cisharden-audit-runtime.service"
#define BOOT_PATH_NAME "cisharden-audit-runtime.path"
#define BOOT_DROPIN_NAME "50-cisharden-audit-runtime.conf"
#define HOST_NBOOT_FILES 4
extern const char *const host_boot_files[HOST_NBOOT_FILES];

/* What `dockerd --validate` said of a daemon.json text a plan would
 * write (Engine 23+, live host only). */
struct validation {
	char *text;
	size_t len;
	int rc;			/* 0 accepted, 1 rejected, -errno not run */
	char *out;		/* dockerd's first line when rejected */
};

/* One path a control names, as observed (lstat, never followed). */
struct pathobs {
	char *path;
	int rc;			/* 0, or -errno of lstat (-ENOENT: missing) */
	struct stat st;
};

/* A section 3 control's targets on this host, and its owner and group
 * resolved in the root's own account files (observe.c fills it). */
struct ctlobs {
	const char *id;		/* the control's id (the profile owns it) */
	struct pathobs *paths;	/* expanded targets, in profile order */
	size_t npaths;
	char **errs;		/* "cannot list DIR: ..." */
	size_t nerrs;
	int uid_rc, gid_rc;	/* 0, -ENOENT unknown name, -errno unreadable */
	uid_t uid;
	gid_t gid;
};

/* One section 1 audit control's targets, expanded once when observing
 * (obs_sec1.c): candidate paths in profile order. An entry
 * "unit:NAME" (never a path: paths start with '/') marks where the
 * drop-ins of unit NAME that a plan writes go. */
struct auditobs {
	size_t idx;		/* in prof->ctl */
	struct strv paths;
	char *err;		/* an unknown target, or what could not be read */
};

/* A small text file (a unit file, a drop-in) as observed. */
struct textobs {
	char *path;
	int rc;			/* 0 read, -ENOENT missing, -errno */
	char *text;
	size_t len;
	struct stat st;		/* when read */
};

struct host {
	/* facts several sections share that could not be read ("cannot
	 * list DIR: ..."): every control is then an error */
	struct strv errs;

	/* systemd unit files, in systemd's precedence order; the first
	 * existing one is what systemd loads (FragmentPath). */
	char **service_units;
	size_t nservice_units;
	char **socket_units;
	size_t nsocket_units;
	/* drop-ins: /etc|/run|/usr/lib|/lib/systemd/system/docker.{service,socket}.d/ *.conf */
	char **service_dropins;
	size_t nservice_dropins;
	char **socket_dropins;
	size_t nsocket_dropins;

	/* /etc/docker/daemon.json */
	int dj_rc;		/* 0 read, -ENOENT missing, other -errno */
	char *dj_raw;
	size_t dj_len;
	struct stat dj_st;
	struct cJSON *dj;	/* parsed object, NULL when missing or invalid */
	char *dj_err;		/* "daemon.json:3:14: ..." when invalid */

	/* effective dockerd flags (unit ExecStart and drop-ins with their
	 * EnvironmentFile variables, and the running daemon's cmdline) */
	struct dflag *flags;
	size_t nflags;

	/* running dockerd, live mode only */
	pid_t dockerd_pid;	/* 0 when none */
	bool systemd_running;	/* live host run by systemd (/run/systemd/system) */
	bool systemd_boots;	/* the root boots systemd (an image tree too) */
	char *dockerd_bin;	/* the running dockerd, else the installed one; NULL: none */
	char *docker_version;	/* "20.10.24", from the Engine API or (live)
				 * `dockerd --version`; NULL offline */
	struct cJSON *info;	/* Engine API /info, NULL when unreachable */
	struct cJSON *bridge;	/* Engine API /networks/bridge */
	bool swarm_active;	/* in a swarm (host.c find_swarm, the one predicate) */
	char *swarm_why;	/* "Swarm.LocalNodeState is active", "PATH exists" */
	char *swarm_state;	/* <data-root>/swarm/docker-state.json when it
				 * exists: a node that joined a swarm (no daemon to ask) */

	/* facts for the host checks 1.1.1, 1.1.2, 1.2.2 (sec1_host.c) */
	char *data_root;	/* host_data_root() with in-root symlinks resolved */
	int mounts_rc;		/* 0 read, -ENOENT no /etc/fstab (offline), -errno */
	char *mounts;		/* /proc/self/mountinfo (live), the image's /etc/fstab (offline) */
	bool mounts_fstab;	/* mounts is an fstab */
	int group_rc, passwd_rc;	/* 0 read, -ENOENT missing, -errno */
	char *group_db;		/* text of /etc/group, NULL unless read */
	char *passwd_db;
	struct pkginfo pkg;	/* the engine package in dpkg or rpm */

	/* section 3: every active control's targets (observe.c) */
	struct ctlobs *ctls;
	size_t nctls;
	/* unit files and drop-ins whose text a planner reads */
	struct textobs *texts;
	size_t ntexts;
	/* section 1: the rules.d files augenrules reads, and the kernel */
	int rulesd_rc;		/* listing /etc/audit/rules.d: 0, -ENOENT, -errno */
	struct textobs own_rules;	/* cisharden's own rules file (path NULL: not read) */
	struct textobs *rulesd;	/* every other *.rules file, symlinks followed in-root */
	size_t nrulesd;
	/* ... parsed once: the rules of cisharden's own file, of every
	 * other file, and the other files that could not be read */
	struct arules own_parsed;
	struct arules others_parsed;
	struct strv rulesd_unreadable;
	bool kernel_asked;	/* live: the kernel's audit rules were read */
	/* what section 1's target resolution asks of the tree: the stat
	 * (following in-root links) of every candidate, of its parent and
	 * of the drop-in directories (obs_sec1.c) */
	struct pathobs *stats;	/* sorted by path */
	size_t nstats;
	struct auditobs *audit;	/* every active audit control's targets */
	size_t naudit;
	struct kaudit_state kernel;
	/* daemon.json texts a plan would write, checked by dockerd itself */
	struct validation *validations;
	size_t nvalidations;
};

/* The files and processes (not the Engine API): unit files, daemon.json,
 * dockerd's flags, mounts, accounts, packages. */
int host_observe(const struct ctx *, struct host *) WUR;
/* The Engine API, asked on a thread of its own while the files are read:
 * start it (NULL only when out of memory), then finish: wait for its
 * answers and put them into h (info, bridge, version, swarm), and, for
 * an apply that found no version there, ask `dockerd --version`. */
/* The one swarm predicate: Swarm.LocalNodeState active, pending or
 * locked in h->info, else (no daemon asked) h->swarm_state; sets
 * swarm_active and swarm_why. 0 or -ENOMEM. */
int host_find_swarm(struct host *) WUR;
struct engine_req;
struct engine_req *host_engine_start(const struct ctx *) WUR;
int host_engine_finish(const struct ctx *, struct host *, struct engine_req *) WUR;
/* How the unit parser reads files beneath ctx's root (safeio). */
struct unitfile_io host_unit_io(const struct ctx *);
void host_clear(struct host *);
/* The value of a dockerd option from daemon.json (key) or a flag
 * (name); NULL when neither sets it. *ret_src says which. */
const char *host_option(const struct host *, const char *key, const char **ret_src);
const struct dflag *host_flag(const struct host *, const char *name);
/* The first collected flag that sets daemon.json key, or NULL. */
const struct dflag *host_flag_for_key(const struct host *, const char *key);
/* The observed stat of path (rc 0 or its -errno), or NULL when the
 * observation did not ask: a caller takes that as an error, never as
 * "not there". */
const struct pathobs *host_path(const struct host *, const char *path);
/* Where path is, or would be inserted, in the sorted h->stats. */
size_t host_path_at(const struct host *, const char *path);
/* The observation of control id's targets, or NULL. */
const struct ctlobs *host_ctl(const struct host *, const char *id);
/* The observed text of path, or NULL when it was not observed. */
const struct textobs *host_text(const struct host *, const char *path);
/* What dockerd --validate said of text, or NULL when it was not asked. */
const struct validation *host_validation(const struct host *, const char *text,
    size_t len);
/* dockerd's data root as configured (data-root, or the old graph), or
 * /var/lib/docker; not resolved. */
const char *host_data_root(const struct host *);

#endif
