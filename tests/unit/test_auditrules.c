/*
 * test_auditrules.c - the audit rule parser, normaliser and generator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auditrules.h"

static int failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__,	\
		    __LINE__, #cond);					\
		failures++;						\
	}								\
} while (0)

static int
parse1(const char *line, struct arule *r)
{
	return arule_parse_line(line, r);
}

static void
test_watch_forms(void)
{
	struct arule r;

	CHECK(parse1("-w /usr/bin/dockerd -p wa -k docker", &r) == 1);
	CHECK(r.kind == AR_WATCH);
	CHECK(strcmp(r.path, "/usr/bin/dockerd") == 0);
	CHECK(r.perm == (AR_PERM_W | AR_PERM_A));
	CHECK(strcmp(r.key, "docker") == 0);
	arule_clear(&r);

	/* no -p means every permission; trailing slash trimmed */
	CHECK(parse1("  -w /etc/docker/ -k docker", &r) == 1);
	CHECK(r.perm == AR_PERM_ALL);
	CHECK(strcmp(r.path, "/etc/docker") == 0);
	CHECK(r.kind == AR_DIR);	/* newer auditctl -l prints dir= so */
	arule_clear(&r);

	CHECK(parse1("-w /etc/docker", &r) == 1);
	CHECK(r.key == NULL);
	arule_clear(&r);

	/* auditctl -l output */
	CHECK(parse1("-w /var/lib/docker -p rwxa -k docker", &r) == 1);
	CHECK(r.perm == AR_PERM_ALL);
	arule_clear(&r);

	/* -p before -w, upper case, several keys */
	CHECK(parse1("-w /x -p WA -k a -k b", &r) == 1);
	CHECK(r.perm == (AR_PERM_W | AR_PERM_A));
	CHECK(arule_key_has(r.key, "a") && arule_key_has(r.key, "b"));
	CHECK(!arule_key_has(r.key, "c"));
	arule_clear(&r);
}

static void
test_syscall_forms(void)
{
	struct arule r;

	CHECK(parse1("-a always,exit -F path=/var/lib/docker -F perm=rwxa -k docker",
	    &r) == 1);
	CHECK(r.kind == AR_PATH);
	CHECK(r.perm == AR_PERM_ALL);
	CHECK(strcmp(r.key, "docker") == 0);
	arule_clear(&r);

	/* the CIS text's order and perm letters */
	CHECK(parse1("-a exit,always -F path=/run/containerd -F perm=war -k docker",
	    &r) == 1);
	CHECK(r.kind == AR_PATH);
	CHECK(r.perm == (AR_PERM_W | AR_PERM_A | AR_PERM_R));
	arule_clear(&r);

	CHECK(parse1("-a always,exit -F dir=/etc/docker -F perm=wa -F key=docker",
	    &r) == 1);
	CHECK(r.kind == AR_DIR);
	CHECK(strcmp(r.key, "docker") == 0);
	arule_clear(&r);

	CHECK(parse1("-a always,exit -S all -F path=/x -F perm=x -F key=k", &r) == 1);
	arule_clear(&r);

	/* without perm= a path rule matches every access */
	CHECK(parse1("-A always,exit -F path=/x -k k", &r) == 1);
	CHECK(r.perm == AR_PERM_ALL);
	arule_clear(&r);

	/* not plain watches: they audit less, or nothing */
	CHECK(parse1("-a always,exit -F arch=b64 -S open -F path=/x -k k", &r) == 0);
	CHECK(parse1("-a never,exit -F dir=/var/lib/docker/volumes", &r) == 0);
	CHECK(parse1("-a always,exit -F path=/x -F auid>=1000 -k k", &r) == 0);
	CHECK(parse1("-a always,exit -F path=/x -F auid!=4294967295", &r) == 0);
	CHECK(parse1("-a always,task -F path=/x", &r) == 0);
	CHECK(parse1("-a always,exit -S open -k k", &r) == 0);
}

static void
test_other_lines(void)
{
	struct arule r;

	CHECK(parse1("", &r) == 0);
	CHECK(parse1("# -w /x -k docker", &r) == 0);
	CHECK(parse1("-D", &r) == 0);
	CHECK(parse1("-b 8192", &r) == 0);
	CHECK(parse1("-e 2", &r) == 0);
	CHECK(parse1("-c", &r) == 0);
	CHECK(parse1("--backlog_wait_time 60000", &r) == 0);
	CHECK(parse1("-W /usr/bin/dockerd -k docker", &r) == 0);
	CHECK(parse1("No rules", &r) == 0);
	/* malformed watch lines */
	CHECK(parse1("-w", &r) == -22);
	CHECK(parse1("-w /x -p rq", &r) == -22);
	CHECK(parse1("-w relative -k k", &r) == -22);
	CHECK(parse1("-w /x -a always,exit", &r) == -22);
	CHECK(parse1("-p wa -k docker", &r) == -22);
}

