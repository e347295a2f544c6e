/*
 * sections.h - the per-section planners and verifiers.
 *
 * Each section (section 1: sec1_*.c, section 2: sec2_*.c, section 3:
 * sec3_perms.c) owns the controls of its CIS section: plan() appends the
 * actions that make every selected, non-excluded control compliant (or
 * marks it refused, manual or not applicable); verify() sets every such
 * control's status from the observation of the host as it is now. Both
 * take everything from struct host (observe/ filled it); neither prints,
 * neither writes, neither reaches src/host (tests/structure checks it on
 * the objects). The sections table (sections.c) is the one list of them
 * and their order. What one section creates and another must cover is an
 * argument, not a look at another section's actions: every planner gets
 * the files the plan writes so far (creates: run->writes, filled as
 * sections 3 and 2 add their write actions), and section 1 plans last.
 * No planner reads run->act or run->writes itself (tests/structure).
 */
#ifndef CISHARDEN_SECTIONS_H
#define CISHARDEN_SECTIONS_H

#include "ctx.h"
#include "host.h"
#include "model.h"

/* One CIS section: how its controls' profile values are checked, how
 * they are planned and verified. The table (sections.c) is in plan
 * order: sections 3 and 2 plan the files they write before section 1,
 * whose rules must cover them. */
struct section {
	int num;
	/* Is parameters.value of control ctl (its catalogue key; id as the
	 * edition numbers it, for messages; setting daemon.json key) the right
	 * type and compliant? 0 yes, -EINVAL with *why, -ENOMEM. NULL: any value. */
	int (*check_params)(const char *ctl, const char *id, const char *key,
	    const struct cJSON *value, char **why);
	int (*plan)(const struct ctx *, const struct host *,
	    const struct strv *creates, struct run *);
	int (*verify)(const struct ctx *, const struct host *, struct run *);
	/* What the observation must ask for this active control beyond the
	 * files (OBS_* of observe.h); NULL: nothing. */
	unsigned (*observes)(const struct control *);
};

#define NSECTIONS 3
extern const struct section sections[NSECTIONS];

struct profile;
/* Every profile value a section checks: 0, or -EINVAL with *ret_err
 * "file:line:col: control ID: why", -ENOMEM. */
int sections_check_params(const struct profile *, char **ret_err) WUR;
/* What the selected, active controls need observed (OBS_* bits): verify
 * --only 1.1.3 does not ask the Engine API. */
unsigned sections_observes(const struct profile *);

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
