/*
 * icount: a QEMU TCG plugin that counts the guest's instructions exactly,
 * for scripts/icount (docs/icount.md).
 *
 * Every instruction is counted as it is about to run, by an addition that
 * TCG generates into the translated block (no call), into the counter of
 * its class and, in the kernel, of its function. Classes are decided when
 * the block is translated:
 *   firmware  everything before the kernel's entry point (SeaBIOS, the
 *             option ROM that loads the kernel);
 *   kernel    from the entry point until the kernel first runs at or above
 *             split (its boot code at physical addresses), then every
 *             address at or above split;
 *   user      every address below split, after that;
 *   wait:FN   the kernel functions named by wait= (loops whose length
 *             follows the host's timing, not the guest's work).
 * Per instruction, not per block: a block left part-way (a fault, an I/O
 * instruction under -icount) would otherwise count what never ran.
 *
 * TCG runs a rep-prefixed string instruction one iteration at a time, each
 * a fresh execution of the same instruction; hardware retires it once. An
 * execution that directly follows an execution of the same rep instruction,
 * with nothing counted in between, is a restart: counted apart, so that
 * raw - restarts is the hardware-style figure.
 *
 * Regions: sys_mark (mark=) opens a region when it copied a label from the
 * user (it called copyin=, copyinstr) before its OUT to the mark port, and
 * closes the innermost one otherwise, as the monitor's mark device does
 * (include/vmm_abi.h). The label is read from the kernel's buffer (label=)
 * through the host address QEMU 7.2 gives for an instruction of the same
 * kernel image: the image and the buffer are one linear mapping of RAM.
 * A user program marks regions too, with a NOP of its own (mark.h): the
 * region it opens is labelled "mark<ID>". That is how a program counts
 * regions on a kernel without sys_mark (Linux, scripts/icount --linux).
 *
 * Arguments (key=value): out=FILE (the report), split=ADDR, entry=ADDR,
 * kbase=ADDR (the image's virtual minus physical address, to name boot
 * code run at physical addresses), syms=FILE (nm -n -S output of the
 * kernel; without it every kernel instruction is "(no-symbol)"),
 * wait=FUNCTION (up to WAIT_MAX), mark=FUNCTION, copyin=FUNCTION,
 * label=ADDR. Addresses in hex.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mark.h"
#include "qemu_plugin_api.h"
#include "symbols.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define WAIT_MAX    4
#define REGIONS_MAX 32 /* as the monitor's --stats (monitor/observe/regions.h) */
#define DEPTH_MAX   8  /* VMM_MARK_DEPTH */
#define LABEL_MAX   32 /* VMM_MARK_LABEL_MAX */

#define CLASSES (CLASS_WAIT + WAIT_MAX)

/* Executions and rep restarts per class: the figures regions subtract. */
struct counts {
	uint64_t raw[CLASSES];
	uint64_t restarts[CLASSES];
};

/* What a callback needs to know about its instruction. */
struct site {
	uint64_t va;
	int cls;
	struct func *fn;
	const char *label; /* mark OUT: the label buffer on the host, or NULL */
};

/* Executions and restarts per kernel function (funcs[], then other). */
struct func_counts {
	uint64_t raw, restarts;
};

struct region {
	char label[LABEL_MAX];
	uint64_t entries;
	struct counts sum;
	struct func_counts *funcs; /* nfuncs + 1 */
};

static struct {
	const char *out;
	uint64_t split, entry, kbase, label_va;
	bool is64;
	const char *wait[WAIT_MAX];
	int nwait;
	const char *mark_name, *copyin_name;
} opt;

static struct counts now;
static struct func *mark_fn, *copyin_fn;
static enum { PHASE_FIRMWARE, PHASE_BOOT, PHASE_RUN } phase;

static uint64_t last_rep_va, last_rep_total;
static bool mark_copied, labels_unreadable;
static struct region regions[REGIONS_MAX];
static int nregions;
static struct {
	int index;
	struct counts start;
	struct func_counts *funcs; /* at the start, nfuncs + 1 */
} open_regions[DEPTH_MAX];
static int depth;
static uint64_t dropped;

/* ---- Classes ---- */

/* The class of the instruction at va, and its kernel function (or NULL),
 * as the phase of the boot stands when it is translated. */
