/* Writes the fuzz targets' seed corpus (make fuzz-seeds): for each target a
 * few small, valid inputs in its format (fuzz.h), from which the fuzzer
 * mutates: real requests of every kind for the devices, the real MBR of
 * guest.img, a tiny but complete disk image, a small file system, real and
 * minimal kernel ELFs, real boot parameters. Run from the top of the tree
 * after make. */
#include <elf.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diskfmt.h"
#include "fuzz.h"
#include "vmm_abi.h"

static const char *out_dir;
static uint8_t ram[FUZZ_RAM]; /* guest RAM in a device seed */
static size_t ram_used;       /* bytes of ram written into the seed */

static void write_file(const char *target, const char *name, const void *a, size_t alen,
                       const void *b, size_t blen)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", out_dir, target);
	if (mkdir(path, 0777) < 0 && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s", out_dir, target, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(a, 1, alen, f) != alen || fwrite(b, 1, blen, f) != blen || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	static uint8_t buf[64 << 10];
	if (!f) {
		perror(path);
		exit(1);
	}
	*len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return buf;
}

/* ---- Device seeds: a header of accesses and the start of RAM ---- */

static struct fuzz_header header;

static void begin(uint8_t flags)
{
	memset(ram, 0, sizeof(ram));
	ram_used = 0;
	header = (struct fuzz_header){.flags = flags};
}

static void put(uint32_t gpa, const void *p, size_t len)
{
	memcpy(ram + gpa, p, len);
	if (gpa + len > ram_used)
		ram_used = gpa + len;
}

static void add_access(uint8_t what, uint16_t port, uint32_t value)
{
	header.access[header.count++] =
	    (struct fuzz_access){.what = what, .size = 4, .port = port, .value = value};
}

static void out(uint16_t port, uint32_t value)
{
	add_access(FUZZ_OUT, port, value);
}

static void end(const char *target, const char *name)
{
	write_file(target, name, &header, sizeof(header), ram, ram_used);
}

static void blk_req(uint32_t gpa, uint32_t op, uint64_t sector, uint32_t nseg,
                    const struct vmm_blk_seg *seg)
{
	struct vmm_blk_req r = {.op = op, .nseg = nseg, .sector = sector};
	put(gpa, &r, sizeof(r));
	put(gpa + sizeof(r), seg, nseg * sizeof(*seg));
}

static void block_seeds(void)
{
	static const uint8_t data[512] = "a sector written by the block seed";
	struct vmm_blk_seg two[2] = {{.addr = 0x200, .len = 512}, {.addr = 0x400, .len = 1024}};
	struct vmm_blk_seg last = {.addr = 0x800, .len = 512};

	begin(0);
	blk_req(0x10, VMM_BLK_OP_INFO, 0, 0, NULL);
	out(VMM_PORT_BLOCK, 0x10);
	end("block", "info");

	begin(0);
	put(0x200, data, sizeof(data));
	blk_req(0x10, VMM_BLK_OP_WRITE, 3, 2, two);
	blk_req(0x80, VMM_BLK_OP_READ, 3, 1, &last);
	blk_req(0xc0, VMM_BLK_OP_FLUSH, 0, 0, NULL);
	out(VMM_PORT_BLOCK, 0x10);
	out(VMM_PORT_BLOCK, 0x80);
	out(VMM_PORT_BLOCK, 0xc0);
	end("block", "write-read-flush");

	begin(0);
	blk_req(0x10, VMM_BLK_OP_READ, 63, 1, &last); /* the partition's last sector */
	out(VMM_PORT_BLOCK, 0x10);
	end("block", "read-last-sector");

	begin(FUZZ_F_READONLY);
	blk_req(0x10, VMM_BLK_OP_WRITE, 0, 1, &last);
	out(VMM_PORT_BLOCK, 0x10);
	end("block", "write-readonly");

	/* At the end of RAM: segments that end exactly there, then a
	 * descriptor whose segments would lie past it. */
	const uint32_t fits = FUZZ_RAM - sizeof(struct vmm_blk_req) - sizeof(two);
	const uint32_t past = FUZZ_RAM - sizeof(struct vmm_blk_req);
	begin(0);
	blk_req(fits, VMM_BLK_OP_READ, 0, 2, two);
	blk_req(past, VMM_BLK_OP_READ, 0, 0, NULL);
	ram[past + offsetof(struct vmm_blk_req, nseg)] = 1;
	out(VMM_PORT_BLOCK, fits);
	out(VMM_PORT_BLOCK, past);
	end("block", "end-of-ram");
}

