/*
 * unitfile.c - see unitfile.h.
 *
 * dockerd refuses to start when an option is both a flag and a
 * daemon.json key, and when daemon.json holds a key it does not know.
 * Both are the most common way hardening scripts break Docker, so the
 * flags are collected the way systemd builds the command line: the unit
 * systemd loads, drop-ins in name order (an empty ExecStart= resets),
 * Environment= and EnvironmentFile= (the latter wins), $VAR split into
 * words and ${VAR} kept as one.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "strv.h"
#include "unitfile.h"

/* ---- systemd-style word splitting ---- */

static char
unescape(char c)
{
	switch (c) {
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	default: return c;
	}
}

/*
 * Split s into words: whitespace separates, '...' and "..." quote,
 * backslash escapes (as systemd's extract_first_word with unquoting).
 */
static int
split_words(const char *s, char ***ret, size_t *ret_n)
{
	char **v = NULL;
	size_t n = 0;
	struct buf w = { 0 };
	bool inword = false;
	char q = 0;
	int rc = 0;

	for (; ; s++) {
		char c = *s;

		if (c == '\0' || (!q && (c == ' ' || c == '\t' || c == '\n'))) {
			if (inword) {
				if ((rc = strvec_push(&v, &n, buf_steal(&w))) < 0)
					goto fail;
				inword = false;
			}
			if (c == '\0')
				break;
			continue;
		}
		inword = true;
		if (q == 0 && (c == '"' || c == '\'')) {
			q = c;
			continue;
		}
		if (q != 0 && c == q) {
			q = 0;
			continue;
		}
		if (c == '\\' && q != '\'' && s[1] != '\0') {
			s++;
			c = unescape(*s);
		}
		buf_addc(&w, c);
		if ((rc = buf_err(&w)) < 0)
			goto fail;
	}
	/* an empty vector is still a vector */
	if (v == NULL && (v = calloc(1, sizeof(*v))) == NULL)
		return -ENOMEM;
	*ret = v;
	*ret_n = n;
	return 0;
fail:
	buf_free(&w);
	strvec_free(v, n);
	return rc;
}

static const char *
env_get(char *const *env, size_t nenv, const char *name, size_t nl)
{
	size_t i;

	/* the last assignment wins */
	for (i = nenv; i-- > 0;)
		if (strncmp(env[i], name, nl) == 0 && env[i][nl] == '=')
			return env[i] + nl + 1;
	return NULL;
}

static bool
is_name(const char *s, size_t n)
{
	size_t k;

	if (n == 0 || isdigit((unsigned char)s[0]))
		return false;
	for (k = 0; k < n; k++)
		if (!isalnum((unsigned char)s[k]) && s[k] != '_')
			return false;
	return true;
}

/* Replace every ${NAME} in word; unknown names become "". */
static int
expand_braces(const char *word, char *const *env, size_t nenv, char **ret)
{
	struct buf b = { 0 };
	const char *p = word, *e, *val;

	while (*p != '\0') {
		if (p[0] == '$' && p[1] == '{' && (e = strchr(p + 2, '}')) != NULL &&
		    is_name(p + 2, (size_t)(e - p - 2))) {
			val = env_get(env, nenv, p + 2, (size_t)(e - p - 2));
			if (val != NULL)
				buf_adds(&b, val);
			p = e + 1;
			continue;
		}
		buf_addc(&b, *p++);
	}
	return (*ret = buf_steal(&b)) != NULL ? 0 : -ENOMEM;
}

int
unitfile_split_exec(const char *line, char *const *env, size_t nenv,
    char ***ret, size_t *ret_n)
{
	char **raw = NULL, **out = NULL, **sub = NULL, *w;
	size_t nraw = 0, nout = 0, nsub = 0, i, k;
	const char *val;
	int rc;

	if ((rc = split_words(line, &raw, &nraw)) < 0)
		return rc;
	for (i = 0; i < nraw; i++) {
		const char *r = raw[i];

		if (r[0] == '$' && is_name(r + 1, strlen(r + 1))) {
			/* $VAR alone: the value split at whitespace (with
			 * quotes honoured, as systemd does) */
			val = env_get(env, nenv, r + 1, strlen(r + 1));
			if (val == NULL)
				continue;
			if ((rc = split_words(val, &sub, &nsub)) < 0)
				goto fail;
			for (k = 0; k < nsub; k++) {
				if ((rc = strvec_push(&out, &nout, sub[k])) < 0) {
					sub[k] = NULL;
					goto fail;
				}
				sub[k] = NULL;
			}
			strvec_free(sub, nsub);
			sub = NULL;
			nsub = 0;
			continue;
		}
		if ((rc = expand_braces(r, env, nenv, &w)) < 0)
			goto fail;
		if ((rc = strvec_push(&out, &nout, w)) < 0)
			goto fail;
	}
	if (out == NULL && (out = calloc(1, sizeof(*out))) == NULL) {
		rc = -ENOMEM;
		goto fail;
	}
	strvec_free(raw, nraw);
	*ret = out;
	*ret_n = nout;
	return 0;
fail:
	strvec_free(sub, nsub);
	strvec_free(raw, nraw);
	strvec_free(out, nout);
	return rc;
}

