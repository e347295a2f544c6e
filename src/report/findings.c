/*
 * findings.c - see findings.h.
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "findings.h"
#include "profile.h"

/* The catalogue key the profile gave the control (the same in every
 * edition, so finding ids survive renumbering). */
const char *
report_key(const struct control *c)
{
	return c->key;
}

/* Did this apply's own changes make the control pass? */
static bool
fixed_here(const struct ctx *ctx, const struct run *run, const struct control *c)
{
	size_t i;

	if (ctx->cmd != CMD_APPLY || ctx->dry_run || run->blocked || run->rollback != 0)
		return false;
	for (i = 0; i < run->nact; i++)
		if (run->act[i].rc > 0 && !run->act[i].rolled_back &&
		    idlist_has(run->act[i].ctl_ids, c->id))
			return true;
	return false;
}

static enum verdict
verdict_of(const struct ctx *ctx, const struct run *run, const struct control *c,
    const struct result *r)
{
	switch (r->st) {
	case ST_PASS:
		return fixed_here(ctx, run, c) ? V_FIXED : V_PASS;
	case ST_FAIL:
	case ST_REFUSED:
	case ST_PENDING:
		return V_FAIL;
	case ST_NA:
		return V_NOTAPPLICABLE;
	case ST_MANUAL:
		return V_NOTCHECKED;
	case ST_EXCLUDED:
		return V_NOTSELECTED;
	default:
		return V_ERROR;
	}
}

int
report_finding(const struct ctx *ctx, const struct run *run, size_t i,
    struct finding *fd, char **err)
{
	const struct control *c = &run->prof->ctl[i];
	const char *sev;

	memset(fd, 0, sizeof(*fd));
	fd->ctl = c;
	if ((fd->key = report_key(c)) == NULL ||
	    catalogue_by_key(ctx->edition, fd->key, &fd->cat) < 0)
		return -ENOENT;
	if ((fd->text = ctltext_find(fd->key)) == NULL) {
		if (asprintf(err, "control %s (%s): no description", c->id, fd->key) < 0)
			*err = NULL;
		return -EINVAL;
	}
	sev = profile_param_str(run->prof, c, "severity");
	if (sev != NULL && !ctltext_severity_ok(sev)) {
		if (asprintf(err, "control %s: parameter severity must be CRITICAL, HIGH, "
		    "MEDIUM, LOW or INFORMATIONAL, not '%s'", c->id, sev) < 0)
			*err = NULL;
		return -EINVAL;
	}
	fd->severity = sev != NULL ? sev : fd->text->severity;
	if (!c->selected) {
		fd->v = V_NOTSELECTED;
		fd->message = "left out of this run by --only, --skip or --level";
		return 0;
	}
	fd->res = &run->res[i];
	fd->v = verdict_of(ctx, run, c, fd->res);
	fd->message = fd->res->reason != NULL ? fd->res->reason : "";
	return 0;
}

const char *
verdict_name(enum verdict v)
{
	static const char *const n[V__MAX] = {
		[V_PASS] = "pass", [V_FIXED] = "fixed", [V_FAIL] = "fail",
		[V_NOTAPPLICABLE] = "notapplicable", [V_NOTCHECKED] = "notchecked",
		[V_NOTSELECTED] = "notselected", [V_ERROR] = "error",
	};
	return n[v];
}

void
report_time(time_t t, char *buf, size_t n)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, n, "1970-01-01T00:00:00Z");
}

void
report_target(const struct ctx *ctx, char *buf, size_t n)
{
	if (ctx->offline)
		snprintf(buf, n, "%s", ctx->root);
	else if (gethostname(buf, n) != 0 || buf[0] == '\0')
		snprintf(buf, n, "localhost");
	buf[n - 1] = '\0';
}

void
report_edition_tag(const struct ctx *ctx, char *buf, size_t n)
{
	snprintf(buf, n, "CIS-Docker-%s", edition_name(ctx->edition));
}

int
report_findings(const struct ctx *ctx, const struct run *run, const char *fmt,
    struct finding **ret, size_t *n)
{
	struct finding *fd = calloc(run->prof->nctl + 1, sizeof(*fd));
	char *err = NULL;
	size_t i;
	int rc;

	*n = 0;
	*ret = NULL;
	if (fd == NULL)
		return -ENOMEM;
	for (i = 0; i < run->prof->nctl; i++) {
		if ((rc = report_finding(ctx, run, i, &fd[*n], &err)) == -ENOENT)
			continue;
		if (rc < 0) {
			warnx("%s: %s", fmt, err ? err : strerror(-rc));
			free(err);
			free(fd);
			return rc;
		}
		(*n)++;
	}
	*ret = fd;
	return 0;
}

/* Add s cut to at most max bytes, never inside a UTF-8 sequence (the
 * AWS APIs cap Title, Description and Details values). */
bool
json_add_clipped(struct cJSON *o, const char *name, const char *s, size_t max)
{
	size_t n = strlen(s);
	char *t;
	bool ok;

	if (n <= max)
		return cJSON_AddStringToObject(o, name, s) != NULL;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	if ((t = strndup(s, n)) == NULL)
		return false;
	ok = cJSON_AddStringToObject(o, name, t) != NULL;
	free(t);
	return ok;
}

/* Print doc (a cJSON tree, freed here) to f. */
int
json_print(struct cJSON *doc, FILE *f)
{
	char *text = doc ? cJSON_Print(doc) : NULL;
	int rc = text == NULL ? -ENOMEM : fprintf(f, "%s\n", text) < 0 ? -EIO : 0;

	free(text);
	cJSON_Delete(doc);
	return rc;
}

bool
json_add_list1(struct cJSON *o, const char *name, const char *s)
{
	cJSON *arr = cJSON_AddArrayToObject(o, name), *v;

	if (arr == NULL || (v = cJSON_CreateString(s)) == NULL)
		return false;
	cJSON_AddItemToArray(arr, v);
	return true;
}

int
report_finding_array(const struct ctx *ctx, const struct run *run, const char *fmt,
    finding_json one, const void *arg, FILE *f)
{
	cJSON *arr = cJSON_CreateArray(), *o;
	struct finding *fd;
	size_t i, n;
	int rc;

	if ((rc = report_findings(ctx, run, fmt, &fd, &n)) < 0) {
		cJSON_Delete(arr);
		return rc;
	}
	for (i = 0; arr != NULL && i < n; i++) {
		if (fd[i].res == NULL)	/* left out of the run: no finding */
			continue;
		if ((o = one(ctx, run, &fd[i], arg)) == NULL) {
			cJSON_Delete(arr);
			arr = NULL;
			break;
		}
		cJSON_AddItemToArray(arr, o);
	}
	free(fd);
	return json_print(arr, f);
}
