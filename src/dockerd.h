/*
 * dockerd.h - the effective dockerd command line and what the engine knows.
 *
 * Owns: collecting dockerd's flags from the docker.service unit that
 * systemd loads (ExecStart and drop-ins, with EnvironmentFile variables
 * such as $DOCKER_OPTS and $OPTIONS) and from the running daemon's
 * /proc/PID/cmdline; the tables mapping flag names to daemon.json keys
 * and daemon.json keys to the engine versions that know them.
 * Never: writes anything, and execs nothing but dockerd --version
 * (live mode only, through spawn.c).
 */
#ifndef CISHARDEN_DOCKERD_H
#define CISHARDEN_DOCKERD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ctx.h"
#include "host.h"

/* Fill host->flags (and host->dockerd_pid when a dockerd runs and ctx
 * is not offline). Unit paths come from host->service_units and
 * host->service_dropins, which host_observe() fills first. Missing
 * files are not errors. */
int dockerd_collect(const struct ctx *, struct host *) WUR;
void dockerd_flags_free(struct dflag *, size_t);

/* Parse a dockerd argv (argv[0] is the program) into flags. */
int dockerd_parse_argv(char *const *argv, size_t argc, const char *source,
    struct dflag **flags, size_t *nflags) WUR;
/* Split a systemd command line, expanding $VAR (split into words) and
 * ${VAR} (one word) from env ("KEY=VALUE" strings, last wins). */
int dockerd_split_exec(const char *line, char *const *env, size_t nenv,
    char ***ret, size_t *ret_n) WUR;
/* Parse a systemd EnvironmentFile (shell-style quoting) into
 * "KEY=VALUE" strings appended to *env. */
int dockerd_parse_envfile(const char *buf, char ***env, size_t *nenv) WUR;
void dockerd_strv_free(char **, size_t);

/* The daemon.json key a flag sets ("insecure-registry" ->
 * "insecure-registries", "H" -> "hosts"), or NULL when none. */
const char *dockerd_flag_key(const char *flag);
/* Long name of a flag given by its short or long name, or NULL. */
const char *dockerd_flag_long(const char *name);
/* The first collected flag that sets daemon.json key, or NULL. */
const struct dflag *dockerd_flag_for_key(const struct host *, const char *key);
/* Does the engine (version string, NULL when unknown) know daemon.json
 * key? 1 yes, 0 no. An unknown version is answered for every engine
 * from 20.10 on; a key not in the table is taken as known. */
int dockerd_key_known(const char *key, const char *version);
/* "20.10.24+dfsg1" -> 2010, "23.0.1" -> 2300; 0 when unparsable. */
int dockerd_version_num(const char *version);

/* The running dockerd's pid (uid 0, not a zombie), 0 when none. */
int dockerd_find_pid(const struct ctx *, pid_t *ret) WUR;
/* argv of a process from <proc>/PID/cmdline. */
int dockerd_read_cmdline(const struct ctx *, pid_t, char ***ret,
    size_t *ret_n) WUR;
/* NUL-separated <proc>/PID/what ("cmdline", "environ") as a vector;
 * -ESRCH when empty. */
int dockerd_read_proc_strv(const struct ctx *, pid_t, const char *what,
    char ***ret, size_t *ret_n) WUR;
/* The dockerd binary: the running one, else ExecStart's, else the first
 * of /usr/bin/dockerd, /usr/sbin/dockerd, /usr/local/bin/dockerd. */
int dockerd_binary(const struct ctx *, const struct host *, char **ret) WUR;
/* The engine version: host->docker_version (Engine API), else, live
 * only, from `dockerd --version`. NULL when unknown (offline). */
char *dockerd_engine_version(const struct ctx *, const struct host *) WUR;
#endif
