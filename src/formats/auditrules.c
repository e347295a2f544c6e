/*
 * auditrules.c - parse, compare and generate audit watch rules (see
 * auditrules.h). The syntax follows auditctl(8): options are split on
 * blanks, "-a" takes "action,list" in either order, "-k" may repeat.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auditrules.h"
#include "buf.h"

void
arule_clear(struct arule *r)
{
	free(r->path);
	free(r->key);
	free(r->ctl_ids);
	free(r->src);
	memset(r, 0, sizeof(*r));
}

void
arules_free(struct arules *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		arule_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int
dup_or_null(const char *s, char **ret)
{
	*ret = NULL;
	if (s == NULL)
		return 0;
	if ((*ret = strdup(s)) == NULL)
		return -ENOMEM;
	return 0;
}

int
arules_add(struct arules *l, const struct arule *r)
{
	struct arule *d;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct arule *v = realloc(l->v, cap * sizeof(*v));

		if (v == NULL)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	d = &l->v[l->n];
	memset(d, 0, sizeof(*d));
	d->kind = r->kind;
	d->perm = r->perm;
	d->never = r->never;
	d->runtime = r->runtime;
	d->order = r->order;
	if (dup_or_null(r->path, &d->path) < 0 ||
	    dup_or_null(r->key, &d->key) < 0 ||
	    dup_or_null(r->ctl_ids, &d->ctl_ids) < 0 ||
	    dup_or_null(r->src, &d->src) < 0) {
		arule_clear(d);
		return -ENOMEM;
	}
	l->n++;
	return 0;
}

int
arule_perm_parse(const char *s, unsigned *ret)
{
	unsigned perm = 0;

	if (*s == '\0' || strlen(s) > 4)
		return -EINVAL;
	for (; *s != '\0'; s++) {
		switch (tolower((unsigned char)*s)) {
		case 'r':
			perm |= AR_PERM_R;
			break;
		case 'w':
			perm |= AR_PERM_W;
			break;
		case 'x':
			perm |= AR_PERM_X;
			break;
		case 'a':
			perm |= AR_PERM_A;
			break;
		default:
			return -EINVAL;
		}
	}
	*ret = perm;
	return 0;
}

void
arule_perm_format(unsigned perm, char *buf)
{
	char *p = buf;

	if (perm & AR_PERM_R)
		*p++ = 'r';
	if (perm & AR_PERM_W)
		*p++ = 'w';
	if (perm & AR_PERM_X)
		*p++ = 'x';
	if (perm & AR_PERM_A)
		*p++ = 'a';
	*p = '\0';
}

bool
arule_path_ok(const char *path)
{
	const char *p;

	if (path == NULL || path[0] != '/' || strlen(path) >= PATH_MAX)
		return false;
	if (strstr(path, "/../") != NULL || strstr(path, "/./") != NULL)
		return false;
	for (p = path; *p != '\0'; p++)
		if (!isgraph((unsigned char)*p) || *p == '*' || *p == '?' ||
		    *p == '\\')
			return false;
	p = strrchr(path, '/');
	if (strcmp(p, "/..") == 0 || strcmp(p, "/.") == 0 ||
	    strlen(p + 1) > NAME_MAX)
		return false;
	return true;
}

bool
arule_key_ok(const char *key)
{
	const char *p;

	if (key == NULL || *key == '\0' || strlen(key) > AR_MAX_KEY)
		return false;
	for (p = key; *p != '\0'; p++)
		if (!isgraph((unsigned char)*p) || *p == '#')
			return false;
	return true;
}

bool
arule_key_has(const char *keys, const char *key)
{
	size_t n;
	const char *p;

	if (key == NULL)
		return true;
	if (keys == NULL)
		return false;
	n = strlen(key);
	for (p = keys;;) {
		size_t len = strcspn(p, "\001");

		if (len == n && strncmp(p, key, n) == 0)
			return true;
		if (p[len] == '\0')
			return false;
		p += len + 1;
	}
}

bool
arule_satisfies(const struct arule *have, const struct arule *want)
{
	if (have->path == NULL || want->path == NULL ||
	    strcmp(have->path, want->path) != 0 || have->never != want->never)
		return false;
	if ((have->perm & want->perm) != want->perm)
		return false;
	return arule_key_has(have->key, want->key);
}

const struct arule *
arules_find(const struct arules *l, const struct arule *want)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (arule_satisfies(&l->v[i], want))
			return &l->v[i];
	return NULL;
}

/* Does a recursive rule on dir cover path (dir itself or below it)? */
static bool
covers(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	return strncmp(dir, path, n) == 0 && (path[n] == '\0' || path[n] == '/' ||
	    (n == 1 && dir[0] == '/'));
}

