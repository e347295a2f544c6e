/*
 * apply.h - carry out a run's plan, back up first, restore later.
 *
 * Owns: executing exactly the actions plan produced, dispatched by kind
 * from one table (owners and modes, then file and unit writes, then the
 * live actions: audit rules into the kernel, a dockerd restart); the
 * lock that keeps two applies apart; audit-runtime's load. The per-run
 * backup directory with its manifest, through which every undo goes (a
 * failed write's rollback, a failed restart's daemon.json, `cisharden
 * restore`, which reloads systemd when unit files changed), is
 * backup.c's.
 * Never: decides what to change (that is the planners' job).
 */
#ifndef CISHARDEN_APPLY_H
#define CISHARDEN_APPLY_H

#include <stdio.h>

#include "auditrules.h"
#include "ctx.h"
#include "model.h"

#define BACKUP_DIR_DEFAULT "/var/backups/cisharden"

/* Take the apply lock (a flock on the root directory). Returns the fd,
 * -EWOULDBLOCK when another cisharden holds it, or -errno. */
int apply_lock(const struct ctx *) WUR;
/* Execute run->act. Returns the number of actions that changed
 * something and stayed changed (>= 0: a rolled-back change is not
 * counted). Every failure, a backup that could not be made included, is
 * an action's: act[i].rc < 0 and act[i].err; run->rollback says whether
 * the file changes were undone. */
int apply_run(const struct ctx *, struct run *);
/* Put back every file, owner and mode the newest not yet restored apply
 * changed; one line per entry to msg. Returns entries restored or -errno. */
int apply_restore(const struct ctx *, FILE *msg, char **ret_err) WUR;

/* ACT_AUDIT_LOAD through ctx->kaudit (libaudit by default): 1 rules
 * added, 0 none missing, -errno (a->err says why). */
int apply_audit_load(const struct ctx *, struct action *) WUR;

/* `cisharden audit-runtime`: load want (section 1's runtime rules) into
 * the kernel through ctx->kaudit, and say what happened on ctx->msg.
 * Returns an exit code. */
int apply_audit_runtime(const struct ctx *, const struct arules *want) WUR;

#endif
