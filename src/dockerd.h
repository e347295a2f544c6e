/*
 * dockerd.h - the effective dockerd command line.
 *
 * Owns: collecting dockerd's flags from the docker.service unit that
 * systemd loads (ExecStart and drop-ins, with EnvironmentFile variables
 * such as $DOCKER_OPTS and $OPTIONS) and from the running daemon's
 * /proc/PID/cmdline, and mapping flag names to daemon.json keys.
 * Never: writes anything.
 */
#ifndef CISHARDEN_DOCKERD_H
#define CISHARDEN_DOCKERD_H

#include "ctx.h"
#include "host.h"

/* Fill host->flags (and host->dockerd_pid when a dockerd runs and
 * ctx is not offline). Unit paths come from host->service_units and
 * host->service_dropins, which host_observe() fills first. */
int dockerd_collect(const struct ctx *, struct host *) WUR;

#endif
