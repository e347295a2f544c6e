# (run by the harness after ". /job/lib.sh"; see lifecycle.sh job())
# Steps c/d: a VM booted from the baked disk, no manual step: verify
# (scope all) passes, and the kernel, the socket and the Engine API say so.
boot=$(cat /job/boot-name)
check "$boot: docker, containerd, auditd active" systemctl is-active docker.service containerd.service auditd.service
systemctl status --no-pager cisharden-audit-runtime.service >"$OUT/audit-runtime-status.txt" 2>&1 || true
check "$boot: verify (scope all) exits 0" cis verify verify
check "$boot: docker.sock root:docker 0660" sh -c 'test "$(stat -L -c "%U:%G %a" /var/run/docker.sock)" = "root:docker 660"'
check "$boot: API: icc off on bridge" sh -c 'test "$(docker network inspect bridge --format "{{index .Options \"com.docker.network.bridge.enable_icc\"}}")" = false'
check "$boot: API: live-restore on" sh -c 'test "$(docker info --format "{{.LiveRestoreEnabled}}")" = true'
docker info --format '{{json .SecurityOptions}}' >"$OUT/security-options.txt" 2>&1 || true
# The Engine API does not show no-new-privileges or userland-proxy (20.10):
# run a container (an image of /bin/sleep and its libraries, no registry)
# with a published port and look at what the daemon did.
check "$boot: a local image for a container" sh -c 'tar -ch $(ldd /bin/sleep | grep -o "/[^ ]*") /bin/sleep 2>/dev/null | docker import - vmtest:1'
check "$boot: a container with a published port runs" docker run -d --name vmtest -p 127.0.0.1:18080:80 vmtest:1 /bin/sleep 600
check "$boot: container: NoNewPrivs 1 (no-new-privileges)" sh -c 'grep -q "^NoNewPrivs:[[:space:]]*1" /proc/$(docker inspect -f "{{.State.Pid}}" vmtest)/status'
check "$boot: no docker-proxy for the published port (userland-proxy off)" sh -c '! grep -qx docker-proxy /proc/[0-9]*/comm'
docker rm -f vmtest >/dev/null 2>&1 || true
check "$boot: auditctl -l has every rules.d rule whose directory exists (after a container ran)" audit_agrees
check "$boot: runtime rule /run/containerd/containerd.sock in the kernel" sh -c 'auditctl -l | grep -q /run/containerd/containerd.sock'
check "$boot: verify (scope all) exits 0 after a container ran" cis verify-after-container verify
