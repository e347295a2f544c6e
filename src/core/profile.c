/*
 * profile.c - YAML profiles (libyaml) into struct profile.
 *
 * A profile is a mapping with the keys name, description, benchmark,
 * level, extends, parameters, controls and exclusions (profiles/README.md).
 * Parsing is strict: an unknown key, a wrong type, a duplicate key or an
 * id the profile's edition lacks is an error "file:line:column: message",
 * and nothing is done with a profile that has one. A profile's ids are
 * read in its own edition (benchmark:, else the extended profile's, else
 * v1.5.0) and held by catalogue key; profile_use_edition() then gives
 * every control the run's edition's id, title, level and status.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <yaml.h>

#include "catalogue.h"
#include "embedded.h"
#include "profile.h"

#define MAX_EXTENDS 8
#define MAX_PROFILE (1u << 20)

struct pctx {
	yaml_document_t *doc;
	const char *name;
	char *err;		/* first error, "name:line:col: msg" */
	int depth;		/* extends depth */
	enum edition ed;	/* the edition this file's ids are in */
};

static int
perr(struct pctx *p, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (p->err != NULL)
		return -EINVAL;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (asprintf(&p->err, "%s:%lu:%lu: %s", p->name,
	    n ? (unsigned long)n->start_mark.line + 1 : 1,
	    n ? (unsigned long)n->start_mark.column + 1 : 1,
	    msg ? msg : "out of memory") < 0)
		p->err = NULL;
	free(msg);
	return -EINVAL;
}

static const char *
scalar(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* The catalogue entry an id (in the file's edition) or a key names. */
static int
lookup(struct pctx *p, yaml_node_t *n, bool by_key, struct catentry *ce)
{
	const char *s = scalar(n);

	if (s == NULL)
		return perr(p, n, "%s must be a string such as \"%s\"",
		    by_key ? "key" : "id", by_key ? "daemon.icc" : "3.18");
	if (!by_key) {
		if (catalogue_by_id(p->ed, s, ce) == 0)
			return 0;
		return perr(p, n, "unknown control id \"%s\" in %s", s,
		    edition_title(p->ed));
	}
	for (int e = 0; e < ED__MAX; e++)
		if (catalogue_by_key((enum edition)e, s, ce) == 0) {
			/* the id in the file's edition, or none */
			if (catalogue_by_key(p->ed, s, ce) < 0)
				ce->id = NULL;
			return 0;
		}
	return perr(p, n, "unknown control key \"%s\"", s);
}

static struct control *
find_key(struct profile *prof, const char *key)
{
	for (size_t i = 0; i < prof->nctl; i++)
		if (strcmp(prof->ctl[i].key, key) == 0)
			return &prof->ctl[i];
	return NULL;
}

/* "1.8.0", "v1.8.0" or "CIS Docker Benchmark v1.8.0" */
static int
parse_benchmark(struct pctx *p, yaml_node_t *n, enum edition *ret)
{
	const char *s = scalar(n);
	static const char pre[] = "CIS Docker Benchmark ";

	if (s != NULL && strncmp(s, pre, sizeof(pre) - 1) == 0 &&
	    s[sizeof(pre) - 1] == 'v')
		s += sizeof(pre) - 1;
	if (s == NULL || edition_parse(s, ret) < 0)
		return perr(p, n, "benchmark must be 1.5.0, 1.6.0, 1.7.0 or 1.8.0 "
		    "(or \"CIS Docker Benchmark v1.8.0\")");
	return 0;
}

static int
get_str(struct pctx *p, yaml_node_t *n, const char *what, char **ret)
{
	const char *s = scalar(n);
	char *d;

	if (s == NULL)
		return perr(p, n, "%s must be a string", what);
	if ((d = strdup(s)) == NULL)
		return -ENOMEM;
	free(*ret);
	*ret = d;
	return 0;
}

static int
get_int(struct pctx *p, yaml_node_t *n, const char *what, int lo, int hi, int *ret)
{
	const char *s = scalar(n);
	char *end;
	long v;

	if (s == NULL || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return perr(p, n, "%s must be a number from %d to %d", what, lo, hi);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < lo || v > hi)
		return perr(p, n, "%s must be a number from %d to %d", what, lo, hi);
	*ret = (int)v;
	return 0;
}

/* YAML 1.2 core schema for plain scalars; quoted scalars are strings. */
static cJSON *
scalar_json(const yaml_node_t *n)
{
	const char *s = (const char *)n->data.scalar.value;
	char *end;
	double d;

	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return cJSON_CreateString(s);
	if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0)
		return cJSON_CreateTrue();
	if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0)
		return cJSON_CreateFalse();
	if (*s == '\0' || strcmp(s, "null") == 0 || strcmp(s, "~") == 0)
		return cJSON_CreateNull();
	errno = 0;
	d = strtod(s, &end);
	if (errno == 0 && *end == '\0' && strspn(s, "+-0123456789.eE") == strlen(s))
		return cJSON_CreateNumber(d);
	return cJSON_CreateString(s);
}

