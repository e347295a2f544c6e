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

void
report_summarize(const struct ctx *ctx, const struct run *run, struct summary *s)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < run->prof->nctl; i++)
		if (control_reported(&run->prof->ctl[i])) {
			s->n[run->res[i].st]++;
			s->n_reported++;
		}
	for (i = 0; i < run->prof->nctl; i++)
		if (control_reported(&run->prof->ctl[i])) {
			s->cls[result_class(&run->res[i], run_planned_only(ctx, run))]++;
			s->lines += (int)run->res[i].nchanges;
		}
	/* changed: planned by a dry run, made by an apply (none when the
	 * plan was blocked or the changes were rolled back), 0 for verify */
	for (i = 0; i < run->nact; i++) {
		const struct action *a = &run->act[i];

		if (ctx->cmd != CMD_APPLY || run->blocked)
			continue;
		if (ctx->dry_run)
			s->changed++;
		else if (a->rc > 0 && !a->rolled_back)
			s->changed++;
		else if (a->rc < 0 && a->rc != -ECANCELED)
			s->failed_actions++;
		else if (a->rc < 0 && run->rollback == 0)
			s->failed_actions++;
	}
}

/* "will fix", "cannot fix here (needs package auditd)": the class as
 * people read it. */
static void
class_text(const struct result *r, enum ctl_class cls, char *buf, size_t n)
{
	switch (cls) {
	case CLS_COMPLIANT:
		snprintf(buf, n, "compliant");
		break;
	case CLS_WILL_FIX:
		snprintf(buf, n, "will fix");
		break;
	case CLS_CANNOT_FIX:
		if (r->st == ST_EXCLUDED)
			snprintf(buf, n, "cannot fix here (excluded by the profile)");
		else
			snprintf(buf, n, "cannot fix here (needs %s)",
			    r->need != NEED_NONE ? need_text(r->need) :
			    need_text(NEED_HAND_CHANGE));
		break;
	case CLS_REFUSED:
		snprintf(buf, n, "refused");
		break;
	default:
		snprintf(buf, n, "error");
		break;
	}
}

static const char *
action_result(const struct ctx *ctx, const struct run *run, const struct action *a)
{
	if (run_planned_only(ctx, run))
		return ctx->dry_run || ctx->cmd != CMD_APPLY ? "planned" : "blocked";
	if (a->rc < 0)
		return "failed";
	if (a->rolled_back)
		return "rolled_back";
	return a->rc > 0 ? "changed" : "unchanged";
}

