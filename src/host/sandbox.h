/*
 * sandbox.h - the kernel keeps cisharden inside what it may touch:
 * Landlock, capabilities and no_new_privs, in three stages of a run.
 *
 * Owns: which capabilities each stage keeps, the Landlock rules of a run
 * (under --root: reads and writes beneath the root and the --report
 * file's directory only; on the live host: writes only where the plan
 * writes, the backup directory and the report's directory, reads
 * anywhere), and the one "no Landlock here" note.
 * Never: decides what to change, writes a file, or sandboxes a run that
 * restarts dockerd before the restart is done (dockerd, started beneath
 * cisharden by its own command line, an init script or a stand-in
 * systemctl, would inherit the sandbox).
 */
#ifndef CISHARDEN_SANDBOX_H
#define CISHARDEN_SANDBOX_H

#include "ctx.h"
#include "model.h"

enum sandbox_stage {
	/* The root is open and locked, nothing planned yet: drop what no
	 * later step needs; under --root also Landlock, for the whole run. */
	SANDBOX_START,
	/* The plan is made (run): on the live host, Landlock on writes
	 * and the capabilities planning needed, unless dockerd is to be
	 * restarted (then nothing until SANDBOX_REPORT). */
	SANDBOX_PLANNED,
	/* Apply's last write is done: drop every capability left. */
	SANDBOX_REPORT,
};

/* Enter stage (run: the plan, for SANDBOX_PLANNED; else NULL). A kernel
 * without Landlock is noted once on ctx->msg and is not an error.
 * Returns 0, or -errno with *ret_why (malloc'd) when the sandbox could
 * not be set up: the caller stops (fail closed). */
int sandbox_enter(const struct ctx *, const struct run *, enum sandbox_stage,
    char **ret_why) WUR;

#endif
