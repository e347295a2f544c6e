/* Unit tests of the profile loader: the embedded profiles, extends,
 * selection, and malformed input with file:line:column messages. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "profile.h"
#include "sections.h"

static void
bad(struct check_count *cc, const char *yaml, const char *want)
{
	struct profile *p = NULL;
	char *err = NULL;
	int rc = profile_parse(yaml, strlen(yaml), "t.yaml", &p, &err);

	CHECK(cc, rc < 0 && p == NULL);
	CHECK(cc, err != NULL && strstr(err, want) != NULL);
	if (err == NULL || strstr(err, want) == NULL)
		fprintf(stderr, "  got \"%s\", wanted \"%s\"\n", err ? err : "(null)", want);
	free(err);
	profile_free(p);
}

/* A profile that parses, with a value its section refuses. */
static void
bad_value(struct check_count *cc, const char *yaml, const char *want)
{
	struct profile *p = NULL;
	char *err = NULL;

	CHECK_RC(cc, profile_parse(yaml, strlen(yaml), "t.yaml", &p, &err), 0);
	CHECK(cc, p != NULL && sections_check_params(p, &err) == -EINVAL);
	CHECK(cc, err != NULL && strstr(err, want) != NULL);
	if (err == NULL || strstr(err, want) == NULL)
		fprintf(stderr, "  got \"%s\", wanted \"%s\"\n", err ? err : "(null)", want);
	free(err);
	profile_free(p);
}

static void
test_default(struct check_count *cc)
{
	struct profile *p = NULL;
	char *err = NULL;
	size_t i, n[4] = { 0 };
	struct control *c;

	CHECK_RC(cc, profile_load_default(&p, &err), 0);
	CHECK_RC(cc, sections_check_params(p, &err), 0);
	if (p == NULL)
		return;
	CHECK(cc, p->nctl == 62);
	for (i = 0; i < p->nctl; i++)
		n[p->ctl[i].section]++;
	CHECK(cc, n[1] == 20 && n[2] == 18 && n[3] == 24);
	c = profile_find(p, "3.18");
	CHECK(cc, c != NULL && c->kind == KIND_FILE_MODE && c->level == 2);
	CHECK(cc, c != NULL && strcmp(profile_param_str(p, c, "mode"), "0644") == 0);
	c = profile_find(p, "2.2");
	CHECK(cc, c != NULL && cJSON_IsFalse(profile_param(p, c, "value")));
	CHECK(cc, strcmp(profile_param_str(p, c, "audit_key"), "docker") == 0);
	/* levels: --level 1 keeps Level 1 only */
	CHECK_RC(cc, profile_select(p, 1, NULL, NULL, &err), 0);
	CHECK(cc, profile_find(p, "3.18")->selected == false);
	CHECK(cc, profile_find(p, "3.1")->selected == true);
	CHECK_RC(cc, profile_select(p, 0, "3.1,2.2", "2.2", &err), 0);
	CHECK(cc, profile_find(p, "3.1")->selected && !profile_find(p, "2.2")->selected &&
	    !profile_find(p, "3.2")->selected);
	CHECK(cc, profile_select(p, 0, "9.9", NULL, &err) < 0 && err && strstr(err, "9.9"));
	free(err);
	/* v1.8.0: 63 controls, devicemapper is 2.7, and 2.9 is ulimits */
	CHECK_RC(cc, profile_use_edition(p, ED_1_8_0), 0);
	CHECK(cc, p->nctl == 63 && p->nall == 63);
	c = profile_find(p, "2.7");
	CHECK(cc, c && strcmp(c->key, "daemon.no-devicemapper") == 0 && c == &p->ctl[26]);
	c = profile_find(p, "2.9");
	CHECK(cc, c && strcmp(c->key, "daemon.default-ulimits") == 0 && c->level == 1);
	CHECK(cc, profile_find(p, "2.19") && !profile_find(p, "2.19")->automated);
	CHECK(cc, profile_select(p, 0, "2.19", NULL, &err) == 0);
	/* and back: the v1.8.0-only control waits past nctl */
	CHECK_RC(cc, profile_use_edition(p, ED_1_5_0), 0);
	CHECK(cc, p->nctl == 62 && p->nall == 63 && profile_find(p, "2.19") == NULL);
	CHECK(cc, strcmp(p->ctl[62].key, "daemon.no-devicemapper") == 0);
	CHECK(cc, strcmp(profile_find(p, "2.9")->key, "daemon.userns-remap") == 0);
	CHECK(cc, profile_find(p, "2.2")->automated);
	CHECK(cc, profile_select(p, 0, "2.19", NULL, &err) < 0 && err &&
	    strstr(err, "\"2.19\" in CIS Docker Benchmark v1.5.0"));
	free(err);
	profile_free(p);
}

