/* STUB: replaced by the section 2 work. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dockerapi.h"

int
dockerapi_get(const char *sock, const char *path, struct cJSON **ret,
    char **ret_err)
{
	(void)sock;
	(void)path;
	(void)ret;
	*ret_err = strdup("Engine API client not implemented yet");
	return -ENOSYS;
}