/* Join continuation lines ("\" at the end) into one logical line. */
static char *
next_line(char **pp)
{
	char *p = *pp, *start = p, *w = p;

	if (*p == '\0')
		return NULL;
	while (*p != '\0' && *p != '\n') {
		if (p[0] == '\\' && p[1] == '\n') {
			p += 2;
			continue;
		}
		*w++ = *p++;
	}
	if (*p == '\n')
		p++;
	*w = '\0';
	*pp = p;
	return start;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* An EnvironmentFile value as systemd reads it: quotes removed, their
 * content literal (so '...' inside "..." survives for the later $VAR
 * split), backslash escapes outside single quotes. */
static int
unquote_value(const char *v, char **ret)
{
	struct buf b = { 0 };
	char q = 0;

	for (; *v != '\0'; v++) {
		if (q == 0 && (*v == '"' || *v == '\'')) {
			q = *v;
			continue;
		}
		if (q != 0 && *v == q) {
			q = 0;
			continue;
		}
		if (*v == '\\' && q != '\'' && v[1] != '\0' &&
		    (q == 0 || strchr("\"\\$`", v[1]) != NULL))
			v++;
		buf_addc(&b, *v);
	}
	return (*ret = buf_steal(&b)) != NULL ? 0 : -ENOMEM;
}

int
unitfile_parse_envfile(const char *buf, char ***env, size_t *nenv)
{
	char *copy = strdup(buf), *p = copy, *line, *eq, *val, *kv;
	int rc = 0;

	if (copy == NULL)
		return -ENOMEM;
	while ((line = next_line(&p)) != NULL) {
		line = trim(line);
		if (*line == '\0' || *line == '#' || *line == ';')
			continue;
		if (strncmp(line, "export ", 7) == 0)
			line = trim(line + 7);
		if ((eq = strchr(line, '=')) == NULL ||
		    !is_name(line, (size_t)(eq - line)))
			continue;
		*eq = '\0';
		if ((rc = unquote_value(trim(eq + 1), &val)) < 0)
			break;
		rc = asprintf(&kv, "%s=%s", line, val);
		free(val);
		if (rc < 0) {
			rc = -ENOMEM;
			break;
		}
		if ((rc = strvec_push(env, nenv, kv)) < 0)
			break;
	}
	free(copy);
	return rc < 0 ? rc : 0;
}

/* ---- unit files ---- */

struct unitstate {
	char *exec;		/* the effective ExecStart (prefixes removed) */
	char *exec_src;		/* file that set it */
	char **env;		/* Environment= assignments */
	size_t nenv;
	char **envfiles;	/* EnvironmentFile= values, '-' kept */
	size_t nenvfiles;
};

static void
unitstate_clear(struct unitstate *u)
{
	free(u->exec);
	free(u->exec_src);
	strvec_free(u->env, u->nenv);
	strvec_free(u->envfiles, u->nenvfiles);
	memset(u, 0, sizeof(*u));
}

static int
unit_line(struct unitstate *u, const char *path, const char *key, const char *val)
{
	char **w = NULL;
	size_t nw = 0, k;
	int rc;

	if (strcmp(key, "ExecStart") == 0) {
		free(u->exec);
		free(u->exec_src);
		u->exec = u->exec_src = NULL;
		if (*val == '\0')	/* "ExecStart=" resets */
			return 0;
		while (strchr("@-:+!", *val) != NULL && *val != '\0')
			val++;
		u->exec = strdup(val);
		u->exec_src = strdup(path);
		return u->exec && u->exec_src ? 0 : -ENOMEM;
	}
	if (strcmp(key, "EnvironmentFile") == 0) {
		if (*val == '\0') {
			strvec_free(u->envfiles, u->nenvfiles);
			u->envfiles = NULL;
			u->nenvfiles = 0;
			return 0;
		}
		return strvec_push(&u->envfiles, &u->nenvfiles, strdup(val));
	}
	if (strcmp(key, "Environment") == 0) {
		if (*val == '\0') {
			strvec_free(u->env, u->nenv);
			u->env = NULL;
			u->nenv = 0;
			return 0;
		}
		if ((rc = split_words(val, &w, &nw)) < 0)
			return rc;
		for (k = 0; k < nw; k++) {
			if (strchr(w[k], '=') == NULL)
				continue;
			if ((rc = strvec_push(&u->env, &u->nenv, w[k])) < 0) {
				w[k] = NULL;
				break;
			}
			w[k] = NULL;
		}
		strvec_free(w, nw);
		return rc < 0 ? rc : 0;
	}
	return 0;
}

int
unitfile_section(const char *text, const char *section, unitfile_assign_fn fn,
    void *arg)
{
	char *buf = strdup(text), *p = buf, *line, *eq;
	size_t sl = strlen(section);
	bool in = false;
	int rc = 0;

	if (buf == NULL)
		return -ENOMEM;
	while (rc >= 0 && (line = next_line(&p)) != NULL) {
		line = trim(line);
		if (*line == '#' || *line == ';' || *line == '\0')
			continue;
		if (*line == '[') {
			in = strncmp(line + 1, section, sl) == 0 &&
			    strcmp(line + 1 + sl, "]") == 0;
			continue;
		}
		if (!in || (eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		rc = fn(arg, trim(line), trim(eq + 1));
	}
	free(buf);
	return rc < 0 ? rc : 0;
}

struct unitread {
	struct unitstate *u;
	const char *path;
};

static int
service_line(void *arg, const char *key, const char *val)
{
	const struct unitread *r = arg;

	return unit_line(r->u, r->path, key, val);
}

static int
unit_read(const struct unitfile_io *io, struct unitstate *u, const char *path)
{
	struct unitread r = { u, path };
	char *buf = NULL;
	size_t len;
	int rc;

	/* a unit may be an in-root symlink (admin copies, /etc links) */
	rc = io->read(io->arg, path, true, &buf, &len);
	if (rc < 0)
		return rc;
	rc = unitfile_section(buf, "Service", service_line, &r);
	free(buf);
	return rc;
}

static const char *
basename_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* systemd applies drop-ins in file-name order; a name in a directory
 * of higher precedence (listed first) hides the same name later. */
int
unitfile_sorted_dropins(char *const *dropins, size_t ndropins, const char ***ret,
    size_t *ret_n)
{
	const char **v;
	size_t n = 0, i, j;

	if ((v = calloc(ndropins + 1, sizeof(*v))) == NULL)
		return -ENOMEM;
	for (i = 0; i < ndropins; i++) {
		const char *b = basename_of(dropins[i]);

		for (j = 0; j < n; j++)
			if (strcmp(basename_of(v[j]), b) == 0)
				break;
		if (j == n)
			v[n++] = dropins[i];
	}
	/* insertion sort by basename: a handful of files */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(basename_of(v[j - 1]),
		    basename_of(v[j])) > 0; j--) {
			const char *t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	*ret = v;
	*ret_n = n;
	return 0;
}

/* Which env file set which entries of env, to name flag sources. */
struct envsrc {
	char *path;
	size_t from, to;	/* [from, to) in env */
};

#define MAX_ENVSRC 16

static int
add_envfiles(const struct unitfile_io *io, struct unitstate *u, char ***env,
    size_t *nenv, struct envsrc *srcs, size_t *nsrcs)
{
	size_t i, from;
	int rc;

	for (i = 0; i < u->nenvfiles; i++) {
		const char *path = u->envfiles[i];
		char *buf = NULL;
		size_t len;

		if (*path == '-')
			path++;
		rc = io->read(io->arg, path, false, &buf, &len);
		if (rc == -ENOMEM)
			return rc;
		if (rc < 0)
			continue;	/* missing ('-' optional, else systemd fails the unit) or unsafe */
		from = *nenv;
		rc = unitfile_parse_envfile(buf, env, nenv);
		free(buf);
		if (rc < 0)
			return rc;
		if (*nsrcs < MAX_ENVSRC) {
			if ((srcs[*nsrcs].path = strdup(path)) == NULL)
				return -ENOMEM;
			srcs[*nsrcs].from = from;
			srcs[(*nsrcs)++].to = *nenv;
		}
	}
	return 0;
}

/* The last env entry that sets name (nl bytes), or SIZE_MAX. */
static size_t
env_index(char *const *env, size_t nenv, const char *name, size_t nl)
{
	size_t i;

	for (i = nenv; i-- > 0;)
		if (strncmp(env[i], name, nl) == 0 && env[i][nl] == '=')
			return i;
	return SIZE_MAX;
}

/* Name where a flag that is not literally in ExecStart came from:
 * "unit (ExecStart $OPTIONS from /etc/sysconfig/docker)". The variable
 * is the first one ExecStart expands whose value holds the flag (lit
 * is "--name", alt "-n" or NULL), else the first one it expands. */
static char *
exec_source(const struct unitstate *u, char *const *env, size_t nenv,
    const struct envsrc *srcs, size_t nsrcs, const char *lit, const char *alt)
{
	const char *v, *file = NULL, *best = NULL, *first = NULL;
	size_t bl = 0, fl = 0, vl, i, k;
	int pass;
	char *s;

	for (pass = 0; pass < 2 && best == NULL; pass++) {
		const char *want = pass == 0 ? lit : alt;

		for (v = strchr(u->exec, '$'); v != NULL; v = strchr(v + 1, '$')) {
			const char *n = v + (v[1] == '{' ? 2 : 1);

			for (vl = 0; isalnum((unsigned char)n[vl]) || n[vl] == '_'; vl++)
				;
			if (vl == 0)
				continue;
			if (first == NULL) {
				first = n;
				fl = vl;
			}
			i = env_index(env, nenv, n, vl);
			if (want != NULL && i != SIZE_MAX &&
			    strstr(env[i] + vl + 1, want) != NULL) {
				best = n;
				bl = vl;
				break;
			}
		}
	}
	if (best == NULL) {
		best = first;
		bl = fl;
	}
	if (best == NULL) {
		if (asprintf(&s, "%s (ExecStart)", u->exec_src) < 0)
			return NULL;
		return s;
	}
	i = env_index(env, nenv, best, bl);
	for (k = 0; i != SIZE_MAX && k < nsrcs; k++)
		if (i >= srcs[k].from && i < srcs[k].to)
			file = srcs[k].path;
	if (asprintf(&s, "%s (ExecStart $%.*s%s%s)", u->exec_src, (int)bl,
	    best, file ? " from " : "", file ? file : "") < 0)
		return NULL;
	return s;
}

int
unitfile_dockerd_flags(const struct unitfile_io *io, char *const *units, size_t nunits,
    char *const *dropins, size_t ndropins, struct dflag **f, size_t *nf)
{
	struct unitstate u = { 0 };
	const char **drop = NULL, *unit = NULL;
	char **env = NULL, **argv = NULL;
	struct envsrc srcs[MAX_ENVSRC];
	char *src_unit = NULL, *lit = NULL;
	size_t ndrop = 0, nenv = 0, argc = 0, nsrcs = 0, i, before;
	int rc = 0;

	for (i = 0; i < nunits; i++)
		if (io->is_reg(io->arg, units[i])) {
			unit = units[i];
			break;
		}
	if (unit == NULL)
		return 0;
	/* an unreadable unit (hard link, FIFO: section 3 refuses those)
	 * contributes no flags; only running out of memory is fatal */
	if ((rc = unit_read(io, &u, unit)) == -ENOMEM)
		goto out;
	if ((rc = unitfile_sorted_dropins(dropins, ndropins, &drop, &ndrop)) < 0)
		goto out;
	for (i = 0; i < ndrop; i++)
		if ((rc = unit_read(io, &u, drop[i])) == -ENOMEM)
			goto out;
	rc = 0;
	if (u.exec == NULL)
		goto out;
	for (i = 0; i < u.nenv; i++)
		if ((rc = strvec_push(&env, &nenv, strdup(u.env[i]))) < 0)
			goto out;
	if ((rc = add_envfiles(io, &u, &env, &nenv, srcs, &nsrcs)) < 0)
		goto out;
	if ((rc = unitfile_split_exec(u.exec, env, nenv, &argv, &argc)) < 0)
		goto out;
	if (asprintf(&src_unit, "%s (ExecStart)", u.exec_src) < 0)
		src_unit = NULL;
	if (src_unit == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	/* parse once, then label each flag by whether its text is in the
	 * ExecStart line itself */
	before = *nf;
	if ((rc = dflags_parse_argv(argv, argc, src_unit, f, nf)) < 0)
		goto out;
	for (i = before; i < *nf; i++) {
		struct dflag *fl = &(*f)[i];
		char sc = dflags_short(fl->name), *sshort = NULL;

		free(lit);
		lit = NULL;
		if (asprintf(&lit, "--%s", fl->name) < 0 ||
		    (sc != 0 && asprintf(&sshort, "-%c", sc) < 0)) {
			rc = -ENOMEM;
			goto out;
		}
		if (strstr(u.exec, lit) == NULL &&
		    (sshort == NULL || strstr(u.exec, sshort) == NULL)) {
			char *s = exec_source(&u, env, nenv, srcs, nsrcs, lit,
			    sshort);

			if (s == NULL) {
				free(sshort);
				rc = -ENOMEM;
				goto out;
			}
			free(fl->source);
			fl->source = s;
		}
		free(sshort);
	}
out:
	for (i = 0; i < nsrcs; i++)
		free(srcs[i].path);
	free(lit);
	free(src_unit);
	free(drop);
	strvec_free(env, nenv);
	strvec_free(argv, argc);
	unitstate_clear(&u);
	return rc;
}

