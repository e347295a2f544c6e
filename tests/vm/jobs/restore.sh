# (run by the harness after ". /job/lib.sh"; see lifecycle.sh job())
# Step g: on a booted instance, `cisharden restore` undoes the build
# phase's apply, unit files included, and systemd follows: the boot unit
# is gone from systemd too (not only from the disk), and no unit it
# touched waits for a daemon-reload.
check "g: boot unit loaded before restore" sh -c 'test "$(systemctl show -p LoadState --value cisharden-audit-runtime.service)" = loaded'
check "g: restore exits 0" sh -c 'cisharden restore >/job/out/restore.txt 2>&1'
check "g: restore reloaded systemd" grep -qx 'systemctl daemon-reload (unit files restored)' /job/out/restore.txt
check "g: boot unit files removed" sh -c '! ls /etc/systemd/system/cisharden-audit-runtime.* /etc/systemd/system/*.service.d/50-cisharden-audit-runtime.conf 2>/dev/null | grep -q .'
check "g: systemd no longer knows the boot unit" sh -c 'test "$(systemctl show -p LoadState --value cisharden-audit-runtime.service)" = not-found'
for u in docker.service containerd.service docker.socket; do
	check "g: $u needs no daemon-reload" sh -c "test \"\$(systemctl show -p NeedDaemonReload --value $u)\" = no"
done
check "g: docker.service has no cisharden drop-in left" sh -c '! systemctl show -p DropInPaths --value docker.service | grep -q cisharden'
check "g: docker still active" systemctl is-active docker.service
