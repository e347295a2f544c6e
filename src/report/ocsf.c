/*
 * ocsf.c - the run as OCSF Compliance Finding events (class 2003, schema
 * 1.6.0): a JSON array, one event per control the run reported, with
 * every field the schema requires (activity_id, category_uid, class_uid,
 * metadata with product and version, severity_id, time, type_uid,
 * finding_info with its uid, compliance) and the recommended compliance
 * standards, control and status_id.
 *
 * finding_info.uid: cisharden/RESOURCE/CIS-Docker-EDITION/KEY, RESOURCE
 * the --instance-id, else the target (host name or --root), stable per
 * resource, edition and control.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "findings.h"

#define OCSF_VERSION "1.6.0"

/* compliance.status_id: 1 Pass, 2 Warning, 3 Fail, 0 Unknown, 99 Other. */
static int
compliance_status(enum verdict v, const char **name)
{
	switch (v) {
	case V_PASS:
	case V_FIXED:
		*name = "Pass";
		return 1;
	case V_FAIL:
		*name = "Fail";
		return 3;
	case V_NOTCHECKED:
		*name = "Warning";	/* a person has to check it */
		return 2;
	case V_ERROR:
		*name = "Unknown";	/* could not check: no verdict */
		return 0;
	default:
		*name = v == V_NOTAPPLICABLE ? "Not applicable" : "Excluded";
		return 99;
	}
}

/* severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical. */
static int
severity_id(const char *label, const char **name)
{
	static const struct { const char *label, *name; } s[] = {
		{ "INFORMATIONAL", "Informational" }, { "LOW", "Low" },
		{ "MEDIUM", "Medium" }, { "HIGH", "High" }, { "CRITICAL", "Critical" },
	};
	size_t i;

	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		if (strcmp(s[i].label, label) == 0) {
			*name = s[i].name;
			return (int)i + 1;
		}
	*name = "Unknown";
	return 0;
}

/* The finding's lifecycle: a pass resolves it, an exclusion suppresses
 * it, anything else is new (status_id 4, 3, 1). */
static int
finding_status(enum verdict v, const char **name)
{
	if (v == V_PASS || v == V_FIXED) {
		*name = "Resolved";
		return 4;
	}
	if (v == V_NOTSELECTED) {
		*name = "Suppressed";
		return 3;
	}
	*name = "New";
	return 1;
}

static bool
add_resource(const struct ctx *ctx, cJSON *o, const char *target)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "resources"), *r = cJSON_CreateObject(), *c;

	if (arr == NULL || r == NULL) {
		cJSON_Delete(r);
		return false;
	}
	cJSON_AddItemToArray(arr, r);
	if (ctx->id.instance == NULL)
		return cJSON_AddStringToObject(r, "type", "Host") &&
		    cJSON_AddStringToObject(r, "name", target);
	if (!cJSON_AddStringToObject(r, "type", "AWS::EC2::Instance") ||
	    !cJSON_AddStringToObject(r, "uid", ctx->id.instance) ||
	    (ctx->id.region && !cJSON_AddStringToObject(r, "region", ctx->id.region)))
		return false;
	if (ctx->id.region == NULL)
		return true;
	/* the cloud profile: provider is its one required field */
	return (c = cJSON_AddObjectToObject(o, "cloud")) != NULL &&
	    cJSON_AddStringToObject(c, "provider", "AWS") &&
	    cJSON_AddStringToObject(c, "region", ctx->id.region) &&
	    (ctx->id.account == NULL || ((c = cJSON_AddObjectToObject(c, "account")) &&
	    cJSON_AddStringToObject(c, "uid", ctx->id.account) &&
	    cJSON_AddStringToObject(c, "type", "AWS Account") &&
	    cJSON_AddNumberToObject(c, "type_id", 10)));
}

/* The event time and the resource every event of the run shares. */
struct when_where {
	double ms;		/* OCSF timestamp_t: milliseconds since the epoch */
	char target[256];
};

static cJSON *
ocsf_event(const struct ctx *ctx, const struct run *run, const struct finding *fd,
    const void *arg)
{
	const struct when_where *ww = arg;
	const char *target = ww->target;
	double ms = ww->ms;
	const char *sev, *cst, *fst;
	int sid = severity_id(fd->severity, &sev), cid = compliance_status(fd->v, &cst);
	int fid = finding_status(fd->v, &fst);
	char ed[32], uid[512], std[64];
	cJSON *o = cJSON_CreateObject(), *x, *m;

	(void)run;
	report_edition_tag(ctx, ed, sizeof(ed));
	snprintf(uid, sizeof(uid), "cisharden/%s/%s/%s",
	    ctx->id.instance ? ctx->id.instance : target, ed, fd->key);
	snprintf(std, sizeof(std), "%s", edition_title(ctx->edition));
	if (o == NULL ||
	    !cJSON_AddNumberToObject(o, "activity_id", 1) ||
	    !cJSON_AddStringToObject(o, "activity_name", "Create") ||
	    !cJSON_AddNumberToObject(o, "category_uid", 2) ||
	    !cJSON_AddStringToObject(o, "category_name", "Findings") ||
	    !cJSON_AddNumberToObject(o, "class_uid", 2003) ||
	    !cJSON_AddStringToObject(o, "class_name", "Compliance Finding") ||
	    !cJSON_AddNumberToObject(o, "type_uid", 200301) ||
	    !cJSON_AddStringToObject(o, "type_name", "Compliance Finding: Create") ||
	    !cJSON_AddNumberToObject(o, "time", ms) ||
	    !cJSON_AddNumberToObject(o, "severity_id", sid) ||
	    !cJSON_AddStringToObject(o, "severity", sev) ||
	    !cJSON_AddNumberToObject(o, "status_id", fid) ||
	    !cJSON_AddStringToObject(o, "status", fst) ||
	    !(m = cJSON_AddObjectToObject(o, "metadata")) ||
	    !cJSON_AddStringToObject(m, "version", OCSF_VERSION) ||
	    !(x = cJSON_AddObjectToObject(m, "product")) ||
	    !cJSON_AddStringToObject(x, "name", "cisharden") ||
	    !cJSON_AddStringToObject(x, "vendor_name", "cisharden") ||
	    !cJSON_AddStringToObject(x, "version", CISHARDEN_VERSION) ||
	    !(x = cJSON_AddObjectToObject(o, "finding_info")) ||
	    !cJSON_AddStringToObject(x, "uid", uid) ||
	    !cJSON_AddStringToObject(x, "title", fd->cat.title) ||
	    !cJSON_AddStringToObject(x, "desc", fd->text->check) ||
	    !(x = cJSON_AddObjectToObject(o, "compliance")) ||
	    !json_add_list1(x, "standards", std) ||
	    !cJSON_AddStringToObject(x, "control", fd->cat.id) ||
	    !cJSON_AddNumberToObject(x, "status_id", cid) ||
	    !cJSON_AddStringToObject(x, "status", cst) ||
	    !cJSON_AddStringToObject(x, "status_detail", fd->message) ||
	    !(x = cJSON_AddObjectToObject(o, "remediation")) ||
	    !cJSON_AddStringToObject(x, "desc", fd->text->fix) ||
	    !add_resource(ctx, o, target)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

int
report_ocsf(const struct ctx *ctx, const struct run *run, const struct summary *s,
    FILE *f)
{
	struct when_where ww = { .ms = (double)time(NULL) * 1000.0 };

	(void)s;
	report_target(ctx, ww.target, sizeof(ww.target));
	return report_finding_array(ctx, run, "ocsf", ocsf_event, &ww, f);
}
