/*
 * sec1_host.c - CIS section 1 host checks, reported and never changed:
 * 1.1.1 (the data root on its own partition), 1.1.2 (members of the
 * docker group), 1.2.1 and 1.2.2 (manual).
 *
 * Pure: every fact comes from struct host (host_observe() read the mount
 * table, /etc/group and /etc/passwd, and the package database).
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "groupdb.h"
#include "host.h"
#include "profile.h"
#include "sec1.h"
#include "strv.h"

/* --- 1.1.1: the data root on its own partition ------------------------- */

/* Undo the octal escapes of /proc/self/mounts and fstab ("\040"). */
static void
unescape(char *s)
{
	char *d = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
			    (s[3] - '0'));
			s += 3;
		} else
			*d++ = *s;
	}
	*d = '\0';
}

/* One mount: from /proc/self/mountinfo, or an /etc/fstab line. */
struct mnt {
	char *dev;		/* "254:0" (mountinfo only) */
	char *root;		/* the part of the filesystem mounted: "/" */
	char *mp;
	char *type;
	char *src;
	char *opts;
};

static bool
under(const char *dir, const char *mp)
{
	size_t n = strlen(mp);

	if (strcmp(mp, "/") == 0)
		return true;
	return strncmp(dir, mp, n) == 0 && (dir[n] == '/' || dir[n] == '\0');
}

/* Split one table line (modified in place). fstab: src mp type opts;
 * mountinfo: id parent dev root mp opts [optional...] - type src sopts. */
static bool
parse_mnt(char *line, bool info, struct mnt *m)
{
	char *t[32], *sp = NULL;
	size_t n = 0, i;

	memset(m, 0, sizeof(*m));
	while (isspace((unsigned char)*line))
		line++;
	if (*line == '#')
		return false;
	for (t[n] = strtok_r(line, " \t", &sp); t[n] != NULL;
	    t[n] = strtok_r(NULL, " \t", &sp))
		if (++n == 32)
			break;
	if (!info) {
		if (n < 2)
			return false;
		m->src = t[0], m->mp = t[1];
		m->type = n > 2 ? t[2] : "", m->opts = n > 3 ? t[3] : "";
		m->root = "/";
	} else {
		if (n < 7)
			return false;
		m->dev = t[2], m->root = t[3], m->mp = t[4], m->opts = t[5];
		for (i = 6; i < n && strcmp(t[i], "-") != 0; i++)
			;
		m->type = i + 1 < n ? t[i + 1] : "";
		m->src = i + 2 < n ? t[i + 2] : "";
	}
	unescape(m->mp);
	if (info)
		unescape(m->root);
	for (i = strlen(m->mp); i > 1 && m->mp[i - 1] == '/'; i--)
		m->mp[i - 1] = '\0';
	return m->mp[0] == '/';
}

/* Judge dir against the mount table text buf (fstab when !info). */
static int
judge_mounts(char *buf, bool info, const char *dir, struct result *res)
{
	struct mnt own = { 0 }, par = { 0 }, m;
	bool have_own = false, have_par = false;
	char *save = NULL, *line;
	size_t best = 0;

	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (!parse_mnt(line, info, &m))
			continue;
		/* later lines win: a later mount hides an earlier one */
		if (strcmp(m.mp, dir) == 0) {
			own = m;
			have_own = true;
		} else if (under(dir, m.mp) && strlen(m.mp) >= best) {
			best = strlen(m.mp);
			par = m;
			have_par = true;
		}
	}
	if (!have_own)
		return result_needs(res, NEED_PARTITION),
		    result_set(res, ST_FAIL, "%s is not a separate mount: "
		    "it is on %s%s; give it its own partition (cisharden "
		    "cannot)", dir, have_par ? par.mp : "/",
		    info ? "" : " (per /etc/fstab)");
	if (strcmp(own.root, "/") != 0 || strstr(own.opts, "bind") != NULL)
		return result_set(res, ST_FAIL, "%s is a bind mount (of %s on "
		    "%s), not a separate partition; dockerd bind-mounts its "
		    "data root onto itself", dir, own.root, own.src);
	if (info && have_par && strcmp(own.dev, par.dev) == 0)
		return result_set(res, ST_FAIL, "%s is mounted from the same "
		    "filesystem (%s) as %s, not a separate partition", dir,
		    own.src, par.mp);
	return result_set(res, ST_PASS, "%s is a separate mount: %s (%s)%s",
	    dir, own.src, own.type, info ? "" : " in /etc/fstab");
}

