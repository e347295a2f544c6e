/*
 * dflags.h - dockerd's flags and daemon.json keys: the tables.
 *
 * Owns: the one table of dockerd's options: each daemon.json key with the
 * JSON type dockerd decodes, the flag that sets it and its short name,
 * the first and last engine that accept it and the source of that fact;
 * and parsing a dockerd argv into flags. Never: reads or writes anything,
 * judges a CIS control (section 2's table refers to keys here).
 */
#ifndef CISHARDEN_DFLAGS_H
#define CISHARDEN_DFLAGS_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"

/* The JSON type dockerd decodes a daemon.json key into. */
enum dtype {
	DT_ANY,		/* not checked here (an IP, a size, address pools) */
	DT_BOOL,
	DT_STR,
	DT_STRARR,	/* an array of strings */
	DT_NUM,
	DT_OBJ,		/* an object dockerd takes whole ("runtimes") */
	DT_STRMAP,	/* an object of strings ("log-opts") */
	DT_ULIMITS,	/* {"nofile": {"Name": ..., "Soft": N, "Hard": N}} */
	DT_NESTED,	/* an object whose members are keys ("proxies") */
};

/* One dockerd option. */
struct dkey {
	const char *key;	/* daemon.json key; NULL: a flag only */
	enum dtype type;	/* of the key's value, and of the flag (DT_BOOL:
				 * the flag takes a value only with '=') */
	const char *flag;	/* long flag name; NULL: the file only */
	char shortname;		/* 'H' for --host, or 0 */
	int since, until;	/* major*100+minor: first engine that accepts
				 * it (0: 20.10 or before), first that refuses
				 * it (0: none up to 29.1) */
	const char *source;	/* where since and until come from */
};

/* Does an engine accept a daemon.json key? */
enum dkey_state {
	DK_KNOWN,
	DK_UNKNOWN,	/* no engine from 20.10 to 29.1 does */
	DK_REMOVED,	/* this engine (or a later one, when unknown) refuses it */
	DK_NOT_YET,	/* only later engines accept it */
};

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
/* The whole table (*n rows), for its tests and documentation. */
const struct dkey *dflags_table(size_t *n);
/* The row of a daemon.json key, or NULL. */
const struct dkey *dflags_row(const char *key);
/* What dockerd does when key is unset, for a verdict ("true", "no
 * plugin"); "the engine's default" for a key the table has no words for. */
const char *dflags_default(const char *key);
/* The JSON type of a key, DT_ANY for a key not in the table. */
enum dtype dflags_key_type(const char *key);
/* Does the engine (version string, NULL when unknown) accept the key,
 * as dockerd decides: a key, or a long flag name, of the table. With the
 * engine unknown, KNOWN means every engine from 20.10 on. *row (may be
 * NULL) is the row found, NULL for DK_UNKNOWN. */
enum dkey_state dflags_key_state(const char *key, const char *version,
    const struct dkey **row);
/* dflags_key_state() == DK_KNOWN: 1 yes, 0 no. */
int dflags_key_known(const char *key, const char *version);
/* The engine version of a package record "docker.io 20.10.24+dfsg1-1+b3"
 * or "docker-ce 5:25.0.3-1~debian.12~bookworm" (epoch dropped) into out,
 * and its number (as dflags_version_num); 0 when there is none. */
int dflags_pkg_version(const char *pkg, char *out, size_t outlen);
/* "20.10.24+dfsg1" -> 2010, "23.0.1" -> 2300; 0 when unparsable. */
int dflags_version_num(const char *version);

#endif
