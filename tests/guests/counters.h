/* Offsets in struct vmm_counters (include/vmm_abi.h) for the assembly
 * test guest counters.S; tests/unit/test_counters.c checks each against
 * the struct. */
#ifndef TG_COUNTERS_H
#define TG_COUNTERS_H

#define CTR_STATUS     0
#define CTR_HOST_NS    8
#define CTR_INSN       16
#define CTR_KVM_EXITS  24
#define CTR_EXITS      32
#define CTR_IO_EXITS   40
#define CTR_MMIO_EXITS 48
#define CTR_PORT_IO    56 /* an array of VMM_COUNTERS_PORTS */
#define CTR_UNCLAIMED  120
#define CTR_SIZE       128

#endif
