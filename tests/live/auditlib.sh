# Shared by the live tests that add kernel audit rules and must take them
# out again. Source it.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/harness.sh"

# Delete one rule as `auditctl -l` prints it. auditctl prints a watch
# made with -w and a non-recursive `-F path=` rule the same way, and -W
# on a directory builds a dir= rule, so delete through -d with path=,
# then dir=.
live_delete_rule() {
	local words path perm keys=() i=2
	read -r -a words <<<"$1"
	[ "${words[0]}" = "-w" ] || return 1
	path=${words[1]}
	perm=
	while [ $i -lt ${#words[@]} ]; do
		case ${words[$i]} in
		-p) perm=${words[$((i + 1))]} ;;
		-k) keys+=(-F "key=${words[$((i + 1))]}") ;;
		esac
		i=$((i + 2))
	done
	auditctl -d always,exit -F "path=$path" ${perm:+-F perm=$perm} "${keys[@]}" 2>/dev/null ||
		auditctl -d always,exit -F "dir=$path" ${perm:+-F perm=$perm} "${keys[@]}" 2>/dev/null
}
