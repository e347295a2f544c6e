/*
 * sec2.h - section 2 internals: the state one plan or verify shares
 * between sec2_daemon.c (setup, the one write, the entry points),
 * sec2_values.c (daemon.json values from flags, files and profiles),
 * sec2_keys.c (the audit semantics of the key-setting controls),
 * sec2_checks.c (the controls that are not one key) and sec2_restart.c
 * (planning the dockerd restart that --restart-docker asks for).
 *
 * Owns: struct s2 and the functions those files share; the ACT_RESTART
 * action's plan. Never: reads the host (the observation did), writes
 * anything, restarts anything (apply does, through restart.c).
 */
#ifndef CISHARDEN_SEC2_H
#define CISHARDEN_SEC2_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "ctx.h"
#include "daemonjson.h"
#include "dflags.h"
#include "profile.h"
#include "host.h"
#include "model.h"
#include "sections.h"

enum oc { OC_PASS, OC_FAIL, OC_CHANGE, OC_REFUSE, OC_NA, OC_MANUAL, OC_PENDING };

struct s2 {
	const struct ctx *ctx;
	const struct host *h;
	struct run *r;
	bool planning;
	struct dj_doc doc;	/* doc.root NULL when there is no file */
	char *refuse_all;	/* daemon.json unreadable or invalid */
	char *version;		/* engine version, NULL when unknown */
	char *version_src;	/* "package docker.io 20.10.24+dfsg1-1+b3", or
				 * NULL: the Engine API or dockerd --version */
	bool live;		/* compare with the running daemon */
	bool swarm;
	char *swarm_why;
	cJSON *want;		/* keys the write sets */
	char ids[256];		/* controls the write serves */
	char pending_ids[256];	/* controls waiting for a restart */
};


/* sec2_values.c */
void s2_ids_add(char *ids, size_t cap, const char *id);
const cJSON *s2_param(const struct control *c, const char *key);
const char *s2_param_str(const struct control *c, const char *key);
const cJSON *s2_file_value(const struct s2 *s, const char *key);
/* "--icc=false", "-H fd://" for messages */
char *s2_flag_text(const struct dflag *f);
bool s2_values_equal(const char *key, const cJSON *a, const cJSON *b);
/* What the dockerd flags for key amount to, as a daemon.json value. */
cJSON *s2_flags_value(const struct host *h, const char *key);
/* The profile's value for key, in the JSON type dockerd expects. */
cJSON *s2_coerce(const char *key, const cJSON *p, char **why);
int s2_set_res(struct result *res, enum oc oc, const char *why) WUR;

/* sec2_keys.c */
bool s2_secopt_has(const struct host *h, const char *prefix);
/* What the running daemon does for key, NULL when the API does not say. */
cJSON *s2_live_value(const struct s2 *s, const char *key);
/* The effective value of key (file, else flags), with its source. */
cJSON *s2_effective(const struct s2 *s, const char *key, const char **src);
/* Controls that set keys: 2.2-2.4, 2.8, 2.9, 2.12-2.18. */
int s2_ctl_keys(struct s2 *s, const struct control *c, struct result *res) WUR;

/* sec2_checks.c */
int s2_eval_control(struct s2 *s, const struct control *c,
    struct result *res) WUR;

/* sec2_restart.c: append ACT_RESTART for the controls ctl_ids; it must
 * come after the daemon.json write. Returns 1 when appended, 0 when there
 * is nothing to restart (no systemd, no running dockerd), -errno. */
int restart_plan(const struct ctx *, const struct host *, struct run *,
    const char *ctl_ids) WUR;

#endif
