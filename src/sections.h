/*
 * sections.h - the per-section planners and verifiers.
 *
 * Each section module (sec1_audit.c, sec2_daemon.c, sec3_perms.c) owns
 * the controls of its CIS section: plan() appends the actions that make
 * every selected, non-excluded control compliant (or marks it refused,
 * manual or not applicable); verify() sets every such control's status
 * from the observation of the host as it is now. Both take everything
 * from struct host (observe.c filled it); neither prints, neither writes.
 * Plans run in two stages (main.c): the sections that write files (3,
 * 2), then section 1, which covers what they write (run->writes).
 */
#ifndef CISHARDEN_SECTIONS_H
#define CISHARDEN_SECTIONS_H

#include "ctx.h"
#include "host.h"
#include "model.h"

struct section {
	int num;
	int (*plan)(const struct ctx *, const struct host *, struct run *);
	int (*verify)(const struct ctx *, const struct host *, struct run *);
};

int sec1_plan(const struct ctx *, const struct host *, struct run *) WUR;
int sec1_verify(const struct ctx *, const struct host *, struct run *) WUR;
int sec2_plan(const struct ctx *, const struct host *, struct run *) WUR;
int sec2_verify(const struct ctx *, const struct host *, struct run *) WUR;
/* Is a profile's parameters.value (the value of the control's key) the
 * right type and compliant for CIS control id? 0 yes (or not a section 2
 * key control), -EINVAL with *why, -ENOMEM. */
int sec2_check_value(const char *id, const char *key,
    const struct cJSON *value, char **why) WUR;
int sec3_plan(const struct ctx *, const struct host *, struct run *) WUR;
int sec3_verify(const struct ctx *, const struct host *, struct run *) WUR;

extern const struct section sections[3];

/* Is this control one the section should act on (selected, not excluded)? */
static inline bool
control_active(const struct control *c)
{
	return c->selected && !c->excluded;
}

/* A section 3 control the profile lets cisharden act on: its targets
 * are observed (observe.c) and judged (sec3_perms.c). */
static inline bool
control_is_perm(const struct control *c)
{
	return c->section == 3 && control_active(c) &&
	    (c->kind == KIND_FILE_OWNER || c->kind == KIND_FILE_MODE);
}

#endif
