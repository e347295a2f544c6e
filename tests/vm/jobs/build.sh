# (run by the harness after ". /job/lib.sh"; see lifecycle.sh job())
# Step a: the build phase on a running VM: install the .deb, dry run
# (changes nothing), apply, verify --scope files.
check "a: dpkg -i cisharden.deb" dpkg -i /job/cisharden.deb
tree_state >/tmp/state0
check "a: dry run exits 0" cis dry-run --dry-run
tree_state >/tmp/state1
check "a: dry run writes nothing" cmp /tmp/state0 /tmp/state1
check "a: apply exits 0" cis apply
check "a: verify --scope files exits 0" cis verify-files verify --scope files
check "a: boot unit installed" test -f /etc/systemd/system/cisharden-audit-runtime.service
if [ -f /job/disable-boot-unit ]; then
	# the mechanism removed on purpose: the test phase must then fail
	rm -f /etc/systemd/system/cisharden-audit-runtime.* \
		/etc/systemd/system/*.service.d/50-cisharden-audit-runtime.conf
fi
