/*
 * observe.c - see observe.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accounts.h"
#include "auditrules.h"
#include "dflags.h"
#include "observe.h"
#include "safeio.h"
#include "sections.h"
#include "spawn.h"
#include "strv.h"

/* Expand a path whose components may be "*" (only whole components).
 * A directory that cannot be listed is recorded in errs, never taken
 * as empty. */
static int
expand_glob(int rootfd, const char *prefix, const char *rest, struct strv *out,
    struct strv *errs)
{
	const char *star = strstr(rest, "*");
	char *dir, **names = NULL;
	size_t nnames = 0, i;
	int rc;

	if (star == NULL) {
		char *p;

		if (asprintf(&p, "%s%s", prefix, rest) < 0)
			return -ENOMEM;
		rc = strv_add(out, p);
		free(p);
		return rc;
	}
	if (asprintf(&dir, "%s%.*s", prefix, (int)(star - rest), rest) < 0)
		return -ENOMEM;
	rc = safeio_list(rootfd, dir, &names, &nnames);
	if (rc < 0) {
		char *e = NULL;

		/* missing: nothing to do; unreadable: say so, never "n/a" */
		if (rc != -ENOENT && rc != -ENOTDIR && rc != -ENOMEM &&
		    asprintf(&e, "cannot list %s: %s", dir, strerror(-rc)) >= 0) {
			rc = strv_add(errs, e);
			free(e);
		} else if (rc != -ENOMEM)
			rc = 0;
		free(dir);
		return rc;
	}
	for (i = 0; i < nnames && rc >= 0; i++) {
		char *np;

		if (names[i][0] == '.')
			continue;	/* our own temporaries and hidden files */
		if (asprintf(&np, "%s%s", dir, names[i]) < 0) {
			rc = -ENOMEM;
			break;
		}
		/* Only descend through real directories. */
		if (star[1] != '\0') {
			struct stat st;

			if (safeio_lstat(rootfd, np, &st) < 0 || !S_ISDIR(st.st_mode)) {
				free(np);
				continue;
			}
		}
		rc = expand_glob(rootfd, np, star + 1, out, errs);
		free(np);
	}
	strvec_free(names, nnames);
	free(dir);
	return rc;
}

static int
add_all(struct strv *out, char *const *v, size_t n)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = strv_add(out, v[i])) < 0)
			return rc;
	return 0;
}

/* A control's targets as paths: unit:NAME is every copy systemd could
 * load and its drop-ins, tls:KEY the path dockerd is configured with. */
static int
expand_targets(const struct ctx *ctx, const struct host *h,
    const struct control *c, struct strv *out, struct strv *errs)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < c->ntargets && rc >= 0; i++) {
		const char *t = c->targets[i];

		if (strcmp(t, "unit:docker.service") == 0) {
			if ((rc = add_all(out, h->service_units, h->nservice_units)) >= 0)
				rc = add_all(out, h->service_dropins, h->nservice_dropins);
		} else if (strcmp(t, "unit:docker.socket") == 0) {
			if ((rc = add_all(out, h->socket_units, h->nsocket_units)) >= 0)
				rc = add_all(out, h->socket_dropins, h->nsocket_dropins);
		} else if (strncmp(t, "tls:", 4) == 0) {
			const char *p = host_option(h, t + 4, NULL);

			if (p != NULL && p[0] == '/')
				rc = strv_add(out, p);
		} else if (t[0] == '/') {
			rc = expand_glob(ctx->rootfd, "", t, out, errs);
		} else {
			rc = -EINVAL;	/* the profile loader accepts no other form */
		}
	}
	return rc;
}

static int
observe_paths(const struct ctx *ctx, struct strv *paths, struct ctlobs *o)
{
	size_t i;

	if (paths->n == 0)
		return 0;
	if ((o->paths = calloc(paths->n, sizeof(*o->paths))) == NULL)
		return -ENOMEM;
	for (i = 0; i < paths->n; i++) {
		struct pathobs *p = &o->paths[o->npaths++];

		p->path = paths->v[i];
		paths->v[i] = NULL;
		p->rc = safeio_lstat(ctx->rootfd, p->path, &p->st);
		if (p->rc == -ENOMEM)
			return -ENOMEM;
	}
	return 0;
}

static int
observe_control(const struct ctx *ctx, const struct profile *prof,
    const struct control *c, struct host *h, struct ctlobs *o)
{
	struct strv paths = { 0 }, errs = { 0 };
	const char *owner = profile_param_str(prof, c, "owner");
	const char *group = profile_param_str(prof, c, "group");
	int rc;

	o->id = c->id;
	o->uid_rc = o->gid_rc = -ENOENT;
	if (owner != NULL)
		o->uid_rc = accounts_uid(ctx, owner, &o->uid);
	if (group != NULL)
		o->gid_rc = accounts_gid(ctx, group, &o->gid);
	if (o->uid_rc == -ENOMEM || o->gid_rc == -ENOMEM)
		return -ENOMEM;
	if ((rc = expand_targets(ctx, h, c, &paths, &errs)) >= 0)
		rc = observe_paths(ctx, &paths, o);
	o->errs = errs.v;
	o->nerrs = errs.n;
	strv_free(&paths);
	return rc;
}

