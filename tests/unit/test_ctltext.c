/*
 * test_ctltext.c - cisharden's per-control words and severities: a row
 * for every key of every edition, every row a catalogue key, each with
 * both texts and a severity label; labels are exact.
 */
#include <string.h>

#include "catalogue.h"
#include "check.h"
#include "ctltext.h"

int
main(void)
{
	struct check_count cc = { 0 };
	const struct ctltext *t;
	struct catentry c, d;
	size_t i, rows = 0;
	int e;

	for (e = 0; e < ED__MAX; e++)
		for (i = 0; catalogue_at((enum edition)e, i, &c) == 0; i++) {
			t = ctltext_find(c.key);
			CHECK(&cc, t != NULL);
			if (t == NULL) {
				fprintf(stderr, "no ctltext row for %s\n", c.key);
				continue;
			}
			CHECK(&cc, strcmp(t->key, c.key) == 0);
			CHECK(&cc, t->check[0] != '\0' && t->fix[0] != '\0');
			CHECK(&cc, ctltext_severity_ok(t->severity));
		}
	/* every row is a key some edition has (v1.8.0 has all 63), once */
	for (i = 0; (t = ctltext_at(i)) != NULL; i++, rows++) {
		CHECK_RC(&cc, catalogue_by_key(ED_1_8_0, t->key, &d), 0);
		CHECK(&cc, ctltext_find(t->key) == t);
	}
	CHECK(&cc, rows == 63);
	CHECK(&cc, ctltext_find("daemon.no-such-thing") == NULL);
	CHECK(&cc, ctltext_find(NULL) == NULL);
	CHECK_RC(&cc, catalogue_by_key(ED_1_8_0, "daemon.no-devicemapper", &d), 0);
	CHECK(&cc, ctltext_find(d.key) != NULL);
	CHECK(&cc, ctltext_severity_ok("HIGH") && ctltext_severity_ok("INFORMATIONAL"));
	CHECK(&cc, !ctltext_severity_ok("high") && !ctltext_severity_ok("UNSPECIFIED") &&
	    !ctltext_severity_ok("") && !ctltext_severity_ok(NULL));
	return check_done(&cc);
}
