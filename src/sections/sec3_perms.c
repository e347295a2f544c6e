/*
 * sec3_perms.c - CIS section 3: owners and modes of Docker's files.
 *
 * Controls of kind file-owner and file-mode name their targets in the
 * profile: a path, a glob with "*" components, "unit:docker.service"
 * (every copy systemd could load, and its drop-ins) or "tls:tlscacert"
 * (the path daemon.json or a dockerd flag names). "0644" means "0644 or
 * more restrictive": the new mode is always old & wanted, so a stricter
 * file stays as it is. A missing file is not applicable and is never
 * created. The Docker socket is recreated at every start, so 3.15/3.16
 * also fix docker.socket's SocketUser/SocketGroup/SocketMode through a
 * drop-in: the packaged unit is never edited.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "diff.h"
#include "host.h"
#include "profile.h"
#include "sections.h"
#include "strv.h"
#include "unitfile.h"



/* What one control wants of one inode. */
struct want {
	char *path;
	struct stat st;
	char ids[64];
	bool owner, mode;
	uid_t uid;
	gid_t gid;
	mode_t perm;
	char owner_name[64];	/* "root:root": the text report's notation */
};

struct wants {
	struct want *v;
	size_t n;
};

/* One control's verdict over all its targets. */
struct verdict {
	size_t found, bad, refused;
	char *why;		/* first problem, for the reason */
};



/* Why a control has nothing to check, naming what it looked for: for a
 * TLS target the missing configuration, not a path nobody gave. */
static int
na_reason(const struct host *h, const struct control *c, struct result *res)
{
	char what[1024] = "";
	size_t i;

	for (i = 0; i < c->ntargets; i++) {
		const char *t = c->targets[i], *p;

		if (strncmp(t, "tls:", 4) == 0 &&
		    ((p = host_option(h, t + 4, NULL)) == NULL || p[0] != '/'))
			return result_set(res, ST_NA, "no TLS configured: neither "
			    "daemon.json nor a dockerd flag names %s%s%s", t + 4,
			    p ? " as an absolute path: " : "", p ? p : "");
		if (strncmp(t, "tls:", 4) == 0)
			t = p;
		snprintf(what + strlen(what), sizeof(what) - strlen(what), "%s%s",
		    what[0] ? ", " : "", t);
	}
	return result_set(res, ST_NA, "no such file on this host: %s", what);
}

static int
parse_mode(const char *s, mode_t *ret)
{
	char *end;
	long v;

	if (s == NULL)
		return -EINVAL;
	v = strtol(s, &end, 8);
	if (*s == '\0' || *end != '\0' || v < 0 || v > 07777)
		return -EINVAL;
	*ret = (mode_t)v;
	return 0;
}

static const char *
type_name(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFREG: return "a regular file";
	case S_IFDIR: return "a directory";
	case S_IFSOCK: return "a socket";
	case S_IFLNK: return "a symbolic link";
	case S_IFIFO: return "a FIFO";
	case S_IFCHR: return "a character device";
	case S_IFBLK: return "a block device";
	default: return "of unknown type";
	}
}

/* Is st the kind of object the control expects ("file" by default)? */
static bool
type_ok(const char *want, const struct stat *st)
{
	if (want == NULL || strcmp(want, "file") == 0)
		return S_ISREG(st->st_mode);
	if (strcmp(want, "directory") == 0)
		return S_ISDIR(st->st_mode);
	if (strcmp(want, "socket") == 0)
		return S_ISSOCK(st->st_mode);
	return S_ISREG(st->st_mode) || S_ISDIR(st->st_mode);	/* "any" */
}

static void
note(struct verdict *v, const char *fmt, const char *path, const char *what)
{
	if (v->why == NULL && asprintf(&v->why, fmt, path, what) < 0)
		v->why = NULL;
}

static bool
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* The owner and mode one control wants, from its parameters. */
struct rule {
	bool owner, mode;
	uid_t uid;
	gid_t gid;
	mode_t perm, key_perm;
	const char *type;
	const char *owner_name, *group_name;
};