static int
observe_sec3(const struct ctx *ctx, const struct profile *prof, struct host *h)
{
	size_t i;
	int rc;

	if ((h->ctls = calloc(prof->nctl ? prof->nctl : 1, sizeof(*h->ctls))) == NULL)
		return -ENOMEM;
	for (i = 0; i < prof->nctl; i++) {
		if (!control_is_perm(&prof->ctl[i]))
			continue;
		if ((rc = observe_control(ctx, prof, &prof->ctl[i], h,
		    &h->ctls[h->nctls++])) < 0)
			return rc;
	}
	return 0;
}

static int
observe_text(const struct ctx *ctx, struct host *h, const char *path)
{
	struct textobs *n, *t;

	if (host_text(h, path) != NULL)
		return 0;
	if ((n = realloc(h->texts, (h->ntexts + 1) * sizeof(*n))) == NULL)
		return -ENOMEM;
	h->texts = n;
	t = &h->texts[h->ntexts];
	memset(t, 0, sizeof(*t));
	if ((t->path = strdup(path)) == NULL)
		return -ENOMEM;
	h->ntexts++;
	t->rc = safeio_read(ctx->rootfd, path, SAFEIO_MAX_FILE, &t->text, &t->len, &t->st);
	return t->rc == -ENOMEM ? -ENOMEM : 0;
}

/* docker.socket and its drop-ins decide how the socket is created. */
static int
observe_socket_units(const struct ctx *ctx, struct host *h)
{
	size_t i;
	int rc;

	if (h->nsocket_units > 0 &&
	    (rc = observe_text(ctx, h, h->socket_units[0])) < 0)
		return rc;
	for (i = 0; i < h->nsocket_dropins; i++)
		if ((rc = observe_text(ctx, h, h->socket_dropins[i])) < 0)
			return rc;
	return observe_text(ctx, h, SOCKET_DROPIN);
}

static bool
is_rules_file(const char *name)
{
	size_t n = strlen(name);

	return n > 6 && strcmp(name + n - 6, ".rules") == 0;
}

/* Another rules.d file, read as augenrules' cat does: an in-root
 * symlink is followed. */
static int
read_other_rules(const struct ctx *ctx, const char *path, struct textobs *t)
{
	char *real = NULL;

	if ((t->path = strdup(path)) == NULL)
		return -ENOMEM;
	t->rc = safeio_read(ctx->rootfd, path, SAFEIO_MAX_FILE, &t->text, &t->len, &t->st);
	if (t->rc == -ELOOP && (t->rc = safeio_realpath(ctx->rootfd, path, &real)) == 0)
		t->rc = safeio_read(ctx->rootfd, real, SAFEIO_MAX_FILE, &t->text,
		    &t->len, &t->st);
	free(real);
	return t->rc == -ENOMEM ? -ENOMEM : 0;
}

/* /etc/audit/rules.d: cisharden's own file (never through a symlink)
 * and every other *.rules file. */
static int
observe_rulesd(const struct ctx *ctx, struct host *h)
{
	const char *own = strrchr(AUDITRULES_FILE, '/') + 1;
	char **names = NULL, *p;
	size_t n = 0, i;
	int rc = 0;

	if ((h->own_rules.path = strdup(AUDITRULES_FILE)) == NULL)
		return -ENOMEM;
	h->own_rules.rc = safeio_read(ctx->rootfd, AUDITRULES_FILE, SAFEIO_MAX_FILE,
	    &h->own_rules.text, &h->own_rules.len, &h->own_rules.st);
	if (h->own_rules.rc == -ENOMEM)
		return -ENOMEM;
	h->rulesd_rc = safeio_list(ctx->rootfd, AUDITRULES_DIR, &names, &n);
	if (h->rulesd_rc < 0)
		return h->rulesd_rc == -ENOMEM ? -ENOMEM : 0;
	if (n > 0 && (h->rulesd = calloc(n, sizeof(*h->rulesd))) == NULL)
		rc = -ENOMEM;
	for (i = 0; rc == 0 && i < n; i++) {
		/* augenrules takes *.rules only */
		if (!is_rules_file(names[i]) || strcmp(names[i], own) == 0)
			continue;
		if (asprintf(&p, "%s/%s", AUDITRULES_DIR, names[i]) < 0) {
			rc = -ENOMEM;
			break;
		}
		rc = read_other_rules(ctx, p, &h->rulesd[h->nrulesd++]);
		free(p);
	}
	strvec_free(names, n);
	return rc;
}

/* Parse the rules.d texts once, for every planner and verifier. A file
 * that cannot be read or parsed is noted, not fatal. */
