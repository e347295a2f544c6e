/*
 * fuzz_auditrules.c - libFuzzer target: the audit rules parser
 * (arules_parse, as for rules.d files and `auditctl -l` output), the
 * line formatter and the rules file generator. Property: a rule
 * cisharden would write (arule_path_ok) formats to a line that parses
 * back to the same rule.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auditrules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
round_trip(const struct arule *r)
{
	struct arule back;
	char *line = NULL;
	int rc;

	if (!arule_path_ok(r->path) || arule_format(r, &line) < 0)
		return;
	memset(&back, 0, sizeof(back));
	rc = arule_parse_line(line, &back);
	if (rc != 1 || strcmp(back.path, r->path) != 0 || back.perm != r->perm ||
	    back.kind != r->kind) {
		/* what we write must read back the same */
		fprintf(stderr, "round trip: \"%s\" (from %s) parses to %d\n",
		    line, r->src ? r->src : "?", rc);
		abort();
	}
	arule_clear(&back);
	free(line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arules rules = { 0 }, none = { 0 };
	char *out = NULL;
	size_t i, len;

	if (arules_parse((const char *)data, size, "fuzz.rules", &rules) < 0)
		goto out;
	for (i = 0; i < rules.n; i++)
		round_trip(&rules.v[i]);
	if (auditrules_generate(&rules, &none, &out, &len) == 0) {
		struct arules again = { 0 };

		/* the generated file parses without error */
		if (strlen(out) != len || arules_parse(out, len, "generated", &again) < 0)
			abort();
		arules_free(&again);
		free(out);
	}
out:
	arules_free(&rules);
	return 0;
}
