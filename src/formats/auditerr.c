/*
 * auditerr.c - what an errno from the kernel's audit interface means to a
 * person (see auditerr.h).
 */
#include <errno.h>
#include <string.h>

#include "auditerr.h"

const char *
kaudit_strerror(int err)
{
	switch (err) {
	case -ENOSYS:
	case -EPROTONOSUPPORT:
	case -EAFNOSUPPORT:
		return "the kernel has no audit support";
	case -ECONNREFUSED:
		return "the kernel refuses audit requests here "
		    "(audit=0 or a container)";
	case -EPERM:
	case -EACCES:
		return "no permission to control kernel audit "
		    "(needs root with CAP_AUDIT_CONTROL)";
	case -ETIMEDOUT:
		return "the kernel did not answer the audit request";
	default:
		return strerror(-err);
	}
}
