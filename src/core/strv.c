/*
 * strv.c - see strv.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "strv.h"

bool
strv_has(const struct strv *s, const char *x)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], x) == 0)
			return true;
	return false;
}

int
strv_add(struct strv *s, const char *x)
{
	char **n;

	if (strv_has(s, x))
		return 0;
	if ((n = realloc(s->v, (s->n + 1) * sizeof(*n))) == NULL)
		return -ENOMEM;
	s->v = n;
	if ((s->v[s->n] = strdup(x)) == NULL)
		return -ENOMEM;
	s->n++;
	return 0;
}

static int
cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *
strv_join(struct strv *s, const char *sep)
{
	size_t i, len = 1;
	char *r;

	if (s->n == 0)
		return strdup("none");
	qsort(s->v, s->n, sizeof(*s->v), cmp_strp);
	for (i = 0; i < s->n; i++)
		len += strlen(s->v[i]) + strlen(sep);
	if ((r = malloc(len)) == NULL)
		return NULL;
	r[0] = '\0';
	for (i = 0; i < s->n; i++) {
		if (i > 0)
			strcat(r, sep);
		strcat(r, s->v[i]);
	}
	return r;
}

void
strv_free(struct strv *s)
{
	strvec_free(s->v, s->n);
	s->v = NULL;
	s->n = 0;
}

int
strvec_push(char ***v, size_t *n, char *s)
{
	char **nv;

	if (s == NULL)
		return -ENOMEM;
	if ((nv = realloc(*v, (*n + 2) * sizeof(*nv))) == NULL) {
		free(s);
		return -ENOMEM;
	}
	nv[(*n)++] = s;
	nv[*n] = NULL;
	*v = nv;
	return 0;
}

void
strvec_free(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
