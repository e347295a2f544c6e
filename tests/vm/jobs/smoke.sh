# Smoke: the booted guest runs dockerd from its units and audits.
set -e
systemctl is-active docker.service containerd.service auditd.service docker.socket
docker version --format '{{.Server.Version}}'
auditctl -s
findmnt /var/lib/docker
systemd-analyze blame | head -15
