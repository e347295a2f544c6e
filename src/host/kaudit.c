/*
 * kaudit.c - kernel audit rules through libaudit (see kaudit.h).
 *
 * The rule layout mirrors what auditctl builds: a watch is an exit-filter,
 * action-always rule on every syscall with a path= (AUDIT_WATCH) or dir=
 * (AUDIT_DIR) field, a perm field and an optional key; `-w FILE -p wa -k
 * K` and `-a always,exit -F path=FILE -F perm=wa -k K` are the same rule.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libaudit.h>

#include "kaudit.h"

#define REPLY_TIMEOUT_MS 2000

bool
kaudit_unavailable(int err)
{
	return err == -ENOSYS || err == -EPERM || err == -EACCES ||
	    err == -ECONNREFUSED || err == -EPROTONOSUPPORT ||
	    err == -EAFNOSUPPORT;
}

/* --- libaudit ops ------------------------------------------------------ */

static int
la_open(void *arg)
{
	int fd;

	(void)arg;
	/* libaudit reports through audit_msg(); a module never prints */
	set_aumessage_mode(MSG_QUIET, DBG_NO);
	if ((fd = audit_open()) < 0) {
		if (errno == EINVAL || errno == EPROTONOSUPPORT ||
		    errno == EAFNOSUPPORT)
			return -ENOSYS;
		return errno ? -errno : -EIO;
	}
	return fd;
}

static void
la_close(void *arg, int fd)
{
	(void)arg;
	audit_close(fd);
}

/* Wait for the next netlink message: >0 got one, -errno. */
static int
next_reply(int fd, struct audit_reply *rep)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int rc;

	for (;;) {
		rc = audit_get_reply(fd, rep, GET_REPLY_NONBLOCKING, 0);
		if (rc > 0)
			return rc;
		if (rc < 0 && rc != -EAGAIN)
			return rc;
		do {
			rc = poll(&pfd, 1, REPLY_TIMEOUT_MS);
		} while (rc < 0 && errno == EINTR);
		if (rc < 0)
			return -errno;
		if (rc == 0)
			return -ETIMEDOUT;
	}
}

static int
la_enabled(void *arg, int fd)
{
	struct audit_reply rep;
	int rc;

	(void)arg;
	if ((rc = audit_request_status(fd)) < 0)
		return rc;
	for (;;) {
		if ((rc = next_reply(fd, &rep)) < 0)
			return rc;
		if (rep.type == NLMSG_ERROR) {
			if (rep.error->error != 0)
				return rep.error->error;
			continue;	/* the ack */
		}
		if (rep.type == AUDIT_GET)
			return (int)rep.status->enabled;
	}
}

/* Fields whose value is a length into the rule's string buffer. */
static bool
string_field(unsigned f)
{
	if (f >= AUDIT_SUBJ_USER && f <= AUDIT_OBJ_LEV_HIGH && f != AUDIT_PPID)
		return true;
#ifdef AUDIT_EXE
	if (f == AUDIT_EXE)
		return true;
#endif
	return f == AUDIT_WATCH || f == AUDIT_DIR || f == AUDIT_FILTERKEY;
}

static int
str_field(struct arule *r, unsigned f, const char *s, size_t n)
{
	char *v;

	if ((v = strndup(s, n)) == NULL)
		return -ENOMEM;
	if (f == AUDIT_FILTERKEY) {
		free(r->key);
		r->key = v;
		return 0;
	}
	free(r->path);
	r->path = v;
	r->kind = f == AUDIT_DIR ? AR_DIR : AR_PATH;
	return 0;
}

/* A kernel rule as struct arule: 1 plain watch, 0 anything else. The
 * last mask word is left out as auditctl does: the kernel folds syscall
 * classes into it. */