/* The command that undoes this apply. */
static char *
restore_command(const struct ctx *ctx)
{
	char *t;

	if (asprintf(&t, "cisharden restore%s%s%s%s", ctx->offline ? " --root " : "",
	    ctx->offline ? ctx->root : "", ctx->backup_dir ? " --backup-dir " : "",
	    ctx->backup_dir ? ctx->backup_dir : "") < 0)
		return NULL;
	return t;
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

static void
text_plan_lines(const struct ctx *ctx, const struct run *run, FILE *f)
{
	size_t i, j;

	for (i = 0; i < run->prof->nctl; i++)
		for (j = 0; control_reported(&run->prof->ctl[i]) && j < run->res[i].nchanges; j++)
			fprintf(f, "  %-7s %s\n", run->prof->ctl[i].id, run->res[i].changes[j]);
	for (i = 0; i < run->nact; i++) {
		const struct action *a = &run->act[i];

		if (!run_planned_only(ctx, run) && a->rc < 0 && a->rc != -ECANCELED)
			fprintf(f, "  FAILED  %s: %s\n", a->path ? a->path : a->ctl_ids,
			    a->err ? a->err : strerror(-a->rc));
	}
}

static void
text_rollback(const struct run *run, FILE *f)
{
	size_t i;

	if (run->rollback > 0) {
		for (i = 0; i < run->nact && !run->act[i].rolled_back; i++)
			;
		fprintf(f, i < run->nact ? "Rolled back: every change this apply had "
		    "made was put back from its backup; the host is as it was.\n" :
		    "Nothing was changed: the first change failed.\n");
		return;
	}
	fprintf(f, "Rollback FAILED (%s): these changes remain:\n", strerror(-run->rollback));
	for (i = 0; i < run->nact; i++) {
		const struct action *a = &run->act[i];

		if (a->rc > 0 && !a->rolled_back)
			fprintf(f, "  %-7s %s  %s\n", a->ctl_ids, a->path ? a->path : "",
			    a->summary ? a->summary : "");
	}
}

static int
text_plan(const struct ctx *ctx, const struct run *run, const struct summary *s, FILE *f)
{
	char ids[512];
	size_t i;

	if (run->nact == 0) {
		if (ctx->dry_run)
			fprintf(f, "No changes planned.\n");
		else if (s->cls[CLS_COMPLIANT] == s->n_reported)
			fprintf(f, "0 changes: the host already matches the profile.\n");
		else
			fprintf(f, "0 changes: nothing more cisharden can change here; "
			    "%d control%s still need%s something (below).\n",
			    s->n_reported - s->cls[CLS_COMPLIANT],
			    s->n_reported - s->cls[CLS_COMPLIANT] == 1 ? "" : "s",
			    s->n_reported - s->cls[CLS_COMPLIANT] == 1 ? "s" : "");
		return 0;
	}
	if (run->blocked) {
		snprintf(ids, sizeof(ids), "%s", run->blocked_by ? run->blocked_by : "");
		fprintf(f, "Nothing was changed: the plan is blocked by %s (refused or "
		    "in error, below).\nFix that, or apply the rest with "
		    "--keep-going.\n", ids);
	}
	fprintf(f, "%s: %d change%s in %zu action%s\n",
	    ctx->dry_run ? "Planned changes (dry run: nothing is written)" :
	    run->blocked ? "Planned changes (not made)" : "Changes",
	    s->lines, s->lines == 1 ? "" : "s", run->nact, run->nact == 1 ? "" : "s");
	text_plan_lines(ctx, run, f);
	if (!run_planned_only(ctx, run) && run->rollback != 0)
		text_rollback(run, f);
	for (i = 0; i < run->nact; i++) {
		const struct action *a = &run->act[i];

		if (a->diff != NULL && a->diff[0] != '\0' && run_planned_only(ctx, run))
			fprintf(f, "\n%s", a->diff);
	}
	fputc('\n', f);
	return 0;
}

static void
text_control(const struct ctx *ctx, const struct run *run, size_t i, FILE *f)
{
	const struct control *c = &run->prof->ctl[i];
	const struct result *r = &run->res[i];
	enum ctl_class cls = result_class(r, run_planned_only(ctx, run));
	const char *see = run->res[i].see;
	char ct[160];

	if (ctx->color)
		fprintf(f, "%s%-9s%s", status_color[r->st], upper_status(r->st), C_RESET);
	else
		fprintf(f, "%-9s", upper_status(r->st));
	fprintf(f, "%-7s %s\n", c->id, c->title ? c->title : "");
	if (cls == CLS_COMPLIANT && (r->reason == NULL || r->reason[0] == '\0'))
		return;
	class_text(r, cls, ct, sizeof(ct));
	if (see != NULL)
		fprintf(f, "%16s%s: see %s\n", "", ct, see);
	else
		fprintf(f, "%16s%s: %s\n", "", ct, r->reason ? r->reason : "");
}

int
report_text(const struct ctx *ctx, const struct run *run, const struct summary *s,
    FILE *f)
{
	size_t i;

	fprintf(f, "%s, profile %s\n\n", edition_title(ctx->edition), run->prof->name);
	if (ctx->cmd == CMD_APPLY && text_plan(ctx, run, s, f) < 0)
		return -EIO;
	for (i = 0; i < run->prof->nctl; i++)
		if (control_reported(&run->prof->ctl[i]))
			text_control(ctx, run, i, f);
	if (run->restart_pending)
		fprintf(f, "\ndaemon.json changed: restart dockerd (or use --restart-docker) "
		    "for the running daemon to enforce it.\n");
	if (run->reboot_required)
		fprintf(f, "\nThe kernel audit configuration is immutable (-e 2): "
		    "reboot to load the new rules.\n");
	fprintf(f, "\nclasses: %d compliant, %d will fix, %d cannot fix here, %d refused, "
	    "%d error\n", s->cls[CLS_COMPLIANT], s->cls[CLS_WILL_FIX],
	    s->cls[CLS_CANNOT_FIX], s->cls[CLS_REFUSED], s->cls[CLS_ERROR]);
	fprintf(f, "summary: %d pass, %d fail, %d manual, %d n/a, %d excluded",
	    s->n[ST_PASS], s->n[ST_FAIL], s->n[ST_MANUAL], s->n[ST_NA], s->n[ST_EXCLUDED]);
	if (s->n[ST_REFUSED])
		fprintf(f, ", %d refused", s->n[ST_REFUSED]);
	if (s->n[ST_ERROR])
		fprintf(f, ", %d error", s->n[ST_ERROR]);
	if (s->n[ST_PENDING])
		fprintf(f, ", %d restart pending", s->n[ST_PENDING]);
	if (ctx->cmd == CMD_APPLY && run->blocked)
		fprintf(f, "; %zu action%s planned, none made", run->nact,
		    run->nact == 1 ? "" : "s");
	else if (ctx->cmd == CMD_APPLY)
		fprintf(f, "; %d action%s %s", s->changed, s->changed == 1 ? "" : "s",
		    ctx->dry_run ? "planned" : "made");
	fputc('\n', f);
	if (ctx->cmd == CMD_APPLY && run->backup != NULL && s->changed > 0) {
		char *cmd = restore_command(ctx);

		fprintf(f, "\nbackup: %s%s\nto undo this apply: %s\n",
		    ctx->offline ? ctx->root : "", run->backup, cmd ? cmd : "cisharden restore");
		free(cmd);
	}
	return ferror(f) ? -EIO : 0;
}

/* The edition's assessment status, as the benchmark prints it. */
static const char *
assessment(const struct control *c)
{
	return c->automated ? "Automated" : "Manual";
}

static cJSON *
json_controls(const struct ctx *ctx, const struct run *run)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i, j;

	for (i = 0; arr != NULL && i < run->prof->nctl; i++) {
		const struct control *c = &run->prof->ctl[i];
		const struct result *r = &run->res[i];
		enum ctl_class cls = result_class(r, run_planned_only(ctx, run));
		const char *see = run->res[i].see;
		cJSON *o, *ch;

		if (!control_reported(c))
			continue;
		if ((o = cJSON_CreateObject()) == NULL)
			goto fail;
		cJSON_AddItemToArray(arr, o);
		if (!cJSON_AddStringToObject(o, "id", c->id) ||
		    !cJSON_AddStringToObject(o, "key", c->key) ||
		    !cJSON_AddStringToObject(o, "title", c->title ? c->title : "") ||
		    !cJSON_AddStringToObject(o, "assessment", assessment(c)) ||
		    !cJSON_AddNumberToObject(o, "level", c->level) ||
		    !cJSON_AddNumberToObject(o, "section", c->section) ||
		    !cJSON_AddStringToObject(o, "kind", kind_name(c->kind)) ||
		    !cJSON_AddStringToObject(o, "status", status_name(r->st)) ||
		    !cJSON_AddStringToObject(o, "class", class_name(cls)) ||
		    !cJSON_AddStringToObject(o, "reason", r->reason ? r->reason : "") ||
		    !cJSON_AddStringToObject(o, "needs", cls == CLS_CANNOT_FIX ?
		    need_text(r->need) : "") ||
		    !cJSON_AddStringToObject(o, "see", see ? see : "") ||
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
		    !cJSON_AddStringToObject(o, "result", action_result(ctx, run, a)) ||
		    !(a->err && !ctx->dry_run ? cJSON_AddStringToObject(o, "error", a->err) :
		    cJSON_AddNullToObject(o, "error")))
			goto fail;
	}
	return arr;
fail:
	cJSON_Delete(arr);
	return NULL;
}

