/*
 * dflags.c - see dflags.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dflags.h"

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
dflags_key(const char *flag)
{
	const struct flagdef *f = flagdef(flag);

	return f ? f->key : NULL;
}

const char *
dflags_long(const char *name)
{
	const struct flagdef *f = flagdef(name);

	return f ? f->name : NULL;
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

int
dflags_key_known(const char *key, const char *version)
{
	int v = dflags_version_num(version);
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

char
dflags_short(const char *name)
{
	const struct flagdef *f = flagdef(name);

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

