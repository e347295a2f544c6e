/*
 * daemonjson.h - /etc/docker/daemon.json: strict parsing and key merge.
 *
 * Owns: turning bytes into a cJSON object with line:column errors
 * (invalid JSON, comments, BOM, duplicate keys, non-object top level,
 * wrong types of known keys, oversized), and merging wanted keys into
 * the file's text without touching the bytes of any other key.
 * Never: reads or writes files.
 */
#ifndef CISHARDEN_DAEMONJSON_H
#define CISHARDEN_DAEMONJSON_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"
#include "dflags.h"

struct cJSON;

#define DJ_MAX_DEPTH 128	/* deeper nesting is refused */

/* A top-level member as it appears in the file, for in-place edits. */
struct dj_member {
	char *key;		/* decoded */
	size_t key_off;		/* offset of the key's opening quote */
	size_t val_off;		/* [val_off, val_end): the value's bytes */
	size_t val_end;
};

/* A parsed daemon.json with the layout of its top-level object. */
struct dj_doc {
	struct cJSON *root;	/* object; empty for an empty file */
	struct dj_member *mem;	/* in file order */
	size_t nmem;
	size_t open_off;	/* offset of the top-level '{' */
	size_t close_off;	/* offset of the top-level '}' */
};

/* Parse buf. On success *ret is a cJSON object. On error returns
 * -EINVAL (-EFBIG when len > SAFEIO_MAX_FILE, -ENOMEM) and *ret_err =
 * "name:line:column: message" (malloc'd). An empty file is an error:
 * dockerd 20.10 refuses it ("EOF"). */
int daemonjson_parse(const char *buf, size_t len, const char *name,
    struct cJSON **ret, char **ret_err) WUR;
/* The same, keeping the layout in *ret (clear with daemonjson_doc_clear). */
int daemonjson_scan(const char *buf, size_t len, const char *name,
    struct dj_doc *ret, char **ret_err) WUR;
void daemonjson_doc_clear(struct dj_doc *);

/* Set key to a copy of val in obj, keeping the position of an existing
 * key and every other key. Returns 1 when obj changed, 0 when it held
 * an equal value already, -ENOMEM. */
int daemonjson_set(struct cJSON *obj, const char *key,
    const struct cJSON *val) WUR;

/* Merge the members of want into the file text old (NULL: no file).
 * Existing keys keep their position; keys not in want keep their exact
 * bytes; new keys go at the end in the file's own indentation. A new
 * file is tab-indented and ends with a newline. Returns 1 and a
 * malloc'd *ret and *ret_len when the text changes, 0 (nothing allocated)
 * when old already holds every wanted value, or -errno with *ret_err. */
int daemonjson_render(const char *old, size_t oldlen, const char *name,
    const struct cJSON *want, char **ret, size_t *ret_len, char **ret_err) WUR;

/* The words for a JSON type in messages ("a boolean (true or false)"). */
const char *daemonjson_type_name(enum dtype);

/* Compact one-line text of a value for messages ("false", "\"info\""). */
char *daemonjson_print(const struct cJSON *) WUR;

#endif
