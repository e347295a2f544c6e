/*
 * auditrules.h - audit watch rules as text: parse, normalise, compare and
 * generate the rules.d file cisharden owns.
 *
 * Owns: the subset of auditctl syntax that describes file watches (-w, and
 * -a always,exit with -F path=/dir=/perm=/key=), as found in rules.d files
 * and in `auditctl -l` output, and the deterministic text of the generated
 * file. Never: touches the host or the kernel (pure functions of buffers).
 */
#ifndef CISHARDEN_AUDITRULES_H
#define CISHARDEN_AUDITRULES_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"

/* The file cisharden generates; "50-" sorts it after distribution
 * defaults such as Debian's audit.rules (-D, -b, -f) and before the
 * customary 99-finalize.rules (-e 2). */
#define AUDITRULES_DIR "/etc/audit/rules.d"
#define AUDITRULES_FILE AUDITRULES_DIR "/50-cisharden-docker.rules"

/* Permission bits, the kernel's AUDIT_PERM_* values. */
#define AR_PERM_X 1u
#define AR_PERM_W 2u
#define AR_PERM_R 4u
#define AR_PERM_A 8u
#define AR_PERM_ALL 15u

#define AR_MAX_KEY 256		/* AUDIT_MAX_KEY_LEN */
#define AR_KEY_SEP '\001'	/* the kernel joins several -k keys with it */

enum ar_kind {
	AR_WATCH,		/* -w: path= or dir= depending on the inode at load */
	AR_PATH,		/* -F path=: the name itself, never recursive */
	AR_DIR,			/* -F dir=: recursive directory watch */
};

struct arule {
	enum ar_kind kind;
	unsigned perm;		/* AR_PERM_* bits; no -p/perm= means all */
	char *path;		/* absolute, trailing '/' removed */
	char *key;		/* NULL or keys joined by AR_KEY_SEP */
	bool never;		/* action never (-a never,exit -F dir=): an
				 * exclusion; the kernel takes the first rule of
				 * the exit list that matches, so it only works
				 * before the watch it carves out of */
	/* generation and bookkeeping; parsers set ctl_ids from "## " group
	 * comments of the generated file and src to "name:line" */
	char *ctl_ids;
	char *src;
	bool runtime;		/* parent directory appears only after boot */
	int order;		/* sort key: index of the first control */
};

struct arules {
	struct arule *v;
	size_t n, cap;
};

void arule_clear(struct arule *);
void arules_free(struct arules *);
/* Append a deep copy of r. Returns 0 or -ENOMEM. */
int arules_add(struct arules *, const struct arule *r) WUR;

/* Parse one line. Returns 1 and fills *ret for a plain watch rule (filter
 * exit, action always or never, every syscall, only path/dir/perm/key
 * fields), 0
 * for anything else (comment, control line, syscall rule), -EINVAL for a
 * watch line auditctl would refuse, -ENOMEM. */
int arule_parse_line(const char *line, struct arule *ret) WUR;
/* Append the plain watch rules of a rules file or of `auditctl -l`
 * output. Other lines are skipped: they are not cisharden's to judge.
 * name labels src ("name:line"). Returns the number added or -ENOMEM. */
int arules_parse(const char *buf, size_t len, const char *name,
    struct arules *out) WUR;

/* Does have audit everything want asks for: same path, a superset of its
 * permissions and want's key among have's keys? Any kind satisfies any
 * other: a recursive dir= watch also audits the directory itself. */
bool arule_satisfies(const struct arule *have, const struct arule *want);
/* The first rule of list that satisfies want, or NULL. */
const struct arule *arules_find(const struct arules *, const struct arule *want);
/* For a never-rule: the first always-rule of list (in list order, which
 * is evaluation order for a rules file and for the kernel's listing)
 * that covers never's path and comes before never's first copy in list,
 * so that never excludes nothing; NULL when never is first (or absent). */
const struct arule *arules_never_shadowed(const struct arules *,
    const struct arule *never);
bool arule_key_has(const char *keys, const char *key);

int arule_perm_parse(const char *s, unsigned *ret) WUR;
/* "rwxa" order, as auditctl -l prints; buf holds at least 5 bytes. */
void arule_perm_format(unsigned perm, char *buf);
/* A path cisharden is willing to put in a rules file: absolute, no
 * whitespace or control characters (auditctl splits on blanks), no "..",
 * no wildcards, shorter than PATH_MAX. */
bool arule_path_ok(const char *path);
/* A key auditctl accepts: 1..AR_MAX_KEY printable characters, no blanks,
 * no '#'. */
bool arule_key_ok(const char *key);
/* One rules-file line without newline: "-w P -p rwxa -k K" (AR_WATCH),
 * "-a always,exit -F path=P -F perm=rwxa -k K" (AR_PATH, F dir= for
 * AR_DIR; "never,exit" for a never-rule). Returns 0 or -ENOMEM. */
int arule_format(const struct arule *, char **ret) WUR;

/* The complete generated rules file for rules (their ctl_ids, runtime
 * and order are used; a control's never-rules come before its watches),
 * with comment lines for elsewhere (rules already
 * present in another rules.d file, src naming it). Output does not
 * depend on the order of the input. Returns 0 or -ENOMEM. */
int auditrules_generate(const struct arules *rules,
    const struct arules *elsewhere, char **ret, size_t *ret_len) WUR;

#endif
