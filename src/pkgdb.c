/*
 * pkgdb.c - see pkgdb.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pkgdb.h"
#include "safeio.h"
#include "spawn.h"

#define DPKG_STATUS "/var/lib/dpkg/status"
#define RPM_PROGRAM "/usr/bin/rpm"

/* The packages that ship dockerd, by distribution. */
static const char *const engine_pkgs[] = {
	"docker-ce", "docker.io", "docker", "moby-engine", "docker-engine",
};

static bool
is_engine_pkg(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(engine_pkgs) / sizeof(engine_pkgs[0]); i++)
		if (strcmp(name, engine_pkgs[i]) == 0)
			return true;
	return false;
}

char *
pkgdb_dpkg_find(char *buf)
{
	char *save = NULL, *para, *ret = NULL;

	/* paragraphs are separated by blank lines */
	for (para = buf; para != NULL && ret == NULL; para = save) {
		char *end = strstr(para, "\n\n"), *pkg = NULL, *ver = NULL;
		char *line, *ls = NULL;
		bool inst = false;

		save = NULL;
		if (end != NULL) {
			*end = '\0';
			save = end + 2;
		}
		for (line = strtok_r(para, "\n", &ls); line != NULL;
		    line = strtok_r(NULL, "\n", &ls)) {
			if (strncmp(line, "Package: ", 9) == 0)
				pkg = line + 9;
			else if (strncmp(line, "Version: ", 9) == 0)
				ver = line + 9;
			else if (strncmp(line, "Status: ", 8) == 0)
				inst = strstr(line, " installed") != NULL;
		}
		if (pkg && ver && inst && is_engine_pkg(pkg) &&
		    asprintf(&ret, "%s %s", pkg, ver) < 0)
			return NULL;
	}
	return ret;
}

static int
observe_dpkg(const struct ctx *ctx, struct pkginfo *p)
{
	char *buf = NULL;
	size_t len;
	int rc;

	rc = safeio_read(ctx->rootfd, DPKG_STATUS, 64u << 20, &buf, &len, NULL);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0)
		return asprintf(&p->err, "%s: %s", DPKG_STATUS, strerror(-rc)) < 0 ?
		    -ENOMEM : 0;
	p->pkg = pkgdb_dpkg_find(buf);
	free(buf);
	return 0;
}

/* rpm's database is not a text file: ask the rpm program (with --root
 * for an image tree). Its first installed engine package wins. */
static int
observe_rpm(const struct ctx *ctx, struct pkginfo *p)
{
	char *argv[12], *out = NULL, *nl;
	size_t n = 0, i;
	struct stat st;
	int rc;

	if (stat(RPM_PROGRAM, &st) != 0)
		return asprintf(&p->err, "the root has an rpm database, but "
		    "this host has no %s to read it", RPM_PROGRAM) < 0 ? -ENOMEM : 0;
	argv[n++] = (char *)RPM_PROGRAM;
	if (ctx->offline) {
		argv[n++] = (char *)"--root";
		argv[n++] = (char *)ctx->root;
	}
	argv[n++] = (char *)"-q";
	argv[n++] = (char *)"--qf";
	argv[n++] = (char *)"%{NAME} %{VERSION}-%{RELEASE}\\n";
	for (i = 0; i < sizeof(engine_pkgs) / sizeof(engine_pkgs[0]); i++)
		argv[n++] = (char *)engine_pkgs[i];
	argv[n] = NULL;
	/* rpm -q exits with the number of packages not installed */
	if ((rc = spawn_run(argv, -1, 30, &out)) < 0)
		return rc == -ENOMEM ? rc : (asprintf(&p->err, "%s: %s",
		    RPM_PROGRAM, strerror(-rc)) < 0 ? -ENOMEM : 0);
	for (char *line = out; line != NULL && *line != '\0'; line = nl) {
		char *sp;

		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		sp = strchr(line, ' ');
		if (sp == NULL || strstr(line, " is not installed") != NULL)
			continue;
		*sp = '\0';
		if (!is_engine_pkg(line))
			continue;
		*sp = ' ';
		if ((p->pkg = strdup(line)) == NULL) {
			free(out);
			return -ENOMEM;
		}
		break;
	}
	free(out);
	return 0;
}

int
pkgdb_observe(const struct ctx *ctx, struct pkginfo *p)
{
	struct stat st;

	memset(p, 0, sizeof(*p));
	if (safeio_lstat(ctx->rootfd, DPKG_STATUS, &st) == 0) {
		p->db = "dpkg";
		return observe_dpkg(ctx, p);
	}
	if (safeio_stat(ctx->rootfd, "/var/lib/rpm", &st) == 0 ||
	    safeio_stat(ctx->rootfd, "/usr/lib/sysimage/rpm", &st) == 0) {
		p->db = "rpm";
		return observe_rpm(ctx, p);
	}
	return 0;
}

void
pkgdb_clear(struct pkginfo *p)
{
	free(p->pkg);
	free(p->err);
	memset(p, 0, sizeof(*p));
}
