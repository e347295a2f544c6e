/*
 * backup.h - apply's backup directory and manifest (backup.c).
 *
 * Owns: the per-run backup directory with its manifest.json, written
 * before each change, and every undo from it: rollback of a failed
 * apply, a failed restart's daemon.json, `cisharden restore`
 * (apply_restore, declared in apply.h). Never: decides what to change.
 */
#ifndef CISHARDEN_BACKUP_H
#define CISHARDEN_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "ctx.h"
#include "model.h"

struct backup {
	char *dir;		/* in-root path of this run's backup dir */
	cJSON *manifest;
	int nfiles;
};

/* Note kind (content, perms, dir, ...) of path in the manifest before it
 * changes (its old bytes saved for content), opening the backup first. */
int backup_entry(const struct ctx *, struct backup *, const char *kind,
    const char *path, const struct stat *st, const char *data, size_t len,
    bool save) WUR;
/* Note the directories a write of path creates, so an undo removes them. */
int backup_new_dirs(const struct ctx *, struct backup *, const char *path) WUR;
/* Note every owner/mode change of the plan in one manifest write,
 * before the first change. */
int backup_all_perms(const struct ctx *, struct backup *, struct run *) WUR;
/* A file change failed partway: put back everything this apply changed,
 * newest first. 1 all undone, -errno when an entry could not be (those
 * actions keep rolled_back false). */
int backup_rollback(const struct ctx *, struct backup *, struct run *) WUR;
/* Put back what this apply did to path (daemon.json before a failed
 * restart). 1 restored, 0 nothing to undo, -errno. */
int backup_undo_path(const struct ctx *, struct backup *, struct run *,
    const char *path) WUR;

#endif
