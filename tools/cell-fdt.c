// SPDX-License-Identifier: GPL-2.0
/*
 * A cell's description as a flattened device tree, written with libfdt.
 * The cell reads it with the same library (inmates/lib/x86/fdt.c), so the
 * layout below is a contract with the inmate library, documented in
 * Documentation/channels.md:
 *
 *   / { compatible = "prtos,cell"; model = NAME;
 *       #address-cells = <2>; #size-cells = <2>;
 *       prtos,tsc-khz = <KHZ>;                 (when Linux knows it)
 *       chosen { bootargs = STRING; };         (when one was loaded)
 *       cpus { cpu@N { device_type = "cpu"; reg = <N>; }; ... };
 *       memory@ADDR { device_type = "memory"; reg = <ADDR SIZE>;
 *                     prtos,flags = <PRTOS_MEM_*>; }; ...
 *       console { compatible = "ns16550a"; prtos,io-port = <PORT>; };
 *       ports { port@N { prtos,index = <N>; (in the configuration)
 *                        channel = NAME; kind = "sampling"|"queuing";
 *                        role = "writer"|"reader"; reg = <ADDR SIZE>;
 *                        reader-index = <I>;   (readers)
 *                        interrupts = <VECTOR>; (doorbell ports) }; ... };
 *   };
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>
#include <prtos/cell.h>

#include "cell-fdt.h"

/* A node name with its unit address, "memory@f0000". */
static int add_node(void *fdt, int parent, const char *name,
		    unsigned long long unit)
{
	char full[64];

	snprintf(full, sizeof(full), "%s@%llx", name, unit);
	return fdt_add_subnode(fdt, parent, full);
}

static int set_reg(void *fdt, int node, unsigned long long address,
		   unsigned long long size)
{
	fdt64_t reg[2] = { cpu_to_fdt64(address), cpu_to_fdt64(size) };

	return fdt_setprop(fdt, node, "reg", reg, sizeof(reg));
}

/* Stops at the first error: libfdt's codes are negative, like ours. */
#define TRY(expr)                     \
	do {                          \
		int __err = (expr);   \
		if (__err < 0)        \
			return __err; \
	} while (0)

static int add_cpus(void *fdt, const struct prtos_cell_desc *c)
{
	int cpus, node;
	unsigned int cpu;

	TRY(cpus = fdt_add_subnode(fdt, 0, "cpus"));
	TRY(fdt_setprop_u32(fdt, cpus, "#address-cells", 1));
	TRY(fdt_setprop_u32(fdt, cpus, "#size-cells", 0));
	/* descending: fdt_add_subnode() puts each new node first */
	for (cpu = PRTOS_MAX_CPUS; cpu-- > 0;) {
		if (!prtos_cell_has_cpu(c, cpu))
			continue;
		TRY(node = add_node(fdt, cpus, "cpu", cpu));
		TRY(fdt_setprop_string(fdt, node, "device_type", "cpu"));
		TRY(fdt_setprop_u32(fdt, node, "reg", cpu));
	}
	return 0;
}

static int add_memory(void *fdt, const struct prtos_cell_desc *c)
{
	const struct prtos_memory *m = prtos_cell_mem(c);
	unsigned int n;
	int node;

	for (n = c->num_memory_regions; n-- > 0;) {
		/* the comm region too, marked by PRTOS_MEM_COMM_REGION */
		TRY(node = add_node(fdt, 0, "memory", m[n].virt_start));
		TRY(fdt_setprop_string(fdt, node, "device_type", "memory"));
		TRY(set_reg(fdt, node, m[n].virt_start, m[n].size));
		TRY(fdt_setprop_u32(fdt, node, "prtos,flags", m[n].flags));
	}
	return 0;
}

static int add_ports(void *fdt, const struct prtos_cell_desc *c,
		     fdt_channel_fn channel)
{
	const struct prtos_port *p = prtos_cell_ports(c);
	struct fdt_channel ch;
	unsigned int n;
	int ports, node;

	if (!c->num_ports)
		return 0;
	TRY(ports = fdt_add_subnode(fdt, 0, "ports"));
	for (n = c->num_ports; n-- > 0;) {
		char name[PRTOS_CHANNEL_NAME_LEN + 1] = "";
		bool writer = p[n].end == PRTOS_PORT_WRITER;

		memset(&ch, 0, sizeof(ch));
		if (channel(c->name, &p[n], &ch))
			return -FDT_ERR_BADVALUE;
		memcpy(name, p[n].channel, sizeof(p[n].channel));
		TRY(node = add_node(fdt, ports, "port", n));
		TRY(fdt_setprop_u32(fdt, node, "prtos,index", n));
		TRY(fdt_setprop_string(fdt, node, "channel", name));
		TRY(fdt_setprop_string(fdt, node, "kind", ch.kind));
		TRY(fdt_setprop_string(fdt, node, "role",
				       writer ? "writer" : "reader"));
		TRY(set_reg(fdt, node, p[n].address, ch.size));
		if (!writer)
			TRY(fdt_setprop_u32(fdt, node, "reader-index",
					    ch.reader));
		if (p[n].vector != PRTOS_PORT_NO_DOORBELL)
			TRY(fdt_setprop_u32(fdt, node, "interrupts",
					    p[n].vector));
	}
	return 0;
}

