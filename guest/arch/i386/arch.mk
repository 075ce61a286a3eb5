# The i386 kernel (included by guest/guest.mk): 32-bit code, linked with
# libgcc for the 64-bit arithmetic of the shared code (sizes, offsets).
GUEST_ARCH_CFLAGS := -m32 -march=i686
GUEST_ARCH_LIBS := -lgcc
GUEST_ARCH_SRCS := \
	$(GUEST_ARCHDIR)/entry.S \
	$(GUEST_ARCHDIR)/multiboot.c \
	$(GUEST_ARCHDIR)/seg.c \
	$(GUEST_ARCHDIR)/string.S \
	$(GUEST_ARCHDIR)/swtch.S \
	$(GUEST_ARCHDIR)/usercopy.S \
	$(GUEST_ARCHDIR)/vectors.S
