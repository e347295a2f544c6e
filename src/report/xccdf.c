/*
 * xccdf.c - the run as one XCCDF 1.2 document: a Benchmark for the run's
 * edition (a Profile per CIS level, a Group per section, a Rule per
 * control with cisharden's description and fix text) holding the
 * TestResult of this run, as `oscap xccdf validate` accepts it and
 * `oscap xccdf generate report` renders it.
 *
 * Ids: xccdf_org.cisharden_rule_<key>, so a rule keeps its id when an
 * edition renumbers the control; the edition's id is in its title and
 * ident.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "findings.h"
#include "profile.h"

#define NS "xccdf_org.cisharden"
/* The checking system of every rule: cisharden's own verifier. */
#define CHECK_SYSTEM "urn:cisharden:verify"

static const char *
xccdf_severity(const char *label)
{
	if (strcmp(label, "CRITICAL") == 0 || strcmp(label, "HIGH") == 0)
		return "high";
	if (strcmp(label, "MEDIUM") == 0)
		return "medium";
	if (strcmp(label, "LOW") == 0)
		return "low";
	return "info";
}

static const char *const section_title[] = {
	NULL, "Host configuration", "Docker daemon configuration",
	"Docker daemon configuration files",
};

static void
profile_xml(FILE *f, int level, const struct finding *fd, size_t n)
{
	size_t i;

	fprintf(f, "  <Profile id=\"" NS "_profile_level_%d\">\n"
	    "    <title>Level %d</title>\n"
	    "    <description>%s</description>\n", level, level, level == 1 ?
	    "The Level 1 controls: the baseline, with little impact on how Docker is used." :
	    "Every control of sections 1-3, Level 1 and Level 2.");
	for (i = 0; i < n; i++)
		fprintf(f, "    <select idref=\"" NS "_rule_%s\" selected=\"%s\"/>\n",
		    fd[i].key, fd[i].cat.level <= level ? "true" : "false");
	fputs("  </Profile>\n", f);
}

static void
rule_xml(const struct ctx *ctx, FILE *f, const struct finding *fd)
{
	fprintf(f, "    <Rule id=\"" NS "_rule_%s\" selected=\"true\" severity=\"%s\">\n"
	    "      <title>", fd->key, xccdf_severity(fd->severity));
	xml_escape(f, fd->cat.id);
	fputc(' ', f);
	xml_escape(f, fd->cat.title);
	fprintf(f, "</title>\n      <description>");
	xml_escape(f, fd->text->check);
	fprintf(f, " (%s, Level %d.)</description>\n", fd->cat.automated ? "Automated" :
	    "Manual", fd->cat.level);
	fputs("      <ident system=\"https://www.cisecurity.org/benchmark/docker/\">", f);
	xml_escape(f, edition_title(ctx->edition));
	fputc(' ', f);
	xml_escape(f, fd->cat.id);
	fputs("</ident>\n      <fixtext>", f);
	xml_escape(f, fd->text->fix);
	fprintf(f, "</fixtext>\n      <check system=\"" CHECK_SYSTEM "\">\n"
	    "        <check-content-ref href=\"cisharden\" name=\"%s\"/>\n"
	    "      </check>\n    </Rule>\n", fd->key);
}

static void
benchmark_xml(const struct ctx *ctx, FILE *f, const struct finding *fd, size_t n)
{
	size_t i;
	int sec = 0;

	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" "
	    "id=\"" NS "_benchmark_CIS_Docker_%s\" resolved=\"1\" xml:lang=\"en\">\n"
	    "  <status>accepted</status>\n  <title>", edition_name(ctx->edition));
	xml_escape(f, edition_title(ctx->edition));
	fprintf(f, ", sections 1-3</title>\n  <description>The controls of sections 1-3 "
	    "as cisharden %s checks and remediates them: titles are the benchmark's, "
	    "descriptions and fix texts are cisharden's.</description>\n"
	    "  <platform idref=\"cpe:/o:linux\"/>\n  <version>%s</version>\n"
	    "  <metadata>\n    <dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
	    "cisharden</dc:creator>\n  </metadata>\n"
	    "  <model system=\"urn:xccdf:scoring:default\"/>\n",
	    CISHARDEN_VERSION, edition_name(ctx->edition));
	profile_xml(f, 1, fd, n);
	profile_xml(f, 2, fd, n);
	for (i = 0; i < n; i++) {
		if (fd[i].cat.section != sec) {
			if (sec != 0)
				fputs("  </Group>\n", f);
			sec = fd[i].cat.section;
			fprintf(f, "  <Group id=\"" NS "_group_section_%d\">\n"
			    "    <title>%d %s</title>\n", sec, sec,
			    sec >= 1 && sec <= 3 ? section_title[sec] : "");
		}
		rule_xml(ctx, f, &fd[i]);
	}
	if (sec != 0)
		fputs("  </Group>\n", f);
}

