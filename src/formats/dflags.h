/*
 * dflags.h - dockerd's flags and daemon.json keys: the tables.
 *
 * Owns: which daemon.json key each dockerd flag sets, the short and long
 * names of flags, which keys each engine version knows, and parsing a
 * dockerd argv into flags. Never: reads or writes anything.
 */
#ifndef CISHARDEN_DFLAGS_H
#define CISHARDEN_DFLAGS_H

#include <stddef.h>

#include "ctx.h"

/* One dockerd flag, as given, with where it came from. */
struct dflag {
	char *name;		/* long name without dashes: "live-restore", "H" -> "host" */
	char *value;		/* NULL for a bare boolean flag */
	char *source;		/* "/lib/systemd/system/docker.service (ExecStart)",
				 * "/etc/default/docker (DOCKER_OPTS)", "/proc/123/cmdline" */
};

/* Parse a dockerd argv (argv[0] is the program) into flags appended to *flags. */
int dflags_parse_argv(char *const *argv, size_t argc, const char *source,
    struct dflag **flags, size_t *nflags) WUR;
void dflags_free(struct dflag *, size_t);

/* The daemon.json key a flag sets ("insecure-registry" ->
 * "insecure-registries", "H" -> "hosts"), or NULL when none. */
const char *dflags_key(const char *flag);
/* Long name of a flag given by its short or long name, or NULL. */
const char *dflags_long(const char *name);
/* The one-letter name of a flag ('H' for "host"), or 0. */
char dflags_short(const char *name);
/* Does the engine (version string, NULL when unknown) know daemon.json
 * key? 1 yes, 0 no. An unknown version is answered for every engine
 * from 20.10 on; a key not in the table is taken as known. */
int dflags_key_known(const char *key, const char *version);
/* "20.10.24+dfsg1" -> 2010, "23.0.1" -> 2300; 0 when unparsable. */
int dflags_version_num(const char *version);

#endif