static void
test_ecs(struct check_count *cc)
{
	static const char *const ex[] = { "1.1.1", "1.1.2", "1.2.1", "1.2.2", "2.1",
	    "2.4", "2.5", "2.6", "2.7", "2.9", "2.10", "2.12", "2.13", "2.17", "2.18", "3.7",
	    "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14" };
	struct profile *p = NULL;
	char *err = NULL;
	size_t i, nex = 0;

	CHECK_RC(cc, profile_load("ecs-optimized", &p, &err), 0);
	if (p == NULL)
		return;
	CHECK(cc, strcmp(p->name, "ecs-optimized") == 0 && p->nctl == 62);
	for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		struct control *c = profile_find(p, ex[i]);

		CHECK(cc, c && c->excluded && c->exclude_reason && *c->exclude_reason);
	}
	for (i = 0; i < p->nctl; i++)
		nex += p->ctl[i].excluded;
	CHECK(cc, nex == sizeof(ex) / sizeof(ex[0]));
	/* the exclusions follow their controls by key, not by id */
	CHECK_RC(cc, profile_use_edition(p, ED_1_8_0), 0);
	CHECK(cc, p->nctl == 63);
	CHECK(cc, profile_find(p, "2.10")->excluded && !profile_find(p, "2.9")->excluded);
	CHECK(cc, profile_find(p, "2.8")->excluded && profile_find(p, "2.19")->excluded);
	CHECK(cc, !profile_find(p, "2.7")->excluded && !profile_find(p, "2.16")->excluded);
	CHECK(cc, strstr(profile_find(p, "2.10")->exclude_reason, "user namespace") != NULL);
	nex = 0;
	for (i = 0; i < p->nctl; i++)
		nex += p->ctl[i].excluded;
	CHECK(cc, nex == sizeof(ex) / sizeof(ex[0]));
	profile_free(p);
}

static void
test_extends_file(struct check_count *cc)
{
	const char *y = "name: mine\nextends: cis-docker-1.5.0.yaml\nlevel: 1\n"
	    "parameters:\n  audit_key: dockeraudit\n"
	    "controls:\n  - id: \"2.13\"\n    parameters:\n      value: syslog\n"
	    "      log-opts: {syslog-address: \"tcp://10.0.0.1:514\"}\n"
	    "exclusions:\n  - id: \"2.15\"\n    reason: swarm node\n";
	struct profile *p = NULL;
	struct control *c;
	char *err = NULL;

	CHECK_RC(cc, profile_parse(y, strlen(y), "dir/mine.yaml", &p, &err), 0);
	if (p == NULL) {
		fprintf(stderr, "%s\n", err);
		return;
	}
	CHECK(cc, p->level == 1 && strcmp(p->name, "mine") == 0);
	c = profile_find(p, "2.13");
	CHECK(cc, strcmp(profile_param_str(p, c, "value"), "syslog") == 0);
	CHECK(cc, strcmp(profile_param_str(p, c, "key"), "log-driver") == 0);	/* inherited */
	CHECK(cc, cJSON_IsObject(profile_param(p, c, "log-opts")));
	CHECK(cc, strcmp(profile_param_str(p, NULL, "audit_key"), "dockeraudit") == 0);
	CHECK(cc, profile_find(p, "2.15")->excluded);
	profile_free(p);
}

/* A profile in v1.8.0 ids extending the v1.5.0 default: its ids are
 * read in its own edition, and the run defaults to it. */