static void
fact(FILE *f, const char *name, const char *value)
{
	if (value == NULL)
		return;
	fprintf(f, "      <fact name=\"urn:cisharden:fact:%s\" type=\"string\">", name);
	xml_escape(f, value);
	fputs("</fact>\n", f);
}

static const char *
message_severity(enum verdict v)
{
	return v == V_ERROR ? "error" : v == V_FAIL ? "warning" : "info";
}

static void
rule_result_xml(FILE *f, const struct finding *fd)
{
	size_t j;

	fprintf(f, "    <rule-result idref=\"" NS "_rule_%s\" role=\"full\" "
	    "severity=\"%s\" weight=\"1.0\">\n      <result>%s</result>\n", fd->key,
	    xccdf_severity(fd->severity), verdict_name(fd->v));
	if (fd->message != NULL && fd->message[0] != '\0') {
		fprintf(f, "      <message severity=\"%s\">", message_severity(fd->v));
		xml_escape(f, fd->message);
		fputs("</message>\n", f);
	}
	for (j = 0; fd->res != NULL && j < fd->res->nchanges; j++) {
		fputs("      <message severity=\"info\">", f);
		xml_escape(f, fd->res->changes[j]);
		fputs("</message>\n", f);
	}
	fprintf(f, "      <check system=\"" CHECK_SYSTEM "\">\n"
	    "        <check-content-ref href=\"cisharden\" name=\"%s\"/>\n"
	    "      </check>\n    </rule-result>\n", fd->key);
}

/* The default model without weights: the share of the rules that count
 * (pass, fixed, fail, error) that pass or were fixed. */
static double
score(const struct finding *fd, size_t n)
{
	size_t i, counted = 0, good = 0;

	for (i = 0; i < n; i++) {
		if (fd[i].v == V_PASS || fd[i].v == V_FIXED)
			good++;
		if (fd[i].v == V_PASS || fd[i].v == V_FIXED || fd[i].v == V_FAIL ||
		    fd[i].v == V_ERROR)
			counted++;
	}
	return counted ? 100.0 * (double)good / (double)counted : 100.0;
}

static void
testresult_xml(const struct ctx *ctx, const struct run *run, FILE *f,
    const struct finding *fd, size_t n)
{
	char start[32], end[32], target[256];
	int level = ctx->level == 1 ? 1 : 2;
	size_t i;

	report_time(ctx->started, start, sizeof(start));
	report_time(time(NULL), end, sizeof(end));
	report_target(ctx, target, sizeof(target));
	fprintf(f, "  <TestResult id=\"" NS "_testresult_level_%d\" start-time=\"%s\" "
	    "end-time=\"%s\" test-system=\"cpe:/a:cisharden:cisharden:%s\" "
	    "version=\"%s\">\n    <title>cisharden %s, profile ", level, start, end,
	    CISHARDEN_VERSION, edition_name(ctx->edition),
	    ctx->cmd == CMD_APPLY ? (ctx->dry_run ? "apply --dry-run" : "apply") : "verify");
	xml_escape(f, run->prof->name);
	fprintf(f, "</title>\n    <identity authenticated=\"false\" privileged=\"%s\">",
	    geteuid() == 0 ? "true" : "false");
	xml_escape(f, ctx->user[0] ? ctx->user : "unknown");
	fprintf(f, "</identity>\n    <profile idref=\"" NS "_profile_level_%d\"/>\n"
	    "    <target>", level);
	xml_escape(f, target);
	fputs("</target>\n", f);
	if (ctx->id.account || ctx->id.region || ctx->id.instance) {
		fputs("    <target-facts>\n", f);
		fact(f, "aws:account-id", ctx->id.account);
		fact(f, "aws:region", ctx->id.region);
		fact(f, "aws:instance-id", ctx->id.instance);
		fputs("    </target-facts>\n", f);
	}
	for (i = 0; i < n; i++)
		rule_result_xml(f, &fd[i]);
	fprintf(f, "    <score system=\"urn:xccdf:scoring:default\" "
	    "maximum=\"100.000000\">%.6f</score>\n  </TestResult>\n", score(fd, n));
}

int
report_xccdf(const struct ctx *ctx, const struct run *run, const struct summary *s,
    FILE *f)
{
	struct finding *fd;
	size_t n;
	int rc;

	(void)s;
	if ((rc = report_findings(ctx, run, "xccdf", &fd, &n)) < 0)
		return rc;
	benchmark_xml(ctx, f, fd, n);
	testresult_xml(ctx, run, f, fd, n);
	fputs("</Benchmark>\n", f);
	free(fd);
	return ferror(f) ? -EIO : 0;
}
