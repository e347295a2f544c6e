/*
 * ssm.c - the run as an AWS Systems Manager PutComplianceItems request,
 * as `aws ssm put-compliance-items --cli-input-json file://...` takes it.
 *
 * ComplianceType Custom:CISDocker_1_5_0 (the API allows no '.' after
 * "Custom:"): one type per edition. UploadType COMPLETE: the call
 * replaces that type's items on the instance, so every run sends all of
 * them. Items: the controls with a verdict or an error. Pass and fixed
 * are COMPLIANT; fail is NON_COMPLIANT, and so is an error (a control
 * that could not be checked must not count as compliant). Manual, n/a
 * and excluded controls have no item: SSM knows only COMPLIANT and
 * NON_COMPLIANT, and either would misstate them; the XCCDF, ASFF and
 * OCSF reports carry them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "findings.h"
#include "profile.h"

static bool
has_item(enum verdict v)
{
	return v == V_PASS || v == V_FIXED || v == V_FAIL || v == V_ERROR;
}

static cJSON *
ssm_item(const struct ctx *ctx, const struct run *run, const struct finding *fd)
{
	cJSON *o = cJSON_CreateObject(), *d;
	char title[600], level[8];

	snprintf(title, sizeof(title), "%s %s", fd->cat.id, fd->cat.title);
	snprintf(level, sizeof(level), "L%d", fd->cat.level);
	if (o == NULL ||
	    !cJSON_AddStringToObject(o, "Id", fd->cat.id) ||
	    !json_add_clipped(o, "Title", title, 500) ||
	    !cJSON_AddStringToObject(o, "Severity", fd->severity) ||
	    !cJSON_AddStringToObject(o, "Status", fd->v == V_PASS || fd->v == V_FIXED ?
	    "COMPLIANT" : "NON_COMPLIANT") ||
	    !(d = cJSON_AddObjectToObject(o, "Details")) ||
	    !cJSON_AddStringToObject(d, "Benchmark", edition_title(ctx->edition)) ||
	    !cJSON_AddStringToObject(d, "Key", fd->key) ||
	    !cJSON_AddStringToObject(d, "Level", level) ||
	    !cJSON_AddStringToObject(d, "Result", verdict_name(fd->v)) ||
	    !json_add_clipped(d, "Profile", run->prof->name, 4096) ||
	    (fd->message[0] != '\0' && !json_add_clipped(d, "Reason", fd->message, 4096))) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

int
report_ssm(const struct ctx *ctx, const struct run *run, const struct summary *s,
    FILE *f)
{
	cJSON *doc = cJSON_CreateObject(), *x, *items, *o;
	struct finding *fd = NULL;
	char type[64], now[32], *p;
	size_t i, n = 0;
	int rc;

	(void)s;
	snprintf(type, sizeof(type), "Custom:CISDocker_%s", edition_name(ctx->edition));
	for (p = type; *p != '\0'; p++)
		if (*p == '.')
			*p = '_';
	report_time(time(NULL), now, sizeof(now));
	if ((rc = report_findings(ctx, run, "ssm", &fd, &n)) < 0) {
		cJSON_Delete(doc);
		return rc;
	}
	if (doc == NULL ||
	    !cJSON_AddStringToObject(doc, "ResourceId", ctx->id.instance) ||
	    !cJSON_AddStringToObject(doc, "ResourceType", "ManagedInstance") ||
	    !cJSON_AddStringToObject(doc, "ComplianceType", type) ||
	    !(x = cJSON_AddObjectToObject(doc, "ExecutionSummary")) ||
	    !cJSON_AddStringToObject(x, "ExecutionTime", now) ||
	    !cJSON_AddStringToObject(x, "ExecutionType", "Command") ||
	    !(items = cJSON_AddArrayToObject(doc, "Items")) ||
	    !cJSON_AddStringToObject(doc, "UploadType", "COMPLETE"))
		goto fail;
	for (i = 0; i < n; i++) {
		if (fd[i].res == NULL || !has_item(fd[i].v))
			continue;
		if ((o = ssm_item(ctx, run, &fd[i])) == NULL)
			goto fail;
		cJSON_AddItemToArray(items, o);
	}
	free(fd);
	return json_print(doc, f);
fail:
	free(fd);
	cJSON_Delete(doc);
	return -ENOMEM;
}
