/*
 * sections.c - the table of CIS sections (see sections.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "observe.h"
#include "profile.h"
#include "sections.h"

/* Sections 2 and 3 cover no other section's files. */
static int
plan2(const struct ctx *ctx, const struct host *h, const struct strv *creates,
    struct run *run)
{
	(void)creates;
	return sec2_plan(ctx, h, run);
}

static int
plan3(const struct ctx *ctx, const struct host *h, const struct strv *creates,
    struct run *run)
{
	(void)creates;
	return sec3_plan(ctx, h, run);
}

/* Section 2 judges the effective configuration against the running
 * daemon (Engine API /info, /networks/bridge, swarm state). */
static unsigned
observes2(const struct control *c)
{
	(void)c;
	return OBS_ENGINE;
}

/* Section 1: the audit controls judge the kernel's rules; only 1.2.2
 * names the running engine's version. */
static unsigned
observes1(const struct control *c)
{
	return (c->kind == KIND_AUDIT_RULE ? OBS_KERNEL : 0) |
	    (strcmp(c->key, "host.docker-version") == 0 ? OBS_ENGINE : 0);
}

const struct section sections[NSECTIONS] = {
	{ 3, NULL, plan3, sec3_verify, NULL },
	{ 2, sec2_check_value, plan2, sec2_verify, observes2 },
	{ 1, NULL, sec1_plan, sec1_verify, observes1 },
};

unsigned
sections_observes(const struct profile *prof)
{
	unsigned need = 0;
	size_t i, k;

	for (i = 0; i < prof->nctl; i++) {
		const struct control *c = &prof->ctl[i];

		if (!control_active(c))
			continue;
		for (k = 0; k < NSECTIONS; k++)
			if (sections[k].num == c->section && sections[k].observes != NULL)
				need |= sections[k].observes(c);
	}
	return need;
}

int
sections_check_params(const struct profile *prof, char **ret_err)
{
	size_t i, k;

	for (i = 0; i < prof->nctl; i++) {
		const struct control *c = &prof->ctl[i];
		const cJSON *key = cJSON_GetObjectItemCaseSensitive(c->params, "key");
		char *why = NULL;
		int rc;

		if (c->value_at == NULL)
			continue;
		for (k = 0; k < NSECTIONS && sections[k].num != c->section; k++)
			;
		if (k == NSECTIONS || sections[k].check_params == NULL)
			continue;
		rc = sections[k].check_params(c->key, c->id ? c->id : c->key,
		    cJSON_IsString(key) ?
		    key->valuestring : NULL,
		    cJSON_GetObjectItemCaseSensitive(c->params, "value"), &why);
		if (rc == -EINVAL && asprintf(ret_err, "%s: control %s: %s",
		    c->value_at, c->id ? c->id : c->key, why ? why : "bad value") < 0) {
			*ret_err = NULL;
			rc = -ENOMEM;
		}
		free(why);
		if (rc < 0)
			return rc;
	}
	return 0;
}