static void
test_edition_profile(struct check_count *cc)
{
	const char *y = "name: new\nextends: cis-docker-1.5.0.yaml\n"
	    "benchmark: CIS Docker Benchmark v1.8.0\n"
	    "controls:\n  - id: \"2.10\"\n    parameters:\n      value: default\n"
	    "exclusions:\n  - id: \"2.7\"\n    reason: overlay2 only\n"
	    "  - id: \"2.9\"\n    reason: ulimits per task\n";
	struct profile *p = NULL;
	char *err = NULL;

	CHECK_RC(cc, profile_parse(y, strlen(y), "new.yaml", &p, &err), 0);
	if (p == NULL) {
		fprintf(stderr, "%s\n", err);
		return;
	}
	CHECK(cc, p->edition == ED_1_8_0 && p->run_edition == ED_1_8_0 && p->nctl == 63);
	CHECK(cc, strcmp(profile_param_str(p, profile_find(p, "2.10"), "value"), "default") == 0);
	CHECK(cc, profile_find(p, "2.7")->excluded && profile_find(p, "2.9")->excluded);
	/* read in v1.5.0 ids: ulimits is 2.8, devicemapper is absent */
	CHECK_RC(cc, profile_use_edition(p, ED_1_5_0), 0);
	CHECK(cc, p->nctl == 62 && profile_find(p, "2.8")->excluded &&
	    !profile_find(p, "2.9")->excluded &&
	    strcmp(profile_param_str(p, profile_find(p, "2.9"), "value"), "default") == 0);
	profile_free(p);
}

