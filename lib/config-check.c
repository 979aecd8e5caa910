// SPDX-License-Identifier: GPL-2.0
/*
 * Validation of system and cell configurations. The blob's length is
 * checked against the counts in its header before any array element is
 * read; then every field is checked and the first problem is reported as
 * an errno plus one sentence that names the field.
 */
#include <prtos-lib/fmt.h>
#include <prtos/channel.h>
#include "config-check-priv.h"
#define CFG_PIO_LIMIT 0x10000ULL
/* Fixed base clock of a 16550 divided by 16: the highest baud rate. */
#define CFG_UART_MAX_BAUD 115200
/* An ECAM window maps 1 MiB per bus and starts on a bus boundary. */
#define CFG_MMCONFIG_ALIGN 0x100000ULL
#define CFG_MAX_PCI_BUS	   255

/*
 * Both kinds start with the signature and the revision: enough bytes to
 * tell an old format from a truncated blob.
 */
#define CFG_REVISION_END (PRTOS_SIGNATURE_SIZE + sizeof(__u32))

/* Record the first problem as one sentence; returns @err. */
int cfg_fail(struct cfg_check *c, int err, const char *fmt, ...)
{
	va_list ap;

	if (c->reason && c->reason_len) {
		va_start(ap, fmt);
		prtos_vsnprintf(c->reason, c->reason_len, fmt, ap);
		va_end(ap);
	}
	return err;
}

/**
 * prtos_ranges_overlap() - whether two address ranges share a byte
 * @a_start: first address of range a
 * @a_size: length of range a in bytes; an empty range overlaps nothing
 * @b_start: first address of range b
 * @b_size: length of range b in bytes
 *
 * Computed without forming an end address, so ranges that reach the top of
 * the 64-bit space are handled correctly.
 *
 * Return: true if the ranges overlap.
 */
bool prtos_ranges_overlap(__u64 a_start, __u64 a_size, __u64 b_start,
			  __u64 b_size)
{
	if (!a_size || !b_size)
		return false;
	if (a_start <= b_start)
		return b_start - a_start < a_size;
	return a_start - b_start < b_size;
}

/*
 * One address of a range: page aligned, and the range must neither wrap
 * nor leave the physical address space (guest-physical space is no larger).
 */
static int check_span(struct cfg_check *c, const char *what, const char *field,
		      __u64 start, __u64 size)
{
	if (!cfg_page_aligned(start))
		return cfg_fail(c, -EINVAL,
				"%s: %s 0x%llx is not page aligned (4096)",
				what, field, start);
	if (start + size < start)
		return cfg_fail(
			c, -EINVAL,
			"%s: %s 0x%llx + size 0x%llx wraps around the end of the address space",
			what, field, start, size);
	if (start + size > CFG_PHYS_LIMIT)
		return cfg_fail(
			c, -EINVAL,
			"%s: %s range 0x%llx-0x%llx goes beyond the %u-bit physical address space",
			what, field, start, start + size - 1,
			PRTOS_CONFIG_PHYS_BITS);
	return 0;
}

static int check_signature(struct cfg_check *c, const char *sig,
			   const char *expected, const char *kind,
			   const char *other, const char *other_kind)
{
	if (!memcmp(sig, expected, PRTOS_SIGNATURE_SIZE))
		return 0;
	if (!memcmp(sig, other, PRTOS_SIGNATURE_SIZE))
		return cfg_fail(
			c, -EINVAL,
			"bad signature: this is a PRTOS %s configuration, not a %s configuration (expected %s)",
			other_kind, kind, expected);
	return cfg_fail(
		c, -EINVAL,
		"bad signature: this is not a PRTOS %s configuration (expected %s)",
		kind, expected);
}

static int check_revision(struct cfg_check *c, const char *what, __u32 revision)
{
	if (revision == PRTOS_CONFIG_REVISION)
		return 0;
	if (revision && revision < PRTOS_CONFIG_REVISION)
		return cfg_fail(
			c, -EINVAL,
			"%srevision %u is an older format (this build understands revision %u): rebuild the configuration from its C source",
			what, revision, PRTOS_CONFIG_REVISION);
	return cfg_fail(
		c, -EINVAL,
		"%srevision %u is not supported (this build understands revision %u)",
		what, revision, PRTOS_CONFIG_REVISION);
}

