/*
 * What the guest's /bin/true is to execbench, on the host: a static
 * program without a C library that exits 0 at once. Built with
 * -DPAYLOAD_BYTES=N it also carries N bytes of initialized data, as the
 * guest's /bin/bigtrue does (build/native-bigtrue).
 */
#ifdef PAYLOAD_BYTES
char payload[PAYLOAD_BYTES] = {1};
#endif

void _start(void)
{
	__asm__ volatile("mov $60, %eax\n\txor %edi, %edi\n\tsyscall"); /* exit(0) */
	__builtin_unreachable();
}
