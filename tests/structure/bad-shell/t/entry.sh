#!/bin/bash
# a ctest entry point that execs a test that sources the harness
exec bash "$SRCDIR/tests/t/good.sh" "$@"
