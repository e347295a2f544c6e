/*
 * buf.h - the one growable text buffer.
 *
 * Owns: appending bytes to a NUL-terminated malloc'd buffer. A failed
 * allocation is sticky: later appends do nothing and buf_err() says
 * -ENOMEM, so a builder checks once at the end.
 * Never: prints or touches the host.
 */
#ifndef CISHARDEN_BUF_H
#define CISHARDEN_BUF_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"

struct buf {
	char *p;		/* NULL until the first append */
	size_t len, cap;
	bool oom;
};

void buf_add(struct buf *, const char *s, size_t n);
void buf_adds(struct buf *, const char *s);
void buf_addc(struct buf *, char c);
void buf_addf(struct buf *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* 0, or -ENOMEM when an append failed. */
int buf_err(const struct buf *) WUR;
/* The text (never NULL unless out of memory); the caller owns it and
 * the buffer is empty again. */
char *buf_steal(struct buf *) WUR;
void buf_free(struct buf *);

#endif