static int
from_kernel(const struct audit_rule_data *d, size_t len, struct arule *r)
{
	size_t off = 0, i;
	bool perm = false;
	int rc;

	memset(r, 0, sizeof(*r));
	if (len < sizeof(*d) || d->buflen > len - sizeof(*d) ||
	    d->field_count > AUDIT_MAX_FIELDS)
		return 0;
	if ((d->flags & AUDIT_FILTER_MASK) != AUDIT_FILTER_EXIT ||
	    (d->action != AUDIT_ALWAYS && d->action != AUDIT_NEVER))
		return 0;
	r->never = d->action == AUDIT_NEVER;
	for (i = 0; i + 1 < AUDIT_BITMASK_SIZE; i++)
		if (d->mask[i] != ~0u)
			return 0;
	for (i = 0; i < d->field_count; i++) {
		unsigned f = d->fields[i] & ~AUDIT_OPERATORS;
		unsigned op = d->fieldflags[i] & AUDIT_OPERATORS;

		if (string_field(f)) {
			if (d->values[i] > d->buflen - off)
				goto other;
			if ((f == AUDIT_WATCH || f == AUDIT_DIR ||
			    f == AUDIT_FILTERKEY) && op == AUDIT_EQUAL) {
				if (f != AUDIT_FILTERKEY && r->path != NULL)
					goto other;	/* two paths */
				if ((rc = str_field(r, f, d->buf + off,
				    d->values[i])) < 0) {
					arule_clear(r);
					return rc;
				}
			} else
				goto other;
			off += d->values[i];
		} else if (f == AUDIT_PERM && op == AUDIT_EQUAL) {
			r->perm = d->values[i] & AR_PERM_ALL;
			perm = true;
		} else
			goto other;
	}
	if (r->path == NULL)
		goto other;
	if (!perm)
		r->perm = AR_PERM_ALL;
	return 1;
other:
	arule_clear(r);
	return 0;
}

static int
la_list(void *arg, int fd, struct arules *out)
{
	struct audit_reply rep;
	struct arule r;
	int rc;

	(void)arg;
	if ((rc = audit_request_rules_list_data(fd)) < 0)
		return rc;
	for (;;) {
		if ((rc = next_reply(fd, &rep)) < 0)
			return rc;
		if (rep.type == NLMSG_DONE)
			return 0;
		if (rep.type == NLMSG_ERROR) {
			if (rep.error->error != 0)
				return rep.error->error;
			continue;
		}
		if (rep.type != AUDIT_LIST_RULES)
			continue;
		rc = from_kernel(rep.ruledata, (size_t)rep.len, &r);
		if (rc < 0)
			return rc;
		if (rc == 0)
			continue;
		if ((r.src = strdup("kernel")) == NULL)
			rc = -ENOMEM;
		else
			rc = arules_add(out, &r);
		arule_clear(&r);
		if (rc < 0)
			return rc;
	}
}

/* Append the key as auditctl does, without audit_rule_fieldpair_data(),
 * which would split a key at '=' and depends on libaudit globals. */
static int
add_key(struct audit_rule_data **rp, const char *key)
{
	struct audit_rule_data *r = *rp, *n;
	size_t klen = strlen(key);

	if (klen > AR_MAX_KEY || r->field_count >= AUDIT_MAX_FIELDS - 1)
		return -EINVAL;
	if ((n = realloc(r, sizeof(*r) + r->buflen + klen)) == NULL)
		return -ENOMEM;
	*rp = r = n;
	r->fields[r->field_count] = AUDIT_FILTERKEY;
	r->fieldflags[r->field_count] = AUDIT_EQUAL;
	r->values[r->field_count] = (uint32_t)klen;
	memcpy(r->buf + r->buflen, key, klen);
	r->buflen += (uint32_t)klen;
	r->field_count++;
	return 0;
}

