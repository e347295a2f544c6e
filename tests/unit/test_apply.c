/*
 * test_apply.c - apply and restore on a temporary root, with plans built
 * by hand: a content write keeps the owner and mode it finds, a new file
 * gets the planned ones and its new directory, an owner/mode change hits
 * the planned inode; restore brings back bytes, owner, mode and mtime and
 * removes what apply created; a write that fails after others succeeded
 * rolls every change back and the live action (an audit rule load into a
 * fake kernel) never runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "apply.h"
#include "check.h"
#include "fake_kaudit.h"
#include "profile.h"

static struct check_count cc;

struct fixture {
	char dir[64];
	struct fake kernel;
	struct ctx ctx;
	struct profile *prof;
	struct run *run;
};

/* Put a file in the root with this content, owner, mode and mtime. */
static int
put(const char *root, const char *path, const char *data, uid_t uid, gid_t gid,
    mode_t mode)
{
	char full[512];
	struct timespec ts[2] = { { 1700000000, 0 }, { 1700000000, 0 } };
	int fd;
	ssize_t n;

	snprintf(full, sizeof(full), "%s%s", root, path);
	if ((fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		return -errno;
	n = write(fd, data, strlen(data));
	if (n != (ssize_t)strlen(data) || fchown(fd, uid, gid) < 0 ||
	    fchmod(fd, mode) < 0 || futimens(fd, ts) < 0) {
		close(fd);
		return -EIO;
	}
	return close(fd) < 0 ? -errno : 0;
}

static int
get(const char *root, const char *path, char *buf, size_t size, struct stat *st)
{
	char full[512];
	int fd;
	ssize_t n;

	snprintf(full, sizeof(full), "%s%s", root, path);
	if ((fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0 || fstat(fd, st) < 0) {
		close(fd);
		return -EIO;
	}
	buf[n] = '\0';
	close(fd);
	return 0;
}

static bool
exists(const char *root, const char *path)
{
	char full[512];
	struct stat st;

	snprintf(full, sizeof(full), "%s%s", root, path);
	return lstat(full, &st) == 0;
}

static int
setup(struct fixture *f)
{
	char *err = NULL;
	char etc[96];

	snprintf(f->dir, sizeof(f->dir), "/tmp/cisharden-test-apply.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -errno;
	snprintf(etc, sizeof(etc), "%s/etc", f->dir);
	if (mkdir(etc, 0755) < 0)
		return -errno;
	f->kernel = (struct fake){ .open_rc = 3, .enabled = 1 };
	f->ctx = (struct ctx){ .cmd = CMD_APPLY, .root = f->dir, .offline = true,
	    .scope = SCOPE_FILES, .level = 2, .msg = stderr, .out = stdout,
	    .kaudit = &fake_ops, .kaudit_arg = &f->kernel };
	if ((f->ctx.rootfd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -errno;
	if (profile_load_default(&f->prof, &err) < 0) {
		free(err);
		return -EINVAL;
	}
	if ((f->run = run_new(f->prof)) == NULL)
		return -ENOMEM;
	return 0;
}

static void
teardown(struct fixture *f)
{
	char cmd[128];

	run_free(f->run);
	profile_free(f->prof);
	arules_free(&f->kernel.rules);
	close(f->ctx.rootfd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
}

/* A content write of path: old is what the plan saw (NULL: absent). */
static struct action *
add_write(struct run *run, const char *path, const char *old, const char *data)
{
	struct action *a = run_add_action(run, ACT_WRITE, "2.2", path);

	if (a == NULL)
		return NULL;
	a->existed = old != NULL;
	a->keep_perms = old != NULL;	/* section 3 owns an existing file's */
	a->old_data = old ? strdup(old) : NULL;
	a->old_len = old ? strlen(old) : 0;
	a->data = strdup(data);
	a->len = strlen(data);
	a->uid = 0;
	a->gid = 0;
	a->mode = 0644;
	return a;
}

/* A unix socket at path, as dockerd's API socket is. */
static int
mksock(const char *root, const char *path, mode_t mode)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, rc;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s%s", root, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		return -errno;
	rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ? -errno : 0;
	close(fd);
	return rc < 0 ? rc : chmod(sa.sun_path, mode) < 0 ? -errno : 0;
}

static int
lstat_mode(const char *root, const char *path)
{
	char full[512];
	struct stat st;

	snprintf(full, sizeof(full), "%s%s", root, path);
	return lstat(full, &st) < 0 ? -1 : (int)(st.st_mode & 07777);
}

static struct action *
add_perms(struct run *run, const char *root, const char *path, uid_t uid,
    gid_t gid, mode_t mode)
{
	char full[512];
	struct stat st;
	struct action *a;

	snprintf(full, sizeof(full), "%s%s", root, path);
	if (lstat(full, &st) < 0 || (a = run_add_action(run, ACT_PERMS, "3.18", path)) == NULL)
		return NULL;
	a->dev = st.st_dev;
	a->ino = st.st_ino;
	a->type = st.st_mode & S_IFMT;
	a->old_uid = st.st_uid;
	a->old_gid = st.st_gid;
	a->old_mode = st.st_mode & 07777;
	a->uid = uid;
	a->gid = gid;
	a->mode = mode;
	return a;
}

/* A live action: load one watch rule into the (fake) kernel. */
static struct action *
add_audit_load(struct run *run)
{
	struct action *a = run_add_action(run, ACT_AUDIT_LOAD, "1.1.6", NULL);

	if (a == NULL || (a->data = strdup("-w /etc/docker -p rwxa -k docker\n")) == NULL)
		return NULL;
	a->len = strlen(a->data);
	return a;
}

static void
test_apply_restore(void)
{
	struct fixture f;
	struct action *h;
	struct stat st;
	char buf[256], *err = NULL, *out = NULL;
	size_t outlen = 0;
	FILE *msg;

	CHECK_RC(&cc, setup(&f), 0);
	CHECK_RC(&cc, put(f.dir, "/etc/a.conf", "old\n", 1000, 1000, 0600), 0);
	CHECK_RC(&cc, put(f.dir, "/etc/b.json", "{}\n", 1000, 0, 0666), 0);
	CHECK(&cc, add_write(f.run, "/etc/a.conf", "old\n", "new\n") != NULL);
	CHECK(&cc, add_write(f.run, "/etc/new/c.conf", NULL, "c\n") != NULL);
	CHECK(&cc, add_perms(f.run, f.dir, "/etc/b.json", 0, 0, 0644) != NULL);
	CHECK(&cc, (h = add_audit_load(f.run)) != NULL);

	/* three file changes and the rule load */
	CHECK_RC(&cc, apply_run(&f.ctx, f.run), 4);
	CHECK(&cc, f.kernel.adds == 1 && f.kernel.rules.n == 1);
	CHECK(&cc, f.run->rollback == 0);
	CHECK(&cc, f.run->backup != NULL);
	CHECK_RC(&cc, get(f.dir, "/etc/a.conf", buf, sizeof(buf), &st), 0);
	CHECK(&cc, strcmp(buf, "new\n") == 0);
	/* a content write keeps the owner and mode it finds (section 3's) */
	CHECK(&cc, st.st_uid == 1000 && st.st_gid == 1000 && (st.st_mode & 07777) == 0600);
	CHECK_RC(&cc, get(f.dir, "/etc/new/c.conf", buf, sizeof(buf), &st), 0);
	CHECK(&cc, strcmp(buf, "c\n") == 0);
	CHECK(&cc, st.st_uid == 0 && st.st_gid == 0 && (st.st_mode & 07777) == 0644);
	CHECK_RC(&cc, get(f.dir, "/etc/b.json", buf, sizeof(buf), &st), 0);
	CHECK(&cc, st.st_uid == 0 && st.st_gid == 0 && (st.st_mode & 07777) == 0644);
	CHECK(&cc, strcmp(buf, "{}\n") == 0);

	/* restore: bytes, owner, mode and mtime back; created file and
	 * directory gone */
	CHECK(&cc, (msg = open_memstream(&out, &outlen)) != NULL);
	if (msg == NULL)
		return;
	CHECK(&cc, apply_restore(&f.ctx, msg, &err) >= 3);
	fclose(msg);
	CHECK(&cc, err == NULL);
	CHECK_RC(&cc, get(f.dir, "/etc/a.conf", buf, sizeof(buf), &st), 0);
	CHECK(&cc, strcmp(buf, "old\n") == 0);
	CHECK(&cc, st.st_uid == 1000 && st.st_gid == 1000 && (st.st_mode & 07777) == 0600);
	CHECK(&cc, st.st_mtim.tv_sec == 1700000000);
	CHECK_RC(&cc, get(f.dir, "/etc/b.json", buf, sizeof(buf), &st), 0);
	CHECK(&cc, st.st_uid == 1000 && st.st_gid == 0 && (st.st_mode & 07777) == 0666);
	CHECK(&cc, !exists(f.dir, "/etc/new/c.conf"));
	CHECK(&cc, !exists(f.dir, "/etc/new"));
	CHECK(&cc, out != NULL && strstr(out, "/etc/a.conf") != NULL);
	free(out);
	/* nothing left to restore */
	CHECK(&cc, (msg = open_memstream(&out, &outlen)) != NULL);
	if (msg == NULL)
		return;
	CHECK_RC(&cc, apply_restore(&f.ctx, msg, &err), -ENOENT);
	fclose(msg);
	CHECK(&cc, err != NULL && strstr(err, "no backup to restore") != NULL);
	free(err);
	free(out);
	teardown(&f);
}

static void
test_rollback(void)
{
	struct fixture f;
	struct action *h, *bad, *sock;
	struct stat st;
	char buf[256];
	size_t i;

	CHECK_RC(&cc, setup(&f), 0);
	CHECK_RC(&cc, put(f.dir, "/etc/a.conf", "old\n", 1000, 1000, 0600), 0);
	CHECK_RC(&cc, put(f.dir, "/etc/b.json", "{}\n", 1000, 0, 0666), 0);
	CHECK_RC(&cc, put(f.dir, "/etc/z.conf", "someone else's\n", 0, 0, 0644), 0);
	CHECK(&cc, add_perms(f.run, f.dir, "/etc/b.json", 0, 0, 0644) != NULL);
	/* the Engine API socket's mode (3.16): a file change like any other,
	 * undone by the rollback and then not counted as changed */
	CHECK_RC(&cc, mksock(f.dir, "/etc/docker.sock", 0666), 0);
	CHECK(&cc, (sock = add_perms(f.run, f.dir, "/etc/docker.sock", 0, 0, 0660)) != NULL);
	CHECK(&cc, add_write(f.run, "/etc/a.conf", "old\n", "new\n") != NULL);
	CHECK(&cc, add_write(f.run, "/etc/new/c.conf", NULL, "c\n") != NULL);
	/* the plan saw other bytes: the write must fail (changed since) */
	CHECK(&cc, (bad = add_write(f.run, "/etc/z.conf", "planned\n", "x\n")) != NULL);
	CHECK(&cc, (h = add_audit_load(f.run)) != NULL);

	CHECK_RC(&cc, apply_run(&f.ctx, f.run), 0);
	CHECK(&cc, f.run->rollback == 1);
	/* live actions run only after every file change succeeded */
	CHECK(&cc, f.kernel.adds == 0 && f.kernel.rules.n == 0);
	CHECK(&cc, bad != NULL && bad->rc == -ESTALE && bad->err != NULL);
	for (i = 0; i < f.run->nact; i++) {
		const struct action *a = &f.run->act[i];

		if (!action_live(a) && a->rc > 0)
			CHECK(&cc, a->rolled_back);
	}
	CHECK(&cc, h != NULL && f.run->act[f.run->nact - 1].rc < 0);
	CHECK_RC(&cc, get(f.dir, "/etc/a.conf", buf, sizeof(buf), &st), 0);
	CHECK(&cc, strcmp(buf, "old\n") == 0);
	CHECK(&cc, st.st_uid == 1000 && (st.st_mode & 07777) == 0600);
	CHECK(&cc, st.st_mtim.tv_sec == 1700000000);
	CHECK_RC(&cc, get(f.dir, "/etc/b.json", buf, sizeof(buf), &st), 0);
	CHECK(&cc, st.st_uid == 1000 && (st.st_mode & 07777) == 0666);
	CHECK(&cc, !exists(f.dir, "/etc/new"));
	CHECK_RC(&cc, get(f.dir, "/etc/z.conf", buf, sizeof(buf), &st), 0);
	CHECK(&cc, strcmp(buf, "someone else's\n") == 0);
	CHECK(&cc, sock != NULL && sock->rc > 0 && sock->rolled_back);
	CHECK(&cc, lstat_mode(f.dir, "/etc/docker.sock") == 0666);
	teardown(&f);
}

int
main(void)
{
	if (geteuid() != 0) {
		printf("test_apply: needs root (owners), skipped\n");
		return 77;
	}
	test_apply_restore();
	test_rollback();
	return check_done(&cc);
}
