/*
 * model.h - controls, per-control results and planned actions.
 *
 * Owns: the data that flows profile -> plan -> apply -> verify -> report.
 * A struct run holds one result per profile control (same order) and
 * the list of actions that apply executes exactly as dry-run showed.
 */
#ifndef CISHARDEN_MODEL_H
#define CISHARDEN_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "auditrules.h"
#include "ctx.h"
#include "strv.h"

struct cJSON;

enum ctl_kind {
	KIND_AUDIT_RULE,
	KIND_DAEMON_OPTION,
	KIND_FILE_OWNER,
	KIND_FILE_MODE,
	KIND_HOST_CHECK,	/* reported from the host, never changed (1.1.1, 1.1.2) */
	KIND_MANUAL,
	KIND__MAX
};

enum status {
	ST_PASS,
	ST_FAIL,
	ST_MANUAL,
	ST_NA,
	ST_EXCLUDED,
	ST_REFUSED,
	ST_ERROR,
	ST_PENDING,		/* files say yes, running daemon not yet: restart pending */
	ST__MAX
};

/* What a person needs to know at a glance: derived from the status, the
 * planned changes and what a fix needs (run.c result_class). */
enum ctl_class {
	CLS_COMPLIANT,
	CLS_WILL_FIX,
	CLS_CANNOT_FIX,		/* needs a value, a package, a partition, ... */
	CLS_REFUSED,
	CLS_ERROR,
	CLS__MAX
};

struct control {
	const char *key;	/* stable catalogue key, "perms.daemon-json-mode":
				 * what section code matches on */
	const char *id;		/* the run's edition's id, "3.18" (catalogue) */
	const char *title;	/* the run's edition's title (catalogue) */
	bool automated;		/* the edition's assessment status (catalogue) */
	int level;		/* CIS profile level 1 or 2 (catalogue) */
	int section;		/* 1, 2 or 3 (catalogue) */
	enum ctl_kind kind;
	char **targets;		/* paths or symbolic targets, see profiles/README */
	size_t ntargets;
	struct cJSON *params;	/* object; never NULL after profile load */
	bool excluded;
	char *exclude_reason;
	bool selected;		/* survives --level, --only, --skip */
	bool implemented;	/* false: reported "not implemented yet" */
	int line;		/* where the profile defined it, for messages */
};

struct result {
	enum status st;
	char *reason;		/* why, for anything but a plain pass */
	char *refused;		/* plan refused to change it: why and how to fix */
	char **changes;		/* human lines, "mode 0664 -> 0644" */
	size_t nchanges;
	char *needs;		/* cannot fix here without it: "package auditd" */
};

/* What apply does; apply.c dispatches each kind from one table. */
enum act_kind {
	ACT_PERMS,		/* tighten owner and mode of an existing inode */
	ACT_WRITE,		/* replace (or create) a file atomically */
	ACT_INSTALL_UNIT,	/* write a systemd unit or drop-in, then
				 * systemctl daemon-reload on a live systemd host */
	ACT_AUDIT_LOAD,		/* add rules to the running kernel (libaudit) */
	ACT_RESTART,		/* restart dockerd; a failure puts daemon.json
				 * back from this apply's backup */
	ACT__MAX
};

struct action {
	enum act_kind kind;
	char *ctl_ids;		/* "3.17,3.18": controls this action serves */
	char *path;		/* absolute, inside root */
	char *summary;		/* one line for people */
	/* ACT_PERMS: the inode seen at plan time and the wanted owner/mode */
	dev_t dev;
	ino_t ino;
	mode_t type;		/* S_IFREG, S_IFDIR, S_IFSOCK */
	uid_t old_uid, uid;
	gid_t old_gid, gid;
	mode_t old_mode, mode;	/* permission bits only */
	/* ACT_WRITE */
	bool existed;
	char *old_data;
	size_t old_len;
	char *data;
	size_t len;
	char *diff;		/* unified diff old -> new */
	bool keep_perms;	/* ACT_WRITE of an existing file: keep the owner
				 * and mode it has when written (section 3 owns them) */
	/* ACT_AUDIT_LOAD */
	struct arules rules;
	/* ACT_RESTART */
	bool systemd;		/* systemctl restart docker, else the running
				 * dockerd's own command line */
	bool live;		/* touches kernel or daemon, not files */
	/* after apply */
	int rc;			/* 1 changed, 0 unchanged, <0 -errno */
	char *err;
	bool rolled_back;	/* changed, then undone after a later failure */
};

struct profile;

struct run {
	struct profile *prof;
	struct result *res;	/* prof->nctl entries */
	struct action *act;
	size_t nact, capact;
	struct strv writes;	/* every path the plan writes (run_add_action
				 * notes each): main.c hands it to section 1's
				 * planner as "creates", the files its rules
				 * must cover (a new daemon.json, a drop-in) */
	bool restart_pending;	/* daemon.json changed but dockerd not restarted */
	bool reboot_required;	/* kernel audit config immutable */
	bool blocked;		/* refused or errors in the plan: nothing applied */
	char *backup;		/* in-root backup directory of this apply, or NULL */
	int rollback;		/* 1 rolled back, <0 rollback failed, 0 none */
};

struct run *run_new(struct profile *) WUR;
void run_free(struct run *);
/* Forget the plan (actions and results) to plan again. */
void run_clear_plan(struct run *);
/* The result slot of control id, or NULL when the profile lacks it. */
struct result *run_result(struct run *, const char *id);
struct control *run_control(struct run *, const char *id);
/* Append a zeroed action; returns NULL on allocation failure. */
struct action *run_add_action(struct run *, enum act_kind, const char *ctl_ids, const char *path) WUR;
/* Set a result; reason is printf-style and may be NULL. Returns -ENOMEM. */
int result_set(struct result *, enum status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int result_add_change(struct result *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int result_refuse(struct result *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Cannot be fixed here without something cisharden cannot provide:
 * "package auditd", "a partition", "a value", "a restart", "a reboot". */
int result_needs(struct result *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The class of a result: dry is whether the changes are still planned. */
enum ctl_class result_class(const struct result *, bool dry);
const char *class_name(enum ctl_class);
/* Does the comma-separated list contain id? */
bool idlist_has(const char *list, const char *id);
const char *status_name(enum status);
const char *kind_name(enum ctl_kind);

#endif
