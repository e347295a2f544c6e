/*
 * kaudit.h - the running kernel's audit rules, through libaudit netlink.
 *
 * Owns: reading the audit status (enabled 2 = immutable), listing the
 * kernel's rules normalised to struct arule (in evaluation order), and
 * adding watch rules and never-rules. All
 * kernel access goes through struct kaudit_ops so tests can replace it
 * (immutable, EPERM, no audit support). Never: runs auditctl, restarts
 * auditd, deletes rules or changes the enabled flag.
 */
#ifndef CISHARDEN_KAUDIT_H
#define CISHARDEN_KAUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "auditerr.h"
#include "auditrules.h"
#include "ctx.h"

struct kaudit_ops {
	/* netlink audit socket: fd, or -ENOSYS when the kernel has no audit
	 * support, other -errno */
	int (*open)(void *arg);
	void (*close)(void *arg, int fd);
	/* the status "enabled" flag: 0, 1 or 2 (immutable), or -errno */
	int (*enabled)(void *arg, int fd);
	/* append the kernel's plain watch rules (see arule_parse_line);
	 * returns 0 or -errno */
	int (*list)(void *arg, int fd, struct arules *out);
	/* add one rule (kind AR_PATH or AR_DIR; AR_WATCH is taken as
	 * AR_PATH) at the end of the exit list, a never-rule at its front
	 * (AUDIT_FILTER_PREPEND: before any watch it carves out of); 0 or
	 * -errno: -EEXIST when present, -ENOENT when the parent directory is
	 * missing, -EPERM when immutable or unprivileged */
	int (*add)(void *arg, int fd, const struct arule *r);
};

/* The real thing: libaudit over NETLINK_AUDIT. */
extern const struct kaudit_ops kaudit_libaudit_ops;

/* What the kernel looks like now. */
struct kaudit_state {
	int err;		/* 0, or why the kernel could not be read */
	int enabled;		/* 0, 1, 2 (immutable) when err == 0 */
	struct arules rules;	/* plain watch rules, src "kernel" */
};

/* Is err one that means "no live audit layer here" (no kernel support,
 * audit disabled, no privilege) rather than a failure? */
bool kaudit_unavailable(int err);

/* Fill *st. Returns 0 (st->err says whether the kernel could be read)
 * or -ENOMEM. */
int kaudit_probe(const struct kaudit_ops *, void *arg,
    struct kaudit_state *st) WUR;
void kaudit_state_clear(struct kaudit_state *);

struct kaudit_load {
	size_t added;		/* new rules in the kernel */
	size_t present;		/* already there (or "Rule exists") */
	size_t no_parent;	/* -ENOENT: parent directory missing now */
	size_t failed;
	bool immutable;		/* enabled == 2: nothing was tried */
};

/* Add every rule of want the kernel lacks. Returns 0 with *res filled
 * (res->failed counts per-rule errors, *ret_err describes them), or
 * -errno when the kernel could not be opened, queried or listed (with
 * *ret_err saying why). */
int kaudit_load(const struct kaudit_ops *, void *arg,
    const struct arules *want, struct kaudit_load *res, char **ret_err) WUR;

#endif
