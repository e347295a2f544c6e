# Sourced by the VM suite's host side: settings, image keys, booting a VM;
# checks, skips and snapshots come from the one harness (tests/lib/harness.sh).
. "$(dirname "${BASH_SOURCE[0]}")/../lib/harness.sh"
VM_HARNESS_VERSION=1
VM_CACHE=${CISHARDEN_VM_CACHE:-/var/cache/cisharden-vm}
VM_MIRROR=${CISHARDEN_VM_MIRROR:-http://deb.debian.org/debian}
VM_ROOT_SIZE=3G
VM_DATA_SIZE=2G
VM_MEM=${CISHARDEN_VM_MEM:-1024}

vm_log() { echo "vm: $(date -u +%H:%M:%S) $*" >&2; }

vm_packages() { # the packages an image of release $1 is built from
	printf '%s\n' systemd systemd-sysv udev dbus docker.io containerd auditd \
		linux-image-cloud-amd64 initramfs-tools openssh-server python3 python3-apt apparmor \
		libyaml-0-2 libcjson1 libaudit1 e2fsprogs
	case $1 in
	bookworm) echo libcurl4 ;;
	trixie) echo libcurl4t64 docker-cli ;;
	esac
}

vm_image_dir() { # the cache directory of release $1's image
	local key
	key=$( { echo "$VM_HARNESS_VERSION $1 $VM_MIRROR"; vm_packages "$1";
		cat "$(dirname "${BASH_SOURCE[0]}")/image.sh" "$(dirname "${BASH_SOURCE[0]}")"/guest/*; } |
		sha256sum | cut -c1-16)
	echo "$VM_CACHE/$1-$key"
}

# KVM when a vCPU really runs here (boot the kernel to its first message
# within a timeout), TCG otherwise. Cached per run in $VM_ACCEL.
vm_accel() {
	local img=$1 out
	if [ -n "${VM_ACCEL:-}" ]; then echo "$VM_ACCEL"; return; fi
	VM_ACCEL=tcg
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		out=$(timeout 20 qemu-system-x86_64 -accel kvm -m 256 -nodefaults \
			-display none -serial stdio -no-reboot -kernel "$img/vmlinuz" \
			-append "console=ttyS0 panic=-1" 2>/dev/null </dev/null | head -c 200000 || true)
		case $out in *"Linux version"*) VM_ACCEL=kvm ;; esac
	fi
	echo "$VM_ACCEL"
}

# A copy-on-write overlay over a cached base: the base stays clean.
vm_overlay() { # BASE NEW
	qemu-img create -q -f qcow2 -F "${3:-raw}" -b "$1" "$2"
}

# A job disk (ext4, label cisjob) from directory $1, as file $2.
vm_jobdisk() {
	mkdir -p "$1/out"
	mkfs.ext4 -q -F -L cisjob -d "$1" "$2" 512M >/dev/null
}

# Copy the job's results (/out on the job disk) into directory $2.
vm_results() { # JOBDISK DEST
	rm -rf "$2" "$2.rd"; mkdir -p "$2.rd"
	debugfs -R "rdump /out $2.rd" "$1" >/dev/null 2>&1
	mv "$2.rd/out" "$2" 2>/dev/null || mkdir -p "$2"
	rm -rf "$2.rd"
}

# Boot: vm_boot IMAGEDIR ROOTDISK DATADISK JOBDISK CONSOLELOG [SSHPORT]
# Returns when the guest powered off (or after VM_TIMEOUT seconds).
vm_boot() {
	local img=$1 root=$2 data=$3 job=$4 log=$5 port=${6:-} accel net cpu
	accel=$(vm_accel "$img")
	if [ -n "$port" ]; then
		net=(-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:22" -device virtio-net-pci,netdev=n0)
	else
		net=()
	fi
	# TCG: QEMU's default CPU (emulating AVX2 and friends only costs time)
	cpu=(); [ "$accel" = kvm ] && cpu=(-cpu host)
	timeout "${VM_TIMEOUT:-900}" qemu-system-x86_64 -accel "$accel" "${cpu[@]}" \
		-m "$VM_MEM" -smp "${VM_SMP:-1}" -nodefaults -display none -no-reboot \
		-serial "file:$log" -kernel "$img/vmlinuz" -initrd "$img/initrd.img" \
		-append "console=ttyS0 root=/dev/vda rw panic=-1 quiet systemd.show_status=0 ${VM_APPEND:-}" \
		-drive "file=$root,if=virtio,format=qcow2" \
		-drive "file=$data,if=virtio,format=qcow2" \
		-drive "file=$job,if=virtio,format=raw" \
		"${net[@]}" </dev/null
}
