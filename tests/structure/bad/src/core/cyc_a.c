/* cyc_a.c - half of a module cycle (test data for check_structure.py). */
int cyc_b(int);

int
cyc_a(int n)
{
	return n > 0 ? cyc_b(n - 1) : 0;
}
