/*
 * fleet.c - see fleet.h: format names, report files, the finding view
 * of a control, and the identity checks.
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "fleet.h"
#include "profile.h"
#include "safeio.h"

/* Which identity options a format cannot do without. */
enum { NEED_ACCOUNT = 1, NEED_REGION = 2, NEED_INSTANCE = 4 };

/* The formats: name, the identity each needs, its writer. */
static const struct {
	const char *name;
	unsigned needs;
	int (*write)(const struct ctx *, const struct run *, const struct summary *, FILE *);
} formats[FMT__MAX] = {
	[FMT_TEXT] = { "text", 0, report_text },
	[FMT_JSON] = { "json", 0, report_json },
	[FMT_JUNIT] = { "junit", 0, report_junit },
	[FMT_XCCDF] = { "xccdf", 0, report_xccdf },
	[FMT_ASFF] = { "asff", NEED_ACCOUNT | NEED_REGION | NEED_INSTANCE, report_asff },
	[FMT_OCSF] = { "ocsf", 0, report_ocsf },
	[FMT_SSM] = { "ssm", NEED_INSTANCE, report_ssm },
};

int
report_format_parse(const char *name, enum out_format *out)
{
	int i;

	for (i = 0; i < FMT__MAX; i++)
		if (strcmp(name, formats[i].name) == 0) {
			*out = (enum out_format)i;
			return 0;
		}
	return -EINVAL;
}

const char *
report_format_name(enum out_format f)
{
	return formats[f].name;
}

/* "FORMAT:FILE" when the part before the first ':' names a format, else
 * FILE alone with today's rule: *.xml is JUnit, anything else JSON. */
static void
report_spec(const char *spec, enum out_format *fmt, const char **path)
{
	const char *colon = strchr(spec, ':');
	char name[16];

	if (colon != NULL && (size_t)(colon - spec) < sizeof(name)) {
		memcpy(name, spec, (size_t)(colon - spec));
		name[colon - spec] = '\0';
		if (report_format_parse(name, fmt) == 0) {
			*path = colon + 1;
			return;
		}
	}
	*path = spec;
	*fmt = strlen(spec) > 4 && strcmp(spec + strlen(spec) - 4, ".xml") == 0 ?
	    FMT_JUNIT : FMT_JSON;
}

static bool
all_of(const char *s, size_t min, size_t max, int (*ok)(int))
{
	size_t n = strlen(s), i;

	for (i = 0; i < n && ok((unsigned char)s[i]); i++)
		;
	return i == n && n >= min && n <= max;
}

static int
is_lowerhex(int c)
{
	return isdigit(c) || (c >= 'a' && c <= 'f');
}

static int
is_region_char(int c)
{
	return islower(c) || isdigit(c) || c == '-';
}

/* The shapes AWS gives these values; a typo would otherwise become a
 * finding id that never updates. */
static const char *
bad_identity(const struct identity *id)
{
	const char *inst = id->instance;

	if (id->account != NULL && !all_of(id->account, 12, 12, isdigit))
		return "--aws-account-id must be 12 digits";
	if (id->region != NULL && (!all_of(id->region, 9, 20, is_region_char) ||
	    !islower((unsigned char)id->region[0]) ||
	    !isdigit((unsigned char)id->region[strlen(id->region) - 1])))
		return "--aws-region must look like us-east-1";
	if (inst != NULL && strncmp(inst, "mi-", 3) == 0)
		inst += 1;
	if (inst != NULL && (strncmp(inst, "i-", 2) != 0 ||
	    !all_of(inst + 2, 8, 17, is_lowerhex)))
		return "--instance-id must look like i-0123456789abcdef0";
	return NULL;
}

