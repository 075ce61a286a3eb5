# Which KVM the suites use, sourced by tests/run: the host's /dev/kvm, or
# on a host without one the KVM box (scripts/kvmbox: kvm_amd under QEMU
# TCG), which tests/run then starts and stops. VMM_KVM=host or VMM_KVM=box
# forces either (scripts/kvmbox pick). Exports KVM_KIND (hardware, kvm_pvm
# or box) and VMM (the monitor command the suites run: ./vmm, or the box's
# client build/vmm-box).

# Suites that boot no guest: they run on any host, without a KVM.
KVM_FREE_SUITES="unit fsck fuzz icount"
KVM_BOX_STARTED=""

# kvm_choose SUITE...: chooses, says which in one line, starts the box when
# it is the choice. Returns 1, saying why, when the KVM cannot be used.
kvm_choose() {
	local s need=""
	for s in "$@"; do [[ " $KVM_FREE_SUITES " == *" $s "* ]] || need=1; done
	if [ -z "$need" ]; then
		echo "tests: KVM: none needed by these suites"
		return 0
	fi
	case $(scripts/kvmbox pick) in
	host)
		if [ ! -e /dev/kvm ]; then
			echo "tests: VMM_KVM=host, but /dev/kvm does not exist (VMM_KVM=box uses the KVM box)" >&2
			return 1
		fi
		if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
			echo "tests: no permission to use /dev/kvm (add yourself to group kvm)" >&2
			return 1
		fi
		export KVM_KIND=hardware
		[ -d /sys/module/kvm_pvm ] && KVM_KIND=kvm_pvm
		echo "tests: KVM: this host's /dev/kvm ($KVM_KIND)"
		;;
	box)
		export KVM_KIND=box
		echo "tests: KVM: the KVM box, kvm_amd under QEMU TCG" \
			"(${VMM_KVM:+VMM_KVM=$VMM_KVM}${VMM_KVM:-no usable /dev/kvm here})"
		if ! scripts/kvmbox status >/dev/null; then
			scripts/kvmbox start || return 1
			KVM_BOX_STARTED=1
		fi
		use_monitor ./vmm
		;;
	*) return 1 ;;
	esac
}

# Stops the box if kvm_choose started it.
kvm_done() {
	[ -z "$KVM_BOX_STARTED" ] || scripts/kvmbox stop
	KVM_BOX_STARTED=""
}