const struct arule *
arules_never_shadowed(const struct arules *l, const struct arule *never)
{
	const struct arule *first = NULL;
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct arule *r = &l->v[i];

		if (r->never && arule_satisfies(r, never))
			return first;
		/* a -w on a directory is recursive (dir=) once loaded */
		if (first == NULL && !r->never && r->kind != AR_PATH &&
		    covers(r->path, never->path))
			first = r;
	}
	return NULL;
}

/* Parser state of one line. */
struct pline {
	bool is_add;		/* -a/-A seen */
	bool is_watch;		/* -w seen */
	bool other;		/* anything that makes it not a plain watch */
	bool have_perm;
	struct arule r;
};

static int
set_path(struct pline *pl, enum ar_kind kind, const char *v)
{
	size_t len;

	if (pl->r.path != NULL || *v != '/')
		return -EINVAL;
	if ((pl->r.path = strdup(v)) == NULL)
		return -ENOMEM;
	/* auditctl trims trailing slashes; newer auditctl -l prints a
	 * dir= watch as "-w /dir/" */
	len = strlen(pl->r.path);
	if (len > 1 && pl->r.path[len - 1] == '/') {
		if (kind == AR_WATCH)
			kind = AR_DIR;
		while (len > 1 && pl->r.path[len - 1] == '/')
			pl->r.path[--len] = '\0';
	}
	pl->r.kind = kind;
	return 0;
}

static int
add_key(struct pline *pl, const char *v)
{
	char *k;
	const char *c;

	if (*v == '\0')
		return -EINVAL;
	/* A control character (AR_KEY_SEP above all) inside one key would
	 * be written back as several keys, one of them maybe empty. */
	for (c = v; *c != '\0'; c++)
		if (iscntrl((unsigned char)*c))
			return -EINVAL;
	if (pl->r.key == NULL)
		k = strdup(v);
	else if (asprintf(&k, "%s%c%s", pl->r.key, AR_KEY_SEP, v) < 0)
		k = NULL;
	if (k == NULL)
		return -ENOMEM;
	free(pl->r.key);
	pl->r.key = k;
	return 0;
}

/* "always,exit" or "exit,always" (never: an exclusion): anything else
 * is not a watch. */
static void
check_list(struct pline *pl, const char *v)
{
	pl->is_add = true;
	if (strcmp(v, "never,exit") == 0 || strcmp(v, "exit,never") == 0)
		pl->r.never = true;
	else if (strcmp(v, "always,exit") != 0 && strcmp(v, "exit,always") != 0)
		pl->other = true;
}

static int
field(struct pline *pl, const char *v)
{
	const char *eq = strchr(v, '=');
	size_t n;
	int rc;

	if (eq == NULL)
		return -EINVAL;
	n = (size_t)(eq - v);
	/* "!=", ">=", "<=", "&=": an operator other than '=' */
	if (n > 0 && strchr("!<>&", v[n - 1]) != NULL) {
		pl->other = true;
		return 0;
	}
	if (n == 4 && strncmp(v, "path", 4) == 0)
		return set_path(pl, AR_PATH, eq + 1);
	if (n == 3 && strncmp(v, "dir", 3) == 0)
		return set_path(pl, AR_DIR, eq + 1);
	if (n == 4 && strncmp(v, "perm", 4) == 0) {
		if ((rc = arule_perm_parse(eq + 1, &pl->r.perm)) < 0)
			return rc;
		pl->have_perm = true;
		return 0;
	}
	if (n == 3 && strncmp(v, "key", 3) == 0)
		return add_key(pl, eq + 1);
	pl->other = true;
	return 0;
}