int
main(void)
{
	struct check_count cc = { 0 };

	test_default(&cc);
	test_ecs(&cc);
	test_extends_file(&cc);
	test_edition_profile(&cc);
	/* at the end of the input: the last line there is, not one past it */
	bad(&cc, "name: x\ncontrols: [\n", "t.yaml:2:12:");
	/* a missing extends names the file and line that asked, and the
	 * embedded profiles it could have meant */
	bad(&cc, "name: x\nextends: missing.yaml\n",
	    "t.yaml:2:10: extends \"missing.yaml\": missing.yaml: No such file or directory; "
	    "not an embedded profile either (embedded: cis-docker-1.5.0, ecs-optimized)");
	bad(&cc, "- a\n- b\n", "t.yaml:1:1: a profile must be a YAML mapping");
	bad(&cc, "name: x\nfoo: 1\n", "t.yaml:2:1: unknown key \"foo\"");
	bad(&cc, "name: x\nname: y\n", "t.yaml:2:1: duplicate key \"name\"");
	bad(&cc, "name: x\ncontrols:\n  - id: \"9.9\"\n", "t.yaml:3:9: unknown control id \"9.9\"");
	/* titles, levels and sections are the catalogue's */
	bad(&cc, "name: x\ncontrols:\n  - id: \"3.1\"\n    title: t\n"
	    "    kind: file-owner\n", "t.yaml:4:5: control 3.1: \"title\" comes from "
	    "the benchmark catalogue");
	bad(&cc, "name: x\ncontrols:\n  - id: \"3.1\"\n    level: 1\n",
	    "t.yaml:4:5: control 3.1: \"level\" comes from");
	bad(&cc, "name: x\nextends: cis-docker-1.5.0.yaml\ncontrols:\n  - id: \"3.1\"\n"
	    "    section: 3\n", "t.yaml:5:5: control 3.1: \"section\" comes from");
	bad(&cc, "name: x\ncontrols:\n  - id: \"3.1\"\n    kind: owner\n",
	    "t.yaml:4:11: kind must be one of");
	bad(&cc, "name: x\ncontrols:\n  - id: \"3.1\"\n    kind: file-owner\n"
	    "    targets: /etc\n", "t.yaml:5:14: targets must be a list");
	bad(&cc, "name: x\ncontrols:\n  - id: \"3.1\"\n", "t.yaml:3:5: control 3.1 needs a kind");
	/* ids are the profile's edition's: 2.19 exists only in v1.8.0 */
	bad(&cc, "name: x\ncontrols:\n  - id: \"2.19\"\n    kind: manual\n",
	    "t.yaml:3:9: unknown control id \"2.19\" in CIS Docker Benchmark v1.5.0");
	bad(&cc, "name: x\nextends: ecs-optimized\nexclusions:\n  - id: \"2.19\"\n"
	    "    reason: r\n", "t.yaml:4:9: unknown control id \"2.19\" in CIS Docker "
	    "Benchmark v1.5.0");
	bad(&cc, "name: x\nbenchmark: \"1.8.0\"\nextends: ecs-optimized\nexclusions:\n"
	    "  - id: \"2.20\"\n    reason: r\n", "t.yaml:5:9: unknown control id "
	    "\"2.20\" in CIS Docker Benchmark v1.8.0");
	bad(&cc, "name: x\nbenchmark: 1.9\n", "t.yaml:2:12: benchmark must be 1.5.0, "
	    "1.6.0, 1.7.0 or 1.8.0");
	bad(&cc, "name: x\nbenchmark: CIS Docker Benchmark 1.8.0\n", "t.yaml:2:12: benchmark must be");
	bad(&cc, "name: x\ncontrols:\n  - key: daemon.nope\n    kind: manual\n",
	    "t.yaml:3:10: unknown control key \"daemon.nope\"");
	bad(&cc, "name: x\ncontrols:\n  - key: daemon.icc\n    id: \"2.2\"\n    kind: manual\n",
	    "t.yaml:3:10: a control has an id or a key, not both");
	bad(&cc, "name: x\nextends: cis-docker-1.5.0.yaml\nexclusions:\n  - id: \"3.1\"\n",
	    "t.yaml:4:5: exclusion of 3.1 needs a reason");
	bad(&cc, "name: x\nextends: cis-docker-1.5.0.yaml\nexclusions:\n  - id: \"3.99\"\n    reason: r\n",
	    "unknown control id \"3.99\"");
	bad(&cc, "name: x\ncontrols:\n  - id: \"3.1\"\n    kind: manual\nexclusions:\n"
	    "  - id: \"3.2\"\n    reason: r\n", "t.yaml:6:9: control \"3.2\" is not in the profile");
	bad(&cc, "name: x\nextends: no-such-profile.yaml\n", "no-such-profile.yaml");
	bad(&cc, "name: x\nextends: cis-docker-1.5.0.yaml\ncontrols:\n  - id: \"3.1\"\n    kind: manual\n",
	    "t.yaml:5:5: unknown key \"kind\" in control 3.1");
	bad(&cc, "name: x\nextends: cis-docker-1.5.0.yaml\nlevel: 3\n", "t.yaml:3:8: level must be");
	bad(&cc, "", "a profile must be a YAML mapping");
	/* section 2 values: wrong type or not compliant, refused before planning */
#define V2(id, v) "name: x\nextends: cis-docker-1.5.0.yaml\ncontrols:\n" \
	"  - id: \"" id "\"\n    parameters:\n      value: " v "\n"
	bad_value(&cc, V2("2.2", "\"yes\""), "t.yaml:6:14: control 2.2: profile "
	    "parameter for \"icc\" must be a boolean");
	bad_value(&cc, V2("2.2", "true"), "t.yaml:6:14: control 2.2: the profile's "
	    "value true for \"icc\" does not comply with CIS 2.2");
	bad_value(&cc, V2("2.4", "false"), "t.yaml:6:14: control 2.4:");
	bad_value(&cc, V2("2.3", "warn"), "t.yaml:6:14: control 2.3:");
	bad_value(&cc, V2("2.9", "\"\""), "t.yaml:6:14: control 2.9: profile "
	    "parameter for \"userns-remap\" must be a string");
	bad_value(&cc, V2("2.12", "[]"), "t.yaml:6:14: control 2.12:");
	bad_value(&cc, V2("2.13", "json-file"), "t.yaml:6:14: control 2.13:");
	bad_value(&cc, V2("2.13", "local"), "t.yaml:6:14: control 2.13:");
	bad_value(&cc, V2("2.8", "{}"), "t.yaml:6:14: control 2.8:");
	bad_value(&cc, V2("2.8", "7"), "t.yaml:6:14: control 2.8:");
	bad_value(&cc, V2("2.17", "unconfined"), "t.yaml:6:14: control 2.17:");
	bad_value(&cc, V2("2.15", "1.5"), "t.yaml:6:14: control 2.15:");
	return check_done(&cc);
}
