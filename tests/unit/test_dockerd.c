/*
 * test_dockerd.c - the effective dockerd command line: systemd word
 * splitting and variables, env files, flag parsing, units with drop-ins,
 * a fake /proc, and the flag/key and key/version tables.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "dflags.h"
#include "procfs.h"
#include "strv.h"
#include "unitfile.h"
#include "spawn.h"
#include "host.h"

static struct check_count cc;

static char *
joined(char **v, size_t n)
{
	static char buf[1024];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s[%s]",
		    i ? " " : "", v[i]);
	return buf;
}

static void
test_split(void)
{
	char *env[] = { "DOCKER_OPTS=--dns 8.8.8.8 --log-opt 'tag=a b'",
	    "ONE=x y", "EMPTY=" };
	char **v;
	size_t n;

	CHECK_RC(&cc, unitfile_split_exec("/usr/sbin/dockerd -H fd:// $DOCKER_OPTS",
	    env, 3, &v, &n), 0);
	CHECK(&cc, strcmp(joined(v, n), "[/usr/sbin/dockerd] [-H] [fd://] [--dns] "
	    "[8.8.8.8] [--log-opt] [tag=a b]") == 0);
	strvec_free(v, n);
	/* ${VAR} is one word; unknown $VAR vanishes; quotes and escapes */
	CHECK_RC(&cc, unitfile_split_exec("dockerd --label=${ONE} $NOPE $EMPTY "
	    "\"a b\" 'c d' e\\ f", env, 3, &v, &n), 0);
	CHECK(&cc, strcmp(joined(v, n), "[dockerd] [--label=x y] [a b] [c d] [e f]") == 0);
	strvec_free(v, n);
	/* the last assignment wins */
	{
		char *env2[] = { "A=1", "A=2" };

		CHECK_RC(&cc, unitfile_split_exec("x $A", env2, 2, &v, &n), 0);
		CHECK(&cc, strcmp(joined(v, n), "[x] [2]") == 0);
		strvec_free(v, n);
	}
}

static void
test_envfile(void)
{
	char **env = NULL;
	size_t n = 0;

	CHECK_RC(&cc, unitfile_parse_envfile(
	    "# Amazon Linux\n"
	    "OPTIONS=\"--default-ulimit nofile=1024:4096\"\n"
	    "; comment\n"
	    "export DOCKER_OPTS='--dns 1.1.1.1'\n"
	    "MULTI=\"--a \\\n--b\"\n"
	    "Q=\"say \\\"hi\\\" 'x y'\"\n"
	    "not a line\n"
	    "  SPACED = ignored\n", &env, &n), 0);
	CHECK(&cc, n == 4);
	if (n == 4) {
		CHECK(&cc, strcmp(env[0], "OPTIONS=--default-ulimit nofile=1024:4096") == 0);
		CHECK(&cc, strcmp(env[1], "DOCKER_OPTS=--dns 1.1.1.1") == 0);
		CHECK(&cc, strcmp(env[2], "MULTI=--a --b") == 0);
		CHECK(&cc, strcmp(env[3], "Q=say \"hi\" 'x y'") == 0);
	}
	strvec_free(env, n);
}

static const struct dflag *
find(struct dflag *f, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(f[i].name, name) == 0)
			return &f[i];
	return NULL;
}

static void
test_argv(void)
{
	char *argv[] = { "dockerd", "-H", "fd://", "-Htcp://0.0.0.0:2376",
	    "--live-restore", "--icc=false", "-Dl", "debug", "--default-ulimit",
	    "nofile=1024:4096", "-s=overlay2", "--experimental", "--unknown",
	    "val", "--bool-unknown", "--storage-opt", "dm.basesize=20G", NULL };
	struct dflag *f = NULL;
	const struct dflag *d;
	size_t n = 0;

	CHECK_RC(&cc, dflags_parse_argv(argv, 17, "src", &f, &n), 0);
	CHECK(&cc, n == 12);
	CHECK(&cc, (d = find(f, n, "host")) && strcmp(d->value, "fd://") == 0);
	CHECK(&cc, (d = &f[1]) && strcmp(d->name, "host") == 0 &&
	    strcmp(d->value, "tcp://0.0.0.0:2376") == 0);
	CHECK(&cc, (d = find(f, n, "live-restore")) && d->value == NULL &&
	    strcmp(d->source, "src") == 0);
	CHECK(&cc, (d = find(f, n, "icc")) && strcmp(d->value, "false") == 0);
	CHECK(&cc, (d = find(f, n, "debug")) && d->value == NULL);
	CHECK(&cc, (d = find(f, n, "log-level")) && strcmp(d->value, "debug") == 0);
	CHECK(&cc, (d = find(f, n, "default-ulimit")) &&
	    strcmp(d->value, "nofile=1024:4096") == 0);
	CHECK(&cc, (d = find(f, n, "storage-driver")) && strcmp(d->value, "overlay2") == 0);
	CHECK(&cc, (d = find(f, n, "experimental")) && d->value == NULL);
	CHECK(&cc, (d = find(f, n, "unknown")) && strcmp(d->value, "val") == 0);
	CHECK(&cc, (d = find(f, n, "bool-unknown")) && d->value == NULL);
	CHECK(&cc, (d = find(f, n, "storage-opt")) && strcmp(d->value, "dm.basesize=20G") == 0);
	dflags_free(f, n);
}

