/*
 * diff.c - unified diffs for dry runs.
 *
 * Config files are small, so a plain LCS table is fast enough and easy
 * to check; past MAX_CELLS the diff degrades to "remove all, add all",
 * still a correct patch.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"

#define CONTEXT 3
#define MAX_CELLS (16u << 20)

struct line {
	const char *s;
	size_t len;		/* without the newline */
	int nl;			/* ends with '\n' */
};

struct lines {
	struct line *v;
	size_t n;
};

struct op {
	char c;			/* ' ', '-', '+' */
	size_t a, b;		/* line index in old / new */
};

static int
split(const char *buf, size_t len, struct lines *ret)
{
	size_t i, start = 0, n = 0;

	ret->v = NULL;
	ret->n = 0;
	if (buf == NULL || len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (buf[i] == '\n')
			n++;
	if (buf[len - 1] != '\n')
		n++;
	if ((ret->v = calloc(n, sizeof(*ret->v))) == NULL)
		return -ENOMEM;
	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		ret->v[ret->n].s = buf + start;
		ret->v[ret->n].len = i - start;
		ret->v[ret->n].nl = i < len;
		ret->n++;
		start = i + 1;
	}
	return 0;
}

static int
line_eq(const struct line *x, const struct line *y)
{
	return x->len == y->len && x->nl == y->nl && memcmp(x->s, y->s, x->len) == 0;
}

/* The edit script old -> new, from an LCS table (or all-replace). */
static int
script(const struct lines *a, const struct lines *b, struct op **ret, size_t *ret_n)
{
	size_t n = a->n, m = b->n, i, j, k = 0;
	unsigned *t = NULL;
	struct op *ops;

	if ((ops = calloc(n + m + 1, sizeof(*ops))) == NULL)
		return -ENOMEM;
	if ((n + 1) * (m + 1) <= MAX_CELLS &&
	    (t = calloc((n + 1) * (m + 1), sizeof(*t))) != NULL) {
		for (i = n; i-- > 0;)
			for (j = m; j-- > 0;)
				t[i * (m + 1) + j] = line_eq(&a->v[i], &b->v[j]) ?
				    t[(i + 1) * (m + 1) + j + 1] + 1 :
				    (t[(i + 1) * (m + 1) + j] > t[i * (m + 1) + j + 1] ?
				    t[(i + 1) * (m + 1) + j] : t[i * (m + 1) + j + 1]);
	}
	i = j = 0;
	while (i < n || j < m) {
		if (t != NULL && i < n && j < m && line_eq(&a->v[i], &b->v[j])) {
			ops[k++] = (struct op){ ' ', i++, j++ };
		} else if (i < n && (j == m || t == NULL ||
		    t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1])) {
			ops[k++] = (struct op){ '-', i++, j };
		} else {
			ops[k++] = (struct op){ '+', i, j++ };
		}
	}
	free(t);
	*ret = ops;
	*ret_n = k;
	return 0;
}

static int
put_line(FILE *f, char c, const struct line *l)
{
	if (fputc(c, f) == EOF || fwrite(l->s, 1, l->len, f) != l->len ||
	    fputc('\n', f) == EOF)
		return -EIO;
	if (!l->nl && fputs("\\ No newline at end of file\n", f) == EOF)
		return -EIO;
	return 0;
}

static int
hunk(FILE *f, const struct op *ops, size_t from, size_t to,
    const struct lines *a, const struct lines *b)
{
	size_t i, na = 0, nb = 0, sa = ops[from].a, sb = ops[from].b;

	for (i = from; i < to; i++) {
		na += ops[i].c != '+';
		nb += ops[i].c != '-';
	}
	/* diff -u numbers an empty side from the line before it */
	if (fprintf(f, "@@ -%zu,%zu +%zu,%zu @@\n", na ? sa + 1 : sa, na,
	    nb ? sb + 1 : sb, nb) < 0)
		return -EIO;
	for (i = from; i < to; i++) {
		const struct line *l = ops[i].c == '+' ? &b->v[ops[i].b] : &a->v[ops[i].a];

		if (put_line(f, ops[i].c, l) < 0)
			return -EIO;
	}
	return 0;
}

static int
emit(FILE *f, const char *path, int have_old, const struct op *ops, size_t n,
    const struct lines *a, const struct lines *b)
{
	size_t i = 0;

	if (fprintf(f, "--- %s\n+++ %s\n", have_old ? path : "/dev/null", path) < 0)
		return -EIO;
	while (i < n) {
		size_t start, end, last;

		while (i < n && ops[i].c == ' ')
			i++;
		if (i == n)
			break;
		start = i > CONTEXT ? i - CONTEXT : 0;
		/* extend while the next change is within 2*CONTEXT lines */
		last = i;
		for (end = i; end < n; end++) {
			if (ops[end].c != ' ')
				last = end;
			else if (end - last > 2 * CONTEXT)
				break;
		}
		end = last + 1 + CONTEXT < n ? last + 1 + CONTEXT : n;
		if (hunk(f, ops, start, end, a, b) < 0)
			return -EIO;
		i = end;
	}
	return 0;
}

char *
diff_unified(const char *path, const char *old, size_t oldlen,
    const char *new, size_t newlen)
{
	struct lines a = { 0 }, b = { 0 };
	struct op *ops = NULL;
	size_t nops = 0, sz = 0;
	char *out = NULL;
	FILE *f = NULL;

	if (old != NULL && oldlen == newlen && memcmp(old, new, newlen) == 0)
		return strdup("");
	if (split(old, oldlen, &a) < 0 || split(new, newlen, &b) < 0 ||
	    script(&a, &b, &ops, &nops) < 0)
		goto fail;
	if ((f = open_memstream(&out, &sz)) == NULL)
		goto fail;
	if (emit(f, path, old != NULL, ops, nops, &a, &b) < 0) {
		fclose(f);
		goto fail;
	}
	if (fclose(f) != 0)
		goto fail;
	free(ops);
	free(a.v);
	free(b.v);
	return out;
fail:
	free(out);
	free(ops);
	free(a.v);
	free(b.v);
	return NULL;
}