static int
account_error(char **ret_why, const char *what, const char *name,
    const char *db, int rc)
{
	int n;

	if (rc == -ENOMEM)
		return rc;
	n = rc == -ENOENT ? asprintf(ret_why, "%s %s does not exist", what, name) :
	    asprintf(ret_why, "cannot read %s: %s", db, strerror(-rc));
	return n < 0 ? -ENOMEM : rc;
}

static int
control_rule(const struct profile *prof, const struct control *c,
    const struct ctlobs *o, struct rule *r, char **ret_why)
{
	const char *s;

	memset(r, 0, sizeof(*r));
	r->type = profile_param_str(prof, c, "type");
	if (c->kind == KIND_FILE_OWNER) {
		r->owner = true;
		r->owner_name = profile_param_str(prof, c, "owner");
		r->group_name = profile_param_str(prof, c, "group");
		if (r->owner_name == NULL || r->group_name == NULL)
			return asprintf(ret_why, "profile gives no owner/group") < 0 ? -ENOMEM : -EINVAL;
		if (o->uid_rc < 0)
			return account_error(ret_why, "user", r->owner_name, "/etc/passwd", o->uid_rc);
		if (o->gid_rc < 0)
			return account_error(ret_why, "group", r->group_name, "/etc/group", o->gid_rc);
		r->uid = o->uid;
		r->gid = o->gid;
		return 0;
	}
	r->mode = true;
	if (parse_mode(profile_param_str(prof, c, "mode"), &r->perm) < 0)
		return asprintf(ret_why, "profile parameter mode must be an octal string such as \"0644\"") < 0 ? -ENOMEM : -EINVAL;
	r->key_perm = r->perm;
	if ((s = profile_param_str(prof, c, "key_mode")) != NULL &&
	    parse_mode(s, &r->key_perm) < 0)
		return asprintf(ret_why, "profile parameter key_mode must be octal") < 0 ? -ENOMEM : -EINVAL;
	return 0;
}

static int
want_add(struct wants *w, const char *id, const char *path, const struct stat *st,
    const struct rule *r, mode_t perm)
{
	struct want *x = NULL;
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->v[i].st.st_dev == st->st_dev && w->v[i].st.st_ino == st->st_ino)
			x = &w->v[i];
	if (x == NULL) {
		struct want *n = realloc(w->v, (w->n + 1) * sizeof(*n));

		if (n == NULL)
			return -ENOMEM;
		w->v = n;
		x = &w->v[w->n];
		memset(x, 0, sizeof(*x));
		if ((x->path = strdup(path)) == NULL)
			return -ENOMEM;
		x->st = *st;
		x->uid = st->st_uid;
		x->gid = st->st_gid;
		x->perm = st->st_mode & 07777;
		w->n++;
	}
	if (idlist_has(x->ids, id))
		return 0;
	if (x->ids[0] != '\0')
		strncat(x->ids, ",", sizeof(x->ids) - strlen(x->ids) - 1);
	strncat(x->ids, id, sizeof(x->ids) - strlen(x->ids) - 1);
	if (r->owner) {
		x->owner = true;
		x->uid = r->uid;
		x->gid = r->gid;
		snprintf(x->owner_name, sizeof(x->owner_name), "%s:%s",
		    r->owner_name, r->group_name);
	}
	if (r->mode) {
		x->mode = true;
		x->perm &= perm;
	}
	return 0;
}

/*
 * Judge one control's targets. With w != NULL (planning), every inode
 * that needs a change is added to w and described in res.
 */
static int
judge(const struct ctx *ctx, const struct host *h, struct run *run,
    const struct control *c, struct result *res, struct wants *w,
    struct verdict *v)
{
	static const struct ctlobs none = { 0 };
	const struct ctlobs *o = host_ctl(h, c->id);
	struct stat seen[64];
	size_t i, nseen = 0;
	struct rule r;
	char *why = NULL;
	int rc = 0;