static void
test_tables(void)
{
	CHECK(&cc, strcmp(dflags_key("H"), "hosts") == 0);
	CHECK(&cc, strcmp(dflags_key("host"), "hosts") == 0);
	CHECK(&cc, strcmp(dflags_key("l"), "log-level") == 0);
	CHECK(&cc, strcmp(dflags_key("s"), "storage-driver") == 0);
	CHECK(&cc, strcmp(dflags_key("G"), "group") == 0);
	CHECK(&cc, strcmp(dflags_key("D"), "debug") == 0);
	CHECK(&cc, strcmp(dflags_key("b"), "bridge") == 0);
	CHECK(&cc, strcmp(dflags_key("default-ulimit"), "default-ulimits") == 0);
	CHECK(&cc, strcmp(dflags_key("insecure-registry"), "insecure-registries") == 0);
	CHECK(&cc, strcmp(dflags_key("authorization-plugin"), "authorization-plugins") == 0);
	CHECK(&cc, strcmp(dflags_key("log-opt"), "log-opts") == 0);
	CHECK(&cc, dflags_key("config-file") == NULL);
	CHECK(&cc, strcmp(dflags_long("H"), "host") == 0);
	CHECK(&cc, dflags_version_num("20.10.24+dfsg1") == 2010);
	CHECK(&cc, dflags_version_num("v23.0.1") == 2300);
	CHECK(&cc, dflags_version_num("27.3.1") == 2703);
	CHECK(&cc, dflags_version_num("garbage") == 0);
	CHECK(&cc, dflags_version_num(NULL) == 0);
	/* removed keys */
	CHECK(&cc, dflags_key_known("disable-legacy-registry", "20.10.24") == 0);
	CHECK(&cc, dflags_key_known("disable-legacy-registry", NULL) == 0);
	CHECK(&cc, dflags_key_known("graph", "20.10.24") == 1);
	CHECK(&cc, dflags_key_known("graph", "24.0.7") == 0);
	CHECK(&cc, dflags_key_known("cluster-store", "23.0.0") == 0);
	/* added keys: unknown to 20.10, and to an unknown engine */
	CHECK(&cc, dflags_key_known("default-network-opts", "20.10.24") == 0);
	CHECK(&cc, dflags_key_known("default-network-opts", "24.0.0") == 1);
	CHECK(&cc, dflags_key_known("default-network-opts", NULL) == 0);
	/* every key cisharden writes is known everywhere */
	CHECK(&cc, dflags_key_known("icc", NULL) == 1);
	CHECK(&cc, dflags_key_known("live-restore", "20.10.24") == 1);
	CHECK(&cc, dflags_key_known("no-new-privileges", "27.0.1") == 1);
	/* a key no engine knows is never "known" (dockerd refuses it) */
	CHECK(&cc, dflags_key_known("live-restor", NULL) == 0);
	CHECK(&cc, dflags_key_known("live-restor", "20.10.24") == 0);
	CHECK(&cc, dflags_key_known("live-restor", "29.0.0") == 0);
	CHECK(&cc, dflags_key_state("live-restor", "29.0.0", NULL) == DK_UNKNOWN);
	/* dockerd takes a long flag name as a key too, never a short one */
	CHECK(&cc, dflags_key_known("insecure-registry", "20.10.24") == 1);
	CHECK(&cc, dflags_key_known("H", "20.10.24") == 0);
	/* removals and additions through Engine 29, with the version */
	CHECK(&cc, dflags_key_state("oom-score-adjust", "24.0.9", NULL) == DK_KNOWN);
	CHECK(&cc, dflags_key_state("oom-score-adjust", "25.0.3", NULL) == DK_REMOVED);
	CHECK(&cc, dflags_key_state("api-cors-header", "27.5.1", NULL) == DK_KNOWN);
	CHECK(&cc, dflags_key_state("api-cors-header", "28.0.0", NULL) == DK_REMOVED);
	CHECK(&cc, dflags_key_state("api-cors-header", NULL, NULL) == DK_REMOVED);
	CHECK(&cc, dflags_key_state("firewall-backend", "28.5.2", NULL) == DK_NOT_YET);
	CHECK(&cc, dflags_key_state("firewall-backend", "29.0.0", NULL) == DK_KNOWN);
	CHECK(&cc, dflags_key_state("allow-nondistributable-artifacts", "29.1.0", NULL) == DK_KNOWN);
	CHECK(&cc, dflags_key_state("allow-direct-routing", "28.1.0", NULL) == DK_NOT_YET);
	CHECK(&cc, dflags_key_state("allow-direct-routing", "28.2.1", NULL) == DK_KNOWN);
	CHECK(&cc, dflags_key_type("log-opts") == DT_STRMAP);
	CHECK(&cc, strcmp(dflags_default("icc"), "true") == 0);
	CHECK(&cc, strcmp(dflags_default("seccomp-profile"), "builtin") == 0);
	CHECK(&cc, strcmp(dflags_default("no-such-key"), "the engine's default") == 0);
	CHECK(&cc, dflags_key_type("proxies") == DT_NESTED);
	/* package records: epoch dropped */
	{
		char v[64];

		CHECK(&cc, dflags_pkg_version("docker.io 20.10.24+dfsg1-1+b3", v, sizeof(v)) == 2010 &&
		    strcmp(v, "20.10.24+dfsg1-1+b3") == 0);
		CHECK(&cc, dflags_pkg_version("docker-ce 5:25.0.3-1~debian.12~bookworm", v, sizeof(v)) == 2500 &&
		    strcmp(v, "25.0.3-1~debian.12~bookworm") == 0);
		CHECK(&cc, dflags_pkg_version("docker", v, sizeof(v)) == 0);
		CHECK(&cc, dflags_pkg_version(NULL, v, sizeof(v)) == 0);
	}
	/* one row a name: no key, flag or short name twice; every row sourced */
	{
		size_t n, i, j;
		const struct dkey *t = dflags_table(&n);

		CHECK(&cc, n > 100);
		for (i = 0; i < n; i++) {
			/* sorted by key, or flag where there is no key (bisection) */
			CHECK(&cc, i == 0 || strcmp(t[i - 1].key ? t[i - 1].key : t[i - 1].flag,
			    t[i].key ? t[i].key : t[i].flag) < 0);
			CHECK(&cc, t[i].source != NULL && t[i].source[0] != '\0');
			CHECK(&cc, t[i].key != NULL || t[i].flag != NULL);
			CHECK(&cc, t[i].until == 0 || t[i].until > t[i].since);
			for (j = i + 1; j < n; j++) {
				CHECK(&cc, !(t[i].key && t[j].key && strcmp(t[i].key, t[j].key) == 0));
				CHECK(&cc, !(t[i].flag && t[j].flag && strcmp(t[i].flag, t[j].flag) == 0));
				CHECK(&cc, !(t[i].shortname && t[i].shortname == t[j].shortname));
			}
		}
	}
}

