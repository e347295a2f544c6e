/*
 * test_auditrules.c - the audit rule parser, normaliser and generator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "auditrules.h"


static int
parse1(const char *line, struct arule *r)
{
	return arule_parse_line(line, r);
}

static void
test_watch_forms(void)
{
	struct arule r;

	EXPECT(parse1("-w /usr/bin/dockerd -p wa -k docker", &r) == 1);
	EXPECT(r.kind == AR_WATCH);
	EXPECT(strcmp(r.path, "/usr/bin/dockerd") == 0);
	EXPECT(r.perm == (AR_PERM_W | AR_PERM_A));
	EXPECT(strcmp(r.key, "docker") == 0);
	arule_clear(&r);

	/* no -p means every permission; trailing slash trimmed */
	EXPECT(parse1("  -w /etc/docker/ -k docker", &r) == 1);
	EXPECT(r.perm == AR_PERM_ALL);
	EXPECT(strcmp(r.path, "/etc/docker") == 0);
	EXPECT(r.kind == AR_DIR);	/* newer auditctl -l prints dir= so */
	arule_clear(&r);

	EXPECT(parse1("-w /etc/docker", &r) == 1);
	EXPECT(r.key == NULL);
	arule_clear(&r);

	/* auditctl -l output */
	EXPECT(parse1("-w /var/lib/docker -p rwxa -k docker", &r) == 1);
	EXPECT(r.perm == AR_PERM_ALL);
	arule_clear(&r);

	/* -p before -w, upper case, several keys */
	EXPECT(parse1("-w /x -p WA -k a -k b", &r) == 1);
	EXPECT(r.perm == (AR_PERM_W | AR_PERM_A));
	EXPECT(arule_key_has(r.key, "a") && arule_key_has(r.key, "b"));
	EXPECT(!arule_key_has(r.key, "c"));
	arule_clear(&r);
}

static void
test_syscall_forms(void)
{
	struct arule r;

	EXPECT(parse1("-a always,exit -F path=/var/lib/docker -F perm=rwxa -k docker",
	    &r) == 1);
	EXPECT(r.kind == AR_PATH);
	EXPECT(r.perm == AR_PERM_ALL);
	EXPECT(strcmp(r.key, "docker") == 0);
	arule_clear(&r);

	/* the CIS text's order and perm letters */
	EXPECT(parse1("-a exit,always -F path=/run/containerd -F perm=war -k docker",
	    &r) == 1);
	EXPECT(r.kind == AR_PATH);
	EXPECT(r.perm == (AR_PERM_W | AR_PERM_A | AR_PERM_R));
	arule_clear(&r);

	EXPECT(parse1("-a always,exit -F dir=/etc/docker -F perm=wa -F key=docker",
	    &r) == 1);
	EXPECT(r.kind == AR_DIR);
	EXPECT(strcmp(r.key, "docker") == 0);
	arule_clear(&r);

	EXPECT(parse1("-a always,exit -S all -F path=/x -F perm=x -F key=k", &r) == 1);
	arule_clear(&r);

	/* without perm= a path rule matches every access */
	EXPECT(parse1("-A always,exit -F path=/x -k k", &r) == 1);
	EXPECT(r.perm == AR_PERM_ALL);
	arule_clear(&r);

	/* not plain watches: they audit less, or nothing */
	EXPECT(parse1("-a always,exit -F arch=b64 -S open -F path=/x -k k", &r) == 0);
	EXPECT(parse1("-a always,exit -F path=/x -F auid>=1000 -k k", &r) == 0);
	EXPECT(parse1("-a always,exit -F path=/x -F auid!=4294967295", &r) == 0);
	EXPECT(parse1("-a always,task -F path=/x", &r) == 0);
	EXPECT(parse1("-a always,exit -S open -k k", &r) == 0);
}

/* 1.1.5's exclusions: never-rules parse in the benchmark's spellings, do
 * not satisfy a watch, and count only before the watch that covers them. */
