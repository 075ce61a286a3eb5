/*
 * The part of QEMU's TCG plugin API (version 1, as in QEMU 7.2) that the
 * instruction counter uses, declared from QEMU's documentation: Debian
 * ships QEMU with plugin support but without its qemu-plugin.h. QEMU
 * resolves these functions in its own executable when it loads the plugin
 * (the plugin is linked without them: -shared leaves them undefined).
 *
 * A plugin exports qemu_plugin_version (the API version it was written
 * for, which QEMU checks) and qemu_plugin_install (called once, with the
 * plugin's key=value arguments; non-zero refuses the load).
 */
#ifndef ICOUNT_QEMU_PLUGIN_API_H
#define ICOUNT_QEMU_PLUGIN_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QEMU_PLUGIN_EXPORT  __attribute__((visibility("default")))
#define QEMU_PLUGIN_VERSION 1

typedef uint64_t qemu_plugin_id_t;

typedef struct {
	const char *target_name; /* "x86_64", "i386" */
	struct {
		int min; /* the oldest API version QEMU still runs */
		int cur; /* QEMU's own */
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus;
			int max_vcpus;
		} system;
	};
} qemu_info_t;

/* Opaque: valid only inside the translation callback that hands them out. */
struct qemu_plugin_tb;
struct qemu_plugin_insn;

enum qemu_plugin_cb_flags {
	QEMU_PLUGIN_CB_NO_REGS, /* the callback reads no guest register */
	QEMU_PLUGIN_CB_R_REGS,
	QEMU_PLUGIN_CB_RW_REGS,
};

enum qemu_plugin_op {
	QEMU_PLUGIN_INLINE_ADD_U64, /* *ptr += imm, generated into the block */
};

typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);

/* Called when a block is translated (not each time it runs). */
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
/* Called, or the operation done, each time the instruction is about to run. */
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op, void *ptr, uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);

size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
/* Where QEMU holds the instruction's bytes: in QEMU 7.2 a host pointer
 * into the guest's RAM, or NULL for code not in RAM. */
void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn);

#endif
