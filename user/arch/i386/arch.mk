# i386 user programs (included by user/user.mk): 32-bit code, linked with
# libgcc for the 64-bit arithmetic some programs do (file sizes, hashes).
# Floating point in SSE2, as on x86-64: the same results on both (the x87's
# 80-bit intermediates would round differently); every CPU KVM runs on has
# it, and so has QEMU's qemu32.
USER_ARCH_CFLAGS := -m32 -march=i686 -msse2 -mfpmath=sse
USER_ARCH_LIBS := -lgcc
USER_ARCH_SRCS := \
	user/arch/i386/start.S \
	user/arch/i386/syscalls.S \
	user/arch/i386/regs.S
