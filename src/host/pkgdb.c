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

char *
pkgdb_rpm_find(char *out)
{
	char *line, *nl, *sp;

	for (line = out; line != NULL && *line != '\0'; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		/* "package docker is not installed", "error: ..." */
		if ((sp = strchr(line, ' ')) == NULL ||
		    strstr(line, " is not installed") != NULL)
			continue;
		*sp = '\0';
		if (!is_engine_pkg(line))
			continue;
		*sp = ' ';
		return strdup(line);
	}
	return NULL;
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

/* The rpm database files, in the formats rpm has used (sqlite since
 * rpm 4.16, Berkeley DB and ndb before). */
static const char *const rpmdb_files[] = {
	"rpmdb.sqlite", "Packages", "Packages.db",
};

/* The root's rpm database directory holding a database, or NULL. rpm
 * creates an empty database where it finds none (on Debian under
 * ~/.rpmdb), so it is asked only about one that exists. */
static const char *
rpmdb_dir(const struct ctx *ctx)
{
	static const char *const dirs[] = { "/var/lib/rpm", "/usr/lib/sysimage/rpm" };
	char path[128];
	struct stat st;
	size_t i, j;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		for (j = 0; j < sizeof(rpmdb_files) / sizeof(rpmdb_files[0]); j++) {
			snprintf(path, sizeof(path), "%s/%s", dirs[i], rpmdb_files[j]);
			if (safeio_lstat(ctx->rootfd, path, &st) == 0 && S_ISREG(st.st_mode))
				return dirs[i];
		}
	return NULL;
}

/* rpm's database is not a text file: ask the rpm program (with --root
 * for an image tree, and the database named, never a default that rpm
 * would create). Its first installed engine package wins. */
static int
observe_rpm(const struct ctx *ctx, struct pkginfo *p)
{
	const char *dbdir = rpmdb_dir(ctx);
	char *argv[16], *out = NULL;
	size_t n = 0, i;
	struct stat st;
	int rc;

	if (dbdir == NULL)
		return asprintf(&p->err, "the rpm database directory holds no "
		    "database") < 0 ? -ENOMEM : 0;
	if (stat(RPM_PROGRAM, &st) != 0)
		return asprintf(&p->err, "the root has an rpm database, but "
		    "this host has no %s to read it", RPM_PROGRAM) < 0 ? -ENOMEM : 0;
	argv[n++] = (char *)RPM_PROGRAM;
	if (ctx->offline) {
		argv[n++] = (char *)"--root";
		argv[n++] = (char *)ctx->root;
	}
	argv[n++] = (char *)"--dbpath";
	argv[n++] = (char *)dbdir;
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
	p->pkg = pkgdb_rpm_find(out);
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
