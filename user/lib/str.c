/*
 * More string functions, character classes and number parsing, as C's.
 * (string.c has the ones the compiler may call on its own.)
 */
#include "user.h"

char *strrchr(const char *s, int c)
{
	const char *last = 0;

	do {
		if (*s == (char)c)
			last = s;
	} while (*s++);
	return (char *)last;
}

char *strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		if (strncmp(hay, needle, n) == 0)
			return (char *)hay;
	}
	return n == 0 ? (char *)hay : 0;
}

char *strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	return d ? memcpy(d, s, n) : 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; n--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return 0;
}

int isdigit(int c)
{
	return c >= '0' && c <= '9';
}

int isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int isalpha(int c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* The value of digit c in bases up to 36, or 36 if c is not one. */
static int digit(int c)
{
	if (isdigit(c))
		return c - '0';
	if (isalpha(c))
		return (c | 0x20) - 'a' + 10;
	return 36;
}

/* Like C's, without errno: leading blanks, a sign, base 0 (a "0x" or "0"
 * prefix picks 16 or 8, else 10) or 2..36. *end, when end is not null,
 * points past the digits, or at s when there were none. A value that
 * does not fit is clamped to LONG_MIN or LONG_MAX. */
long strtol(const char *s, char **end, int base)
{
	const char *p = s;
	unsigned long v = 0, limit;
	int neg = 0, any = 0, over = 0;

	while (isspace(*p))
		p++;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 0x20) == 'x' && digit(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	limit = neg ? (unsigned long)__LONG_MAX__ + 1 : (unsigned long)__LONG_MAX__;
	for (; digit(*p) < base; p++, any = 1) {
		if (v > (limit - digit(*p)) / base)
			over = 1;
		else
			v = v * base + digit(*p);
	}
	if (end)
		*end = (char *)(any ? p : s);
	if (over)
		v = limit;
	return neg ? (long)-v : (long)v;
}
