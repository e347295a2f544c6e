/*
 * profile.h - YAML profiles read with libyaml.
 *
 * Owns: parsing a profile (and the profiles it extends) into a struct
 * profile, the embedded default profile, and control selection by
 * --level, --only and --skip. Errors are "file:line:column: message".
 * Where parameters.value is set is noted (control.value_at); the
 * sections check the value (sections_check_params). Never: touches the
 * host beyond reading the profile files it is given (not through safeio
 * yet: tests/structure lists it as the one exception).
 */
#ifndef CISHARDEN_PROFILE_H
#define CISHARDEN_PROFILE_H

#include <stddef.h>

#include "catalogue.h"
#include "model.h"

struct profile {
	char *name;
	char *description;
	char *source;		/* file name, or "<embedded>" */
	int level;		/* profile key "level", 0 when unset */
	enum edition edition;	/* profile key "benchmark": the edition its
				 * ids are in (else the extended one's, v1.5.0) */
	enum edition run_edition;	/* the ids ctl[] carries now */
	struct cJSON *params;	/* top-level "parameters" object */
	struct control *ctl;
	size_t nctl;		/* the controls of run_edition, in benchmark order */
	size_t nall;		/* ctl[nctl..nall): controls run_edition lacks */
};

/* Parse buf (len bytes) named name. extends: is resolved relative to
 * name's directory, or to the embedded profiles by basename. On error
 * returns -EINVAL (or -errno) and sets *ret_err to a malloc'd
 * "name:line:col: message". */
int profile_parse(const char *buf, size_t len, const char *name,
    struct profile **ret, char **ret_err) WUR;
int profile_load(const char *path, struct profile **ret, char **ret_err) WUR;
int profile_load_default(struct profile **ret, char **ret_err) WUR;
void profile_free(struct profile *);
/* Give every control the edition's id, title, level and assessment
 * status (by catalogue key), in benchmark order; those the edition lacks
 * move past nctl. A loaded profile is in its own edition; call this
 * before profile_select: --only and --skip are that edition's ids. */
int profile_use_edition(struct profile *, enum edition) WUR;
/* Mark ctl[i].selected from level (0: profile or 2), only and skip.
 * Unknown ids in only/skip are an error (-EINVAL, *ret_err). */
int profile_select(struct profile *, int level, const char *only,
    const char *skip, char **ret_err) WUR;
struct control *profile_find(struct profile *, const char *id);
/* Parameter lookup: control params first, then profile params. */
const char *profile_param_str(const struct profile *, const struct control *,
    const char *key);
struct cJSON *profile_param(const struct profile *, const struct control *,
    const char *key);

#endif
