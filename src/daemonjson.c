/* STUB: replaced by the section 2 work. */
#include <errno.h>
#include <stdio.h>
#include <cjson/cJSON.h>
#include "daemonjson.h"

int
daemonjson_parse(const char *buf, size_t len, const char *name,
    struct cJSON **ret, char **ret_err)
{
	cJSON *j = cJSON_ParseWithLength(buf, len);

	if (j == NULL || !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		if (asprintf(ret_err, "%s: invalid JSON", name) < 0)
			*ret_err = NULL;
		return -EINVAL;
	}
	*ret = j;
	return 0;
}
