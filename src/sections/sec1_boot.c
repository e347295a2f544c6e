/*
 * sec1_boot.c - the boot half of section 1's runtime audit rules.
 *
 * Rules for paths under /run (containerd's socket directory, dockerd's
 * runtime directory) cannot load when augenrules runs at boot: their
 * directories appear only when containerd and dockerd start. On a root
 * that boots systemd, section 1 therefore also installs a oneshot unit
 * that runs `cisharden audit-runtime` after docker.service and
 * containerd.service, pulled in by a drop-in of each, so the rules are
 * loaded at every boot and every daemon (re)start, without a timer; and a
 * path unit that runs it again when dockerd creates a directory later.
 *
 * Owns: the text of those four files, planning their installation
 * (ACT_INSTALL_UNIT: planned action, diff, backup, restore removes them,
 * daemon-reload on a live systemd host) and checking them in verify, both
 * from the observation (observe.c reads them). Never: enables anything by a symlink or
 * calls systemctl; the drop-ins are the enablement.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diff.h"
#include "host.h"
#include "sec1.h"
#include "strv.h"

/* the file names: host.h (the observation reads them) */
#define UNIT_DIR BOOT_UNIT_DIR
#define UNIT_NAME BOOT_UNIT_NAME
#define PATH_NAME BOOT_PATH_NAME
#define DROPIN_NAME BOOT_DROPIN_NAME

static const char unit_text[] =
    "# Written by cisharden (CIS Docker Benchmark v1.5.0, section 1).\n"
    "# Audit rules for paths under /run cannot load when augenrules runs at\n"
    "# boot: containerd and dockerd create those directories when they start.\n"
    "# This unit loads them through libaudit after every start of either\n"
    "# daemon (their drop-ins " DROPIN_NAME " pull it in).\n"
    "# `cisharden restore` removes it.\n"
    "[Unit]\n"
    "Description=cisharden: audit rules for Docker's runtime paths\n"
    "Documentation=man:cisharden(8)\n"
    "After=auditd.service docker.socket docker.service containerd.service\n"
    "ConditionPathExists=/etc/audit/rules.d/50-cisharden-docker.rules\n"
    "\n"
    "[Service]\n"
    "Type=oneshot\n"
    "ExecStart=cisharden audit-runtime\n"
    "# It reads rules.d and talks netlink to the kernel's audit: nothing else.\n"
    "# No PrivateTmp, PrivateDevices or PrivateNetwork: a watch must name the\n"
    "# host's own inodes, and audit listens in the host's namespaces.\n"
    "CapabilityBoundingSet=CAP_AUDIT_CONTROL\n"
    "NoNewPrivileges=yes\n"
    "ProtectSystem=strict\n"
    "ProtectHome=read-only\n"
    "ProtectKernelTunables=yes\n"
    "ProtectKernelModules=yes\n"
    "ProtectKernelLogs=yes\n"
    "ProtectControlGroups=yes\n"
    "ProtectClock=yes\n"
    "ProtectHostname=yes\n"
    "ProtectProc=invisible\n"
    "ProcSubset=pid\n"
    "PrivateMounts=yes\n"
    "DevicePolicy=closed\n"
    "RestrictAddressFamilies=AF_NETLINK AF_UNIX\n"
    "IPAddressDeny=any\n"
    "RestrictNamespaces=yes\n"
    "RestrictRealtime=yes\n"
    "RestrictSUIDSGID=yes\n"
    "LockPersonality=yes\n"
    "MemoryDenyWriteExecute=yes\n"
    "SystemCallArchitectures=native\n"
    "SystemCallFilter=@system-service\n"
    "SystemCallFilter=~@privileged @resources\n"
    "SystemCallErrorNumber=EPERM\n"
    "UMask=0077\n";

/* dockerd creates /run/docker/containerd (container FIFOs) only when the
 * first container starts, after the unit ran: the path unit runs it again
 * when an entry appears in (or leaves) /run/docker. inotify, no polling. */