static int check_header_size(struct cfg_check *c, size_t size, size_t header,
			     const char *kind)
{
	if (size >= header)
		return 0;
	return cfg_fail(
		c, -EINVAL,
		"truncated: %llu bytes is shorter than the %llu-byte %s configuration header",
		(unsigned long long)size, (unsigned long long)header, kind);
}

/*
 * The counts come from an untrusted file: refuse absurd ones before any
 * multiplication, then require the blob to be exactly as long as they say.
 * @head is what precedes the cell descriptor (the system header, or 0);
 * @sys is the system header of a system configuration, NULL for a cell.
 */
static int check_counts(struct cfg_check *c, const struct prtos_cell_desc *cell,
			const struct prtos_system *sys, __u64 head, size_t size)
{
	const struct {
		const char *field;
		__u32 count;
	} counts[] = {
		{ "num_memory_regions", cell->num_memory_regions },
		{ "num_pio", cell->num_pio },
		{ "num_irqchips", cell->num_irqchips },
		{ "num_pci_devices", cell->num_pci_devices },
		{ "num_ports", cell->num_ports },
		{ "num_channels", sys ? sys->num_channels : 0 },
	};
	__u64 total;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(counts); i++)
		if (counts[i].count > PRTOS_CONFIG_MAX_ENTRIES)
			return cfg_fail(
				c, -E2BIG,
				"absurd count: %s is %u, more than the limit of %u",
				counts[i].field, counts[i].count,
				PRTOS_CONFIG_MAX_ENTRIES);
	if (size > PRTOS_CONFIG_MAX_SIZE)
		return cfg_fail(
			c, -E2BIG,
			"configuration of %llu bytes is larger than the limit of %u bytes",
			(unsigned long long)size,
			(unsigned int)PRTOS_CONFIG_MAX_SIZE);
	if (cell->num_ports > PRTOS_MAX_PORTS)
		return cfg_fail(
			c, -EINVAL,
			"num_ports is %u but a cell has at most %u ports: remove ports from the configuration",
			cell->num_ports, PRTOS_MAX_PORTS);
	if (sys && sys->num_channels > PRTOS_MAX_CHANNELS)
		return cfg_fail(
			c, -EINVAL,
			"num_channels is %u but a system has at most %u channels: remove channels from the configuration",
			sys->num_channels, PRTOS_MAX_CHANNELS);

	total = head + prtos_cell_config_size(cell);
	if (sys)
		total +=
			(__u64)sys->num_channels * sizeof(struct prtos_channel);
	if (total == (__u64)size)
		return 0;
	/* Kept short: the longest form must fit PRTOS_REASON_LEN. */
	if (sys)
		return cfg_fail(
			c, -EINVAL,
			"%s: header says %u memory regions, %u pio ranges, %u irqchips, %u pci devices, %u ports, %u channels = %llu bytes but the blob has %llu",
			total > (__u64)size ? "truncated" : "too long",
			cell->num_memory_regions, cell->num_pio,
			cell->num_irqchips, cell->num_pci_devices,
			cell->num_ports, sys->num_channels, total,
			(unsigned long long)size);
	return cfg_fail(
		c, -EINVAL,
		"%s: header says %u memory regions, %u pio ranges, %u irqchips, %u pci devices, %u ports = %llu bytes but the blob has %llu",
		total > (__u64)size ? "truncated" : "too long",
		cell->num_memory_regions, cell->num_pio, cell->num_irqchips,
		cell->num_pci_devices, cell->num_ports, total,
		(unsigned long long)size);
}