/**
 * cell_fdt_build() - describe a cell as a flattened device tree
 * @buf: where to build it
 * @size: bytes of @buf (at most PRTOS_INMATE_FDT_SIZE are ever loaded)
 * @c: the cell's configuration (checked by the driver at creation)
 * @bootargs: the parameter string loaded with it, or NULL
 * @tsc_khz: the TSC frequency, 0 if unknown
 * @channel: tells the kind and size of each port's channel
 *
 * Return: 0 with a packed tree in @buf, or a negative libfdt error
 * (-FDT_ERR_NOSPACE: @buf too small; -FDT_ERR_BADVALUE: @channel failed).
 */
int cell_fdt_build(void *buf, size_t size, const struct prtos_cell_desc *c,
		   const char *bootargs, unsigned long tsc_khz,
		   fdt_channel_fn channel)
{
	char name[PRTOS_CELL_NAME_LEN + 1] = "";
	int node;

	memcpy(name, c->name, sizeof(c->name));
	TRY(fdt_create_empty_tree(buf, size));
	TRY(fdt_setprop_string(buf, 0, "compatible", "prtos,cell"));
	TRY(fdt_setprop_string(buf, 0, "model", name));
	TRY(fdt_setprop_u32(buf, 0, "#address-cells", 2));
	TRY(fdt_setprop_u32(buf, 0, "#size-cells", 2));
	if (tsc_khz)
		TRY(fdt_setprop_u32(buf, 0, "prtos,tsc-khz", tsc_khz));
	/* added in reverse: each new node goes first */
	TRY(add_ports(buf, c, channel));
	if (c->console_port) {
		TRY(node = fdt_add_subnode(buf, 0, "console"));
		TRY(fdt_setprop_string(buf, node, "compatible", "ns16550a"));
		TRY(fdt_setprop_u32(buf, node, "prtos,io-port",
				    c->console_port));
	}
	TRY(add_memory(buf, c));
	TRY(add_cpus(buf, c));
	if (bootargs) {
		TRY(node = fdt_add_subnode(buf, 0, "chosen"));
		TRY(fdt_setprop_string(buf, node, "bootargs", bootargs));
	}
	return fdt_pack(buf);
}

/**
 * cell_fdt_fits() - whether the cell can be given a description
 * @c: the cell's configuration
 *
 * Return: true if loadable memory covers PRTOS_INMATE_FDT_GPA and the
 * PRTOS_INMATE_FDT_SIZE bytes after it, where the inmate library looks.
 */
bool cell_fdt_fits(const struct prtos_cell_desc *c)
{
	const struct prtos_memory *m = prtos_cell_mem(c);
	unsigned int n;

	for (n = 0; n < c->num_memory_regions; n++)
		if ((m[n].flags & PRTOS_MEM_LOADABLE) &&
		    m[n].virt_start <= PRTOS_INMATE_FDT_GPA &&
		    m[n].size >= PRTOS_INMATE_FDT_SIZE &&
		    PRTOS_INMATE_FDT_GPA - m[n].virt_start <=
			    m[n].size - PRTOS_INMATE_FDT_SIZE)
			return true;
	return false;
}

/* Prints a property as text when it is one string, else as u32 cells. */
static void print_prop(const char *name, const void *val, int len, int depth)
{
	const char *s = val;
	const fdt32_t *cell = val;
	int n;

	printf("%*s%s", depth * 4, "", name);
	if (!len) {
		printf(";\n");
		return;
	}
	if (s[len - 1] == '\0' && (int)strlen(s) == len - 1 && len > 1) {
		bool text = true;

		for (n = 0; n < len - 1; n++)
			text &= s[n] >= 0x20 && s[n] < 0x7f;
		if (text) {
			printf(" = \"%s\";\n", s);
			return;
		}
	}
	if (len % 4) {
		printf(" = [");
		for (n = 0; n < len; n++)
			printf("%s%02x", n ? " " : "", (unsigned char)s[n]);
		printf("];\n");
		return;
	}
	printf(" = <");
	for (n = 0; n < len / 4; n++)
		printf("%s0x%x", n ? " " : "", fdt32_to_cpu(cell[n]));
	printf(">;\n");
}

static void print_node(const void *fdt, int node, int depth)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	int prop, child;

	printf("%*s%s {\n", depth * 4, "", depth ? name : "/");
	fdt_for_each_property_offset(prop, fdt, node)
	{
		const char *pname;
		const void *val;
		int len;

		val = fdt_getprop_by_offset(fdt, prop, &pname, &len);
		if (val)
			print_prop(pname, val, len, depth + 1);
	}
	fdt_for_each_subnode(child, fdt, node)
		print_node(fdt, child, depth + 1);
	printf("%*s};\n", depth * 4, "");
}

/**
 * cell_fdt_print() - print a description in device tree source syntax
 * @fdt: the tree
 * @size: bytes of @fdt
 *
 * Return: 0, or a negative libfdt error if @fdt is not a valid tree.
 */
int cell_fdt_print(const void *fdt, size_t size)
{
	int err;

	if (size < sizeof(struct fdt_header))
		return -FDT_ERR_TRUNCATED;
	err = fdt_check_header(fdt);
	if (!err && fdt_totalsize(fdt) > size)
		err = -FDT_ERR_TRUNCATED;
	if (err)
		return err;
	print_node(fdt, 0, 0);
	return 0;
}
