/*
 * daemonjson.c - strict daemon.json parsing and text-preserving merge.
 *
 * cJSON accepts some inputs silently (duplicate keys become siblings,
 * a NUL ends the text) and reports others as a bare pointer, so a small
 * recursive-descent scanner checks the grammar first and names line and
 * column; only text it accepts reaches cJSON_ParseWithLength. The
 * scanner also records where each top-level value sits, so a merge can
 * splice new values into the original text and leave every other byte
 * alone (the diff then shows exactly the keys that changed).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "daemonjson.h"
#include "safeio.h"

/* ---- growing string buffer ---- */

/* ---- the scanner ---- */

struct keypos {
	char *key;
	size_t off;
};

struct scan {
	const char *b;
	size_t len, i;
	int depth;
	const char *msg;	/* static text, or NULL */
	char *dynmsg;		/* malloc'd text, wins over msg */
	size_t eoff;		/* where the error is */
	struct dj_doc *doc;
};

/* Line and column (1-based, in characters) of byte offset off. */
static void
position(const char *b, size_t len, size_t off, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < len; i++) {
		if (b[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)b[i] & 0xc0) != 0x80)
			(*col)++;	/* count UTF-8 lead bytes only */
	}
}

static int
fail(struct scan *s, size_t off, const char *msg)
{
	if (s->msg == NULL && s->dynmsg == NULL) {
		s->msg = msg;
		s->eoff = off;
	}
	return -EINVAL;
}

