/*
 * sec1.h - section 1 (host configuration) internals: the host checks'
 * judge (sec1_host.c), the boot unit (sec1_boot.c) and the audit-runtime
 * command (sec1_audit.c).
 *
 * Owns: the entry points those files share with main.c, observe.c and
 * the tests. Never: reads the host (observe.c does; the kernel seam is
 * ctx->kaudit).
 */
#ifndef CISHARDEN_SEC1_H
#define CISHARDEN_SEC1_H

#include "kaudit.h"
#include "sections.h"

struct strv;

/* Observation: expand every active audit control's targets once into
 * h->audit (the binaries, units and drop-ins the profile names, as they
 * are on this tree) and note what resolving them asks further (each
 * candidate's parent directory), so that sec1_plan()/sec1_verify() read
 * no tree and expand nothing again. */
int sec1_observe_paths(const struct ctx *, struct profile *, struct host *) WUR;

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
/* `cisharden audit-runtime`: load the watch rules on runtime paths of
 * the observed rules.d files that the kernel lacks (through ctx->kaudit,
 * libaudit by default). Returns an exit code. */
int sec1_audit_runtime(const struct ctx *, const struct host *) WUR;

#endif
