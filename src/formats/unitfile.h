/*
 * unitfile.h - systemd unit and environment files, read the way systemd
 * reads them, to find the command line it starts dockerd with.
 *
 * Owns: systemd word splitting ($VAR split into words, ${VAR} one word),
 * EnvironmentFile parsing (shell-style quoting), and the flags of the
 * effective ExecStart of a unit and its drop-ins, each labelled with the
 * file it came from, and the assignments of any one section of a unit
 * text (section 3 reads docker.socket's [Socket] with it). Never: writes anything, runs anything.
 */
#ifndef CISHARDEN_UNITFILE_H
#define CISHARDEN_UNITFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"
#include "dflags.h"

/* Split a systemd command line, expanding $VAR (split into words) and
 * ${VAR} (one word) from env ("KEY=VALUE" strings, last wins). */
int unitfile_split_exec(const char *line, char *const *env, size_t nenv,
    char ***ret, size_t *ret_n) WUR;
/* Parse a systemd EnvironmentFile (shell-style quoting) into
 * "KEY=VALUE" strings appended to *env. */
int unitfile_parse_envfile(const char *buf, char ***env, size_t *nenv) WUR;
/* How the unit parser reads the files it names (the observation's
 * safeio reads; formats touch no host themselves): read path (following
 * in-root links when resolve is set) into a malloc'd NUL-terminated
 * *buf, 0 or -errno; is path a regular file? */
struct unitfile_io {
	int (*read)(void *arg, const char *path, bool resolve, char **buf,
	    size_t *len);
	bool (*is_reg)(void *arg, const char *path);
	void *arg;
};
/* Call fn(arg, key, value) for every assignment in [section] of the unit
 * text, the way systemd reads it: backslash-newline joins lines, '#' and
 * ';' lines are comments, key and value are trimmed ("SocketMode = 0666"
 * is SocketMode). Stops at fn's first negative return and returns it;
 * else 0 (-ENOMEM). */
typedef int (*unitfile_assign_fn)(void *arg, const char *key, const char *val);
int unitfile_section(const char *text, const char *section,
    unitfile_assign_fn fn, void *arg) WUR;
/* The drop-ins systemd applies, in its order: by file name, a name in a
 * more important directory (listed first) hiding the same name later.
 * *ret (free it; the strings stay dropins') and *ret_n; 0 or -ENOMEM. */
int unitfile_sorted_dropins(char *const *dropins, size_t ndropins,
    const char ***ret, size_t *ret_n) WUR;
/* Append to *f the flags of the ExecStart systemd would run: the first
 * regular file among units (most important first) and the drop-ins (in
 * systemd's order), with Environment= and EnvironmentFile= expanded.
 * Missing or unreadable files contribute nothing; -ENOMEM only. */
int unitfile_dockerd_flags(const struct unitfile_io *, char *const *units, size_t nunits,
    char *const *dropins, size_t ndropins, struct dflag **f, size_t *nf) WUR;

#endif
