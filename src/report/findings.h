/*
 * findings.h - a control of the run as the auditor and fleet formats
 * see it (catalogue entry of the run's edition, stable key, cisharden's
 * words, severity, verdict), and the helpers the four writers share
 * (xccdf.c, asff.c, ocsf.c, ssm.c); fleet.c dispatches to the writers.
 *
 * Owns: the verdict of a control in those formats' words, the stable
 * key, times, target and edition tags, JSON helpers.
 * Never: decides a status, writes a file (fleet.c does, through safeio).
 */
#ifndef CISHARDEN_FINDINGS_H
#define CISHARDEN_FINDINGS_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "catalogue.h"
#include "ctltext.h"
#include "ctx.h"
#include "model.h"
#include "report.h"

enum verdict {
	V_PASS,
	V_FIXED,		/* passes, and this apply's changes made it pass */
	V_FAIL,			/* fail, refused, restart pending */
	V_NOTAPPLICABLE,
	V_NOTCHECKED,		/* Manual */
	V_NOTSELECTED,		/* excluded by the profile, or left out of the run */
	V_ERROR,
	V__MAX
};

/* One control of the run as the formats report it. */
struct finding {
	const struct control *ctl;
	const struct result *res;	/* NULL when the run left it out */
	const char *key;		/* stable catalogue key */
	struct catentry cat;		/* as the run's edition has it */
	const struct ctltext *text;
	const char *severity;		/* profile's override, else the table's */
	enum verdict v;
	const char *message;		/* why: the result's reason, or the exclusion's */
};

/* The stable key of a profile control: the one place that maps it. */
const char *report_key(const struct control *);
/* Control i of the run as a finding: 0, -ENOENT when the run's edition
 * lacks it (not reported), -EINVAL with *err set (a bad severity). */
int report_finding(const struct ctx *, const struct run *, size_t i,
    struct finding *, char **err) WUR;
/* Every control of the run as findings, in profile order (those the
 * edition lacks left out): 0 and *ret (free() it), or -errno after a
 * message naming the format. */
int report_findings(const struct ctx *, const struct run *, const char *fmt,
    struct finding **ret, size_t *n) WUR;
const char *verdict_name(enum verdict);
/* RFC 3339 UTC, "2026-03-01T12:00:00Z". */
void report_time(time_t, char *buf, size_t n);
/* "--root DIR" path, else the host name. */
void report_target(const struct ctx *, char *buf, size_t n);
/* "CIS-Docker-1.5.0": the edition as finding ids spell it. */
void report_edition_tag(const struct ctx *, char *buf, size_t n);

struct cJSON;
/* Add s to o, cut to max bytes on a UTF-8 boundary: false when out of memory. */
bool json_add_clipped(struct cJSON *o, const char *name, const char *s, size_t max);
/* Add [s], a list of one string, to o: false when out of memory. */
bool json_add_list1(struct cJSON *o, const char *name, const char *s);
/* Print a cJSON document to f and free it: 0, -ENOMEM or -EIO. */
int json_print(struct cJSON *doc, FILE *f) WUR;

/* A JSON array of one object per finding the run reported (those left
 * out of the run have none), each made by one(..., arg). */
typedef struct cJSON *(*finding_json)(const struct ctx *, const struct run *,
    const struct finding *, const void *arg);
int report_finding_array(const struct ctx *, const struct run *, const char *fmt,
    finding_json one, const void *arg, FILE *) WUR;

/* The four writers (xccdf.c, asff.c, ocsf.c, ssm.c). */
int report_xccdf(const struct ctx *, const struct run *, const struct summary *, FILE *) WUR;
int report_asff(const struct ctx *, const struct run *, const struct summary *, FILE *) WUR;
int report_ocsf(const struct ctx *, const struct run *, const struct summary *, FILE *) WUR;
int report_ssm(const struct ctx *, const struct run *, const struct summary *, FILE *) WUR;

#endif