static void
test_never(void)
{
	static const char shadowed[] =
	    "-a always,exit -F dir=/var/lib/docker -F perm=rwxa -k docker\n"
	    "-a exit,never -F dir=/var/lib/docker/overlay2 -k docker\n";
	static const char first[] =
	    "-a never,exit -F dir=/var/lib/docker/overlay2 -F perm=rwxa -k docker\n"
	    "-a never,exit -F dir=/var/lib/docker/volumes -F perm=rwxa -k docker\n"
	    "-w /var/lib/docker -p rwxa -k docker\n"
	    "-a always,exit -F dir=/var/lib/docker/volumes -F perm=rwxa -k v\n";
	struct arules l = { 0 };
	struct arule r, w;

	EXPECT(parse1("-a never,exit -F dir=/var/lib/docker/volumes", &r) == 1);
	EXPECT(r.never && r.kind == AR_DIR && r.perm == AR_PERM_ALL);
	EXPECT(parse1("-a always,exit -F dir=/var/lib/docker/volumes", &w) == 1);
	EXPECT(!w.never && !arule_satisfies(&r, &w) && !arule_satisfies(&w, &r));
	arule_clear(&w);
	EXPECT(parse1("-A exit,never -F dir=/var/lib/docker/volumes", &w) == 1);
	EXPECT(w.never && arule_satisfies(&r, &w));
	arule_clear(&w);

	/* the benchmark's order: the watch first, the exclusion after it */
	EXPECT(parse1("-a never,exit -F dir=/var/lib/docker/overlay2 -F perm=rwxa -k docker",
	    &w) == 1);
	EXPECT(arules_parse(shadowed, sizeof(shadowed) - 1, "f", &l) == 2);
	EXPECT(arules_never_shadowed(&l, &w) == &l.v[0]);
	arules_free(&l);
	/* never-rules first: nothing shadows them; a watch of the store
	 * itself after them does not count, nor does another store */
	EXPECT(arules_parse(first, sizeof(first) - 1, "f", &l) == 4);
	EXPECT(arules_never_shadowed(&l, &w) == NULL);
	EXPECT(arules_never_shadowed(&l, &r) == NULL);
	arules_free(&l);
	/* a path= rule on the data root is not recursive: it covers nothing */
	EXPECT(arules_parse("-a always,exit -F path=/var/lib/docker -k d\n"
	    "-a never,exit -F dir=/var/lib/docker/overlay2 -F perm=rwxa -k docker\n",
	    strlen("-a always,exit -F path=/var/lib/docker -k d\n"
	    "-a never,exit -F dir=/var/lib/docker/overlay2 -F perm=rwxa -k docker\n"),
	    "f", &l) == 2);
	EXPECT(arules_never_shadowed(&l, &w) == NULL);
	/* a never-rule that is not in the list is not shadowed either */
	EXPECT(arules_never_shadowed(&l, &r) == NULL);
	arules_free(&l);
	/* a watch of "/" covers everything */
	EXPECT(arules_parse("-w / -k d\n-a never,exit -F dir=/var/lib/docker/overlay2 "
	    "-F perm=rwxa -k docker\n", strlen("-w / -k d\n-a never,exit -F "
	    "dir=/var/lib/docker/overlay2 -F perm=rwxa -k docker\n"), "f", &l) == 2);
	EXPECT(arules_never_shadowed(&l, &w) == &l.v[0]);
	arules_free(&l);
	arule_clear(&w);
	arule_clear(&r);
}

static void
test_other_lines(void)
{
	struct arule r;

	EXPECT(parse1("", &r) == 0);
	EXPECT(parse1("# -w /x -k docker", &r) == 0);
	EXPECT(parse1("-D", &r) == 0);
	EXPECT(parse1("-b 8192", &r) == 0);
	EXPECT(parse1("-e 2", &r) == 0);
	EXPECT(parse1("-c", &r) == 0);
	EXPECT(parse1("--backlog_wait_time 60000", &r) == 0);
	EXPECT(parse1("-W /usr/bin/dockerd -k docker", &r) == 0);
	EXPECT(parse1("No rules", &r) == 0);
	/* malformed watch lines */
	EXPECT(parse1("-w", &r) == -22);
	EXPECT(parse1("-w /x -p rq", &r) == -22);
	EXPECT(parse1("-w relative -k k", &r) == -22);
	EXPECT(parse1("-w /x -a always,exit", &r) == -22);
	EXPECT(parse1("-p wa -k docker", &r) == -22);
}

