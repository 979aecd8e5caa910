// SPDX-License-Identifier: GPL-2.0
/*
 * The two forms of a generated system configuration: the binary blob,
 * laid out as include/prtos/config.h says, and C source in the shape of
 * the files of configs/x86/, whose object's .rodata (the top-level
 * Makefile's %.cell rule) is the same blob byte for byte. Both are
 * written from one struct gen_config, so they cannot disagree.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "config-gen.h"

#define COLUMNS 80

/* Flag combinations the generated file defines a name for. */
#define GEN_RAM	     (PRTOS_MEM_RWX | PRTOS_MEM_DMA)
#define GEN_DEVICE   (PRTOS_MEM_RW | PRTOS_MEM_IO)
#define GEN_RESERVED (PRTOS_MEM_RWX | PRTOS_MEM_IO)

/* Fill in the root cell's counts: the elements that are not notes only. */
static void count(struct gen_config *g)
{
	struct prtos_cell_desc *rc = &g->sys.root_cell;
	unsigned int i;

	rc->num_memory_regions = 0;
	for (i = 0; i < g->num_mem; i++)
		rc->num_memory_regions += !g->mem[i].left_out;
	rc->num_pio = 0;
	for (i = 0; i < g->num_pio; i++)
		rc->num_pio += !g->pio[i].withheld;
	rc->num_irqchips = g->num_irqchips;
	rc->num_pci_devices = 0;
	for (i = 0; i < g->num_pci; i++)
		rc->num_pci_devices += !g->pci[i].left_out;
	rc->num_ports = 0;
	g->sys.num_channels = 0;
}

/**
 * gen_blob() - the binary form of a generated configuration
 * @g: the configuration; its counts are filled in
 * @blob: out: malloc'ed blob
 * @size: out: its length
 *
 * Return: 0, or -1 when out of memory.
 */
int gen_blob(struct gen_config *g, void **blob, size_t *size)
{
	const struct prtos_cell_desc *rc = &g->sys.root_cell;
	unsigned int i;
	char *p;

	count(g);
	*size = prtos_system_config_size(&g->sys);
	p = malloc(*size);
	if (!p)
		return -1;
	*blob = p;
	memcpy(p, &g->sys, sizeof(g->sys));
	p += sizeof(g->sys);
	for (i = 0; i < g->num_mem; i++)
		if (!g->mem[i].left_out) {
			memcpy(p, &g->mem[i].m, sizeof(g->mem[i].m));
			p += sizeof(g->mem[i].m);
		}
	for (i = 0; i < g->num_pio; i++)
		if (!g->pio[i].withheld) {
			memcpy(p, &g->pio[i].p, sizeof(g->pio[i].p));
			p += sizeof(g->pio[i].p);
		}
	for (i = 0; i < rc->num_irqchips; i++) {
		memcpy(p, &g->irqchips[i].c, sizeof(g->irqchips[i].c));
		p += sizeof(g->irqchips[i].c);
	}
	for (i = 0; i < g->num_pci; i++)
		if (!g->pci[i].left_out) {
			memcpy(p, &g->pci[i].d, sizeof(g->pci[i].d));
			p += sizeof(g->pci[i].d);
		}
	return 0;
}

/* @text made safe inside a C comment: no "*" "/", nothing unprintable. */
static void comment_safe(char *out, size_t len, const char *text)
{
	size_t i;

	for (i = 0; i + 1 < len && text[i]; i++) {
		out[i] = text[i] >= ' ' && text[i] <= '~' ? text[i] : '?';
		if (i && out[i] == '/' && out[i - 1] == '*')
			out[i] = '|';
	}
	out[i] = '\0';
}

static void put_indent(FILE *f, unsigned int tabs)
{
	while (tabs--)
		fputc('\t', f);
}

/*
 * @text as lines that begin with @tabs tabs and @lead, filled with whole
 * words up to COLUMNS; a word longer than a line gets a line of its own.
 */