/* The name becomes a sysfs directory and a command-line argument. */
static int check_cell_name(struct cfg_check *c, const char *name)
{
	size_t len = strnlen(name, PRTOS_CELL_NAME_LEN);
	size_t i;

	if (len == PRTOS_CELL_NAME_LEN)
		return cfg_fail(c, -EINVAL,
				"cell name is not NUL-terminated within %u bytes",
				PRTOS_CELL_NAME_LEN);
	if (!len)
		return cfg_fail(c, -EINVAL, "cell name is empty");
	for (i = 0; i < len; i++)
		if (name[i] <= ' ' || name[i] > '~' || name[i] == '/')
			return cfg_fail(
				c, -EINVAL,
				"cell name has character 0x%02x at offset %u (allowed: printable ASCII except space and '/')",
				(unsigned char)name[i], (unsigned int)i);
	for (i = 0; i < len && name[i] >= '0' && name[i] <= '9'; i++)
		;
	if (i == len)
		return cfg_fail(
			c, -EINVAL,
			"cell name \"%s\" is all digits, which commands would take for a cell id",
			name);
	if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')))
		return cfg_fail(
			c, -EINVAL,
			"cell name \"%s\" cannot be used as a directory name",
			name);
	return 0;
}

static int check_cell_desc(struct cfg_check *c,
			   const struct prtos_cell_desc *cell)
{
	bool has_cpu = false;
	unsigned int i;
	int err;

	err = check_cell_name(c, cell->name);
	if (err)
		return err;
	if (cell->flags & ~PRTOS_CELL_VALID_FLAGS)
		return cfg_fail(
			c, -EINVAL,
			"cell flags 0x%x contain unknown bits 0x%x (valid: 0x%x)",
			cell->flags, cell->flags & ~PRTOS_CELL_VALID_FLAGS,
			PRTOS_CELL_VALID_FLAGS);
	for (i = 0; i < ARRAY_SIZE(cell->cpus); i++)
		if (cell->cpus[i])
			has_cpu = true;
	if (!has_cpu)
		return cfg_fail(
			c, -EINVAL,
			"the CPU set is empty: a cell needs at least one CPU");
	if (cell->console_port > PRTOS_CONFIG_MAX_UART_PORT)
		return cfg_fail(
			c, -EINVAL,
			"console_port 0x%x is out of range (0 for none, or 0x1-0x%x)",
			cell->console_port, PRTOS_CONFIG_MAX_UART_PORT);
	return 0;
}

/* The health-monitor policy; the root's faults are contained, never acted on. */
static int check_health(struct cfg_check *c, const struct prtos_health *h,
			bool root)
{
	if (h->reserved)
		return cfg_fail(c, -EINVAL,
				"health.reserved is 0x%x but must be 0",
				h->reserved);
	if (h->action == PRTOS_HM_STOP) {
		if (h->max_restarts || h->window_ms)
			return cfg_fail(
				c, -EINVAL,
				"health.max_restarts and health.window_ms are for PRTOS_HM_RESTART: with PRTOS_HM_STOP both must be 0");
		return 0;
	}
	if (h->action != PRTOS_HM_RESTART)
		return cfg_fail(
			c, -EINVAL,
			"health.action %u is unknown (PRTOS_HM_STOP 0 or PRTOS_HM_RESTART 1)",
			h->action);
	if (root)
		return cfg_fail(
			c, -EINVAL,
			"the root cell cannot be restarted: its health.action must be PRTOS_HM_STOP");
	if (!h->max_restarts || h->max_restarts > PRTOS_HM_MAX_RESTARTS)
		return cfg_fail(
			c, -EINVAL,
			"health.max_restarts %u is out of range (1-%u with PRTOS_HM_RESTART)",
			h->max_restarts, PRTOS_HM_MAX_RESTARTS);
	return 0;
}

static int check_memory_region(struct cfg_check *c, unsigned int i,
			       const struct prtos_memory *m)
{
	__u64 unknown = m->flags & ~(__u64)PRTOS_MEM_VALID_FLAGS;
	char what[24];
	int err;

	prtos_snprintf(what, sizeof(what), "memory region %u", i);
	if (unknown)
		return cfg_fail(c, -EINVAL,
				"%s has unknown flags 0x%llx (valid: 0x%x)",
				what, unknown, PRTOS_MEM_VALID_FLAGS);
	if (!(m->flags & PRTOS_MEM_READ))
		return cfg_fail(
			c, -EINVAL,
			"%s (phys 0x%llx, flags 0x%llx) lacks PRTOS_MEM_READ: nobody could read it",
			what, m->phys_start, m->flags);
	if (!m->size)
		return cfg_fail(c, -EINVAL, "%s (phys 0x%llx) has size 0", what,
				m->phys_start);
	if (!cfg_page_aligned(m->size))
		return cfg_fail(
			c, -EINVAL,
			"%s: size 0x%llx is not a multiple of the page size (4096)",
			what, m->size);
	err = check_span(c, what, "phys_start", m->phys_start, m->size);
	if (err)
		return err;
	err = check_span(c, what, "virt_start", m->virt_start, m->size);
	if (err)
		return err;
	if ((m->flags & PRTOS_MEM_COMM_REGION) &&
	    m->size != PRTOS_CONFIG_PAGE_SIZE)
		return cfg_fail(
			c, -EINVAL,
			"%s is the comm region and must be exactly one page (4096 bytes), not 0x%llx",
			what, m->size);
	return 0;
}

