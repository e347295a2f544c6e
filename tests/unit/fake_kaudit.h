/*
 * fake_kaudit.h - a pretend kernel audit for unit tests: the kaudit_ops
 * seam with rules kept in memory, and knobs for the failures the real
 * one has (no audit support, EPERM, immutable, a missing parent).
 */
#ifndef CISHARDEN_FAKE_KAUDIT_H
#define CISHARDEN_FAKE_KAUDIT_H

#include <errno.h>
#include <string.h>

#include "auditrules.h"
#include "kaudit.h"

/* A pretend kernel. */
struct fake {
	int open_rc;		/* fd, or -errno */
	int enabled;		/* or -errno */
	int list_rc;
	int add_rc;		/* forced result of add, 0 = behave */
	bool append_never;	/* add a never-rule at the end, not the front */
	struct arules rules;
	int opened, closed, adds;
};

static int
f_open(void *arg)
{
	struct fake *f = arg;

	if (f->open_rc >= 0)
		f->opened++;
	return f->open_rc;
}

static void
f_close(void *arg, int fd)
{
	struct fake *f = arg;

	(void)fd;
	f->closed++;
}

static int
f_enabled(void *arg, int fd)
{
	(void)fd;
	return ((struct fake *)arg)->enabled;
}

static int
f_list(void *arg, int fd, struct arules *out)
{
	struct fake *f = arg;
	size_t i;

	(void)fd;
	if (f->list_rc < 0)
		return f->list_rc;
	for (i = 0; i < f->rules.n; i++)
		if (arules_add(out, &f->rules.v[i]) < 0)
			return -ENOMEM;
	return 0;
}

static int
f_add(void *arg, int fd, const struct arule *r)
{
	struct fake *f = arg;
	size_t i;

	(void)fd;
	f->adds++;
	if (f->enabled == 2)
		return -EPERM;	/* what the kernel says when locked */
	if (f->add_rc < 0)
		return f->add_rc;
	if (strncmp(r->path, "/nonexistent/", 13) == 0)
		return -ENOENT;
	for (i = 0; i < f->rules.n; i++)
		if (strcmp(f->rules.v[i].path, r->path) == 0 &&
		    f->rules.v[i].perm == r->perm && f->rules.v[i].kind == r->kind &&
		    f->rules.v[i].never == r->never)
			return -EEXIST;
	if (arules_add(&f->rules, r) < 0)
		return -ENOMEM;
	/* AUDIT_FILTER_PREPEND, as la_add asks for a never-rule; f->append_never
	 * plays a kernel (or loader) that appended it instead */
	if (r->never && !f->append_never) {
		struct arule t = f->rules.v[f->rules.n - 1];

		memmove(&f->rules.v[1], &f->rules.v[0],
		    (f->rules.n - 1) * sizeof(t));
		f->rules.v[0] = t;
	}
	return 0;
}

static const struct kaudit_ops fake_ops = {
	.open = f_open,
	.close = f_close,
	.enabled = f_enabled,
	.list = f_list,
	.add = f_add,
};

#endif
