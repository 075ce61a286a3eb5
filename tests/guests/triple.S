/* Faults with no IDT loaded: a triple fault the monitor must report. */
	.text
	.globl _start
_start:
	ud2
