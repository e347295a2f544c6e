/*
 * sec2_values.c - section 2: daemon.json values. What the dockerd flags
 * for a key amount to as a JSON value, a profile value coerced to the
 * type dockerd decodes (from the one option table, dflags.h), and
 * comparisons that ignore member order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sec2.h"

/* ---- small helpers ---- */

void
s2_ids_add(char *ids, size_t cap, const char *id)
{
	size_t n = strlen(ids);

	if (idlist_has(ids, id))
		return;
	snprintf(ids + n, cap - n, "%s%s", n ? "," : "", id);
}

const cJSON *
s2_param(const struct control *c, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(c->params, key);
}

const char *
s2_param_str(const struct control *c, const char *key)
{
	const cJSON *v = s2_param(c, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

const cJSON *
s2_file_value(const struct s2 *s, const char *key)
{
	return s->doc.root ? cJSON_GetObjectItemCaseSensitive(s->doc.root, key) :
	    NULL;
}

/* "--icc=false", "-H fd://" for messages */
char *
s2_flag_text(const struct dflag *f)
{
	const char *ln = dflags_long(f->name);
	char *t;

	if (asprintf(&t, "--%s%s%s", ln ? ln : f->name, f->value ? "=" : "",
	    f->value ? f->value : "") < 0)
		return NULL;
	return t;
}

static bool
str_is_true(const char *v, bool *ok)
{
	*ok = true;
	if (v == NULL || strcmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
	    strcmp(v, "True") == 0)
		return true;
	if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0 ||
	    strcmp(v, "False") == 0)
		return false;
	*ok = false;
	return false;
}

/* "nofile=1024:4096" -> {"Name": "nofile", "Hard": 4096, "Soft": 1024} */
static int
ulimit_add(cJSON *obj, const char *spec)
{
	char name[64];
	const char *eq = strchr(spec, '=');
	char *end;
	long soft, hard;
	cJSON *u;

	if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof(name))
		return -EINVAL;
	memcpy(name, spec, (size_t)(eq - spec));
	name[eq - spec] = '\0';
	soft = strtol(eq + 1, &end, 10);
	if (end == eq + 1)
		return -EINVAL;
	hard = soft;
	if (*end == ':') {
		const char *h = end + 1;

		hard = strtol(h, &end, 10);
		if (end == h)
			return -EINVAL;
	}
	if (*end != '\0')
		return -EINVAL;
	if ((u = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(u, "Name", name) == NULL ||
	    cJSON_AddNumberToObject(u, "Hard", (double)hard) == NULL ||
	    cJSON_AddNumberToObject(u, "Soft", (double)soft) == NULL) {
		cJSON_Delete(u);
		return -ENOMEM;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
	if (!cJSON_AddItemToObject(obj, name, u)) {
		cJSON_Delete(u);
		return -ENOMEM;
	}
	return 0;
}

/* Compare ulimits regardless of member order. */
static bool
ulimits_equal(const cJSON *a, const cJSON *b)
{
	const cJSON *e, *o;
	int na = 0, nb = 0;

	if (!cJSON_IsObject(a) || !cJSON_IsObject(b))
		return false;
	cJSON_ArrayForEach(e, a) {
		na++;
		o = cJSON_GetObjectItemCaseSensitive(b, e->string);
		if (o == NULL ||
		    !cJSON_Compare(cJSON_GetObjectItem(e, "Soft"), cJSON_GetObjectItem(o, "Soft"), 1) ||
		    !cJSON_Compare(cJSON_GetObjectItem(e, "Hard"), cJSON_GetObjectItem(o, "Hard"), 1))
			return false;
	}
	cJSON_ArrayForEach(e, b)
		nb++;
	return na == nb;
}

bool
s2_values_equal(const char *key, const cJSON *a, const cJSON *b)
{
	if (a == NULL || b == NULL)
		return false;
	if (strcmp(key, "default-ulimits") == 0)
		return ulimits_equal(a, b);
	return cJSON_Compare(a, b, 1);
}

/* What the dockerd flags for key amount to, as a daemon.json value. */
cJSON *
s2_flags_value(const struct host *h, const char *key)
{
	enum dtype type = dflags_key_type(key);
	const char *k;
	bool isbool = type == DT_BOOL, isarr = type == DT_STRARR;
	bool ulim = type == DT_ULIMITS, map = type == DT_STRMAP;
	cJSON *v = NULL, *e;
	size_t i;

	if (isarr || ulim || map)
		v = isarr ? cJSON_CreateArray() : cJSON_CreateObject();
	for (i = 0; i < h->nflags; i++) {
		const struct dflag *f = &h->flags[i];
		bool ok, t;

		if ((k = dflags_key(f->name)) == NULL || strcmp(k, key) != 0)
			continue;
		if (isbool) {
			cJSON_Delete(v);
			t = str_is_true(f->value, &ok);
			v = ok ? cJSON_CreateBool(t) : cJSON_CreateString(f->value);
		} else if (isarr) {
			bool dup = false;

			cJSON_ArrayForEach(e, v)
				if (f->value && strcmp(e->valuestring, f->value) == 0)
					dup = true;	/* unit and /proc repeat it */
			if (!dup && f->value)
				cJSON_AddItemToArray(v, cJSON_CreateString(f->value));
		} else if (ulim) {
			if (f->value)
				(void)ulimit_add(v, f->value);
		} else if (map) {
			const char *eq = f->value ? strchr(f->value, '=') : NULL;

			if (eq != NULL) {
				char *name = strndup(f->value, (size_t)(eq - f->value));

				if (name != NULL) {
					cJSON_DeleteItemFromObjectCaseSensitive(v, name);
					cJSON_AddStringToObject(v, name, eq + 1);
					free(name);
				}
			}
		} else {
			cJSON_Delete(v);
			v = cJSON_CreateString(f->value ? f->value : "");
		}
	}
	return v;
}

/* The profile's value for key, in the JSON type dockerd expects. */
cJSON *
s2_coerce(const char *key, const cJSON *p, char **why)
{
	enum dtype type = dflags_key_type(key);
	cJSON *v = NULL, *e;
	bool ok, t;

	*why = NULL;
	if (type == DT_ANY)
		return cJSON_Duplicate(p, 1);
	if (type == DT_BOOL) {
		if (cJSON_IsBool(p))
			return cJSON_Duplicate(p, 1);
		if (cJSON_IsString(p) && (t = str_is_true(p->valuestring, &ok), ok))
			return cJSON_CreateBool(t);
	} else if (type == DT_STR) {
		if (cJSON_IsString(p) && p->valuestring[0] != '\0')
			return cJSON_Duplicate(p, 1);
	} else if (type == DT_STRARR) {
		if (cJSON_IsString(p) && p->valuestring[0] != '\0') {
			cJSON *e1 = cJSON_CreateString(p->valuestring);

			if ((v = cJSON_CreateArray()) == NULL || e1 == NULL ||
			    !cJSON_AddItemToArray(v, e1)) {
				cJSON_Delete(e1);
				cJSON_Delete(v);
				return NULL;	/* out of memory */
			}
			return v;
		}
		if (cJSON_IsArray(p)) {
			cJSON_ArrayForEach(e, p)
				if (!cJSON_IsString(e))
					goto bad;
			return cJSON_Duplicate(p, 1);
		}
	} else if (type == DT_ULIMITS) {
		/* "nofile=64000:64000", a list of those, or the JSON form */
		if (cJSON_IsObject(p))
			return cJSON_Duplicate(p, 1);
		if ((v = cJSON_CreateObject()) == NULL)
			return NULL;
		if (cJSON_IsString(p) && ulimit_add(v, p->valuestring) == 0)
			return v;
		if (cJSON_IsArray(p) && p->child != NULL) {
			cJSON_ArrayForEach(e, p)
				if (!cJSON_IsString(e) || ulimit_add(v, e->valuestring) < 0)
					goto bad;
			return v;
		}
	} else if (type == DT_STRMAP) {
		/* YAML may give numbers (max-file: 3); dockerd wants strings */
		if (!cJSON_IsObject(p) || (v = cJSON_CreateObject()) == NULL)
			goto bad;
		cJSON_ArrayForEach(e, p) {
			char num[64];

			if (cJSON_IsNumber(e))
				snprintf(num, sizeof(num), "%.15g", e->valuedouble);
			else if (!cJSON_IsString(e))
				goto bad;
			if (cJSON_AddStringToObject(v, e->string, cJSON_IsString(e) ?
			    e->valuestring : num) == NULL) {
				cJSON_Delete(v);
				return NULL;	/* out of memory */
			}
		}
		return v;
	} else if (cJSON_IsObject(p) || cJSON_IsNumber(p))
		return cJSON_Duplicate(p, 1);
bad:
	cJSON_Delete(v);
	if (asprintf(why, "profile parameter for \"%s\" must be %s", key,
	    daemonjson_type_name(type)) < 0)
		*why = NULL;
	return NULL;
}

int
s2_set_res(struct result *res, enum oc oc, const char *why)
{
	static const enum status st[] = {
		[OC_PASS] = ST_PASS, [OC_FAIL] = ST_FAIL, [OC_CHANGE] = ST_FAIL,
		[OC_REFUSE] = ST_REFUSED, [OC_NA] = ST_NA,
		[OC_MANUAL] = ST_MANUAL, [OC_PENDING] = ST_PENDING,
	};

	if (oc == OC_REFUSE && result_refuse(res, "%s", why) < 0)
		return -ENOMEM;
	return result_set(res, st[oc], "%s", why ? why : "");
}

