/* main.c - on top: may call every layer. */
int writer(const char *);
int plan(void *);
int fmt_read(const char *);

int
main(void)
{
	return writer("x") + plan(0) + fmt_read("y");
}
