#!/bin/bash
# sources the harness through a domain library, wraps snapshot: no finding
. "$(dirname "$0")/domainlib.sh"
live_snapshot() { snapshot / etc/docker; auditctl -l; }
check "a message that says apt-get install x is fine" true
summary
