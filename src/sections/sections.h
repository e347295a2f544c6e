/*
 * sections.h - the per-section planners and verifiers.
 *
 * Each section module (sec1_audit.c, sec2_daemon.c, sec3_perms.c) owns
 * the controls of its CIS section: plan() appends the actions that make
 * every selected, non-excluded control compliant (or marks it refused,
 * manual or not applicable); verify() sets every such control's status
 * from the observation of the host as it is now. Both take everything
 * from struct host (observe.c filled it); neither prints, neither writes.
 * What one section creates and another must cover is an argument, not
 * a look at another section's actions: section 1's planner takes the
 * files the plan writes (creates: run->writes, filled as sections 3 and
 * 2 add their write actions), so main.c plans it after them. No planner
 * reads run->act or run->writes itself (tests/structure).
 */
#ifndef CISHARDEN_SECTIONS_H
#define CISHARDEN_SECTIONS_H

#include "ctx.h"
#include "host.h"
#include "model.h"

struct section {
	int num;
	int (*verify)(const struct ctx *, const struct host *, struct run *);
};

/* creates: every file the plan writes; the rules cover each one whose
 * directory the plan creates too, and each drop-in of a watched unit. */
int sec1_plan(const struct ctx *, const struct host *, const struct strv *creates,
    struct run *) WUR;
int sec1_verify(const struct ctx *, const struct host *, struct run *) WUR;
int sec2_plan(const struct ctx *, const struct host *, struct run *) WUR;
int sec2_verify(const struct ctx *, const struct host *, struct run *) WUR;
/* Is a profile's parameters.value (the value of the control's key) the
 * right type and compliant for the control with catalogue key ctl (id:
 * its id, for the message)? 0 yes (or not a section 2 key control),
 * -EINVAL with *why, -ENOMEM. */
int sec2_check_value(const char *ctl, const char *id, const char *key,
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