	if (o == NULL)
		o = &none;	/* observed nothing: every target missing */
	if (control_rule(run->prof, c, o, &r, &why) == -ENOMEM)
		return -ENOMEM;
	for (i = 0; i < o->nerrs; i++) {
		v->found++;
		v->refused++;
		note(v, "%s%s", o->errs[i], "");
	}
	for (i = 0; i < o->npaths; i++) {
		const char *p = o->paths[i].path;
		const struct stat st = o->paths[i].st;
		char detail[96];
		mode_t perm;
		size_t k;
		bool dup = false;

		if (o->paths[i].rc == -ENOENT || o->paths[i].rc == -ENOTDIR)
			continue;
		if (o->paths[i].rc < 0) {
			v->refused++;
			note(v, "%s: %s", p, strerror(-o->paths[i].rc));
			continue;
		}
		/* Sockets exist only on a live host; under --scope files skip them. */
		if (S_ISSOCK(st.st_mode) && !ctx_live(ctx) && w == NULL)
			continue;
		for (k = 0; k < nseen; k++)
			dup |= seen[k].st_dev == st.st_dev && seen[k].st_ino == st.st_ino;
		if (dup)
			continue;	/* /lib and /usr/lib on merged /usr */
		if (nseen < sizeof(seen) / sizeof(seen[0]))
			seen[nseen++] = st;
		v->found++;
		if (S_ISLNK(st.st_mode) || !type_ok(r.type, &st)) {
			v->refused++;
			note(v, "%s is %s, refusing to change it", p, type_name(st.st_mode));
			continue;
		}
		if (S_ISREG(st.st_mode) && st.st_nlink > 1) {
			v->refused++;
			note(v, "%s is %s, refusing to change it", p,
			    "hard-linked (more than one name)");
			continue;
		}
		if (why != NULL) {	/* e.g. the docker group does not exist */
			v->bad++;
			note(v, "%s: %s", p, why);
			continue;
		}
		perm = has_suffix(p, ".key") ? r.key_perm : r.perm;
		if (r.owner && st.st_uid == r.uid && st.st_gid == r.gid)
			continue;
		if (r.mode && ((st.st_mode & 07777) & ~perm) == 0)
			continue;
		v->bad++;
		if (r.owner)
			snprintf(detail, sizeof(detail), "%u:%u, not %s:%s",
			    (unsigned)st.st_uid, (unsigned)st.st_gid,
			    r.owner_name, r.group_name);
		else
			snprintf(detail, sizeof(detail), "%04o, wider than %04o",
			    (unsigned)(st.st_mode & 07777), (unsigned)perm);
		note(v, r.owner ? "%s is owned by %s" : "%s has mode %s", p, detail);
		if (w == NULL)
			continue;
		if ((rc = want_add(w, c->id, p, &st, &r, perm)) < 0)
			goto out;
		if (r.owner)
			rc = result_add_change(res, "%s  owner %u:%u -> %s:%s", p,
			    (unsigned)st.st_uid, (unsigned)st.st_gid, r.owner_name, r.group_name);
		else
			rc = result_add_change(res, "%s  mode %04o -> %04o", p,
			    (unsigned)(st.st_mode & 07777), (unsigned)(st.st_mode & perm & 07777));
		if (rc < 0)
			goto out;
	}
out:
	free(why);
	return rc;
}

/* --- docker.socket: where the socket's owner and mode come from --- */

struct sockset {
	char *user, *group;
	mode_t mode;
	bool have_mode;
	char *from;		/* the file that set the last value */
	char *owner_from;	/* ... the last SocketUser or SocketGroup */
	char *mode_from;	/* ... the last SocketMode */
};

static void
sockset_free(struct sockset *s)
{
	free(s->user);
	free(s->group);
	free(s->from);
	free(s->owner_from);
	free(s->mode_from);
}

static int
set_str(char **dst, const char *v, size_t len)
{
	char *s = strndup(v, len);

	if (s == NULL)
		return -ENOMEM;
	free(*dst);
	*dst = s;
	return 0;
}