static int classify(uint64_t va, struct func **fn)
{
	*fn = NULL;
	if (phase == PHASE_FIRMWARE && va != opt.entry)
		return CLASS_FIRMWARE;
	if (phase == PHASE_FIRMWARE)
		phase = PHASE_BOOT;
	if (phase == PHASE_BOOT && va < opt.split) {
		*fn = symbols_at(va + opt.kbase);
		return CLASS_KERNEL;
	}
	phase = PHASE_RUN;
	if (va < opt.split)
		return CLASS_USER;
	*fn = symbols_at(va);
	return (*fn)->cls;
}

static uint64_t total(void)
{
	uint64_t t = 0;

	for (int c = 0; c < CLASSES; c++)
		t += now.raw[c];
	return t;
}

/* A rep-prefixed string instruction: prefixes (REX too, on x86-64), then
 * one of movs, cmps, stos, lods, scas, ins, outs, which take no operand
 * bytes; F2 or F3 among the prefixes. */
static bool is_rep_string(const uint8_t *b, size_t n)
{
	static const uint8_t prefixes[] = {0x66, 0x67, 0x2e, 0x36, 0x3e, 0x26, 0x64, 0x65, 0xf0};
	bool rep = false;

	if (n < 2)
		return false;
	for (size_t i = 0; i + 1 < n; i++) {
		if (b[i] == 0xF2 || b[i] == 0xF3)
			rep = true;
		else if (!memchr(prefixes, b[i], sizeof prefixes) &&
		         !(opt.is64 && (b[i] & 0xF0) == 0x40))
			return false;
	}
	uint8_t op = b[n - 1];
	return rep && ((op >= 0xA4 && op <= 0xA7) || (op >= 0xAA && op <= 0xAF) ||
	               (op >= 0x6C && op <= 0x6F));
}

/* ---- Callbacks, as instructions run ---- */

static void on_rep(unsigned int vcpu, void *udata)
{
	struct site *s = udata;
	uint64_t t = total();

	(void)vcpu;
	if (s->va == last_rep_va && t == last_rep_total + 1) {
		now.restarts[s->cls]++;
		if (s->fn)
			s->fn->restarts++;
	}
	last_rep_va = s->va;
	last_rep_total = t;
}

static void on_mark_entry(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	(void)udata;
	mark_copied = false;
}

static void on_copyin(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	(void)udata;
	mark_copied = true;
}

/* The label as the monitor accepts it: printable ASCII, then a NUL. */
static void read_label(const char *src, char *label)
{
	size_t n = 0;

	/* A blank would split the report's fields: it becomes '_'. */
	while (src && n < LABEL_MAX - 1 && src[n] >= 0x20 && src[n] <= 0x7e) {
		label[n] = src[n] == ' ' ? '_' : src[n];
		n++;
	}
	label[n] = '\0';
	if (!src || n == 0 || src[n] != '\0') {
		labels_unreadable = true;
		snprintf(label, LABEL_MAX, "region%d", nregions + 1);
	}
}

static void region_open(const char *label)
{
	int i;

	for (i = 0; i < nregions && strcmp(regions[i].label, label) != 0; i++)
		;
	if (depth == DEPTH_MAX || (i == nregions && nregions == REGIONS_MAX)) {
		dropped++;
		return;
	}
	if (i == nregions) {
		strcpy(regions[i].label, label);
		regions[i].funcs = icount_alloc(nfuncs + 1, sizeof(struct func_counts));
		nregions++;
	}
	open_regions[depth].index = i;
	open_regions[depth].start = now;
	for (size_t f = 0; f <= nfuncs; f++) {
		const struct func *fn = f < nfuncs ? &funcs[f] : &other;
		open_regions[depth].funcs[f] = (struct func_counts){fn->raw, fn->restarts};
	}
	depth++;
}

static void region_close(void)
{
	if (depth == 0) {
		dropped++;
		return;
	}
	depth--;
	struct region *r = &regions[open_regions[depth].index];
	const struct counts *s = &open_regions[depth].start;
	r->entries++;
	for (int c = 0; c < CLASSES; c++) {
		r->sum.raw[c] += now.raw[c] - s->raw[c];
		r->sum.restarts[c] += now.restarts[c] - s->restarts[c];
	}
	for (size_t f = 0; f <= nfuncs; f++) {
		const struct func *fn = f < nfuncs ? &funcs[f] : &other;
		r->funcs[f].raw += fn->raw - open_regions[depth].funcs[f].raw;
		r->funcs[f].restarts += fn->restarts - open_regions[depth].funcs[f].restarts;
	}
}

static void on_mark_out(unsigned int vcpu, void *udata)
{
	struct site *s = udata;

	(void)vcpu;
	if (mark_copied) {
		char label[LABEL_MAX];
		read_label(s->label, label);
		region_open(label);
	} else {
		region_close();
	}
	mark_copied = false;
}

