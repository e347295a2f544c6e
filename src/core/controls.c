/*
 * controls.c - see controls.h.
 */
#include <string.h>

#include "controls.h"

static const struct ctldef controls[] = {
	{ "1.1.1", 1 }, { "1.1.2", 1 }, { "1.1.3", 1 }, { "1.1.4", 1 },
	{ "1.1.5", 1 }, { "1.1.6", 1 }, { "1.1.7", 1 }, { "1.1.8", 1 },
	{ "1.1.9", 1 }, { "1.1.10", 1 }, { "1.1.11", 1 }, { "1.1.12", 1 },
	{ "1.1.13", 1 }, { "1.1.14", 1 }, { "1.1.15", 1 }, { "1.1.16", 1 },
	{ "1.1.17", 1 }, { "1.1.18", 1 }, { "1.2.1", 1 }, { "1.2.2", 1 },
	{ "2.1", 2 }, { "2.2", 2 }, { "2.3", 2 }, { "2.4", 2 }, { "2.5", 2 },
	{ "2.6", 2 }, { "2.7", 2 }, { "2.8", 2 }, { "2.9", 2 }, { "2.10", 2 },
	{ "2.11", 2 }, { "2.12", 2 }, { "2.13", 2 }, { "2.14", 2 },
	{ "2.15", 2 }, { "2.16", 2 }, { "2.17", 2 }, { "2.18", 2 },
	{ "3.1", 3 }, { "3.2", 3 }, { "3.3", 3 }, { "3.4", 3 }, { "3.5", 3 },
	{ "3.6", 3 }, { "3.7", 3 }, { "3.8", 3 }, { "3.9", 3 }, { "3.10", 3 },
	{ "3.11", 3 }, { "3.12", 3 }, { "3.13", 3 }, { "3.14", 3 },
	{ "3.15", 3 }, { "3.16", 3 }, { "3.17", 3 }, { "3.18", 3 },
	{ "3.19", 3 }, { "3.20", 3 }, { "3.21", 3 }, { "3.22", 3 },
	{ "3.23", 3 }, { "3.24", 3 },
};

#define NCONTROLS (sizeof(controls) / sizeof(controls[0]))

/* Where id would be in the table: the ids are "1.1.N", "1.2.N", "2.N"
 * and "3.N" in benchmark order, so the number after the last dot and
 * the prefix give the index (checked by the caller's strcmp). */
static size_t
guess(const char *id)
{
	const char *dot = strrchr(id, '.');
	size_t n = 0, base;
	const char *p;

	if (dot == NULL || dot[1] == '\0')
		return NCONTROLS;
	for (p = dot + 1; *p >= '0' && *p <= '9' && n < NCONTROLS; p++)
		n = n * 10 + (size_t)(*p - '0');
	if (*p != '\0' || n == 0)
		return NCONTROLS;
	if (strncmp(id, "1.1.", 4) == 0)
		base = 0;
	else if (strncmp(id, "1.2.", 4) == 0)
		base = 18;
	else if (strncmp(id, "2.", 2) == 0)
		base = 20;
	else if (strncmp(id, "3.", 2) == 0)
		base = 38;
	else
		return NCONTROLS;
	return base + n - 1;
}

const struct ctldef *
controls_find(const char *id)
{
	size_t i = guess(id);

	if (i < NCONTROLS && strcmp(controls[i].id, id) == 0)
		return &controls[i];
	return NULL;
}

const struct ctldef *
controls_at(size_t i)
{
	return i < NCONTROLS ? &controls[i] : NULL;
}
