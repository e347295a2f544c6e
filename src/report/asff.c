/*
 * asff.c - the run as AWS Security Finding Format findings: a JSON array
 * that `aws securityhub batch-import-findings --findings file://...`
 * takes as it is (BatchImportFindings takes at most 100 findings a call;
 * one run gives at most one finding per control, 63).
 *
 * Id: cisharden/ACCOUNT/INSTANCE/CIS-Docker-EDITION/KEY, stable per
 * account, instance, edition and control, so the next run updates the
 * finding (a pass too: a fixed control's finding turns PASSED).
 * Controls the run left out (--only, --skip, --level) have no finding.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "findings.h"
#include "profile.h"

#define ASFF_TYPE "Software and Configuration Checks/Industry and Regulatory " \
	"Standards/CIS Host Hardening Benchmarks"

/* The ARN partition of a region. */
static const char *
partition(const char *region)
{
	if (strncmp(region, "cn-", 3) == 0)
		return "aws-cn";
	if (strncmp(region, "us-gov-", 7) == 0)
		return "aws-us-gov";
	return "aws";
}

static const char *
compliance_status(enum verdict v)
{
	switch (v) {
	case V_PASS:
	case V_FIXED:
		return "PASSED";
	case V_FAIL:
		return "FAILED";
	case V_NOTCHECKED:
		return "WARNING";	/* needs a person's check */
	default:
		return "NOT_AVAILABLE";	/* n/a, excluded, or could not check */
	}
}

static cJSON *
asff_finding(const struct ctx *ctx, const struct run *run, const struct finding *fd,
    const void *arg)
{
	const char *now = arg;
	const struct identity *id = &ctx->id;
	const char *part = partition(id->region);
	char ed[32], uid[256], arn[256], gen[128], title[512], req[128], level[4];
	char *desc = NULL;
	cJSON *o = cJSON_CreateObject(), *x, *r, *res;

	report_edition_tag(ctx, ed, sizeof(ed));
	snprintf(uid, sizeof(uid), "cisharden/%s/%s/%s/%s", id->account, id->instance,
	    ed, fd->key);
	snprintf(gen, sizeof(gen), "cisharden/%s/%s", ed, fd->key);
	snprintf(arn, sizeof(arn), "arn:%s:securityhub:%s:%s:product/%s/default", part,
	    id->region, id->account, id->account);
	snprintf(title, sizeof(title), "CIS Docker %s %s %s", edition_name(ctx->edition),
	    fd->cat.id, fd->cat.title);
	snprintf(req, sizeof(req), "%s %s", edition_title(ctx->edition), fd->cat.id);
	snprintf(level, sizeof(level), "%d", fd->cat.level);
	if (asprintf(&desc, "%s: %s", verdict_name(fd->v), fd->message[0] ?
	    fd->message : fd->text->check) < 0)
		desc = NULL;
	if (o == NULL || desc == NULL ||
	    !cJSON_AddStringToObject(o, "SchemaVersion", "2018-10-08") ||
	    !cJSON_AddStringToObject(o, "Id", uid) ||
	    !cJSON_AddStringToObject(o, "ProductArn", arn) ||
	    !cJSON_AddStringToObject(o, "GeneratorId", gen) ||
	    !cJSON_AddStringToObject(o, "AwsAccountId", id->account) ||
	    !json_add_list1(o, "Types", ASFF_TYPE) ||
	    !cJSON_AddStringToObject(o, "CreatedAt", now) ||
	    !cJSON_AddStringToObject(o, "UpdatedAt", now) ||
	    !(x = cJSON_AddObjectToObject(o, "Severity")) ||
	    !cJSON_AddStringToObject(x, "Label", fd->severity) ||
	    !cJSON_AddStringToObject(x, "Original", fd->severity) ||
	    !json_add_clipped(o, "Title", title, 256) ||
	    !json_add_clipped(o, "Description", desc, 1024) ||
	    !(x = cJSON_AddObjectToObject(o, "Remediation")) ||
	    !(x = cJSON_AddObjectToObject(x, "Recommendation")) ||
	    !json_add_clipped(x, "Text", fd->text->fix, 512) ||
	    !(x = cJSON_AddObjectToObject(o, "ProductFields")) ||
	    !cJSON_AddStringToObject(x, "cisharden/Key", fd->key) ||
	    !cJSON_AddStringToObject(x, "cisharden/Status", status_name(fd->res->st)) ||
	    !cJSON_AddStringToObject(x, "cisharden/Level", level) ||
	    !json_add_clipped(x, "cisharden/Profile", run->prof->name, 2048) ||
	    !cJSON_AddStringToObject(x, "cisharden/Version", CISHARDEN_VERSION) ||
	    !(res = cJSON_AddArrayToObject(o, "Resources")) ||
	    (r = cJSON_CreateObject()) == NULL)
		goto fail;
	cJSON_AddItemToArray(res, r);
	snprintf(arn, sizeof(arn), "arn:%s:ec2:%s:%s:instance/%s", part, id->region,
	    id->account, id->instance);
	if (!cJSON_AddStringToObject(r, "Type", "AwsEc2Instance") ||
	    !cJSON_AddStringToObject(r, "Id", arn) ||
	    !cJSON_AddStringToObject(r, "Partition", part) ||
	    !cJSON_AddStringToObject(r, "Region", id->region) ||
	    !(x = cJSON_AddObjectToObject(o, "Compliance")) ||
	    !cJSON_AddStringToObject(x, "Status", compliance_status(fd->v)) ||
	    !json_add_list1(x, "RelatedRequirements", req) ||
	    !cJSON_AddStringToObject(o, "RecordState", "ACTIVE"))
		goto fail;
	free(desc);
	return o;
fail:
	free(desc);
	cJSON_Delete(o);
	return NULL;
}

int
report_asff(const struct ctx *ctx, const struct run *run, const struct summary *s,
    FILE *f)
{
	char now[32];

	(void)s;
	report_time(time(NULL), now, sizeof(now));
	return report_finding_array(ctx, run, "asff", asff_finding, now, f);
}
