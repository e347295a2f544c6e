/*
 * sec1.h - section 1 (host configuration) internals: the host checks'
 * judge (sec1_host.c), the boot unit (sec1_boot.c) and the rules the
 * audit-runtime command loads (sec1_audit.c).
 *
 * Owns: the entry points those files share with the pipeline and the
 * tests. Never: reads the host (observe/ does) or loads rules (apply/
 * does).
 */
#ifndef CISHARDEN_SEC1_H
#define CISHARDEN_SEC1_H

#include "kaudit.h"
#include "sections.h"

struct strv;

/* 1.1.1, 1.1.2, 1.2.1, 1.2.2 from the observation alone (pure). */
int sec1_host_judge(const struct host *, struct run *) WUR;

/* Plan installing the unit and its drop-ins where they differ from the
 * observation; returns the number of actions added or -errno. */
int sec1_boot_plan(const struct host *, struct run *, const char *ids) WUR;
/* Append to bad the boot files that are missing or not cisharden's text. */
int sec1_boot_check(const struct host *, struct strv *bad) WUR;
/* `cisharden audit-runtime`: the watch rules on runtime paths of the
 * observed rules.d files, as the kernel takes them (-w as path= or dir=
 * by what the path is), into *want. 0; -EIO with *ret_err when rules.d
 * or a rule's path could not be read; -ENOMEM. Pure. */
int sec1_runtime_rules(const struct host *, struct arules *want,
    char **ret_err) WUR;

#endif
