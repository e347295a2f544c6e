/*
 * fuzz_unitfile.c - libFuzzer target: systemd unit files, drop-ins and
 * EnvironmentFiles as cisharden reads them to find dockerd's flags
 * (unitfile_split_exec, unitfile_parse_envfile, unitfile_dockerd_flags).
 *
 * The input is up to three texts separated by a line "%%": the unit
 * (docker.service), a drop-in, and the EnvironmentFile /etc/sysconfig/docker
 * (also /etc/default/docker). They are written into a private fixture
 * root once per input and read back through safeio, the way observe does.
 * Properties: every flag has a name and a source naming one of the files;
 * every environment entry holds a '='; splitting a line twice gives the
 * same words.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dflags.h"
#include "host.h"
#include "strv.h"
#include "unitfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define UNIT "/usr/lib/systemd/system/docker.service"
#define DROPIN "/etc/systemd/system/docker.service.d/50-fuzz.conf"

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_unitfile: %s\n", what);
	abort();
}

/* The fixture root, made once per process (a fuzz harness may keep it). */
static const char *
root_dir(void)
{
	static char dir[] = "/tmp/fuzz_unitfile.XXXXXX";
	static int made;
	static const char *const dirs[] = { "/usr", "/usr/lib", "/usr/lib/systemd",
	    "/usr/lib/systemd/system", "/etc", "/etc/systemd", "/etc/systemd/system",
	    "/etc/systemd/system/docker.service.d", "/etc/sysconfig", "/etc/default" };
	char p[256];

	if (made)
		return dir;
	if (mkdtemp(dir) == NULL)
		die("mkdtemp");
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", dir, dirs[i]);
		if (mkdir(p, 0755) < 0)
			die("mkdir");
	}
	made = 1;
	return dir;
}

static void
put(const char *root, const char *rel, const char *text, size_t len)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s%s", root, rel);
	if ((f = fopen(p, "w")) == NULL || fwrite(text, 1, len, f) != len ||
	    fclose(f) != 0)
		die("write fixture");
}

static void
check_split(const char *line, char *const *env, size_t nenv)
{
	char **w1 = NULL, **w2 = NULL;
	size_t n1 = 0, n2 = 0;
	int rc1 = unitfile_split_exec(line, env, nenv, &w1, &n1);
	int rc2 = unitfile_split_exec(line, env, nenv, &w2, &n2);

	if (rc1 != rc2 || n1 != n2)
		die("split is not deterministic");
	for (size_t i = 0; rc1 >= 0 && i < n1; i++)
		if (w1[i] == NULL || strcmp(w1[i], w2[i]) != 0)
			die("split gives different words");
	strvec_free(w1, n1);
	strvec_free(w2, n2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *units[] = { UNIT }, *drops[] = { DROPIN };
	const char *root = root_dir();
	const char *part[3] = { "", "", "" };
	size_t plen[3] = { 0, 0, 0 }, np = 0, nenv = 0, nf = 0;
	char *buf, *s, **env = NULL;
	struct dflag *f = NULL;
	struct ctx ctx;
	struct unitfile_io io;
	int rc;

	if (size > 65536 || (buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	/* split on "\n%%\n" into the three texts */
	for (s = buf; np < 3; np++) {
		char *end = np < 2 ? strstr(s, "\n%%\n") : NULL;

		part[np] = s;
		plen[np] = end ? (size_t)(end - s) + 1 : strlen(s);
		if (end == NULL) {
			np++;
			break;
		}
		end[1] = '\0';
		s = end + 4;
	}
	put(root, UNIT, part[0], plen[0]);
	put(root, DROPIN, np > 1 ? part[1] : "", np > 1 ? plen[1] : 0);
	put(root, "/etc/sysconfig/docker", np > 2 ? part[2] : "", np > 2 ? plen[2] : 0);
	put(root, "/etc/default/docker", np > 2 ? part[2] : "", np > 2 ? plen[2] : 0);

	/* the EnvironmentFile parser on its own */
	if (np > 2 && unitfile_parse_envfile(part[2], &env, &nenv) >= 0)
		for (size_t i = 0; i < nenv; i++)
			if (env[i] == NULL || strchr(env[i], '=') == NULL)
				die("environment entry without '='");
	/* word splitting of every line of the unit, with that environment */
	for (char *l = (char *)part[0], *nl; *l != '\0'; l = nl + 1) {
		if ((nl = strchr(l, '\n')) != NULL)
			*nl = '\0';
		check_split(l, env, nenv);
		if (nl == NULL)
			break;
		*nl = '\n';
	}
	strvec_free(env, nenv);

	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	if ((ctx.rootfd = open(root, O_PATH | O_DIRECTORY)) < 0)
		die("open root");
	/* the files through the observation's reader, as host.c reads them */
	io = host_unit_io(&ctx);
	rc = unitfile_dockerd_flags(&io, units, 1, drops, 1, &f, &nf);
	if (rc < 0 && rc != -ENOMEM)
		die("unitfile_dockerd_flags: an error other than -ENOMEM");
	for (size_t i = 0; i < nf; i++)
		if (f[i].name == NULL || f[i].source == NULL ||
		    (strstr(f[i].source, UNIT) == NULL && strstr(f[i].source, DROPIN) == NULL))
			die("flag without a name or a source");
	dflags_free(f, nf);
	close(ctx.rootfd);
	free(buf);
	return 0;
}