/* Control lines that never carry a rule. */
static bool
control_opt(const char *o)
{
	static const char *const opts[] = {
		"-D", "-e", "-b", "-f", "-c", "-i", "-r", "-s", "-l", "-q",
		"-t", "-v", "-h", "-m", "-R", "-W", "-d",
		"--backlog_wait_time", "--loginuid-immutable", "--reset-lost",
		"--reset_backlog_wait_time_actual", "--signal",
	};
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (strcmp(o, opts[i]) == 0)
			return true;
	return false;
}

static int
parse_opts(struct pline *pl, char **tok, size_t ntok)
{
	size_t i;
	int rc;

	for (i = 0; i < ntok; i++) {
		const char *o = tok[i], *v = i + 1 < ntok ? tok[i + 1] : NULL;

		if (i == 0 && control_opt(o))
			return 0;
		if (strcmp(o, "-w") == 0 || strcmp(o, "-a") == 0 ||
		    strcmp(o, "-A") == 0 || strcmp(o, "-F") == 0 ||
		    strcmp(o, "-p") == 0 || strcmp(o, "-k") == 0 ||
		    strcmp(o, "-S") == 0 || strcmp(o, "-C") == 0) {
			if (v == NULL)
				return -EINVAL;
			i++;
		} else
			return -EINVAL;
		if (strcmp(o, "-w") == 0) {
			pl->is_watch = true;
			rc = set_path(pl, AR_WATCH, v);
		} else if (strcmp(o, "-a") == 0 || strcmp(o, "-A") == 0) {
			check_list(pl, v);
			rc = 0;
		} else if (strcmp(o, "-F") == 0)
			rc = field(pl, v);
		else if (strcmp(o, "-p") == 0) {
			rc = arule_perm_parse(v, &pl->r.perm);
			pl->have_perm = true;
		} else if (strcmp(o, "-k") == 0)
			rc = add_key(pl, v);
		else {
			/* -S all keeps a watch a watch; -C compares */
			if (strcmp(o, "-S") != 0 || strcmp(v, "all") != 0)
				pl->other = true;
			rc = 0;
		}
		if (rc < 0)
			return rc;
	}
	return 1;
}

/* Split line into blank-separated tokens (modified in place). */
static size_t
split(char *line, char **tok, size_t max)
{
	size_t n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(line, " \t\r\n", &save); t != NULL && n < max;
	    t = strtok_r(NULL, " \t\r\n", &save))
		tok[n++] = t;
	return n;
}

int
arule_parse_line(const char *line, struct arule *ret)
{
	struct pline pl;
	char *copy, *tok[64];
	size_t ntok;
	int rc;

	memset(&pl, 0, sizeof(pl));
	memset(ret, 0, sizeof(*ret));
	if ((copy = strdup(line)) == NULL)
		return -ENOMEM;
	ntok = split(copy, tok, sizeof(tok) / sizeof(tok[0]));
	if (ntok == 0 || tok[0][0] == '#' || tok[0][0] != '-') {
		rc = 0;
		goto out;
	}
	if ((rc = parse_opts(&pl, tok, ntok)) <= 0)
		goto out;
	if (pl.is_watch && pl.is_add) {
		rc = -EINVAL;	/* "watch option can't be given with a syscall" */
		goto out;
	}
	if (pl.r.path == NULL) {
		/* a rule without a path is some other rule */
		rc = (pl.is_watch || pl.have_perm) && !pl.is_add ? -EINVAL : 0;
		goto out;
	}
	if (pl.other || (!pl.is_watch && !pl.is_add)) {
		rc = 0;
		goto out;
	}
	if (!pl.have_perm)
		pl.r.perm = AR_PERM_ALL;
	*ret = pl.r;
	memset(&pl.r, 0, sizeof(pl.r));
	rc = 1;
out:
	arule_clear(&pl.r);
	free(copy);
	return rc;
}

