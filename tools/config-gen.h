/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A system configuration being generated, with a note for each element,
 * and its two outputs (config-gen.c): the binary blob and commented C
 * source that compiles to exactly the same bytes.
 */
#ifndef _PRTOS_TOOL_CONFIG_GEN_H
#define _PRTOS_TOOL_CONFIG_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <prtos/config.h>

#define GEN_NOTE_LEN	 112
#define GEN_MAX_MEM	 512
#define GEN_MAX_PIO	 256
#define GEN_MAX_IRQCHIPS 64
#define GEN_MAX_PCI	 4096

/*
 * Each array element carries a note, printed as a comment before it. An
 * element marked @left_out (or @withheld) is only that comment: it says
 * what was deliberately not given to the root.
 */
struct gen_mem {
	struct prtos_memory m;
	bool left_out;
	char note[GEN_NOTE_LEN];
};

struct gen_pio {
	struct prtos_pio p;
	bool withheld;
	char note[GEN_NOTE_LEN];
};

struct gen_irqchip {
	struct prtos_irqchip c;
	char note[GEN_NOTE_LEN];
};

struct gen_pci {
	struct prtos_pci_device d;
	bool left_out;
	char note[GEN_NOTE_LEN];
};

/**
 * struct gen_config - a system configuration and what to say about it
 * @sys: the header; the root cell's counts are filled by gen_blob() and
 *	 gen_write_source() from the arrays
 * @header: the file's leading comment: paragraphs separated by "\n\n"
 * @console_note: comment on the debug console
 * @platform_note: comment on the platform facts
 * @mem: memory regions of the root cell, in address order
 * @pio: I/O port ranges of the root cell, in port order
 * @irqchips: interrupt controllers of the root cell
 * @pci: PCI devices of the root cell
 */
struct gen_config {
	struct prtos_system sys;
	char *header;
	char console_note[GEN_NOTE_LEN];
	char platform_note[GEN_NOTE_LEN];
	struct gen_mem mem[GEN_MAX_MEM];
	unsigned int num_mem;
	struct gen_pio pio[GEN_MAX_PIO];
	unsigned int num_pio;
	struct gen_irqchip irqchips[GEN_MAX_IRQCHIPS];
	unsigned int num_irqchips;
	struct gen_pci pci[GEN_MAX_PCI];
	unsigned int num_pci;
};

int gen_blob(struct gen_config *g, void **blob, size_t *size);
void gen_write_source(FILE *f, struct gen_config *g);

#endif