/* Pairs of regions of one cell; every region is known to be sane here. */
static int check_memory_pairs(struct cfg_check *c,
			      const struct prtos_cell_desc *cell)
{
	const struct prtos_memory *mem = prtos_cell_mem(cell);
	const struct prtos_memory *a, *b;
	unsigned int i, j;

	for (i = 1; i < cell->num_memory_regions; i++) {
		b = &mem[i];
		for (j = 0; j < i; j++) {
			a = &mem[j];
			if (a->flags & b->flags & PRTOS_MEM_COMM_REGION)
				return cfg_fail(
					c, -EINVAL,
					"memory regions %u and %u are both comm regions; a cell has at most one",
					j, i);
			if (prtos_ranges_overlap(a->virt_start, a->size,
						 b->virt_start, b->size))
				return cfg_fail(
					c, -EINVAL,
					"memory regions %u and %u overlap in guest-physical space (0x%llx-0x%llx and 0x%llx-0x%llx)",
					j, i, a->virt_start,
					a->virt_start + a->size - 1,
					b->virt_start,
					b->virt_start + b->size - 1);
			if (prtos_ranges_overlap(a->phys_start, a->size,
						 b->phys_start, b->size))
				return cfg_fail(
					c, -EINVAL,
					"memory regions %u and %u overlap in physical memory (0x%llx-0x%llx and 0x%llx-0x%llx)",
					j, i, a->phys_start,
					a->phys_start + a->size - 1,
					b->phys_start,
					b->phys_start + b->size - 1);
		}
	}
	return 0;
}

static int check_pio(struct cfg_check *c, const struct prtos_cell_desc *cell)
{
	const struct prtos_pio *pio = prtos_cell_pio(cell);
	unsigned int i;

	for (i = 0; i < cell->num_pio; i++) {
		if (!pio[i].length)
			return cfg_fail(c, -EINVAL,
					"pio range %u (base 0x%x) has length 0",
					i, pio[i].base);
		if ((__u64)pio[i].base + pio[i].length > CFG_PIO_LIMIT)
			return cfg_fail(
				c, -EINVAL,
				"pio range %u (base 0x%x, length 0x%x) goes beyond the last I/O port 0xffff",
				i, pio[i].base, pio[i].length);
	}
	return 0;
}

static int check_irqchips(struct cfg_check *c,
			  const struct prtos_cell_desc *cell)
{
	const struct prtos_irqchip *chip = prtos_cell_irqchips(cell);
	/* The bitmap word holding the last pin, and its bits beyond it. */
	const unsigned int w = PRTOS_CONFIG_MAX_IOAPIC_PINS / 64;
	const __u64 beyond = ~0ULL << (PRTOS_CONFIG_MAX_IOAPIC_PINS % 64);
	unsigned int i;

	for (i = 0; i < cell->num_irqchips; i++) {
		if (chip[i].type != PRTOS_IRQCHIP_IOAPIC)
			return cfg_fail(
				c, -EINVAL,
				"irqchip %u has unknown type %u (expected %u = IOAPIC)",
				i, chip[i].type, PRTOS_IRQCHIP_IOAPIC);
		if (!cfg_page_aligned(chip[i].address) ||
		    chip[i].address >= CFG_PHYS_LIMIT)
			return cfg_fail(
				c, -EINVAL,
				"irqchip %u address 0x%llx is not a page-aligned physical address",
				i, chip[i].address);
		if (chip[i].pin_bitmap[w] & beyond)
			return cfg_fail(
				c, -EINVAL,
				"irqchip %u pin_bitmap claims pins above %u (pin_bitmap[%u] = 0x%llx)",
				i, PRTOS_CONFIG_MAX_IOAPIC_PINS - 1, w,
				chip[i].pin_bitmap[w]);
	}
	return 0;
}

