/*
 * pipeline.h - one cisharden command, from a parsed command line to its
 * exit code.
 *
 * Owns: the order of the stages (profile, observe, plan, apply, verify,
 * report), the all-or-nothing decision (blockers), the exit code, the
 * apply lock. Never: parses the command line (main.c).
 */
#ifndef CISHARDEN_PIPELINE_H
#define CISHARDEN_PIPELINE_H

#include "ctx.h"

/* Run ctx->cmd; opens ctx->rootfd (closed before it returns). Returns
 * an enum cis_exit code. */
int pipeline_run(struct ctx *) WUR;

#endif
