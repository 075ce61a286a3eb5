# i386 user programs (included by user/user.mk): 32-bit code, linked with
# libgcc for the 64-bit arithmetic some programs do (file sizes, hashes).
USER_ARCH_CFLAGS := -m32 -march=i686
USER_ARCH_LIBS := -lgcc
USER_ARCH_SRCS := \
	user/arch/i386/start.S \
	user/arch/i386/syscalls.S \
	user/arch/i386/regs.S
