/* cyc_b.c - the other half of the cycle, and core calling up into apply:
 * a folder cycle (apply calls core). */
int cyc_a(int);
int undo(int);

int
cyc_b(int n)
{
	return cyc_a(n) + undo(n);
}
