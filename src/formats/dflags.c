/*
 * dflags.c - see dflags.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dflags.h"

/* ---- the table ---- */

/*
 * Every dockerd option of Engine 20.10 to 29.1, as the engines' own code
 * registers it (moby cmd/dockerd, later daemon/command; read release by
 * release with tools/dockerd-keys.py). dockerd accepts a daemon.json key
 * when it is a long flag name, the name of a flag's NamedOption (the key
 * column), or in skipValidateOptions (daemon/config/config.go,
 * findConfigurationConflicts); it refuses any other key. "until" is the
 * first release that refuses a key it still lists, by an explicit error.
 */
#define ALL "dockerd flags 20.10.0-29.1.5 (moby cmd/dockerd, daemon/command)"
#define SKIPV "skipValidateOptions in moby daemon/config/config.go"

static const struct dkey keys[] = {
	{ "allow-direct-routing", DT_BOOL, "allow-direct-routing", 0, 2802, 0, "flag since moby v28.2.0" },
	{ "allow-nondistributable-artifacts", DT_STRARR, "allow-nondistributable-artifacts", 0, 0, 0,
	  ALL "; deprecated and ignored from 28.0, " SKIPV },
	{ "api-cors-header", DT_STR, "api-cors-header", 0, 0, 2800,
	  "moby v28.0.0 daemon/config/config.go: \"the api-cors-header config parameter ... removed\"; no flag in 29.0" },
	{ "authorization-plugins", DT_STRARR, "authorization-plugin", 0, 0, 0, ALL },
	{ "bip", DT_STR, "bip", 0, 0, 0, ALL },
	{ "bip6", DT_STR, "bip6", 0, 2800, 0, "flag since moby v28.0.0" },
	{ "bridge", DT_STR, "bridge", 'b', 0, 0, ALL },
	{ "bridge-accept-fwmark", DT_STR, "bridge-accept-fwmark", 0, 2900, 0, "flag since moby v29.0.0" },
	{ "builder", DT_OBJ, NULL, 0, 0, 0, SKIPV },
	{ "cdi-spec-dirs", DT_STRARR, "cdi-spec-dir", 0, 2500, 0, "flag since moby v25.0.0" },
	{ "cgroup-parent", DT_STR, "cgroup-parent", 0, 0, 0, ALL },
	{ "cluster-advertise", DT_STR, "cluster-advertise", 0, 0, 2300,
	  "moby v23.0.0 cmd/dockerd/daemon.go checkDeprecatedOptions: \"options have been removed\"" },
	{ "cluster-store", DT_STR, "cluster-store", 0, 0, 2300,
	  "moby v23.0.0 cmd/dockerd/daemon.go checkDeprecatedOptions" },
	{ "cluster-store-opts", DT_STRMAP, "cluster-store-opt", 0, 0, 2300,
	  "moby v23.0.0 cmd/dockerd/daemon.go checkDeprecatedOptions" },
	{ NULL, DT_STR, "config-file", 0, 0, 0, ALL },
	{ "containerd", DT_STR, "containerd", 0, 0, 0, ALL },
	{ "containerd-namespace", DT_STR, "containerd-namespace", 0, 0, 0, ALL },
	{ "containerd-plugins-namespace", DT_STR, "containerd-plugins-namespace", 0, 0, 0, ALL },
	{ "cpu-rt-period", DT_NUM, "cpu-rt-period", 0, 0, 0, ALL },
	{ "cpu-rt-runtime", DT_NUM, "cpu-rt-runtime", 0, 0, 0, ALL },
	{ "cri-containerd", DT_BOOL, "cri-containerd", 0, 0, 0, ALL },
	{ "data-root", DT_STR, "data-root", 0, 0, 0, ALL },
	{ "debug", DT_BOOL, "debug", 'D', 0, 0, ALL },
	{ "default-address-pools", DT_ANY, "default-address-pool", 0, 0, 0, ALL },
	{ "default-cgroupns-mode", DT_STR, "default-cgroupns-mode", 0, 0, 0, ALL },
	{ "default-gateway", DT_STR, "default-gateway", 0, 0, 0, ALL },
	{ "default-gateway-v6", DT_STR, "default-gateway-v6", 0, 0, 0, ALL },
	{ "default-ipc-mode", DT_STR, "default-ipc-mode", 0, 0, 0, ALL },
	{ "default-network-opts", DT_OBJ, "default-network-opt", 0, 2400, 0, "flag since moby v24.0.0" },
	{ "default-runtime", DT_STR, "default-runtime", 0, 0, 0, ALL },
	{ "default-shm-size", DT_ANY, "default-shm-size", 0, 0, 0, ALL },
	{ "default-ulimits", DT_ULIMITS, "default-ulimit", 0, 0, 0, ALL },
	{ "deprecated-key-path", DT_ANY, NULL, 0, 0, 0, SKIPV },
	{ "dns", DT_STRARR, "dns", 0, 0, 0, ALL },
	{ "dns-opts", DT_STRARR, "dns-opt", 0, 0, 0, ALL },
	{ "dns-search", DT_STRARR, "dns-search", 0, 0, 0, ALL },
	{ "exec-opts", DT_STRARR, "exec-opt", 0, 0, 0, ALL },
	{ "exec-root", DT_STR, "exec-root", 0, 0, 0, ALL },
	{ "experimental", DT_BOOL, "experimental", 0, 0, 0, ALL },
	{ "features", DT_OBJ, "feature", 0, 0, 0, SKIPV "; the --feature flag since moby v27.3.0" },
	{ "firewall-backend", DT_STR, "firewall-backend", 0, 2900, 0,
	  "flag since moby v29.0.0: iptables or nftables, and the iptables and ip6tables options apply to both" },
	{ "fixed-cidr", DT_STR, "fixed-cidr", 0, 0, 0, ALL },
	{ "fixed-cidr-v6", DT_STR, "fixed-cidr-v6", 0, 0, 0, ALL },
	{ "graph", DT_STR, "graph", 'g', 0, 2300,
	  "moby v23.0.0 daemon/config/config.go Validate: \"the graph config file option is deprecated\"" },
	{ "group", DT_STR, "group", 'G', 0, 0, ALL },
	{ NULL, DT_BOOL, "help", 'h', 0, 0, "cobra's help flag" },
	{ "host-gateway-ip", DT_STR, "host-gateway-ip", 0, 0, 0, ALL },
	{ "host-gateway-ips", DT_STRARR, NULL, 0, 2800, 0, "NamedOption of --host-gateway-ip since moby v28.0.0" },
	{ "hosts", DT_STRARR, "host", 'H', 0, 0, ALL },
	{ "http-proxy", DT_STR, "http-proxy", 0, 2300, 0, "flag since moby v23.0.0" },
	{ "https-proxy", DT_STR, "https-proxy", 0, 2300, 0, "flag since moby v23.0.0" },
	{ "icc", DT_BOOL, "icc", 0, 0, 0, ALL },
	{ "init", DT_BOOL, "init", 0, 0, 0, ALL },
	{ "init-path", DT_STR, "init-path", 0, 0, 0, ALL },
	{ "insecure-registries", DT_STRARR, "insecure-registry", 0, 0, 0, ALL },
	{ "ip", DT_STR, "ip", 0, 0, 0, ALL },
	{ "ip-forward", DT_BOOL, "ip-forward", 0, 0, 0, ALL },
	{ "ip-forward-no-drop", DT_BOOL, "ip-forward-no-drop", 0, 2800, 0, "flag since moby v28.0.0" },
	{ "ip-masq", DT_BOOL, "ip-masq", 0, 0, 0, ALL },
	{ "ip6tables", DT_BOOL, "ip6tables", 0, 0, 0, ALL },
	{ "iptables", DT_BOOL, "iptables", 0, 0, 0, ALL },
	{ "ipv6", DT_BOOL, "ipv6", 0, 0, 0, ALL },
	{ "labels", DT_STRARR, "label", 0, 0, 0, ALL },
	{ "live-restore", DT_BOOL, "live-restore", 0, 0, 0, ALL },
	{ "log-driver", DT_STR, "log-driver", 0, 0, 0, ALL },
	{ "log-format", DT_STR, "log-format", 0, 2500, 0, "flag since moby v25.0.0" },
	{ "log-level", DT_STR, "log-level", 'l', 0, 0, ALL },
	{ "log-opts", DT_STRMAP, "log-opt", 0, 0, 0, ALL },
	{ "max-concurrent-downloads", DT_NUM, "max-concurrent-downloads", 0, 0, 0, ALL },
	{ "max-concurrent-uploads", DT_NUM, "max-concurrent-uploads", 0, 0, 0, ALL },
	{ "max-download-attempts", DT_NUM, "max-download-attempts", 0, 0, 0, ALL },
	{ "metrics-addr", DT_STR, "metrics-addr", 0, 0, 0, ALL },
	{ "min-api-version", DT_ANY, NULL, 0, 2900, 0, SKIPV " since moby v29.0.0" },
	{ "mtu", DT_NUM, "mtu", 0, 0, 0, ALL },
	{ "network-control-plane-mtu", DT_NUM, "network-control-plane-mtu", 0, 0, 0, ALL },
	{ "network-diagnostic-port", DT_NUM, "network-diagnostic-port", 0, 0, 0, ALL },
	{ "no-new-privileges", DT_BOOL, "no-new-privileges", 0, 0, 0, ALL },
	{ "no-proxy", DT_STR, "no-proxy", 0, 2300, 0, "flag since moby v23.0.0" },
	{ "node-generic-resources", DT_STRARR, "node-generic-resource", 0, 0, 0, ALL },
	{ "oom-score-adjust", DT_NUM, "oom-score-adjust", 0, 0, 2500,
	  "moby v25.0.0 daemon/config/config_linux.go: \"oom-score-adjust ... have been removed\"" },
	{ "pidfile", DT_STR, "pidfile", 'p', 0, 0, ALL },
	{ "proxies", DT_NESTED, NULL, 0, 2300, 0,
	  "moby v23.0.0 daemon/config/config.go: an object whose members are the proxy flags" },
	{ "raw-logs", DT_BOOL, "raw-logs", 0, 0, 0, ALL },
	{ "registry-mirrors", DT_STRARR, "registry-mirror", 0, 0, 0, ALL },
	{ NULL, DT_BOOL, "restart", 'r', 0, 0, ALL ", deprecated and hidden" },
	{ "rootless", DT_BOOL, "rootless", 0, 0, 0, ALL },
	{ "runtimes", DT_OBJ, "add-runtime", 0, 0, 0, ALL },
	{ "seccomp-profile", DT_STR, "seccomp-profile", 0, 0, 0, ALL },
	{ "selinux-enabled", DT_BOOL, "selinux-enabled", 0, 0, 0, ALL },
	{ "shutdown-timeout", DT_NUM, "shutdown-timeout", 0, 0, 0, ALL },
	{ "storage-driver", DT_STR, "storage-driver", 's', 0, 0, ALL },
	{ "storage-opts", DT_STRARR, "storage-opt", 0, 0, 0, ALL },
	{ "swarm-default-advertise-addr", DT_STR, "swarm-default-advertise-addr", 0, 0, 0, ALL },
	{ "tls", DT_BOOL, "tls", 0, 0, 0, ALL },
	{ "tlscacert", DT_STR, "tlscacert", 0, 0, 0, ALL },
	{ "tlscert", DT_STR, "tlscert", 0, 0, 0, ALL },
	{ "tlskey", DT_STR, "tlskey", 0, 0, 0, ALL },
	{ "tlsverify", DT_BOOL, "tlsverify", 0, 0, 0, ALL },
	{ "userland-proxy", DT_BOOL, "userland-proxy", 0, 0, 0, ALL },
	{ "userland-proxy-path", DT_STR, "userland-proxy-path", 0, 0, 0, ALL },
	{ "userns-remap", DT_STR, "userns-remap", 0, 0, 0, ALL },
	{ NULL, DT_BOOL, "validate", 0, 2300, 0, "flag since moby v23.0.0, moby#42393" },
	{ NULL, DT_BOOL, "version", 'v', 0, 0, ALL },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

/* What dockerd does when a key is unset, in the words of a verdict
 * ("engine default (unset): true"), for the keys section 2 judges
 * (moby daemon/config defaults and the flags' default values). */
static const struct {
	const char *key, *dflt;
} defaults[] = {
	{ "authorization-plugins", "no plugin" },
	{ "default-ulimits", "none (dockerd's own ulimits)" },
	{ "experimental", "false" },
	{ "icc", "true" },
	{ "iptables", "true" },
	{ "live-restore", "false" },
	{ "log-driver", "json-file" },
	{ "log-level", "info" },
	{ "no-new-privileges", "false" },
	{ "seccomp-profile", "builtin" },
	{ "userland-proxy", "true" },
	{ "userns-remap", "no remapping" },
};

/* The rows are sorted by key, or by flag where there is no key (a unit
 * test checks it): bisection by that name. */
static const char *
row_name(const struct dkey *d)
{
	return d->key != NULL ? d->key : d->flag;
}

static int
cmp_name(const void *name, const void *row)
{
	return strcmp(name, row_name(row));
}

static const struct dkey *
by_name(const char *name)
{
	return bsearch(name, keys, NKEYS, sizeof(keys[0]), cmp_name);
}

/* A row by flag name (long, or one letter for the short name). */
static const struct dkey *
flagdef(const char *name)
{
	const struct dkey *d = by_name(name);
	size_t k;

	if (d != NULL && d->flag != NULL && strcmp(d->flag, name) == 0)
		return d;	/* most flags are named as their key */
	for (k = 0; k < NKEYS; k++)
		if (keys[k].flag != NULL && (strcmp(keys[k].flag, name) == 0 ||
		    (name[0] != '\0' && name[1] == '\0' &&
		    keys[k].shortname == name[0])))
			return &keys[k];
	return NULL;
}

const struct dkey *
dflags_table(size_t *n)
{
	*n = NKEYS;
	return keys;
}

const struct dkey *
dflags_row(const char *key)
{
	const struct dkey *d = by_name(key);

	return d != NULL && d->key != NULL ? d : NULL;
}

const char *
dflags_default(const char *key)
{
	size_t k;

	for (k = 0; k < sizeof(defaults) / sizeof(defaults[0]); k++)
		if (strcmp(defaults[k].key, key) == 0)
			return defaults[k].dflt;
	return "the engine's default";
}

enum dtype
dflags_key_type(const char *key)
{
	const struct dkey *d = dflags_row(key);

	return d ? d->type : DT_ANY;
}

const char *
dflags_key(const char *flag)
{
	const struct dkey *f = flagdef(flag);

	return f ? f->key : NULL;
}

const char *
dflags_long(const char *name)
{
	const struct dkey *f = flagdef(name);

	return f ? f->flag : NULL;
}

int
dflags_version_num(const char *v)
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

/* Does the engine (0: unknown) accept the row's name? An unknown engine
 * is answered for every engine from 20.10 on. */
static bool
row_in(const struct dkey *d, int v)
{
	if (v == 0)
		return d->since <= 2010 && d->until == 0;
	return v >= d->since && (d->until == 0 || v < d->until);
}

enum dkey_state
dflags_key_state(const char *key, const char *version, const struct dkey **row)
{
	const struct dkey *d = dflags_row(key);
	int v = dflags_version_num(version);

	/* dockerd also takes any long flag name as a key (flags.Lookup) */
	if (d == NULL && (d = flagdef(key)) != NULL && key[1] == '\0')
		d = NULL;	/* a short name is not a key */
	if (row != NULL)
		*row = d;
	if (d == NULL)
		return DK_UNKNOWN;
	if (row_in(d, v))
		return DK_KNOWN;
	if (v == 0)
		return d->until != 0 ? DK_REMOVED : DK_NOT_YET;
	return d->until != 0 && v >= d->until ? DK_REMOVED : DK_NOT_YET;
}

int
dflags_key_known(const char *key, const char *version)
{
	return dflags_key_state(key, version, NULL) == DK_KNOWN;
}

int
dflags_pkg_version(const char *pkg, char *out, size_t outlen)
{
	const char *v = pkg ? strchr(pkg, ' ') : NULL, *colon;
	size_t n;

	if (v == NULL)
		return 0;
	v++;
	/* a Debian epoch ("5:25.0.3-1~debian.12") is not the version */
	if ((colon = strchr(v, ':')) != NULL && strspn(v, "0123456789") ==
	    (size_t)(colon - v))
		v = colon + 1;
	n = strcspn(v, " \n");
	if (n == 0 || n >= outlen)
		return 0;
	memcpy(out, v, n);
	out[n] = '\0';
	return dflags_version_num(out);
}

char
dflags_short(const char *name)
{
	const struct dkey *f = flagdef(name);

	return f ? f->shortname : 0;
}

void
dflags_free(struct dflag *f, size_t n)
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
	const struct dkey *d;

	if (nl == 0 || nl >= sizeof(name))
		return 0;
	memcpy(name, a, nl);
	name[nl] = '\0';
	d = flagdef(name);
	if (eq != NULL)
		return flag_push(f, n, d ? d->flag : name, eq + 1,
		    strlen(eq + 1), source);
	/* pflag: bool flags take a value only with '='; others take the
	 * next word. dockerd has no positional arguments, so a word after
	 * an unknown flag that is not itself a flag is its value. */
	if ((d == NULL || d->type != DT_BOOL) && *i + 1 < argc &&
	    (d != NULL || argv[*i + 1][0] != '-')) {
		(*i)++;
		return flag_push(f, n, d ? d->flag : name, argv[*i],
		    strlen(argv[*i]), source);
	}
	return flag_push(f, n, d ? d->flag : name, NULL, 0, source);
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
		const struct dkey *d = flagdef(sn);

		if (d == NULL || d->type == DT_BOOL) {
			if ((rc = flag_push(f, n, d ? d->flag : sn, NULL, 0,
			    source)) < 0)
				return rc;
			continue;
		}
		if (a[1] != '\0')
			return flag_push(f, n, d->flag, a[1] == '=' ? a + 2 :
			    a + 1, strlen(a[1] == '=' ? a + 2 : a + 1), source);
		if (*i + 1 < argc) {
			(*i)++;
			return flag_push(f, n, d->flag, argv[*i],
			    strlen(argv[*i]), source);
		}
		return flag_push(f, n, d->flag, NULL, 0, source);
	}
	return 0;
}

int
dflags_parse_argv(char *const *argv, size_t argc, const char *source,
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

