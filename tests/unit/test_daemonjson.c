/*
 * test_daemonjson.c - strict daemon.json parsing and the text merge.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "daemonjson.h"
#include "safeio.h"


/* buf must be refused with exactly the error want. */
static void
bad(const char *buf, size_t len, const char *want, int line)
{
	cJSON *j = NULL;
	char *err = NULL;
	int rc = daemonjson_parse(buf, len, "daemon.json", &j, &err);

	if (rc >= 0 || err == NULL || strcmp(err, want) != 0) {
		fprintf(stderr, "%s:%d: parse rc=%d err=%s, want %s\n",
		    __FILE__, line, rc, err ? err : "(null)", want);
		check_file_count.failed++;
	} else
		check_file_count.passed++;
	cJSON_Delete(j);
	free(err);
}

#define BAD(s, want) bad(s, strlen(s), want, __LINE__)

static cJSON *
good(const char *buf)
{
	cJSON *j = NULL;
	char *err = NULL;

	if (daemonjson_parse(buf, strlen(buf), "daemon.json", &j, &err) < 0) {
		fprintf(stderr, "unexpected parse error: %s\n", err);
		check_file_count.failed++;
	} else
		check_file_count.passed++;
	free(err);
	return j;
}

static void
test_bad_inputs(void)
{
	char *big;

	BAD("{\"icc\": false,}", "daemon.json:1:14: trailing comma before '}'");
	BAD("{\n  \"icc\": false,\n  \"dns\": [\"1.1.1.1\",]\n}",
	    "daemon.json:3:20: trailing comma before ']'");
	BAD("{\n  // no icc\n  \"icc\": false\n}",
	    "daemon.json:2:3: comments are not allowed in JSON (dockerd refuses them)");
	BAD("{ /* x */ }",
	    "daemon.json:1:3: comments are not allowed in JSON (dockerd refuses them)");
	BAD("\xef\xbb\xbf{\"icc\": false}",
	    "daemon.json:1:1: file starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM");
	BAD("{\n\t\"icc\": false,\n\t\"log-level\": \"in",
	    "daemon.json:3:15: unterminated string (truncated JSON?)");
	BAD("{\n\t\"icc\": false,\n",
	    "daemon.json:3:1: unexpected end of file (truncated JSON?)");
	BAD("{\"icc\": fal",
	    "daemon.json:1:12: unexpected end of file (truncated JSON?)");
	BAD("{\n\t\"icc\": false,\n\t\"log-opts\": {\"a\": \"1\", \"a\": \"2\"},\n\t\"icc\": true\n}",
	    "daemon.json:3:25: duplicate key \"a\" (first defined at line 3, column 15)");
	BAD("{\n\t\"icc\": false,\n\t\"icc\": true\n}",
	    "daemon.json:3:2: duplicate key \"icc\" (first defined at line 2, column 2)");
	/* an escaped duplicate is still a duplicate */
	BAD("{\"icc\": false, \"\\u0069cc\": true}",
	    "daemon.json:1:16: duplicate key \"icc\" (first defined at line 1, column 2)");
	BAD("[\"icc\"]",
	    "daemon.json:1:1: the top level must be a JSON object ({...}), not an array");
	BAD("  \"icc\"", "daemon.json:1:3: the top level must be a JSON object ({...}), not a string");
	BAD(" \n", "daemon.json:2:1: file is empty; dockerd refuses an empty daemon.json (write {} instead)");
	BAD("true", "daemon.json:1:1: the top level must be a JSON object ({...}), not a boolean");
	BAD("{\"icc\": \"false\"}",
	    "daemon.json:1:9: \"icc\" must be a boolean (true or false), not a string");
	BAD("{\n  \"live-restore\": 1\n}",
	    "daemon.json:2:19: \"live-restore\" must be a boolean (true or false), not a number");
	BAD("{\"insecure-registries\": \"a:5000\"}",
	    "daemon.json:1:25: \"insecure-registries\" must be an array of strings, not a string");
	BAD("{\"log-opts\": {\"max-size\": 10}}",
	    "daemon.json:1:14: \"log-opts\" must be an object of string values, not an object");
	/* dockerd parses levels in any case (logrus.ParseLevel) */
	cJSON_Delete(good("{\"log-level\": \"INFO\"}"));
	cJSON_Delete(good("{\"log-level\": \"Warn\"}"));
	BAD("{\"log-level\": \"verbose\"}",
	    "daemon.json:1:15: \"log-level\" must be one of debug, info, warn, error, fatal");
	BAD("{\"icc\": false} {}", "daemon.json:1:16: unexpected data after the JSON object");
	BAD("{\"icc\": false\n\"iptables\": true}",
	    "daemon.json:2:1: expected ',' or '}' after a value (missing comma?)");
	BAD("{icc: false}", "daemon.json:1:2: expected a double-quoted key");
	BAD("{'icc': false}", "daemon.json:1:2: strings must use double quotes");
	BAD("{\"icc\": False}", "daemon.json:1:9: unexpected character 'F'");
	BAD("{\"mtu\": 01500}",
	    "daemon.json:1:9: invalid number (leading zeros and hex are not JSON)");
	BAD("{\"a\": \"x\\q\"}", "daemon.json:1:9: invalid escape sequence in string");
	BAD("{\"a\": \"\xc3\xa9\xc3\xa9\" \"b\"}",
	    "daemon.json:1:12: expected ',' or '}' after a value (missing comma?)");
	bad("{\"icc\": false}\0", 15, "daemon.json:1:15: NUL byte after the JSON object", __LINE__);
	{
		char deep[2 * DJ_MAX_DEPTH + 8];
		size_t k = 0, n;

		deep[k++] = '{';
		deep[k++] = '"';
		deep[k++] = 'a';
		deep[k++] = '"';
		deep[k++] = ':';
		for (n = 0; n < DJ_MAX_DEPTH; n++)
			deep[k++] = '[';
		deep[k] = '\0';
		BAD(deep, "daemon.json:1:133: nesting deeper than 128 levels");
	}
	/* oversized: refused before scanning */
	big = malloc(SAFEIO_MAX_FILE + 2);
	EXPECT(big != NULL);
	if (big != NULL) {
		memset(big, ' ', SAFEIO_MAX_FILE + 1);
		big[0] = '{';
		big[SAFEIO_MAX_FILE] = '}';
		big[SAFEIO_MAX_FILE + 1] = '\0';
		bad(big, SAFEIO_MAX_FILE + 1,
		    "daemon.json:1:1: file too large (4194305 bytes, limit 4194304)",
		    __LINE__);
		free(big);
	}
}

