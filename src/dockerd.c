/*
 * dockerd.c - the effective dockerd command line (see dockerd.h).
 *
 * dockerd refuses to start when an option is both a flag and a
 * daemon.json key, and when daemon.json holds a key it does not know.
 * Both are the most common way hardening scripts break Docker, so the
 * flags are collected the way systemd builds the command line: the unit
 * systemd loads, drop-ins in name order (an empty ExecStart= resets),
 * Environment= and EnvironmentFile= (the latter wins), $VAR split into
 * words and ${VAR} kept as one; plus what the running daemon was
 * really started with.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dockerd.h"
#include "safeio.h"
#include "spawn.h"

/* ---- tables ---- */

enum { F_BOOL = 1, F_VAL = 2 };

static const struct flagdef {
	const char *name;	/* long name */
	char shortname;
	int type;
	const char *key;	/* daemon.json key, NULL when none */
} flagdefs[] = {
	{ "add-runtime", 0, F_VAL, "runtimes" },
	{ "allow-nondistributable-artifacts", 0, F_VAL, "allow-nondistributable-artifacts" },
	{ "api-cors-header", 0, F_VAL, "api-cors-header" },
	{ "authorization-plugin", 0, F_VAL, "authorization-plugins" },
	{ "bip", 0, F_VAL, "bip" },
	{ "bridge", 'b', F_VAL, "bridge" },
	{ "cdi-spec-dir", 0, F_VAL, "cdi-spec-dirs" },
	{ "cgroup-parent", 0, F_VAL, "cgroup-parent" },
	{ "cluster-advertise", 0, F_VAL, "cluster-advertise" },
	{ "cluster-store", 0, F_VAL, "cluster-store" },
	{ "cluster-store-opt", 0, F_VAL, "cluster-store-opts" },
	{ "config-file", 0, F_VAL, NULL },
	{ "containerd", 0, F_VAL, "containerd" },
	{ "containerd-namespace", 0, F_VAL, "containerd-namespace" },
	{ "containerd-plugins-namespace", 0, F_VAL, "containerd-plugins-namespace" },
	{ "cpu-rt-period", 0, F_VAL, "cpu-rt-period" },
	{ "cpu-rt-runtime", 0, F_VAL, "cpu-rt-runtime" },
	{ "cri-containerd", 0, F_BOOL, "cri-containerd" },
	{ "data-root", 0, F_VAL, "data-root" },
	{ "debug", 'D', F_BOOL, "debug" },
	{ "default-address-pool", 0, F_VAL, "default-address-pools" },
	{ "default-cgroupns-mode", 0, F_VAL, "default-cgroupns-mode" },
	{ "default-gateway", 0, F_VAL, "default-gateway" },
	{ "default-gateway-v6", 0, F_VAL, "default-gateway-v6" },
	{ "default-ipc-mode", 0, F_VAL, "default-ipc-mode" },
	{ "default-network-opt", 0, F_VAL, "default-network-opts" },
	{ "default-runtime", 0, F_VAL, "default-runtime" },
	{ "default-shm-size", 0, F_VAL, "default-shm-size" },
	{ "default-ulimit", 0, F_VAL, "default-ulimits" },
	{ "dns", 0, F_VAL, "dns" },
	{ "dns-opt", 0, F_VAL, "dns-opts" },
	{ "dns-search", 0, F_VAL, "dns-search" },
	{ "exec-opt", 0, F_VAL, "exec-opts" },
	{ "exec-root", 0, F_VAL, "exec-root" },
	{ "experimental", 0, F_BOOL, "experimental" },
	{ "feature", 0, F_VAL, "features" },
	{ "fixed-cidr", 0, F_VAL, "fixed-cidr" },
	{ "fixed-cidr-v6", 0, F_VAL, "fixed-cidr-v6" },
	{ "graph", 'g', F_VAL, "graph" },
	{ "group", 'G', F_VAL, "group" },
	{ "help", 0, F_BOOL, NULL },
	{ "host", 'H', F_VAL, "hosts" },
	{ "host-gateway-ip", 0, F_VAL, "host-gateway-ip" },
	{ "http-proxy", 0, F_VAL, "http-proxy" },
	{ "https-proxy", 0, F_VAL, "https-proxy" },
	{ "icc", 0, F_BOOL, "icc" },
	{ "init", 0, F_BOOL, "init" },
	{ "init-path", 0, F_VAL, "init-path" },
	{ "insecure-registry", 0, F_VAL, "insecure-registries" },
	{ "ip", 0, F_VAL, "ip" },
	{ "ip-forward", 0, F_BOOL, "ip-forward" },
	{ "ip-masq", 0, F_BOOL, "ip-masq" },
	{ "ip6tables", 0, F_BOOL, "ip6tables" },
	{ "iptables", 0, F_BOOL, "iptables" },
	{ "ipv6", 0, F_BOOL, "ipv6" },
	{ "label", 0, F_VAL, "labels" },
	{ "live-restore", 0, F_BOOL, "live-restore" },
	{ "log-driver", 0, F_VAL, "log-driver" },
	{ "log-format", 0, F_VAL, "log-format" },
	{ "log-level", 'l', F_VAL, "log-level" },
	{ "log-opt", 0, F_VAL, "log-opts" },
	{ "max-concurrent-downloads", 0, F_VAL, "max-concurrent-downloads" },
	{ "max-concurrent-uploads", 0, F_VAL, "max-concurrent-uploads" },
	{ "max-download-attempts", 0, F_VAL, "max-download-attempts" },
	{ "metrics-addr", 0, F_VAL, "metrics-addr" },
	{ "mtu", 0, F_VAL, "mtu" },
	{ "network-control-plane-mtu", 0, F_VAL, "network-control-plane-mtu" },
	{ "no-new-privileges", 0, F_BOOL, "no-new-privileges" },
	{ "no-proxy", 0, F_VAL, "no-proxy" },
	{ "node-generic-resource", 0, F_VAL, "node-generic-resources" },
	{ "oom-score-adjust", 0, F_VAL, "oom-score-adjust" },
	{ "pidfile", 'p', F_VAL, "pidfile" },
	{ "raw-logs", 0, F_BOOL, "raw-logs" },
	{ "registry-mirror", 0, F_VAL, "registry-mirrors" },
	{ "rootless", 0, F_BOOL, "rootless" },
	{ "seccomp-profile", 0, F_VAL, "seccomp-profile" },
	{ "selinux-enabled", 0, F_BOOL, "selinux-enabled" },
	{ "shutdown-timeout", 0, F_VAL, "shutdown-timeout" },
	{ "storage-driver", 's', F_VAL, "storage-driver" },
	{ "storage-opt", 0, F_VAL, "storage-opts" },
	{ "swarm-default-advertise-addr", 0, F_VAL, "swarm-default-advertise-addr" },
	{ "tls", 0, F_BOOL, "tls" },
	{ "tlscacert", 0, F_VAL, "tlscacert" },
	{ "tlscert", 0, F_VAL, "tlscert" },
	{ "tlskey", 0, F_VAL, "tlskey" },
	{ "tlsverify", 0, F_BOOL, "tlsverify" },
	{ "userland-proxy", 0, F_BOOL, "userland-proxy" },
	{ "userland-proxy-path", 0, F_VAL, "userland-proxy-path" },
	{ "userns-remap", 0, F_VAL, "userns-remap" },
	{ "validate", 0, F_BOOL, NULL },
	{ "version", 'v', F_BOOL, NULL },
};

