/*
 * controls.h - the one table of CIS Docker Benchmark v1.5.0 controls
 * (sections 1-3) that cisharden knows.
 *
 * Owns: which ids exist and their section. A profile may name only
 * these; the section modules hold what each control means (section 2's
 * table of audit semantics, section 3's targets from the profile).
 * Never: reads or writes anything.
 */
#ifndef CISHARDEN_CONTROLS_H
#define CISHARDEN_CONTROLS_H

#include <stdbool.h>
#include <stddef.h>

struct ctldef {
	const char *id;		/* "2.13" */
	int section;		/* 1, 2 or 3 */
};

/* The control with this id, or NULL. */
const struct ctldef *controls_find(const char *id);
/* The i-th control in benchmark order, NULL past the last. */
const struct ctldef *controls_at(size_t i);

#endif