int
report_json(const struct ctx *ctx, const struct run *run, const struct summary *s,
    FILE *f)
{
	cJSON *doc = cJSON_CreateObject(), *sum, *x;
	char *text = NULL, *cmd = restore_command(ctx), *bak = NULL, blocked[512];
	int i, rc = -ENOMEM;

	snprintf(blocked, sizeof(blocked), "%s", run->blocked_by ? run->blocked_by : "");
	if (ctx->cmd == CMD_APPLY && run->backup != NULL && s->changed > 0 &&
	    asprintf(&bak, "%s%s", ctx->offline ? ctx->root : "", run->backup) < 0)
		bak = NULL;
	if (doc == NULL || cmd == NULL) {
		free(cmd);
		free(bak);
		cJSON_Delete(doc);
		return -ENOMEM;
	}
	if (!cJSON_AddStringToObject(doc, "tool", "cisharden") ||
	    !cJSON_AddStringToObject(doc, "version", CISHARDEN_VERSION) ||
	    !cJSON_AddStringToObject(doc, "benchmark", edition_title(ctx->edition)) ||
	    !cJSON_AddStringToObject(doc, "profile", run->prof->name) ||
	    !cJSON_AddStringToObject(doc, "command", command_name(ctx->cmd)) ||
	    !cJSON_AddBoolToObject(doc, "dry_run", ctx->dry_run) ||
	    !cJSON_AddStringToObject(doc, "root", ctx->root) ||
	    !cJSON_AddNumberToObject(doc, "changed", s->changed) ||
	    !cJSON_AddBoolToObject(doc, "restart_pending", run->restart_pending) ||
	    !cJSON_AddBoolToObject(doc, "reboot_required", run->reboot_required) ||
	    !cJSON_AddBoolToObject(doc, "blocked", run->blocked) ||
	    !cJSON_AddStringToObject(doc, "blocked_by", run->blocked ? blocked : "") ||
	    !cJSON_AddBoolToObject(doc, "rolled_back", run->rollback > 0) ||
	    !(bak ? cJSON_AddStringToObject(doc, "backup", bak) :
	    cJSON_AddNullToObject(doc, "backup")) ||
	    !(bak && cmd ? cJSON_AddStringToObject(doc, "restore_command", cmd) :
	    cJSON_AddNullToObject(doc, "restore_command")))
		goto out;
	if ((x = json_controls(ctx, run)) == NULL)
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
	if ((x = cJSON_AddObjectToObject(sum, "classes")) == NULL)
		goto out;
	for (i = 0; i < CLS__MAX; i++)
		if (!cJSON_AddNumberToObject(x, class_name(i), s->cls[i]))
			goto out;
	if (!cJSON_AddNumberToObject(sum, "change_lines", s->lines))
		goto out;
	if ((text = cJSON_Print(doc)) == NULL)
		goto out;
	rc = fprintf(f, "%s\n", text) < 0 ? -EIO : 0;
out:
	free(text);
	free(cmd);
	free(bak);
	cJSON_Delete(doc);
	return rc;
}

