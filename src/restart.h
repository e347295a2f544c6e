/*
 * restart.h - --restart-docker: restart dockerd after daemon.json changed.
 *
 * Owns: the ACT_HOOK that restarts dockerd (systemctl when systemd runs
 * the host, else the running dockerd's own command line), waits for the
 * Engine API, and on failure puts the previous daemon.json back, starts
 * dockerd again and fails with dockerd's own error text.
 * Never: runs in offline mode, or restarts anything but dockerd.
 */
#ifndef CISHARDEN_RESTART_H
#define CISHARDEN_RESTART_H

#include "ctx.h"
#include "host.h"
#include "model.h"

#define RESTART_TIMEOUT 60	/* seconds to wait for /_ping */
#define RESTART_LOG "/var/log/cisharden-dockerd.log"	/* dockerd output when cisharden starts it */

/* Append the restart hook for the controls ctl_ids; it must come after
 * the daemon.json write. The hook's action keeps daemon.json as it was
 * before the run (existed, old_data) for the rollback. Returns 1 when
 * appended, 0 when there is nothing to restart (no systemd, no running
 * dockerd), -errno. */
int restart_plan(const struct ctx *, const struct host *, struct run *,
    const char *ctl_ids) WUR;
int restart_hook(const struct ctx *, struct action *, char **ret_err) WUR;

#endif