static int to_json(struct pctx *, yaml_node_t *, cJSON **);

static int
seq_json(struct pctx *p, yaml_node_t *n, cJSON **ret)
{
	yaml_node_item_t *it;
	cJSON *arr, *v;
	int rc;

	if ((arr = cJSON_CreateArray()) == NULL)
		return -ENOMEM;
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		if ((rc = to_json(p, yaml_document_get_node(p->doc, *it), &v)) < 0) {
			cJSON_Delete(arr);
			return rc;
		}
		cJSON_AddItemToArray(arr, v);
	}
	*ret = arr;
	return 0;
}

static int
map_json(struct pctx *p, yaml_node_t *n, cJSON **ret)
{
	yaml_node_pair_t *pr;
	cJSON *obj, *v;
	int rc;

	if ((obj = cJSON_CreateObject()) == NULL)
		return -ENOMEM;
	for (pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);
		const char *key = scalar(k);

		if (key == NULL) {
			cJSON_Delete(obj);
			return perr(p, k, "mapping keys must be strings");
		}
		if (cJSON_GetObjectItemCaseSensitive(obj, key) != NULL) {
			cJSON_Delete(obj);
			return perr(p, k, "duplicate key \"%s\"", key);
		}
		if ((rc = to_json(p, yaml_document_get_node(p->doc, pr->value), &v)) < 0) {
			cJSON_Delete(obj);
			return rc;
		}
		cJSON_AddItemToObject(obj, key, v);
	}
	*ret = obj;
	return 0;
}

static int
to_json(struct pctx *p, yaml_node_t *n, cJSON **ret)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		*ret = scalar_json(n);
		return *ret ? 0 : -ENOMEM;
	case YAML_SEQUENCE_NODE:
		return seq_json(p, n, ret);
	case YAML_MAPPING_NODE:
		return map_json(p, n, ret);
	default:
		return perr(p, n, "unsupported YAML node");
	}
}

/* Iterate a mapping, refusing duplicate keys. */
#define FOREACH_PAIR(p, n, pr) \
	for ((pr) = (n)->data.mapping.pairs.start; (pr) < (n)->data.mapping.pairs.top; (pr)++)

static int
check_dups(struct pctx *p, yaml_node_t *map)
{
	yaml_node_pair_t *a, *b;

	FOREACH_PAIR(p, map, a) {
		yaml_node_t *ka = yaml_document_get_node(p->doc, a->key);

		if (scalar(ka) == NULL)
			return perr(p, ka, "mapping keys must be strings");
		for (b = map->data.mapping.pairs.start; b < a; b++) {
			const char *kb = scalar(yaml_document_get_node(p->doc, b->key));

			if (kb != NULL && strcmp(kb, scalar(ka)) == 0)
				return perr(p, ka, "duplicate key \"%s\"", scalar(ka));
		}
	}
	return 0;
}

