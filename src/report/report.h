/*
 * report.h - what a run tells people and machines.
 *
 * Owns: the text report (plan lines, diffs, per-control status, summary),
 * the JSON document (schema in README.md) and JUnit XML. Never: decides
 * anything; it renders what plan, apply and verify decided and what the
 * pipeline derived from that (run_decide: "see", blocked_by; the exit
 * code).
 */
#ifndef CISHARDEN_REPORT_H
#define CISHARDEN_REPORT_H

#include <stdio.h>

#include "ctx.h"
#include "model.h"

struct summary {
	int n[ST__MAX];
	int changed;		/* actions planned (dry run) or made */
	int failed_actions;
	int cls[CLS__MAX];	/* reported controls per class */
	int n_reported;
	int lines;		/* change lines of the reported controls */
};

void report_summarize(const struct ctx *, const struct run *, struct summary *);
int report_text(const struct ctx *, const struct run *, const struct summary *, FILE *) WUR;
int report_json(const struct ctx *, const struct run *, const struct summary *, FILE *) WUR;
int report_junit(const struct ctx *, const struct run *, const struct summary *, FILE *) WUR;
/* s as XML character data or attribute text (the JUnit and XCCDF writers) */
void xml_escape(FILE *, const char *s);
/* `cisharden list` */
int report_list(const struct ctx *, const struct run *, FILE *) WUR;

#endif
