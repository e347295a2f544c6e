/*
 * run.c - results and actions of one run (see model.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model.h"
#include "profile.h"

struct run *
run_new(struct profile *prof)
{
	struct run *r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->prof = prof;
	if (prof->nctl > 0 &&
	    (r->res = calloc(prof->nctl, sizeof(*r->res))) == NULL) {
		free(r);
		return NULL;
	}
	return r;
}

static void
action_clear(struct action *a)
{
	free(a->ctl_ids);
	free(a->path);
	free(a->summary);
	free(a->old_data);
	free(a->data);
	free(a->diff);
	free(a->err);
}

static void
result_clear(struct result *res)
{
	size_t i;

	free(res->reason);
	free(res->refused);
	for (i = 0; i < res->nchanges; i++)
		free(res->changes[i]);
	free(res->changes);
}

void
run_clear_plan(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nact; i++)
		action_clear(&r->act[i]);
	r->nact = 0;
	strv_free(&r->writes);
	for (i = 0; i < r->prof->nctl; i++) {
		result_clear(&r->res[i]);
		memset(&r->res[i], 0, sizeof(r->res[i]));
	}
	r->restart_pending = r->reboot_required = false;
}

void
run_free(struct run *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nact; i++)
		action_clear(&r->act[i]);
	free(r->act);
	strv_free(&r->writes);
	if (r->res != NULL)
		for (i = 0; i < r->prof->nctl; i++)
			result_clear(&r->res[i]);
	free(r->res);
	free(r->backup);
	free(r->blocked_by);
	free(r);
}

struct result *
run_result(struct run *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->prof->nctl; i++)
		if (strcmp(r->prof->ctl[i].id, id) == 0)
			return &r->res[i];
	return NULL;
}

struct action *
run_add_action(struct run *r, enum act_kind kind, const char *ctl_ids,
    const char *path)
{
	struct action *a;

	if (r->nact == r->capact) {
		size_t cap = r->capact ? r->capact * 2 : 16;
		struct action *n = realloc(r->act, cap * sizeof(*n));

		if (n == NULL)
			return NULL;
		r->act = n;
		r->capact = cap;
	}
	a = &r->act[r->nact];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->ctl_ids = strdup(ctl_ids);
	a->path = path ? strdup(path) : NULL;
	if (a->ctl_ids == NULL || (path != NULL && a->path == NULL) ||
	    ((kind == ACT_WRITE || kind == ACT_INSTALL_UNIT) &&
	    strv_add(&r->writes, path) < 0)) {
		free(a->ctl_ids);
		free(a->path);
		return NULL;
	}
	r->nact++;
	return a;
}

static int
vset(char **dst, const char *fmt, va_list ap)
{
	char *s = NULL;

	if (fmt != NULL && vasprintf(&s, fmt, ap) < 0)
		return -ENOMEM;
	free(*dst);
	*dst = s;
	return 0;
}

int
result_set(struct result *res, enum status st, const char *fmt, ...)
{
	va_list ap;
	int rc;

	res->st = st;
	res->evaluated = true;
	va_start(ap, fmt);
	rc = vset(&res->reason, fmt, ap);
	va_end(ap);
	return rc;
}

int
result_refuse(struct result *res, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vset(&res->refused, fmt, ap);
	va_end(ap);
	return rc;
}

void
result_needs(struct result *res, enum need n)
{
	res->need = n;
}

int
result_unevaluated(struct result *res)
{
	int rc = result_set(res, ST_ERROR, "not evaluated");

	res->evaluated = false;
	return rc;
}

int
result_add_change(struct result *res, const char *fmt, ...)
{
	char **n, *s;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return -ENOMEM;
	if ((n = realloc(res->changes, (res->nchanges + 1) * sizeof(*n))) == NULL) {
		free(s);
		return -ENOMEM;
	}
	res->changes = n;
	res->changes[res->nchanges++] = s;
	return 0;
}
