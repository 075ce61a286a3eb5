/* Argument parsing by hand rather than getopt: "--" ends the monitor's
 * options and everything after it is the guest's command line. */
#include "core/args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

void args_usage(void)
{
	printf("Usage: vmm [options] IMAGE [-- COMMAND [ARG...]]\n"
	       "Boot the kernel in IMAGE (a disk image from `make`, or a bare kernel ELF)\n"
	       "in a KVM virtual machine. Words after -- are the guest's command line.\n"
	       "\n"
	       "Options:\n"
	       "  -m, --memory SIZE  guest RAM: 16M..16G, a multiple of 2M (default 128M);\n"
	       "                     suffix K, M, G or T; a plain number is MiB\n");
	printf("      --cpus N       N virtual CPUs: 1..%d, and no more than the host's KVM\n"
	       "                     allows (default 1)\n",
	       VMM_CPUS_MAX);
	printf("      --readonly     the guest's disk (partition 2) refuses writes; the image\n"
	       "                     is opened read-only and may be shared with other readers\n"
	       "      --strict       stop when the guest touches an unknown port or address\n"
	       "      --no-sandbox   do not restrict the monitor's system calls (seccomp)\n");
	parts_usage(stdout);
	printf("  -h, --help         show this help\n"
	       "      --version      show the version\n"
	       "\n"
	       "Exit status: the guest's power-off status; 1 monitor error; 2 usage error;\n"
	       "3 guest crash (kernel panic, triple fault, KVM error); 4 power cut.\n");
}

int parse_size(const char *s, uint64_t *bytes)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	unsigned long long n = strtoull(s, &end, 10);
	unsigned shift = 20;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	case 't':
	case 'T':
		shift = 40;
		end++;
		break;
	case '\0':
		break;
	default:
		return -1;
	}
	if (*end == 'i' && end[1] == 'B')
		end += 2;
	else if (*end == 'B')
		end++;
	if (*end != '\0' || n > (UINT64_MAX >> shift))
		return -1;
	*bytes = (uint64_t)n << shift;
	return 0;
}

/* Appends word to the guest command line, quoted as a shell would when it
 * holds blanks or quotes, so the guest can split it back into words. */
static int append_word(char *line, size_t cap, const char *word)
{
	size_t len = strlen(line);
	int plain = *word != '\0' && strpbrk(word, " \t\n'\"\\") == NULL;
	char quoted[VMM_CMDLINE_MAX];
	size_t q = 0;
	if (!plain)
		quoted[q++] = '\'';
	for (const char *p = word; *p && q + 5 < sizeof(quoted); p++) {
		if (*p == '\'' && !plain) {
			memcpy(quoted + q, "'\\''", 4);
			q += 4;
		} else
			quoted[q++] = *p;
	}
	if (!plain)
		quoted[q++] = '\'';
	quoted[q] = '\0';
	if (q + 5 >= sizeof(quoted) || len + (len > 0) + q >= cap)
		return -1;
	if (len > 0)
		line[len++] = ' ';
	memcpy(line + len, quoted, q + 1);
	return 0;
}

static enum args_result take_memory(struct options *o, const char *value)
{
	if (!value) {
		fail("option -m needs a SIZE");
		return ARGS_USAGE_ERROR;
	}
	if (parse_size(value, &o->ram_size) < 0) {
		fail("bad memory size '%s' (try 128M or 1G)", value);
		return ARGS_USAGE_ERROR;
	}
	if (o->ram_size < VMM_RAM_MIN || o->ram_size > VMM_RAM_MAX || o->ram_size % (2u << 20)) {
		fail("memory size %s out of range: 16M..16G, a multiple of 2M", value);
		return ARGS_BAD_VALUE;
	}
	return ARGS_RUN;
}

