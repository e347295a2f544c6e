/*
 * report.c - text, JSON and JUnit reports of a run.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "profile.h"
#include "report.h"

#define C_RESET "\033[0m"

static const char *const status_color[ST__MAX] = {
	[ST_PASS] = "\033[32m", [ST_FAIL] = "\033[31m", [ST_MANUAL] = "\033[36m",
	[ST_NA] = "\033[2m", [ST_EXCLUDED] = "\033[2m", [ST_REFUSED] = "\033[35m",
	[ST_ERROR] = "\033[31;1m", [ST_PENDING] = "\033[33m",
};

/* Is this control in the report at all? (--only/--skip/--level drop it) */
static bool
reported(const struct control *c)
{
	return c->selected;
}

void
report_summarize(const struct ctx *ctx, const struct run *run, struct summary *s)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < run->prof->nctl; i++)
		if (reported(&run->prof->ctl[i]))
			s->n[run->res[i].st]++;
	for (i = 0; i < run->nact; i++) {
		const struct action *a = &run->act[i];

		if (ctx->dry_run)
			s->changed++;
		else if (a->rc > 0)
			s->changed++;
		else if (a->rc < 0)
			s->failed_actions++;
	}
}

static const char *
action_result(const struct ctx *ctx, const struct action *a)
{
	if (ctx->dry_run)
		return "planned";
	if (a->rc < 0)
		return "failed";
	return a->rc > 0 ? "changed" : "unchanged";
}

static const char *
upper_status(enum status st)
{
	static const char *const names[ST__MAX] = {
		[ST_PASS] = "PASS", [ST_FAIL] = "FAIL", [ST_MANUAL] = "MANUAL",
		[ST_NA] = "N/A", [ST_EXCLUDED] = "EXCLUDED", [ST_REFUSED] = "REFUSED",
		[ST_ERROR] = "ERROR", [ST_PENDING] = "PENDING",
	};
	return names[st];
}

static int
text_plan(const struct ctx *ctx, const struct run *run, FILE *f)
{
	size_t i, j;

	if (run->nact == 0) {
		fprintf(f, ctx->dry_run ? "No changes needed: nothing to do.\n" :
		    "0 changes: the host already matches the profile.\n");
		return 0;
	}
	fprintf(f, ctx->dry_run ? "Planned changes (dry run: nothing is written):\n" :
	    "Changes:\n");
	for (i = 0; i < run->prof->nctl; i++)
		for (j = 0; j < run->res[i].nchanges; j++)
			fprintf(f, "  %-7s %s\n", run->prof->ctl[i].id, run->res[i].changes[j]);
	for (i = 0; i < run->nact; i++) {
		const struct action *a = &run->act[i];

		if (!ctx->dry_run && a->rc < 0)
			fprintf(f, "  FAILED  %s: %s\n", a->path ? a->path : a->ctl_ids,
			    a->err ? a->err : strerror(-a->rc));
		if (a->diff != NULL && a->diff[0] != '\0' && ctx->dry_run)
			fprintf(f, "\n%s", a->diff);
	}
	fputc('\n', f);
	return 0;
}

int
report_text(const struct ctx *ctx, const struct run *run, const struct summary *s,
    FILE *f)
{
	size_t i;

	if (ctx->cmd == CMD_APPLY && text_plan(ctx, run, f) < 0)
		return -EIO;
	for (i = 0; i < run->prof->nctl; i++) {
		const struct control *c = &run->prof->ctl[i];
		const struct result *r = &run->res[i];
		const char *st = upper_status(r->st);

		if (!reported(c))
			continue;
		if (ctx->color)
			fprintf(f, "%s%-9s%s", status_color[r->st], st, C_RESET);
		else
			fprintf(f, "%-9s", st);
		fprintf(f, "%-7s %s", c->id, c->title ? c->title : "");
		if (r->reason != NULL)
			fprintf(f, "\n%16s%s", "", r->reason);
		fputc('\n', f);
	}
	if (run->restart_pending)
		fprintf(f, "\ndaemon.json changed: restart dockerd (or use --restart-docker) "
		    "for the running daemon to enforce it.\n");
	if (run->reboot_required)
		fprintf(f, "\nThe kernel audit configuration is immutable (-e 2): "
		    "reboot to load the new rules.\n");
	fprintf(f, "\nsummary: %d pass, %d fail, %d manual, %d n/a, %d excluded",
	    s->n[ST_PASS], s->n[ST_FAIL], s->n[ST_MANUAL], s->n[ST_NA], s->n[ST_EXCLUDED]);
	if (s->n[ST_REFUSED])
		fprintf(f, ", %d refused", s->n[ST_REFUSED]);
	if (s->n[ST_ERROR])
		fprintf(f, ", %d error", s->n[ST_ERROR]);
	if (s->n[ST_PENDING])
		fprintf(f, ", %d restart pending", s->n[ST_PENDING]);
	if (ctx->cmd == CMD_APPLY)
		fprintf(f, "; %d change%s %s", s->changed, s->changed == 1 ? "" : "s",
		    ctx->dry_run ? "planned" : "made");
	fputc('\n', f);
	return ferror(f) ? -EIO : 0;
}

