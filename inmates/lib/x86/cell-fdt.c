// SPDX-License-Identifier: GPL-2.0
/*
 * The cell's description, read with Debian's libfdt.a. The tree lies in
 * the cell's own memory and the root writes it only while the cell is
 * stopped, so it is checked once at start-up and then read in place.
 *
 * libfdt is built for user space: it may use the red zone below the
 * stack pointer, which an interrupt taken in the cell's ring 0 would
 * overwrite, so every call runs with interrupts off; and it reads a stack
 * canary at %fs:0x28 (stack-guard.c).
 */
#include <libfdt.h>
#include <prtos/cell.h>
#include <prtos/config.h>
#include <prtos/errno.h>
#include <inmate/cell-fdt.h>
#include <inmate/irqflags.h>

static const void *fdt;

/**
 * cell_fdt_init() - look for the description at PRTOS_INMATE_FDT_GPA
 *
 * A tree with a bad header, or larger than its place, counts as absent.
 */
void cell_fdt_init(void)
{
	const void *blob = (const void *)PRTOS_INMATE_FDT_GPA;
	unsigned long flags = irq_save();

	if (!fdt_check_header(blob) &&
	    fdt_totalsize(blob) <= PRTOS_INMATE_FDT_SIZE)
		fdt = blob;
	irq_restore(flags);
}

/**
 * cell_fdt_present() - whether the cell was given a description
 *
 * Return: true after cell_fdt_init() found a valid tree.
 */
bool cell_fdt_present(void)
{
	return fdt;
}

/* A string property, NUL-terminated within its length, or NULL. */
static const char *get_string(int node, const char *name)
{
	int len;
	const char *s = fdt_getprop(fdt, node, name, &len);

	return s && len > 0 && !s[len - 1] ? s : NULL;
}

/* A one-cell property into @val; false if absent or of another size. */
static bool get_u32(int node, const char *name, u32 *val)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p || len != sizeof(*p))
		return false;
	*val = fdt32_to_cpu(*p);
	return true;
}

/**
 * cell_fdt_name() - the cell's name as its description gives it
 *
 * Return: the name, or "" without a description.
 */
const char *cell_fdt_name(void)
{
	unsigned long flags;
	const char *name;

	if (!fdt)
		return "";
	flags = irq_save();
	name = get_string(0, "model");
	irq_restore(flags);
	return name ? name : "";
}

/**
 * cell_fdt_tsc_khz() - the TSC frequency Linux measured
 *
 * Return: kHz, or 0 if the description does not say.
 */
u32 cell_fdt_tsc_khz(void)
{
	unsigned long flags;
	u32 khz = 0;

	if (!fdt)
		return 0;
	flags = irq_save();
	get_u32(0, "prtos,tsc-khz", &khz);
	irq_restore(flags);
	return khz;
}

static int read_port(int node, struct cell_fdt_port *port)
{
	const char *role = get_string(node, "role");
	const fdt64_t *reg;
	int len;

	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!role || !reg || len != 2 * sizeof(*reg) ||
	    !get_u32(node, "prtos,index", &port->index))
		return -EINVAL;
	port->address = fdt64_to_cpu(reg[0]);
	port->size = fdt64_to_cpu(reg[1]);
	port->writer = !strcmp(role, "writer");
	port->reader = 0;
	if (!port->writer && (strcmp(role, "reader") ||
			      !get_u32(node, "reader-index", &port->reader)))
		return -EINVAL;
	port->vector = PRTOS_PORT_NO_DOORBELL;
	get_u32(node, "interrupts", &port->vector);
	return 0;
}

/**
 * cell_fdt_port() - the cell's port of a channel, from its description
 * @channel: the channel's name
 * @port: filled in on success
 *
 * Return: 0; -ENODEV without a description; -ENOENT if it lists no port
 * of that channel; -EINVAL for a port node that lacks what it must say.
 */
int cell_fdt_port(const char *channel, struct cell_fdt_port *port)
{
	unsigned long flags;
	int ports, node, err = -ENOENT;

	if (!fdt)
		return -ENODEV;
	flags = irq_save();
	ports = fdt_subnode_offset(fdt, 0, "ports");
	if (ports >= 0) {
		fdt_for_each_subnode(node, fdt, ports)
		{
			const char *name = get_string(node, "channel");

			if (name && !strcmp(name, channel)) {
				err = read_port(node, port);
				break;
			}
		}
	}
	irq_restore(flags);
	return err;
}