static enum args_result take_cpus(struct options *o, const char *value)
{
	if (!value || !*value) {
		fail("option --cpus needs a NUMBER");
		return ARGS_USAGE_ERROR;
	}
	char *end;
	unsigned long n = strtoul(value, &end, 10);
	if (*value < '0' || *value > '9' || *end != '\0') {
		fail("bad CPU count '%s' (try --cpus 2)", value);
		return ARGS_USAGE_ERROR;
	}
	if (n < 1 || n > VMM_CPUS_MAX) {
		fail("CPU count %s out of range: 1..%d", value, VMM_CPUS_MAX);
		return ARGS_BAD_VALUE;
	}
	o->ncpus = (unsigned)n;
	return ARGS_RUN;
}

/* An option a part declares: --name, --name VALUE or --name=VALUE as its
 * kind allows. */
static enum args_result take_part_option(int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	const char *eq = strchr(a, '=');
	char name[64];
	size_t len = eq ? (size_t)(eq - a) : strlen(a);
	if (len >= sizeof(name))
		len = sizeof(name) - 1;
	memcpy(name, a, len);
	name[len] = '\0';
	const struct part_option *o = parts_find_option(name);
	if (!o) {
		fail("unknown option '%s' (see --help)", a);
		return ARGS_USAGE_ERROR;
	}
	const char *value = eq ? eq + 1 : NULL;
	if (o->kind == OPTION_FLAG && value) {
		fail("option %s takes no value", name);
		return ARGS_USAGE_ERROR;
	}
	if (o->kind == OPTION_VALUE && !value && *i + 1 < argc)
		value = argv[++*i];
	if (o->kind == OPTION_VALUE && (!value || !*value)) {
		fail("option %s needs %s", name, o->needs);
		return ARGS_USAGE_ERROR;
	}
	return o->take(value);
}

static enum args_result take_option(struct options *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	if (!strcmp(a, "-h") || !strcmp(a, "--help"))
		return ARGS_HELP;
	if (!strcmp(a, "--version"))
		return ARGS_VERSION;
	if (!strcmp(a, "--readonly")) {
		o->readonly = true;
		return ARGS_RUN;
	}
	if (!strcmp(a, "--strict")) {
		o->strict = true;
		return ARGS_RUN;
	}
	if (!strcmp(a, "--no-sandbox")) {
		o->no_sandbox = true;
		return ARGS_RUN;
	}
	if (!strcmp(a, "-m") || !strcmp(a, "--memory")) {
		*i += 1;
		return take_memory(o, *i < argc ? argv[*i] : NULL);
	}
	if (!strcmp(a, "--cpus")) {
		*i += 1;
		return take_cpus(o, *i < argc ? argv[*i] : NULL);
	}
	if (!strncmp(a, "--cpus=", 7))
		return take_cpus(o, a + 7);
	if (!strncmp(a, "--memory=", 9))
		return take_memory(o, a + 9);
	if (!strncmp(a, "-m", 2))
		return take_memory(o, a + 2);
	return take_part_option(argc, argv, i);
}

enum args_result args_parse(int argc, char **argv, struct options *o)
{
	*o = (struct options){.ram_size = VMM_RAM_DEFAULT, .ncpus = 1};
	int i;
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			enum args_result r = take_option(o, argc, argv, &i);
			if (r != ARGS_RUN)
				return r;
		} else if (o->image) {
			fail("unexpected argument '%s' (the guest's command goes after --)",
			     argv[i]);
			return ARGS_USAGE_ERROR;
		} else {
			o->image = argv[i];
		}
	}
	if (!o->image) {
		fail("no IMAGE given (usage: vmm [options] IMAGE [-- COMMAND...])");
		return ARGS_USAGE_ERROR;
	}
	for (i++; i < argc; i++)
		if (append_word(o->cmdline, sizeof(o->cmdline), argv[i]) < 0) {
			fail("guest command line longer than %d bytes", VMM_CMDLINE_MAX - 1);
			return ARGS_USAGE_ERROR;
		}
	return ARGS_RUN;
}
