# (run by the harness after ". /job/lib.sh"; see lifecycle.sh job())
# Step f, guest side: accept the harness's SSH key and stay up until the
# controller is done (it touches /run/cisharden-vm-done) or 30 minutes.
install -d -m 0700 /root/.ssh
install -m 0600 /job/authorized_keys /root/.ssh/authorized_keys
systemctl start ssh.service
check "f: sshd active" systemctl is-active ssh.service
i=0
while [ ! -e /run/cisharden-vm-done ] && [ $i -lt 1800 ]; do sleep 2; i=$((i + 2)); done
