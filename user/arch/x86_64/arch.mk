# x86-64 user programs (included by user/user.mk).
USER_ARCH_CFLAGS :=
USER_ARCH_LIBS :=
USER_ARCH_SRCS := \
	user/arch/x86_64/start.S \
	user/arch/x86_64/syscalls.S \
	user/arch/x86_64/regs.S