/* A user program's mark (mark.h): its id is the callback's data. */
static void on_user_mark(unsigned int vcpu, void *udata)
{
	unsigned id = (unsigned)(uintptr_t)udata;
	char label[LABEL_MAX];

	(void)vcpu;
	if (id == 0) {
		region_close();
		return;
	}
	snprintf(label, sizeof label, "mark%u", id);
	region_open(label);
}

/* ---- Translation ---- */

static struct site *new_site(uint64_t va, int cls, struct func *fn)
{
	struct site *s = icount_alloc(1, sizeof *s);

	*s = (struct site){.va = va, .cls = cls, .fn = fn};
	return s;
}

/* Where the label buffer is on the host: the instruction's own bytes are
 * checked first, so a QEMU whose haddr means something else gives none. */
static const char *label_on_host(struct qemu_plugin_insn *insn, uint64_t va)
{
	const char *h = qemu_plugin_insn_haddr(insn);
	size_t n = qemu_plugin_insn_size(insn);

	if (!h || !opt.label_va || memcmp(h, qemu_plugin_insn_data(insn), n) != 0)
		return NULL;
	return h + (int64_t)(opt.label_va - va);
}

/* A user program's mark: nopl DISP32(%rax) with the magic in DISP32's
 * high half (mark.h); its id, or -1 for any other instruction. */
static int user_mark_id(const uint8_t *b, size_t n)
{
	uint32_t disp;

	if (n != ICOUNT_MARK_BYTES || b[0] != 0x0F || b[1] != 0x1F || b[2] != 0x80)
		return -1;
	disp = (uint32_t)b[3] | (uint32_t)b[4] << 8 | (uint32_t)b[5] << 16 | (uint32_t)b[6] << 24;
	if (disp >> 16 != ICOUNT_MARK_MAGIC || (disp & 0xFFFF) > ICOUNT_MARK_MAX)
		return -1;
	return (int)(disp & 0xFFFF);
}

/* The callbacks of sys_mark's entry and OUTs, and copyinstr's entry. */
static void instrument_mark(struct qemu_plugin_insn *insn, uint64_t va, struct func *fn)
{
	const uint8_t *b = qemu_plugin_insn_data(insn);
	size_t n = qemu_plugin_insn_size(insn);
	uint64_t kva = phase == PHASE_RUN ? va : va + opt.kbase;

	if (fn == mark_fn && kva == fn->start)
		qemu_plugin_register_vcpu_insn_exec_cb(insn, on_mark_entry, QEMU_PLUGIN_CB_NO_REGS,
		                                       NULL);
	if (fn == copyin_fn && kva == fn->start)
		qemu_plugin_register_vcpu_insn_exec_cb(insn, on_copyin, QEMU_PLUGIN_CB_NO_REGS,
		                                       NULL);
	if (fn == mark_fn && n == 1 && b[0] == 0xEF) { /* out %eax,(%dx) */
		struct site *s = new_site(va, fn->cls, fn);
		s->label = label_on_host(insn, va);
		qemu_plugin_register_vcpu_insn_exec_cb(insn, on_mark_out, QEMU_PLUGIN_CB_NO_REGS,
		                                       s);
	}
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t va = qemu_plugin_insn_vaddr(insn);
		struct func *fn;
		int cls = classify(va, &fn);

		qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
		                                           &now.raw[cls], 1);
		if (fn)
			qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
			                                           &fn->raw, 1);
		if (is_rep_string(qemu_plugin_insn_data(insn), qemu_plugin_insn_size(insn)))
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_rep, QEMU_PLUGIN_CB_NO_REGS,
			                                       new_site(va, cls, fn));
		if (fn && (fn == mark_fn || fn == copyin_fn))
			instrument_mark(insn, va, fn);
		int id = cls == CLASS_USER ? user_mark_id(qemu_plugin_insn_data(insn),
		                                          qemu_plugin_insn_size(insn))
		                           : -1;
		if (id >= 0)
			qemu_plugin_register_vcpu_insn_exec_cb(
			    insn, on_user_mark, QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)id);
	}
}

/* ---- The report ---- */

static const char *class_name(int c, char *buf, size_t size)
{
	static const char *const fixed[] = {"firmware", "kernel", "user"};

	if (c < CLASS_WAIT)
		return fixed[c];
	snprintf(buf, size, "wait:%s", opt.wait[c - CLASS_WAIT]);
	return buf;
}