static int
parse_rulesd(struct host *h)
{
	const struct textobs *own = &h->own_rules;
	size_t i;
	int rc;

	if (own->path != NULL && own->rc == 0 && (rc = arules_parse(own->text,
	    own->len, AUDITRULES_FILE, &h->own_parsed)) < 0)
		return rc;
	for (i = 0; i < h->nrulesd; i++) {
		const struct textobs *t = &h->rulesd[i];

		rc = t->rc < 0 ? t->rc : arules_parse(t->text, t->len, t->path,
		    &h->others_parsed);
		if (rc == -ENOMEM)
			return rc;
		if (rc < 0 && (rc = strv_add(&h->rulesd_unreadable, t->path)) < 0)
			return rc;
	}
	return 0;
}

/* The running kernel's audit rules: live only, for an apply (it loads
 * what is missing) or a verify of the live layer. */
static int
observe_kernel(const struct ctx *ctx, struct host *h)
{
	if (ctx->offline || (ctx->cmd != CMD_APPLY && !ctx_live(ctx)))
		return 0;
	h->kernel_asked = true;
	return kaudit_probe(ctx_kaudit(ctx),
	    ctx->kaudit_arg, &h->kernel);
}

/* rules.d, and the kernel's rules when need asks for them. */
static int
observe_audit(const struct ctx *ctx, struct host *h, unsigned need)
{
	int rc;

	if ((rc = observe_rulesd(ctx, h)) < 0 || (rc = parse_rulesd(h)) < 0)
		return rc;
	return (need & OBS_KERNEL) ? observe_kernel(ctx, h) : 0;
}

int
observe_sec1(const struct ctx *ctx, struct host *h)
{
	return observe_audit(ctx, h, OBS_KERNEL);
}

/* The files of section 1's boot unit, on a root that boots systemd. */
static int
observe_boot_files(const struct ctx *ctx, struct host *h)
{
	size_t i;
	int rc;

	for (i = 0; h->systemd_boots && i < HOST_NBOOT_FILES; i++)
		if ((rc = observe_text(ctx, h, host_boot_files[i])) < 0)
			return rc;
	return 0;
}

int
observe(const struct ctx *ctx, struct profile *prof, unsigned need, struct host *h)
{
	struct engine_req *eng = NULL;
	int rc;

	/* dockerd answers in ~10 ms: ask first, read the files meanwhile */
	if ((need & OBS_ENGINE) && ctx_live(ctx) &&
	    (eng = host_engine_start(ctx)) == NULL)
		return -ENOMEM;
	if ((rc = host_observe(ctx, h)) < 0 ||
	    (rc = observe_sec3(ctx, prof, h)) < 0 ||
	    (rc = observe_socket_units(ctx, h)) < 0 ||
	    (rc = observe_audit(ctx, h, need)) < 0 ||
	    (rc = observe_audit_targets(ctx, prof, h)) < 0 ||
	    (rc = observe_boot_files(ctx, h)) < 0) {
		/* join the thread (its answers are freed with h); the first
		 * error is the one to report */
		if (eng != NULL && host_engine_finish(ctx, h, eng) == -ENOMEM)
			rc = rc ? rc : -ENOMEM;
		return rc;
	}
	return (need & OBS_ENGINE) ? host_engine_finish(ctx, h, eng) : 0;
}

/* dockerd --validate --config-file=/proc/self/fd/N on a memfd: 0
 * accepted, 1 rejected (v->out says why), -errno when it did not run. */
static int
run_validate(const char *bin, struct validation *v)
{
	char cf[64], *out = NULL;
	int fd, rc;

	if ((fd = spawn_memfd("daemon.json", v->text, v->len)) < 0)
		return fd;
	snprintf(cf, sizeof(cf), "--config-file=/proc/self/fd/%d", fd);
	{
		char *argv[] = { (char *)bin, (char *)"--validate", cf, NULL };

		rc = spawn_run(argv, fd, 30, &out);
	}
	close(fd);
	if (rc > 0) {
		if (out != NULL)
			out[strcspn(out, "\n")] = '\0';
		v->out = out;
		return 1;
	}
	free(out);
	return rc;
}

int
observe_validate(const struct ctx *ctx, struct host *h, const struct run *run)
{
	struct validation *n;
	size_t i;
	int added = 0;

	if (ctx->offline || h->dockerd_bin == NULL ||
	    dflags_version_num(h->docker_version) < 2300)
		return 0;	/* 20.10 has no --validate; offline nothing runs */
	for (i = 0; i < run->nact; i++) {
		const struct action *a = &run->act[i];
		struct validation *v;

		if (a->kind != ACT_WRITE || strcmp(a->path, DAEMON_JSON) != 0 ||
		    host_validation(h, a->data, a->len) != NULL)
			continue;
		if ((n = realloc(h->validations, (h->nvalidations + 1) * sizeof(*n))) == NULL)
			return -ENOMEM;
		h->validations = n;
		v = &n[h->nvalidations];
		memset(v, 0, sizeof(*v));
		if ((v->text = malloc(a->len + 1)) == NULL)
			return -ENOMEM;
		memcpy(v->text, a->data, a->len);
		v->text[a->len] = '\0';
		v->len = a->len;
		h->nvalidations++;
		v->rc = run_validate(h->dockerd_bin, v);
		added++;
	}
	return added;
}
