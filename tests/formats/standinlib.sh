# shellcheck shell=bash
# The stand-in AWS endpoint and instance metadata (standin.py) for shell
# tests, on top of the one harness. Sourced, never run.
#   standin_start DIR: serve on 127.0.0.1 until the test exits, log every
#   request to DIR/standin.log, and put `aws` (--endpoint-url at it, fake
#   credentials) and `curl` (169.254.169.254 rewritten to it) wrappers in
#   DIR/bin, for PATH. Sets STANDIN_URL.
#   standin_requests DIR TARGET|PATH: how many requests it recorded for that.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/harness.sh"

standin_start()
{
	local dir=$1 pid
	/usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/standin.py" \
		--port-file "$dir/standin.port" --log "$dir/standin.log" &
	pid=$!
	at_exit "kill $pid 2>/dev/null || true"
	for _ in $(seq 50); do [ -s "$dir/standin.port" ] && break; sleep 0.1; done
	[ -s "$dir/standin.port" ] || die "the stand-in endpoint did not start"
	STANDIN_URL=http://127.0.0.1:$(cat "$dir/standin.port")
	mkdir -p "$dir/bin"
	printf '#!/bin/bash\nexec /usr/bin/curl "${@//http:\\/\\/169.254.169.254/%s}"\n' "$STANDIN_URL" >"$dir/bin/curl"
	printf '%s\n' '#!/bin/bash' \
		'export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret AWS_CONFIG_FILE=/dev/null' \
		'export AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true AWS_PAGER=' \
		"exec /usr/bin/aws --endpoint-url $STANDIN_URL \"\$@\"" >"$dir/bin/aws"
	chmod 0755 "$dir/bin/curl" "$dir/bin/aws"
}

standin_requests()
{
	/usr/bin/python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) for r in [json.loads(l)]
		if sys.argv[2] in (r["target"], r["path"])))' "$1/standin.log" "$2"
}