static void
put(const char *root, const char *path, const char *text)
{
	char full[4096], dir[4096], *s;
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, path);
	snprintf(dir, sizeof(dir), "%s", full);
	for (s = dir + strlen(root) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		(void)mkdir(dir, 0755);
		*s = '/';
	}
	if ((f = fopen(full, "w")) == NULL) {
		perror(full);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

static void
test_collect(void)
{
	char root[] = "/tmp/test_dockerd.XXXXXX", cmd[256];
	char *units[] = { "/etc/systemd/system/docker.service",
	    "/usr/lib/systemd/system/docker.service" };
	char *drops[] = { "/etc/systemd/system/docker.service.d/20-b.conf",
	    "/usr/lib/systemd/system/docker.service.d/10-a.conf",
	    "/usr/lib/systemd/system/docker.service.d/20-b.conf" };
	struct ctx ctx = { .offline = true, .proc = "/nonexistent" };
	struct unitfile_io io;
	struct host h = { 0 };
	const struct dflag *d;

	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	put(root, "/usr/lib/systemd/system/docker.service",
	    "[Unit]\nExecStart=/not/service/section\n[Service]\n"
	    "EnvironmentFile=-/etc/sysconfig/docker\n"
	    "EnvironmentFile=-/etc/missing\n"
	    "ExecStart=/usr/bin/dockerd -H fd:// $OPTIONS\n");
	put(root, "/etc/sysconfig/docker",
	    "OPTIONS=\"--default-ulimit nofile=1024:4096\"\n"
	    "STORAGE=\"-s overlay2\"\n");
	/* 10-a resets ExecStart; 20-b in /etc hides the /usr/lib 20-b */
	put(root, "/usr/lib/systemd/system/docker.service.d/10-a.conf",
	    "[Service]\nExecStart=\nExecStart=-/usr/bin/dockerd $OPTIONS $STORAGE \\\n"
	    "  --live-restore ${EXTRA}\n");
	put(root, "/etc/systemd/system/docker.service.d/20-b.conf",
	    "[Service]\nEnvironment=\"EXTRA=--icc=false\" OTHER=1\n");
	put(root, "/usr/lib/systemd/system/docker.service.d/20-b.conf",
	    "[Service]\nExecStart=\n");
	if ((ctx.rootfd = open(root, O_PATH | O_DIRECTORY)) < 0) {
		perror(root);
		exit(1);
	}
	ctx.root = root;
	h.service_units = units;
	h.nservice_units = 2;
	h.service_dropins = drops;
	h.nservice_dropins = 3;
	io = host_unit_io(&ctx);
	CHECK_RC(&cc, unitfile_dockerd_flags(&io, h.service_units, h.nservice_units,
	    h.service_dropins, h.nservice_dropins, &h.flags, &h.nflags), 0);
	CHECK(&cc, h.nflags == 4);
	CHECK(&cc, (d = host_flag_for_key(&h, "storage-driver")) &&
	    strcmp(d->value, "overlay2") == 0 && strcmp(d->source,
	    "/usr/lib/systemd/system/docker.service.d/10-a.conf "
	    "(ExecStart $STORAGE from /etc/sysconfig/docker)") == 0);
	CHECK(&cc, host_flag_for_key(&h, "hosts") == NULL);
	CHECK(&cc, (d = host_flag_for_key(&h, "default-ulimits")) &&
	    strcmp(d->value, "nofile=1024:4096") == 0 &&
	    strcmp(d->source, "/usr/lib/systemd/system/docker.service.d/10-a.conf "
	    "(ExecStart $OPTIONS from /etc/sysconfig/docker)") == 0);
	CHECK(&cc, (d = host_flag_for_key(&h, "live-restore")) &&
	    d->value == NULL && strcmp(d->source,
	    "/usr/lib/systemd/system/docker.service.d/10-a.conf (ExecStart)") == 0);
	CHECK(&cc, (d = host_flag_for_key(&h, "icc")) &&
	    strcmp(d->value, "false") == 0 && strcmp(d->source,
	    "/usr/lib/systemd/system/docker.service.d/10-a.conf "
	    "(ExecStart $EXTRA)") == 0);
	dflags_free(h.flags, h.nflags);
	close(ctx.rootfd);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	CHECK(&cc, system(cmd) == 0);
}

static void
test_proc(void)
{
	char root[] = "/tmp/test_proc.XXXXXX", cmd[256], **argv = NULL;
	struct ctx ctx = { 0 };
	size_t n = 0;
	pid_t pid = -1;
	FILE *f;

	if (mkdtemp(root) == NULL)
		exit(1);
	put(root, "/40/comm", "containerd\n");
	put(root, "/40/stat", "40 (containerd) S 1\n");
	put(root, "/55/comm", "dockerd\n");
	put(root, "/55/stat", "55 (dockerd) Z 1\n");	/* a zombie */
	put(root, "/77/comm", "dockerd\n");
	put(root, "/77/stat", "77 (dockerd) S 1\n");
	snprintf(cmd, sizeof(cmd), "%s/77/cmdline", root);
	if ((f = fopen(cmd, "w")) == NULL)
		exit(1);
	fwrite("/usr/sbin/dockerd\0-H\0fd://\0--live-restore\0", 1, 42, f);
	fclose(f);
	put(root, "/self/comm", "dockerd\n");
	ctx.proc = root;
	CHECK_RC(&cc, procfs_find_pid(&ctx, "dockerd", &pid), 0);
	CHECK(&cc, pid == 77);
	CHECK_RC(&cc, procfs_read_strv(&ctx, 77, "cmdline", &argv, &n), 0);
	CHECK(&cc, strcmp(joined(argv, n), "[/usr/sbin/dockerd] [-H] [fd://] [--live-restore]") == 0);
	strvec_free(argv, n);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	CHECK(&cc, system(cmd) == 0);
}

static void
test_run(void)
{
	char *out = NULL;
	char *argv[] = { "/bin/sh", "-c", "echo hello; echo err >&2; exit 3", NULL };
	char *argv2[] = { "/bin/sleep", "10", NULL };

	CHECK_RC(&cc, spawn_run(argv, -1, 10, &out), 3);
	CHECK(&cc, out != NULL && strcmp(out, "hello\nerr\n") == 0);
	free(out);
	CHECK_RC(&cc, spawn_run(argv2, -1, 1, &out), 128 + 9);
	free(out);
}

int
main(void)
{
	test_split();
	test_envfile();
	test_argv();
	test_tables();
	test_collect();
	test_proc();
	test_run();
	return check_done(&cc);
}