static int
parse_kind(struct pctx *p, yaml_node_t *n, enum ctl_kind *ret)
{
	const char *s = scalar(n);
	int k;

	for (k = 0; s != NULL && k < KIND__MAX; k++)
		if (strcmp(s, kind_name(k)) == 0) {
			*ret = k;
			return 0;
		}
	return perr(p, n, "kind must be one of audit-rule, daemon-option, "
	    "file-owner, file-mode, host-check, manual");
}

static int
parse_targets(struct pctx *p, yaml_node_t *n, struct control *c)
{
	yaml_node_item_t *it;
	size_t i;

	if (n->type != YAML_SEQUENCE_NODE)
		return perr(p, n, "targets must be a list of strings");
	for (i = 0; i < c->ntargets; i++)
		free(c->targets[i]);
	free(c->targets);
	c->ntargets = 0;
	c->targets = calloc((size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start) + 1, sizeof(char *));
	if (c->targets == NULL)
		return -ENOMEM;
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *t = yaml_document_get_node(p->doc, *it);
		const char *s = scalar(t);

		if (s == NULL || *s == '\0')
			return perr(p, t, "targets must be a list of strings");
		if ((c->targets[c->ntargets] = strdup(s)) == NULL)
			return -ENOMEM;
		c->ntargets++;
	}
	return 0;
}

/* Merge src's keys into *dst (an object), replacing keys given twice. */
static int
merge_params(cJSON **dst, cJSON *src)
{
	cJSON *it, *next;

	if (*dst == NULL) {
		*dst = src;
		return 0;
	}
	for (it = src->child; it != NULL; it = next) {
		next = it->next;
		cJSON_DetachItemViaPointer(src, it);
		cJSON_DeleteItemFromObjectCaseSensitive(*dst, it->string);
		cJSON_AddItemToObject(*dst, it->string, it);
	}
	cJSON_Delete(src);
	return 0;
}

static int
parse_params(struct pctx *p, yaml_node_t *n, cJSON **dst)
{
	cJSON *obj;
	int rc;

	if (n->type != YAML_MAPPING_NODE)
		return perr(p, n, "parameters must be a mapping");
	if ((rc = map_json(p, n, &obj)) < 0)
		return rc;
	return merge_params(dst, obj);
}

static struct control *
add_control(struct profile *prof)
{
	struct control *n = realloc(prof->ctl, (prof->nctl + 1) * sizeof(*n));

	if (n == NULL)
		return NULL;
	prof->ctl = n;
	memset(&n[prof->nctl], 0, sizeof(*n));
	n[prof->nctl].implemented = true;
	return &n[prof->nctl++];
}

/* Where the profile sets a control's parameters.value, for the
 * sections' check of it (sections_check_params) to name. */