static int check_pci(struct cfg_check *c, const struct prtos_cell_desc *cell)
{
	const struct prtos_pci_device *dev = prtos_cell_pci(cell);
	unsigned int i;

	for (i = 0; i < cell->num_pci_devices; i++)
		if (dev[i].type != PRTOS_PCI_TYPE_DEVICE &&
		    dev[i].type != PRTOS_PCI_TYPE_BRIDGE)
			return cfg_fail(
				c, -EINVAL,
				"pci device %u (%04x:%02x:%02x.%u) has unknown type %u (expected %u = device or %u = bridge)",
				i, dev[i].domain, dev[i].bdf >> 8,
				(dev[i].bdf >> 3) & 0x1f, dev[i].bdf & 7,
				dev[i].type, PRTOS_PCI_TYPE_DEVICE,
				PRTOS_PCI_TYPE_BRIDGE);
	return 0;
}

/* Everything a cell descriptor and its arrays must satisfy, root or not. */
static int check_cell_common(struct cfg_check *c,
			     const struct prtos_cell_desc *cell)
{
	const struct prtos_memory *mem = prtos_cell_mem(cell);
	unsigned int i;
	int err;

	err = check_cell_desc(c, cell);
	if (err)
		return err;
	for (i = 0; i < cell->num_memory_regions; i++) {
		err = check_memory_region(c, i, &mem[i]);
		if (err)
			return err;
	}
	err = check_memory_pairs(c, cell);
	if (!err)
		err = check_pio(c, cell);
	if (!err)
		err = check_irqchips(c, cell);
	if (!err)
		err = check_pci(c, cell);
	if (!err)
		err = cfg_check_ports(c, cell);
	return err;
}

/*
 * A non-root cell's CPUs start like freshly reset ones, in real mode at
 * guest-physical 0xffff0, so the page holding it must be backed by
 * executable memory. Kept separate so it can be relaxed if another boot
 * protocol is ever offered.
 */
static int check_reset_vector_backed(struct cfg_check *c,
				     const struct prtos_cell_desc *cell)
{
	const struct prtos_memory *mem = prtos_cell_mem(cell);
	const __u64 page = 0xff000;
	unsigned int i;

	for (i = 0; i < cell->num_memory_regions; i++) {
		if (!prtos_ranges_overlap(mem[i].virt_start, mem[i].size, page,
					  PRTOS_CONFIG_PAGE_SIZE))
			continue;
		if (!(mem[i].flags & PRTOS_MEM_EXECUTE))
			return cfg_fail(
				c, -EINVAL,
				"memory region %u backs the reset vector page (guest-physical 0x%llx) but lacks PRTOS_MEM_EXECUTE",
				i, page);
		return 0;
	}
	return cfg_fail(
		c, -EINVAL,
		"no memory region covers the reset vector page (guest-physical 0x%llx-0x%llx), where the cell's CPUs start",
		page, page + PRTOS_CONFIG_PAGE_SIZE - 1);
}

static int check_hypervisor_memory(struct cfg_check *c,
				   const struct prtos_memory *hv)
{
	if (hv->flags)
		return cfg_fail(c, -EINVAL,
				"hypervisor_memory.flags is 0x%llx but must be 0",
				hv->flags);
	if (hv->size < PRTOS_CONFIG_MIN_HV_MEMORY)
		return cfg_fail(
			c, -EINVAL,
			"hypervisor_memory.size 0x%llx is too small (at least 1 MiB)",
			hv->size);
	if (!cfg_page_aligned(hv->size))
		return cfg_fail(
			c, -EINVAL,
			"hypervisor_memory.size 0x%llx is not a multiple of the page size (4096)",
			hv->size);
	return check_span(c, "hypervisor_memory", "phys_start", hv->phys_start,
			  hv->size);
}

