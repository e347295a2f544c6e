/*
 * sec1_audit.h - what section 1's audit files share: one call's view of
 * the rules files, the kernel and the observed tree (struct s1), each
 * control's wanted rules (struct want), and resolving the observed
 * targets into them (sec1_resolve.c) for the plan and verify
 * (sec1_audit.c). Pure: from struct host alone.
 */
#ifndef CISHARDEN_SEC1_AUDIT_H
#define CISHARDEN_SEC1_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "auditrules.h"
#include "host.h"
#include "sections.h"
#include "strv.h"

struct s1err;

/* One call's view of the host's rules files and the kernel. */
struct s1 {
	const struct ctx *ctx;
	const struct host *h;
	struct run *run;
	int rulesd_rc;		/* 0, or -errno listing rules.d */
	int own_rc;		/* 0 read, -ENOENT missing, -errno */
	char *own_raw;
	size_t own_len;
	struct stat own_st;
	const struct arules *own;	/* rules in AUDITRULES_FILE */
	const struct arules *others;	/* rules in the other rules.d files */
	const struct strv *unreadable;	/* other rules.d files not read */
	bool boot_unit;		/* the root boots systemd: sec1_boot.c applies */
	/* what the plan writes (sections 2 and 3): files the rules must
	 * cover though they do not exist yet; NULL when verifying */
	const struct strv *creates;
	/* the first observation error met while resolving (a path the
	 * observation could not stat, or did not ask about): it makes the
	 * control an error, never "not there" */
	struct s1err *e;
};

struct s1err {
	char *msg;
	bool oom;
};

/* What one audit control wants. */
struct want {
	size_t idx;		/* in prof->ctl */
	struct arules rules;	/* ctl_ids = the control id */
	struct strv skipped;	/* "PATH (no parent directory)" */
	char *err;		/* bad target or parameter */
};

void s1_clear(struct s1 *);
/* The rules.d files as the observation read and parsed them. */
int s1_load_files(struct s1 *) WUR;
/* A path whose parent directory is created after boot (under /run). */
bool s1_is_runtime(const char *path);
/* Is path an observed directory? (An observation error is noted in s->e.) */
bool s1_is_dir(const struct s1 *, const char *path);
/* Does path's parent exist, or will the plan create it? */
bool s1_parent_exists(const struct s1 *, const char *path);
bool s1_is_audit_ctl(const struct control *);
/* Every active audit control resolved into the rules it wants here. */
int s1_resolve_all(const struct s1 *, struct want **ret, size_t *ret_n) WUR;
void s1_wants_free(struct want *, size_t n);

#endif