static int
note_value(struct pctx *p, struct control *c, yaml_node_t *params)
{
	yaml_node_pair_t *pr;
	yaml_node_t *vn = NULL;

	FOREACH_PAIR(p, params, pr)
		if (strcmp(scalar(yaml_document_get_node(p->doc, pr->key)), "value") == 0)
			vn = yaml_document_get_node(p->doc, pr->value);
	if (vn == NULL)
		return 0;
	free(c->value_at);
	if (asprintf(&c->value_at, "%s:%lu:%lu", p->name,
	    (unsigned long)vn->start_mark.line + 1,
	    (unsigned long)vn->start_mark.column + 1) < 0) {
		c->value_at = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* A control entry: a new control (base profile) or an override of an
 * inherited one (only targets and parameters). It names its control by
 * id (in the file's edition) or by catalogue key, which also reaches a
 * control the file's edition lacks (daemon.no-devicemapper before
 * v1.8.0). Titles, levels, sections and assessment status are the
 * catalogue's, never a profile's. */
static int
parse_control(struct pctx *p, struct profile *prof, yaml_node_t *n, bool inherited)
{
	yaml_node_pair_t *pr;
	yaml_node_t *idn = NULL, *keyn = NULL, *pn = NULL;
	struct control *c;
	struct catentry ce;
	const char *name;
	bool have_kind = false;
	int rc;

	if (n->type != YAML_MAPPING_NODE)
		return perr(p, n, "a control must be a mapping");
	if ((rc = check_dups(p, n)) < 0)
		return rc;
	FOREACH_PAIR(p, n, pr) {
		yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);

		if (strcmp(scalar(k), "id") == 0)
			idn = yaml_document_get_node(p->doc, pr->value);
		else if (strcmp(scalar(k), "key") == 0)
			keyn = yaml_document_get_node(p->doc, pr->value);
	}
	if (idn == NULL && keyn == NULL)
		return perr(p, n, "a control needs an id (or a catalogue key)");
	if (idn != NULL && keyn != NULL)
		return perr(p, keyn, "a control has an id or a key, not both");
	if ((rc = lookup(p, idn ? idn : keyn, idn == NULL, &ce)) < 0)
		return rc;
	name = scalar(idn ? idn : keyn);
	c = find_key(prof, ce.key);
	if (c == NULL && inherited)
		return perr(p, idn ? idn : keyn, "control \"%s\" is not in the "
		    "extended profile", name);
	if (c != NULL && !inherited)
		return perr(p, idn ? idn : keyn, "control \"%s\" is defined twice",
		    name);
	if (c == NULL) {
		if ((c = add_control(prof)) == NULL)
			return -ENOMEM;
		c->key = ce.key;
		c->id = ce.id;
		c->title = ce.title;
		c->automated = ce.automated;
		c->level = ce.level;
		c->section = ce.section;
		c->line = (int)(idn ? idn : keyn)->start_mark.line + 1;
	}
	FOREACH_PAIR(p, n, pr) {
		yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(p->doc, pr->value);
		const char *key = scalar(k);

		if (strcmp(key, "id") == 0 || strcmp(key, "key") == 0)
			rc = 0;
		else if (strcmp(key, "title") == 0 || strcmp(key, "level") == 0 ||
		    strcmp(key, "section") == 0)
			rc = perr(p, k, "control %s: \"%s\" comes from the benchmark "
			    "catalogue (cisharden list shows it), not from a profile",
			    name, key);
		else if (strcmp(key, "kind") == 0 && !inherited) {
			rc = parse_kind(p, v, &c->kind);
			have_kind = true;
		} else if (strcmp(key, "targets") == 0)
			rc = parse_targets(p, v, c);
		else if (strcmp(key, "parameters") == 0) {
			rc = parse_params(p, v, &c->params);
			pn = v;
		}
		else
			rc = perr(p, k, "unknown key \"%s\" in control %s%s", key,
			    name, inherited ? " (an extending profile may set "
			    "targets and parameters)" : "");
		if (rc < 0)
			return rc;
	}
	if (pn != NULL && (rc = note_value(p, c, pn)) < 0)
		return rc;
	if (!inherited && !have_kind)
		return perr(p, n, "control %s needs a kind", name);
	return 0;
}

static int
parse_controls(struct pctx *p, struct profile *prof, yaml_node_t *n, bool inherited)
{
	yaml_node_item_t *it;
	int rc;

	if (n->type != YAML_SEQUENCE_NODE)
		return perr(p, n, "controls must be a list");
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
		if ((rc = parse_control(p, prof,
		    yaml_document_get_node(p->doc, *it), inherited)) < 0)
			return rc;
	return 0;
}

static int
parse_exclusion(struct pctx *p, struct profile *prof, yaml_node_t *n)
{
	yaml_node_pair_t *pr;
	yaml_node_t *idn = NULL, *rn = NULL;
	struct control *c;
	struct catentry ce;
	int rc;

	if (n->type != YAML_MAPPING_NODE)
		return perr(p, n, "an exclusion must be a mapping with id and reason");
	if ((rc = check_dups(p, n)) < 0)
		return rc;
	FOREACH_PAIR(p, n, pr) {
		yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);

		if (strcmp(scalar(k), "id") == 0)
			idn = yaml_document_get_node(p->doc, pr->value);
		else if (strcmp(scalar(k), "reason") == 0)
			rn = yaml_document_get_node(p->doc, pr->value);
		else
			return perr(p, k, "unknown key \"%s\" in exclusion", scalar(k));
	}
	if (idn == NULL || scalar(idn) == NULL)
		return perr(p, n, "an exclusion needs an id");
	if (rn == NULL || scalar(rn) == NULL || *scalar(rn) == '\0')
		return perr(p, rn ? rn : n, "exclusion of %s needs a reason", scalar(idn));
	/* by key: the exclusion follows its control through renumbering */
	if ((rc = lookup(p, idn, false, &ce)) < 0)
		return rc;
	if ((c = find_key(prof, ce.key)) == NULL)
		return perr(p, idn, "control \"%s\" is not in the profile", scalar(idn));
	c->excluded = true;
	return get_str(p, rn, "reason", &c->exclude_reason);
}