static int
check_partition(const struct host *h, struct result *res)
{
	char *buf;
	int rc;

	if (h->mounts_rc == -ENOENT && h->mounts_fstab)
		return result_needs(res, NEED_PARTITION),
		    result_set(res, ST_FAIL, "%s is not a separate mount: "
		    "the image has no /etc/fstab; give it its own partition "
		    "(cisharden cannot)", h->data_root);
	if (h->mounts_rc < 0)
		return result_set(res, ST_ERROR, "cannot read the mount table "
		    "(%s): %s", h->mounts_fstab ? "/etc/fstab" :
		    "/proc/self/mountinfo", strerror(-h->mounts_rc));
	/* the judge splits lines in place: work on a copy */
	if ((buf = strdup(h->mounts)) == NULL)
		return -ENOMEM;
	rc = judge_mounts(buf, !h->mounts_fstab, h->data_root, res);
	free(buf);
	return rc;
}

/* --- 1.1.2: members of the docker group -------------------------------- */

/* trusted_users: a list of names, or one comma-separated string. */
static int
trusted_list(const cJSON *v, struct strv *out, bool *ret_set)
{
	const cJSON *e;
	int rc;

	*ret_set = false;
	if (cJSON_IsArray(v)) {
		*ret_set = true;
		cJSON_ArrayForEach(e, v)
			if (cJSON_IsString(e) && (rc = strv_add(out,
			    e->valuestring)) < 0)
				return rc;
	} else if (cJSON_IsString(v)) {
		char *c = strdup(v->valuestring), *save = NULL, *t;

		if (c == NULL)
			return -ENOMEM;
		*ret_set = true;
		for (t = strtok_r(c, ", ", &save); t != NULL;
		    t = strtok_r(NULL, ", ", &save))
			if ((rc = strv_add(out, t)) < 0) {
				free(c);
				return rc;
			}
		free(c);
	}
	return 0;
}

/* The group that owns the Docker socket: dockerd's "group" option
 * (-G) when set, else the target "group:NAME", parameter docker_group,
 * "docker". */
static const char *
group_name(const struct host *h, const struct profile *prof,
    const struct control *c)
{
	const char *g = profile_param_str(prof, c, "docker_group");
	const char *opt = host_option(h, "group", NULL);
	size_t i;

	for (i = 0; i < c->ntargets; i++)
		if (strncmp(c->targets[i], "group:", 6) == 0 &&
		    c->targets[i][6] != '\0')
			g = c->targets[i] + 6;
	if (opt != NULL && opt[0] != '\0' && strcmp(opt, "true") != 0)
		g = opt;
	return g ? g : "docker";
}

static int
judge_members(const char *name, struct strv *members, struct strv *trusted,
    bool set, struct result *res)
{
	struct strv bad = { 0 };
	char *ml = NULL, *bl = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; i < members->n; i++)
		if (!strv_has(trusted, members->v[i]) &&
		    strcmp(members->v[i], "root") != 0 &&
		    (rc = strv_add(&bad, members->v[i])) < 0)
			goto out;
	if ((ml = strv_join(members, ", ")) == NULL ||
	    (bl = strv_join(&bad, ", ")) == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	if (members->n == 0)
		rc = result_set(res, ST_PASS, "group %s has no members", name);
	else if (!set)
		rc = result_set(res, ST_MANUAL, "members of group %s in "
		    "/etc/group and /etc/passwd (they control dockerd, which "
		    "runs as root): %s; review them, or list the trusted ones "
		    "in parameter trusted_users", name, ml);
	else if (bad.n > 0)
		rc = result_set(res, ST_FAIL, "group %s has members not in "
		    "trusted_users: %s (all members: %s)", name, bl, ml);
	else
		rc = result_set(res, ST_PASS, "members of group %s, all in "
		    "trusted_users: %s", name, ml);
out:
	free(ml);
	free(bl);
	strv_free(&bad);
	return rc;
}

