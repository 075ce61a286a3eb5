/*
 * The hostile guest: a tiny kernel that throws random and adversarial port
 * I/O at every device of the monitor (include/vmm_abi.h) from a fixed seed.
 * For every request it sends, it works out from the ABI alone which
 * outcomes are allowed (the set of statuses, what moves), checks the
 * monitor's answer against that, and counts the requests the monitor must
 * have refused, so the test can compare them with --stats exactly.
 *
 * Physical memory: [0, 1 MiB) holds the monitor's boot structures, which
 * the guest stops using at once (own GDT and page tables) and then uses as
 * a target; [1 MiB, PROTECT_END) holds this kernel, which no request may
 * write; [PROTECT_END, RAM) is scratch.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stddef.h>
#include <stdint.h>

#include "vmm_abi.h"

#define PROTECT_END (VMM_U64(4) << 20)
#define MIB         (VMM_U64(1) << 20)
#define GIB         (VMM_U64(1) << 30)

/* Scratch zones; RAM must reach ZONE_END. */
#define ZONE_DESC  (PROTECT_END)            /* descriptors, 4 MiB */
#define ZONE_READ  (PROTECT_END + 4 * MIB)  /* block read buffers, 6 MiB */
#define ZONE_WRITE (PROTECT_END + 10 * MIB) /* block write sources, 6 MiB */
#define ZONE_COPY  (PROTECT_END + 16 * MIB) /* copy-engine targets, 8 MiB */
#define ZONE_END   (PROTECT_END + 24 * MIB)

/* The physical page the guest maps to reach an address nothing backs. */
#define MMIO_HOLE (VMM_U64(3) << 30)

/* The devices in port order: device d answers at port PORT_OF(d). */
enum dev { D_CONSOLE, D_POWEROFF, D_COPY, D_MARK, D_BLOCK, D_CONSOLE_IN, D_COUNTERS, D_COUNT };
#define PORT_OF(d) ((uint16_t)(VMM_PORT_CONSOLE + (d)))

/* A set of VMM_STATUS_* values. */
#define ST(s) (1u << (s))

struct tally {
	uint64_t tried[D_COUNT];  /* accesses to each device's port */
	uint64_t errors[D_COUNT]; /* of those, the ones refused */
	uint64_t valid[D_COUNT];  /* requests built to be accepted */
	uint64_t unclaimed_in, unclaimed_out, mmio;
	uint64_t wrong; /* answers the ABI does not allow */
};

extern struct tally tally;
extern uint64_t ram_size;
extern uint64_t iteration;

/* lib.c */
uint64_t rnd(void);
void rnd_seed(uint64_t seed);
uint64_t below(uint64_t n);
int chance(unsigned percent);
void *phys(uint64_t pa);
int in_ram(uint64_t pa, uint64_t len);
int touches(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen);
int writable(uint64_t pa, uint64_t len);
void put_phys(uint64_t pa, const void *src, size_t n);
uint32_t place(uint64_t fixed, uint64_t total);
uint64_t bad_range(uint64_t len, uint64_t ok_addr);
void print(const char *s);
void print_u64(uint64_t v);
void wrong(const char *what, uint32_t status);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

/* Port I/O, counted per device (D_COUNT: an unclaimed port). */
uint32_t port_in(enum dev d, uint16_t port, unsigned size);
void port_out(enum dev d, uint16_t port, unsigned size, uint32_t v);
void refused(enum dev d);
void check_status(enum dev d, uint32_t status, uint32_t allowed);

/* One descriptor request: size bytes at desc go to gpa (as far as RAM
 * reaches), the status field at status_off is preset to an impossible
 * value, and the status the monitor stores must be in allowed. */
struct request {
	enum dev dev;
	uint32_t gpa;
	const void *desc;
	uint64_t size;       /* bytes to store */
	uint64_t fixed;      /* the descriptor's fixed part: in RAM, or refused */
	uint64_t status_off; /* where its status is */
	uint32_t allowed;    /* ST() of the errors the ABI allows; 0: it must succeed */
};
void store(const struct request *r);
uint32_t submit(const struct request *r);
uint32_t send(const struct request *r);

/* attacks.c */
void attack_misuse(enum dev d, uint16_t port);
void attack_console(void);
void attack_console_in(void);
void attack_poweroff(void);
void attack_mark(void);
void attack_unclaimed(void);
void attack_mmio(void);

/* counters.c */
void attack_counters(void);

/* copy.c */
void attack_copy(void);

/* block.c */
int block_init(void);
void attack_block(void);

#endif