static void
test_satisfies(void)
{
	struct arule have, want;

	CHECK(parse1("-w /etc/docker -p rwxa -k docker", &have) == 1);
	CHECK(parse1("-w /etc/docker -p wa -k docker", &want) == 1);
	CHECK(arule_satisfies(&have, &want));
	CHECK(!arule_satisfies(&want, &have));	/* wa lacks r, x */
	arule_clear(&want);
	CHECK(parse1("-a always,exit -F path=/etc/docker -F perm=rwxa -k docker",
	    &want) == 1);
	CHECK(arule_satisfies(&have, &want));	/* any kind satisfies */
	arule_clear(&want);
	CHECK(parse1("-w /etc/docker -p rwxa -k other", &want) == 1);
	CHECK(!arule_satisfies(&have, &want));
	arule_clear(&want);
	CHECK(parse1("-w /etc/docker/daemon.json -p rwxa -k docker", &want) == 1);
	CHECK(!arule_satisfies(&have, &want));	/* a parent is no match */
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
	};
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct arule r;
		char *out = NULL;

		CHECK(parse1(lines[i], &r) == 1);
		CHECK(arule_format(&r, &out) == 0);
		CHECK(out != NULL && strcmp(out, lines[i]) == 0);
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

	CHECK(arule_path_ok("/usr/bin/dockerd"));
	CHECK(!arule_path_ok("usr/bin/dockerd"));
	CHECK(!arule_path_ok("/var/lib/my docker"));
	CHECK(!arule_path_ok("/a/../b"));
	CHECK(!arule_path_ok("/a/*"));
	CHECK(arule_key_ok("docker"));
	CHECK(!arule_key_ok(""));
	CHECK(!arule_key_ok("a b"));
	CHECK(!arule_key_ok("a#b"));
	CHECK(arule_perm_parse("xawr", &p) == 0 && p == AR_PERM_ALL);
	CHECK(arule_perm_parse("", &p) < 0);
	CHECK(arule_perm_parse("rwxaa", &p) < 0);
}

static void
add(struct arules *l, const char *line, const char *ids, int order,
    bool runtime)
{
	struct arule r;

	CHECK(parse1(line, &r) == 1);
	r.ctl_ids = ids ? strdup(ids) : NULL;
	r.order = order;
	r.runtime = runtime;
	CHECK(arules_add(l, &r) == 0);
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
	/* the same rules in another order */
	add(&b, "-w /usr/sbin/runc -p rwxa -k docker", "1.1.18", 19, false);
	add(&b, "-a always,exit -F path=/var/lib/docker -F perm=rwxa -k docker",
	    "1.1.5", 4, false);
	add(&b, "-w /usr/bin/dockerd -p rwxa -k docker", "1.1.3", 2, false);
	add(&b, "-w /usr/sbin/dockerd -p rwxa -k docker", "1.1.3", 2, false);
	add(&b, "-w /run/docker/containerd/containerd.sock -p rwxa -k docker",
	    "1.1.8", 5, true);
	add(&other, "-w /etc/docker -p rwxa -k docker", NULL, 0, false);
	other.v[0].src = strdup("/etc/audit/rules.d/local.rules:3");

	CHECK(auditrules_generate(&a, &other, &t1, &l1) == 0);
	CHECK(auditrules_generate(&b, &other, &t2, &l2) == 0);
	CHECK(t1 && t2 && l1 == l2 && strcmp(t1, t2) == 0);	/* deterministic */
	CHECK(strlen(t1) == l1);
	CHECK(strstr(t1, "Generated by cisharden") != NULL);
	c = strstr(t1, "\n-c\n");
	d3 = strstr(t1, "\n## 1.1.3\n-w /usr/bin/dockerd -p rwxa -k docker\n"
	    "-w /usr/sbin/dockerd -p rwxa -k docker\n");
	d18 = strstr(t1, "-w /usr/sbin/runc");
	rt = strstr(t1, "-w /run/docker/containerd/containerd.sock");
	CHECK(c != NULL && d3 != NULL && d18 != NULL && rt != NULL);
	CHECK(c < d3 && d3 < d18 && d18 < rt);	/* -c first, runtime last */
	CHECK(strstr(t1, "-a always,exit -F path=/var/lib/docker -F perm=rwxa "
	    "-k docker\n") != NULL);
	CHECK(strstr(t1, "#   -w /etc/docker -p rwxa -k docker   "
	    "(/etc/audit/rules.d/local.rules:3)\n") != NULL);

	/* reading our own file back gives the rules and their controls */
	CHECK(arules_parse(t1, l1, "own", &parsed) == 5);
	CHECK(strcmp(parsed.v[0].path, "/usr/bin/dockerd") == 0);
	CHECK(strcmp(parsed.v[0].ctl_ids, "1.1.3") == 0);
	CHECK(strcmp(parsed.v[4].ctl_ids, "1.1.8") == 0);
	CHECK(strcmp(parsed.v[0].src, "own:22") == 0 ||
	    strncmp(parsed.v[0].src, "own:", 4) == 0);
	CHECK(arules_find(&parsed, &other.v[0]) == NULL);	/* comment only */

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

	CHECK(arules_parse(listing, sizeof(listing) - 1, "auditctl", &l) == 5);
	CHECK(l.v[3].perm == (AR_PERM_R | AR_PERM_W | AR_PERM_A));
	CHECK(l.v[4].key == NULL);
	CHECK(parse1("-a always,exit -F path=/tmp/at/d -F perm=wa -k t4", &want) == 1);
	CHECK(arules_find(&l, &want) == &l.v[3]);
	arule_clear(&want);
	arules_free(&l);
}

int
main(void)
{
	test_watch_forms();
	test_syscall_forms();
	test_other_lines();
	test_satisfies();
	test_format_roundtrip();
	test_checks();
	test_generate();
	test_auditctl_listing();
	if (failures)
		fprintf(stderr, "%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
