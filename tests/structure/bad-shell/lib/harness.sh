# stands for tests/lib/harness.sh (the checker reads, never runs, these files)
