/*
 * restart.h - --restart-docker: restart dockerd after daemon.json changed.
 *
 * Owns: the mechanics apply uses to carry out ACT_RESTART (section 2
 * plans it): how dockerd is started again (systemctl when systemd runs
 * the host, else the running dockerd's own command line, environment and
 * umask), one restart attempt that waits for the Engine API and returns
 * dockerd's own error text, and systemctl daemon-reload for units.
 * Never: writes or rolls back a file (apply does that, from its backup),
 * runs in offline mode, or restarts anything but dockerd.
 */
#ifndef CISHARDEN_RESTART_H
#define CISHARDEN_RESTART_H

#include "ctx.h"
#include "model.h"

#define RESTART_TIMEOUT 60	/* seconds to wait for /_ping */
#define RESTART_LOG "/var/log/cisharden-dockerd.log"	/* dockerd output when cisharden starts it */

struct restart_cmd;
/* Read how dockerd is started again (before anything is stopped). */
int restart_prepare(const struct ctx *, const struct action *,
    struct restart_cmd **ret, char **ret_err) WUR;
/* One restart: 0 when the Engine API answers again; else -errno and
 * *ret_why dockerd's own error (the journal, or its log). */
int restart_once(const struct ctx *, const struct restart_cmd *, char **ret_why) WUR;
/* After a rollback: systemd may have stopped trying (StartLimitBurst). */
void restart_reset_failed(const struct restart_cmd *);
void restart_cmd_free(struct restart_cmd *);
/* systemctl daemon-reload, for a unit or drop-in apply wrote. */
int restart_daemon_reload(char **ret_err) WUR;

#endif
