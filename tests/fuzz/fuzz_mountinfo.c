/*
 * fuzz_mountinfo.c - libFuzzer target: the mount table as control 1.1.1
 * reads it (/proc/self/mountinfo on a live host, the image's /etc/fstab
 * under --root), through sec1_host_judge.
 *
 * Input: byte 0 picks the table (bit 0: fstab) and the data root
 * (bits 1-2), the rest is the table text. Properties: the verdict is
 * pass or fail (the table was read, so never an error) with a reason
 * that names the data root; the same table judged twice gives the same
 * verdict and reason (the judge must not change h->mounts).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "model.h"
#include "profile.h"
#include "sec1.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
die(const char *what, const char *reason)
{
	fprintf(stderr, "fuzz_mountinfo: %s (reason: %s)\n", what,
	    reason ? reason : "(null)");
	abort();
}

static struct profile *
prof_1_1_1(void)
{
	static struct profile *prof;
	char *err = NULL;

	if (prof != NULL)
		return prof;
	if (profile_load_default(&prof, &err) < 0)
		die("profile_load_default", err);
	for (size_t i = 0; i < prof->nctl; i++)
		prof->ctl[i].selected = strcmp(prof->ctl[i].id, "1.1.1") == 0;
	return prof;
}

static char *
judge(struct host *h, enum status *st)
{
	struct run *run = run_new(prof_1_1_1());
	struct result *r;
	char *reason;

	if (run == NULL)
		abort();
	if (sec1_host_judge(h, run) < 0)
		die("sec1_host_judge failed", NULL);
	r = run_result(run, "1.1.1");
	*st = r->st;
	reason = r->reason ? strdup(r->reason) : NULL;
	run_free(run);
	return reason;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const roots[] = { "/var/lib/docker", "/",
	    "/var/lib/my docker", "/srv/docker/" };
	struct host h;
	enum status st1, st2;
	char *text, *r1, *r2;

	if (size < 1 || size > 65536)
		return 0;
	if ((text = malloc(size)) == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	memset(&h, 0, sizeof(h));
	h.mounts = text;
	h.mounts_fstab = data[0] & 1;
	h.data_root = (char *)roots[(data[0] >> 1) & 3];
	r1 = judge(&h, &st1);
	if (memcmp(text, data + 1, strnlen(text, size - 1)) != 0)
		die("the judge changed the mount table", r1);
	r2 = judge(&h, &st2);
	if ((st1 != ST_PASS && st1 != ST_FAIL) || r1 == NULL)
		die("verdict is neither pass nor fail", r1);
	if (strstr(r1, h.data_root) == NULL && strstr(r1, "separate") == NULL)
		die("reason names neither the data root nor the mount", r1);
	if (st1 != st2 || r2 == NULL || strcmp(r1, r2) != 0)
		die("the same table judged twice differs", r2);
	free(r1);
	free(r2);
	free(text);
	return 0;
}