struct sockread {
	struct sockset *s;
	const char *path;
};

/* One [Socket] assignment; an empty value resets to systemd's default. */
static int
socket_line(void *arg, const char *key, const char *val)
{
	const struct sockread *r = arg;
	struct sockset *s = r->s;
	int rc = 0;

	char **src;

	if (strcmp(key, "SocketUser") == 0 || strcmp(key, "SocketGroup") == 0) {
		char **dst = key[6] == 'U' ? &s->user : &s->group;

		free(*dst);
		*dst = NULL;
		if (*val != '\0')
			rc = set_str(dst, val, strlen(val));
		src = &s->owner_from;
	} else if (strcmp(key, "SocketMode") == 0) {
		s->have_mode = *val != '\0' && parse_mode(val, &s->mode) == 0;
		src = &s->mode_from;
	} else
		return 0;
	if (rc < 0 || (rc = set_str(src, r->path, strlen(r->path))) < 0)
		return rc;
	return set_str(&s->from, r->path, strlen(r->path));
}

/* Apply the [Socket] assignments of one unit file to s. */
static int
sockset_read(const struct host *h, const char *path, struct sockset *s)
{
	const struct textobs *t = host_text(h, path);
	struct sockread r = { s, path };
	int rc = t ? t->rc : -ENOENT;

	if (rc < 0) {
		if (rc == -ENOENT)
			return 0;	/* removed since it was listed */
		/* Unreadable (I/O error, symlink...): judging without it could
		 * write a wrong drop-in. Say which file; the caller refuses. */
		return rc == -ENOMEM || set_str(&s->from, path, strlen(path)) == 0 ? rc : -ENOMEM;
	}
	return unitfile_section(t->text, "Socket", socket_line, &r);
}

static const char *
base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* The packaged unit, then its drop-ins in systemd's order. */
static int
sockset_effective(const struct host *h, struct sockset *s)
{
	const char **drop = NULL;
	size_t i, n = 0;
	int rc;

	memset(s, 0, sizeof(*s));
	if (h->nsocket_units == 0)
		return 0;
	if ((rc = sockset_read(h, h->socket_units[0], s)) < 0)
		return rc;
	if ((rc = unitfile_sorted_dropins(h->socket_dropins, h->nsocket_dropins,
	    &drop, &n)) < 0)
		return rc;
	for (i = 0; i < n && rc >= 0; i++)
		rc = sockset_read(h, drop[i], s);
	free(drop);
	return rc;
}

/* Does docker.socket create the socket as control c wants? */
static bool
sockset_ok(const struct sockset *s, const struct rule *r)
{
	if (r->owner)
		return s->user != NULL && s->group != NULL &&
		    strcmp(s->user, r->owner_name) == 0 &&
		    strcmp(s->group, r->group_name) == 0;
	/* systemd's default SocketMode is 0666 */
	return ((s->have_mode ? s->mode : 0666) & ~r->perm) == 0;
}

struct sockfix {
	bool owner, mode;
	const char *user, *group;
	mode_t perm;
	char ids[16];
};

static int
judge_socket_unit(const struct host *h, struct run *run,
    const struct control *c, struct result *res, struct sockfix *fix,
    struct verdict *v)
{
	struct sockset s;
	struct rule r;
	const char *src;
	char *why = NULL;
	int rc;