static void
test_satisfies(void)
{
	struct arule have, want;

	EXPECT(parse1("-w /etc/docker -p rwxa -k docker", &have) == 1);
	EXPECT(parse1("-w /etc/docker -p wa -k docker", &want) == 1);
	EXPECT(arule_satisfies(&have, &want));
	EXPECT(!arule_satisfies(&want, &have));	/* wa lacks r, x */
	arule_clear(&want);
	EXPECT(parse1("-a always,exit -F path=/etc/docker -F perm=rwxa -k docker",
	    &want) == 1);
	EXPECT(arule_satisfies(&have, &want));	/* any kind satisfies */
	arule_clear(&want);
	EXPECT(parse1("-w /etc/docker -p rwxa -k other", &want) == 1);
	EXPECT(!arule_satisfies(&have, &want));
	arule_clear(&want);
	EXPECT(parse1("-w /etc/docker/daemon.json -p rwxa -k docker", &want) == 1);
	EXPECT(!arule_satisfies(&have, &want));	/* a parent is no match */
	arule_clear(&want);
	arule_clear(&have);
}

static void
test_format_roundtrip(void)
{
	static const char *const lines[] = {
		"-w /usr/bin/dockerd -p rwxa -k docker",
		"-a always,exit -F path=/var/lib/docker -F perm=rwxa -k docker",
		"-a always,exit -F dir=/etc/docker -F perm=wa -k a -k b",
		"-w /x -p r",
		"-a never,exit -F dir=/var/lib/docker/overlay2 -F perm=rwxa -k docker",
	};
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct arule r;
		char *out = NULL;

		EXPECT(parse1(lines[i], &r) == 1);
		EXPECT(arule_format(&r, &out) == 0);
		EXPECT(out != NULL && strcmp(out, lines[i]) == 0);
		if (out && strcmp(out, lines[i]) != 0)
			fprintf(stderr, "  got \"%s\"\n", out);
		free(out);
		arule_clear(&r);
	}
}

static void
test_checks(void)
{
	unsigned p;

	EXPECT(arule_path_ok("/usr/bin/dockerd"));
	EXPECT(!arule_path_ok("usr/bin/dockerd"));
	EXPECT(!arule_path_ok("/var/lib/my docker"));
	EXPECT(!arule_path_ok("/a/../b"));
	EXPECT(!arule_path_ok("/a/*"));
	EXPECT(arule_key_ok("docker"));
	EXPECT(!arule_key_ok(""));
	EXPECT(!arule_key_ok("a b"));
	EXPECT(!arule_key_ok("a#b"));
	EXPECT(arule_perm_parse("xawr", &p) == 0 && p == AR_PERM_ALL);
	EXPECT(arule_perm_parse("", &p) < 0);
	EXPECT(arule_perm_parse("rwxaa", &p) < 0);
}

static void
add(struct arules *l, const char *line, const char *ids, int order,
    bool runtime)
{
	struct arule r;

	EXPECT(parse1(line, &r) == 1);
	r.ctl_ids = ids ? strdup(ids) : NULL;
	r.order = order;
	r.runtime = runtime;
	EXPECT(arules_add(l, &r) == 0);
	arule_clear(&r);
}

