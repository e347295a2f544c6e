# (run by the harness after ". /job/lib.sh"; see lifecycle.sh job())
# Step e: --restart-docker through the real systemctl: a drifted
# daemon.json is fixed and dockerd restarted; a config dockerd refuses
# is rolled back and dockerd runs again.
pid0=$(systemctl show -p MainPID --value docker.service)
python3 - <<'PY'
import json
p='/etc/docker/daemon.json'; d=json.load(open(p)); d['icc']=True
open(p,'w').write(json.dumps(d, indent=1) + '\n')
PY
check "e: drifted daemon.json fails verify" sh -c '! cisharden verify --scope files $(popt)'
check "e: apply --restart-docker exits 0" cis restart --restart-docker
pid1=$(systemctl show -p MainPID --value docker.service)
check "e: dockerd restarted by systemd (new MainPID)" test "$pid0" != "$pid1" -a "$pid1" != 0
check "e: API: icc off again" sh -c 'test "$(docker network inspect bridge --format "{{index .Options \"com.docker.network.bridge.enable_icc\"}}")" = false'
check "e: runtime rules in the kernel after the restart" audit_agrees
check "e: verify (scope all) exits 0" cis verify-after-restart verify
cp /etc/docker/daemon.json /tmp/before.json
printf 'name: vm-bad\nextends: cis-docker-1.5.0.yaml\ncontrols:\n  - id: "2.12"\n    parameters:\n      value: "cisharden-no-such-plugin"\n' >/tmp/bad.yaml
check_rc 1 "e: a config dockerd refuses: apply fails" sh -c 'cisharden --only 2.12 -p /tmp/bad.yaml --restart-docker >/job/out/bad.txt 2>&1'
check "e: says it rolled back" grep -q 'restored the previous /etc/docker/daemon.json' /job/out/bad.txt
check "e: daemon.json byte-identical to before" cmp /etc/docker/daemon.json /tmp/before.json
check "e: dockerd active again" systemctl is-active docker.service
check "e: API answers" docker info
check "e: verify (scope all) exits 0 after the rollback" cis verify-after-rollback verify