static int
check_group(const struct host *h, const struct profile *prof,
    const struct control *c, struct result *res)
{
	const char *name = group_name(h, prof, c);
	struct strv members = { 0 }, trusted = { 0 };
	bool found, set;
	int rc;

	/* unreadable is not "no such group" */
	if (h->group_rc < 0 && h->group_rc != -ENOENT)
		return result_set(res, ST_ERROR, "cannot read /etc/group: %s",
		    strerror(-h->group_rc));
	if ((rc = accounts_group_members(h->group_db, h->passwd_db, name,
	    &members, &found)) < 0 ||
	    (rc = trusted_list(profile_param(prof, c, "trusted_users"),
	    &trusted, &set)) < 0)
		goto out;
	if (!found)
		rc = result_set(res, ST_PASS, "no group %s in /etc/group: only "
		    "root can use the Docker socket", name);
	else if (h->passwd_rc < 0 && h->passwd_rc != -ENOENT)
		rc = result_set(res, ST_ERROR, "cannot read /etc/passwd for "
		    "the users whose primary group is %s: %s", name,
		    strerror(-h->passwd_rc));
	else
		rc = judge_members(name, &members, &trusted, set, res);
out:
	strv_free(&members);
	strv_free(&trusted);
	return rc;
}

/* --- 1.2.x: manual ----------------------------------------------------- */

/* Where the version could not be found: name the database looked at. */
static int
version_unknown(const struct host *h, struct result *res)
{
	const char *why = h->pkg.err ? h->pkg.err :
	    h->pkg.db ? "no engine package in it" : "the root has neither a "
	    "dpkg nor an rpm database";

	return result_set(res, ST_MANUAL, "installed Docker version unknown "
	    "(no running daemon; package database %s: %s); check it by hand",
	    h->pkg.db ? h->pkg.db : "none", why);
}

static int
check_manual(const struct host *h, const struct control *c,
    struct result *res)
{
	const char *pkg = h->pkg.pkg;

	if (strcmp(c->key, "host.docker-version") != 0)
		return result_set(res, ST_MANUAL, "harden the host operating "
		    "system (for example with the CIS benchmark for the "
		    "distribution); cisharden does not assess it");
	if (h->docker_version != NULL)
		return result_set(res, ST_MANUAL, "installed Docker Engine %s%s%s%s;"
		    " compare it with the current release and the "
		    "distribution's security updates", h->docker_version,
		    pkg ? " (package " : "", pkg ? pkg : "", pkg ? ")" : "");
	if (pkg != NULL)
		return result_set(res, ST_MANUAL, "installed Docker package %s "
		    "(%s database); compare it with the current release and "
		    "the distribution's security updates", pkg, h->pkg.db);
	return version_unknown(h, res);
}

int
sec1_host_judge(const struct host *h, struct run *run)
{
	const struct profile *prof = run->prof;
	size_t i;
	int rc;

	for (i = 0; i < prof->nctl; i++) {
		const struct control *c = &prof->ctl[i];
		struct result *res = &run->res[i];

		if (c->section != 1 || !control_active(c))
			continue;
		if (c->kind == KIND_HOST_CHECK) {
			bool group = c->ntargets > 0 &&
			    strncmp(c->targets[0], "group:", 6) == 0;

			rc = group || strcmp(c->key, "host.docker-group") == 0 ?
			    check_group(h, prof, c, res) : check_partition(h, res);
		} else if (c->kind == KIND_MANUAL)
			rc = check_manual(h, c, res);
		else
			continue;
		if (rc < 0)
			return rc;
	}
	return 0;
}
