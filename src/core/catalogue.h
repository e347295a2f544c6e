/*
 * catalogue.h - the CIS Docker Benchmark editions cisharden knows, and
 * every control of sections 1-3 in each: id, title, assessment status
 * and level, under a stable key that survives renumbering.
 *
 * Owns: which editions exist, which ids each has, what each id means
 * (its key), titles, Automated/Manual and levels. v1.8.0 inserts 2.7
 * (devicemapper) and renumbers v1.5.0-v1.7.0's 2.7-2.18 as 2.8-2.19: a
 * key ("daemon.userns-remap") names the same control in every edition,
 * an id ("2.9") does not.
 * Never: reads or writes anything; judges nothing (the sections do).
 */
#ifndef CISHARDEN_CATALOGUE_H
#define CISHARDEN_CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>

enum edition {
	ED_1_5_0,		/* 2022, Engine 20.10: the default */
	ED_1_6_0,		/* 2023-06 */
	ED_1_7_0,		/* 2024 */
	ED_1_8_0,		/* 2025-07, renumbered section 2 */
	ED__MAX
};

#define ED_DEFAULT ED_1_5_0

/* A control as one edition numbers and titles it. */
struct catentry {
	const char *key;	/* stable: "daemon.userns-remap" */
	const char *id;		/* this edition's id: "2.9" (v1.5.0), "2.10" (v1.8.0) */
	const char *title;	/* this edition's title */
	bool automated;		/* assessment status: Automated, else Manual */
	int level;		/* CIS profile level, 1 or 2 */
	int section;		/* 1, 2 or 3 */
};

/* "1.5.0" */
const char *edition_name(enum edition);
/* "CIS Docker Benchmark v1.5.0" */
const char *edition_title(enum edition);
/* "1.5.0" or "v1.5.0" -> edition: 0, or -EINVAL for an unknown one. */
int edition_parse(const char *s, enum edition *out);
/* How many controls the edition has in sections 1-3 (62 or 63). */
size_t catalogue_count(enum edition);
/* The i-th control of the edition in benchmark order: 0 and *out filled,
 * or -ENOENT past the last. */
int catalogue_at(enum edition, size_t i, struct catentry *out);
/* The control with this id in that edition: 0, or -ENOENT. */
int catalogue_by_id(enum edition, const char *id, struct catentry *out);
/* The control with this key as that edition has it: 0, or -ENOENT when
 * the edition lacks it (daemon.no-devicemapper before v1.8.0). */
int catalogue_by_key(enum edition, const char *key, struct catentry *out);
/* The key's place in benchmark order (v1.8.0's, which holds every
 * control), or a number past the last for an unknown key. */
int catalogue_rank(const char *key);
/* An id translated between editions through its key ("2.9" in v1.5.0 is
 * "2.10" in v1.8.0): the id in `to`, or NULL when either lacks it. */
const char *catalogue_translate(enum edition from, const char *id, enum edition to);

#endif
