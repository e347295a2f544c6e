/*
 * observe.h - the one stage that reads the host.
 *
 * Owns: filling struct host for a profile: the base facts (host.c:
 * unit files, daemon.json, dockerd's flags, the Engine API, mounts,
 * accounts, packages) and what the profile's controls name (every
 * section 3 target, expanded and lstat'ed; the owners and groups they
 * want; the unit texts that decide the socket's owner and mode).
 * Planners and verifiers are pure functions of what it returns.
 * Never: writes anything.
 */
#ifndef CISHARDEN_OBSERVE_H
#define CISHARDEN_OBSERVE_H

#include "ctx.h"
#include "host.h"
#include "profile.h"

/* Observe the host for prof into *h (host_clear() frees it, also after
 * a failure). -errno only for what stops the run (-ENOMEM); what cannot
 * be read is recorded in *h for the planners to judge. */
int observe(const struct ctx *, const struct profile *, struct host *h) WUR;

#endif
