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
	char *value_at;		/* "file:line:col" of parameters.value, or NULL */
};

/* What a control cannot be fixed here without (model.c need_text). */
enum need {
	NEED_NONE,
	NEED_PACKAGE_AUDITD,
	NEED_PARTITION,
	NEED_PROFILE_VALUE,	/* an opt-in control: a value in the profile */
	NEED_HAND_CHECK,
	NEED_HAND_CHANGE,
	NEED_DOCKERD_RESTART,
	NEED_REBOOT,
	NEED__MAX
};

struct result {
	enum status st;
	bool evaluated;		/* a section set it (result_set), not the
				 * pipeline's "not evaluated" placeholder */
	bool opt_in;		/* manual until the profile gives a value */
	char *reason;		/* why, for anything but a plain pass */
	char *refused;		/* plan refused to change it: why and how to fix */
	char **changes;		/* human lines, "mode 0664 -> 0644" */
	size_t nchanges;
	enum need need;		/* cannot fix here without it */
	const char *see;	/* the id of the control whose reason this one's
				 * shares and that tells it (run_decide), or NULL */
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
	/* ACT_AUDIT_LOAD: data holds the rules, one auditctl line each */
	/* ACT_RESTART */
	bool systemd;		/* systemctl restart docker, else the running
				 * dockerd's own command line */
	/* after apply */
	int rc;			/* 1 changed, 0 unchanged, <0 -errno */
	char *err;
	bool rolled_back;	/* changed, then undone after a later failure */
};

/* Does the action touch the kernel or the daemon rather than files?
 * From its kind alone: such actions run after every file change and
 * cannot be undone from the backup; an owner or mode change, even of a
 * live socket, is a file change the backup undoes. */
static inline bool
action_live(const struct action *a)
{
	return a->kind == ACT_AUDIT_LOAD || a->kind == ACT_RESTART;
}

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
	char *blocked_by;	/* "2.2,3.18": the refused or failed controls,
				 * one per cause (run_decide), or NULL */
	char *backup;		/* in-root backup directory of this apply, or NULL */
	int rollback;		/* 1 rolled back, <0 rollback failed, 0 none */
};

struct run *run_new(struct profile *) WUR;
void run_free(struct run *);
/* Forget the plan (actions and results) to plan again. */
void run_clear_plan(struct run *);
/* The result slot of control id, or NULL when the profile lacks it. */
struct result *run_result(struct run *, const char *id);
/* Append a zeroed action; returns NULL on allocation failure. */
struct action *run_add_action(struct run *, enum act_kind, const char *ctl_ids, const char *path) WUR;
/* Set a result; reason is printf-style and may be NULL. Returns -ENOMEM. */
int result_set(struct result *, enum status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int result_add_change(struct result *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int result_refuse(struct result *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Cannot be fixed here without something cisharden cannot provide. */
void result_needs(struct result *, enum need);
/* "package auditd", "a partition", ...: the need as people read it. */
const char *need_text(enum need);
/* The placeholder before any section speaks: an error, not evaluated. */
int result_unevaluated(struct result *) WUR;
/* The class of a result: dry is whether the changes are still planned. */
enum ctl_class result_class(const struct result *, bool dry);
const char *class_name(enum ctl_class);
/* Does the comma-separated list contain id? */
bool idlist_has(const char *list, const char *id);
const char *status_name(enum status);
const char *kind_name(enum ctl_kind);

/* Is the control in the report at all? (--only/--skip/--level drop it) */
bool control_reported(const struct control *);
/* Are the run's changes still only a plan (dry run, verify, or an apply
 * that a refusal blocked)? */
bool run_planned_only(const struct ctx *, const struct run *);
/* Once the results are final: each result's "see" and run->blocked_by,
 * so that the report only renders. 0 or -ENOMEM. */
int run_decide(const struct ctx *, struct run *) WUR;

#endif
