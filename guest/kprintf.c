/*
 * Formatted console output. Each call formats into a buffer on the stack and
 * hands it to the console in one write (one exit); only output longer than
 * the buffer takes more than one.
 *
 * Kernel instructions are emulated on kvm_pvm (~1 us each), so the common
 * paths avoid per-byte work: literal text and %s strings are scanned and
 * copied 8 bytes at a time, hex numbers are converted a word at a time,
 * padding is stored a word at a time, and nothing calls a function per
 * character.
 *
 * Conversions: %d %u %x %p %s %c %%, the length modifiers l and ll (%ld
 * %lu %lx, %llu for a uint64_t on i386 too), and for numbers a field width
 * with an optional 0 flag (%016lx).
 */
#include <stdarg.h>
#include "defs.h"
#include "vmm_abi.h"

#define BUFSZ    512 /* output is flushed when this much is pending */
#define MAXWIDTH 32  /* field widths are capped so a number fits the slack */
/* Room past BUFSZ, so that writes need no space checks: the buffer is
 * flushed once it holds BUFSZ bytes, checked after every word of a copy and
 * every conversion; past that point come at most a word of copy (8 bytes
 * stored) and one conversion (a number: 57 bytes, see put_num). */
#define SLACK 128

#define ONES  0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

typedef uint64_t __attribute__((may_alias)) word;

struct out {
	char *p; /* next free byte */
	char buf[BUFSZ + SLACK];
};

static void flush(struct out *o)
{
	console_write(o->buf, o->p - o->buf);
	o->p = o->buf;
}

/* After each step that may have filled the buffer. */
static inline void maybe_flush(struct out *o)
{
	if (o->p >= o->buf + BUFSZ)
		flush(o);
}

/* The high bit of each zero byte of w; exact up to the first zero byte. */
static inline uint64_t zero_bytes(uint64_t w)
{
	return (w - ONES) & ~w & HIGHS;
}

/*
 * Append s up to its first NUL or stop byte and return a pointer to that
 * byte, or stop early where the buffer fills (the caller flushes and calls
 * again). The loads are aligned words: they never reach into a page the
 * string does not occupy. The stores are whole words, into the slack.
 * Inlined and free of calls, so it runs in scratch registers.
 */
static inline __attribute__((always_inline)) const char *copy_until(struct out *o, const char *s,
                                                                    char stop)
{
	uint64_t stops = ONES * (unsigned char)stop;
	unsigned lead = (uintptr_t)s & 7;
	const word *src = (const word *)(s - lead);
	/* Make the bytes before s 0xff, neither NUL nor stop, then drop them. */
	uint64_t w = *src | ((1ull << 8 * lead) - 1);
	uint64_t hit = (zero_bytes(w) | zero_bytes(w ^ stops)) >> 8 * lead;
	unsigned n = 8 - lead;
	char *p = o->p;

	w >>= 8 * lead;
	for (;;) {
		__builtin_memcpy(p, &w, 8);
		if (hit) {
			n = __builtin_ctzll(hit) / 8;
			break;
		}
		p += n;
		s += n;
		if (p >= o->buf + BUFSZ) {
			n = 0;
			break;
		}
		w = *++src;
		hit = zero_bytes(w) | zero_bytes(w ^ stops);
		n = 8;
	}
	o->p = p + n;
	return s + n;
}

/* The decimal digits of v, placed to end just before end; returns their start. */
static char *dec_digits(char *end, uint64_t v)
{
	do {
		*--end = '0' + v % 10;
		v /= 10;
	} while (v);
	return end;
}

/* The 8 hex digits of x as ASCII, most significant first in memory: a few
 * word operations instead of a loop per digit. */
static uint64_t hex8(uint32_t x)
{
	uint64_t v = x;

	/* Spread the nibbles out, nibble i into byte i. */
	v = (v | v << 16) & 0x0000FFFF0000FFFFull;
	v = (v | v << 8) & 0x00FF00FF00FF00FFull;
	v = (v | v << 4) & 0x0F0F0F0F0F0F0F0Full;
	v = __builtin_bswap64(v); /* most significant nibble first */
	/* '0' + nibble, plus 'a' - '0' - 10 where the nibble is 10 or more. */
	return v + ONES * '0' + ((v + ONES * 6) >> 4 & ONES) * ('a' - '0' - 10);
}

/* The hex digits of v without leading zeros, placed to end just before end;
 * returns their start. */
static char *hex_digits(char *end, uint64_t v)
{
	uint64_t hi = hex8(v >> 32), lo = hex8(v);

	__builtin_memcpy(end - 16, &hi, 8);
	__builtin_memcpy(end - 8, &lo, 8);
	return end - (67 - __builtin_clzll(v | 1)) / 4;
}

