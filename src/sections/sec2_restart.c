/*
 * sec2_restart.c - plan restarting dockerd after a daemon.json change
 * (--restart-docker), from the observation (see sec2.h).
 */
#include <errno.h>
#include <stdio.h>

#include "sec2.h"

int
restart_plan(const struct ctx *ctx, const struct host *h, struct run *r,
    const char *ctl_ids)
{
	struct action *a;

	if (ctx->offline || !ctx->restart_docker)
		return 0;
	if (!h->systemd_running && h->dockerd_pid <= 0)
		return 0;	/* nothing runs: the file applies at next start */
	if ((a = run_add_action(r, ACT_RESTART, ctl_ids, NULL)) == NULL)
		return -ENOMEM;
	a->systemd = h->systemd_running;
	if (asprintf(&a->summary, a->systemd ? "restart dockerd (systemctl restart "
	    "docker), roll back daemon.json if it does not come back" :
	    "restart dockerd (pid %d, same command line), roll back "
	    "daemon.json if it does not come back", (int)h->dockerd_pid) < 0) {
		a->summary = NULL;
		return -ENOMEM;
	}
	return 1;
}