#define NFLAGDEFS (sizeof(flagdefs) / sizeof(flagdefs[0]))

/*
 * daemon.json keys whose availability changed between engines, as
 * major*100+minor: since (0: before 20.10) and until (removed in; 0:
 * still there). Keys not listed exist in every engine cisharden
 * supports (20.10 and later), including every key cisharden writes.
 */
static const struct {
	const char *key;
	int since, until;
} keyvers[] = {
	{ "disable-legacy-registry", 0, 1712 },	/* moby#35751 */
	{ "graph", 0, 2300 },
	{ "cluster-store", 0, 2300 },
	{ "cluster-store-opts", 0, 2300 },
	{ "cluster-advertise", 0, 2300 },
	{ "deprecated-key-path", 0, 2300 },
	{ "oom-score-adjust", 0, 2500 },
	{ "api-cors-header", 0, 2800 },
	{ "allow-nondistributable-artifacts", 0, 2800 },
	{ "http-proxy", 2300, 0 },
	{ "https-proxy", 2300, 0 },
	{ "no-proxy", 2300, 0 },
	{ "default-network-opts", 2400, 0 },
	{ "log-format", 2500, 0 },
	{ "cdi-spec-dirs", 2500, 0 },
	{ "min-api-version", 2700, 0 },
	{ "firewall-backend", 2800, 0 },
	{ "bridge-accept-fwmark", 2800, 0 },
};

