/*
 * test_catalogue.c - the editions' catalogue: counts per section, ids and
 * keys unique in each edition, lookups that agree, and the renumbering
 * of section 2 in v1.8.0 translated by key.
 */
#include <errno.h>
#include <string.h>

#include "catalogue.h"
#include "check.h"

/* Nothing that is not an id of sections 1-3 is found, in any edition
 * (formerly test_controls.c, for the v1.5.0-only table). */
static const char *const not_ids[] = {
	"1.1.0", "1.1.19", "1.2.0", "1.2.3", "2.0", "2.20", "3.0", "3.25",
	"4.1", "1.3.1", "1.1", "1", "", ".", "3.", "3.1x", "11.1", "1.1.1.1",
	"2.01", "x.1", "3.-1", "3.100000000000000000001", "1.1.1 ",
};

static void
one_edition(struct check_count *cc, enum edition e, size_t want, const int want_per[4])
{
	struct catentry c, d, f;
	int per[4] = { 0 };
	size_t i;

	CHECK(cc, catalogue_count(e) == want);
	for (i = 0; catalogue_at(e, i, &c) == 0; i++) {
		CHECK(cc, c.section >= 1 && c.section <= 3);
		CHECK(cc, c.level == 1 || c.level == 2);
		CHECK(cc, c.id && c.title && c.key);
		per[c.section]++;
		/* the section is the id's first number */
		CHECK(cc, c.id[0] - '0' == c.section && c.id[1] == '.');
		CHECK_RC(cc, catalogue_by_id(e, c.id, &d), 0);
		CHECK(cc, strcmp(d.key, c.key) == 0);
		CHECK_RC(cc, catalogue_by_key(e, c.key, &f), 0);
		CHECK(cc, strcmp(f.id, c.id) == 0);
		/* ids and keys are unique: the lookups found this very entry */
		CHECK(cc, d.title == c.title && f.title == c.title);
	}
	CHECK(cc, i == want);
	for (int s = 1; s <= 3; s++)
		CHECK(cc, per[s] == want_per[s]);
}

int
main(void)
{
	struct check_count cc = { 0 };
	static const int per62[4] = { 0, 20, 18, 24 }, per63[4] = { 0, 20, 19, 24 };
	struct catentry c;
	enum edition e;

	one_edition(&cc, ED_1_5_0, 62, per62);
	one_edition(&cc, ED_1_6_0, 62, per62);
	one_edition(&cc, ED_1_7_0, 62, per62);
	one_edition(&cc, ED_1_8_0, 63, per63);

	/* v1.5.0's 2.9 (user namespaces) is v1.8.0's 2.10; v1.8.0's 2.9 is ulimits */
	CHECK(&cc, strcmp(catalogue_translate(ED_1_5_0, "2.9", ED_1_8_0), "2.10") == 0);
	CHECK(&cc, strcmp(catalogue_translate(ED_1_8_0, "2.9", ED_1_5_0), "2.8") == 0);
	CHECK(&cc, strcmp(catalogue_translate(ED_1_5_0, "2.18", ED_1_8_0), "2.19") == 0);
	CHECK(&cc, strcmp(catalogue_translate(ED_1_5_0, "2.6", ED_1_8_0), "2.6") == 0);
	CHECK(&cc, strcmp(catalogue_translate(ED_1_5_0, "3.16", ED_1_8_0), "3.16") == 0);
	CHECK(&cc, catalogue_translate(ED_1_8_0, "2.7", ED_1_7_0) == NULL);
	CHECK(&cc, catalogue_translate(ED_1_5_0, "2.19", ED_1_8_0) == NULL);
	CHECK_RC(&cc, catalogue_by_id(ED_1_8_0, "2.7", &c), 0);
	CHECK(&cc, strcmp(c.key, "daemon.no-devicemapper") == 0 && !c.automated && c.level == 1);
	CHECK_RC(&cc, catalogue_by_key(ED_1_7_0, "daemon.no-devicemapper", &c), -ENOENT);
	CHECK_RC(&cc, catalogue_by_id(ED_1_8_0, "2.10", &c), 0);
	CHECK(&cc, strcmp(c.key, "daemon.userns-remap") == 0 && c.level == 2);

	/* v1.6.0 made section 2 Manual; v1.5.0 judged 2.2 Automated */
	CHECK_RC(&cc, catalogue_by_id(ED_1_5_0, "2.2", &c), 0);
	CHECK(&cc, c.automated);
	CHECK_RC(&cc, catalogue_by_id(ED_1_6_0, "2.2", &c), 0);
	CHECK(&cc, !c.automated);
	/* 1.1.4 Automated -> Manual in v1.7.0; 1.1.18 Manual -> Automated */
	CHECK_RC(&cc, catalogue_by_id(ED_1_6_0, "1.1.4", &c), 0);
	CHECK(&cc, c.automated);
	CHECK_RC(&cc, catalogue_by_id(ED_1_7_0, "1.1.4", &c), 0);
	CHECK(&cc, !c.automated);
	CHECK_RC(&cc, catalogue_by_id(ED_1_6_0, "1.1.18", &c), 0);
	CHECK(&cc, !c.automated);
	CHECK_RC(&cc, catalogue_by_id(ED_1_7_0, "1.1.18", &c), 0);
	CHECK(&cc, c.automated);
	/* 1.1.9's title names the socket file from v1.7.0 */
	CHECK_RC(&cc, catalogue_by_id(ED_1_6_0, "1.1.9", &c), 0);
	CHECK(&cc, strstr(c.title, "docker.socket") != NULL);
	CHECK_RC(&cc, catalogue_by_id(ED_1_7_0, "1.1.9", &c), 0);
	CHECK(&cc, strstr(c.title, "docker.socket") == NULL && strstr(c.title, "docker.sock") != NULL);

	CHECK_RC(&cc, edition_parse("1.8.0", &e), 0);
	CHECK(&cc, e == ED_1_8_0);
	CHECK_RC(&cc, edition_parse("v1.6.0", &e), 0);
	CHECK(&cc, e == ED_1_6_0);
	CHECK_RC(&cc, edition_parse("1.9.0", &e), -EINVAL);
	CHECK_RC(&cc, edition_parse("1.8", &e), -EINVAL);
	CHECK_RC(&cc, edition_parse("", &e), -EINVAL);
	CHECK(&cc, strcmp(edition_name(ED_1_7_0), "1.7.0") == 0);
	CHECK(&cc, strcmp(edition_title(ED_1_8_0), "CIS Docker Benchmark v1.8.0") == 0);
	CHECK_RC(&cc, catalogue_by_id(ED_1_5_0, "4.1", &c), -ENOENT);
	CHECK_RC(&cc, catalogue_at(ED_1_5_0, 62, &c), -ENOENT);
	CHECK_RC(&cc, catalogue_by_id(ED_1_5_0, "2.19", &c), -ENOENT);
	for (int ed = 0; ed < ED__MAX; ed++)
		for (size_t i = 0; i < sizeof(not_ids) / sizeof(not_ids[0]); i++)
			CHECK_RC(&cc, catalogue_by_id((enum edition)ed, not_ids[i], &c), -ENOENT);
	return check_done(&cc);
}
