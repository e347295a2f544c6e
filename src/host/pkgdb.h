/*
 * pkgdb.h - the installed Docker Engine package, from the package
 * database of the root (dpkg or rpm), for 1.2.2.
 *
 * Owns: finding which package database the root has and asking it for
 * the engine package. Never: writes anything (rpm is asked only about a database that
 * exists, so it creates none); the *_find() parsers are pure.
 */
#ifndef CISHARDEN_PKGDB_H
#define CISHARDEN_PKGDB_H

#include <stddef.h>

#include "ctx.h"

struct pkginfo {
	const char *db;		/* "dpkg", "rpm", or NULL: the root has neither */
	char *pkg;		/* "docker.io 20.10.24+dfsg1-1+b3", NULL: no record */
	char *err;		/* why the database could not be asked, or NULL */
};

/* Fill *ret from the root's package database; 0 or -ENOMEM. A database
 * that cannot be read is reported in ret->err, not as an error. */
int pkgdb_observe(const struct ctx *, struct pkginfo *ret) WUR;
void pkgdb_clear(struct pkginfo *);
/* The installed engine package in a dpkg status file (buf is changed),
 * "NAME VERSION" malloc'd, or NULL. */
char *pkgdb_dpkg_find(char *buf);
/* The first engine package in the output of rpm -q --qf '%{NAME}
 * %{VERSION}-%{RELEASE}\n' (out is changed), or NULL. */
char *pkgdb_rpm_find(char *out);

#endif