static int
failf(struct scan *s, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
failf(struct scan *s, size_t off, const char *fmt, ...)
{
	va_list ap;
	char *m;

	if (s->msg != NULL || s->dynmsg != NULL)
		return -EINVAL;
	va_start(ap, fmt);
	if (vasprintf(&m, fmt, ap) < 0) {
		va_end(ap);
		return -ENOMEM;
	}
	va_end(ap);
	s->dynmsg = m;
	s->eoff = off;
	return -EINVAL;
}

static int
eof_fail(struct scan *s)
{
	return fail(s, s->len, "unexpected end of file (truncated JSON?)");
}

/* Skip JSON whitespace; a comment is the most common non-JSON here. */
static int
skip_ws(struct scan *s)
{
	while (s->i < s->len) {
		char c = s->b[s->i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			s->i++;
			continue;
		}
		if (c == '/' && s->i + 1 < s->len &&
		    (s->b[s->i + 1] == '/' || s->b[s->i + 1] == '*'))
			return fail(s, s->i, "comments are not allowed in JSON "
			    "(dockerd refuses them)");
		break;
	}
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
put_utf8(struct buf *sb, unsigned long cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		buf_add(sb, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(sb, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(sb, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(sb, u, 4);
	}
}

/* Read \uXXXX at s->i (just after the 'u'); returns the code unit. */
static long
hex4(struct scan *s)
{
	long v = 0;
	int k, h;

	for (k = 0; k < 4; k++) {
		if (s->i >= s->len)
			return eof_fail(s);
		if ((h = hexval(s->b[s->i])) < 0)
			return fail(s, s->i, "invalid \\u escape: expected 4 hex digits");
		v = v * 16 + h;
		s->i++;
	}
	return v;
}

/* A string at s->i (the opening quote). When out is not NULL the
 * decoded UTF-8 text is appended to it (for key comparison). */
static int
scan_string(struct scan *s, struct buf *out)
{
	size_t start = s->i;

	if (s->b[s->i] == '\'')
		return fail(s, s->i, "strings must use double quotes");
	s->i++;
	for (;;) {
		unsigned char c;

		if (s->i >= s->len)
			return fail(s, start, "unterminated string (truncated JSON?)");
		c = (unsigned char)s->b[s->i];
		if (c == '"') {
			s->i++;
			return 0;
		}
		if (c < 0x20)
			return fail(s, s->i, c == '\n' ?
			    "unterminated string (newline inside a string)" :
			    "control character inside a string (escape it)");
		if (c != '\\') {
			if (out != NULL)
				buf_add(out, (const char *)&s->b[s->i], 1);
			s->i++;
			continue;
		}
		if (++s->i >= s->len)
			return eof_fail(s);
		c = (unsigned char)s->b[s->i++];
		switch (c) {
		case '"': case '\\': case '/':
			if (out != NULL)
				buf_add(out, (const char *)&c, 1);
			break;
		case 'b': case 'f': case 'n': case 'r': case 't':
			if (out != NULL) {
				char e = c == 'b' ? '\b' : c == 'f' ? '\f' :
				    c == 'n' ? '\n' : c == 'r' ? '\r' : '\t';
				buf_add(out, &e, 1);
			}
			break;
		case 'u': {
			long cp = hex4(s), lo;

			if (cp < 0)
				return (int)cp;
			if (cp >= 0xd800 && cp < 0xdc00 && s->i + 1 < s->len &&
			    s->b[s->i] == '\\' && s->b[s->i + 1] == 'u') {
				s->i += 2;
				if ((lo = hex4(s)) < 0)
					return (int)lo;
				if (lo >= 0xdc00 && lo < 0xe000)
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					    (lo - 0xdc00);
				else if (out != NULL) {
					put_utf8(out, (unsigned long)cp);
					cp = lo;
				}
			}
			if (out != NULL)
				put_utf8(out, (unsigned long)cp);
			break;
		}
		default:
			return fail(s, s->i - 2, "invalid escape sequence in string");
		}
	}
}

static bool
isdig(char c)
{
	return c >= '0' && c <= '9';
}

static int
scan_number(struct scan *s)
{
	size_t st = s->i;

	if (s->b[s->i] == '-')
		s->i++;
	if (s->i >= s->len)
		return eof_fail(s);
	if (s->b[s->i] == '0')
		s->i++;
	else if (isdig(s->b[s->i]))
		while (s->i < s->len && isdig(s->b[s->i]))
			s->i++;
	else
		return fail(s, st, "invalid number");
	if (s->i < s->len && s->b[s->i] == '.') {
		s->i++;
		if (s->i >= s->len || !isdig(s->b[s->i]))
			return fail(s, st, "invalid number: digits expected after '.'");
		while (s->i < s->len && isdig(s->b[s->i]))
			s->i++;
	}
	if (s->i < s->len && (s->b[s->i] == 'e' || s->b[s->i] == 'E')) {
		s->i++;
		if (s->i < s->len && (s->b[s->i] == '+' || s->b[s->i] == '-'))
			s->i++;
		if (s->i >= s->len || !isdig(s->b[s->i]))
			return fail(s, st, "invalid number: digits expected in exponent");
		while (s->i < s->len && isdig(s->b[s->i]))
			s->i++;
	}
	if (s->i < s->len && (isdig(s->b[s->i]) || s->b[s->i] == '.' ||
	    s->b[s->i] == 'x' || s->b[s->i] == 'X'))
		return fail(s, st, "invalid number (leading zeros and hex are not JSON)");
	return 0;
}

static int
scan_literal(struct scan *s)
{
	static const char *const lit[] = { "true", "false", "null" };
	size_t k, n;

	for (k = 0; k < 3; k++) {
		n = strlen(lit[k]);
		if (s->len - s->i >= n && memcmp(s->b + s->i, lit[k], n) == 0) {
			s->i += n;
			return 0;
		}
		if (s->len - s->i < n &&
		    memcmp(s->b + s->i, lit[k], s->len - s->i) == 0)
			return eof_fail(s);
	}
	if (s->b[s->i] == '\'')
		return fail(s, s->i, "strings must use double quotes");
	if (s->b[s->i] == '\0')
		return fail(s, s->i, "NUL byte in file");
	return failf(s, s->i, "unexpected character '%c'",
	    (unsigned char)s->b[s->i] >= 0x20 &&
	    (unsigned char)s->b[s->i] < 0x7f ? s->b[s->i] : '?');
}

static int scan_value(struct scan *, bool top);

static int
keycmp(const void *a, const void *b)
{
	const struct keypos *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Duplicate keys: dockerd (Go) keeps the last, cJSON keeps both and
 * reads the first, so a duplicate is always ambiguous: refuse it and
 * name the earliest second occurrence. */
static int
check_dups(struct scan *s, struct keypos *kp, size_t n)
{
	size_t j, best = SIZE_MAX, first = 0;
	int line, col;

	if (n < 2)
		return 0;
	qsort(kp, n, sizeof(*kp), keycmp);
	for (j = 1; j < n; j++)
		if (strcmp(kp[j].key, kp[j - 1].key) == 0 &&
		    (best == SIZE_MAX || kp[j].off < kp[best].off)) {
			/* kp[j - 1] is an earlier occurrence; find the first */
			size_t f = j - 1;

			while (f > 0 && strcmp(kp[f - 1].key, kp[j].key) == 0)
				f--;
			best = j;
			first = f;
		}
	if (best == SIZE_MAX)
		return 0;
	position(s->b, s->len, kp[first].off, &line, &col);
	return failf(s, kp[best].off,
	    "duplicate key \"%s\" (first defined at line %d, column %d)",
	    kp[best].key, line, col);
}

static int
add_member(struct scan *s, char *key, size_t key_off, size_t val_off,
    size_t val_end)
{
	struct dj_doc *d = s->doc;
	struct dj_member *n;

	if ((n = realloc(d->mem, (d->nmem + 1) * sizeof(*n))) == NULL)
		return -ENOMEM;
	d->mem = n;
	if ((n[d->nmem].key = strdup(key)) == NULL)
		return -ENOMEM;
	n[d->nmem].key_off = key_off;
	n[d->nmem].val_off = val_off;
	n[d->nmem].val_end = val_end;
	d->nmem++;
	return 0;
}

static int
scan_object(struct scan *s, bool top)
{
	struct keypos *kp = NULL, *nk;
	size_t nkp = 0, j, comma = 0;
	int rc;

	s->i++;			/* '{' */
	if ((rc = skip_ws(s)) < 0)
		goto out;
	if (s->i < s->len && s->b[s->i] == '}') {
		if (top)
			s->doc->close_off = s->i;
		s->i++;
		rc = 0;
		goto out;
	}
	for (;;) {
		struct buf key = { 0 };
		size_t key_off, val_off;

		if ((rc = skip_ws(s)) < 0)
			goto out;
		if (s->i >= s->len) {
			rc = eof_fail(s);
			goto out;
		}
		if (s->b[s->i] == '}') {
			rc = fail(s, comma, "trailing comma before '}'");
			goto out;
		}
		if (s->b[s->i] != '"') {
			rc = s->b[s->i] == '\'' ?
			    fail(s, s->i, "strings must use double quotes") :
			    fail(s, s->i, "expected a double-quoted key");
			goto out;
		}
		key_off = s->i;
		if ((rc = scan_string(s, &key)) < 0) {
			free(key.p);
			goto out;
		}
		if (key.oom || (key.p == NULL && (key.p = strdup("")) == NULL)) {
			free(key.p);
			rc = -ENOMEM;
			goto out;
		}
		if ((nk = realloc(kp, (nkp + 1) * sizeof(*kp))) == NULL) {
			free(key.p);
			rc = -ENOMEM;
			goto out;
		}
		kp = nk;
		kp[nkp].key = key.p;
		kp[nkp++].off = key_off;
		if ((rc = skip_ws(s)) < 0)
			goto out;
		if (s->i >= s->len) {
			rc = eof_fail(s);
			goto out;
		}
		if (s->b[s->i] != ':') {
			rc = fail(s, s->i, "expected ':' after the key");
			goto out;
		}
		s->i++;
		if ((rc = skip_ws(s)) < 0)
			goto out;
		val_off = s->i;
		if ((rc = scan_value(s, false)) < 0)
			goto out;
		if (top && (rc = add_member(s, kp[nkp - 1].key, key_off,
		    val_off, s->i)) < 0)
			goto out;
		if ((rc = skip_ws(s)) < 0)
			goto out;
		if (s->i >= s->len) {
			rc = eof_fail(s);
			goto out;
		}
		if (s->b[s->i] == '}') {
			if (top)
				s->doc->close_off = s->i;
			s->i++;
			break;
		}
		if (s->b[s->i] != ',') {
			rc = fail(s, s->i, "expected ',' or '}' after a value "
			    "(missing comma?)");
			goto out;
		}
		comma = s->i++;
	}
	rc = check_dups(s, kp, nkp);
out:
	for (j = 0; j < nkp; j++)
		free(kp[j].key);
	free(kp);
	return rc;
}

static int
scan_array(struct scan *s)
{
	size_t comma = 0;
	int rc;

	s->i++;			/* '[' */
	if ((rc = skip_ws(s)) < 0)
		return rc;
	if (s->i < s->len && s->b[s->i] == ']') {
		s->i++;
		return 0;
	}
	for (;;) {
		if ((rc = skip_ws(s)) < 0)
			return rc;
		if (s->i < s->len && s->b[s->i] == ']')
			return fail(s, comma, "trailing comma before ']'");
		if ((rc = scan_value(s, false)) < 0)
			return rc;
		if ((rc = skip_ws(s)) < 0)
			return rc;
		if (s->i >= s->len)
			return eof_fail(s);
		if (s->b[s->i] == ']') {
			s->i++;
			return 0;
		}
		if (s->b[s->i] != ',')
			return fail(s, s->i, "expected ',' or ']' after a value "
			    "(missing comma?)");
		comma = s->i++;
	}
}

static int
scan_value(struct scan *s, bool top)
{
	char c;
	int rc;

	if (s->i >= s->len)
		return eof_fail(s);
	c = s->b[s->i];
	if (c == '{' || c == '[') {
		if (++s->depth > DJ_MAX_DEPTH)
			return failf(s, s->i, "nesting deeper than %d levels",
			    DJ_MAX_DEPTH);
		rc = c == '{' ? scan_object(s, top) : scan_array(s);
		s->depth--;
		return rc;
	}
	if (c == '"' || c == '\'')
		return scan_string(s, NULL);
	if (c == '-' || isdig(c))
		return scan_number(s);
	return scan_literal(s);
}

static const char *
top_kind(char c)
{
	if (c == '[')
		return "an array";
	if (c == '"')
		return "a string";
	if (c == '-' || isdig(c))
		return "a number";
	if (c == 't' || c == 'f')
		return "a boolean";
	if (c == 'n')
		return "null";
	return NULL;
}

static int
scan_doc(struct scan *s)
{
	const char *kind;
	int rc;

	if (s->len >= 3 && memcmp(s->b, "\xef\xbb\xbf", 3) == 0)
		return fail(s, 0, "file starts with a UTF-8 byte order mark "
		    "(BOM); save it as UTF-8 without BOM");
	if (s->len >= 2 && ((unsigned char)s->b[0] == 0xff ||
	    (unsigned char)s->b[0] == 0xfe))
		return fail(s, 0, "file is UTF-16; save it as UTF-8");
	if ((rc = skip_ws(s)) < 0)
		return rc;
	if (s->i >= s->len)	/* dockerd 20.10: "unable to configure ... EOF" */
		return fail(s, s->i, "file is empty; dockerd refuses an empty "
		    "daemon.json (write {} instead)");
	if (s->b[s->i] != '{') {
		if ((kind = top_kind(s->b[s->i])) != NULL)
			return failf(s, s->i, "the top level must be a JSON "
			    "object ({...}), not %s", kind);
		return scan_value(s, false);
	}
	s->doc->open_off = s->i;
	if ((rc = scan_value(s, true)) < 0)
		return rc;
	if ((rc = skip_ws(s)) < 0)
		return rc;
	if (s->i < s->len) {
		if (s->b[s->i] == '\0')
			return fail(s, s->i, "NUL byte after the JSON object");
		return fail(s, s->i, "unexpected data after the JSON object");
	}
	return 0;
}

/* ---- type checks of the keys dockerd would reject ---- */

static const char *const jt_names[] = {
	[DT_ANY] = "any JSON value",
	[DT_BOOL] = "a boolean (true or false)",
	[DT_STR] = "a string",
	[DT_STRARR] = "an array of strings",
	[DT_OBJ] = "an object",
	[DT_NUM] = "a number",
	[DT_STRMAP] = "an object of string values",
	[DT_ULIMITS] = "an object of {\"Name\": ..., \"Soft\": N, \"Hard\": N}",
	[DT_NESTED] = "an object",
};

const char *
daemonjson_type_name(enum dtype t)
{
	return jt_names[t];
}

static const char *
json_kind(const cJSON *v)
{
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsArray(v))
		return "an array";
	if (cJSON_IsObject(v))
		return "an object";
	return "null";
}

static bool
type_ok(enum dtype t, const cJSON *v)
{
	const cJSON *e, *f;

	switch (t) {
	case DT_ANY:
		return true;
	case DT_BOOL:
		return cJSON_IsBool(v);
	case DT_STR:
		return cJSON_IsString(v);
	case DT_NUM:
		return cJSON_IsNumber(v);
	case DT_OBJ:
	case DT_NESTED:
		return cJSON_IsObject(v);
	case DT_STRARR:
		if (!cJSON_IsArray(v))
			return false;
		cJSON_ArrayForEach(e, v)
			if (!cJSON_IsString(e))
				return false;
		return true;
	case DT_STRMAP:
		if (!cJSON_IsObject(v))
			return false;
		cJSON_ArrayForEach(e, v)
			if (!cJSON_IsString(e))
				return false;
		return true;
	case DT_ULIMITS:
		if (!cJSON_IsObject(v))
			return false;
		cJSON_ArrayForEach(e, v) {
			if (!cJSON_IsObject(e))
				return false;
			cJSON_ArrayForEach(f, e)
				if ((strcmp(f->string, "Name") == 0 &&
				    !cJSON_IsString(f)) ||
				    ((strcmp(f->string, "Soft") == 0 ||
				    strcmp(f->string, "Hard") == 0) &&
				    !cJSON_IsNumber(f)))
					return false;
		}
		return true;
	}
	return false;
}

static int
check_types(struct scan *s)
{
	static const char *const levels[] = {
		"debug", "info", "warn", "warning", "error", "fatal", "panic",
		"trace", NULL
	};
	const struct dj_doc *d = s->doc;
	size_t m, l;
	enum dtype t;

	for (m = 0; m < d->nmem; m++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(d->root,
		    d->mem[m].key);

		if (v == NULL)
			continue;
		if (!type_ok(t = dflags_key_type(d->mem[m].key), v))
			return failf(s, d->mem[m].val_off,
			    "\"%s\" must be %s, not %s", d->mem[m].key,
			    jt_names[t], json_kind(v));
		if (strcmp(d->mem[m].key, "log-level") != 0)
			continue;
		for (l = 0; levels[l] != NULL; l++)
			if (strcasecmp(levels[l], v->valuestring) == 0)
				break;
		if (levels[l] == NULL)
			return failf(s, d->mem[m].val_off, "\"log-level\" "
			    "must be one of debug, info, warn, error, fatal");
	}
	return 0;
}

void
daemonjson_doc_clear(struct dj_doc *d)
{
	size_t m;

	if (d == NULL)
		return;
	cJSON_Delete(d->root);
	for (m = 0; m < d->nmem; m++)
		free(d->mem[m].key);
	free(d->mem);
	memset(d, 0, sizeof(*d));
}

static int
format_err(const char *name, const char *buf, size_t len, size_t off,
    const char *msg, char **ret_err)
{
	int line, col;

	position(buf, len, off, &line, &col);
	if (asprintf(ret_err, "%s:%d:%d: %s", name, line, col, msg) < 0) {
		*ret_err = NULL;
		return -ENOMEM;
	}
	return -EINVAL;
}

int
daemonjson_scan(const char *buf, size_t len, const char *name,
    struct dj_doc *ret, char **ret_err)
{
	struct scan s = { .b = buf, .len = len };
	struct dj_doc d = { 0 };
	char *m;
	int rc;

	*ret_err = NULL;
	if (len > SAFEIO_MAX_FILE) {
		if (asprintf(ret_err, "%s:1:1: file too large (%zu bytes, "
		    "limit %u)", name, len, SAFEIO_MAX_FILE) < 0)
			*ret_err = NULL;
		return -EFBIG;
	}
	s.doc = &d;
	if ((rc = scan_doc(&s)) < 0)
		goto fail;
	d.root = cJSON_ParseWithLength(buf, len);
	if (d.root == NULL) {
		/* the scanner accepted what cJSON did not: out of memory,
		 * or a cJSON limit such as its nesting depth */
		rc = fail(&s, 0, "cannot parse the file");
		goto fail;
	}
	if ((rc = check_types(&s)) < 0)
		goto fail;
	*ret = d;
	return 0;
fail:
	m = s.dynmsg != NULL ? s.dynmsg : (char *)s.msg;
	if (rc == -EINVAL && m != NULL)
		rc = format_err(name, buf, len, s.eoff, m, ret_err);
	free(s.dynmsg);
	daemonjson_doc_clear(&d);
	return rc;
}

int
daemonjson_parse(const char *buf, size_t len, const char *name,
    struct cJSON **ret, char **ret_err)
{
	struct dj_doc d;
	int rc;

	if ((rc = daemonjson_scan(buf, len, name, &d, ret_err)) < 0)
		return rc;
	*ret = d.root;
	d.root = NULL;
	daemonjson_doc_clear(&d);
	return 0;
}

/* ---- merge ---- */

int
daemonjson_set(cJSON *obj, const char *key, const cJSON *val)
{
	cJSON *cur = cJSON_GetObjectItemCaseSensitive(obj, key), *dup;

	if (cur != NULL && cJSON_Compare(cur, val, 1))
		return 0;
	if ((dup = cJSON_Duplicate(val, 1)) == NULL)
		return -ENOMEM;
	if (cur != NULL) {
		if (!cJSON_ReplaceItemInObjectCaseSensitive(obj, key, dup)) {
			cJSON_Delete(dup);
			return -ENOMEM;
		}
		return 1;
	}
	if (!cJSON_AddItemToObject(obj, key, dup)) {
		cJSON_Delete(dup);
		return -ENOMEM;
	}
	return 1;
}

/* Print a value: scalars as cJSON prints them; containers one member
 * a line at depth+1 indents of unit (multi) or on one line. */
static void
pr_value(struct buf *sb, const cJSON *v, const char *unit, int depth,
    bool multi)
{
	const cJSON *e;
	char *t;
	int k;

	if (!cJSON_IsArray(v) && !cJSON_IsObject(v)) {
		if ((t = cJSON_PrintUnformatted(v)) == NULL) {
			sb->oom = true;
			return;
		}
		buf_adds(sb, t);
		cJSON_free(t);
		return;
	}
	buf_adds(sb, cJSON_IsArray(v) ? "[" : "{");
	if (v->child == NULL) {
		buf_adds(sb, cJSON_IsArray(v) ? "]" : "}");
		return;
	}
	cJSON_ArrayForEach(e, v) {
		if (multi) {
			buf_adds(sb, "\n");
			for (k = 0; k <= depth; k++)
				buf_adds(sb, unit);
		} else if (e != v->child)
			buf_adds(sb, " ");
		if (cJSON_IsObject(v)) {
			cJSON s = { .type = cJSON_String,
			    .valuestring = e->string };

			pr_value(sb, &s, unit, depth + 1, multi);
			buf_adds(sb, ": ");
		}
		pr_value(sb, e, unit, depth + 1, multi);
		if (e->next != NULL)
			buf_adds(sb, ",");
	}
	if (multi) {
		buf_adds(sb, "\n");
		for (k = 0; k < depth; k++)
			buf_adds(sb, unit);
	}
	buf_adds(sb, cJSON_IsArray(v) ? "]" : "}");
}

char *
daemonjson_print(const cJSON *v)
{
	struct buf sb = { 0 };

	pr_value(&sb, v, "", 0, false);
	if (sb.oom) {
		free(sb.p);
		return NULL;
	}
	return sb.p;
}

/* The file's indentation: the whitespace before the first key when it
 * starts a line. *multi is false for a one-line object. */
static void
layout(const char *old, const struct dj_doc *d, char *indent, size_t cap,
    bool *multi)
{
	size_t a = d->open_off + 1, b = d->nmem ? d->mem[0].key_off : a, nl;
	const char *p;

	*multi = true;
	snprintf(indent, cap, "\t");
	if (d->nmem == 0)
		return;
	p = memchr(old + a, '\n', b - a);
	if (p == NULL) {
		*multi = false;
		return;
	}
	nl = (size_t)(p - old) + 1;
	/* the last newline before the key */
	while ((p = memchr(old + nl, '\n', b - nl)) != NULL)
		nl = (size_t)(p - old) + 1;
	if (b - nl > 0 && b - nl < cap) {
		memcpy(indent, old + nl, b - nl);
		indent[b - nl] = '\0';
	}
}

struct edit {
	size_t off, end;
	const cJSON *val;
};

static int
editcmp(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

static void
pr_member(struct buf *sb, const char *key, const cJSON *v,
    const char *indent, bool multi)
{
	cJSON s = { .type = cJSON_String, .valuestring = (char *)key };

	pr_value(sb, &s, indent, 1, multi);
	buf_adds(sb, ": ");
	pr_value(sb, v, indent, 1, multi);
}

static void
render_new(struct buf *sb, const cJSON *want)
{
	const cJSON *e;

	buf_adds(sb, "{");
	cJSON_ArrayForEach(e, want) {
		buf_adds(sb, "\n\t");
		pr_member(sb, e->string, e, "\t", true);
		if (e->next != NULL)
			buf_adds(sb, ",");
	}
	buf_adds(sb, "\n}\n");
}

/* Move what nb holds to the end of sb, with CRLF line ends when the file
 * has them, so that merged lines match the lines around them. */
static void
sb_flush(struct buf *sb, struct buf *nb, bool crlf)
{
	size_t i, a = 0;

	if (nb->oom)
		sb->oom = true;
	for (i = 0; crlf && i < nb->len; i++)
		if (nb->p[i] == '\n') {
			buf_add(sb, nb->p + a, i - a);
			buf_adds(sb, "\r\n");
			a = i + 1;
		}
	if (nb->len > a)
		buf_add(sb, nb->p + a, nb->len - a);
	nb->len = 0;
}

/* Does the file end its lines with CRLF (its first line does)? */
static bool
uses_crlf(const char *old, size_t oldlen)
{
	const char *nl = memchr(old, '\n', oldlen);

	return nl != NULL && nl > old && nl[-1] == '\r';
}

/* Splice want into the existing text: replace changed values in
 * place, append new members after the last one. */
static int
render_splice(struct buf *sb, const char *old, size_t oldlen,
    const struct dj_doc *d, const cJSON *want, bool *changed)
{
	struct edit *ed = NULL;
	const cJSON *e;
	size_t ned = 0, nw = 0, pos, k, m;
	char indent[64];
	bool multi, any_new = false, crlf;
	struct buf nb = { 0 };	/* new text, before its line ends are set */

	cJSON_ArrayForEach(e, want)
		nw++;
	if (nw > 0 && (ed = calloc(nw, sizeof(*ed))) == NULL)
		return -ENOMEM;
	cJSON_ArrayForEach(e, want) {
		for (m = 0; m < d->nmem; m++)
			if (strcmp(d->mem[m].key, e->string) == 0)
				break;
		if (m == d->nmem) {
			any_new = true;
			continue;
		}
		if (cJSON_Compare(cJSON_GetObjectItemCaseSensitive(d->root,
		    e->string), e, 1))
			continue;
		ed[ned].off = d->mem[m].val_off;
		ed[ned].end = d->mem[m].val_end;
		ed[ned++].val = e;
	}
	*changed = ned > 0 || any_new;
	if (!*changed) {
		free(ed);
		return 0;
	}
	qsort(ed, ned, sizeof(*ed), editcmp);
	layout(old, d, indent, sizeof(indent), &multi);
	crlf = uses_crlf(old, oldlen);
	pos = 0;
	for (k = 0; k < ned; k++) {
		buf_add(sb, old + pos, ed[k].off - pos);
		pr_value(&nb, ed[k].val, indent, 1, multi);
		sb_flush(sb, &nb, crlf);
		pos = ed[k].end;
	}
	if (any_new) {
		/* new members go right after the last value (or into an
		 * empty object, which is rewritten as a multi-line one) */
		size_t at = d->nmem ? d->mem[d->nmem - 1].val_end : d->open_off + 1;
		bool first = d->nmem == 0;

		buf_add(sb, old + pos, at - pos);
		pos = at;
		cJSON_ArrayForEach(e, want) {
			for (m = 0; m < d->nmem; m++)
				if (strcmp(d->mem[m].key, e->string) == 0)
					break;
			if (m < d->nmem)
				continue;
			if (!first)
				buf_adds(&nb, ",");
			buf_adds(&nb, multi ? "\n" : " ");
			if (multi)
				buf_adds(&nb, indent);
			pr_member(&nb, e->string, e, indent, multi);
			first = false;
		}
		if (d->nmem == 0) {
			/* drop the old inner whitespace of "{ }" */
			buf_adds(&nb, "\n}");
			pos = d->close_off + 1;
		}
		sb_flush(sb, &nb, crlf);
	}
	buf_add(sb, old + pos, oldlen - pos);
	free(nb.p);
	free(ed);
	return 0;
}

int
daemonjson_render(const char *old, size_t oldlen, const char *name,
    const cJSON *want, char **ret, size_t *ret_len, char **ret_err)
{
	struct dj_doc d = { 0 };
	struct buf sb = { 0 };
	cJSON *expect = NULL, *got = NULL;
	const cJSON *e;
	char *perr = NULL;
	bool changed = true;
	int rc;

	*ret_err = NULL;
	if (!cJSON_IsObject(want))
		return -EINVAL;
	if (old != NULL && (rc = daemonjson_scan(old, oldlen, name, &d,
	    ret_err)) < 0)
		return rc;
	if (old == NULL) {
		if (want->child == NULL) {
			rc = 0;
			goto out;
		}
		render_new(&sb, want);
	} else if ((rc = render_splice(&sb, old, oldlen, &d, want,
	    &changed)) < 0)
		goto out;
	if (!changed) {
		rc = 0;
		goto out;
	}
	if (sb.oom) {
		rc = -ENOMEM;
		goto out;
	}
	/* The result must parse strictly and hold exactly old + want. */
	if ((expect = d.root != NULL ? cJSON_Duplicate(d.root, 1) :
	    cJSON_CreateObject()) == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	cJSON_ArrayForEach(e, want)
		if ((rc = daemonjson_set(expect, e->string, e)) < 0)
			goto out;
	if ((rc = daemonjson_parse(sb.p, sb.len, name, &got, &perr)) < 0 ||
	    !cJSON_Compare(expect, got, 1)) {
		if (asprintf(ret_err, "%s: internal error: the merged file "
		    "does not read back as intended%s%s", name,
		    perr ? ": " : "", perr ? perr : "") < 0)
			*ret_err = NULL;
		rc = -EPROTO;
		goto out;
	}
	*ret = sb.p;
	*ret_len = sb.len;
	sb.p = NULL;
	rc = 1;
out:
	free(sb.p);
	free(perr);
	cJSON_Delete(expect);
	cJSON_Delete(got);
	daemonjson_doc_clear(&d);
	return rc;
}
