# shellcheck shell=bash disable=SC2034 # KVM_LABEL: for the scripts that source this
# What the benchmark scripts share; sourced (scripts/bench-*), never run.
#
# bench_kvm ME: the KVM the benchmarks run on, decided as tests/kvm.sh
# decides it (scripts/kvmbox pick: the host's /dev/kvm when it opens, else
# the KVM box; VMM_KVM=host|box forces either). Sets and exports
#   KVM_KIND   hardware or kvm_pvm (the host's /dev/kvm), or box;
#   VMM        the monitor command: ./vmm, or build/vmm-box (the box's
#              client, which runs ./vmm in the box);
#   KVM_LABEL  the KVM in words, for the output.
# KVM_KIND and VMM already set (tests/run sets both) are kept. On the box,
# starts it when it is down; bench_kvm_done stops it again. A KVM that
# cannot be used ends the script with one line on stderr.
BENCH_BOX_STARTED=""

bench_kvm() {
	local me=$1
	if [ -z "${KVM_KIND:-}" ]; then
		case $(scripts/kvmbox pick) in
		host)
			KVM_KIND=hardware
			[ -d /sys/module/kvm_pvm ] && KVM_KIND=kvm_pvm
			;;
		box) KVM_KIND=box ;;
		*) exit 1 ;; # kvmbox said why
		esac
	fi
	case $KVM_KIND in
	box)
		VMM=${VMM:-build/vmm-box}
		KVM_LABEL="the KVM box (kvm_amd under QEMU TCG)"
		if ! scripts/kvmbox status >/dev/null; then
			scripts/kvmbox start || { echo "$me: the KVM box did not start" >&2; exit 1; }
			BENCH_BOX_STARTED=1
		fi
		;;
	hardware | kvm_pvm)
		VMM=${VMM:-./vmm}
		KVM_LABEL="this host's /dev/kvm ($KVM_KIND)"
		[ -r /dev/kvm ] && [ -w /dev/kvm ] || {
			echo "$me: cannot open /dev/kvm (VMM_KVM=box runs the benchmarks in the KVM box)" >&2
			exit 1
		}
		;;
	*)
		echo "$me: KVM_KIND=$KVM_KIND: hardware, kvm_pvm or box" >&2
		exit 1
		;;
	esac
	export KVM_KIND VMM
}

bench_kvm_done() {
	[ -z "$BENCH_BOX_STARTED" ] || scripts/kvmbox stop
	BENCH_BOX_STARTED=""
}

# bench_outdir DIR: the results folder: DIR, or results/DATE-TIME, which
# results/latest then points at. Sets BENCH_OUT and BENCH_CSV (its
# raw.csv, made with its header when missing).
bench_outdir() {
	local stamp
	BENCH_OUT=$1
	if [ -z "$BENCH_OUT" ]; then
		stamp=$(date +%Y%m%d-%H%M%S)
		BENCH_OUT=results/$stamp
		mkdir -p "$BENCH_OUT" && ln -sfn "$stamp" results/latest
	fi
	mkdir -p "$BENCH_OUT" || exit 1
	BENCH_CSV=$BENCH_OUT/raw.csv
	[ -s "$BENCH_CSV" ] || echo "section,system,arch,name,round,ops,metric,value" >"$BENCH_CSV"
	# When and where: the tables name them.
	[ -s "$BENCH_OUT/host" ] || {
		echo "date $(date '+%Y-%m-%d %H:%M')"
		echo "host $(uname -n)"
		echo "cpu $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	} >"$BENCH_OUT/host"
}

# bench_need FILE...: each exists, or one line naming the first that does
# not and the end of the script.
bench_need() {
	local f
	for f in "$@"; do
		[ -e "$f" ] || { echo "${me:-bench}: $f: no such file (make bench builds the tree's)" >&2; exit 1; }
	done
}