static void
test_good_inputs(void)
{
	cJSON *j;

	j = good("{\"icc\": false, \"log-opts\": {\"max-size\": \"10m\"}, "
	    "\"default-ulimits\": {\"nofile\": {\"Name\": \"nofile\", "
	    "\"Hard\": 64000, \"Soft\": 64000}}, \"unknown-key\": [1, {\"x\": null}]}");
	EXPECT(j != NULL && cJSON_IsFalse(cJSON_GetObjectItem(j, "icc")));
	cJSON_Delete(j);
	j = good("{}");
	EXPECT(j != NULL && cJSON_IsObject(j));
	cJSON_Delete(j);
	j = good("{\"k\": \"\\ud83d\\ude00 \\\" \\\\ \\/ \\n\", \"n\": -1.5e+3}");
	EXPECT(j != NULL);
	cJSON_Delete(j);
}

static char *
render(const char *old, const char *want_json, int *rc)
{
	cJSON *want = cJSON_Parse(want_json);
	char *out = NULL, *err = NULL;
	size_t len = 0;

	*rc = daemonjson_render(old, old ? strlen(old) : 0, "daemon.json",
	    want, &out, &len, &err);
	if (*rc < 0)
		fprintf(stderr, "render: %s\n", err ? err : "?");
	if (*rc == 1)
		EXPECT(strlen(out) == len);
	free(err);
	cJSON_Delete(want);
	return out;
}

static void
expect_render(const char *old, const char *want, const char *exp, int line)
{
	int rc, rc2;
	char *out = render(old, want, &rc), *again;

	if (rc != 1 || out == NULL || strcmp(out, exp) != 0) {
		fprintf(stderr, "%s:%d: render rc=%d got:\n%s\nwant:\n%s\n",
		    __FILE__, line, rc, out ? out : "(null)", exp);
		check_file_count.failed++;
	} else
		check_file_count.passed++;
	/* merging the result again changes nothing */
	if (out != NULL) {
		again = render(out, want, &rc2);
		if (rc2 != 0 || again != NULL) {
			fprintf(stderr, "%s:%d: second merge rc=%d\n", __FILE__,
			    line, rc2);
			check_file_count.failed++;
		} else
			check_file_count.passed++;
		free(again);
	}
	free(out);
}