static cJSON *
json_controls(const struct run *run)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i, j;

	for (i = 0; arr != NULL && i < run->prof->nctl; i++) {
		const struct control *c = &run->prof->ctl[i];
		const struct result *r = &run->res[i];
		cJSON *o, *ch;

		if (!reported(c))
			continue;
		if ((o = cJSON_CreateObject()) == NULL)
			goto fail;
		cJSON_AddItemToArray(arr, o);
		if (!cJSON_AddStringToObject(o, "id", c->id) ||
		    !cJSON_AddStringToObject(o, "title", c->title ? c->title : "") ||
		    !cJSON_AddNumberToObject(o, "level", c->level) ||
		    !cJSON_AddNumberToObject(o, "section", c->section) ||
		    !cJSON_AddStringToObject(o, "kind", kind_name(c->kind)) ||
		    !cJSON_AddStringToObject(o, "status", status_name(r->st)) ||
		    !(r->reason ? cJSON_AddStringToObject(o, "reason", r->reason) :
		    cJSON_AddNullToObject(o, "reason")) ||
		    !(ch = cJSON_AddArrayToObject(o, "changes")))
			goto fail;
		for (j = 0; j < r->nchanges; j++)
			cJSON_AddItemToArray(ch, cJSON_CreateString(r->changes[j]));
	}
	return arr;
fail:
	cJSON_Delete(arr);
	return NULL;
}

static cJSON *
json_actions(const struct ctx *ctx, const struct run *run)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; arr != NULL && i < run->nact; i++) {
		const struct action *a = &run->act[i];
		cJSON *o = cJSON_CreateObject();

		if (o == NULL)
			goto fail;
		cJSON_AddItemToArray(arr, o);
		if (!cJSON_AddStringToObject(o, "controls", a->ctl_ids) ||
		    !(a->path ? cJSON_AddStringToObject(o, "path", a->path) :
		    cJSON_AddNullToObject(o, "path")) ||
		    !cJSON_AddStringToObject(o, "summary", a->summary ? a->summary : "") ||
		    !(a->diff ? cJSON_AddStringToObject(o, "diff", a->diff) :
		    cJSON_AddNullToObject(o, "diff")) ||
		    !cJSON_AddStringToObject(o, "result", action_result(ctx, a)) ||
		    !(a->err && !ctx->dry_run ? cJSON_AddStringToObject(o, "error", a->err) :
		    cJSON_AddNullToObject(o, "error")))
			goto fail;
	}
	return arr;
fail:
	cJSON_Delete(arr);
	return NULL;
}

static const char *
command_name(enum command c)
{
	static const char *const n[] = { "apply", "verify", "list", "restore" };

	return n[c];
}

int
report_json(const struct ctx *ctx, const struct run *run, const struct summary *s,
    FILE *f)
{
	cJSON *doc = cJSON_CreateObject(), *sum, *x;
	char *text = NULL;
	int i, rc = -ENOMEM;

	if (doc == NULL)
		return -ENOMEM;
	if (!cJSON_AddStringToObject(doc, "tool", "cisharden") ||
	    !cJSON_AddStringToObject(doc, "version", CISHARDEN_VERSION) ||
	    !cJSON_AddStringToObject(doc, "benchmark", CISHARDEN_BENCHMARK) ||
	    !cJSON_AddStringToObject(doc, "profile", run->prof->name) ||
	    !cJSON_AddStringToObject(doc, "command", command_name(ctx->cmd)) ||
	    !cJSON_AddBoolToObject(doc, "dry_run", ctx->dry_run) ||
	    !cJSON_AddStringToObject(doc, "root", ctx->root) ||
	    !cJSON_AddNumberToObject(doc, "changed", s->changed) ||
	    !cJSON_AddBoolToObject(doc, "restart_pending", run->restart_pending) ||
	    !cJSON_AddBoolToObject(doc, "reboot_required", run->reboot_required))
		goto out;
	if ((x = json_controls(run)) == NULL)
		goto out;
	cJSON_AddItemToObject(doc, "controls", x);
	if ((x = json_actions(ctx, run)) == NULL)
		goto out;
	cJSON_AddItemToObject(doc, "actions", x);
	if ((sum = cJSON_AddObjectToObject(doc, "summary")) == NULL)
		goto out;
	for (i = 0; i < ST__MAX; i++)
		if (!cJSON_AddNumberToObject(sum, status_name(i), s->n[i]))
			goto out;
	if ((text = cJSON_Print(doc)) == NULL)
		goto out;
	rc = fprintf(f, "%s\n", text) < 0 ? -EIO : 0;
out:
	free(text);
	cJSON_Delete(doc);
	return rc;
}