static const char path_text[] =
    "# Written by cisharden (CIS Docker Benchmark v1.5.0, section 1).\n"
    "# dockerd creates directories under /run/docker after it started (the\n"
    "# first container creates /run/docker/containerd): load the audit rules\n"
    "# for runtime paths again when they appear. `cisharden restore` removes it.\n"
    "[Unit]\n"
    "Description=cisharden: watch /run/docker for runtime audit rule paths\n"
    "Documentation=man:cisharden(8)\n"
    "\n"
    "[Path]\n"
    "PathChanged=/run/docker\n"
    "Unit=" UNIT_NAME "\n";

static const char dropin_text[] =
    "# Written by cisharden: after every start of this daemon, load the audit\n"
    "# rules for the runtime paths it creates (" UNIT_NAME "),\n"
    "# and again when dockerd creates more of them (" PATH_NAME ").\n"
    "[Unit]\n"
    "Wants=" UNIT_NAME " " PATH_NAME "\n";

/* In host_boot_files' order. */
static const struct {
	const char *text;
} boot_files[HOST_NBOOT_FILES] = {
	{ unit_text }, { path_text }, { dropin_text }, { dropin_text },
};

#define NBOOT HOST_NBOOT_FILES

/* Is boot file i as cisharden writes it (as observed)? 1 yes, 0 no
 * (*ret_t is its observation when it exists), -errno when it could not
 * be read safely. */
static int
boot_file_ok(const struct host *h, size_t i, const struct textobs **ret_t)
{
	const struct textobs *t = host_text(h, host_boot_files[i]);

	*ret_t = NULL;
	if (t == NULL || t->rc == -ENOENT)
		return 0;
	if (t->rc < 0)
		return t->rc;
	*ret_t = t;
	return t->len == strlen(boot_files[i].text) &&
	    memcmp(t->text, boot_files[i].text, t->len) == 0 &&
	    t->st.st_uid == 0 && (t->st.st_mode & 022) == 0;
}

static int
plan_one(const struct host *h, struct run *run, const char *ids, size_t i)
{
	const char *p = host_boot_files[i];
	const struct textobs *t;
	struct action *a;
	int rc;

	if ((rc = boot_file_ok(h, i, &t)) != 0)
		return rc < 0 ? rc : 0;
	if ((a = run_add_action(run, ACT_INSTALL_UNIT, ids, p)) == NULL)
		return -ENOMEM;
	a->existed = t != NULL;
	a->type = S_IFREG;
	a->systemd = h->systemd_running;
	if (t != NULL) {
		if ((a->old_data = malloc(t->len + 1)) == NULL)
			return -ENOMEM;
		memcpy(a->old_data, t->text, t->len + 1);
		a->old_len = t->len;
	}
	a->mode = 0644;
	a->old_mode = 0644;
	if ((a->data = strdup(boot_files[i].text)) == NULL)
		return -ENOMEM;
	a->len = strlen(a->data);
	a->diff = diff_unified(p, a->old_data, a->old_len, a->data, a->len);
	if (asprintf(&a->summary, "%s %s (loads the runtime audit rules at "
	    "boot)", a->existed ? "rewrite" : "create", i < 2 ? "unit" :
	    "drop-in") < 0)
		a->summary = NULL;
	return a->diff != NULL && a->summary != NULL ? 1 : -ENOMEM;
}

int
sec1_boot_plan(const struct host *h, struct run *run, const char *ids)
{
	size_t i;
	int rc, n = 0;

	for (i = 0; i < NBOOT; i++) {
		if ((rc = plan_one(h, run, ids, i)) < 0)
			return rc;
		n += rc;
	}
	return n;
}

int
sec1_boot_check(const struct host *h, struct strv *bad)
{
	const struct textobs *t;
	size_t i;
	int rc;

	for (i = 0; i < NBOOT; i++) {
		rc = boot_file_ok(h, i, &t);
		if (rc == 1)
			continue;
		if (rc == -ENOMEM)
			return rc;
		if ((rc = strv_add(bad, host_boot_files[i])) < 0)
			return rc;
	}
	return 0;
}