/* Append v in decimal or hex, right-aligned in width characters of pad. */
static void put_num(struct out *o, uint64_t v, int hex, int neg, unsigned width, char pad)
{
	char digits[48]; /* digits end at digits + 24; copied out as 24 bytes */
	char *q = hex ? hex_digits(digits + 24, v) : dec_digits(digits + 24, v);
	char *p = o->p;
	unsigned n;

	if (neg && pad == '0') {
		*p++ = '-'; /* the sign goes before zero padding */
		width -= width > 0;
	} else if (neg) {
		*--q = '-';
	}
	n = digits + 24 - q;
	if (width > n) {
		uint64_t fill = ONES * (unsigned char)pad;

		__builtin_memcpy(p, &fill, 8);
		__builtin_memcpy(p + 8, &fill, 8);
		__builtin_memcpy(p + 16, &fill, 8);
		__builtin_memcpy(p + 24, &fill, 8);
		p += width - n;
	}
	__builtin_memcpy(p, q, 24); /* whole words; only n bytes count */
	o->p = p + n;
}

/*
 * Format the conversion whose '%' is at fmt; return the byte after it. The
 * flag, width and length bytes are cases of the same switch as the
 * conversions, so each byte of the spec costs one dispatch.
 */
static const char *convert(struct out *o, const char *fmt, va_list *ap)
{
	unsigned width = 0;
	int lng = 0;
	char pad = ' ';
	int64_t d;
	const char *s;

	for (;;) {
		char c = *++fmt;

		switch (c) {
		case '0': /* the pad flag, or a digit inside the width */
			if (width == 0) {
				pad = '0';
				break;
			}
			/* fall through */
		case '1' ... '9':
			width = width * 10 + (c - '0');
			if (width > MAXWIDTH)
				width = MAXWIDTH;
			break;
		case 'l':
			lng++;
			break;
		case 'd':
			d = lng > 1 ? va_arg(*ap, long long)
			    : lng   ? va_arg(*ap, long)
			            : va_arg(*ap, int);
			put_num(o, d < 0 ? -(uint64_t)d : (uint64_t)d, 0, d < 0, width, pad);
			return fmt + 1;
		case 'u':
		case 'x':
			put_num(o,
			        lng > 1 ? va_arg(*ap, unsigned long long)
			        : lng   ? va_arg(*ap, unsigned long)
			                : va_arg(*ap, unsigned),
			        c == 'x', 0, width, pad);
			return fmt + 1;
		case 'p':
			*o->p++ = '0';
			*o->p++ = 'x';
			put_num(o, (uintptr_t)va_arg(*ap, void *), 1, 0, 16, '0');
			return fmt + 1;
		case 's':
			s = va_arg(*ap, const char *);
			for (s = s ? s : "(null)"; *(s = copy_until(o, s, 0)) != 0;)
				flush(o); /* the buffer filled mid-string */
			return fmt + 1;
		case 'c':
			*o->p++ = (char)va_arg(*ap, int);
			return fmt + 1;
		case 0: /* a lone % ends the format */
			*o->p++ = '%';
			return fmt;
		default: /* %% and unknown conversions print as written */
			if (c != '%')
				*o->p++ = '%';
			*o->p++ = c;
			return fmt + 1;
		}
	}
}

/* Format fmt and its arguments into o. */
static void format(struct out *o, const char *fmt, va_list *ap)
{
	for (;;) {
		while (*(fmt = copy_until(o, fmt, '%')) != '%' && *fmt != 0)
			flush(o); /* the buffer filled mid-run */
		if (*fmt == 0)
			return;
		fmt = convert(o, fmt, ap);
		maybe_flush(o);
	}
}

void kprintf(const char *fmt, ...)
{
	struct out o;
	va_list ap;

	o.p = o.buf;
	va_start(ap, fmt);
	format(&o, fmt, &ap);
	va_end(ap);
	flush(&o);
}

/* One line: prefix, then fmt with the arguments in ap, then a newline; for
 * callers with variadic arguments of their own (fs_error). */
void vkprintln(const char *prefix, const char *fmt, va_list ap)
{
	struct out o;
	va_list aq;

	va_copy(aq, ap);
	o.p = o.buf;
	format(&o, prefix, &aq); /* a prefix has no conversions */
	format(&o, fmt, &aq);
	va_end(aq);
	*o.p++ = '\n';
	flush(&o);
}

/* Print "panic: <message>" and power off with a panic status. */
void panic(const char *fmt, ...)
{
	static int panicking;
	struct out o;
	va_list ap;

	if (panicking++) /* a fault while panicking: stop, do not recurse */
		poweroff(VMM_POWEROFF_PANIC | 1);
	__builtin_memcpy(o.buf, "panic: ", 7);
	o.p = o.buf + 7;
	va_start(ap, fmt);
	format(&o, fmt, &ap);
	va_end(ap);
	*o.p++ = '\n';
	flush(&o);
	poweroff(VMM_POWEROFF_PANIC | 1);
}