static const struct flagdef *
flagdef(const char *name)
{
	size_t k;

	for (k = 0; k < NFLAGDEFS; k++)
		if (strcmp(flagdefs[k].name, name) == 0 ||
		    (name[0] != '\0' && name[1] == '\0' &&
		    flagdefs[k].shortname == name[0]))
			return &flagdefs[k];
	return NULL;
}

const char *
dockerd_flag_key(const char *flag)
{
	const struct flagdef *f = flagdef(flag);

	return f ? f->key : NULL;
}

const char *
dockerd_flag_long(const char *name)
{
	const struct flagdef *f = flagdef(name);

	return f ? f->name : NULL;
}

const struct dflag *
dockerd_flag_for_key(const struct host *h, const char *key)
{
	size_t i;
	const char *k;

	for (i = 0; i < h->nflags; i++)
		if ((k = dockerd_flag_key(h->flags[i].name)) != NULL &&
		    strcmp(k, key) == 0)
			return &h->flags[i];
	return NULL;
}

int
dockerd_version_num(const char *v)
{
	long maj, min = 0;
	char *end;

	if (v == NULL)
		return 0;
	while (*v != '\0' && !isdigit((unsigned char)*v))
		v++;
	maj = strtol(v, &end, 10);
	if (end == v || maj <= 0 || maj > 999)
		return 0;
	if (*end == '.')
		min = strtol(end + 1, NULL, 10);
	if (min < 0 || min > 99)
		return 0;
	return (int)(maj * 100 + min);
}

int
dockerd_key_known(const char *key, const char *version)
{
	int v = dockerd_version_num(version);
	size_t k;

	for (k = 0; k < sizeof(keyvers) / sizeof(keyvers[0]); k++) {
		if (strcmp(keyvers[k].key, key) != 0)
			continue;
		if (v == 0)	/* unknown engine: must hold for all >= 20.10 */
			return keyvers[k].since <= 2010 && keyvers[k].until == 0;
		return v >= keyvers[k].since &&
		    (keyvers[k].until == 0 || v < keyvers[k].until);
	}
	return 1;
}

/* ---- string vectors ---- */

void
dockerd_strv_free(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
strv_push(char ***v, size_t *n, char *s)
{
	char **nv;

	if (s == NULL)
		return -ENOMEM;
	if ((nv = realloc(*v, (*n + 2) * sizeof(*nv))) == NULL) {
		free(s);
		return -ENOMEM;
	}
	nv[(*n)++] = s;
	nv[*n] = NULL;
	*v = nv;
	return 0;
}

void
dockerd_flags_free(struct dflag *f, size_t n)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(f[i].name);
		free(f[i].value);
		free(f[i].source);
	}
	free(f);
}