static int
parse_exclusions(struct pctx *p, struct profile *prof, yaml_node_t *n)
{
	yaml_node_item_t *it;
	int rc;

	if (n->type != YAML_SEQUENCE_NODE)
		return perr(p, n, "exclusions must be a list of {id, reason}");
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
		if ((rc = parse_exclusion(p, prof, yaml_document_get_node(p->doc, *it))) < 0)
			return rc;
	return 0;
}

static int load_named(const char *ref, const char *from, int depth,
    struct profile **ret, char **ret_err);

static int
parse_root(struct pctx *p, yaml_node_t *root, struct profile **ret)
{
	static const char *const order[] = { "extends", "name", "description",
	    "benchmark", "level", "parameters", "controls", "exclusions" };
	struct profile *prof = NULL;
	yaml_node_pair_t *pr;
	yaml_node_t *val[8] = { 0 };
	size_t i;
	int rc;

	if (root == NULL || root->type != YAML_MAPPING_NODE)
		return perr(p, root, "a profile must be a YAML mapping");
	if ((rc = check_dups(p, root)) < 0)
		return rc;
	FOREACH_PAIR(p, root, pr) {
		yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);

		for (i = 0; i < 8; i++)
			if (strcmp(scalar(k), order[i]) == 0)
				break;
		if (i == 8)
			return perr(p, k, "unknown key \"%s\"", scalar(k));
		val[i] = yaml_document_get_node(p->doc, pr->value);
	}
	if (val[0] != NULL) {
		if (scalar(val[0]) == NULL)
			return perr(p, val[0], "extends must be a profile file name");
		if (p->depth >= MAX_EXTENDS)
			return perr(p, val[0], "profiles extend each other too deeply");
		if ((rc = load_named(scalar(val[0]), p->name, p->depth + 1, &prof,
		    &p->err)) < 0) {
			char *inner = p->err;

			/* name the file and line that asked for it */
			if (rc != -ENOMEM && asprintf(&p->err, "%s:%lu:%lu: extends "
			    "\"%s\": %s", p->name, (unsigned long)val[0]->start_mark.line + 1,
			    (unsigned long)val[0]->start_mark.column + 1, scalar(val[0]),
			    inner ? inner : strerror(-rc)) >= 0)
				free(inner);
			else
				p->err = inner;
			return rc;
		}
		free(prof->name);
		prof->name = NULL;
	} else if ((prof = calloc(1, sizeof(*prof))) == NULL)
		return -ENOMEM;
	*ret = prof;	/* the caller frees it on error too */
	free(prof->source);
	if ((prof->source = strdup(p->name)) == NULL)
		return -ENOMEM;
	if (val[1] != NULL && (rc = get_str(p, val[1], "name", &prof->name)) < 0)
		return rc;
	if (val[2] != NULL && (rc = get_str(p, val[2], "description", &prof->description)) < 0)
		return rc;
	if (val[0] == NULL)
		prof->edition = ED_DEFAULT;	/* else the extended profile's */
	if (val[3] != NULL && (rc = parse_benchmark(p, val[3], &prof->edition)) < 0)
		return rc;
	p->ed = prof->edition;
	if (val[4] != NULL && (rc = get_int(p, val[4], "level", 1, 2, &prof->level)) < 0)
		return rc;
	if (val[5] != NULL && (rc = parse_params(p, val[5], &prof->params)) < 0)
		return rc;
	if (val[6] != NULL && (rc = parse_controls(p, prof, val[6], val[0] != NULL)) < 0)
		return rc;
	if (val[7] != NULL && (rc = parse_exclusions(p, prof, val[7])) < 0)
		return rc;
	if (prof->name == NULL)
		return perr(p, root, "a profile needs a name");
	if (prof->params == NULL && (prof->params = cJSON_CreateObject()) == NULL)
		return -ENOMEM;
	for (i = 0; i < prof->nctl; i++)
		if (prof->ctl[i].params == NULL &&
		    (prof->ctl[i].params = cJSON_CreateObject()) == NULL)
			return -ENOMEM;
	return 0;
}

