/*
 * test_sec1_host.c - the host checks 1.1.1, 1.1.2, 1.2.2 as a pure
 * function of an observation: each case is a struct host filled by
 * hand, no file or /proc is read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "host.h"
#include "pkgdb.h"
#include "profile.h"
#include "sec1.h"

static struct check_count cc;

/* Judge h with the default profile; the status and reason of id. */
static enum status
judge(struct host *h, const char *id, char **ret_reason)
{
	struct profile *prof = NULL;
	struct run *run;
	struct result *r;
	enum status st;
	char *err = NULL;

	if (profile_load_default(&prof, &err) < 0 || (run = run_new(prof)) == NULL)
		abort();
	for (size_t i = 0; i < prof->nctl; i++)
		prof->ctl[i].selected = strcmp(prof->ctl[i].id, id) == 0;
	CHECK_RC(&cc, sec1_host_judge(h, run), 0);
	r = run_result(run, id);
	st = r->st;
	*ret_reason = r->reason ? strdup(r->reason) : NULL;
	run_free(run);
	profile_free(prof);
	return st;
}

static int
expect(struct host *h, const char *id, enum status want, const char *needle)
{
	char *reason = NULL;
	enum status st = judge(h, id, &reason);
	int ok = st == want && reason != NULL && strstr(reason, needle) != NULL;

	if (!ok)
		fprintf(stderr, "%s: got %s \"%s\", wanted %s with \"%s\"\n", id,
		    status_name(st), reason ? reason : "(null)", status_name(want), needle);
	free(reason);
	return ok;
}

#define MI_ROOT "22 1 254:1 / / rw,relatime - ext4 /dev/vda1 rw\n"

static void
test_partition(void)
{
	struct host h = { .data_root = "/var/lib/docker" };

	h.mounts = MI_ROOT;
	CHECK(&cc, expect(&h, "1.1.1", ST_FAIL, "not a separate mount: it is on /"));
	h.mounts = MI_ROOT "30 22 254:16 / /var/lib/docker rw - ext4 /dev/vdb rw\n";
	CHECK(&cc, expect(&h, "1.1.1", ST_PASS, "separate mount: /dev/vdb (ext4)"));
	/* dockerd bind-mounts its data root onto itself */
	h.mounts = MI_ROOT "31 22 254:1 /var/lib/docker /var/lib/docker rw - ext4 /dev/vda1 rw\n";
	CHECK(&cc, expect(&h, "1.1.1", ST_FAIL, "bind mount"));
	h.mounts = MI_ROOT "30 22 254:1 / /var/lib/docker rw - ext4 /dev/vda1 rw\n";
	CHECK(&cc, expect(&h, "1.1.1", ST_FAIL, "same filesystem"));
	/* escaped mount points: "/var/lib/my\040docker" */
	h.data_root = "/var/lib/my docker";
	h.mounts = MI_ROOT "30 22 254:16 / /var/lib/my\\040docker rw - xfs /dev/vdb rw\n";
	CHECK(&cc, expect(&h, "1.1.1", ST_PASS, "separate mount"));
	/* offline: the image's fstab */
	h.data_root = "/var/lib/docker";
	h.mounts_fstab = true;
	h.mounts = "# comment\nUUID=1 / ext4 defaults 0 1\nLABEL=d /var/lib/docker/ xfs defaults 0 2\n";
	CHECK(&cc, expect(&h, "1.1.1", ST_PASS, "in /etc/fstab"));
	h.mounts = NULL;
	h.mounts_rc = -ENOENT;
	CHECK(&cc, expect(&h, "1.1.1", ST_FAIL, "the image has no /etc/fstab"));
	h.mounts_fstab = false;
	h.mounts_rc = -EACCES;
	CHECK(&cc, expect(&h, "1.1.1", ST_ERROR, "/proc/self/mountinfo"));
}

static void
test_group(void)
{
	struct host h = { 0 };

	h.group_db = "root:x:0:\ndocker:x:998:alice,bob\n";
	h.passwd_db = "root:x:0:0::/root:/bin/sh\ncarol:x:1001:998::/home/carol:/bin/sh\n";
	CHECK(&cc, expect(&h, "1.1.2", ST_MANUAL, "alice, bob, carol"));
	h.group_db = "root:x:0:\ndocker:x:998:\n";
	h.passwd_db = "root:x:0:0::/root:/bin/sh\n";
	CHECK(&cc, expect(&h, "1.1.2", ST_PASS, "has no members"));
	h.group_db = "root:x:0:\n";
	CHECK(&cc, expect(&h, "1.1.2", ST_PASS, "no group docker"));
	/* an unreadable group file is not "no such group" */
	h.group_db = NULL;
	h.group_rc = -EACCES;
	CHECK(&cc, expect(&h, "1.1.2", ST_ERROR, "cannot read /etc/group"));
}

static void
test_version(void)
{
	struct host h = { 0 };
	char status[] = "Package: docker.io\nStatus: install ok installed\n"
	    "Version: 20.10.24+dfsg1-1\n\nPackage: containerd\n"
	    "Status: install ok installed\nVersion: 1.6.20\n";
	char removed[] = "Package: docker.io\nStatus: deinstall ok config-files\n"
	    "Version: 20.10.24\n";
	char *p;

	p = pkgdb_dpkg_find(status);
	CHECK(&cc, p != NULL && strcmp(p, "docker.io 20.10.24+dfsg1-1") == 0);
	free(p);
	CHECK(&cc, pkgdb_dpkg_find(removed) == NULL);
	{
		char out[] = "package docker-ce is not installed\n"
		    "docker 25.0.8-1.amzn2023.0.1\nmoby-engine 20.10.1-1\n";
		char none[] = "error: cannot open Packages index\n";

		p = pkgdb_rpm_find(out);
		CHECK(&cc, p != NULL && strcmp(p, "docker 25.0.8-1.amzn2023.0.1") == 0);
		free(p);
		CHECK(&cc, pkgdb_rpm_find(none) == NULL);
	}

	h.pkg.db = "rpm";
	h.pkg.pkg = "docker 25.0.8-1.amzn2023.0.1";
	CHECK(&cc, expect(&h, "1.2.2", ST_MANUAL, "docker 25.0.8-1.amzn2023.0.1 (rpm database)"));
	h.pkg.pkg = NULL;
	CHECK(&cc, expect(&h, "1.2.2", ST_MANUAL, "package database rpm: no engine package"));
	h.pkg.db = NULL;
	CHECK(&cc, expect(&h, "1.2.2", ST_MANUAL, "neither a dpkg nor an rpm database"));
	h.docker_version = "25.0.8";
	CHECK(&cc, expect(&h, "1.2.2", ST_MANUAL, "installed Docker Engine 25.0.8"));
}

int
main(void)
{
	test_partition();
	test_group();
	test_version();
	return check_done(&cc);
}
