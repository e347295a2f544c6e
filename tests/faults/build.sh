#!/bin/bash
# Build the test helpers: tests/faults/build.sh OUTDIR
#   OUTDIR/libinject.so  the LD_PRELOAD fault shim (inject.c)
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
echo "$out/libinject.so"
