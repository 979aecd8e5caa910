// SPDX-License-Identifier: GPL-2.0
/*
 * An inmate that breaks the rules on purpose, to show that the hypervisor
 * stops it (and only it). "fault=<kind>" picks the offence:
 *   mem     write to guest-physical 0x3f000000, outside the cell's memory
 *   ipi     send a fixed IPI (vector 0x40) to APIC id 0, a CPU of the root
 *   triple  load an empty IDT and raise an exception: a triple fault
 *   excp    execute UD2: the library's crash report (no hypervisor rule is
 *           broken; the CPU halts)
 *   scribble  overwrite its own parameter string (with "fault=none"), then
 *           as mem: a restart by the health monitor must run what was
 *           loaded (and fault again), not what the cell left
 *   state   ask the hypervisor for the state of cells 0-3: only its own
 *           is answered, the others are refused (-1, EPERM); a refused
 *           request does not stop the cell
 *   none    break nothing (the default)
 *
 * Output (one line each):
 *   fault-demo: about to fault (<kind>)
 *   fault-demo: still alive after <kind>      [the fault did not stop it]
 *   fault-demo: unknown fault=<kind>: use mem, ipi, triple, excp, scribble,
 *               state or none
 * On bare metal nothing isolates: mem writes to unbacked memory, the IPI
 * reaches the inmate itself (APIC id 0), triple resets the machine.
 */
#include <inmate/apic.h>
#include <inmate/cmdline.h>
#include <inmate/comm.h>
#include <inmate/hypercall.h>
#include <inmate/inmate.h>
#include <inmate/irq.h>
#include <inmate/printk.h>
#include <inmate/string.h>

#define FOREIGN_ADDR	0x3f000000UL
#define FOREIGN_APIC_ID 0
#define IPI_VECTOR	0x40

struct idt_ptr {
	u16 limit;
	u64 base;
} __packed;

static void fault_mem(void)
{
	*(volatile u32 *)FOREIGN_ADDR = 0xdeadbeef;
}

static void fault_scribble(void)
{
	static const char spoilt[] = "fault=none";

	memcpy((void *)PRTOS_INMATE_CMDLINE_GPA, spoilt, sizeof(spoilt));
	fault_mem();
}

static void fault_ipi(void)
{
	apic_send_ipi(FOREIGN_APIC_ID, APIC_DM_FIXED, IPI_VECTOR);
}

static void fault_triple(void)
{
	struct idt_ptr empty = { 0, 0 };

	/* no IDT: #UD -> #GP -> #DF -> shutdown */
	asm volatile("lidt %0; ud2" : : "m"(empty));
}

static void fault_excp(void)
{
	asm volatile("ud2");
}

static void fault_state(void)
{
	unsigned long id;
	long ret;

	if (!comm_present()) {
		printk("fault-demo: not in a cell: no hypervisor to ask\n");
		return;
	}
	for (id = 0; id < 4; id++) {
		ret = hypercall1(PRTOS_HC_CELL_GET_STATE, id);
		if (ret < 0)
			printk("fault-demo: state of cell %lu: %ld\n", id, ret);
		else
			printk("fault-demo: state of cell %lu: %s\n", id,
			       prtos_cell_state_name(PRTOS_CELL_STATE(ret)));
	}
}

static const struct {
	const char *name;
	void (*fault)(void);
} kinds[] = {
	{ "mem", fault_mem },	    { "ipi", fault_ipi },
	{ "triple", fault_triple }, { "excp", fault_excp },
	{ "state", fault_state },   { "scribble", fault_scribble },
	{ "none", NULL },
};

void inmate_main(void)
{
	char kind[16] = "none";
	unsigned int i;

	cmdline_parse_str("fault", kind, sizeof(kind));
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(kind, kinds[i].name))
			break;
	if (i == ARRAY_SIZE(kinds)) {
		printk("fault-demo: unknown fault=%s: use mem, ipi, triple, excp, scribble, state or none\n",
		       kind);
		return;
	}
	printk("fault-demo: about to fault (%s)\n", kind);
	if (kinds[i].fault)
		kinds[i].fault();
	/* let a fixed IPI to ourselves (bare metal) arrive before saying so */
	irq_enable();
	asm volatile("nop");
	irq_disable();
	printk("fault-demo: still alive after %s\n", kind);
}