	if (profile_param_str(run->prof, c, "socket_unit") == NULL || h->nsocket_units == 0)
		return 0;
	if ((rc = control_rule(run->prof, c, host_ctl(h, c->id), &r, &why)) < 0) {
		if (rc != -ENOMEM) {	/* e.g. no docker group, unreadable /etc/group */
			v->found++;
			v->bad++;
			note(v, "%s: %s", h->socket_units[0], why);
		}
		free(why);
		return rc == -ENOMEM ? rc : 0;
	}
	v->found++;
	if ((rc = sockset_effective(h, &s)) < 0) {
		if (rc != -ENOMEM) {
			v->refused++;
			if (v->why == NULL && asprintf(&v->why, "cannot read %s: %s",
			    s.from ? s.from : "docker.socket", strerror(-rc)) < 0)
				v->why = NULL;
			rc = 0;
		}
		goto out;
	}
	if (sockset_ok(&s, &r))
		goto out;
	v->bad++;
	src = r.owner ? s.owner_from : s.mode_from;
	if (v->why == NULL && asprintf(&v->why, "docker.socket recreates the socket "
	    "as %s:%s %04o (%s)", s.user ? s.user : "root", s.group ? s.group : "root",
	    (unsigned)(s.have_mode ? s.mode : 0666), src ? src : h->socket_units[0]) < 0)
		v->why = NULL;
	/* systemd applies drop-ins in name order: one that sorts after
	 * cisharden's would undo the fix, and cisharden never edits it */
	if (src != NULL && strcmp(src, h->socket_units[0]) != 0 &&
	    strcmp(src, SOCKET_DROPIN) != 0 &&
	    strcmp(base_name(src), base_name(SOCKET_DROPIN)) > 0) {
		if (fix != NULL)
			v->refused++;
		free(v->why);
		if (asprintf(&v->why, "%s sets %s and systemd applies it after "
		    "%s (drop-ins in name order), so cisharden's drop-in cannot "
		    "fix it. Fix: change it there (cisharden does not edit it)",
		    src, r.owner ? "SocketUser/SocketGroup" : "SocketMode",
		    SOCKET_DROPIN) < 0)
			v->why = NULL;
		goto out;
	}
	if (fix == NULL)
		goto out;
	if (fix->ids[0] != '\0')
		strcat(fix->ids, ",");
	strcat(fix->ids, c->id);
	if (r.owner) {
		fix->owner = true;
		fix->user = r.owner_name;
		fix->group = r.group_name;
		rc = result_add_change(res, "%s  SocketUser=%s SocketGroup=%s",
		    SOCKET_DROPIN, r.owner_name, r.group_name);
	} else {
		fix->mode = true;
		fix->perm = (s.have_mode ? s.mode : 0666) & r.perm;
		rc = result_add_change(res, "%s  SocketMode=%04o", SOCKET_DROPIN,
		    (unsigned)fix->perm);
	}
out:
	sockset_free(&s);
	return rc;
}

static int
plan_socket_dropin(const struct host *h, struct run *run, const struct sockfix *fix)
{
	const struct textobs *t = host_text(h, SOCKET_DROPIN);
	char *old = NULL, *data = NULL;
	size_t oldlen = 0;
	struct action *a;
	int rc = t ? t->rc : -ENOENT;

	if (rc < 0 && rc != -ENOENT)
		return rc;
	if (rc == 0) {
		if ((old = malloc(t->len + 1)) == NULL)
			return -ENOMEM;
		memcpy(old, t->text, t->len + 1);
		oldlen = t->len;
	}
	if (asprintf(&data,
	    "# Written by cisharden for CIS Docker Benchmark %s.\n"
	    "# The socket is recreated at every start, so its owner and mode are\n"
	    "# set where systemd creates it. Takes effect at the next boot or after\n"
	    "# systemctl daemon-reload && systemctl restart docker.socket.\n"
	    "[Socket]\n%s%s%s%s%s",
	    fix->ids,
	    fix->owner ? "SocketUser=" : "", fix->owner ? fix->user : "",
	    fix->owner ? "\nSocketGroup=" : "", fix->owner ? fix->group : "",
	    fix->owner ? "\n" : "") < 0) {
		free(old);
		return -ENOMEM;
	}
	if (fix->mode) {
		char *d2;

		if (asprintf(&d2, "%sSocketMode=%04o\n", data, (unsigned)fix->perm) < 0) {
			free(data);
			free(old);
			return -ENOMEM;
		}
		free(data);
		data = d2;
	}
	if ((a = run_add_action(run, ACT_INSTALL_UNIT, fix->ids, SOCKET_DROPIN)) == NULL) {
		free(data);
		free(old);
		return -ENOMEM;
	}
	a->existed = rc == 0;
	a->keep_perms = a->existed;
	a->old_data = old;
	a->old_len = oldlen;
	a->data = data;
	a->len = strlen(data);
	a->mode = 0644;
	a->systemd = h->systemd_running;
	a->diff = diff_unified(SOCKET_DROPIN, old, oldlen, data, a->len);
	if (asprintf(&a->summary, "docker.socket drop-in (%s)", fix->ids) < 0)
		a->summary = NULL;
	return a->diff != NULL && a->summary != NULL ? 0 : -ENOMEM;
}

