/*
 * check.h - a minimal test harness: CHECK() records a failure with its
 * line and goes on; check_done() prints "N passed, M failed" and gives
 * the exit status ctest reads.
 */
#ifndef CISHARDEN_CHECK_H
#define CISHARDEN_CHECK_H

#include <stdio.h>

struct check_count {
	int passed, failed;
};

#define CHECK(cc, cond) do { \
	if (cond) \
		(cc)->passed++; \
	else { \
		(cc)->failed++; \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
	} \
} while (0)

#define CHECK_RC(cc, expr, want) do { \
	int check_rc_ = (expr); \
	if (check_rc_ == (want)) \
		(cc)->passed++; \
	else { \
		(cc)->failed++; \
		fprintf(stderr, "%s:%d: %s returned %d, wanted %d\n", __FILE__, \
		    __LINE__, #expr, check_rc_, (want)); \
	} \
} while (0)

/* Tests that keep one count for the whole file use EXPECT(cond). */
static struct check_count check_file_count __attribute__((unused));
#define EXPECT(cond) CHECK(&check_file_count, cond)

static inline int
check_done(const struct check_count *cc)
{
	printf("%d passed, %d failed\n", cc->passed, cc->failed);
	return cc->failed ? 1 : 0;
}

#endif