/* "## 1.1.3,1.1.4 ..." group comments of the generated file. */
static int
group_comment(const char *line, char **ids)
{
	size_t n;
	char *s;

	if (strncmp(line, "## ", 3) != 0 || !isdigit((unsigned char)line[3]))
		return 0;
	line += 3;
	n = strspn(line, "0123456789.,");
	if ((s = strndup(line, n)) == NULL)
		return -ENOMEM;
	free(*ids);
	*ids = s;
	return 0;
}

int
arules_parse(const char *buf, size_t len, const char *name,
    struct arules *out)
{
	const char *p = buf, *end = buf + len;
	char *line = NULL, *ids = NULL;
	int lineno = 0, added = 0, rc = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct arule r;

		lineno++;
		free(line);
		if ((line = strndup(p, n)) == NULL) {
			rc = -ENOMEM;
			goto out;
		}
		p += n + (nl != NULL);
		if ((rc = group_comment(line, &ids)) < 0)
			goto out;
		if ((rc = arule_parse_line(line, &r)) == -ENOMEM)
			goto out;
		if (rc <= 0)
			continue;
		if ((ids != NULL && (r.ctl_ids = strdup(ids)) == NULL) ||
		    asprintf(&r.src, "%s:%d", name, lineno) < 0) {
			r.src = NULL;
			arule_clear(&r);
			rc = -ENOMEM;
			goto out;
		}
		rc = arules_add(out, &r);
		arule_clear(&r);
		if (rc < 0)
			goto out;
		added++;
	}
	rc = added;
out:
	free(line);
	free(ids);
	return rc;
}

int
arule_format(const struct arule *r, char **ret)
{
	char perm[5], *key = NULL, *p;
	int n;

	arule_perm_format(r->perm, perm);
	/* several keys become several "-k" options */
	if (r->key != NULL) {
		if ((key = malloc(strlen(r->key) * 5 + 8)) == NULL)
			return -ENOMEM;
		p = key;
		p += sprintf(p, " -k ");
		for (const char *k = r->key; *k != '\0'; k++) {
			if (*k == AR_KEY_SEP)
				p += sprintf(p, " -k ");
			else
				*p++ = *k;
		}
		*p = '\0';
	}
	if (r->kind == AR_WATCH)
		n = asprintf(ret, "-w %s -p %s%s", r->path, perm,
		    key ? key : "");
	else
		n = asprintf(ret, "-a %s,exit -F %s=%s -F perm=%s%s",
		    r->never ? "never" : "always",
		    r->kind == AR_DIR ? "dir" : "path", r->path, perm,
		    key ? key : "");
	free(key);
	if (n < 0) {
		*ret = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* A growable string. */

static int
cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* runtime rules last, then profile order, then path, kind, key */
static int
cmp_rule(const void *pa, const void *pb)
{
	const struct arule *a = *(const struct arule *const *)pa;
	const struct arule *b = *(const struct arule *const *)pb;
	int c;

	if (a->runtime != b->runtime)
		return a->runtime ? 1 : -1;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	if (a->never != b->never)	/* exclusions before their watch */
		return a->never ? -1 : 1;
	if ((c = cmp_str(a->ctl_ids, b->ctl_ids)) != 0)
		return c;
	if ((c = strcmp(a->path, b->path)) != 0)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = cmp_str(a->key, b->key)) != 0)
		return c;
	return a->perm < b->perm ? -1 : a->perm > b->perm;
}