static int check_debug_console(struct cfg_check *c,
			       const struct prtos_console *con)
{
	if (con->reserved)
		return cfg_fail(c, -EINVAL,
				"debug_console.reserved is 0x%x but must be 0",
				con->reserved);
	if (con->type == PRTOS_CONSOLE_NONE)
		return 0;
	if (con->type != PRTOS_CONSOLE_UART_PIO)
		return cfg_fail(
			c, -EINVAL,
			"debug_console.type %u is unknown (%u = none, %u = UART at an I/O port)",
			con->type, PRTOS_CONSOLE_NONE, PRTOS_CONSOLE_UART_PIO);
	if (!con->address || con->address > PRTOS_CONFIG_MAX_UART_PORT)
		return cfg_fail(
			c, -EINVAL,
			"debug_console.address 0x%x is not a UART I/O port (0x1-0x%x)",
			con->address, PRTOS_CONFIG_MAX_UART_PORT);
	/* The 16550 divisor is 115200 / baud and must come out whole. */
	if (con->baud && CFG_UART_MAX_BAUD % con->baud)
		return cfg_fail(
			c, -EINVAL,
			"debug_console.baud %u cannot be set on a 16550 (use a divisor of %u, or 0 to keep the firmware's)",
			con->baud, CFG_UART_MAX_BAUD);
	return 0;
}

static int check_platform(struct cfg_check *c, const struct prtos_platform *p)
{
	if (p->root_doorbell_pin >= PRTOS_CONFIG_MAX_IOAPIC_PINS)
		return cfg_fail(
			c, -EINVAL,
			"platform.root_doorbell_pin %u is not an IOAPIC pin: use 1 to %u, or 0 for no doorbells to the root",
			p->root_doorbell_pin, PRTOS_CONFIG_MAX_IOAPIC_PINS - 1);
	if (!cfg_page_aligned(p->apic_base) || p->apic_base >= CFG_PHYS_LIMIT)
		return cfg_fail(
			c, -EINVAL,
			"platform.apic_base 0x%llx is not a page-aligned physical address",
			p->apic_base);
	if (p->pci_mmconfig_base & (CFG_MMCONFIG_ALIGN - 1) ||
	    p->pci_mmconfig_base >= CFG_PHYS_LIMIT)
		return cfg_fail(
			c, -EINVAL,
			"platform.pci_mmconfig_base 0x%llx is not a 1 MiB aligned physical address",
			p->pci_mmconfig_base);
	if (p->pci_mmconfig_end_bus > CFG_MAX_PCI_BUS)
		return cfg_fail(
			c, -EINVAL,
			"platform.pci_mmconfig_end_bus %u is beyond the last PCI bus %u",
			p->pci_mmconfig_end_bus, CFG_MAX_PCI_BUS);
	return 0;
}

/* The root cell must not be able to reach the hypervisor. */
static int check_root_vs_hypervisor(struct cfg_check *c,
				    const struct prtos_system *sys)
{
	const struct prtos_memory *hv = &sys->hypervisor_memory;
	const struct prtos_memory *mem = prtos_cell_mem(&sys->root_cell);
	unsigned int i;

	for (i = 0; i < sys->root_cell.num_memory_regions; i++)
		if (prtos_ranges_overlap(mem[i].phys_start, mem[i].size,
					 hv->phys_start, hv->size))
			return cfg_fail(
				c, -EINVAL,
				"memory region %u (0x%llx-0x%llx) overlaps the hypervisor memory (0x%llx-0x%llx)",
				i, mem[i].phys_start,
				mem[i].phys_start + mem[i].size - 1,
				hv->phys_start, hv->phys_start + hv->size - 1);
	return 0;
}

/**
 * prtos_check_system_config() - validate a system configuration blob
 * @blob: the configuration; only @size bytes of it are ever read
 * @size: its length in bytes
 * @reason: where to put a one-sentence explanation on failure (may be NULL)
 * @reason_len: size of @reason; the text is truncated to fit
 *
 * Checks the header, that the blob is exactly as long as its counts say,
 * the machine description (hypervisor memory, debug console, platform),
 * the root cell and its arrays, that no root memory region overlaps the
 * hypervisor memory, the channels, and the root cell's ports against them
 * (prtos_check_cell_ports()). @reason is emptied on success.
 *
 * Return: 0 if valid, -E2BIG for an absurd array count, -EINVAL otherwise.
 */