static void console_seeds(void)
{
	static const char text[] = "hello from the seed\n";
	struct vmm_buf good = {.addr = 0x40, .len = sizeof(text) - 1};
	struct vmm_buf too_long = {.addr = 0x40, .len = VMM_CONSOLE_MAX + 1};
	struct vmm_buf outside = {.addr = FUZZ_RAM - 4, .len = 8};

	begin(0);
	put(0x10, &good, sizeof(good));
	put(0x40, text, sizeof(text) - 1);
	out(VMM_PORT_CONSOLE, 0x10);
	end("console", "write");

	begin(0);
	put(0x10, &too_long, sizeof(too_long));
	put(0x20, &outside, sizeof(outside));
	out(VMM_PORT_CONSOLE, 0x10);
	out(VMM_PORT_CONSOLE, 0x20);
	end("console", "bad-buffers");

	/* A descriptor and its text ending exactly at the end of RAM, then
	 * a descriptor cut by it. */
	struct vmm_buf last = {.addr = FUZZ_RAM - 16 - 3, .len = 3};
	begin(0);
	put(FUZZ_RAM - 16 - 3, "hi\n", 3);
	put(FUZZ_RAM - 16, &last, sizeof(last));
	out(VMM_PORT_CONSOLE, FUZZ_RAM - 16);
	out(VMM_PORT_CONSOLE, FUZZ_RAM - 8);
	end("console", "end-of-ram");
}

static void console_in_seeds(void)
{
	struct vmm_buf small = {.addr = 0x40, .len = 8}, big = {.addr = 0x100, .len = 256};

	begin(0);
	put(0x10, &small, sizeof(small));
	put(0x20, &big, sizeof(big));
	out(VMM_PORT_CONSOLE_IN, 0x20); /* nothing waiting: arms the interrupt */
	add_access(FUZZ_INPUT, 0, 20);
	out(VMM_PORT_CONSOLE_IN, 0x10);
	out(VMM_PORT_CONSOLE_IN, 0x20);
	end("console_in", "type-and-read");
}

static void copy_seeds(void)
{
	static const char text[] = "copied by the engine";
	struct vmm_copy_batch b = {.count = 3};
	struct vmm_copy_op ops[3] = {
	    {.op = VMM_COPY_OP_COPY, .dst = 0x400, .src = 0x200, .len = sizeof(text)},
	    {.op = VMM_COPY_OP_FILL, .dst = 0x600, .src = 0xab, .len = 256},
	    {.op = VMM_COPY_OP_COPY, .dst = 0x201, .src = 0x200, .len = 16}, /* overlapping */
	};

	begin(0);
	put(0x10, &b, sizeof(b));
	put(0x10 + sizeof(b), ops, sizeof(ops));
	put(0x200, text, sizeof(text));
	out(VMM_PORT_COPY, 0x10);
	end("copy", "copy-fill-overlap");

	/* A batch whose operations would lie past the end of RAM. */
	begin(0);
	put(FUZZ_RAM - sizeof(b), &b, sizeof(b));
	out(VMM_PORT_COPY, FUZZ_RAM - sizeof(b));
	end("copy", "end-of-ram");

	begin(0);
	ops[1].len = VMM_COPY_MAX_LEN + 1; /* stops the batch after one operation */
	put(0x10, &b, sizeof(b));
	put(0x10 + sizeof(b), ops, sizeof(ops));
	out(VMM_PORT_COPY, 0x10);
	end("copy", "stops-at-bad-op");
}

static void mark_seeds(void)
{
	begin(0);
	put(0x40, "boot", 5);
	put(0x48, "fork", 5);
	out(VMM_PORT_MARK, 0x40);
	out(VMM_PORT_MARK, 0x48);
	out(VMM_PORT_MARK, 0);
	out(VMM_PORT_MARK, 0x48);
	out(VMM_PORT_MARK, 0);
	out(VMM_PORT_MARK, 0);
	out(VMM_PORT_MARK, 0); /* an end with none open */
	end("mark", "nested");
}