static void put_wrapped(FILE *f, unsigned int tabs, const char *lead,
			const char *text)
{
	const size_t first = tabs * 8 + strlen(lead);
	size_t col = first, n;
	const char *p = text;

	put_indent(f, tabs);
	fputs(lead, f);
	while (*p) {
		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (!n)
			break;
		if (col > first && col + 1 + n > COLUMNS) {
			fputc('\n', f);
			put_indent(f, tabs);
			fputs(lead, f);
			col = first;
		}
		if (col > first) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, n, f);
		col += n;
		p += n;
	}
	fputc('\n', f);
}

/* A comment on its own line(s), indented by @tabs. */
static void put_comment(FILE *f, unsigned int tabs, const char *text)
{
	char safe[4 * GEN_NOTE_LEN];

	if (!*text)
		return;
	comment_safe(safe, sizeof(safe), text);
	if (tabs * 8 + strlen(safe) + 6 <= COLUMNS) {
		put_indent(f, tabs);
		fprintf(f, "/* %s */\n", safe);
		return;
	}
	put_indent(f, tabs);
	fputs("/*\n", f);
	put_wrapped(f, tabs, " * ", safe);
	put_indent(f, tabs);
	fputs(" */\n", f);
}

/* The file's leading comment: paragraphs separated by blank lines. */
static void put_header(FILE *f, const char *header)
{
	const char *p = header, *end;
	char *para, *safe;
	size_t n;

	fputs("/*\n", f);
	while (*p) {
		end = strstr(p, "\n\n");
		n = end ? (size_t)(end - p) : strlen(p);
		para = strndup(p, n);
		safe = malloc(n + 1);
		if (para && safe) {
			comment_safe(safe, n + 1, para);
			put_wrapped(f, 0, " * ", safe);
		}
		free(para);
		free(safe);
		p += n;
		if (*p) {
			p += 2;
			if (*p)
				fputs(" *\n", f);
		}
	}
	fputs(" */\n", f);
}

/* The flags of a memory region as the generated file spells them. */
static void put_flags(FILE *f, __u64 flags)
{
	static const struct {
		__u64 flag;
		const char *name;
	} bits[] = {
		{ PRTOS_MEM_READ, "PRTOS_MEM_READ" },
		{ PRTOS_MEM_WRITE, "PRTOS_MEM_WRITE" },
		{ PRTOS_MEM_EXECUTE, "PRTOS_MEM_EXECUTE" },
		{ PRTOS_MEM_DMA, "PRTOS_MEM_DMA" },
		{ PRTOS_MEM_IO, "PRTOS_MEM_IO" },
	};
	const char *sep = "";
	unsigned int i;

	if (flags == GEN_RAM) {
		fputs("RAM", f);
		return;
	}
	if (flags == GEN_DEVICE) {
		fputs("DEVICE", f);
		return;
	}
	if (flags == GEN_RESERVED) {
		fputs("RESERVED", f);
		return;
	}
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (flags & bits[i].flag) {
			fprintf(f, "%s%s", sep, bits[i].name);
			sep = " | ";
		}
}

static void put_declaration(FILE *f, const struct prtos_cell_desc *rc)
{
	fputs("const struct {\n\tstruct prtos_system sys;\n", f);
	if (rc->num_memory_regions)
		fprintf(f, "\tstruct prtos_memory mem[%u];\n",
			rc->num_memory_regions);
	if (rc->num_pio)
		fprintf(f, "\tstruct prtos_pio pio[%u];\n", rc->num_pio);
	if (rc->num_irqchips)
		fprintf(f, "\tstruct prtos_irqchip irqchips[%u];\n",
			rc->num_irqchips);
	if (rc->num_pci_devices)
		fprintf(f, "\tstruct prtos_pci_device pci[%u];\n",
			rc->num_pci_devices);
	fputs("} __attribute__((packed)) config = {\n", f);
}

