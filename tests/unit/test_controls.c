/*
 * test_controls.c - the one controls table: every id is found where it
 * is, and nothing that is not an id of sections 1-3 is found.
 */
#include <stddef.h>

#include "check.h"
#include "controls.h"

static const char *const not_ids[] = {
	"1.1.0", "1.1.19", "1.2.0", "1.2.3", "2.0", "2.19", "3.0", "3.25",
	"4.1", "1.3.1", "1.1", "1", "", ".", "3.", "3.1x", "11.1", "1.1.1.1",
	"2.01", "x.1", "3.-1", "3.100000000000000000001", "1.1.1 ",
};

int
main(void)
{
	struct check_count cc = { 0 };
	const struct ctldef *c;
	size_t i;
	int per[4] = { 0 };

	for (i = 0; (c = controls_at(i)) != NULL; i++) {
		CHECK(&cc, controls_find(c->id) == c);
		CHECK(&cc, c->section >= 1 && c->section <= 3);
		per[c->section]++;
	}
	CHECK(&cc, i == 62);
	CHECK(&cc, per[1] == 20 && per[2] == 18 && per[3] == 24);
	for (i = 0; i < sizeof(not_ids) / sizeof(not_ids[0]); i++) {
		if (controls_find(not_ids[i]) != NULL)
			fprintf(stderr, "found \"%s\"\n", not_ids[i]);
		CHECK(&cc, controls_find(not_ids[i]) == NULL);
	}
	return check_done(&cc);
}