static int
flag_push(struct dflag **f, size_t *n, const char *name, const char *value,
    size_t vlen, const char *source)
{
	struct dflag *nf;

	if ((nf = realloc(*f, (*n + 1) * sizeof(*nf))) == NULL)
		return -ENOMEM;
	*f = nf;
	nf += *n;
	nf->name = strdup(name);
	nf->value = value ? strndup(value, vlen) : NULL;
	nf->source = strdup(source);
	if (nf->name == NULL || (value && nf->value == NULL) ||
	    nf->source == NULL) {
		free(nf->name);
		free(nf->value);
		free(nf->source);
		return -ENOMEM;
	}
	(*n)++;
	return 0;
}

/* ---- dockerd argv ---- */

static int
parse_long(char *const *argv, size_t argc, size_t *i, const char *source,
    struct dflag **f, size_t *n)
{
	const char *a = argv[*i] + 2, *eq = strchr(a, '=');
	char name[128];
	size_t nl = eq ? (size_t)(eq - a) : strlen(a);
	const struct flagdef *d;

	if (nl == 0 || nl >= sizeof(name))
		return 0;
	memcpy(name, a, nl);
	name[nl] = '\0';
	d = flagdef(name);
	if (eq != NULL)
		return flag_push(f, n, d ? d->name : name, eq + 1,
		    strlen(eq + 1), source);
	/* pflag: bool flags take a value only with '='; others take the
	 * next word. dockerd has no positional arguments, so a word after
	 * an unknown flag that is not itself a flag is its value. */
	if ((d == NULL || d->type == F_VAL) && *i + 1 < argc &&
	    (d != NULL || argv[*i + 1][0] != '-')) {
		(*i)++;
		return flag_push(f, n, d ? d->name : name, argv[*i],
		    strlen(argv[*i]), source);
	}
	return flag_push(f, n, d ? d->name : name, NULL, 0, source);
}

/* -Dl info, -Hfd://, -H=fd://, -s overlay2 */
static int
parse_short(char *const *argv, size_t argc, size_t *i, const char *source,
    struct dflag **f, size_t *n)
{
	const char *a = argv[*i] + 1;
	int rc;

	for (; *a != '\0'; a++) {
		char sn[2] = { *a, '\0' };
		const struct flagdef *d = flagdef(sn);

		if (d == NULL || d->type == F_BOOL) {
			if ((rc = flag_push(f, n, d ? d->name : sn, NULL, 0,
			    source)) < 0)
				return rc;
			continue;
		}
		if (a[1] != '\0')
			return flag_push(f, n, d->name, a[1] == '=' ? a + 2 :
			    a + 1, strlen(a[1] == '=' ? a + 2 : a + 1), source);
		if (*i + 1 < argc) {
			(*i)++;
			return flag_push(f, n, d->name, argv[*i],
			    strlen(argv[*i]), source);
		}
		return flag_push(f, n, d->name, NULL, 0, source);
	}
	return 0;
}

int
dockerd_parse_argv(char *const *argv, size_t argc, const char *source,
    struct dflag **flags, size_t *nflags)
{
	size_t i;
	int rc;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0)
			break;
		if (a[0] != '-' || a[1] == '\0')
			continue;
		rc = a[1] == '-' ? parse_long(argv, argc, &i, source, flags,
		    nflags) : parse_short(argv, argc, &i, source, flags, nflags);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ---- systemd-style word splitting ---- */

struct sb {
	char *p;
	size_t len, cap;
};

static int
sb_putc(struct sb *b, char c)
{
	char *np;

	if (b->len + 2 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;

		if ((np = realloc(b->p, cap)) == NULL)
			return -ENOMEM;
		b->p = np;
		b->cap = cap;
	}
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
	return 0;
}

