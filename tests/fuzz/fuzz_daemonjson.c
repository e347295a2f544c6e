/*
 * fuzz_daemonjson.c - libFuzzer target: daemonjson_parse() (strict
 * daemon.json parsing with line:column errors).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "daemonjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cJSON *j = NULL;
	char *err = NULL;

	if (daemonjson_parse((const char *)data, size, "/etc/docker/daemon.json", &j, &err) == 0) {
		if (!cJSON_IsObject(j))
			abort();	/* the top level is always an object */
		cJSON_Delete(j);
	} else {
		if (err != NULL && strncmp(err, "/etc/docker/daemon.json", 23) != 0)
			abort();	/* errors name the file */
		free(err);
	}
	return 0;
}
