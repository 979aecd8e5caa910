/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vendor interface: what the x86 code asks of a virtualisation
 * backend. AMD SVM (svm.c) implements it; an Intel VMX backend implements
 * the same operations in its own files. Nothing outside a backend sees its
 * control structure (VMCB, VMCS): registers, the instruction pointer, the
 * guest's paging mode, event injection and the permission bitmaps all go
 * through these calls.
 *
 * A backend registers itself with VCPU_VENDOR(); at start-up the first
 * whose probe() accepts the CPU is used on every CPU.
 */
#ifndef _ASM_VCPU_H
#define _ASM_VCPU_H

#include <prtos-hv/types.h>

struct per_cpu;
struct cell;
struct paging_env;

/* Access rights of a nested mapping, whatever the entry format. */
#define NESTED_READ	BIT(0)
#define NESTED_WRITE	BIT(1)
#define NESTED_EXEC	BIT(2)
#define NESTED_UNCACHED BIT(3)

/* General-purpose registers, in instruction-encoding order. */
enum vcpu_reg {
	VCPU_RAX,
	VCPU_RCX,
	VCPU_RDX,
	VCPU_RBX,
	VCPU_RSP,
	VCPU_RBP,
	VCPU_RSI,
	VCPU_RDI,
	VCPU_R8,
	VCPU_R9,
	VCPU_R10,
	VCPU_R11,
	VCPU_R12,
	VCPU_R13,
	VCPU_R14,
	VCPU_R15,
};

/**
 * struct vcpu_mode - what is needed to read memory as the guest sees it
 * @cr0: guest CR0
 * @cr3: guest CR3
 * @cr4: guest CR4
 * @efer: guest EFER as the guest sees it
 * @cs_base: base of the code segment
 * @code64: the guest executes 64-bit code (long mode, CS.L)
 * @cpl: current privilege level
 */
struct vcpu_mode {
	u64 cr0, cr3, cr4, efer;
	u64 cs_base;
	bool code64;
	unsigned int cpl;
};

/**
 * struct vcpu_linux_state - Linux's state on a CPU that leaves for good
 * @cr0: control registers and the rest of what the leave stub restores
 * @cr2: page-fault address
 * @cr3: page-table root
 * @cr4: CR4
 * @efer: EFER (with SVME/VMXE as the backend needs; the stub clears it)
 * @pat: PAT MSR
 * @dr7: DR7
 * @rsp: stack pointer at the point Linux resumes
 * @cs: code segment selector
 * @ss: stack segment selector
 * @ds: data segment selector
 * @es: extra segment selector
 * @gdtr_base: GDT
 * @gdtr_limit: GDT limit
 * @idtr_base: IDT
 * @idtr_limit: IDT limit
 */
struct vcpu_linux_state {
	u64 cr0, cr2, cr3, cr4, efer, pat, dr7, rsp;
	u16 cs, ss, ds, es;
	u64 gdtr_base, idtr_base;
	u16 gdtr_limit, idtr_limit;
};

/**
 * struct vcpu_vendor - one backend
 * @name: "AMD SVM", "Intel VMX"
 * @probe: does this CPU have what the backend needs? 0, or -ENODEV with
 *	   the reason recorded (setup_fail)
 * @cpu_init: per-CPU set-up before the first entry (host save area, VMXON)
 * @cpu_exit: undo @cpu_init on a CPU that leaves
 * @activate: run Linux, as captured by the driver, as this CPU's guest
 * @reset: put the guest in the state after INIT (and SIPI @vector, or the
 *	   reset vector of a cell when @vector < 0), with the control state
 *	   of the CPU's current cell
 * @restart: abandon the current exit and enter the guest
 * @linux_state: the guest's current state, for handing the CPU to Linux
 * @flush_tlb: flush the guest's TLB on the next entry
 * @get_reg: read a general-purpose register
 * @set_reg: write one
 * @get_rip: the guest's instruction pointer
 * @set_rip: set it
 * @skip_exit_insn: move past the instruction that caused this exit, when
 *		    the exit tells its length (CPUID, MSR, port, hypercall,
 *		    next-RIP save); false if it does not
 * @get_mode: paging and code mode, for reading guest memory
 * @set_efer: the guest wrote EFER (the backend keeps what it needs set)
 * @inject_exception: deliver an exception on the next entry
 * @inject_nmi: deliver an NMI on the next entry
 * @drain_interrupts: briefly accept interrupts in the hypervisor, so that
 *		      what a previous owner left pending is taken (and
 *		      dropped) here
 * @cell_init: allocate the cell's permission bitmaps (all intercepted)
 * @cell_exit: free them
 * @set_pio: intercept a port or pass it through
 * @set_msr: intercept reads and/or writes of an MSR
 * @nested_paging: how the nested tables are reached and allocated
 * @nested_flags: entry flags for NESTED_* rights
 * @nested_access: NESTED_* rights of an entry's flags
 */