static int
needs_given(const struct ctx *ctx, enum out_format f, const char *where)
{
	static const struct { unsigned bit; const char *opt; } need[] = {
		{ NEED_ACCOUNT, "--aws-account-id" },
		{ NEED_REGION, "--aws-region" },
		{ NEED_INSTANCE, "--instance-id" },
	};
	const char *given[] = { ctx->id.account, ctx->id.region, ctx->id.instance };
	size_t i;

	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if ((formats[f].needs & need[i].bit) && given[i] == NULL) {
			fprintf(stderr, "cisharden: %s (%s) needs %s\nTry 'cisharden --help'.\n",
			    formats[f].name, where, need[i].opt);
			return EXIT_USAGE;
		}
	return -1;
}

int
reports_check(const struct ctx *ctx)
{
	const char *bad = bad_identity(&ctx->id), *path, *other;
	enum out_format f, g;
	size_t i, j;

	if (bad != NULL) {
		fprintf(stderr, "cisharden: %s\nTry 'cisharden --help'.\n", bad);
		return EXIT_USAGE;
	}
	if (ctx->cmd != CMD_LIST && needs_given(ctx, ctx->format, "--format") >= 0)
		return EXIT_USAGE;
	for (i = 0; i < ctx->nreports; i++) {
		report_spec(ctx->reports[i], &f, &path);
		if (path[0] == '\0') {
			fprintf(stderr, "cisharden: --report %s names no file\n"
			    "Try 'cisharden --help'.\n", ctx->reports[i]);
			return EXIT_USAGE;
		}
		if (needs_given(ctx, f, "--report") >= 0)
			return EXIT_USAGE;
		for (j = 0; j < i; j++) {
			report_spec(ctx->reports[j], &g, &other);
			if (strcmp(path, other) == 0) {
				fprintf(stderr, "cisharden: --report %s is given twice\n"
				    "Try 'cisharden --help'.\n", path);
				return EXIT_USAGE;
			}
		}
	}
	return -1;
}

int
report_emit(const struct ctx *ctx, const struct run *run, const struct summary *s,
    enum out_format f, FILE *out)
{
	return formats[f].write(ctx, run, s, out);
}

/* Rendered in memory and written by safeio like every other file:
 * atomically, never through a symlink. */
static int
report_file(const struct ctx *ctx, const struct run *run, const struct summary *s,
    const char *spec)
{
	struct ctx plain = *ctx;	/* no terminal colours in a file */
	enum out_format f;
	const char *path;
	char *buf = NULL;
	size_t len = 0;
	FILE *mf;
	int rc;

	plain.color = false;
	report_spec(spec, &f, &path);
	if ((mf = open_memstream(&buf, &len)) == NULL)
		return -ENOMEM;
	rc = report_emit(&plain, run, s, f, mf);
	if (fclose(mf) != 0 && rc == 0)
		rc = -ENOMEM;
	if (rc == 0)
		rc = safeio_write_report(path, buf, len);
	free(buf);
	if (rc < 0)
		warnx("%s: %s", path, strerror(-rc));
	return rc < 0 ? rc : 0;
}

int
reports_write(const struct ctx *ctx, const struct run *run, const struct summary *s)
{
	size_t i;
	int rc = 0, r;

	for (i = 0; i < ctx->nreports; i++)
		if ((r = report_file(ctx, run, s, ctx->reports[i])) < 0 && rc == 0)
			rc = r;
	return rc;
}

/* Until struct control carries its key, the v1.5.0 id the profile
 * speaks names it. */
const char *
report_key(const struct control *c)
{
	struct catentry e;

	return catalogue_by_id(ED_1_5_0, c->id, &e) == 0 ? e.key : NULL;
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

int
report_profile_check(const struct profile *prof)
{
	const char *sev;
	size_t i;

	for (i = 0; i < prof->nctl; i++) {
		sev = profile_param_str(prof, &prof->ctl[i], "severity");
		if (sev != NULL && !ctltext_severity_ok(sev)) {
			warnx("%s: control %s: parameter severity must be CRITICAL, HIGH, "
			    "MEDIUM, LOW or INFORMATIONAL, not '%s'", prof->source,
			    prof->ctl[i].id, sev);
			return -EINVAL;
		}
	}
	return 0;
}
