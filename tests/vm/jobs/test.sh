# Steps c/d: a VM booted from the baked disk, no manual step: verify
# (scope all) passes, and the kernel, the socket and the Engine API say so.
. /job/lib.sh
boot=$(cat /job/boot-name)
check "$boot: docker, containerd, auditd active" systemctl is-active docker.service containerd.service auditd.service
systemctl status --no-pager cisharden-audit-runtime.service >"$OUT/audit-runtime-status.txt" 2>&1 || true
check "$boot: verify (scope all) exits 0" cis verify verify
check "$boot: docker.sock root:docker 0660" sh -c 'test "$(stat -L -c "%U:%G %a" /var/run/docker.sock)" = "root:docker 660"'
check "$boot: API: icc off on bridge" sh -c 'test "$(docker network inspect bridge --format "{{index .Options \"com.docker.network.bridge.enable_icc\"}}")" = false'
check "$boot: API: live-restore on" sh -c 'test "$(docker info --format "{{.LiveRestoreEnabled}}")" = true'
check "$boot: API: no-new-privileges" sh -c 'docker info --format "{{json .SecurityOptions}}" | grep -q no-new-privileges'
check "$boot: dockerd runs with userland-proxy false (daemon.json)" sh -c 'grep -q "\"userland-proxy\": false" /etc/docker/daemon.json'
check "$boot: auditctl -l has every rules.d rule whose directory exists" audit_agrees
check "$boot: runtime rule /run/containerd/containerd.sock in the kernel" sh -c 'auditctl -l | grep -q /run/containerd/containerd.sock'
finish
