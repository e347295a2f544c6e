/*
 * sec2.h - section 2 (the Docker daemon) internals shared between its
 * files: planning the dockerd restart that --restart-docker asks for
 * (sec2_restart.c).
 *
 * Owns: the ACT_RESTART action's plan. Never: restarts anything (apply
 * does, through restart.c) or reads the host.
 */
#ifndef CISHARDEN_SEC2_H
#define CISHARDEN_SEC2_H

#include "ctx.h"
#include "host.h"
#include "model.h"

/* Append ACT_RESTART for the controls ctl_ids; it must come after the
 * daemon.json write. Returns 1 when appended, 0 when there is nothing
 * to restart (no systemd, no running dockerd), -errno. */
int restart_plan(const struct ctx *, const struct host *, struct run *,
    const char *ctl_ids) WUR;

#endif