static void cpu_start_seeds(void)
{
	struct vmm_cpu_start req = {.cpu = 1, .entry = 0x100000, .stack = 0x2000, .arg = 7};
	begin(0);
	put(0x10, &req, sizeof(req));
	out(VMM_PORT_CPU_START, 0x10);
	req.cpu = VMM_CPUS_MAX; /* out of range */
	put(0x40, &req, sizeof(req));
	out(VMM_PORT_CPU_START, 0x40);
	end("cpu_start", "in-and-out-of-range");

	/* The last descriptor that fits, and one that runs past the end of RAM. */
	begin(0);
	put(FUZZ_RAM - sizeof(req), &req, sizeof(req));
	out(VMM_PORT_CPU_START, FUZZ_RAM - sizeof(req));
	out(VMM_PORT_CPU_START, FUZZ_RAM - sizeof(req) + 1);
	end("cpu_start", "end-of-ram");
}

static void poweroff_seeds(void)
{
	begin(0);
	out(VMM_PORT_POWEROFF, 42);
	out(VMM_PORT_POWEROFF, VMM_POWEROFF_PANIC | 7);
	end("poweroff", "status-and-panic");
}

/* Every device once, an unknown port both ways, then power-off. */
static void io_seeds(void)
{
	struct vmm_buf text = {.addr = 0x100, .len = 3}, input = {.addr = 0x180, .len = 16};
	struct vmm_copy_batch b = {.count = 1};
	struct vmm_copy_op fill = {.op = VMM_COPY_OP_FILL, .dst = 0x200, .src = 1, .len = 64};

	for (int strict = 0; strict < 2; strict++) {
		begin(strict ? FUZZ_F_STRICT : 0);
		put(0x10, &text, sizeof(text));
		put(0x20, &b, sizeof(b));
		put(0x20 + sizeof(b), &fill, sizeof(fill));
		blk_req(0x60, VMM_BLK_OP_INFO, 0, 0, NULL);
		put(0x90, &input, sizeof(input));
		put(0xa0, "io", 3);
		put(0x100, "hi\n", 3);
		out(VMM_PORT_CONSOLE, 0x10);
		out(VMM_PORT_COPY, 0x20);
		out(VMM_PORT_BLOCK, 0x60);
		add_access(FUZZ_INPUT, 0, 5);
		out(VMM_PORT_CONSOLE_IN, 0x90);
		out(VMM_PORT_MARK, 0xa0);
		add_access(FUZZ_IN, 0x1234, 0);
		out(0x1234, 1);
		end("io", strict ? "strict" : "every-device");
	}
	begin(0);
	out(VMM_PORT_POWEROFF, 0);
	end("io", "poweroff");
}

/* ---- Parser seeds ---- */

/* A minimal kernel: one segment at 1 MiB holding the headers and a few
 * bytes of code, with a .bss; entry at the code. */
static size_t tiny_elf(uint8_t *buf)
{
	const size_t code = sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr), len = code + 16;
	Elf64_Ehdr eh = {.e_type = ET_EXEC,
	                 .e_machine = EM_X86_64,
	                 .e_version = EV_CURRENT,
	                 .e_entry = VMM_KERNEL_BASE + VMM_KERNEL_LOAD + code,
	                 .e_phoff = sizeof(Elf64_Ehdr),
	                 .e_ehsize = sizeof(Elf64_Ehdr),
	                 .e_phentsize = sizeof(Elf64_Phdr),
	                 .e_phnum = 1};
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	Elf64_Phdr ph = {.p_type = PT_LOAD,
	                 .p_flags = PF_R | PF_X,
	                 .p_vaddr = VMM_KERNEL_BASE + VMM_KERNEL_LOAD,
	                 .p_paddr = VMM_KERNEL_LOAD,
	                 .p_filesz = len,
	                 .p_memsz = 0x2000,
	                 .p_align = 4096};
	memset(buf, 0xf4, len); /* hlt */
	memcpy(buf, &eh, sizeof(eh));
	memcpy(buf + sizeof(eh), &ph, sizeof(ph));
	return len;
}

static void elf_seeds(void)
{
	static const char *const real[] = {"hello", "spin", "bad-elf32"};
	uint8_t tiny[256];
	size_t len = tiny_elf(tiny);
	struct fuzz_elf_header h = {.ram_size = FUZZ_ELF_RAM};
	write_file("elf", "tiny", &h, sizeof(h), tiny, len);
	h.ram_size = VMM_RAM_DEFAULT;
	write_file("elf", "tiny-128M", &h, sizeof(h), tiny, len);
	h.ram_size = FUZZ_ELF_RAM;
	for (size_t i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		char path[256];
		snprintf(path, sizeof(path), "build/tests/guests/%s.elf", real[i]);
		const void *elf = read_file(path, &len);
		write_file("elf", real[i], &h, sizeof(h), elf, len);
	}
}