static void put_system(FILE *f, const struct gen_config *g)
{
	const struct prtos_system *s = &g->sys;
	const struct prtos_cell_desc *rc = &s->root_cell;
	unsigned int i, words = 0;

	fputs("\t.sys = {\n"
	      "\t\t.signature = PRTOS_SYSTEM_SIGNATURE,\n"
	      "\t\t.revision = PRTOS_CONFIG_REVISION,\n"
	      "\t\t.hypervisor_memory = {\n",
	      f);
	fprintf(f,
		"\t\t\t.phys_start = 0x%" PRIx64 ",\n\t\t\t.size = 0x%" PRIx64
		",\n\t\t},\n",
		(uint64_t)s->hypervisor_memory.phys_start,
		(uint64_t)s->hypervisor_memory.size);
	fputs("\t\t.debug_console = {\n", f);
	put_comment(f, 3, g->console_note);
	if (s->debug_console.type == PRTOS_CONSOLE_UART_PIO)
		fprintf(f,
			"\t\t\t.type = PRTOS_CONSOLE_UART_PIO,\n"
			"\t\t\t.address = 0x%x,\n\t\t\t.baud = %u,\n",
			s->debug_console.address, s->debug_console.baud);
	else
		fputs("\t\t\t.type = PRTOS_CONSOLE_NONE,\n", f);
	fputs("\t\t},\n\t\t.platform = {\n", f);
	put_comment(f, 3, g->platform_note);
	fprintf(f,
		"\t\t\t.pci_mmconfig_base = 0x%" PRIx64 ",\n"
		"\t\t\t.pci_mmconfig_end_bus = 0x%x,\n",
		(uint64_t)s->platform.pci_mmconfig_base,
		s->platform.pci_mmconfig_end_bus);
	fputs("\t\t\t/* no channels to the root: it has no doorbells */\n", f);
	fprintf(f, "\t\t\t.root_doorbell_pin = %u,\n",
		s->platform.root_doorbell_pin);
	fprintf(f, "\t\t\t.apic_base = 0x%" PRIx64 ",\n\t\t},\n",
		(uint64_t)s->platform.apic_base);
	fprintf(f,
		"\t\t.root_cell = {\n"
		"\t\t\t.signature = PRTOS_CELL_SIGNATURE,\n"
		"\t\t\t.revision = PRTOS_CONFIG_REVISION,\n"
		"\t\t\t.name = \"%.*s\",\n"
		"\t\t\t.cpus = {",
		PRTOS_CELL_NAME_LEN, rc->name);
	for (i = 0; i < PRTOS_MAX_CPUS / 64; i++)
		if (rc->cpus[i])
			words = i + 1;
	for (i = 0; i < words; i++)
		fprintf(f, "%s 0x%" PRIx64, i ? "," : "",
			(uint64_t)rc->cpus[i]);
	fputs(" },\n", f);
	if (rc->num_memory_regions)
		fprintf(f, "\t\t\t.num_memory_regions = %u,\n",
			rc->num_memory_regions);
	if (rc->num_pio)
		fprintf(f, "\t\t\t.num_pio = %u,\n", rc->num_pio);
	if (rc->num_irqchips)
		fprintf(f, "\t\t\t.num_irqchips = %u,\n", rc->num_irqchips);
	if (rc->num_pci_devices)
		fprintf(f, "\t\t\t.num_pci_devices = %u,\n",
			rc->num_pci_devices);
	fputs("\t\t},\n\t},\n", f);
}

static void put_memory(FILE *f, const struct gen_config *g)
{
	const struct gen_mem *e;
	unsigned int i;

	fputs("\t.mem = {\n", f);
	for (i = 0; i < g->num_mem; i++) {
		e = &g->mem[i];
		put_comment(f, 2, e->note);
		if (e->left_out)
			continue;
		fprintf(f,
			"\t\t{ 0x%08" PRIx64 ", 0x%08" PRIx64 ", 0x%08" PRIx64
			", ",
			(uint64_t)e->m.phys_start, (uint64_t)e->m.virt_start,
			(uint64_t)e->m.size);
		put_flags(f, e->m.flags);
		fputs(" },\n", f);
	}
	fputs("\t},\n", f);
}