static int
la_add(void *arg, int fd, const struct arule *a)
{
	struct audit_rule_data *r;
	int rc;

	(void)arg;
	if ((r = audit_rule_create_data()) == NULL)
		return -ENOMEM;
	if (audit_add_watch_dir(a->kind == AR_DIR ? AUDIT_DIR : AUDIT_WATCH,
	    &r, a->path) != 0) {
		rc = -EINVAL;
		goto out;
	}
	if (audit_update_watch_perms(r, (int)(a->perm & AR_PERM_ALL)) != 0) {
		rc = -EINVAL;
		goto out;
	}
	if (a->key != NULL && (rc = add_key(&r, a->key)) < 0)
		goto out;
	/* a never-rule goes to the front of the exit list: after a watch
	 * that covers it, it would exclude nothing */
	rc = audit_add_rule_data(fd, r, AUDIT_FILTER_EXIT |
	    (a->never ? AUDIT_FILTER_PREPEND : 0), a->never ? AUDIT_NEVER :
	    AUDIT_ALWAYS);
	rc = rc < 0 ? rc : 0;
out:
	audit_rule_free_data(r);
	return rc;
}

const struct kaudit_ops kaudit_libaudit_ops = {
	.open = la_open,
	.close = la_close,
	.enabled = la_enabled,
	.list = la_list,
	.add = la_add,
};

/* --- logic over the ops ------------------------------------------------ */

void
kaudit_state_clear(struct kaudit_state *st)
{
	arules_free(&st->rules);
	memset(st, 0, sizeof(*st));
}

int
kaudit_probe(const struct kaudit_ops *ops, void *arg, struct kaudit_state *st)
{
	int fd, rc;

	memset(st, 0, sizeof(*st));
	if ((fd = ops->open(arg)) < 0) {
		st->err = fd;
		return 0;
	}
	if ((rc = ops->enabled(arg, fd)) >= 0) {
		st->enabled = rc;
		rc = ops->list(arg, fd, &st->rules);
	}
	ops->close(arg, fd);
	if (rc == -ENOMEM) {
		arules_free(&st->rules);
		return rc;
	}
	if (rc < 0) {
		arules_free(&st->rules);
		st->err = rc;
	}
	return 0;
}

static int
append_err(char **err, const struct arule *r, int rc)
{
	char *line, *n;
	int len;

	if (arule_format(r, &line) < 0)
		return -ENOMEM;
	len = asprintf(&n, "%s%s%s: %s", *err ? *err : "", *err ? "; " : "",
	    line, kaudit_strerror(rc));
	free(line);
	if (len < 0)
		return -ENOMEM;
	free(*err);
	*err = n;
	return 0;
}

static int
load_one(const struct kaudit_ops *ops, void *arg, int fd,
    struct arules *have, const struct arule *w, struct kaudit_load *res,
    char **ret_err)
{
	int rc;

	if (arules_find(have, w) != NULL) {
		res->present++;
		return 0;
	}
	rc = ops->add(arg, fd, w);
	if (rc == 0) {
		res->added++;
		/* a later duplicate in want is then "present" */
		return arules_add(have, w);
	}
	if (rc == -EEXIST)
		res->present++;
	else if (rc == -ENOENT)
		res->no_parent++;
	else {
		res->failed++;
		return append_err(ret_err, w, rc);
	}
	return 0;
}

int
kaudit_load(const struct kaudit_ops *ops, void *arg, const struct arules *want,
    struct kaudit_load *res, char **ret_err)
{
	struct arules have = { 0 };
	size_t i;
	int fd, rc;

	memset(res, 0, sizeof(*res));
	*ret_err = NULL;
	if ((fd = ops->open(arg)) < 0) {
		rc = fd;
		goto fail;
	}
	if ((rc = ops->enabled(arg, fd)) < 0)
		goto fail;
	if (rc == 2) {
		res->immutable = true;
		rc = 0;
		goto out;
	}
	if ((rc = ops->list(arg, fd, &have)) < 0)
		goto fail;
	for (i = 0; i < want->n; i++)
		if ((rc = load_one(ops, arg, fd, &have, &want->v[i], res,
		    ret_err)) < 0)
			goto out;
	rc = 0;
	goto out;
fail:
	if (rc != -ENOMEM && asprintf(ret_err, "kernel audit rules: %s",
	    kaudit_strerror(rc)) < 0)
		*ret_err = NULL;
out:
	if (fd >= 0)
		ops->close(arg, fd);
	arules_free(&have);
	return rc;
}
