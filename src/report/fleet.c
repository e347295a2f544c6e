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
void
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