static void put_pio(FILE *f, const struct gen_config *g)
{
	const struct gen_pio *e;
	unsigned int i;

	fputs("\t.pio = {\n", f);
	for (i = 0; i < g->num_pio; i++) {
		e = &g->pio[i];
		put_comment(f, 2, e->note);
		if (!e->withheld)
			fprintf(f, "\t\t{ 0x%04x, 0x%04x },\n", e->p.base,
				e->p.length);
	}
	fputs("\t},\n", f);
}

static void put_pin_bitmap(FILE *f, const struct prtos_irqchip *chip)
{
	unsigned int i, words = 0;
	__u64 bitmap[4];

	memcpy(bitmap, chip->pin_bitmap, sizeof(bitmap));

	for (i = 0; i < 4; i++)
		if (bitmap[i])
			words = i + 1;
	if (words <= 1) {
		fprintf(f, "\t\t\t.pin_bitmap = { 0x%" PRIx64 " },\n",
			(uint64_t)bitmap[0]);
		return;
	}
	fputs("\t\t\t.pin_bitmap = {\n", f);
	for (i = 0; i < words; i++)
		fprintf(f, "%s0x%016" PRIx64 ",%s", i % 2 ? " " : "\t\t\t\t",
			(uint64_t)bitmap[i],
			i % 2 || i + 1 == words ? "\n" : "");
	fputs("\t\t\t},\n", f);
}

static void put_irqchips(FILE *f, const struct gen_config *g)
{
	const struct gen_irqchip *e;
	unsigned int i;

	fputs("\t.irqchips = {\n", f);
	for (i = 0; i < g->num_irqchips; i++) {
		e = &g->irqchips[i];
		fputs("\t\t{\n", f);
		put_comment(f, 3, e->note);
		fprintf(f,
			"\t\t\t.type = PRTOS_IRQCHIP_IOAPIC,\n"
			"\t\t\t.id = %u,\n"
			"\t\t\t.address = 0x%" PRIx64 ",\n",
			e->c.id, (uint64_t)e->c.address);
		put_pin_bitmap(f, &e->c);
		fputs("\t\t},\n", f);
	}
	fputs("\t},\n", f);
}

static void put_pci(FILE *f, const struct gen_config *g)
{
	const struct gen_pci *e;
	unsigned int i;

	fputs("\t.pci = {\n", f);
	for (i = 0; i < g->num_pci; i++) {
		e = &g->pci[i];
		put_comment(f, 2, e->note);
		if (e->left_out)
			continue;
		fprintf(f, "\t\t{ %s, %u, 0x%04x },\n",
			e->d.type == PRTOS_PCI_TYPE_BRIDGE
				? "PRTOS_PCI_TYPE_BRIDGE"
				: "PRTOS_PCI_TYPE_DEVICE",
			e->d.domain, e->d.bdf);
	}
	fputs("\t},\n", f);
}

/**
 * gen_write_source() - write a generated configuration as C source
 * @f: where to
 * @g: the configuration; its counts are filled in
 *
 * Compiled by the top-level Makefile's %.cell rule, the source gives the
 * blob gen_blob() makes, byte for byte.
 */
void gen_write_source(FILE *f, struct gen_config *g)
{
	const struct prtos_cell_desc *rc = &g->sys.root_cell;

	count(g);
	fputs("// SPDX-License-Identifier: GPL-2.0\n", f);
	put_header(f, g->header);
	fputs("#include <prtos/config.h>\n\n", f);
	fputs("/* what Linux uses as memory */\n"
	      "#define RAM (PRTOS_MEM_RWX | PRTOS_MEM_DMA)\n"
	      "/* device registers: uncached */\n"
	      "#define DEVICE (PRTOS_MEM_RW | PRTOS_MEM_IO)\n"
	      "/* reserved by the firmware: registers, or its own memory */\n"
	      "#define RESERVED (PRTOS_MEM_RWX | PRTOS_MEM_IO)\n\n",
	      f);
	put_declaration(f, rc);
	put_system(f, g);
	if (rc->num_memory_regions)
		put_memory(f, g);
	if (rc->num_pio)
		put_pio(f, g);
	if (rc->num_irqchips)
		put_irqchips(f, g);
	if (rc->num_pci_devices)
		put_pci(f, g);
	fputs("};\n", f);
}