static const struct arule **
sorted(const struct arules *l)
{
	const struct arule **v;
	size_t i;

	if ((v = calloc(l->n + 1, sizeof(*v))) == NULL)
		return NULL;
	for (i = 0; i < l->n; i++)
		v[i] = &l->v[i];
	qsort(v, l->n, sizeof(*v), cmp_rule);
	return v;
}

static const char header[] =
"## /etc/audit/rules.d/50-cisharden-docker.rules\n"
"## Generated by cisharden " CISHARDEN_VERSION " for the CIS Docker Benchmark"
",\n## controls 1.1.3-1.1.18 (audit watches on Docker's files).\n"
"## Do not edit: cisharden rewrites this file from its profile (targets and\n"
"## the parameters audit_key, style and perm); change the profile instead.\n"
"##\n"
"## augenrules concatenates rules.d/*.rules in version order into\n"
"## audit.rules and loads it with auditctl -R at boot. auditctl -R stops\n"
"## at the first line that fails, for example a watch whose parent\n"
"## directory does not exist yet, unless it has read -c before that line;\n"
"## after -c it logs each failure, loads every later line (of this file and\n"
"## of the files after it) and exits 1. Hence the -c below. cisharden also\n"
"## writes a rule only when the rule's parent directory exists, and puts\n"
"## runtime paths under /run, whose parents appear only when docker or\n"
"## containerd start, last. Those fail at boot; cisharden apply (or\n"
"## augenrules --load) once docker runs loads them into the kernel.\n"
"-c\n";

static void
gen_rules(struct buf *b, const struct arule **v, size_t n)
{
	const char *group = NULL;
	bool runtime = false;
	size_t i;

	for (i = 0; i < n; i++) {
		char *line;

		if (v[i]->runtime && !runtime) {
			buf_adds(b, "\n## Runtime paths: their parent directories are "
			    "created by dockerd or\n## containerd after the audit "
			    "rules load at boot.\n");
			runtime = true;
			group = NULL;
		}
		if (group == NULL || cmp_str(group, v[i]->ctl_ids) != 0) {
			buf_adds(b, "\n## ");
			buf_adds(b, v[i]->ctl_ids ? v[i]->ctl_ids : "-");
			buf_adds(b, "\n");
			group = v[i]->ctl_ids ? v[i]->ctl_ids : "";
		}
		if (arule_format(v[i], &line) < 0) {
			b->oom = true;
			return;
		}
		buf_adds(b, line);
		buf_adds(b, "\n");
		free(line);
	}
}

static void
gen_elsewhere(struct buf *b, const struct arule **v, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	buf_adds(b, "\n## Already in another rules.d file, so not repeated here "
	    "(a duplicate\n## rule fails to load with \"Rule exists\"):\n");
	for (i = 0; i < n; i++) {
		char *line;

		if (arule_format(v[i], &line) < 0) {
			b->oom = true;
			return;
		}
		buf_adds(b, "#   ");
		buf_adds(b, line);
		if (v[i]->src != NULL) {
			buf_adds(b, "   (");
			buf_adds(b, v[i]->src);
			buf_adds(b, ")");
		}
		buf_adds(b, "\n");
		free(line);
	}
}

int
auditrules_generate(const struct arules *rules, const struct arules *elsewhere,
    char **ret, size_t *ret_len)
{
	static const struct arules none;
	const struct arule **v = NULL, **w = NULL;
	struct buf b = { 0 };

	*ret = NULL;
	*ret_len = 0;
	if (elsewhere == NULL)
		elsewhere = &none;
	if ((v = sorted(rules)) == NULL || (w = sorted(elsewhere)) == NULL) {
		b.oom = true;
		goto out;
	}
	buf_adds(&b, header);
	gen_rules(&b, v, rules->n);
	gen_elsewhere(&b, w, elsewhere->n);
out:
	free(v);
	free(w);
	*ret_len = b.len;
	if ((*ret = buf_steal(&b)) == NULL) {
		*ret_len = 0;
		return -ENOMEM;
	}
	return 0;
}
