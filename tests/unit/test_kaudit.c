/*
 * test_kaudit.c - the kernel seam: kaudit_probe() and kaudit_load() over
 * fake ops that play an immutable kernel, no privilege, no audit support
 * and a kernel that refuses watches without a parent. The real kernel is
 * exercised by tests/live/sec1_audit_live.sh.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kaudit.h"


#include "fake_kaudit.h"

static void
want_add(struct arules *l, enum ar_kind kind, const char *path,
    unsigned perm, const char *key)
{
	struct arule r = { .kind = kind, .perm = perm };

	r.path = (char *)path;
	r.key = (char *)key;
	EXPECT(arules_add(l, &r) == 0);
}

static void
want_list(struct arules *w)
{
	want_add(w, AR_PATH, "/usr/bin/dockerd", AR_PERM_ALL, "docker");
	want_add(w, AR_DIR, "/etc/docker", AR_PERM_ALL, "docker");
	want_add(w, AR_PATH, "/nonexistent/containerd.sock", AR_PERM_ALL,
	    "docker");
}

static void
test_load_adds_only_missing(void)
{
	struct fake f = { .open_rc = 3, .enabled = 1 };
	struct arules w = { 0 };
	struct kaudit_load res;
	char *err = NULL;

	want_list(&w);
	/* the kernel already has /etc/docker with more permissions */
	want_add(&f.rules, AR_DIR, "/etc/docker", AR_PERM_ALL, "docker");
	EXPECT(kaudit_load(&fake_ops, &f, &w, &res, &err) == 0);
	EXPECT(err == NULL);
	EXPECT(res.added == 1 && res.present == 1 && res.no_parent == 1);
	EXPECT(res.failed == 0 && !res.immutable);
	EXPECT(f.adds == 2);
	EXPECT(f.opened == 1 && f.closed == 1);

	/* second run: nothing more to add */
	f.adds = 0;
	EXPECT(kaudit_load(&fake_ops, &f, &w, &res, &err) == 0);
	EXPECT(res.added == 0 && res.present == 2 && f.adds == 1);
	free(err);
	arules_free(&w);
	arules_free(&f.rules);
}

static void
test_immutable(void)
{
	struct fake f = { .open_rc = 3, .enabled = 2 };
	struct kaudit_state st;
	struct arules w = { 0 };
	struct kaudit_load res;
	char *err = NULL;

	want_list(&w);
	EXPECT(kaudit_load(&fake_ops, &f, &w, &res, &err) == 0);
	EXPECT(res.immutable);
	EXPECT(f.adds == 0);		/* nothing tried against a locked kernel */
	EXPECT(res.added == 0);
	EXPECT(f.closed == 1);
	EXPECT(kaudit_probe(&fake_ops, &f, &st) == 0);
	EXPECT(st.err == 0 && st.enabled == 2);
	kaudit_state_clear(&st);
	free(err);
	arules_free(&w);
}

static void
test_eperm(void)
{
	struct fake f = { .open_rc = 3, .enabled = -EPERM };
	struct kaudit_state st;
	struct arules w = { 0 };
	struct kaudit_load res;
	char *err = NULL;

	want_list(&w);
	EXPECT(kaudit_probe(&fake_ops, &f, &st) == 0);
	EXPECT(st.err == -EPERM && kaudit_unavailable(st.err));
	EXPECT(st.rules.n == 0);
	kaudit_state_clear(&st);
	EXPECT(kaudit_load(&fake_ops, &f, &w, &res, &err) == -EPERM);
	EXPECT(err != NULL && strstr(err, "permission") != NULL);
	EXPECT(f.adds == 0 && f.closed == 2);
	free(err);
	err = NULL;

	/* allowed to list but not to add: per-rule failures, all tried */
	f.enabled = 1;
	f.add_rc = -EPERM;
	EXPECT(kaudit_load(&fake_ops, &f, &w, &res, &err) == 0);
	EXPECT(res.failed == 3 && res.added == 0 && f.adds == 3);
	EXPECT(err != NULL && strstr(err, "/usr/bin/dockerd") != NULL);
	free(err);
	arules_free(&w);
}

static void
test_no_audit(void)
{
	struct fake f = { .open_rc = -ENOSYS, .enabled = 1 };
	struct kaudit_state st;
	struct arules w = { 0 };
	struct kaudit_load res;
	char *err = NULL;

	want_list(&w);
	EXPECT(kaudit_probe(&fake_ops, &f, &st) == 0);
	EXPECT(st.err == -ENOSYS && kaudit_unavailable(st.err));
	EXPECT(strstr(kaudit_strerror(st.err), "no audit support") != NULL);
	kaudit_state_clear(&st);
	EXPECT(kaudit_load(&fake_ops, &f, &w, &res, &err) == -ENOSYS);
	EXPECT(err != NULL);
	EXPECT(f.opened == 0 && f.closed == 0);	/* never opened, never closed */
	free(err);

	/* audit=0 / containers: the kernel refuses the request */
	f.open_rc = 3;
	f.enabled = -ECONNREFUSED;
	EXPECT(kaudit_probe(&fake_ops, &f, &st) == 0);
	EXPECT(kaudit_unavailable(st.err));
	kaudit_state_clear(&st);
	/* a real failure is not "unavailable" */
	EXPECT(!kaudit_unavailable(-EIO));
	arules_free(&w);
}

static void
test_list_error(void)
{
	struct fake f = { .open_rc = 3, .enabled = 1, .list_rc = -ETIMEDOUT };
	struct kaudit_state st;

	EXPECT(kaudit_probe(&fake_ops, &f, &st) == 0);
	EXPECT(st.err == -ETIMEDOUT && !kaudit_unavailable(st.err));
	kaudit_state_clear(&st);
}

int
main(void)
{
	test_load_adds_only_missing();
	test_immutable();
	test_eperm();
	test_no_audit();
	test_list_error();
	return check_done(&check_file_count);
}
