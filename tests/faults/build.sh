#!/bin/bash
# Build the test helpers: tests/faults/build.sh OUTDIR
#   OUTDIR/libinject.so  the LD_PRELOAD fault shim (inject.c)
#   OUTDIR/snap          tree snapshots for the checks (snap.c)
# Prints the shim's path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
cc=${CC:-cc}
if [ ! -e "$out/libinject.so" ] || [ "$here/inject.c" -nt "$out/libinject.so" ]; then
	$cc -std=gnu11 -O1 -g -Wall -Wextra -Werror -shared -fPIC \
	    -o "$out/libinject.so.tmp" "$here/inject.c" -ldl
	mv "$out/libinject.so.tmp" "$out/libinject.so"
fi
if [ ! -e "$out/snap" ] || [ "$here/snap.c" -nt "$out/snap" ]; then
	$cc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$out/snap.tmp" "$here/snap.c"
	mv "$out/snap.tmp" "$out/snap"
fi
echo "$out/libinject.so"
