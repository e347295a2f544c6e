/*
 * test_fleet.c - the pieces of the fleet formats that need no run: format
 * names both ways, cutting a string for an AWS limit never inside a UTF-8
 * sequence, RFC 3339 times, and the stable key of a profile control.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "fleet.h"
#include "profile.h"

static const char *
clipped(cJSON *o, const char *s, size_t max)
{
	cJSON_DeleteItemFromObject(o, "x");
	if (!json_add_clipped(o, "x", s, max))
		return NULL;
	return cJSON_GetStringValue(cJSON_GetObjectItem(o, "x"));
}

int
main(void)
{
	struct check_count cc = { 0 };
	struct control c = { 0 };
	enum out_format f;
	char t[32];
	cJSON *o = cJSON_CreateObject();
	int i;

	for (i = 0; i < FMT__MAX; i++) {
		CHECK_RC(&cc, report_format_parse(report_format_name((enum out_format)i), &f), 0);
		CHECK(&cc, f == (enum out_format)i);
	}
	CHECK_RC(&cc, report_format_parse("XCCDF", &f), -EINVAL);
	CHECK_RC(&cc, report_format_parse("", &f), -EINVAL);

	CHECK(&cc, o != NULL);
	CHECK(&cc, strcmp(clipped(o, "abc", 3), "abc") == 0);
	CHECK(&cc, strcmp(clipped(o, "abcd", 3), "abc") == 0);
	/* "a\u00e9" is 3 bytes: 2 keeps "a", never half of the e-acute */
	CHECK(&cc, strcmp(clipped(o, "a\xc3\xa9", 2), "a") == 0);
	CHECK(&cc, strcmp(clipped(o, "a\xc3\xa9", 3), "a\xc3\xa9") == 0);
	/* a 4-byte sequence cut anywhere inside goes whole */
	CHECK(&cc, strcmp(clipped(o, "\xf0\x9f\x90\xb3z", 3), "") == 0);
	CHECK(&cc, strcmp(clipped(o, "\xf0\x9f\x90\xb3z", 4), "\xf0\x9f\x90\xb3") == 0);
	cJSON_Delete(o);

	report_time(0, t, sizeof(t));
	CHECK(&cc, strcmp(t, "1970-01-01T00:00:00Z") == 0);
	report_time(1772366400, t, sizeof(t));
	CHECK(&cc, strcmp(t, "2026-03-01T12:00:00Z") == 0);

	/* the stable key is the control's own: every control of the default
	 * profile has one, and under v1.8.0 it still names the same control
	 * (v1.5.0's 2.9 is v1.8.0's 2.10) */
	c.key = "daemon.userns-remap";
	CHECK(&cc, report_key(&c) && strcmp(report_key(&c), "daemon.userns-remap") == 0);
	{
		struct profile *prof = NULL;
		char *err = NULL;
		struct catentry e;

		CHECK(&cc, profile_load_default(&prof, &err) == 0);
		CHECK(&cc, prof && profile_use_edition(prof, ED_1_8_0) == 0);
		for (size_t j = 0; prof && j < prof->nctl; j++) {
			const char *k = report_key(&prof->ctl[j]);

			CHECK(&cc, k && catalogue_by_key(ED_1_8_0, k, &e) == 0 &&
			    strcmp(e.id, prof->ctl[j].id) == 0);
		}
		profile_free(prof);
		free(err);
	}
	return check_done(&cc);
}
