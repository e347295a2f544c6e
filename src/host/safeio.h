/*
 * safeio.h - the only code that reads or writes the host's files
 * (reports and logs included).
 *
 * Every path is absolute and resolved beneath ctx->rootfd: symlinks in
 * parent directories are followed *inside* the root (like a chroot),
 * the last component is never followed, ".." never climbs out.
 * Functions return >= 0 on success (1 changed, 0 unchanged) or -errno.
 * Invariants (each has a test in tests/unit/test_safeio.c):
 *  1. A target file is always either the old bytes or the complete new
 *     ones; temporaries are removed on every error path.
 *  2. A symlink, hard link or non-regular file where a regular file is
 *     expected is refused (-ELOOP, -EMLINK, -EFTYPE mapped to -EINVAL).
 *  3. Owner and mode change through a file descriptor, bits are only
 *     removed, and the inode must be the one planned.
 *  4. Nothing outside the root is opened.
 */
#ifndef CISHARDEN_SAFEIO_H
#define CISHARDEN_SAFEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "ctx.h"

#define SAFEIO_MAX_FILE (4u << 20)	/* config files larger than this are refused */

/* Open the directory that holds path; *ret_base points at the last
 * component inside path. Returns an O_DIRECTORY fd or -errno. */
int safeio_open_parent(int rootfd, const char *path, const char **ret_base) WUR;
/* Open a directory (following in-root symlinks on the way, and on the
 * last component too). Returns fd or -errno. */
int safeio_open_dir(int rootfd, const char *path) WUR;
/* lstat of path beneath root: -ENOENT when missing. */
int safeio_lstat(int rootfd, const char *path, struct stat *ret_st) WUR;
/* stat following a final in-root symlink (for "does the unit exist"). */
int safeio_stat(int rootfd, const char *path, struct stat *ret_st) WUR;
/* Resolve path inside root, following symlinks (in-root), into a
 * malloc'd absolute path; -ENOENT when it does not exist. */
int safeio_realpath(int rootfd, const char *path, char **ret) WUR;
/* Read a regular file (no symlink, no hard link) of at most max bytes.
 * Returns 0 and a NUL-terminated malloc'd buffer, -ENOENT, -ELOOP
 * (symlink), -EMLINK (hard link), -EINVAL (not regular), -EFBIG. */
int safeio_read(int rootfd, const char *path, size_t max, char **ret_buf,
    size_t *ret_len, struct stat *ret_st) WUR;
/* Atomically replace (or create) path with buf: temp file in the same
 * directory, fchown/fchmod before it is visible, fsync, renameat,
 * fsync of the directory. An existing target must be a regular file
 * with one link. Returns 1 when written, 0 when the bytes, owner and
 * mode were already right. */
int safeio_write(int rootfd, const char *path, const void *buf, size_t len,
    uid_t uid, gid_t gid, mode_t mode) WUR;
/* The report file named by --report, a path on the host (not beneath
 * the root, resolved from the working directory): the same atomic
 * replace, owned by the caller, mode 0644; a symlink, hard link or
 * special file there is refused. */
int safeio_write_report(const char *path, const void *buf, size_t len) WUR;
/* Open a log file beneath root for appending (created with mode): the
 * last component is never followed and must be a regular file with one
 * link. Returns the fd and its current size, or -errno. */
int safeio_open_log(int rootfd, const char *path, mode_t mode,
    off_t *ret_size) WUR;
/* Create directory path (and missing parents) with mode, owned by root. */
int safeio_mkdirs(int rootfd, const char *path, mode_t mode) WUR;
/* Tighten owner and mode of the inode at path: it must still be
 * (dev, ino) and of type (S_IFMT bits). Returns 1 changed, 0 already so.
 * Needs no /proc on Linux 6.6+ (fchmodat2), nor for regular files and
 * directories on any kernel; a socket's mode on an older kernel without
 * /proc mounted: -ENOSYS (SAFEIO_NOPROC_WHY says what is missing). */
#define SAFEIO_NOPROC_WHY "changing the mode of a socket or device needs " \
	"/proc mounted or Linux 6.6+ (fchmodat2)"
int safeio_set_perms(int rootfd, const char *path, dev_t dev, ino_t ino,
    mode_t type, uid_t uid, gid_t gid, mode_t mode) WUR;
/* Set owner and mode of path exactly (restore may widen them again);
 * refuses symlinks and hard-linked files like every other write. */
int safeio_restore_perms(int rootfd, const char *path, uid_t uid, gid_t gid,
    mode_t mode) WUR;
/* Remove an empty directory beneath root (restore); -ENOTEMPTY otherwise. */
/* Set the modification time of path (not following a symlink); restore
 * puts back the mtime a file had, not only its bytes. */
int safeio_set_mtime(int rootfd, const char *path, const struct timespec *mtime) WUR;
int safeio_rmdir(int rootfd, const char *path) WUR;
/* Remove a file beneath root (used by restore for files we created). */
int safeio_unlink(int rootfd, const char *path) WUR;
/* List the entries of a directory (names only, sorted, no . and ..);
 * -ENOENT when missing. Free with strvec_free. */
int safeio_list(int rootfd, const char *path, char ***ret, size_t *ret_n) WUR;

/* The --root directory (a host path) as an O_PATH directory fd, or -errno. */
int safeio_open_root(const char *path) WUR;
/* Lock the root against another cisharden (flock on it, never blocking):
 * the fd holding the lock, -EWOULDBLOCK when another holds it, -errno. */
int safeio_lock(int rootfd) WUR;

/* Read at most max bytes of path beneath the root, from offset off or
 * the last max bytes when more follow (never through a final symlink):
 * a log's tail, NUL-terminated. 0 or -errno. */
int safeio_read_tail(int rootfd, const char *path, off_t off, size_t max,
    char **ret_buf, size_t *ret_len) WUR;

#endif
