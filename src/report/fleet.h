/*
 * fleet.h - the auditor and fleet reports (XCCDF 1.2, ASFF, OCSF, SSM
 * PutComplianceItems) and the one place every report of a run is
 * dispatched by format and written.
 *
 * Owns: format names, --report [FORMAT:]FILE, the identity each format
 * needs (usage errors name the option), the profile's severity check,
 * and writing every report file through safeio_write_report (atomic);
 * a control as these formats see it is findings.h's, the writers are
 * xccdf.c, asff.c, ocsf.c and ssm.c.
 * Never: decides a status (plan, apply and verify do; a verdict here is
 * a status said in a format's words); opens a network connection (the
 * identity comes from the command line; the callers publish).
 */
#ifndef CISHARDEN_FLEET_H
#define CISHARDEN_FLEET_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "catalogue.h"
#include "ctltext.h"
#include "ctx.h"
#include "model.h"
#include "findings.h"
#include "report.h"

/* "xccdf" -> FMT_XCCDF: 0, or -EINVAL. */
int report_format_parse(const char *name, enum out_format *out);
const char *report_format_name(enum out_format);
/* After parsing the command line: every --report well formed, no file
 * twice, and the identity each format asks for given. -1 to go on, or
 * EXIT_USAGE after a message that names the option. */
int reports_check(const struct ctx *);
/* A --report [FORMAT:]FILE: its format (without one, JUnit for *.xml,
 * else JSON) and its FILE. */
void report_spec(const char *spec, enum out_format *fmt, const char **path);
struct profile;
/* Before the run: every severity parameter of the profile is a label
 * (CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL). 0, or -EINVAL after a
 * message naming the profile and control. */
int report_profile_check(const struct profile *) WUR;
/* Render the run in one format. */
int report_emit(const struct ctx *, const struct run *, const struct summary *,
    enum out_format, FILE *) WUR;
/* Every --report file, each rendered in memory then written atomically;
 * all are attempted. 0, or the first error. */
int reports_write(const struct ctx *, const struct run *, const struct summary *) WUR;

#endif
