/*
 * dockerapi.c - GET requests to the Engine API over its unix socket.
 *
 * Timeouts are short (2 s to connect, 5 s in all): a daemon that does
 * not answer that fast is reported as unreachable rather than letting a
 * hardening run hang. Answers are capped at 4 MiB.
 *
 * libcurl is loaded with dlopen() only when a socket is there to ask:
 * linking it pulls in some 35 libraries (TLS, LDAP, Kerberos, SSH) whose
 * loading costs ~5 ms per run, more than everything else cisharden does,
 * and offline runs (--root, --scope files, no dockerd) never need it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "dockerapi.h"

#define API_MAX (4u << 20)

/* The libcurl functions used here, resolved from the loaded library. */
struct curlfn {
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char *(*easy_strerror)(CURLcode);
	void (*easy_cleanup)(CURL *);
};

/* RTLD_NODELETE keeps the library mapped, so a later dlopen() in the same
 * process is only a reference count, not a second 5 ms load. */
#ifdef CISHARDEN_STATIC_CURL
/* The static build (tools/build-static.sh) links libcurl in: no loading. */
static int
curl_load(struct curlfn *f)
{
	f->easy_init = curl_easy_init;
	f->easy_setopt = curl_easy_setopt;
	f->easy_perform = curl_easy_perform;
	f->easy_getinfo = curl_easy_getinfo;
	f->easy_strerror = curl_easy_strerror;
	f->easy_cleanup = curl_easy_cleanup;
	return 0;
}
#else
static int
curl_load(struct curlfn *f)
{
	void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);

	if (h == NULL)
		return -ENOSYS;
	*(void **)&f->easy_init = dlsym(h, "curl_easy_init");
	*(void **)&f->easy_setopt = dlsym(h, "curl_easy_setopt");
	*(void **)&f->easy_perform = dlsym(h, "curl_easy_perform");
	*(void **)&f->easy_getinfo = dlsym(h, "curl_easy_getinfo");
	*(void **)&f->easy_strerror = dlsym(h, "curl_easy_strerror");
	*(void **)&f->easy_cleanup = dlsym(h, "curl_easy_cleanup");
	dlclose(h);	/* NODELETE: the functions stay valid */
	if (f->easy_init == NULL || f->easy_setopt == NULL || f->easy_perform == NULL ||
	    f->easy_getinfo == NULL || f->easy_strerror == NULL || f->easy_cleanup == NULL)
		return -ENOSYS;
	return 0;
}
#endif

struct body {
	char *p;
	size_t len;
	bool too_big;
};

static size_t
on_data(char *data, size_t size, size_t nmemb, void *arg)
{
	struct body *b = arg;
	size_t n = size * nmemb;
	char *np;

	if (b->len + n > API_MAX) {
		b->too_big = true;
		return 0;
	}
	if ((np = realloc(b->p, b->len + n + 1)) == NULL)
		return 0;
	b->p = np;
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return n;
}

static int
seterr(char **ret_err, int rc, const char *fmt, const char *a, const char *b)
{
	if (asprintf(ret_err, fmt, a, b) < 0)
		*ret_err = NULL;
	return rc;
}

/* GET path; on success *ret_body holds the NUL-terminated answer. */
static int
get(const char *sock, const char *path, char **ret_body, char **ret_err)
{
	char url[512], errbuf[CURL_ERROR_SIZE] = "";
	struct body b = { 0 };
	struct curlfn fn;
	struct stat st;
	long status = 0;
	CURL *c;
	CURLcode cc;
	int rc = 0;

	*ret_err = NULL;
	if (sock == NULL || path == NULL || path[0] != '/')
		return seterr(ret_err, -EINVAL, "bad Engine API request%s%s", "", "");
	/* Nobody to ask: say so without loading libcurl. */
	if (stat(sock, &st) < 0 || !S_ISSOCK(st.st_mode))
		return seterr(ret_err, -ENOENT, "Engine API at %s: %s", sock,
		    "no such socket");
	if (curl_load(&fn) < 0)
		return seterr(ret_err, -ENOSYS, "cannot load libcurl.so.4%s%s",
		    " (is libcurl4 installed?)", "");
	snprintf(url, sizeof(url), "http://localhost%s", path);
	if ((c = fn.easy_init()) == NULL)
		return seterr(ret_err, -ENOMEM, "curl_easy_init failed%s%s", "", "");
	if (fn.easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, sock) != CURLE_OK ||
	    fn.easy_setopt(c, CURLOPT_URL, url) != CURLE_OK ||
	    fn.easy_setopt(c, CURLOPT_HTTPGET, 1L) != CURLE_OK ||
	    fn.easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    fn.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 2000L) != CURLE_OK ||
	    fn.easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L) != CURLE_OK ||
	    fn.easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf) != CURLE_OK ||
	    fn.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data) != CURLE_OK ||
	    fn.easy_setopt(c, CURLOPT_WRITEDATA, &b) != CURLE_OK) {
		rc = seterr(ret_err, -EINVAL, "curl_easy_setopt failed%s%s", "", "");
		goto out;
	}
	cc = fn.easy_perform(c);
	if (cc == CURLE_COULDNT_CONNECT) {
		rc = seterr(ret_err, -ECONNREFUSED, "Engine API at %s: %s", sock,
		    errbuf[0] ? errbuf : fn.easy_strerror(cc));
		goto out;
	}
	if (cc != CURLE_OK) {
		rc = seterr(ret_err, b.too_big ? -EFBIG : cc ==
		    CURLE_OPERATION_TIMEDOUT ? -ETIMEDOUT : -EIO,
		    "Engine API at %s: %s", sock,
		    errbuf[0] ? errbuf : fn.easy_strerror(cc));
		goto out;
	}
	if (fn.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK)
		status = 0;	/* reported below as "HTTP 0" */
	if (status != 200) {
		char code[32];

		snprintf(code, sizeof(code), "%ld", status);
		rc = seterr(ret_err, -EPROTO, "Engine API GET %s: HTTP %s",
		    path, code);
		goto out;
	}
	if (b.p == NULL && (b.p = strdup("")) == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	*ret_body = b.p;
	b.p = NULL;
out:
	free(b.p);
	fn.easy_cleanup(c);
	return rc;
}

int
dockerapi_get(const char *sock, const char *path, cJSON **ret,
    char **ret_err)
{
	char *body = NULL;
	cJSON *j;
	int rc;

	if ((rc = get(sock, path, &body, ret_err)) < 0)
		return rc;
	j = cJSON_Parse(body);
	free(body);
	if (j == NULL)
		return seterr(ret_err, -EPROTO, "Engine API GET %s: answer is "
		    "not JSON%s", path, "");
	*ret = j;
	return 0;
}

int
dockerapi_ping(const char *sock, char **ret_err)
{
	char *body = NULL;
	int rc;

	if ((rc = get(sock, "/_ping", &body, ret_err)) < 0)
		return rc;
	rc = strncmp(body, "OK", 2) == 0 ? 0 :
	    seterr(ret_err, -EPROTO, "Engine API /_ping answered %.40s%s", body, "");
	free(body);
	return rc;
}