static int
sb_puts(struct sb *b, const char *s, size_t n)
{
	size_t k;
	int rc;

	for (k = 0; k < n; k++)
		if ((rc = sb_putc(b, s[k])) < 0)
			return rc;
	return 0;
}

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
	struct sb w = { 0 };
	bool inword = false;
	char q = 0;
	int rc = 0;

	for (; ; s++) {
		char c = *s;

		if (c == '\0' || (!q && (c == ' ' || c == '\t' || c == '\n'))) {
			if (inword) {
				if (w.p == NULL && (w.p = strdup("")) == NULL) {
					rc = -ENOMEM;
					goto fail;
				}
				if ((rc = strv_push(&v, &n, w.p)) < 0) {
					w.p = NULL;
					goto fail;
				}
				memset(&w, 0, sizeof(w));
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
		if ((rc = sb_putc(&w, c)) < 0)
			goto fail;
	}
	/* an empty vector is still a vector */
	if (v == NULL && (v = calloc(1, sizeof(*v))) == NULL)
		return -ENOMEM;
	*ret = v;
	*ret_n = n;
	return 0;
fail:
	free(w.p);
	dockerd_strv_free(v, n);
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
	struct sb b = { 0 };
	const char *p = word, *e, *val;
	int rc;

	while (*p != '\0') {
		if (p[0] == '$' && p[1] == '{' && (e = strchr(p + 2, '}')) != NULL &&
		    is_name(p + 2, (size_t)(e - p - 2))) {
			val = env_get(env, nenv, p + 2, (size_t)(e - p - 2));
			if (val != NULL && (rc = sb_puts(&b, val, strlen(val))) < 0)
				goto fail;
			p = e + 1;
			continue;
		}
		if ((rc = sb_putc(&b, *p++)) < 0)
			goto fail;
	}
	if (b.p == NULL && (b.p = strdup("")) == NULL)
		return -ENOMEM;
	*ret = b.p;
	return 0;
fail:
	free(b.p);
	return rc;
}

int
dockerd_split_exec(const char *line, char *const *env, size_t nenv,
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
				if ((rc = strv_push(&out, &nout, sub[k])) < 0) {
					sub[k] = NULL;
					goto fail;
				}
				sub[k] = NULL;
			}
			dockerd_strv_free(sub, nsub);
			sub = NULL;
			nsub = 0;
			continue;
		}
		if ((rc = expand_braces(r, env, nenv, &w)) < 0)
			goto fail;
		if ((rc = strv_push(&out, &nout, w)) < 0)
			goto fail;
	}
	if (out == NULL && (out = calloc(1, sizeof(*out))) == NULL) {
		rc = -ENOMEM;
		goto fail;
	}
	dockerd_strv_free(raw, nraw);
	*ret = out;
	*ret_n = nout;
	return 0;
fail:
	dockerd_strv_free(sub, nsub);
	dockerd_strv_free(raw, nraw);
	dockerd_strv_free(out, nout);
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
	struct sb b = { 0 };
	char q = 0;
	int rc;

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
		if ((rc = sb_putc(&b, *v)) < 0) {
			free(b.p);
			return rc;
		}
	}
	if (b.p == NULL && (b.p = strdup("")) == NULL)
		return -ENOMEM;
	*ret = b.p;
	return 0;
}

int
dockerd_parse_envfile(const char *buf, char ***env, size_t *nenv)
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
		if ((rc = strv_push(env, nenv, kv)) < 0)
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
	dockerd_strv_free(u->env, u->nenv);
	dockerd_strv_free(u->envfiles, u->nenvfiles);
	memset(u, 0, sizeof(*u));
}

