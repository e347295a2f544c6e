# (run by the harness after ". /job/lib.sh"; see lifecycle.sh job())
# Step i, the reboot after audit-lock.sh: the kernel holds the rules
# apply wrote while it was locked, the boot unit loaded the runtime ones.
# not locked: not "enabled 2", the line audit-lock.sh saw while the
# kernel was locked (trixie's status after the reboot is not "enabled 1")
check "i: after the reboot the kernel's audit configuration is not locked" sh -c '! auditctl -s 2>&1 | grep -q "^enabled 2"'
check "i: after the reboot the boot unit has not failed" sh -c '! systemctl --failed --no-legend | grep -q cisharden-audit-runtime'
check "i: after the reboot auditctl -l has every rules.d rule whose directory exists" audit_agrees
check "i: after the reboot verify (scope all) exits 0" cis verify-rebooted verify
