/* undo.c - apply calls core (fine) while core calls it (not fine). */
int cyc_a(int);

int
undo(int n)
{
	return cyc_a(n);
}
