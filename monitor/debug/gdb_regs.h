/*
 * The registers as gdb sees them: the target descriptions (x86-64 and
 * i386, served by qXfer:features:read:target.xml) and the g/G/p/P
 * layouts, both made from one table so they cannot disagree. Values come
 * from KVM_GET_REGS and KVM_GET_SREGS: general registers, segment
 * selectors, fs_base and gs_base (x86-64), and the control registers
 * cr0 cr2 cr3 cr4 cr8 and efer in a feature of our own. The x87 registers
 * the core feature must list are reported unavailable.
 */
#ifndef VMM_GDB_REGS_H
#define VMM_GDB_REGS_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>

/* The target description, NUL-terminated; *len its length. */
const char *gdb_target_xml(bool i386, size_t *len);

/* The g reply: every register in hex into out (cap bytes with the NUL).
 * Returns the length, or 0 when it does not fit. */
size_t gdb_regs_read_all(bool i386, const struct kvm_regs *r, const struct kvm_sregs *s, char *out,
                         size_t cap);
/* G: every register from hex ("xx" digits leave one unchanged). Returns 0,
 * or -1 (nothing changed) when malformed. */
int gdb_regs_write_all(bool i386, const char *hex, size_t len, struct kvm_regs *r,
                       struct kvm_sregs *s);

/* p n: register n in hex into out. Returns the length, or 0 for no such
 * register. */
size_t gdb_reg_read(bool i386, unsigned n, const struct kvm_regs *r, const struct kvm_sregs *s,
                    char *out, size_t cap);
/* P n=hex: returns 0, or -1 for no such register, one not writable, or
 * bad hex. */
int gdb_reg_write(bool i386, unsigned n, const char *hex, size_t len, struct kvm_regs *r,
                  struct kvm_sregs *s);

/* The number of the program counter (rip, eip), for tests. */
unsigned gdb_reg_pc(bool i386);

#endif