void
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

	for (i = 0; i < run->prof->nctl; i++)
		total += control_reported(&run->prof->ctl[i]);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
	    "  <testsuite name=\"cisharden ");
	xml_escape(f, run->prof->name);
	fprintf(f, " (%s)", edition_title(ctx->edition));
	fprintf(f, "\" tests=\"%zu\" failures=\"%d\" errors=\"%d\" skipped=\"%d\">\n",
	    total, failures, s->n[ST_ERROR], skipped);
	for (i = 0; i < run->prof->nctl; i++) {
		const struct control *c = &run->prof->ctl[i];
		const struct result *r = &run->res[i];

		if (!control_reported(c))
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
			cJSON_AddStringToObject(o, "key", c->key);
			cJSON_AddStringToObject(o, "title", c->title);
			cJSON_AddStringToObject(o, "assessment", assessment(c));
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
	fprintf(f, "%s, profile %s: %zu controls\n\n", edition_title(ctx->edition),
	    run->prof->name, run->prof->nctl);
	fprintf(f, "%-7s %-3s %-2s %-13s %-9s %s\n", "ID", "LVL", "AM", "KIND",
	    "STATE", "TITLE");
	for (i = 0; i < run->prof->nctl; i++) {
		const struct control *c = &run->prof->ctl[i];

		fprintf(f, "%-7s L%-2d %-2s %-13s %-9s %s\n", c->id, c->level,
		    c->automated ? "A" : "M", kind_name(c->kind),
		    c->excluded ? "excluded" : c->selected ? "selected" : "skipped",
		    c->title);
		if (c->excluded)
			fprintf(f, "%38s reason: %s\n", "", c->exclude_reason);
	}
	return ferror(f) ? -EIO : 0;
}
