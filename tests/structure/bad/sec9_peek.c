/* sec9_peek.c - a planner that reads the host itself (test data). */
static int
plan(const struct ctx *ctx)
{
	struct stat st;

	/* safeio_read() in a comment is fine */
	return safeio_lstat(ctx->rootfd, "/etc/docker", &st) + stat("/x", &st);
}
