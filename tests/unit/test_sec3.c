/*
 * test_sec3.c - section 3 as a pure function of an observation. Each
 * row of the table is one observed inode for one control and the
 * verdict and change the planner must give; no file is touched.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "host.h"
#include "profile.h"
#include "sections.h"

static struct check_count cc;

struct row {
	const char *id;		/* one control */
	const char *path;
	int rc;			/* observed lstat result */
	mode_t mode;		/* type and permission bits */
	uid_t uid;
	gid_t gid;
	nlink_t nlink;
	enum status plan_st;	/* the plan: ST_REFUSED, or anything else */
	enum status verify_st;	/* verify of the same observation */
	const char *change;	/* the change line, NULL for none */
	const char *reason;	/* a part of the verify reason */
};

#define F S_IFREG
static const struct row rows[] = {
	/* 3.1: docker.service root:root */
	{ "3.1", "/lib/systemd/system/docker.service", 0, F | 0644, 0, 0, 1,
	  ST_PASS, ST_PASS, NULL, NULL },
	{ "3.1", "/lib/systemd/system/docker.service", 0, F | 0644, 1000, 1000, 1,
	  ST_FAIL, ST_FAIL, "owner 1000:1000 -> root:root", "owned by 1000:1000, not root:root" },
	/* 3.2: 0644 or more restrictive; stricter stays */
	{ "3.2", "/lib/systemd/system/docker.service", 0, F | 0664, 0, 0, 1,
	  ST_FAIL, ST_FAIL, "mode 0664 -> 0644", "mode 0664, wider than 0644" },
	{ "3.2", "/lib/systemd/system/docker.service", 0, F | 0600, 0, 0, 1,
	  ST_PASS, ST_PASS, NULL, NULL },
	{ "3.2", "/lib/systemd/system/docker.service", 0, F | 04755, 0, 0, 1,
	  ST_FAIL, ST_FAIL, "mode 4755 -> 0644", "wider than 0644" },
	/* missing: not applicable, never created */
	{ "3.2", "/lib/systemd/system/docker.service", -ENOENT, 0, 0, 0, 0,
	  ST_NA, ST_NA, NULL, "no such file" },
	/* refused: a symlink, a hard link, a directory where a file is expected */
	{ "3.18", "/etc/docker/daemon.json", 0, S_IFLNK | 0777, 0, 0, 1,
	  ST_REFUSED, ST_REFUSED, NULL, "symbolic link, refusing" },
	{ "3.18", "/etc/docker/daemon.json", 0, F | 0666, 0, 0, 2,
	  ST_REFUSED, ST_REFUSED, NULL, "hard-linked" },
	{ "3.18", "/etc/docker/daemon.json", 0, S_IFDIR | 0755, 0, 0, 2,
	  ST_REFUSED, ST_REFUSED, NULL, "is a directory, refusing" },
	/* an unreadable path is refused with the error, never n/a */
	{ "3.18", "/etc/docker/daemon.json", -EACCES, 0, 0, 0, 0,
	  ST_REFUSED, ST_REFUSED, NULL, "Permission denied" },
	/* 3.8: registry certificates; .key files get key_mode */
	{ "3.8", "/etc/docker/certs.d/r:5000/client.key", 0, F | 0644, 0, 0, 1,
	  ST_FAIL, ST_FAIL, "mode 0644 -> 0400", "wider than 0400" },
	{ "3.8", "/etc/docker/certs.d/r:5000/ca.crt", 0, F | 0644, 0, 0, 1,
	  ST_FAIL, ST_FAIL, "mode 0644 -> 0444", "wider than 0444" },
	/* 3.16: a socket's mode, only on the live layer */
	{ "3.16", "/var/run/docker.sock", 0, S_IFSOCK | 0666, 0, 998, 1,
	  ST_FAIL, ST_FAIL, "mode 0666 -> 0660", "wider than 0660" },
};

/* Plan (w) or verify one row's control against an observation of its
 * one path. Returns the status; *ret_change the first change line. */
static enum status
run_row(const struct row *r, bool plan, char **ret_change, char **ret_reason)
{
	struct ctx ctx = { .root = "/", .rootfd = -1, .scope = SCOPE_ALL, .level = 2 };
	struct pathobs p = { .path = (char *)r->path, .rc = r->rc };
	struct ctlobs o = { .id = r->id, .paths = &p, .npaths = 1 };
	struct host h = { .ctls = &o, .nctls = 1 };
	struct profile *prof = NULL;
	struct result *res;
	struct run *run;
	char *err = NULL;
	enum status st;
	size_t i;

	p.st.st_mode = r->mode;
	p.st.st_uid = r->uid;
	p.st.st_gid = r->gid;
	p.st.st_nlink = r->nlink;
	p.st.st_ino = 42;
	o.uid = 0;
	o.gid = strstr(r->id, "3.15") ? 998 : 0;
	if (profile_load_default(&prof, &err) < 0 || (run = run_new(prof)) == NULL)
		abort();
	for (i = 0; i < prof->nctl; i++) {
		prof->ctl[i].selected = strcmp(prof->ctl[i].id, r->id) == 0;
		run->res[i].st = ST_ERROR;
	}
	CHECK_RC(&cc, plan ? sec3_plan(&ctx, &h, run) : sec3_verify(&ctx, &h, run), 0);
	res = run_result(run, r->id);
	/* a plan only refuses or lists changes; verify sets the status */
	st = plan ? (res->refused ? ST_REFUSED : ST_PASS) : res->st;
	*ret_change = res->nchanges ? strdup(res->changes[0]) : NULL;
	*ret_reason = res->reason ? strdup(res->reason) : NULL;
	run_free(run);
	profile_free(prof);
	return st;
}

static bool
contains(const char *s, const char *part)
{
	return part == NULL || (s != NULL && strstr(s, part) != NULL);
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		char *ch = NULL, *why = NULL, *vch = NULL, *vwhy = NULL;
		enum status pst = run_row(r, true, &ch, &why);
		enum status vst = run_row(r, false, &vch, &vwhy);
		bool ok = (pst == ST_REFUSED) == (r->plan_st == ST_REFUSED) &&
		    vst == r->verify_st &&
		    (r->change ? contains(ch, r->change) : ch == NULL) &&
		    contains(vwhy, r->reason) && vch == NULL;

		CHECK(&cc, ok);
		if (!ok)
			fprintf(stderr, "row %zu (%s %s): plan %s \"%s\", verify %s \"%s\"\n",
			    i, r->id, r->path, status_name(pst), ch ? ch : "",
			    status_name(vst), vwhy ? vwhy : "");
		free(ch);
		free(why);
		free(vch);
		free(vwhy);
	}
	return check_done(&cc);
}
