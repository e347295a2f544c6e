/*
 * observe.h - the one stage that reads the host.
 *
 * Owns: filling struct host for a profile: the base facts (host.c:
 * unit files, daemon.json, dockerd's flags, the Engine API, mounts,
 * accounts, packages) and what the profile's controls name (every
 * section 3 target, expanded and lstat'ed; the owners and groups they
 * want; the unit texts that decide the socket's owner and mode; rules.d
 * parsed and the kernel's rules; section 1's audit targets expanded
 * and stat'ed, obs_sec1.c). Each fact is present, absent or an error.
 * Planners and verifiers are pure functions of what it returns.
 * Never: writes anything.
 */
#ifndef CISHARDEN_OBSERVE_H
#define CISHARDEN_OBSERVE_H

#include <sys/stat.h>

#include "ctx.h"
#include "host.h"
#include "model.h"
#include "profile.h"

/* What the selected controls need observed beyond the files (the
 * sections table says, per control): */
#define OBS_ENGINE 1u		/* the running daemon, through the Engine API */
#define OBS_KERNEL 2u		/* the kernel's audit rules (libaudit) */

/* Observe the host for prof into *h (host_clear() frees it, also after
 * a failure), and what need names. -errno only for what stops the run
 * (-ENOMEM); what cannot be read is recorded in *h for the planners to
 * judge. */
int observe(const struct ctx *, struct profile *, unsigned need, struct host *h) WUR;

/* Section 1's part of observe(): the rules.d files and (live, through
 * ctx->kaudit, libaudit by default) the kernel's audit rules. */
int observe_sec1(const struct ctx *, struct host *) WUR;

/* Engine 23+ on the live host: ask `dockerd --validate` about every
 * daemon.json text the plan would write that it was not asked about
 * yet, from memory (memfd), before anything is written. Returns how
 * many answers were added (the plan is then made again, so it stays a
 * pure function of the observation), or -ENOMEM. */
int observe_validate(const struct ctx *, struct host *, const struct run *) WUR;

/* Section 1's audit targets (obs_sec1.c): every active audit control's
 * targets expanded into h->audit, with the stat of each candidate, its
 * parent and the drop-in directories in h->stats. */
int observe_audit_targets(const struct ctx *, const struct profile *,
    struct host *) WUR;
/* audit-runtime: the stat of every rules.d rule's path (after
 * observe_sec1()), so the rule loads as path= or dir=. */
int observe_rule_paths(const struct ctx *, struct host *) WUR;

#endif
