/* The MBR partition-table parser. */
#include <string.h>

#include "core/image.h"
#include "check.h"
#include "disk_image.h"

static void put_entry(uint8_t *mbr, int n, uint8_t type, uint32_t lba, uint32_t sectors)
{
	struct mbr_entry e = {.type = type, .lba_first = lba, .sectors = sectors};
	memcpy(mbr + IMAGE_MBR_ENTRIES + n * sizeof(e), &e, sizeof(e));
}

static void blank(uint8_t *mbr)
{
	memset(mbr, 0, 512);
	mbr[510] = 0x55;
	mbr[511] = 0xaa;
}

void test_image(void)
{
	uint8_t mbr[512];
	struct partition p[4];
	uint64_t size = 8ull << 20;

	blank(mbr);
	put_entry(mbr, 0, IMAGE_TYPE_KERNEL, 2048, 1000);
	put_entry(mbr, 1, IMAGE_TYPE_FS, 4096, 8192);
	CHECK(mbr_parse("t", mbr, size, p) == 0);
	CHECK(p[0].offset == 2048 * 512ull && p[0].size == 1000 * 512ull);
	CHECK(p[1].offset == 4096 * 512ull && p[1].type == IMAGE_TYPE_FS && p[2].size == 0);

	mbr[510] = 0;
	CHECK(mbr_parse("t", mbr, size, p) < 0); /* no signature */

	blank(mbr);
	CHECK(mbr_parse("t", mbr, size, p) < 0); /* no partition 1 */

	blank(mbr);
	put_entry(mbr, 0, IMAGE_TYPE_KERNEL, 2048, 20000);
	CHECK(mbr_parse("t", mbr, size, p) < 0); /* past the end */

	blank(mbr);
	put_entry(mbr, 0, IMAGE_TYPE_KERNEL, 0xffffffff, 0xffffffff);
	CHECK(mbr_parse("t", mbr, size, p) < 0); /* far past the end, no overflow */

	blank(mbr);
	put_entry(mbr, 0, IMAGE_TYPE_KERNEL, 2048, 4000);
	put_entry(mbr, 1, IMAGE_TYPE_FS, 4000, 100);
	CHECK(mbr_parse("t", mbr, size, p) < 0); /* overlap */

	blank(mbr);
	put_entry(mbr, 0, IMAGE_TYPE_KERNEL, 0, 100);
	CHECK(mbr_parse("t", mbr, size, p) < 0); /* over the table itself */

	blank(mbr);
	put_entry(mbr, 0, IMAGE_TYPE_GPT, 1, 100);
	CHECK(mbr_parse("t", mbr, size, p) < 0); /* GPT */

	blank(mbr);
	put_entry(mbr, 0, IMAGE_TYPE_KERNEL, 2048, 100);
	mbr[IMAGE_MBR_ENTRIES] = 0x12; /* status byte neither 0 nor 0x80 */
	CHECK(mbr_parse("t", mbr, size, p) < 0);
}
