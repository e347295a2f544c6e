# (run by the harness after ". /job/lib.sh"; see lifecycle.sh job())
# Step i, the reboot after audit-lock.sh: the kernel holds the rules
# apply wrote while it was locked, the boot unit loaded the runtime ones.
# not locked: auditctl -s answers, and not "enabled 2" (the format
# audit-lock.sh saw while locked); trixie's is not "enabled 1" here
check "i: after the reboot the kernel's audit configuration is not locked" sh -c 'auditctl -s >/tmp/audit-s && ! grep -q "^enabled 2" /tmp/audit-s'
check "i: after the reboot the boot unit has not failed" sh -c '! systemctl --failed --no-legend | grep -q cisharden-audit-runtime'
check "i: after the reboot auditctl -l has every rules.d rule whose directory exists" audit_agrees
check "i: after the reboot verify (scope all) exits 0" cis verify-rebooted verify
