# (run by the harness after ". /job/lib.sh"; see lifecycle.sh job())
# Step i, first boot (the end of boot d): the boot unit's systemd sandbox
# as systemd-analyze scores it, then the kernel's audit configuration
# locked (-e 2) with no rule in it, as a boot whose rules.d ends in -e 2
# leaves it before the runtime paths exist: the boot unit fails visibly,
# verify says "reboot required" (exit 7), apply still writes rules.d.
systemd-analyze security cisharden-audit-runtime.service >"$OUT/analyze-security.txt" 2>&1 || true
sed -n 's/.*Overall exposure level for cisharden-audit-runtime.service: *\([0-9.]*\).*/exposure \1/p' \
    "$OUT/analyze-security.txt" >"$OUT/exposure.txt"
check "i: systemd-analyze security: the boot unit's exposure is below 2.5 ($(cat "$OUT/exposure.txt"))" \
    awk '$1 == "exposure" && $2 != "" && $2 < 2.5 { ok = 1 } END { exit !ok }' "$OUT/exposure.txt"
check "i: the sandboxed boot unit has not failed" sh -c '! systemctl --failed --no-legend | grep -q cisharden-audit-runtime'
auditctl -D >/dev/null 2>&1
auditctl -e 2 >/dev/null 2>&1
check "i: the kernel's audit configuration is locked (enabled 2)" sh -c 'auditctl -s | grep -q "^enabled 2"'
check "i: the boot unit fails while the kernel is locked" sh -c '! systemctl restart cisharden-audit-runtime.service'
check "i: systemctl --failed lists the boot unit" sh -c 'systemctl --failed --no-legend | grep -q cisharden-audit-runtime.service'
check_rc 7 "i: verify exits 7 (reboot required)" cis verify-locked verify
check "i: verify says a reboot is required" grep -q 'immutable (-e 2): reboot' "$OUT/verify-locked.txt"
rm -f /etc/audit/rules.d/50-cisharden-docker.rules
check_rc 0 "i: apply while the kernel is locked exits 0" cis apply-locked
check "i: apply wrote rules.d again" test -s /etc/audit/rules.d/50-cisharden-docker.rules
check "i: apply says a reboot loads the rules" grep -q 'immutable (-e 2): reboot' "$OUT/apply-locked.txt"
