/*
 * model.c - the names of the model's enums, the class of a result, and
 * id lists (see model.h).
 */
#include <stdbool.h>
#include <string.h>

#include "model.h"

static const char *const status_names[ST__MAX] = {
	[ST_PASS] = "pass",
	[ST_FAIL] = "fail",
	[ST_MANUAL] = "manual",
	[ST_NA] = "not_applicable",
	[ST_EXCLUDED] = "excluded",
	[ST_REFUSED] = "refused",
	[ST_ERROR] = "error",
	[ST_PENDING] = "restart_pending",
};

static const char *const kind_names[KIND__MAX] = {
	[KIND_AUDIT_RULE] = "audit-rule",
	[KIND_DAEMON_OPTION] = "daemon-option",
	[KIND_FILE_OWNER] = "file-owner",
	[KIND_FILE_MODE] = "file-mode",
	[KIND_HOST_CHECK] = "host-check",
	[KIND_MANUAL] = "manual",
};

static const char *const command_names[CMD__MAX] = {
	[CMD_APPLY] = "apply",
	[CMD_VERIFY] = "verify",
	[CMD_LIST] = "list",
	[CMD_RESTORE] = "restore",
	[CMD_AUDIT_RUNTIME] = "audit-runtime",
};

const char *
command_name(enum command c)
{
	return c < CMD__MAX ? command_names[c] : "?";
}

const char *
status_name(enum status st)
{
	return st < ST__MAX ? status_names[st] : "?";
}

const char *
kind_name(enum ctl_kind k)
{
	return k < KIND__MAX ? kind_names[k] : "?";
}

static const char *const class_names[CLS__MAX] = {
	[CLS_COMPLIANT] = "compliant",
	[CLS_WILL_FIX] = "will_fix",
	[CLS_CANNOT_FIX] = "cannot_fix",
	[CLS_REFUSED] = "refused",
	[CLS_ERROR] = "error",
};

static const char *const need_texts[NEED__MAX] = {
	[NEED_NONE] = "",
	[NEED_PACKAGE_AUDITD] = "package auditd",
	[NEED_PARTITION] = "a partition",
	[NEED_PROFILE_VALUE] = "a value in the profile",
	[NEED_HAND_CHECK] = "a check by hand",
	[NEED_HAND_CHANGE] = "a change by hand",
	[NEED_DOCKERD_RESTART] = "a restart of dockerd",
	[NEED_REBOOT] = "a reboot",
};

const char *
need_text(enum need n)
{
	return n < NEED__MAX ? need_texts[n] : "?";
}

const char *
class_name(enum ctl_class c)
{
	return c < CLS__MAX ? class_names[c] : "?";
}

enum ctl_class
result_class(const struct result *res, bool dry)
{
	switch (res->st) {
	case ST_PASS:
	case ST_NA:
		return CLS_COMPLIANT;
	case ST_REFUSED:
		return CLS_REFUSED;
	case ST_ERROR:
		return CLS_ERROR;
	case ST_FAIL:
	case ST_PENDING:
		if (res->need != NEED_NONE)
			return CLS_CANNOT_FIX;
		/* planned and not done yet: will fix; done and still
		 * failing: apply did not do what it planned */
		if (res->nchanges > 0)
			return dry ? CLS_WILL_FIX : CLS_ERROR;
		return CLS_CANNOT_FIX;
	default:		/* manual, excluded */
		return CLS_CANNOT_FIX;
	}
}

bool
idlist_has(const char *list, const char *id)
{
	size_t n = strlen(id);
	const char *p = list;

	if (list == NULL)
		return false;
	while (*p != '\0') {
		size_t len = strcspn(p, ",");

		if (len == n && strncmp(p, id, n) == 0)
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}