int prtos_check_system_config(const void *blob, size_t size, char *reason,
			      size_t reason_len)
{
	struct cfg_check c = { reason, reason_len };
	const struct prtos_system *sys = blob;
	int err;

	clear_reason(&c);
	if (!blob && size)
		return cfg_fail(&c, -EINVAL,
				"no configuration: the buffer is NULL");
	err = check_header_size(&c, size, PRTOS_SIGNATURE_SIZE, "system");
	if (!err)
		err = check_signature(&c, sys->signature,
				      PRTOS_SYSTEM_SIGNATURE, "system",
				      PRTOS_CELL_SIGNATURE, "cell");
	/* an older format says so, whatever its length */
	if (!err && size >= CFG_REVISION_END)
		err = check_revision(&c, "", sys->revision);
	if (!err)
		err = check_header_size(&c, size, sizeof(*sys), "system");
	if (err)
		return err;
	if (sys->flags)
		return cfg_fail(
			&c, -EINVAL,
			"system flags 0x%x are unknown (none are defined yet, must be 0)",
			sys->flags);
	if (sys->reserved)
		return cfg_fail(&c, -EINVAL,
				"system field reserved is 0x%x but must be 0",
				sys->reserved);
	if (memcmp(sys->root_cell.signature, PRTOS_CELL_SIGNATURE,
		   PRTOS_SIGNATURE_SIZE))
		return cfg_fail(&c, -EINVAL,
				"root cell: bad signature (expected %s)",
				PRTOS_CELL_SIGNATURE);
	err = check_revision(&c, "root cell: ", sys->root_cell.revision);
	if (!err)
		err = check_counts(&c, &sys->root_cell, sys,
				   CFG_SYSTEM_HEAD_SIZE, size);
	if (!err)
		err = check_hypervisor_memory(&c, &sys->hypervisor_memory);
	if (!err)
		err = check_debug_console(&c, &sys->debug_console);
	if (!err)
		err = check_platform(&c, &sys->platform);
	if (!err)
		err = check_cell_common(&c, &sys->root_cell);
	if (!err)
		err = check_health(&c, &sys->root_cell.health, true);
	if (!err)
		err = check_root_vs_hypervisor(&c, sys);
	if (!err)
		err = cfg_check_channels(&c, sys);
	if (!err)
		err = prtos_check_cell_ports(sys, &sys->root_cell, reason,
					     reason_len);
	return err;
}

/**
 * prtos_check_cell_config() - validate a (non-root) cell configuration blob
 * @blob: the configuration; only @size bytes of it are ever read
 * @size: its length in bytes
 * @reason: where to put a one-sentence explanation on failure (may be NULL)
 * @reason_len: size of @reason; the text is truncated to fit
 *
 * Checks the header, that the blob is exactly as long as its counts say,
 * the cell and its arrays (ports included, on their own), and that the
 * reset vector page is backed. Whether the ports fit the system's
 * channels is prtos_check_cell_ports(); conflicts with other cells are not
 * checked here: they depend on what else is running. @reason is emptied on
 * success.
 *
 * Return: 0 if valid, -E2BIG for an absurd array count, -EINVAL otherwise.
 */
int prtos_check_cell_config(const void *blob, size_t size, char *reason,
			    size_t reason_len)
{
	struct cfg_check c = { reason, reason_len };
	const struct prtos_cell_desc *cell = blob;
	int err;

	clear_reason(&c);
	if (!blob && size)
		return cfg_fail(&c, -EINVAL,
				"no configuration: the buffer is NULL");
	err = check_header_size(&c, size, PRTOS_SIGNATURE_SIZE, "cell");
	if (!err)
		err = check_signature(&c, cell->signature, PRTOS_CELL_SIGNATURE,
				      "cell", PRTOS_SYSTEM_SIGNATURE, "system");
	if (!err && size >= CFG_REVISION_END)
		err = check_revision(&c, "", cell->revision);
	if (!err)
		err = check_header_size(&c, size, sizeof(*cell), "cell");
	if (!err)
		err = check_counts(&c, cell, NULL, 0, size);
	if (!err)
		err = check_cell_common(&c, cell);
	if (!err)
		err = check_health(&c, &cell->health, false);
	if (!err)
		err = check_reset_vector_backed(&c, cell);
	return err;
}
