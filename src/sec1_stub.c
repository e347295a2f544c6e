/* STUB: replaced by the section 1 work (src/sec1_*.c). */
#include "profile.h"
#include "sections.h"

static int
mark(struct run *r)
{
	size_t i;

	for (i = 0; i < r->prof->nctl; i++) {
		struct control *c = &r->prof->ctl[i];

		if (c->section == 1 && control_active(c) &&
		    result_set(&r->res[i], ST_MANUAL, "not implemented yet") < 0)
			return -12;
	}
	return 0;
}

int
sec1_plan(const struct ctx *ctx, const struct host *h, struct run *r)
{
	(void)ctx;
	(void)h;
	return mark(r);
}

int
sec1_verify(const struct ctx *ctx, const struct host *h, struct run *r)
{
	(void)ctx;
	(void)h;
	return mark(r);
}
