#!/bin/bash
# tests/fuzz/run.sh - build every libFuzzer target and run each for a while.
#
#   FUZZ_SECONDS=20 (per target)
#   FUZZ_TARGETS="profile daemonjson auditrules unitfile mountinfo engineapi"
#   FUZZ_OUT=DIR (default $BUILDDIR/fuzz, else build/fuzz)
#   CC=clang
#   FUZZ_SANITIZE=address,undefined (default; "undefined" or "" for the
#     long unattended runs, where speed buys executions: see ROBUSTNESS.md)
# Targets are built with clang -fsanitize=fuzzer,address,undefined
# against src/*/*.c (not main.c) and the embedded profiles. The seed
# corpus is tests/fuzz/corpus/<target>/ (never written to); new inputs
# go to $FUZZ_OUT/corpus-<target>/, crashes to $FUZZ_OUT/artifacts/.
# Exit 1 when a target crashes, leaks or trips a sanitizer.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${FUZZ_OUT:-${BUILDDIR:-$top/build}/fuzz}
secs=${FUZZ_SECONDS:-20}
targets=${FUZZ_TARGETS:-"profile daemonjson auditrules unitfile mountinfo engineapi"}
cc=${CC:-clang}
case $cc in *clang*) ;; *) cc=clang ;; esac
mkdir -p "$out/obj" "$out/artifacts"

pkgs="yaml-0.1 libcjson audit libcurl"
sanitize=${FUZZ_SANITIZE-address,undefined}
san="-fno-omit-frame-pointer${sanitize:+ -fsanitize=$sanitize -fno-sanitize-recover=all}"
cflags="-std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Wno-unused-parameter $san $(for d in "$top"/src/*/; do printf -- "-I%s " "$d"; done)$(pkg-config --cflags $pkgs)"
libs=$(pkg-config --libs $pkgs)

# The embedded profiles, generated the way the CMake build does.
cmake -DOUT="$out/embedded_profiles.c" -DDIR="$top/profiles" -P "$top/cmake/embed.cmake" >/dev/null

objs=()
for src in "$top"/src/*/*.c "$out/embedded_profiles.c"; do
	name=$(basename "$src" .c)
	[ "$name" = main ] && continue
	extra=
	[ "$name" = profile ] && extra=-Dfopen=fuzz_fopen
	obj=$out/obj/$name.o
	if [ ! -e "$obj" ] || [ "$src" -nt "$obj" ] || [ "$here/run.sh" -nt "$obj" ] ||
	    [ -n "$(find "$top/src" -name '*.h' -newer "$obj" -print -quit)" ]; then
		$cc $cflags -fsanitize=fuzzer-no-link $extra -c "$src" -o "$obj"
	fi
	objs+=("$obj")
done
rm -f "$out/libcore.a"
ar rcs "$out/libcore.a" "${objs[@]}"

status=0
summary=
for t in $targets; do
	$cc $cflags -fsanitize=fuzzer "$here/fuzz_$t.c" "$here/fuzz_stubs.c" \
	    "$out/libcore.a" $libs -o "$out/fuzz_$t"
	mkdir -p "$out/corpus-$t"
	log=$out/fuzz_$t.log
	echo "fuzz_$t: ${secs}s"
	if "$out/fuzz_$t" "$out/corpus-$t" "$here/corpus/$t" \
	    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" >"$log" 2>&1; then
		execs=$(awk '/stat::number_of_executed_units/ { n += $2 } END { print n + 0 }' "$log")
		echo "fuzz_$t: ok, $execs executions, corpus $(ls "$out/corpus-$t" | wc -l) new + $(ls "$here/corpus/$t" | wc -l) seeds"
		summary="$summary $t=$execs"
	else
		echo "fuzz_$t: FAILED (log: $log)"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -20
		status=1
	fi
done
echo "fuzz executions:$summary"
exit $status