static int
parse_depth(const char *buf, size_t len, const char *name, int depth,
    struct profile **ret, char **ret_err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct pctx p = { .doc = &doc, .name = name, .depth = depth };
	struct profile *prof = NULL;
	int rc;

	*ret_err = NULL;
	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		yaml_mark_t m = parser.problem_mark;

		/* at the end of the input libyaml points past the last
		 * newline, a line the file does not have: name its last line */
		if (m.index >= len && len > 0 && buf[len - 1] == '\n' && m.line > 0 &&
		    m.column == 0) {
			size_t i = len - 1;

			m.line--;
			while (i > 0 && buf[i - 1] != '\n')
				i--;
			m.column = len - 1 - i;
		}
		if (asprintf(&p.err, "%s:%lu:%lu: %s%s%s", name,
		    (unsigned long)m.line + 1, (unsigned long)m.column + 1,
		    parser.problem ? parser.problem : "invalid YAML",
		    parser.context ? " " : "", parser.context ? parser.context : "") < 0)
			p.err = NULL;
		yaml_parser_delete(&parser);
		*ret_err = p.err;
		return -EINVAL;
	}
	rc = parse_root(&p, yaml_document_get_root_node(&doc), &prof);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (prof != NULL)
		prof->nall = prof->nctl;
	/* the file a caller asked for (not one it extends) comes out in its
	 * own edition, ready to use */
	if (rc == 0 && depth == 0)
		rc = profile_use_edition(prof, prof->edition);
	if (rc < 0) {
		profile_free(prof);
		*ret_err = p.err;
		return rc;
	}
	*ret = prof;
	return 0;
}

int
profile_parse(const char *buf, size_t len, const char *name,
    struct profile **ret, char **ret_err)
{
	return parse_depth(buf, len, name, 0, ret, ret_err);
}

static const struct embedded_profile *
find_embedded(const char *ref)
{
	const struct embedded_profile *e;
	const char *base = strrchr(ref, '/') ? strrchr(ref, '/') + 1 : ref;
	size_t n = strlen(base);

	for (e = embedded_profiles; e->name != NULL; e++) {
		if (strcmp(e->name, base) == 0)
			return e;
		/* "ecs-optimized" names "ecs-optimized.yaml" */
		if (strncmp(e->name, base, n) == 0 && strcmp(e->name + n, ".yaml") == 0)
			return e;
	}
	return NULL;
}

