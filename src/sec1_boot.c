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
 * Owns: the text of those four files, planning their writes (like any
 * other write: planned action, diff, backup, restore removes them) and
 * checking them in verify. Never: enables anything by a symlink or
 * calls systemctl; the drop-ins are the enablement.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diff.h"
#include "safeio.h"
#include "sec1.h"
#include "strv.h"

#define UNIT_DIR "/etc/systemd/system"
#define UNIT_NAME "cisharden-audit-runtime.service"
#define PATH_NAME "cisharden-audit-runtime.path"
#define DROPIN_NAME "50-cisharden-audit-runtime.conf"

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
    "ExecStart=cisharden audit-runtime\n";

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

static const struct {
	const char *path;
	const char *text;
} boot_files[] = {
	{ UNIT_DIR "/" UNIT_NAME, unit_text },
	{ UNIT_DIR "/" PATH_NAME, path_text },
	{ UNIT_DIR "/docker.service.d/" DROPIN_NAME, dropin_text },
	{ UNIT_DIR "/containerd.service.d/" DROPIN_NAME, dropin_text },
};

#define NBOOT (sizeof(boot_files) / sizeof(boot_files[0]))

bool
sec1_boot_systemd(const struct ctx *ctx)
{
	struct stat st;

	return (safeio_stat(ctx->rootfd, "/lib/systemd/systemd", &st) == 0 &&
	    S_ISREG(st.st_mode)) ||
	    (safeio_stat(ctx->rootfd, "/usr/lib/systemd/systemd", &st) == 0 &&
	    S_ISREG(st.st_mode));
}

/* Is boot file i as cisharden writes it? 1 yes, 0 no (*ret_old holds its
 * bytes when it exists), -errno when it cannot be read safely. */
static int
boot_file_ok(const struct ctx *ctx, size_t i, char **ret_old, size_t *ret_len,
    bool *ret_existed)
{
	struct stat st;
	int rc;

	*ret_old = NULL;
	*ret_len = 0;
	*ret_existed = false;
	rc = safeio_read(ctx->rootfd, boot_files[i].path, SAFEIO_MAX_FILE,
	    ret_old, ret_len, &st);
	if (rc == -ENOENT)
		return 0;
	if (rc < 0)
		return rc;
	*ret_existed = true;
	return *ret_len == strlen(boot_files[i].text) &&
	    memcmp(*ret_old, boot_files[i].text, *ret_len) == 0 &&
	    st.st_uid == 0 && (st.st_mode & 022) == 0;
}

static int
plan_one(const struct ctx *ctx, struct run *run, const char *ids, size_t i)
{
	const char *p = boot_files[i].path;
	struct action *a;
	char *old;
	size_t oldlen;
	bool existed;
	int rc;

	if ((rc = boot_file_ok(ctx, i, &old, &oldlen, &existed)) != 0) {
		free(old);
		return rc < 0 ? rc : 0;
	}
	if ((a = run_add_action(run, ACT_WRITE, ids, p)) == NULL) {
		free(old);
		return -ENOMEM;
	}
	a->existed = existed;
	a->type = S_IFREG;
	a->old_data = old;
	a->old_len = oldlen;
	a->mode = 0644;
	a->old_mode = 0644;
	if ((a->data = strdup(boot_files[i].text)) == NULL)
		return -ENOMEM;
	a->len = strlen(a->data);
	a->diff = diff_unified(p, old, oldlen, a->data, a->len);
	if (asprintf(&a->summary, "%s %s (loads the runtime audit rules at "
	    "boot)", existed ? "rewrite" : "create", i < 2 ? "unit" :
	    "drop-in") < 0)
		a->summary = NULL;
	return a->diff != NULL && a->summary != NULL ? 1 : -ENOMEM;
}

int
sec1_boot_plan(const struct ctx *ctx, struct run *run, const char *ids)
{
	size_t i;
	int rc, n = 0;

	for (i = 0; i < NBOOT; i++) {
		if ((rc = plan_one(ctx, run, ids, i)) < 0)
			return rc;
		n += rc;
	}
	return n;
}

int
sec1_boot_check(const struct ctx *ctx, struct strv *bad)
{
	size_t i, len;
	char *old;
	bool existed;
	int rc;

	for (i = 0; i < NBOOT; i++) {
		rc = boot_file_ok(ctx, i, &old, &len, &existed);
		free(old);
		if (rc == 1)
			continue;
		if (rc == -ENOMEM)
			return rc;
		if ((rc = strv_add(bad, boot_files[i].path)) < 0)
			return rc;
	}
	return 0;
}
