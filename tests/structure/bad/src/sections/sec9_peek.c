/* sec9_peek.c - a planner that observes, prints and peeks (test data). */
#include <stdio.h>

struct run { int nact; };
int look(const char *);

int
plan(struct run *r)
{
	/* look() in a comment is fine, and so is "printf(" in a string */
	fprintf(stderr, "%s", "printf(");
	return look("/etc/docker") + r->nact;
}
