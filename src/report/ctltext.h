/*
 * ctltext.h - cisharden's own words for every control, and the severity
 * it ships for each: the Rule description and fix text of the XCCDF
 * Benchmark, the Description of the fleet findings, the Severity of ASFF,
 * OCSF and SSM.
 *
 * Owns: one row per stable catalogue key ("daemon.icc"): what cisharden
 * checks, what it does about it, and the shipped severity. CIS defines no
 * severity; these are cisharden's data (README, "Severity"), and a profile
 * overrides one with the control parameter `severity`.
 * Never: CIS's text; a verdict; which controls an edition has (catalogue.h).
 */
#ifndef CISHARDEN_CTLTEXT_H
#define CISHARDEN_CTLTEXT_H

#include <stddef.h>

struct ctltext {
	const char *key;	/* catalogue key */
	const char *severity;	/* CRITICAL, HIGH, MEDIUM, LOW or INFORMATIONAL */
	const char *check;	/* what cisharden checks */
	const char *fix;	/* what cisharden does, or what a person must do */
};

/* The row for a catalogue key, or NULL when the table lacks it. */
const struct ctltext *ctltext_find(const char *key);
/* The i-th row, or NULL past the last. */
const struct ctltext *ctltext_at(size_t i);
/* Is s one of the severity labels above (exact, upper case)? */
int ctltext_severity_ok(const char *s);

#endif
