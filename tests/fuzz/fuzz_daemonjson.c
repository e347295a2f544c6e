/*
 * fuzz_daemonjson.c - libFuzzer target: daemon.json parsing and the key
 * merge (daemonjson_parse, daemonjson_scan, daemonjson_render).
 *
 * Properties checked on every input that parses:
 *  - the merged text parses, holds every wanted key with the wanted
 *    value and every other key with its old value;
 *  - merging again changes nothing (idempotent);
 *  - parse and scan agree.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "daemonjson.h"

#define NAME "/etc/docker/daemon.json"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cJSON *
wanted(void)
{
	static const char *const text =
	    "{\"icc\": false, \"log-level\": \"info\", \"live-restore\": true,"
	    " \"userland-proxy\": false, \"no-new-privileges\": true,"
	    " \"default-ulimits\": {\"nofile\": {\"Name\": \"nofile\","
	    " \"Hard\": 64000, \"Soft\": 64000}}}";

	return cJSON_Parse(text);
}

static void
die(const char *what, const char *text)
{
	fprintf(stderr, "fuzz_daemonjson: %s\n--- text ---\n%s\n", what, text ? text : "(null)");
	abort();
}

static void
check_merge(const char *buf, size_t len, const cJSON *old)
{
	cJSON *want = wanted(), *merged = NULL, *w, *o;
	char *out = NULL, *out2 = NULL, *err = NULL;
	size_t outlen, out2len;
	int rc;

	if (want == NULL)
		return;
	rc = daemonjson_render(buf, len, NAME, want, &out, &outlen, &err);
	if (rc < 0) {
		free(err);	/* refused (e.g. a wanted key of the wrong type) */
		goto out;
	}
	if (rc == 0) {
		out = malloc(len + 1);
		if (out == NULL)
			goto out;
		memcpy(out, buf, len);
		out[len] = '\0';
		outlen = len;
	}
	if (daemonjson_parse(out, outlen, NAME, &merged, &err) != 0)
		die("the merged text does not parse", out);
	cJSON_ArrayForEach(w, want)
		if (!cJSON_Compare(w, cJSON_GetObjectItemCaseSensitive(merged, w->string), 1))
			die("a wanted key is missing or different after the merge", out);
	cJSON_ArrayForEach(o, old)
		if (cJSON_GetObjectItemCaseSensitive(want, o->string) == NULL &&
		    !cJSON_Compare(o, cJSON_GetObjectItemCaseSensitive(merged, o->string), 1))
			die("a key cisharden does not own changed in the merge", out);
	if (cJSON_GetArraySize(merged) > cJSON_GetArraySize(old) + cJSON_GetArraySize(want))
		die("the merge added keys nobody asked for", out);
	rc = daemonjson_render(out, outlen, NAME, want, &out2, &out2len, &err);
	if (rc != 0) {
		fprintf(stderr, "second merge returned %d: %s\n", rc, err ? err : "");
		die("merging twice changes the text again", out);
	}
out:
	cJSON_Delete(merged);
	cJSON_Delete(want);
	free(out);
	free(out2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cJSON *j = NULL;
	struct dj_doc doc;
	char *err = NULL, *err2 = NULL;
	int rc, rc2;

	rc = daemonjson_parse((const char *)data, size, NAME, &j, &err);
	memset(&doc, 0, sizeof(doc));
	rc2 = daemonjson_scan((const char *)data, size, NAME, &doc, &err2);
	if ((rc == 0) != (rc2 == 0))
		abort();	/* parse and scan must agree */
	if (rc == 0) {
		if (!cJSON_IsObject(j) || err != NULL)
			abort();	/* the top level is always an object */
		check_merge((const char *)data, size, j);
		cJSON_Delete(j);
		daemonjson_doc_clear(&doc);
	} else {
		if (err != NULL && strncmp(err, NAME, strlen(NAME)) != 0)
			abort();	/* errors name the file */
		free(err);
		free(err2);
	}
	return 0;
}
