/*
 * All-stop over several vCPUs (gdb_stub.h). The vCPU that stops first
 * serves gdb; it brings every other running vCPU out of KVM_RUN with a
 * kick, and each of those parks in the gdb part's kicked hook until the
 * server resumes the guest. A parked vCPU's thread keeps serving: gdb's
 * commands about that vCPU (its registers, its page tables) reach it as
 * requests, so every vCPU ioctl is still made on the vCPU's own thread.
 * With one vCPU there is nobody to park and nothing to forward.
 */
#include <errno.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <time.h>

#include "core/kick.h"
#include "core/vm.h"
#include "debug/gdb.h"
#include "debug/gdb_stub.h"

/* How long the server waits before it looks again for vCPUs to park (a
 * CPU started just now, or one that ended its run). */
#define RECHECK_NS 10000000L

struct request {
	bool pending;
	unsigned long req;
	void *arg;
	int result, err;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	const struct gdb_vcpu *server; /* NULL: the guest runs */
	uint64_t resumes;              /* how many times the server resumed the guest */
	bool parked[VMM_CPUS_MAX];
	struct request request[VMM_CPUS_MAX];
} world = {.lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER};

static void wait_a_little(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += RECHECK_NS;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&world.changed, &world.lock, &t);
}

/* With the lock held: whether every running vCPU but the server is parked;
 * those not yet are kicked (again: a kick is idempotent until taken). */
static bool all_parked(const struct gdb_vcpu *self)
{
	struct vm *vm = self->cpu->vm;
	bool all = true;
	for (unsigned i = 0; i < vm->ncpus; i++) {
		struct vcpu *c = &vm->cpu[i];
		if (c == self->cpu || world.parked[i] || !atomic_load(&c->running))
			continue;
		kick_vcpu(c, &gdb_part);
		all = false;
	}
	return all;
}

bool gdb_world_stop(const struct gdb_vcpu *self)
{
	pthread_mutex_lock(&world.lock);
	bool mine = !world.server || world.server == self;
	if (mine) {
		world.server = self;
		while (!all_parked(self) && !self->cpu->vm->stop)
			wait_a_little();
	}
	pthread_mutex_unlock(&world.lock);
	return mine;
}

void gdb_world_resume(void)
{
	pthread_mutex_lock(&world.lock);
	world.server = NULL;
	world.resumes++;
	pthread_cond_broadcast(&world.changed);
	pthread_mutex_unlock(&world.lock);
}

/* With the lock held: the server's request for this vCPU. */
static void serve_request(struct request *r, int fd)
{
	pthread_mutex_unlock(&world.lock);
	int result = ioctl(fd, r->req, r->arg);
	int err = errno;
	pthread_mutex_lock(&world.lock);
	r->result = result;
	r->err = err;
	r->pending = false;
	pthread_cond_broadcast(&world.changed);
}

bool gdb_world_park(const struct gdb_vcpu *self)
{
	unsigned id = self->cpu->id;
	pthread_mutex_lock(&world.lock);
	bool park = world.server && world.server != self;
	if (park) {
		uint64_t resumes = world.resumes;
		world.parked[id] = true;
		pthread_cond_broadcast(&world.changed);
		while (world.resumes == resumes) {
			if (world.request[id].pending)
				serve_request(&world.request[id], self->cpu->fd);
			else
				pthread_cond_wait(&world.changed, &world.lock);
		}
		world.parked[id] = false;
	}
	pthread_mutex_unlock(&world.lock);
	return park;
}

int gdb_vcpu_ioctl(const struct gdb_vcpu *v, unsigned long req, void *arg)
{
	if (v->cpu == vcpu_self())
		return ioctl(v->cpu->fd, req, arg);
	unsigned id = v->cpu->id;
	struct request *r = &world.request[id];
	pthread_mutex_lock(&world.lock);
	if (!world.parked[id]) {
		pthread_mutex_unlock(&world.lock);
		errno = ESRCH; /* not stopped: nobody to ask */
		return -1;
	}
	*r = (struct request){.pending = true, .req = req, .arg = arg};
	pthread_cond_broadcast(&world.changed);
	while (r->pending)
		pthread_cond_wait(&world.changed, &world.lock);
	int result = r->result;
	errno = r->err;
	pthread_mutex_unlock(&world.lock);
	return result;
}