static void image_seeds(void)
{
	struct stat st;
	size_t len;
	const uint8_t *img = read_file("guest.img", &len);
	if (stat("guest.img", &st) < 0 || len < IMAGE_SECTOR) {
		perror("guest.img");
		exit(1);
	}
	/* The real table, parsed for the real size (image_open then finds
	 * the file too short). */
	struct fuzz_image_header h = {.file_size = (uint64_t)st.st_size};
	write_file("image", "guest-img-mbr", &h, sizeof(h), img, IMAGE_SECTOR);

	/* A whole image: the tiny kernel in partition 1, 2 sectors of file
	 * system in partition 2. */
	static uint8_t disk[4 * IMAGE_SECTOR];
	struct fmt_err err = {0};
	tiny_elf(disk + IMAGE_SECTOR);
	mbr_init(disk, 0);
	mbr_put(disk, 0, IMAGE_TYPE_KERNEL, 1, 1, &err);
	mbr_put(disk, 1, IMAGE_TYPE_FS, 2, 2, &err);
	h.file_size = sizeof(disk);
	write_file("image", "tiny-disk", &h, sizeof(h), disk, sizeof(disk));
	h.readonly = 1;
	write_file("image", "tiny-disk-readonly", &h, sizeof(h), disk, sizeof(disk));

	h = (struct fuzz_image_header){0};
	len = tiny_elf(disk);
	write_file("image", "bare-elf", &h, sizeof(h), disk, len);
}

/* ---- The file system read by the profiler ---- */

static uint8_t fs[13][FS_BLOCK_SIZE]; /* its blocks 0-12; the rest are zeros */

static void set_ptr(uint32_t block, uint32_t i, uint32_t to)
{
	memcpy(fs[block] + 4 * i, &to, sizeof(to));
}

/* 64 blocks as mkfs lays them out (log 2-3, inodes 4, free map 5, data
 * from 6): inode 2 a file with a hole, direct blocks and both kinds of
 * indirect block; inode 3 a one-block file, inode 4 a directory. */
static void fs_seeds(void)
{
	struct fs_super sb;
	fs_super_layout(&sb, 64, 32, 2);
	memcpy(fs[FS_SUPER_BLOCK], &sb, sizeof(sb));
	struct fs_dinode di[4] = {
	    [2] = {.type = FS_T_FILE, .nlink = 1, .addrs = {6, 0, 7}},
	    [3] = {.type = FS_T_FILE, .nlink = 1, .size = 10, .addrs = {6}},
	};
	di[2].size = (uint64_t)(FS_NDIRECT + FS_NINDIRECT + 2) * FS_BLOCK_SIZE - 100;
	di[2].addrs[FS_NDIRECT] = 8;
	di[2].addrs[FS_NDIRECT + 1] = 10;
	set_ptr(8, 0, 9);
	set_ptr(10, 0, 11);
	set_ptr(11, 1, 12);
	memcpy(fs[sb.inodestart], di, sizeof(di));
	memcpy(fs[sb.inodestart] + 4 * FS_INODE_SIZE,
	       &(struct fs_dinode){.type = FS_T_DIR, .nlink = 2, .size = 64, .addrs = {7}},
	       FS_INODE_SIZE);
	fs[sb.bmapstart][0] = 0xff; /* blocks 0-12 in use */
	fs[sb.bmapstart][1] = 0x1f;
	for (uint32_t b = 6; b < 13; b++)
		if (b != 8 && b != 10 && b != 11)
			memset(fs[b], 'a' + (int)b, 16);
	struct fuzz_fs_header h = {.blocks = 64, .inum = 2, .k = {FS_NDIRECT + 1, ~0ull}};
	write_file("fs_read", "files", &h, sizeof(h), fs[1], sizeof(fs) - FS_BLOCK_SIZE);
	sb.nlog = 1;
	h.inum = 3;
	write_file("fs_read", "damaged-super", &h, sizeof(h), &sb, sizeof(sb));
}