static void
test_generate(void)
{
	struct arules a = { 0 }, b = { 0 }, parsed = { 0 }, other = { 0 };
	char *t1 = NULL, *t2 = NULL;
	size_t l1, l2;
	const char *rt, *c, *d3, *d18;

	add(&a, "-w /run/docker/containerd/containerd.sock -p rwxa -k docker",
	    "1.1.8", 5, true);
	add(&a, "-w /usr/sbin/dockerd -p rwxa -k docker", "1.1.3", 2, false);
	add(&a, "-w /usr/bin/dockerd -p rwxa -k docker", "1.1.3", 2, false);
	add(&a, "-w /usr/sbin/runc -p rwxa -k docker", "1.1.18", 19, false);
	add(&a, "-a always,exit -F path=/var/lib/docker -F perm=rwxa -k docker",
	    "1.1.5", 4, false);
	add(&a, "-a never,exit -F dir=/var/lib/docker/volumes -F perm=rwxa -k docker",
	    "1.1.5", 4, false);
	/* the same rules in another order */
	add(&b, "-a never,exit -F dir=/var/lib/docker/volumes -F perm=rwxa -k docker",
	    "1.1.5", 4, false);
	add(&b, "-w /usr/sbin/runc -p rwxa -k docker", "1.1.18", 19, false);
	add(&b, "-a always,exit -F path=/var/lib/docker -F perm=rwxa -k docker",
	    "1.1.5", 4, false);
	add(&b, "-w /usr/bin/dockerd -p rwxa -k docker", "1.1.3", 2, false);
	add(&b, "-w /usr/sbin/dockerd -p rwxa -k docker", "1.1.3", 2, false);
	add(&b, "-w /run/docker/containerd/containerd.sock -p rwxa -k docker",
	    "1.1.8", 5, true);
	add(&other, "-w /etc/docker -p rwxa -k docker", NULL, 0, false);
	other.v[0].src = strdup("/etc/audit/rules.d/local.rules:3");

	EXPECT(auditrules_generate(&a, &other, &t1, &l1) == 0);
	EXPECT(auditrules_generate(&b, &other, &t2, &l2) == 0);
	EXPECT(t1 && t2 && l1 == l2 && strcmp(t1, t2) == 0);	/* deterministic */
	EXPECT(strlen(t1) == l1);
	EXPECT(strstr(t1, "Generated by cisharden") != NULL);
	c = strstr(t1, "\n-c\n");
	d3 = strstr(t1, "\n## 1.1.3\n-w /usr/bin/dockerd -p rwxa -k docker\n"
	    "-w /usr/sbin/dockerd -p rwxa -k docker\n");
	d18 = strstr(t1, "-w /usr/sbin/runc");
	rt = strstr(t1, "-w /run/docker/containerd/containerd.sock");
	EXPECT(c != NULL && d3 != NULL && d18 != NULL && rt != NULL);
	EXPECT(c < d3 && d3 < d18 && d18 < rt);	/* -c first, runtime last */
	/* a control's never-rules before its watch */
	EXPECT(strstr(t1, "\n## 1.1.5\n-a never,exit -F dir=/var/lib/docker/volumes "
	    "-F perm=rwxa -k docker\n-a always,exit -F path=/var/lib/docker -F perm=rwxa "
	    "-k docker\n") != NULL);
	EXPECT(strstr(t1, "#   -w /etc/docker -p rwxa -k docker   "
	    "(/etc/audit/rules.d/local.rules:3)\n") != NULL);

	/* reading our own file back gives the rules and their controls */
	EXPECT(arules_parse(t1, l1, "own", &parsed) == 6);
	EXPECT(strcmp(parsed.v[0].path, "/usr/bin/dockerd") == 0);
	EXPECT(strcmp(parsed.v[0].ctl_ids, "1.1.3") == 0);
	EXPECT(strcmp(parsed.v[5].ctl_ids, "1.1.8") == 0);
	EXPECT(parsed.v[2].never && !parsed.v[3].never);
	EXPECT(strcmp(parsed.v[0].src, "own:22") == 0 ||
	    strncmp(parsed.v[0].src, "own:", 4) == 0);
	EXPECT(arules_find(&parsed, &other.v[0]) == NULL);	/* comment only */

	free(t1);
	free(t2);
	arules_free(&a);
	arules_free(&b);
	arules_free(&parsed);
	arules_free(&other);
}

static void
test_auditctl_listing(void)
{
	/* what `auditctl -l` printed on Debian 12 (auditd 3.0.9) for
	 * -a always,exit -F path=DIR, -w DIR -p wa, -w FILE, and dir= */
	static const char listing[] =
	    "-w /tmp/at/d -p rwxa -k t1\n"
	    "-w /tmp/at/d -p wa -k t2\n"
	    "-w /tmp/at/f -p rwxa -k t3\n"
	    "-w /tmp/at/d -p rwa -k t4\n"
	    "-w /tmp/at/nonexist -p x\n"
	    "-a always,exit -F arch=b64 -S openat -F key=x\n";
	struct arules l = { 0 };
	struct arule want;

	EXPECT(arules_parse(listing, sizeof(listing) - 1, "auditctl", &l) == 5);
	EXPECT(l.v[3].perm == (AR_PERM_R | AR_PERM_W | AR_PERM_A));
	EXPECT(l.v[4].key == NULL);
	EXPECT(parse1("-a always,exit -F path=/tmp/at/d -F perm=wa -k t4", &want) == 1);
	EXPECT(arules_find(&l, &want) == &l.v[3]);
	arule_clear(&want);
	arules_free(&l);
}

int
main(void)
{
	test_watch_forms();
	test_syscall_forms();
	test_other_lines();
	test_never();
	test_satisfies();
	test_format_roundtrip();
	test_checks();
	test_generate();
	test_auditctl_listing();
	return check_done(&check_file_count);
}
