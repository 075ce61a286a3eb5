/*
 * Formatted output. printf and fprintf gather their output in a buffer on
 * the stack and hand it to one write system call: each call costs tens of
 * microseconds of emulated kernel work on kvm_pvm, and one write per line
 * keeps lines of different processes from interleaving. Only output longer
 * than the buffer takes more than one write.
 *
 * Conversions: %d %u %x %p %s %c %%, the length modifier l (%ld %lu %lx), a
 * field width, and the flags 0 (pad numbers with zeros) and - (left-justify).
 */
#include "user.h"

#define BUFSZ 256

struct out {
	char *buf;
	size_t size;  /* capacity of buf */
	size_t len;   /* bytes in buf */
	size_t total; /* bytes produced, kept or not: snprintf's result */
	int fd;       /* where a full buffer goes; -1 drops the excess (snprintf) */
};

struct spec {
	int width;
	int left; /* '-': pad on the right */
	int zero; /* '0': pad numbers with zeros after the sign */
	int lng;  /* 'l': the argument is a long */
};

static void flush(struct out *o)
{
	if (o->fd >= 0 && o->len > 0)
		write(o->fd, o->buf, o->len);
	o->len = 0;
}

static void put(struct out *o, char c)
{
	if (o->len == o->size && o->fd >= 0)
		flush(o);
	if (o->len < o->size)
		o->buf[o->len++] = c;
	o->total++;
}

static void put_n(struct out *o, const char *s, int n)
{
	while (n-- > 0)
		put(o, *s++);
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

/* Emits prefix (a sign or "0x") and the n bytes of s in a field of
 * sp->width. */
static void field(struct out *o, const struct spec *sp, const char *prefix, const char *s, int n)
{
	int plen = strlen(prefix);
	int fill = sp->width - plen - n;

	if (!sp->left && !sp->zero)
		pad(o, ' ', fill);
	put_n(o, prefix, plen);
	if (!sp->left && sp->zero)
		pad(o, '0', fill);
	put_n(o, s, n);
	if (sp->left)
		pad(o, ' ', fill);
}

static void number(struct out *o, const struct spec *sp, unsigned long v, unsigned base,
                   const char *prefix)
{
	char digits[24]; /* 2^64 has 20 decimal digits */
	int i = sizeof(digits);

	do {
		digits[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	field(o, sp, prefix, digits + i, sizeof(digits) - i);
}

/* Parses the flags, width and length modifier after a '%'; returns a pointer
 * to the conversion character. */
static const char *parse_spec(const char *f, struct spec *sp)
{
	*sp = (struct spec){0};
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->zero = 1;
		else
			break;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == 'l') {
		sp->lng = 1;
		f++;
	}
	return f;
}

static void signed_number(struct out *o, const struct spec *sp, long v)
{
	/* Negate as unsigned: -LONG_MIN does not fit in a long. */
	if (v < 0)
		number(o, sp, -(unsigned long)v, 10, "-");
	else
		number(o, sp, v, 10, "");
}

static void convert(struct out *o, struct spec *sp, char c, va_list *ap)
{
	const char *s;
	char ch;

	switch (c) {
	case 'd':
		signed_number(o, sp, sp->lng ? va_arg(*ap, long) : va_arg(*ap, int));
		break;
	case 'u':
	case 'x':
		number(o, sp, sp->lng ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned),
		       c == 'u' ? 10 : 16, "");
		break;
	case 'p':
		number(o, sp, (unsigned long)va_arg(*ap, void *), 16, "0x");
		break;
	case 's':
		s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		sp->zero = 0;
		field(o, sp, "", s, strlen(s));
		break;
	case 'c':
		ch = va_arg(*ap, int);
		sp->zero = 0;
		field(o, sp, "", &ch, 1);
		break;
	case '%':
		put(o, '%');
		break;
	default: /* not a conversion: show it as written */
		put(o, '%');
		put(o, c);
	}
}

static void format(struct out *o, const char *fmt, va_list ap)
{
	struct spec sp;
	va_list args;

	/* A va_list passed on by pointer may be read by the callees (C11 7.16). */
	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp);
		if (!*fmt) /* a lone '%' at the end */
			break;
		convert(o, &sp, *fmt++, &args);
	}
	va_end(args);
}

static int vfprintf(int fd, const char *fmt, va_list ap)
{
	char buf[BUFSZ];
	struct out o = {.buf = buf, .size = sizeof(buf), .fd = fd};

	format(&o, fmt, ap);
	flush(&o);
	return o.total;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(STDOUT, fmt, ap);
	va_end(ap);
	return n;
}

int fprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

/* Like C's: writes at most size bytes including the NUL, returns the length
 * the whole output would have had. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {.buf = buf, .size = size ? size - 1 : 0, .fd = -1};

	format(&o, fmt, ap);
	if (size)
		buf[o.len] = 0;
	return o.total;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
