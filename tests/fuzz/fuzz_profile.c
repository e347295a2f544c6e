/*
 * fuzz_profile.c - libFuzzer target: profile_parse() and profile_select().
 * Hermetic: profile.c is built with fopen redirected to fuzz_fopen()
 * (fuzz_stubs.c), so "extends:" can only reach the embedded profiles.
 */
#include <stdint.h>
#include <stdlib.h>

#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile *p = NULL;
	char *err = NULL;

	if (profile_parse((const char *)data, size, "/fuzz/profile.yaml", &p, &err) == 0) {
		char *serr = NULL;

		if (p == NULL || err != NULL)
			abort();	/* success means a profile and no error */
		if (profile_select(p, 1, NULL, NULL, &serr) < 0)
			free(serr);
		serr = NULL;
		if (profile_select(p, 2, "3.18,1.1.3", "2.2", &serr) < 0)
			free(serr);
		profile_free(p);
	} else {
		if (p != NULL)
			abort();	/* failure leaves nothing behind */
		free(err);
	}
	return 0;
}