static void boot_seeds(void)
{
	struct fuzz_boot_header h = {
	    .ram_pages = (VMM_RAM_DEFAULT - VMM_RAM_MIN) >> 21,
	    .entry = VMM_KERNEL_BASE + VMM_KERNEL_LOAD,
	    .free_start = 0x200000,
	    .devices = VMM_DEV_CONSOLE | VMM_DEV_POWEROFF | VMM_DEV_COPY | VMM_DEV_BLOCK,
	    .flags = VMM_BOOT_F_EMULATED,
	    .tsc_khz = 2445432,
	    .probe = {0x100000, 0x7ffffff, 0x8000000, 0x40000000},
	};
	static char line[VMM_CMDLINE_MAX + 1];
	write_file("boot", "128M-ktest", &h, sizeof(h), "ktest", 5);
	h.ram_pages = (VMM_RAM_MAX - VMM_RAM_MIN) >> 21;
	write_file("boot", "16G-copy-cpu", &h, sizeof(h), "copy=cpu ktest", 14);
	h.ram_pages = 0;
	memset(line, 'x', sizeof(line));
	write_file("boot", "16M-longest-line", &h, sizeof(h), line, VMM_CMDLINE_MAX - 1);
	write_file("boot", "16M-line-too-long", &h, sizeof(h), line, VMM_CMDLINE_MAX);
}

/* ---- The gdb stub: what a debugger sends ---- */

/* Appends $payload#checksum (or a wrong checksum) to buf. */
static size_t gdb_put(char *buf, size_t at, const char *payload, int bad_sum)
{
	unsigned sum = 0;
	for (const char *c = payload; *c; c++)
		sum += (uint8_t)*c;
	return at +
	       (size_t)sprintf(buf + at, "$%s#%02x", payload, (sum + (unsigned)bad_sum) & 0xff);
}

static void gdb_seed(const char *name, const char *const *packets, int bad_sum)
{
	static char buf[8192];
	size_t n = 0;
	for (const char *const *p = packets; *p; p++) {
		if (!strcmp(*p, "^C"))
			buf[n++] = 3;
		else
			n = gdb_put(buf, n, *p, bad_sum);
		buf[n++] = '+';
	}
	write_file("gdb_packet", name, buf, n, NULL, 0);
}

/* A session as gdb starts it, memory and registers both ways, every
 * breakpoint kind, resuming, Ctrl-C, the monitor's command, the end. */
static void gdb_seeds(void)
{
	static const char *const start[] = {
	    "qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;vContSupported+",
	    "vMustReplyEmpty",
	    "QStartNoAckMode",
	    "Hg0",
	    "qXfer:features:read:target.xml:0,ffb",
	    "qXfer:features:read:target.xml:7fd,ffb",
	    "qTStatus",
	    "?",
	    "qfThreadInfo",
	    "qsThreadInfo",
	    "qAttached:1",
	    "Hc-1",
	    "qC",
	    "qOffsets",
	    "g",
	    "qSymbol::",
	    NULL};
	static const char *const memory[] = {"m ffffffff80100000,40",
	                                     "mffffffff80100000,40",
	                                     "m80100000,4",
	                                     "p10",
	                                     "p8",
	                                     "P10=00001080ffffffff",
	                                     "P0=01020304",
	                                     "G0000",
	                                     "M1000,4:deadbeef",
	                                     "X1000,4:ab}]cd",
	                                     "X1000,0:",
	                                     "qRcmd,77616c6b2031303030",
	                                     "qRcmd,696e666f",
	                                     "qRcmd,737465702d746f",
	                                     NULL};
	static const char *const breaks[] = {"Z0,ffffffff80107eb0,1",
	                                     "z0,ffffffff80107eb0,1",
	                                     "Z1,11c0,1",
	                                     "z1,11c0,1",
	                                     "Z2,ffffffff80127020,8",
	                                     "Z3,80120010,4",
	                                     "Z4,1000,2",
	                                     "z2,ffffffff80127020,8",
	                                     "vCont?",
	                                     "c",
	                                     "s",
	                                     "cffffffff80100000",
	                                     "^C",
	                                     "T1",
	                                     "D",
	                                     "D;1",
	                                     "k",
	                                     "vKill;1",
	                                     NULL};
	gdb_seed("start", start, 0);
	gdb_seed("memory-registers", memory, 0);
	gdb_seed("breakpoints-and-resume", breaks, 0);
	gdb_seed("bad-checksums", start, 1);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: seeds CORPUS-DIR\n");
		return 2;
	}
	out_dir = argv[1];
	block_seeds();
	console_seeds();
	console_in_seeds();
	copy_seeds();
	mark_seeds();
	poweroff_seeds();
	cpu_start_seeds();
	io_seeds();
	elf_seeds();
	image_seeds();
	fs_seeds();
	boot_seeds();
	gdb_seeds();
	return 0;
}