static int
read_file(const char *path, char **ret, size_t *ret_len)
{
	FILE *f;
	char *buf;
	size_t n;
	int rc = 0;

	if ((f = fopen(path, "re")) == NULL)
		return -errno;
	if ((buf = malloc(MAX_PROFILE + 1)) == NULL) {
		fclose(f);
		return -ENOMEM;
	}
	n = fread(buf, 1, MAX_PROFILE + 1, f);
	if (ferror(f))
		rc = -EIO;
	else if (n > MAX_PROFILE)
		rc = -EFBIG;
	fclose(f);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*ret = buf;
	*ret_len = n;
	return 0;
}

/*
 * Load a profile named ref: a file, else (for extends: beside "from")
 * a file in from's directory, else an embedded profile by name.
 */
static int
load_named(const char *ref, const char *from, int depth, struct profile **ret,
    char **ret_err)
{
	const struct embedded_profile *e;
	char *buf = NULL, *path = NULL, *label = NULL;
	size_t len = 0;
	int rc;

	*ret_err = NULL;
	if (from != NULL && ref[0] != '/' && strrchr(from, '/') != NULL &&
	    asprintf(&path, "%.*s/%s", (int)(strrchr(from, '/') - from), from, ref) < 0)
		return -ENOMEM;
	/* depth -1 (the default profile) or extended by an embedded
	 * profile: embedded only. A stray "cis-docker-1.5.0.yaml" (or
	 * "<embedded>/...") in the working directory must not replace it. */
	if (depth < 0 || (from != NULL && strncmp(from, "<embedded>/", 11) == 0))
		rc = -ENOENT;
	else
		rc = read_file(path ? path : ref, &buf, &len);
	if (depth < 0)
		depth = 0;
	if (rc == 0) {
		rc = parse_depth(buf, len, path ? path : ref, depth, ret, ret_err);
		goto out;
	}
	if (rc != -ENOENT || (e = find_embedded(ref)) == NULL) {
		char names[256] = "";

		for (e = embedded_profiles; rc == -ENOENT && e->name != NULL; e++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names),
			    "%s%.*s", names[0] ? ", " : "", (int)(strlen(e->name) -
			    (strstr(e->name, ".yaml") ? 5 : 0)), e->name);
		if (asprintf(ret_err, "%s: %s%s%s", path ? path : ref, strerror(-rc),
		    names[0] ? "; not an embedded profile either (embedded: " : "",
		    names[0] ? names : "") < 0)
			*ret_err = NULL;
		else if (names[0] && asprintf(&label, "%s)", *ret_err) >= 0) {
			free(*ret_err);
			*ret_err = label;
			label = NULL;
		}
		goto out;
	}
	if (asprintf(&label, "<embedded>/%s", e->name) < 0) {
		rc = -ENOMEM;
		goto out;
	}
	rc = parse_depth(e->data, e->len, label, depth, ret, ret_err);
out:
	free(label);
	free(path);
	free(buf);
	return rc;
}

int
profile_load(const char *path, struct profile **ret, char **ret_err)
{
	return load_named(path, NULL, 0, ret, ret_err);
}

int
profile_load_default(struct profile **ret, char **ret_err)
{
	return load_named(DEFAULT_PROFILE, NULL, -1, ret, ret_err);	/* -1: embedded only */
}

static void control_free(struct control *);

void
profile_free(struct profile *prof)
{
	size_t i;

	if (prof == NULL)
		return;
	for (i = 0; i < prof->nall; i++)
		control_free(&prof->ctl[i]);
	free(prof->ctl);
	cJSON_Delete(prof->params);
	free(prof->name);
	free(prof->description);
	free(prof->source);
	free(prof);
}

struct control *
profile_find(struct profile *prof, const char *id)
{
	size_t i;

	for (i = 0; i < prof->nctl; i++)
		if (prof->ctl[i].id != NULL && strcmp(prof->ctl[i].id, id) == 0)
			return &prof->ctl[i];
	return NULL;
}