struct vcpu_vendor {
	const char *name;
	int (*probe)(struct per_cpu *cpu);
	int (*cpu_init)(struct per_cpu *cpu);
	void (*cpu_exit)(struct per_cpu *cpu);
	void (*activate)(struct per_cpu *cpu) __noreturn;
	void (*reset)(struct per_cpu *cpu, int vector);
	void (*restart)(struct per_cpu *cpu) __noreturn;
	void (*linux_state)(struct per_cpu *cpu, struct vcpu_linux_state *st);
	void (*flush_tlb)(struct per_cpu *cpu);
	u64 (*get_reg)(struct per_cpu *cpu, enum vcpu_reg reg);
	void (*set_reg)(struct per_cpu *cpu, enum vcpu_reg reg, u64 val);
	u64 (*get_rip)(struct per_cpu *cpu);
	void (*set_rip)(struct per_cpu *cpu, u64 rip);
	bool (*skip_exit_insn)(struct per_cpu *cpu);
	void (*get_mode)(struct per_cpu *cpu, struct vcpu_mode *mode);
	void (*set_efer)(struct per_cpu *cpu, u64 efer);
	void (*inject_exception)(struct per_cpu *cpu, u8 vector, bool has_err,
				 u32 err);
	void (*inject_nmi)(struct per_cpu *cpu);
	void (*drain_interrupts)(void);
	int (*cell_init)(struct cell *cell);
	void (*cell_exit)(struct cell *cell);
	void (*set_pio)(struct cell *cell, u16 port, bool intercept);
	void (*set_msr)(struct cell *cell, u32 msr, bool read, bool write);
	const struct paging_env *nested_paging;
	u64 (*nested_flags)(unsigned int access);
	unsigned int (*nested_access)(u64 flags);
};

/* The backend in use, chosen by vcpu_vendor_select(). */
extern const struct vcpu_vendor *vcpu;

#define VCPU_VENDOR(v)                                      \
	static const struct vcpu_vendor *const __vendor_##v \
		__attribute__((used, section(".vcpu_vendors"))) = &(v)

int vcpu_vendor_select(struct per_cpu *cpu);

/* Per-CPU room for the backend's own state (page-aligned). */
#define VCPU_VENDOR_STATE_SIZE (3 * 4096)

static inline u64 vcpu_get_reg(struct per_cpu *cpu, enum vcpu_reg reg)
{
	return vcpu->get_reg(cpu, reg);
}

static inline void vcpu_set_reg(struct per_cpu *cpu, enum vcpu_reg reg, u64 val)
{
	vcpu->set_reg(cpu, reg, val);
}

static inline u64 vcpu_get_rip(struct per_cpu *cpu)
{
	return vcpu->get_rip(cpu);
}

static inline void vcpu_get_mode(struct per_cpu *cpu, struct vcpu_mode *m)
{
	vcpu->get_mode(cpu, m);
}

static inline void vcpu_inject_exception(struct per_cpu *cpu, u8 vector,
					 bool has_err, u32 err)
{
	vcpu->inject_exception(cpu, vector, has_err, err);
}

/* Move past the exit's instruction, @len bytes long if it was decoded. */
static inline void vcpu_skip_insn(struct per_cpu *cpu, unsigned int len)
{
	if (!vcpu->skip_exit_insn(cpu))
		vcpu->set_rip(cpu, vcpu->get_rip(cpu) + len);
}

/* Linux's state as the driver captured it at enable (leave.c). */
void linux_state_captured(const struct per_cpu *cpu,
			  struct vcpu_linux_state *st);

#endif
