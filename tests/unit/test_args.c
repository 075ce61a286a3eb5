/* Command-line parsing: options, SIZE, the guest command line and quoting. */
#include <string.h>

#include "core/args.h"
#include "check.h"

static enum args_result parse(struct options *o, int argc, const char **argv)
{
	return args_parse(argc, (char **)argv, o);
}

static void test_sizes(void)
{
	uint64_t b;
	CHECK(parse_size("128", &b) == 0 && b == 128ull << 20);
	CHECK(parse_size("64M", &b) == 0 && b == 64ull << 20);
	CHECK(parse_size("1G", &b) == 0 && b == 1ull << 30);
	CHECK(parse_size("1GiB", &b) == 0 && b == 1ull << 30);
	CHECK(parse_size("32768k", &b) == 0 && b == 32ull << 20);
	CHECK(parse_size("", &b) < 0);
	CHECK(parse_size("M", &b) < 0);
	CHECK(parse_size("-5M", &b) < 0);
	CHECK(parse_size("12Q", &b) < 0);
	CHECK(parse_size("99999999999999999999G", &b) < 0);
}

static void test_options(void)
{
	struct options o;
	const char *a1[] = {"vmm", "guest.img"};
	CHECK(parse(&o, 2, a1) == ARGS_RUN && !strcmp(o.image, "guest.img"));
	CHECK(o.ram_size == 128ull << 20 && o.cmdline[0] == '\0' && !o.strict && !o.readonly);
	CHECK(!o.no_sandbox);
	const char *a2[] = {"vmm", "-m", "64M", "--strict", "--stats", "k"};
	CHECK(parse(&o, 6, a2) == ARGS_RUN && o.ram_size == 64ull << 20 && o.strict);
	const char *a3[] = {"vmm", "k", "--memory=1G"};
	CHECK(parse(&o, 3, a3) == ARGS_RUN && o.ram_size == 1ull << 30);
	const char *a4[] = {"vmm", "--help"};
	CHECK(parse(&o, 2, a4) == ARGS_HELP);
	const char *a6[] = {"vmm", "--trace", "t.csv", "--trace-max=7", "k"};
	CHECK(parse(&o, 5, a6) == ARGS_RUN && !strcmp(o.image, "k"));
	const char *a7[] = {"vmm", "--no-sandbox", "k"};
	CHECK(parse(&o, 3, a7) == ARGS_RUN && o.no_sandbox);
	const char *a8[] = {"vmm", "--fail-writes-after", "12", "k"};
	CHECK(parse(&o, 4, a8) == ARGS_RUN && !strcmp(o.image, "k"));
	const char *a9[] = {"vmm", "--fail-writes-after=0", "k"};
	CHECK(parse(&o, 3, a9) == ARGS_RUN && !strcmp(o.image, "k"));
	/* Each part's options reach it; a flag takes no value. */
	CHECK(parts_find_option("--stats") && parts_find_option("--profile-out"));
	CHECK(parts_find_option("--fail-writes-after") && !parts_find_option("--frob"));
	const char *a12[] = {"vmm", "--stats=yes", "k"};
	CHECK(parse(&o, 3, a12) == ARGS_USAGE_ERROR);
	const char *a13[] = {"vmm", "--profile-out=", "k"};
	CHECK(parse(&o, 3, a13) == ARGS_USAGE_ERROR);
	const char *a10[] = {"vmm", "k", "--fail-writes-after", "1x"};
	CHECK(parse(&o, 4, a10) == ARGS_USAGE_ERROR);
	const char *a11[] = {"vmm", "k", "--fail-writes-after"};
	CHECK(parse(&o, 3, a11) == ARGS_USAGE_ERROR);
	const char *a5[] = {"vmm", "--version"};
	CHECK(parse(&o, 2, a5) == ARGS_VERSION);
}

static void test_errors(void)
{
	struct options o;
	const char *none[] = {"vmm"};
	CHECK(parse(&o, 1, none) == ARGS_USAGE_ERROR);
	const char *unknown[] = {"vmm", "--frobnicate", "k"};
	CHECK(parse(&o, 3, unknown) == ARGS_USAGE_ERROR);
	const char *two[] = {"vmm", "a", "b"};
	CHECK(parse(&o, 3, two) == ARGS_USAGE_ERROR);
	const char *novalue[] = {"vmm", "k", "-m"};
	CHECK(parse(&o, 3, novalue) == ARGS_USAGE_ERROR);
	const char *bad[] = {"vmm", "-m", "lots", "k"};
	CHECK(parse(&o, 4, bad) == ARGS_USAGE_ERROR);
	const char *small[] = {"vmm", "-m", "1M", "k"};
	CHECK(parse(&o, 4, small) == ARGS_BAD_VALUE);
	const char *big[] = {"vmm", "-m", "1T", "k"};
	CHECK(parse(&o, 4, big) == ARGS_BAD_VALUE);
	const char *odd[] = {"vmm", "-m", "17M", "k"};
	CHECK(parse(&o, 4, odd) == ARGS_BAD_VALUE);
	const char *noimage[] = {"vmm", "--", "echo"};
	CHECK(parse(&o, 3, noimage) == ARGS_USAGE_ERROR);
}

static void test_cmdline(void)
{
	struct options o;
	const char *a1[] = {"vmm", "k", "--", "echo", "hi", "there"};
	CHECK(parse(&o, 6, a1) == ARGS_RUN && !strcmp(o.cmdline, "echo hi there"));
	const char *a2[] = {"vmm", "k", "--", "echo", "a b", "", "it's"};
	CHECK(parse(&o, 7, a2) == ARGS_RUN && !strcmp(o.cmdline, "echo 'a b' '' 'it'\\''s'"));
	/* Options after -- belong to the guest. */
	const char *a3[] = {"vmm", "k", "--", "ls", "-m", "--help"};
	CHECK(parse(&o, 6, a3) == ARGS_RUN && !strcmp(o.cmdline, "ls -m --help"));
	static char longword[3000];
	memset(longword, 'x', sizeof(longword) - 1);
	const char *a4[] = {"vmm", "k", "--", longword};
	CHECK(parse(&o, 4, a4) == ARGS_USAGE_ERROR);
}

void test_args(void)
{
	test_sizes();
	test_options();
	test_errors();
	test_cmdline();
}
