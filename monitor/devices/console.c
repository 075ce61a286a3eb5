/* Paravirtual console output. The guest writes the physical address of a
 * struct vmm_buf to VMM_PORT_CONSOLE; the whole buffer goes to stdout during
 * that one exit (rep outsb would cost one exit per byte on kvm_pvm). */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "vmm_abi.h"
#include "devices/devices.h"
#include "core/vm.h"

static int write_all(int fd, const uint8_t *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The lock keeps one buffer's bytes together when several vCPUs write. */
struct console {
	int out_fd;
	uint64_t bytes; /* under lock */
	pthread_mutex_t lock;
};

static struct console the_console = {.out_fd = STDOUT_FILENO, .lock = PTHREAD_MUTEX_INITIALIZER};

static uint32_t write_text(struct console *c, const uint8_t *text, uint32_t len)
{
	pthread_mutex_lock(&c->lock);
	int r = write_all(c->out_fd, text, len);
	if (r == 0)
		c->bytes += len;
	pthread_mutex_unlock(&c->lock);
	return r == 0 ? VMM_STATUS_OK : VMM_STATUS_EIO;
}

/* A descriptor outside RAM, or an access that is not 32 bits, has nowhere
 * to receive a status: the request is only counted as refused. */
static bool console_out(struct vm *vm, void *dev, uint16_t port, unsigned size, uint32_t gpa)
{
	struct console *c = dev;
	(void)port;
	if (size != 4)
		return false;
	/* Bytes: the descriptor may be misaligned (see block_request). */
	uint8_t *slot = gpa_ptr(&vm->mem, gpa, sizeof(struct vmm_buf));
	if (!slot)
		return false;
	/* Copy the descriptor once: the guest cannot change it under us. */
	struct vmm_buf req;
	memcpy(&req, slot, sizeof(req));
	uint32_t status = VMM_STATUS_OK;
	const uint8_t *text = gpa_ptr(&vm->mem, req.addr, req.len);
	if (req.len > VMM_CONSOLE_MAX)
		status = VMM_STATUS_EINVAL;
	else if (!text)
		status = VMM_STATUS_EFAULT;
	else
		status = write_text(c, text, req.len);
	memcpy(slot + offsetof(struct vmm_buf, status), &status, sizeof(status));
	return status == VMM_STATUS_OK;
}

static const struct io_ops console_ops = {.name = "console", .out = console_out};

/* Where console output goes; the unit tests point it at a pipe. */
void console_set_output(int fd)
{
	the_console.out_fd = fd;
}

static int console_setup(struct vm *vm)
{
	return io_register(&vm->io, VMM_PORT_CONSOLE, 1, &console_ops, &the_console);
}

const struct part console_part = {
    .name = "console",
    .abi_bit = VMM_DEV_CONSOLE,
    .setup = console_setup,
};
