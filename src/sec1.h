/*
 * sec1.h - section 1 (host configuration) internals shared with tests.
 *
 * Owns: the entry points of sec1_audit.c that take the kernel seam
 * (struct kaudit_ops) explicitly (sec1_plan()/sec1_verify() call them
 * with libaudit), and sec1_host.c's judge of the host checks.
 * Never: anything main.c needs beyond sections.h.
 */
#ifndef CISHARDEN_SEC1_H
#define CISHARDEN_SEC1_H

#include "kaudit.h"
#include "sections.h"

struct strv;

int sec1_plan_ops(const struct ctx *, const struct host *, struct run *,
    const struct kaudit_ops *, void *ops_arg) WUR;
int sec1_verify_ops(const struct ctx *, const struct host *, struct run *,
    const struct kaudit_ops *, void *ops_arg) WUR;

/* 1.1.1, 1.1.2, 1.2.1, 1.2.2 from the observation alone (pure). */
int sec1_host_judge(const struct host *, struct run *) WUR;

/* The boot half of the runtime rules (sec1_boot.c): its files, for the
 * observation (NULL past the last). */
const char *sec1_boot_path(size_t i);
/* Plan installing the unit and its drop-ins where they differ from the
 * observation; returns the number of actions added or -errno. */
int sec1_boot_plan(const struct host *, struct run *, const char *ids) WUR;
/* Append to bad the boot files that are missing or not cisharden's text. */
int sec1_boot_check(const struct host *, struct strv *bad) WUR;
/* `cisharden audit-runtime`: load the rules.d watch rules on runtime
 * paths that the kernel lacks. Returns an exit code. */
int sec1_audit_runtime(const struct ctx *, const struct kaudit_ops *,
    void *ops_arg) WUR;

#endif