static int
unit_line(struct unitstate *u, const char *path, const char *key, char *val)
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
			dockerd_strv_free(u->envfiles, u->nenvfiles);
			u->envfiles = NULL;
			u->nenvfiles = 0;
			return 0;
		}
		return strv_push(&u->envfiles, &u->nenvfiles, strdup(val));
	}
	if (strcmp(key, "Environment") == 0) {
		if (*val == '\0') {
			dockerd_strv_free(u->env, u->nenv);
			u->env = NULL;
			u->nenv = 0;
			return 0;
		}
		if ((rc = split_words(val, &w, &nw)) < 0)
			return rc;
		for (k = 0; k < nw; k++) {
			if (strchr(w[k], '=') == NULL)
				continue;
			if ((rc = strv_push(&u->env, &u->nenv, w[k])) < 0) {
				w[k] = NULL;
				break;
			}
			w[k] = NULL;
		}
		dockerd_strv_free(w, nw);
		return rc < 0 ? rc : 0;
	}
	return 0;
}

static int
unit_read(const struct ctx *ctx, struct unitstate *u, const char *path)
{
	char *buf = NULL, *p, *line, *eq, *key, *real = NULL;
	size_t len;
	bool service = false;
	int rc;

	/* a unit may be an in-root symlink (admin copies, /etc links) */
	if ((rc = safeio_realpath(ctx->rootfd, path, &real)) < 0)
		return rc;
	rc = safeio_read(ctx->rootfd, real, SAFEIO_MAX_FILE, &buf, &len, NULL);
	free(real);
	if (rc < 0)
		return rc;
	p = buf;
	while ((line = next_line(&p)) != NULL) {
		line = trim(line);
		if (*line == '#' || *line == ';' || *line == '\0')
			continue;
		if (*line == '[') {
			service = strcmp(line, "[Service]") == 0;
			continue;
		}
		if (!service || (eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		key = trim(line);
		if ((rc = unit_line(u, path, key, trim(eq + 1))) < 0)
			break;
	}
	free(buf);
	return rc < 0 ? rc : 0;
}

static const char *
basename_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* systemd applies drop-ins in file-name order; a name in a directory
 * of higher precedence (listed first) hides the same name later. */
static int
sorted_dropins(const struct host *h, const char ***ret, size_t *ret_n)
{
	const char **v;
	size_t n = 0, i, j;

	if ((v = calloc(h->nservice_dropins + 1, sizeof(*v))) == NULL)
		return -ENOMEM;
	for (i = 0; i < h->nservice_dropins; i++) {
		const char *b = basename_of(h->service_dropins[i]);

		for (j = 0; j < n; j++)
			if (strcmp(basename_of(v[j]), b) == 0)
				break;
		if (j == n)
			v[n++] = h->service_dropins[i];
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
add_envfiles(const struct ctx *ctx, struct unitstate *u, char ***env,
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
		rc = safeio_read(ctx->rootfd, path, SAFEIO_MAX_FILE, &buf, &len,
		    NULL);
		if (rc == -ENOMEM)
			return rc;
		if (rc < 0)
			continue;	/* missing ('-' optional, else systemd fails the unit) or unsafe */
		from = *nenv;
		rc = dockerd_parse_envfile(buf, env, nenv);
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

/* Flags of one ExecStart, each with a source naming the file it came
 * from: a word that appears literally in the line is the unit's, any
 * other came from an environment variable. */
static int
unit_flags(const struct ctx *ctx, const struct host *h, struct dflag **f,
    size_t *nf)
{
	struct unitstate u = { 0 };
	const char **drop = NULL, *unit = NULL;
	char **env = NULL, **argv = NULL;
	struct envsrc srcs[MAX_ENVSRC];
	char *src_unit = NULL, *lit = NULL;
	size_t ndrop = 0, nenv = 0, argc = 0, nsrcs = 0, i, before;
	struct stat st;
	int rc = 0;

	for (i = 0; i < h->nservice_units; i++)
		if (safeio_stat(ctx->rootfd, h->service_units[i], &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			unit = h->service_units[i];
			break;
		}
	if (unit == NULL)
		return 0;
	/* an unreadable unit (hard link, FIFO: section 3 refuses those)
	 * contributes no flags; only running out of memory is fatal */
	if ((rc = unit_read(ctx, &u, unit)) == -ENOMEM)
		goto out;
	if ((rc = sorted_dropins(h, &drop, &ndrop)) < 0)
		goto out;
	for (i = 0; i < ndrop; i++)
		if ((rc = unit_read(ctx, &u, drop[i])) == -ENOMEM)
			goto out;
	rc = 0;
	if (u.exec == NULL)
		goto out;
	for (i = 0; i < u.nenv; i++)
		if ((rc = strv_push(&env, &nenv, strdup(u.env[i]))) < 0)
			goto out;
	if ((rc = add_envfiles(ctx, &u, &env, &nenv, srcs, &nsrcs)) < 0)
		goto out;
	if ((rc = dockerd_split_exec(u.exec, env, nenv, &argv, &argc)) < 0)
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
	if ((rc = dockerd_parse_argv(argv, argc, src_unit, f, nf)) < 0)
		goto out;
	for (i = before; i < *nf; i++) {
		struct dflag *fl = &(*f)[i];
		const struct flagdef *d = flagdef(fl->name);
		char *sshort = NULL;

		free(lit);
		lit = NULL;
		if (asprintf(&lit, "--%s", fl->name) < 0 ||
		    (d && d->shortname && asprintf(&sshort, "-%c", d->shortname) < 0)) {
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
	dockerd_strv_free(env, nenv);
	dockerd_strv_free(argv, argc);
	unitstate_clear(&u);
	return rc;
}

/* ---- the running daemon ---- */

/*
 * procfs is the kernel's interface, not a host file: it is read with
 * plain open() under ctx->proc (tests point it at a fake tree), and
 * never in offline mode.
 */
static int
proc_read(const struct ctx *ctx, pid_t pid, const char *what, char **ret,
    size_t *ret_len)
{
	char path[512], *buf = NULL, *nb;
	size_t len = 0, cap = 0;
	ssize_t r;
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%s/%d/%s", ctx->proc, (int)pid, what);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			if (cap > (1u << 20) || (nb = realloc(buf, cap)) == NULL) {
				rc = -ENOMEM;
				goto out;
			}
			buf = nb;
		}
		if ((r = read(fd, buf + len, 4096)) < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
	*ret = buf;
	*ret_len = len;
	buf = NULL;
out:
	free(buf);
	close(fd);
	return rc;
}

int
dockerd_read_cmdline(const struct ctx *ctx, pid_t pid, char ***ret,
    size_t *ret_n)
{
	return dockerd_read_proc_strv(ctx, pid, "cmdline", ret, ret_n);
}

int
dockerd_read_proc_strv(const struct ctx *ctx, pid_t pid, const char *what,
    char ***ret, size_t *ret_n)
{
	char *buf, **v = NULL;
	size_t len, off, n = 0;
	int rc;

	if ((rc = proc_read(ctx, pid, what, &buf, &len)) < 0)
		return rc;
	for (off = 0; off < len; off += strlen(buf + off) + 1)
		if ((rc = strv_push(&v, &n, strdup(buf + off))) < 0) {
			free(buf);
			dockerd_strv_free(v, n);
			return rc;
		}
	free(buf);
	if (n == 0) {
		dockerd_strv_free(v, n);
		return -ESRCH;	/* a zombie or kernel thread */
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

static bool
is_live_dockerd(const struct ctx *ctx, pid_t pid)
{
	char *buf, path[512], *rp;
	size_t len;
	struct stat st;
	bool ok;

	if (proc_read(ctx, pid, "comm", &buf, &len) < 0)
		return false;
	ok = strcmp(buf, "dockerd\n") == 0 || strcmp(buf, "dockerd") == 0;
	free(buf);
	if (!ok || proc_read(ctx, pid, "stat", &buf, &len) < 0)
		return false;
	/* "pid (comm) S ...": skip zombies and exiting processes */
	rp = strrchr(buf, ')');
	ok = rp != NULL && rp[1] == ' ' && rp[2] != 'Z' && rp[2] != 'X';
	free(buf);
	snprintf(path, sizeof(path), "%s/%d", ctx->proc, (int)pid);
	return ok && stat(path, &st) == 0 && st.st_uid == 0;
}

int
dockerd_find_pid(const struct ctx *ctx, pid_t *ret)
{
	DIR *d;
	struct dirent *de;
	pid_t best = 0;

	*ret = 0;
	if ((d = opendir(ctx->proc)) == NULL)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d)) != NULL) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end != '\0' || pid <= 0)
			continue;
		if (is_live_dockerd(ctx, (pid_t)pid) &&
		    (best == 0 || pid < best))
			best = (pid_t)pid;
	}
	closedir(d);
	*ret = best;
	return 0;
}

int
dockerd_binary(const struct ctx *ctx, const struct host *h, char **ret)
{
	static const char *const cand[] = {
		"/usr/bin/dockerd", "/usr/sbin/dockerd", "/usr/local/bin/dockerd",
	};
	char path[512], exe[4096];
	ssize_t n;
	size_t k;

	if (!ctx->offline && h->dockerd_pid > 0) {
		snprintf(path, sizeof(path), "%s/%d/exe", ctx->proc,
		    (int)h->dockerd_pid);
		if ((n = readlink(path, exe, sizeof(exe) - 1)) > 0 &&
		    exe[0] == '/') {
			exe[n] = '\0';
			if (strstr(exe, " (deleted)") == NULL) {
				*ret = strdup(exe);
				return *ret ? 0 : -ENOMEM;
			}
		}
	}
	for (k = 0; k < sizeof(cand) / sizeof(cand[0]); k++) {
		struct stat st;

		if (safeio_stat(ctx->rootfd, cand[k], &st) == 0 &&
		    S_ISREG(st.st_mode) && (st.st_mode & 0111)) {
			*ret = strdup(cand[k]);
			return *ret ? 0 : -ENOMEM;
		}
	}
	return -ENOENT;
}

int
dockerd_collect(const struct ctx *ctx, struct host *h)
{
	struct dflag *f = NULL;
	size_t nf = 0, argc = 0;
	char **argv = NULL, src[128];
	pid_t pid = 0;
	int rc;

	if ((rc = unit_flags(ctx, h, &f, &nf)) < 0)
		goto fail;
	if (!ctx->offline) {
		if ((rc = dockerd_find_pid(ctx, &pid)) < 0)
			goto fail;
		if (pid > 0 && dockerd_read_cmdline(ctx, pid, &argv, &argc) == 0) {
			snprintf(src, sizeof(src), "%s/%d/cmdline (running dockerd)",
			    ctx->proc, (int)pid);
			rc = dockerd_parse_argv(argv, argc, src, &f, &nf);
			dockerd_strv_free(argv, argc);
			if (rc < 0)
				goto fail;
		}
		h->dockerd_pid = pid;
	}
	dockerd_flags_free(h->flags, h->nflags);
	h->flags = f;
	h->nflags = nf;
	return 0;
fail:
	dockerd_flags_free(f, nf);
	return rc;
}

char *
dockerd_engine_version(const struct ctx *ctx, const struct host *h)
{
	char *bin = NULL, *out = NULL, *v, *ret = NULL;

	if (h->docker_version != NULL)
		return strdup(h->docker_version);
	if (ctx->offline || dockerd_binary(ctx, h, &bin) < 0)
		return NULL;
	/* "Docker version 20.10.24+dfsg1, build 5d6db84" */
	{
		char *argv[] = { bin, "--version", NULL };

		if (spawn_run(argv, -1, 10, &out) == 0 && out != NULL &&
		    (v = strstr(out, "version ")) != NULL) {
			v += 8;
			v[strcspn(v, ", \n")] = '\0';
			if (dockerd_version_num(v) > 0)
				ret = strdup(v);
		}
	}
	free(out);
	free(bin);
	return ret;
}