static int
plan_perm_actions(struct run *run, struct wants *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		struct want *x = &w->v[i];
		struct action *a = run_add_action(run, ACT_PERMS, x->ids, x->path);
		char own[160] = "", mod[32] = "";

		if (a == NULL)
			return -ENOMEM;
		a->dev = x->st.st_dev;
		a->ino = x->st.st_ino;
		a->type = x->st.st_mode & S_IFMT;
		a->old_uid = x->st.st_uid;
		a->old_gid = x->st.st_gid;
		a->old_mode = x->st.st_mode & 07777;
		a->uid = x->uid;
		a->gid = x->gid;
		a->mode = x->perm;
		if (a->uid != a->old_uid || a->gid != a->old_gid)
			snprintf(own, sizeof(own), "owner %u:%u -> %s",
			    (unsigned)a->old_uid, (unsigned)a->old_gid,
			    x->owner_name);
		if (a->mode != a->old_mode)
			snprintf(mod, sizeof(mod), "mode %04o -> %04o",
			    (unsigned)a->old_mode, (unsigned)a->mode);
		if (asprintf(&a->summary, "%s%s%s", own, own[0] && mod[0] ? ", " : "", mod) < 0) {
			a->summary = NULL;
			return -ENOMEM;
		}
	}
	return 0;
}

int
sec3_plan(const struct ctx *ctx, const struct host *h, struct run *run)
{
	struct wants w = { 0 };
	struct sockfix fix = { 0 };
	size_t i;
	int rc = 0;

	for (i = 0; i < run->prof->nctl && rc >= 0; i++) {
		struct control *c = &run->prof->ctl[i];
		struct verdict v = { 0 };

		if (!control_is_perm(c))
			continue;
		rc = judge(ctx, h, run, c, &run->res[i], &w, &v);
		if (rc >= 0)
			rc = judge_socket_unit(h, run, c, &run->res[i], &fix, &v);
		if (rc >= 0 && v.refused > 0)
			rc = result_refuse(&run->res[i], "%s", v.why);
		free(v.why);
	}
	if (rc >= 0)
		rc = plan_perm_actions(run, &w);
	if (rc >= 0 && (fix.owner || fix.mode))
		rc = plan_socket_dropin(h, run, &fix);
	for (i = 0; i < w.n; i++)
		free(w.v[i].path);
	free(w.v);
	return rc;
}

int
sec3_verify(const struct ctx *ctx, const struct host *h, struct run *run)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < run->prof->nctl && rc >= 0; i++) {
		struct control *c = &run->prof->ctl[i];
		struct result *res = &run->res[i];
		struct verdict v = { 0 };

		if (!control_is_perm(c))
			continue;
		rc = judge(ctx, h, run, c, res, NULL, &v);
		if (rc >= 0 && ctx_files(ctx))
			rc = judge_socket_unit(h, run, c, res, NULL, &v);
		if (rc < 0)
			;
		else if (v.refused > 0)
			rc = result_set(res, ST_REFUSED, "%s", v.why);
		else if (v.bad > 0)
			rc = result_set(res, ST_FAIL, "%s", v.why);
		else if (v.found == 0)
			rc = na_reason(h, c, res);
		else
			rc = result_set(res, ST_PASS, NULL);
		free(v.why);
	}
	return rc;
}