static void
xml_escape(FILE *f, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			/* XML 1.0 forbids most control characters */
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				fputc('?', f);
			else
				fputc(*s, f);
		}
	}
}

int
report_junit(const struct ctx *ctx, const struct run *run, const struct summary *s,
    FILE *f)
{
	size_t i, total = 0;
	int failures = s->n[ST_FAIL] + s->n[ST_REFUSED] + s->n[ST_PENDING];
	int skipped = s->n[ST_MANUAL] + s->n[ST_NA] + s->n[ST_EXCLUDED];

	(void)ctx;
	for (i = 0; i < run->prof->nctl; i++)
		total += reported(&run->prof->ctl[i]);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
	    "  <testsuite name=\"cisharden ");
	xml_escape(f, run->prof->name);
	fprintf(f, "\" tests=\"%zu\" failures=\"%d\" errors=\"%d\" skipped=\"%d\">\n",
	    total, failures, s->n[ST_ERROR], skipped);
	for (i = 0; i < run->prof->nctl; i++) {
		const struct control *c = &run->prof->ctl[i];
		const struct result *r = &run->res[i];

		if (!reported(c))
			continue;
		fprintf(f, "    <testcase classname=\"cis.section%d\" name=\"", c->section);
		xml_escape(f, c->id);
		fputc(' ', f);
		xml_escape(f, c->title);
		fputs("\"", f);
		switch (r->st) {
		case ST_PASS:
			fputs("/>\n", f);
			continue;
		case ST_FAIL:
		case ST_REFUSED:
		case ST_PENDING:
			fprintf(f, ">\n      <failure type=\"%s\" message=\"", status_name(r->st));
			break;
		case ST_ERROR:
			fputs(">\n      <error message=\"", f);
			break;
		default:
			fprintf(f, ">\n      <skipped message=\"%s: ", status_name(r->st));
			break;
		}
		xml_escape(f, r->reason ? r->reason : status_name(r->st));
		fputs("\"/>\n    </testcase>\n", f);
	}
	fputs("  </testsuite>\n</testsuites>\n", f);
	return ferror(f) ? -EIO : 0;
}

int
report_list(const struct ctx *ctx, const struct run *run, FILE *f)
{
	size_t i;

	if (ctx->format == FMT_JSON) {
		cJSON *arr = cJSON_CreateArray();
		char *text;

		for (i = 0; arr != NULL && i < run->prof->nctl; i++) {
			const struct control *c = &run->prof->ctl[i];
			cJSON *o = cJSON_CreateObject();

			if (o == NULL)
				break;
			cJSON_AddItemToArray(arr, o);
			cJSON_AddStringToObject(o, "id", c->id);
			cJSON_AddStringToObject(o, "title", c->title);
			cJSON_AddNumberToObject(o, "level", c->level);
			cJSON_AddNumberToObject(o, "section", c->section);
			cJSON_AddStringToObject(o, "kind", kind_name(c->kind));
			cJSON_AddBoolToObject(o, "selected", c->selected);
			cJSON_AddBoolToObject(o, "excluded", c->excluded);
			if (c->excluded)
				cJSON_AddStringToObject(o, "reason", c->exclude_reason);
		}
		if (arr == NULL || (text = cJSON_Print(arr)) == NULL) {
			cJSON_Delete(arr);
			return -ENOMEM;
		}
		fprintf(f, "%s\n", text);
		free(text);
		cJSON_Delete(arr);
		return ferror(f) ? -EIO : 0;
	}
	fprintf(f, "%-7s %-3s %-13s %-9s %s\n", "ID", "LVL", "KIND", "STATE", "TITLE");
	for (i = 0; i < run->prof->nctl; i++) {
		const struct control *c = &run->prof->ctl[i];

		fprintf(f, "%-7s L%-2d %-13s %-9s %s\n", c->id, c->level, kind_name(c->kind),
		    c->excluded ? "excluded" : c->selected ? "selected" : "skipped",
		    c->title);
		if (c->excluded)
			fprintf(f, "%35s reason: %s\n", "", c->exclude_reason);
	}
	return ferror(f) ? -EIO : 0;
}
