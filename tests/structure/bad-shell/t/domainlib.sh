. "$(dirname "${BASH_SOURCE[0]}")/../lib/harness.sh"
ping_ok() { true; }
