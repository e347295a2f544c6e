/* Unit tests of diff_unified(): output must be what "diff -u" prints. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diff.h"

static int
diff_is(struct check_count *cc, const char *old, const char *new, const char *want)
{
	char *d = diff_unified("/f", old, old ? strlen(old) : 0, new, strlen(new));
	int ok = d != NULL && strcmp(d, want) == 0;

	if (!ok)
		fprintf(stderr, "got:\n%s\nwanted:\n%s\n", d ? d : "(null)", want);
	CHECK(cc, ok);
	free(d);
	return ok;
}

int
main(void)
{
	struct check_count cc = { 0 };

	diff_is(&cc, "a\nb\n", "a\nb\n", "");
	diff_is(&cc, NULL, "x\n", "--- /dev/null\n+++ /f\n@@ -0,0 +1,1 @@\n+x\n");
	diff_is(&cc, "", "x\n", "--- /f\n+++ /f\n@@ -0,0 +1,1 @@\n+x\n");
	diff_is(&cc, "{\n}\n", "{\n\t\"icc\": false\n}\n",
	    "--- /f\n+++ /f\n@@ -1,2 +1,3 @@\n {\n+\t\"icc\": false\n }\n");
	/* two changes far apart give two hunks with 3 lines of context */
	diff_is(&cc, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
	    "1\nX\n3\n4\n5\n6\n7\n8\n9\n10\n11\nY\n",
	    "--- /f\n+++ /f\n@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n 4\n 5\n"
	    "@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+Y\n");
	/* changes close together share one hunk */
	diff_is(&cc, "1\n2\n3\n4\n5\n", "1\nA\n3\nB\n5\n",
	    "--- /f\n+++ /f\n@@ -1,5 +1,5 @@\n 1\n-2\n+A\n 3\n-4\n+B\n 5\n");
	/* a missing final newline is marked as diff does */
	diff_is(&cc, "a", "a\n",
	    "--- /f\n+++ /f\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+a\n");
	return check_done(&cc);
}
