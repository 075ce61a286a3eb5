# The x86-64 kernel (included by guest/guest.mk): linked in the top 2 GiB
# (-mcmodel=kernel), no red zone (traps push onto the kernel stack).
GUEST_ARCH_CFLAGS := -mno-red-zone -mcmodel=kernel
GUEST_ARCH_LIBS :=
GUEST_ARCH_SRCS := \
	$(GUEST_ARCHDIR)/entry.S \
	$(GUEST_ARCHDIR)/pvh_entry.S \
	$(GUEST_ARCHDIR)/pvh.c \
	$(GUEST_ARCHDIR)/seg.c \
	$(GUEST_ARCHDIR)/string.S \
	$(GUEST_ARCHDIR)/swtch.S \
	$(GUEST_ARCHDIR)/usercopy.S \
	$(GUEST_ARCHDIR)/vectors.S