static void write_counts(FILE *f, const struct counts *k)
{
	char buf[300];

	for (int c = 0; c < CLASS_WAIT + opt.nwait; c++)
		fprintf(f, " %s %" PRIu64 " %" PRIu64, class_name(c, buf, sizeof buf), k->raw[c],
		        k->restarts[c]);
	fputc('\n', f);
}

static void write_funcs(FILE *f, const char *scope, const struct func_counts *fc)
{
	for (size_t i = 0; i <= nfuncs; i++) {
		const struct func *fn = i < nfuncs ? &funcs[i] : &other;
		uint64_t raw = fc ? fc[i].raw : fn->raw;
		uint64_t restarts = fc ? fc[i].restarts : fn->restarts;
		if (raw)
			fprintf(f, "func %s %s %" PRIu64 " %" PRIu64 "\n", scope, fn->name, raw,
			        restarts);
	}
}

/* One line per fact: "total", "region LABEL ENTRIES", each followed by
 * CLASS RAW RESTARTS triples; "func SCOPE NAME RAW RESTARTS" for every
 * kernel function that ran, SCOPE "-" for the whole run, else the region's
 * label; "dropped N" (marks past the limits, or unbalanced), "open N"
 * (regions never closed); "labels unreadable" when they were. */
static void write_report(qemu_plugin_id_t id, void *udata)
{
	FILE *f = fopen(opt.out, "w");

	(void)id;
	(void)udata;
	if (!f) {
		fprintf(stderr, "icount plugin: cannot write %s\n", opt.out);
		return;
	}
	fprintf(f, "total");
	write_counts(f, &now);
	for (int i = 0; i < nregions; i++) {
		fprintf(f, "region %s %" PRIu64, regions[i].label, regions[i].entries);
		write_counts(f, &regions[i].sum);
	}
	write_funcs(f, "-", NULL);
	for (int i = 0; i < nregions; i++)
		write_funcs(f, regions[i].label, regions[i].funcs);
	fprintf(f, "dropped %" PRIu64 "\nopen %d\n", dropped, depth);
	if (labels_unreadable)
		fprintf(f, "labels unreadable\n");
	fclose(f);
}

/* ---- Installation ---- */

static int parse_arg(const char *arg, const char **syms)
{
	const char *v = strchr(arg, '=');
	size_t k = v ? (size_t)(v - arg) : 0;

	if (!v)
		return -1;
	v++;
#define KEY(s) (k == strlen(s) && strncmp(arg, s, k) == 0)
	if (KEY("out"))
		opt.out = v;
	else if (KEY("syms"))
		*syms = v;
	else if (KEY("split"))
		opt.split = strtoull(v, NULL, 16);
	else if (KEY("entry"))
		opt.entry = strtoull(v, NULL, 16);
	else if (KEY("kbase"))
		opt.kbase = strtoull(v, NULL, 16);
	else if (KEY("label"))
		opt.label_va = strtoull(v, NULL, 16);
	else if (KEY("mark"))
		opt.mark_name = v;
	else if (KEY("copyin"))
		opt.copyin_name = v;
	else if (KEY("wait") && opt.nwait < WAIT_MAX)
		opt.wait[opt.nwait++] = v;
	else
		return -1;
#undef KEY
	return 0;
}

/* Marks the wait functions' class and finds sys_mark and copyinstr. */
static int resolve_names(void)
{
	for (int w = 0; w < opt.nwait; w++) {
		struct func *f = symbols_named(opt.wait[w]);
		if (!f) {
			fprintf(stderr, "icount plugin: no function %s in the kernel\n",
			        opt.wait[w]);
			return -1;
		}
		f->cls = CLASS_WAIT + w;
	}
	mark_fn = opt.mark_name ? symbols_named(opt.mark_name) : NULL;
	copyin_fn = opt.copyin_name ? symbols_named(opt.copyin_name) : NULL;
	return 0;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
	const char *syms = NULL;

	for (int i = 0; i < argc; i++)
		if (parse_arg(argv[i], &syms) < 0) {
			fprintf(stderr, "icount plugin: bad argument %s\n", argv[i]);
			return -1;
		}
	if (!opt.out || !opt.split || !opt.entry) {
		fprintf(stderr, "icount plugin: out=, split= and entry= are needed\n");
		return -1;
	}
	opt.is64 = strcmp(info->target_name, "x86_64") == 0;
	if ((syms && symbols_load(syms) < 0) || resolve_names() < 0)
		return -1;
	for (int d = 0; d < DEPTH_MAX; d++)
		open_regions[d].funcs = icount_alloc(nfuncs + 1, sizeof(struct func_counts));
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, write_report, NULL);
	return 0;
}
