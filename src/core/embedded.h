/*
 * embedded.h - the profiles compiled into the binary (cmake/embed.cmake).
 */
#ifndef CISHARDEN_EMBEDDED_H
#define CISHARDEN_EMBEDDED_H

#include <stddef.h>

#define DEFAULT_PROFILE "cis-docker-1.5.0.yaml"

struct embedded_profile {
	const char *name;	/* basename, "cis-docker-1.5.0.yaml" */
	const char *data;	/* NUL-terminated */
	size_t len;
};

extern const struct embedded_profile embedded_profiles[];

#endif