static void
control_free(struct control *c)
{
	for (size_t j = 0; j < c->ntargets; j++)
		free(c->targets[j]);
	free(c->targets);
	cJSON_Delete(c->params);
	free(c->exclude_reason);
	free(c->value_at);
}

/* Where c goes for ed: benchmark order, the controls ed lacks last. */
static int
place(enum edition ed, const struct control *c)
{
	struct catentry ce;

	return catalogue_rank(c->key) +
	    (catalogue_by_key(ed, c->key, &ce) < 0 ? 1000 : 0);
}

int
profile_use_edition(struct profile *prof, enum edition ed)
{
	size_t i, n = 0;

	if ((unsigned)ed >= ED__MAX)
		return -EINVAL;
	/* every control stays (nall): another edition may have it; an
	 * insertion sort of at most 63 */
	for (i = 1; i < prof->nall; i++) {
		struct control t = prof->ctl[i];
		size_t j = i;

		for (; j > 0 && place(ed, &prof->ctl[j - 1]) > place(ed, &t); j--)
			prof->ctl[j] = prof->ctl[j - 1];
		prof->ctl[j] = t;
	}
	for (i = 0; i < prof->nall; i++) {
		struct control *c = &prof->ctl[i];
		struct catentry ce;

		if (catalogue_by_key(ed, c->key, &ce) < 0) {
			c->id = NULL;	/* the edition lacks it */
			continue;
		}
		c->id = ce.id;
		c->title = ce.title;
		c->automated = ce.automated;
		c->level = ce.level;
		c->section = ce.section;
		n++;
	}
	prof->nctl = n;
	prof->run_edition = ed;
	return 0;
}

/* Every id in the comma-separated list must be a control of prof. */
static int
check_ids(struct profile *prof, const char *list, const char *opt, char **ret_err)
{
	const char *p = list;

	while (p != NULL && *p != '\0') {
		size_t len = strcspn(p, ",");
		char id[32];

		if (len == 0 || len >= sizeof(id)) {
			if (asprintf(ret_err, "%s: bad control list \"%s\"", opt, list) < 0)
				*ret_err = NULL;
			return -EINVAL;
		}
		memcpy(id, p, len);
		id[len] = '\0';
		if (profile_find(prof, id) == NULL) {
			if (asprintf(ret_err, "%s: unknown control id \"%s\" in %s "
			    "(ids are the selected edition's: --benchmark)", opt, id,
			    edition_title(prof->run_edition)) < 0)
				*ret_err = NULL;
			return -EINVAL;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

int
profile_select(struct profile *prof, int level, const char *only,
    const char *skip, char **ret_err)
{
	size_t i;
	int rc;

	*ret_err = NULL;
	if (only != NULL && (*only == '\0' || strcmp(only, "none") == 0))
		only = NULL;
	if (skip != NULL && (*skip == '\0' || strcmp(skip, "none") == 0))
		skip = NULL;	/* AWSTOE parameters cannot be empty: "none" */
	if ((rc = check_ids(prof, only, "--only", ret_err)) < 0 ||
	    (rc = check_ids(prof, skip, "--skip", ret_err)) < 0)
		return rc;
	if (level == 0)
		level = prof->level ? prof->level : 2;
	for (i = 0; i < prof->nctl; i++) {
		struct control *c = &prof->ctl[i];

		c->selected = c->level <= level &&
		    (only == NULL || idlist_has(only, c->id)) &&
		    !idlist_has(skip, c->id);
	}
	return 0;
}

cJSON *
profile_param(const struct profile *prof, const struct control *c, const char *key)
{
	cJSON *v = NULL;

	if (c != NULL && c->params != NULL)
		v = cJSON_GetObjectItemCaseSensitive(c->params, key);
	if (v == NULL && prof->params != NULL)
		v = cJSON_GetObjectItemCaseSensitive(prof->params, key);
	return v;
}

const char *
profile_param_str(const struct profile *prof, const struct control *c, const char *key)
{
	cJSON *v = profile_param(prof, c, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}