static void
test_merge(void)
{
	int rc;
	char *out;

	/* no file: a new tab-indented file ending in a newline */
	expect_render(NULL, "{\"icc\": false, \"log-level\": \"info\"}",
	    "{\n\t\"icc\": false,\n\t\"log-level\": \"info\"\n}\n", __LINE__);
	/* other keys keep their bytes and order; changed values in place;
	 * new keys appended in the file's indentation */
	expect_render(
	    "{\n"
	    "  \"storage-driver\":   \"overlay2\",\n"
	    "  \"icc\": true,\n"
	    "  \"mtu\": 1.50e3,\n"
	    "  \"log-opts\": { \"max-size\": \"10m\" }\n"
	    "}\n",
	    "{\"icc\": false, \"live-restore\": true, \"log-opts\": {\"max-size\": \"10m\"}}",
	    "{\n"
	    "  \"storage-driver\":   \"overlay2\",\n"
	    "  \"icc\": false,\n"
	    "  \"mtu\": 1.50e3,\n"
	    "  \"log-opts\": { \"max-size\": \"10m\" },\n"
	    "  \"live-restore\": true\n"
	    "}\n", __LINE__);
	/* a one-line file stays one line; no newline at the end is kept */
	expect_render("{\"debug\": true}",
	    "{\"icc\": false, \"log-opts\": {\"a\": \"b\", \"c\": \"d\"}}",
	    "{\"debug\": true, \"icc\": false, \"log-opts\": {\"a\": \"b\", \"c\": \"d\"}}",
	    __LINE__);
	/* nested values in a multi-line file are indented with it */
	expect_render("{\n\t\"debug\": true\n}\n",
	    "{\"default-ulimits\": {\"nofile\": {\"Name\": \"nofile\", \"Hard\": 64000, \"Soft\": 64000}}}",
	    "{\n\t\"debug\": true,\n\t\"default-ulimits\": {\n\t\t\"nofile\": {\n"
	    "\t\t\t\"Name\": \"nofile\",\n\t\t\t\"Hard\": 64000,\n\t\t\t\"Soft\": 64000\n"
	    "\t\t}\n\t}\n}\n", __LINE__);
	/* an empty object and an empty file */
	expect_render("{ }\n", "{\"icc\": false}", "{\n\t\"icc\": false\n}\n", __LINE__);
	/* already as wanted: nothing to do, nothing allocated */
	out = render("{\"icc\":false,\"x\":1}", "{\"icc\": false}", &rc);
	EXPECT(rc == 0 && out == NULL);
	out = render(NULL, "{}", &rc);
	EXPECT(rc == 0 && out == NULL);
	/* an invalid file is never merged */
	out = render("{\"icc\": true,}", "{\"icc\": false}", &rc);
	EXPECT(rc == -EINVAL && out == NULL);
}

static void
test_set(void)
{
	cJSON *o = cJSON_Parse("{\"a\": 1, \"icc\": true, \"b\": 2}");
	cJSON *f = cJSON_CreateFalse();
	char *s;

	EXPECT(daemonjson_set(o, "icc", f) == 1);
	EXPECT(daemonjson_set(o, "icc", f) == 0);
	EXPECT(daemonjson_set(o, "z", f) == 1);
	s = cJSON_PrintUnformatted(o);
	EXPECT(s != NULL && strcmp(s, "{\"a\":1,\"icc\":false,\"b\":2,\"z\":false}") == 0);
	free(s);
	s = daemonjson_print(o);
	EXPECT(s != NULL && strcmp(s, "{\"a\": 1, \"icc\": false, \"b\": 2, \"z\": false}") == 0);
	free(s);
	EXPECT(strcmp(daemonjson_type_name(dflags_key_type("icc")),
	    "a boolean (true or false)") == 0);
	EXPECT(dflags_key_type("no-such-key") == DT_ANY);
	cJSON_Delete(o);
	cJSON_Delete(f);
}

/* A CRLF file keeps CRLF in the lines the merge adds (#12). */
static void
test_crlf(void)
{
	expect_render("{\r\n  \"debug\": false\r\n}\r\n", "{\"icc\": false, \"debug\": true}",
	    "{\r\n  \"debug\": true,\r\n  \"icc\": false\r\n}\r\n", __LINE__);
	expect_render("{\r\n  \"a\": {\r\n    \"b\": 1\r\n  }\r\n}\r\n",
	    "{\"log-opts\": {\"max-file\": \"3\"}}",
	    "{\r\n  \"a\": {\r\n    \"b\": 1\r\n  },\r\n  \"log-opts\": {\r\n"
	    "    \"max-file\": \"3\"\r\n  }\r\n}\r\n", __LINE__);
	/* LF files stay LF */
	expect_render("{\n  \"debug\": false\n}\n", "{\"icc\": false}",
	    "{\n  \"debug\": false,\n  \"icc\": false\n}\n", __LINE__);
}

int
main(void)
{
	test_bad_inputs();
	test_good_inputs();
	test_merge();
	test_crlf();
	test_set();
	return check_done(&check_file_count);
}
