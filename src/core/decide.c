/*
 * decide.c - what the report tells as decided, computed once the run's
 * results are final (see model.h): which control owns a cause the others
 * only refer to ("see 2.2"), and which controls block the plan.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "profile.h"

bool
control_reported(const struct control *c)
{
	return c->selected;
}

/* Are the changes of this run still only a plan (dry run, verify, or an
 * apply that a refusal blocked)? */
bool
run_planned_only(const struct ctx *ctx, const struct run *run)
{
	return ctx->dry_run || ctx->cmd != CMD_APPLY || run->blocked;
}

/* Does the reason name the daemon.json key this control sets ("icc")? */
static bool
names_key(const struct run *run, const struct control *c, const char *reason)
{
	const char *key = profile_param_str(run->prof, c, "key");
	char q[128];

	if (key == NULL || c->section != 2)
		return false;
	snprintf(q, sizeof(q), "\"%s\"", key);
	return strstr(reason, q) != NULL;
}

/* One cause is told once: the control whose message is the same cause
 * as control k's and that owns it (names its key, else comes first), or
 * NULL when k owns it. Refused, error and cannot-fix reasons only (two
 * passes or two n/a with the same words are not one cause). */
static const char *
same_cause(const struct ctx *ctx, const struct run *run, size_t k)
{
	const struct result *r = &run->res[k];
	enum ctl_class cls = result_class(r, run_planned_only(ctx, run));
	size_t i, first = run->prof->nctl, owner = run->prof->nctl;

	if (r->reason == NULL || r->reason[0] == '\0' ||
	    (cls != CLS_REFUSED && cls != CLS_ERROR &&
	    (cls != CLS_CANNOT_FIX || r->st == ST_MANUAL || r->st == ST_EXCLUDED)))
		return NULL;
	for (i = 0; i < run->prof->nctl && owner == run->prof->nctl; i++) {
		const struct result *o = &run->res[i];

		if (!control_reported(&run->prof->ctl[i]) || o->reason == NULL ||
		    result_class(o, run_planned_only(ctx, run)) != cls ||
		    strcmp(o->reason, r->reason) != 0)
			continue;
		if (first == run->prof->nctl)
			first = i;
		if (names_key(run, &run->prof->ctl[i], r->reason))
			owner = i;
	}
	if (owner == run->prof->nctl)
		owner = first;
	return owner == k || owner == run->prof->nctl ? NULL : run->prof->ctl[owner].id;
}

int
run_decide(const struct ctx *ctx, struct run *run)
{
	char *ids = NULL, *n;
	size_t i;

	for (i = 0; i < run->prof->nctl; i++)
		run->res[i].see = same_cause(ctx, run, i);
	/* the blockers: one per cause (the controls that only refer to it
	 * are left out), "2.2,3.18" */
	for (i = 0; i < run->prof->nctl; i++) {
		const struct control *c = &run->prof->ctl[i];
		const struct result *r = &run->res[i];

		if (!control_reported(c) || (r->st != ST_REFUSED && r->st != ST_ERROR) ||
		    r->see != NULL)
			continue;
		if (asprintf(&n, "%s%s%s", ids ? ids : "", ids ? "," : "", c->id) < 0) {
			free(ids);
			return -ENOMEM;
		}
		free(ids);
		ids = n;
	}
	free(run->blocked_by);
	run->blocked_by = ids;
	return 0;
}
