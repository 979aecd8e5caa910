// SPDX-License-Identifier: GPL-2.0
/*
 * 'prtos config create': the system configuration of the running machine,
 * from what Linux reports before PRTOS is enabled, as commented C source
 * and, with --binary, compiled. This file holds the rules: what the root
 * cell gets, how the memory reserved for PRTOS is split between the
 * hypervisor and the cells, which UART the hypervisor prints on. The
 * facts come from machine.c and acpi.c, the outputs from config-gen.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <prtos-lib/config-check.h>

#include "acpi.h"
#include "config-file.h"
#include "config-gen.h"
#include "files.h"
#include "machine.h"
#include "prtos.h"

#define PAGE		0x1000ULL
#define MIB		0x100000ULL
#define GIB		0x40000000ULL
#define DEFAULT_HV_SIZE (6 * MIB)
#define ROOT_CELL_NAME	"linux-root"
#define CONSOLE_BAUD	115200
#define UART_PORTS	8
#define PIO_END		0x10000U
#define MAX_SERIAL	64
#define MAX_CONSOLES	8

#define GEN_RAM		(PRTOS_MEM_RWX | PRTOS_MEM_DMA)
#define GEN_DEVICE	(PRTOS_MEM_RW | PRTOS_MEM_IO)
#define GEN_RESERVED	(PRTOS_MEM_RWX | PRTOS_MEM_IO)

struct span {
	__u64 start;
	__u64 end; /* exclusive */
};

/* The command line, checked. */
struct create_opts {
	const char *source; /* C output; NULL or "-": standard output */
	const char *binary;
	bool console_given;
	unsigned int console; /* 0: none */
	bool reserved_given;
	struct span reserved;
	uint64_t hv_size;
};

/* What the machine says, and the choices made from it. */
struct machine {
	char *cmdline;
	struct resource_list iomem;
	struct resource_list ioports;
	struct acpi_madt madt;
	struct acpi_mcfg mcfg;
	bool have_mcfg;
	struct pci_function *pci;
	unsigned int num_pci;
	char hostname[65];

	struct span reserved; /* memory reserved for PRTOS */
	char reserved_from[96];
	struct span hv;
	struct span cells;
	struct span serial[MAX_SERIAL]; /* serial entries of /proc/ioports */
	unsigned int num_serial;
	unsigned int consoles[MAX_CONSOLES]; /* Linux's console UARTs */
	char console_args[MAX_CONSOLES][48];
	unsigned int num_consoles;
	unsigned int hv_console; /* 0: none */
	bool console_chosen;	 /* by the rule, not by --console */
};

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "prtos: <problem>: <what to do>"; returns -1. */
static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("prtos: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static __u64 align_down(__u64 v)
{
	return v & ~(PAGE - 1);
}

static __u64 align_up(__u64 v)
{
	return v > ~0ULL - (PAGE - 1) ? ~0ULL & ~(PAGE - 1)
				      : (v + PAGE - 1) & ~(PAGE - 1);
}

static bool overlaps(struct span a, struct span b)
{
	return a.start < b.end && b.start < a.end;
}

/* "96 MiB"; valid until the third call after. */
static const char *mib_text(__u64 size)
{
	static char texts[3][32];
	static unsigned int next;
	char *text = texts[next++ % 3];

	if (size % MIB)
		snprintf(text, sizeof(texts[0]), "%llu KiB",
			 (unsigned long long)(size >> 10));
	else
		snprintf(text, sizeof(texts[0]), "%llu MiB",
			 (unsigned long long)(size / MIB));
	return text;
}

/* --- the command line of 'prtos config create' ------------------------- */

enum {
	OPT_RESERVED = 256,
	OPT_HV_SIZE
};

static int parse_reserved_opt(const struct command *cmd, const char *arg,
			      struct span *r)
{
	const char *p = arg;
	uint64_t start, size;

	if (!parse_memsize(&p, &start) || *p++ != ':' ||
	    !parse_memsize(&p, &size) || *p)
		return usage_error(
			cmd,
			"--reserved '%s' is not ADDR:SIZE (e.g. 0x3a000000:96M)",
			arg);
	if (!size || start + size < start)
		return usage_error(cmd, "--reserved '%s' is an empty range",
				   arg);
	r->start = start;
	r->end = start + size;
	return -1;
}

static int parse_opts(const struct command *cmd, int argc, char **argv,
		      struct create_opts *o)
{
	static const struct option opts[] = {
		{ "binary", required_argument, NULL, 'b' },
		{ "console", required_argument, NULL, 'c' },
		{ "reserved", required_argument, NULL, OPT_RESERVED },
		{ "hv-size", required_argument, NULL, OPT_HV_SIZE },
		HELP_OPTION,
		{}
	};
	unsigned long port;
	const char *p;
	char *end;
	int c, status;

	memset(o, 0, sizeof(*o));
	o->hv_size = DEFAULT_HV_SIZE;
	while ((c = parse_next(cmd, argc, argv, ":b:c:h", opts, &status)) !=
	       -1) {
		switch (c) {
		case 'b':
			o->binary = optarg;
			break;
		case 'c':
			o->console_given = true;
			if (!strcmp(optarg, "none"))
				break;
			errno = 0;
			port = strtoul(optarg, &end, 0);
			if (errno || end == optarg || *end || !port ||
			    port > PRTOS_CONFIG_MAX_UART_PORT)
				return usage_error(
					cmd,
					"--console '%s' is not a UART's I/O port (0x1-0x%x, e.g. 0x2f8) or 'none'",
					optarg, PRTOS_CONFIG_MAX_UART_PORT);
			o->console = port;
			break;
		case OPT_RESERVED:
			o->reserved_given = true;
			status = parse_reserved_opt(cmd, optarg, &o->reserved);
			if (status >= 0)
				return status;
			break;
		case OPT_HV_SIZE:
			p = optarg;
			if (!parse_memsize(&p, &o->hv_size) || *p)
				return usage_error(
					cmd,
					"--hv-size '%s' is not a size (e.g. 6M)",
					optarg);
			break;
		}
	}
	if (status >= 0)
		return status;
	if (argc - optind > 1)
		return usage_error(cmd, "too many arguments");
	if (optind < argc)
		o->source = argv[optind];
	if (o->source && !strcmp(o->source, "-"))
		o->source = NULL;
	return -1;
}

/* --- reading the machine ------------------------------------------------ */

/* A file of /proc that must be there; its absence is an error. */
static int read_required(const char *rel, char **text, const char *what)
{
	int err = read_text(proc_root(), rel, text);

	if (!err)
		return 0;
	if (err == -EACCES || err == -EPERM)
		return fail("cannot read %s/%s (%s): permission denied: run as root",
			    proc_root(), rel, what);
	return fail("cannot read %s/%s (%s): %s", proc_root(), rel, what,
		    file_error_text(err, "it is a directory",
				    "it is far too large"));
}

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* /proc/iomem or /proc/ioports, every line of it. */
static int read_resource_file(const char *rel, struct resource_list *list)
{
	unsigned int bad_line, i;
	char *text, *line;
	int err;

	if (read_required(rel, &text, "the machine's resources"))
		return -1;
	err = parse_resources(text, true, list, &bad_line);
	if (err == -EINVAL) {
		for (line = text, i = 1; i < bad_line; i++)
			line = strchr(line, '\n') + 1;
		fail("%s/%s, line %u: cannot read \"%.*s\" (expected \"START-END : NAME\" in hex)",
		     proc_root(), rel, bad_line,
		     (int)min_size(strcspn(line, "\n"), 60), line);
	}
	free(text);
	if (err == -EINVAL)
		return -1;
	if (err)
		return fail("out of memory reading %s/%s", proc_root(), rel);
	if (list->hidden)
		return fail("%s/%s shows every address as 0: Linux shows them only to root, run as root",
			    proc_root(), rel);
	return 0;
}

static int read_acpi_table(const char *name, void **data, size_t *size,
			   bool required)
{
	char path[512];
	int err;

	snprintf(path, sizeof(path), "%s/firmware/acpi/tables/%s", sys_root(),
		 name);
	err = read_file(path, data, size, 1u << 20);
	if (!err)
		return 0;
	if (err == -ENOENT && !required)
		return 1;
	if (err == -ENOENT)
		return fail("%s: no such table: PRTOS needs ACPI; is Linux booted with acpi=off?",
			    path);
	if (err == -EACCES || err == -EPERM)
		return fail("cannot read %s: permission denied: run as root",
			    path);
	return fail("cannot read %s: %s", path,
		    file_error_text(err, "it is a directory",
				    "it is far too large to be an ACPI table"));
}

static int read_acpi(struct machine *m)
{
	char reason[ACPI_REASON_SIZE];
	size_t size;
	void *data;
	int err;

	if (read_acpi_table("APIC", &data, &size, true))
		return -1;
	err = acpi_parse_madt(data, size, &m->madt, reason, sizeof(reason));
	free(data);
	if (err)
		return fail("%s/firmware/acpi/tables/APIC: invalid MADT: %s",
			    sys_root(), reason);
	err = read_acpi_table("MCFG", &data, &size, false);
	if (err)
		return err < 0 ? -1 : 0;
	err = acpi_parse_mcfg(data, size, &m->mcfg, reason, sizeof(reason));
	free(data);
	if (err)
		return fail("%s/firmware/acpi/tables/MCFG: invalid MCFG: %s",
			    sys_root(), reason);
	m->have_mcfg = true;
	return 0;
}

static void read_hostname(struct machine *m)
{
	char *text;

	if (read_text(proc_root(), "sys/kernel/hostname", &text))
		return;
	text[strcspn(text, "\n")] = '\0';
	snprintf(m->hostname, sizeof(m->hostname), "%s", text);
	free(text);
}

static int read_machine(struct machine *m)
{
	if (read_required("cmdline", &m->cmdline, "the kernel command line"))
		return -1;
	m->cmdline[strcspn(m->cmdline, "\n")] = '\0';
	if (read_resource_file("iomem", &m->iomem) ||
	    read_resource_file("ioports", &m->ioports))
		return -1;
	if (read_acpi(m))
		return -1;
	if (read_pci_functions(&m->pci, &m->num_pci))
		return -1;
	read_hostname(m);
	return 0;
}

/* --- the memory reserved for PRTOS -------------------------------------- */

/* The top-level /proc/iomem entry that holds all of @s, or NULL. */
static const struct resource *iomem_holder(const struct machine *m,
					   struct span s)
{
	const struct resource *r;
	unsigned int i;

	for (i = 0; i < m->iomem.num; i++) {
		r = &m->iomem.entries[i];
		if (!r->depth && r->start <= s.start && s.end - 1 <= r->end)
			return r;
	}
	return NULL;
}

static int choose_reservation(const struct create_opts *o, struct machine *m)
{
	struct memmap found[MAX_MEMMAPS];
	char bad[96], list[MAX_MEMMAPS * sizeof(found[0].text)];
	const struct resource *holder;
	int n, i;

	n = find_memmaps(m->cmdline, found, MAX_MEMMAPS, bad, sizeof(bad));
	if (*bad && !o->reserved_given)
		return fail("cannot read '%s' on the kernel command line: give the memory reserved for PRTOS as --reserved ADDR:SIZE",
			    bad);
	if (n > MAX_MEMMAPS && !o->reserved_given)
		return fail("%d memmap=SIZE$ADDR reservations on the kernel command line: give --reserved ADDR:SIZE",
			    n);
	if (o->reserved_given) {
		m->reserved = o->reserved;
		snprintf(m->reserved_from, sizeof(m->reserved_from),
			 "--reserved");
	} else if (n == 1) {
		m->reserved.start = found[0].start;
		m->reserved.end = found[0].start + found[0].size;
		if (m->reserved.end < m->reserved.start)
			return fail("'%s' on the kernel command line ends beyond the last address",
				    found[0].text);
		snprintf(m->reserved_from, sizeof(m->reserved_from), "%s",
			 found[0].text);
	} else if (!n) {
		return fail(
			"no memory is reserved for PRTOS: the kernel command line has no memmap=SIZE$ADDR. Reserve RAM that Linux does not need (see /proc/iomem), e.g. boot with memmap=96M$0x3a000000 (mind the '$' in boot loader files), or name a reservation with --reserved ADDR:SIZE");
	} else {
		list[0] = '\0';
		for (i = 0; i < n; i++)
			snprintf(list + strlen(list),
				 sizeof(list) - strlen(list), "%s%s",
				 i ? ", " : "", found[i].text);
		return fail("the kernel command line reserves %d ranges (%s): say which one is for PRTOS with --reserved ADDR:SIZE",
			    n, list);
	}
	if ((m->reserved.start | m->reserved.end) & (PAGE - 1))
		return fail("the memory reserved for PRTOS (0x%llx-0x%llx, %s) is not page aligned: reserve it at a 4 KiB (better 2 MiB) boundary with a whole number of pages",
			    (unsigned long long)m->reserved.start,
			    (unsigned long long)m->reserved.end - 1,
			    m->reserved_from);
	holder = iomem_holder(m, m->reserved);
	if (!holder || strcasecmp(holder->name, "Reserved"))
		return fail("the memory reserved for PRTOS (0x%llx-0x%llx, %s) is not reserved in /proc/iomem (%s%s%s): Linux may use it. Boot Linux with memmap=0x%llx$0x%llx, or give --reserved for a range that is",
			    (unsigned long long)m->reserved.start,
			    (unsigned long long)m->reserved.end - 1,
			    m->reserved_from, holder ? "it lies in '" : "",
			    holder ? holder->name : "no entry holds all of it",
			    holder ? "'" : "",
			    (unsigned long long)(m->reserved.end -
						 m->reserved.start),
			    (unsigned long long)m->reserved.start);
	if (o->hv_size < PRTOS_CONFIG_MIN_HV_MEMORY || o->hv_size % PAGE)
		return fail("--hv-size 0x%llx: the hypervisor needs at least 1 MiB, a whole number of pages",
			    (unsigned long long)o->hv_size);
	if (o->hv_size > m->reserved.end - m->reserved.start)
		return fail("the memory reserved for PRTOS (%s, %s) is smaller than the %s the hypervisor takes: reserve more, or give a smaller --hv-size",
			    mib_text(m->reserved.end - m->reserved.start),
			    m->reserved_from, mib_text(o->hv_size));
	m->hv.start = m->reserved.start;
	m->hv.end = m->reserved.start + o->hv_size;
	m->cells.start = m->hv.end;
	m->cells.end = m->reserved.end;
	return 0;
}

/* --- serial ports and the hypervisor's console -------------------------- */

static const unsigned int com_ports[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };

static const char *com_name(unsigned int port)
{
	static const char *const names[] = { "COM1", "COM2", "COM3", "COM4" };
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (com_ports[i] == port)
			return names[i];
	return NULL;
}

/* "0x2f8 (COM2)" or "0xe000"; valid until the second call after. */
static const char *port_text(unsigned int port)
{
	static char text[2][24];
	static unsigned int next;
	char *t = text[next++ % 2];
	const char *com = com_name(port);

	if (com)
		snprintf(t, sizeof(text[0]), "0x%x (%s)", port, com);
	else
		snprintf(t, sizeof(text[0]), "0x%x", port);
	return t;
}

/* The I/O port of ttyS@n, from /proc/tty/driver/serial or the PC's. */
static unsigned int tty_port(unsigned int n)
{
	char *text, *line, *p;
	unsigned int index, port = 0;

	if (!read_text(proc_root(), "tty/driver/serial", &text)) {
		for (line = text; line && *line; line = p ? p + 1 : NULL) {
			p = strchr(line, '\n');
			if (sscanf(line, "%u:", &index) == 1 && index == n &&
			    strstr(line, " port:"))
				port = strtoul(strstr(line, " port:") + 6, NULL,
					       16);
		}
		free(text);
		if (port)
			return port;
	}
	return n < 4 ? com_ports[n] : 0;
}

/*
 * The UARTs Linux's console= parameters name: ttyS<n>, or
 * uart[8250],io,<port>. Others (tty0, memory-mapped UARTs) hold no port.
 */
static void find_linux_consoles(struct machine *m)
{
	const char *p = m->cmdline, *v;
	unsigned long n;
	unsigned int port;
	size_t tok;
	char *end;

	while (*p) {
		p += strspn(p, " \t");
		tok = strcspn(p, " \t");
		port = 0;
		if (!strncmp(p, "console=", 8)) {
			v = p + 8;
			if (!strncmp(v, "ttyS", 4)) {
				n = strtoul(v + 4, &end, 10);
				if (end != v + 4)
					port = tty_port(n);
			} else if (!strncmp(v, "uart8250,io,", 12) ||
				   !strncmp(v, "uart,io,", 8)) {
				v = strstr(v, ",io,") + 4;
				port = strtoul(v, NULL, 0);
			}
		}
		if (port && m->num_consoles < MAX_CONSOLES) {
			m->consoles[m->num_consoles] = port;
			snprintf(m->console_args[m->num_consoles], 48, "%.*s",
				 (int)tok, p);
			m->num_consoles++;
		}
		p += tok;
	}
}

static int linux_console(const struct machine *m, unsigned int port)
{
	unsigned int i;

	for (i = 0; i < m->num_consoles; i++)
		if (m->consoles[i] == port)
			return i;
	return -1;
}

static void find_serial_ports(struct machine *m)
{
	const struct resource *r;
	unsigned int i;

	for (i = 0; i < m->ioports.num && m->num_serial < MAX_SERIAL; i++) {
		r = &m->ioports.entries[i];
		if (strcmp(r->name, "serial") || r->end >= PIO_END)
			continue;
		m->serial[m->num_serial].start = r->start;
		m->serial[m->num_serial].end = r->end + 1;
		m->num_serial++;
	}
}

static bool is_serial(const struct machine *m, unsigned int port)
{
	unsigned int i;

	for (i = 0; i < m->num_serial; i++)
		if (m->serial[i].start == port)
			return true;
	return false;
}

/*
 * The hypervisor's UART: the one given, or the first serial port of
 * /proc/ioports in the order COM1, COM2, COM3, COM4, then the others by
 * address, that is not Linux's console.
 */
static int choose_console(const struct create_opts *o, struct machine *m)
{
	unsigned int i, port = 0;
	int con;

	find_linux_consoles(m);
	find_serial_ports(m);
	if (o->console_given) {
		con = o->console ? linux_console(m, o->console) : -1;
		if (con >= 0)
			return fail("--console %s is Linux's console (%s): give another port, or --console none",
				    port_text(o->console),
				    m->console_args[con]);
		m->hv_console = o->console;
		return 0;
	}
	for (i = 0; i < 4 && !port; i++)
		if (is_serial(m, com_ports[i]) &&
		    linux_console(m, com_ports[i]) < 0)
			port = com_ports[i];
	for (i = 0; i < m->num_serial && !port; i++)
		if (!com_name(m->serial[i].start) &&
		    linux_console(m, m->serial[i].start) < 0 &&
		    m->serial[i].end - m->serial[i].start >= UART_PORTS)
			port = m->serial[i].start;
	if (!port)
		return fail("no serial port is free for the hypervisor's console (/proc/ioports lists %u, Linux's console uses %u): give --console PORT, or --console none for no console",
			    m->num_serial, m->num_consoles);
	m->hv_console = port;
	m->console_chosen = true;
	return 0;
}

/* --- memory regions of the root cell ------------------------------------ */

enum mem_kind {
	KIND_RAM,
	KIND_CELLS,
	KIND_OTHER
};

struct piece {
	struct span s;
	__u64 flags;
	enum mem_kind kind;
	bool left_out;
	char note[GEN_NOTE_LEN];
};

struct pieces {
	struct piece p[GEN_MAX_MEM];
	unsigned int num;
};

static int add_piece(struct pieces *l, struct span s, __u64 flags,
		     enum mem_kind kind, bool left_out, const char *note)
{
	struct piece *p;

	if (s.end <= s.start)
		return 0;
	if (l->num == GEN_MAX_MEM)
		return fail("/proc/iomem has more than %d top-level ranges: more than a configuration can describe",
			    GEN_MAX_MEM);
	p = &l->p[l->num++];
	p->s = s;
	p->flags = flags;
	p->kind = kind;
	p->left_out = left_out;
	snprintf(p->note, sizeof(p->note), "%s", note);
	return 0;
}

/* @s without the hypervisor's memory and the local APIC page. */
static int add_clipped(struct pieces *l, const struct machine *m, struct span s,
		       __u64 flags, enum mem_kind kind, const char *note)
{
	struct span cut[2] = {
		m->reserved,
		{ m->madt.apic_base, m->madt.apic_base + PAGE },
	};
	struct span t;
	unsigned int i;

	if (cut[1].start < cut[0].start) {
		t = cut[0];
		cut[0] = cut[1];
		cut[1] = t;
	}
	for (i = 0; i < 2; i++) {
		if (!overlaps(s, cut[i]))
			continue;
		t.start = s.start;
		t.end = cut[i].start;
		if (add_piece(l, t, flags, kind, false, note))
			return -1;
		s.start = cut[i].end;
	}
	return add_piece(l, s, flags, kind, false, note);
}

static int add_left_out(struct pieces *l, const struct resource *r,
			const char *why)
{
	char note[GEN_NOTE_LEN];
	struct span s = { r->start, r->end };

	snprintf(note, sizeof(note), "left out: 0x%llx-0x%llx %s (%s)",
		 (unsigned long long)r->start, (unsigned long long)r->end,
		 r->name, why);
	return add_piece(l, s, 0, KIND_OTHER, true, note);
}

/* Whether the top-level entry @i has entries below it. */
static bool has_children(const struct machine *m, unsigned int i)
{
	return i + 1 < m->iomem.num && m->iomem.entries[i + 1].depth > 0;
}

static __u64 end_of_ram(const struct machine *m)
{
	const struct resource *r;
	__u64 end = 0;
	unsigned int i;

	for (i = 0; i < m->iomem.num; i++) {
		r = &m->iomem.entries[i];
		if (!r->depth && !strcmp(r->name, "System RAM") &&
		    r->end >= end)
			end = r->end + 1;
	}
	return end;
}

/*
 * One top-level entry of /proc/iomem: RAM rounded inwards to whole
 * pages, anything else outwards (a device's registers share no page with
 * RAM, but may with other registers: those are merged later).
 */
static int add_iomem_entry(struct pieces *l, const struct machine *m,
			   unsigned int i)
{
	const struct resource *r = &m->iomem.entries[i];
	struct span s = { align_down(r->start), align_up(r->end + 1) };
	const __u64 ram_end = end_of_ram(m);
	char note[GEN_NOTE_LEN];

	if (r->end < MIB)
		return 0; /* in the first MiB, which the root has whole */
	if (r->start < MIB)
		s.start = MIB;
	if (s.end > 1ULL << PRTOS_CONFIG_PHYS_BITS || s.end < s.start)
		return add_left_out(l, r, "beyond the physical address space");
	if (!strcmp(r->name, "System RAM")) {
		s.start = align_up(r->start < MIB ? MIB : r->start);
		s.end = align_down(r->end + 1);
		return add_clipped(l, m, s, GEN_RAM, KIND_RAM, "System RAM");
	}
	if (!strcmp(r->name, "Local APIC"))
		return add_left_out(l, r, "the hypervisor traps it");
	if (!strncmp(r->name, "ACPI ", 5))
		return add_clipped(l, m, s, GEN_RAM, KIND_OTHER, r->name);
	if (!strcasecmp(r->name, "Reserved")) {
		if (r->start >= 4 * GIB && r->start >= ram_end)
			return add_left_out(l, r,
					    "above all RAM: nothing Linux uses");
		return add_clipped(l, m, s, GEN_RESERVED, KIND_OTHER,
				   "reserved by the firmware");
	}
	if (!strncmp(r->name, "PCI Bus", 7)) {
		if (r->start >= 4 * GIB && !has_children(m, i))
			return add_left_out(l, r,
					    "no device has a resource in it");
		snprintf(note, sizeof(note), "PCI window (%s)", r->name);
		return add_clipped(l, m, s, GEN_DEVICE, KIND_OTHER, note);
	}
	return add_clipped(l, m, s, GEN_DEVICE, KIND_OTHER, r->name);
}

static int piece_order(const void *a, const void *b)
{
	const struct piece *x = a, *y = b;

	if (x->s.start != y->s.start)
		return x->s.start < y->s.start ? -1 : 1;
	return x->left_out - y->left_out;
}

static void append_note(char *note, const char *more)
{
	size_t len = strlen(note);

	if (strstr(note, more))
		return;
	snprintf(note + len, GEN_NOTE_LEN - len, ", %s", more);
}

/*
 * Sorted, then merged where pages overlap (registers rounded out to
 * pages) and where pieces of RAM touch; every other piece stays whole,
 * with its own comment.
 */
static void merge_pieces(struct pieces *l)
{
	struct piece *prev = NULL, *p;
	unsigned int i, n = 0;

	qsort(l->p, l->num, sizeof(l->p[0]), piece_order);
	for (i = 0; i < l->num; i++) {
		p = &l->p[i];
		if (prev && !p->left_out &&
		    (p->s.start < prev->s.end ||
		     (p->s.start == prev->s.end && p->kind == KIND_RAM &&
		      prev->kind == KIND_RAM))) {
			if (p->s.end > prev->s.end)
				prev->s.end = p->s.end;
			if (p->kind != prev->kind)
				prev->kind = KIND_OTHER;
			prev->flags |= p->flags;
			append_note(prev->note, p->note);
			continue;
		}
		l->p[n] = *p;
		if (!p->left_out)
			prev = &l->p[n];
		n++;
	}
	l->num = n;
}

static int build_memory(struct gen_config *g, const struct machine *m)
{
	struct pieces *l = calloc(1, sizeof(*l));
	struct span low = { 0, MIB };
	char note[GEN_NOTE_LEN];
	unsigned int i;
	int err = 0;

	if (!l)
		return fail(
			"out of memory: close other programs and try again");
	err = add_clipped(l, m, low, GEN_RAM, KIND_RAM,
			  "the first MiB (BIOS data, VGA, ROMs)");
	for (i = 0; i < m->iomem.num && !err; i++)
		if (!m->iomem.entries[i].depth)
			err = add_iomem_entry(l, m, i);
	snprintf(note, sizeof(note),
		 "memory for cells (0x%llx-0x%llx): the reservation less the hypervisor's",
		 (unsigned long long)m->cells.start,
		 (unsigned long long)m->cells.end - 1);
	if (!err)
		err = add_piece(l, m->cells, GEN_RAM, KIND_CELLS, false, note);
	if (err) {
		free(l);
		return -1;
	}
	merge_pieces(l);
	for (i = 0; i < l->num; i++) {
		g->mem[i].m.phys_start = l->p[i].s.start;
		g->mem[i].m.virt_start = l->p[i].s.start;
		g->mem[i].m.size = l->p[i].s.end - l->p[i].s.start;
		g->mem[i].m.flags = l->p[i].flags;
		g->mem[i].left_out = l->p[i].left_out;
		memcpy(g->mem[i].note, l->p[i].note, GEN_NOTE_LEN);
	}
	g->num_mem = l->num;
	free(l);
	return 0;
}

/* --- I/O ports of the root cell ------------------------------------------ */

static int span_order(const void *a, const void *b)
{
	const struct gen_pio *x = a, *y = b;

	return (x->p.base > y->p.base) - (x->p.base < y->p.base);
}

/* Everything but the hypervisor's UART and the serial ports for cells. */
static int build_pio(struct gen_config *g, const struct machine *m)
{
	struct gen_pio withheld[MAX_SERIAL + 1];
	unsigned int i, n = 0, cur = 0, end;
	const char *com;
	struct gen_pio *w;

	if (m->hv_console) {
		w = &withheld[n++];
		w->p.base = m->hv_console;
		w->p.length = UART_PORTS;
		com = com_name(m->hv_console);
		snprintf(w->note, sizeof(w->note),
			 "0x%04x-0x%04x: %s%s%sthe hypervisor's console",
			 m->hv_console, m->hv_console + UART_PORTS - 1,
			 com ? "serial port " : "", com ? com : "",
			 com ? ", " : "");
	}
	for (i = 0; i < m->num_serial; i++) {
		if (linux_console(m, m->serial[i].start) >= 0 ||
		    (m->hv_console >= m->serial[i].start &&
		     m->hv_console < m->serial[i].end))
			continue;
		w = &withheld[n++];
		w->p.base = m->serial[i].start;
		w->p.length = m->serial[i].end - m->serial[i].start;
		com = com_name(w->p.base);
		snprintf(w->note, sizeof(w->note),
			 "0x%04x-0x%04x: serial port%s%s, kept for cells",
			 w->p.base, w->p.base + w->p.length - 1, com ? " " : "",
			 com ? com : "");
	}
	qsort(withheld, n, sizeof(withheld[0]), span_order);
	for (i = 0; i < n; i++) {
		w = &withheld[i];
		if (w->p.base > cur) {
			g->pio[g->num_pio].p.base = cur;
			g->pio[g->num_pio].p.length = w->p.base - cur;
			g->num_pio++;
		}
		g->pio[g->num_pio] = *w;
		g->pio[g->num_pio].withheld = true;
		g->num_pio++;
		end = w->p.base + w->p.length;
		if (end > cur)
			cur = end;
	}
	if (cur < PIO_END) {
		g->pio[g->num_pio].p.base = cur;
		g->pio[g->num_pio].p.length = PIO_END - cur;
		g->num_pio++;
	}
	return 0;
}

/* --- interrupt controllers, PCI devices, the rest ----------------------- */

/*
 * The MADT does not say how many pins an IOAPIC has, only where its GSIs
 * begin: the root gets every pin up to the next chip's first GSI, at most
 * as many as the format names. The hypervisor reads the chip's own count
 * and ignores pins beyond it.
 */
static unsigned int ioapic_pins(const struct acpi_madt *madt, unsigned int n)
{
	unsigned int pins = PRTOS_CONFIG_MAX_IOAPIC_PINS, i;
	const struct acpi_ioapic *io = &madt->ioapics[n];

	for (i = 0; i < madt->num_ioapics; i++)
		if (madt->ioapics[i].gsi_base > io->gsi_base &&
		    madt->ioapics[i].gsi_base - io->gsi_base < pins)
			pins = madt->ioapics[i].gsi_base - io->gsi_base;
	return pins;
}

static int build_irqchips(struct gen_config *g, const struct machine *m)
{
	const struct acpi_ioapic *io;
	struct gen_irqchip *c;
	unsigned int i, pin, pins;

	if (m->madt.num_ioapics > GEN_MAX_IRQCHIPS)
		return fail("the MADT lists %u IOAPICs, more than %d",
			    m->madt.num_ioapics, GEN_MAX_IRQCHIPS);
	for (i = 0; i < m->madt.num_ioapics; i++) {
		io = &m->madt.ioapics[i];
		if (io->address % PAGE)
			return fail("IOAPIC %u is at 0x%llx, which is not page aligned: PRTOS cannot describe it",
				    io->id, (unsigned long long)io->address);
		c = &g->irqchips[i];
		c->c.type = PRTOS_IRQCHIP_IOAPIC;
		c->c.id = io->id;
		c->c.address = io->address;
		pins = ioapic_pins(&m->madt, i);
		for (pin = 0; pin < pins; pin++)
			c->c.pin_bitmap[pin / 64] |= 1ULL << (pin % 64);
		snprintf(c->note, sizeof(c->note),
			 "IOAPIC %u, GSI %u and up: all its pins (at most %u)",
			 io->id, io->gsi_base, pins);
	}
	g->num_irqchips = m->madt.num_ioapics;
	return 0;
}

static const char *pci_class_name(uint32_t class)
{
	static const struct {
		uint16_t code; /* base class << 8 | subclass, or base << 8 | 0xff */
		const char *name;
	} names[] = {
		{ 0x0100, "SCSI controller" },
		{ 0x0101, "IDE controller" },
		{ 0x0106, "SATA controller" },
		{ 0x0107, "SAS controller" },
		{ 0x0108, "NVMe controller" },
		{ 0x01ff, "storage controller" },
		{ 0x0200, "Ethernet controller" },
		{ 0x02ff, "network controller" },
		{ 0x0300, "VGA controller" },
		{ 0x03ff, "display controller" },
		{ 0x04ff, "multimedia device" },
		{ 0x05ff, "memory controller" },
		{ 0x0600, "host bridge" },
		{ 0x0601, "ISA bridge" },
		{ 0x0604, "PCI bridge" },
		{ 0x06ff, "bridge" },
		{ 0x07ff, "communication controller" },
		{ 0x08ff, "system peripheral" },
		{ 0x0c03, "USB controller" },
		{ 0x0c05, "SMBus controller" },
		{ 0x0cff, "serial bus controller" },
	};
	unsigned int i, code = class >> 8;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].code == code)
			return names[i].name;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].code == ((code & 0xff00) | 0xff))
			return names[i].name;
	return "device";
}

static int build_pci(struct gen_config *g, const struct machine *m)
{
	const struct pci_function *f;
	struct gen_pci *d;
	unsigned int i, sub;

	if (m->num_pci > GEN_MAX_PCI)
		return fail("more than %d PCI functions", GEN_MAX_PCI);
	for (i = 0; i < m->num_pci; i++) {
		f = &m->pci[i];
		d = &g->pci[i];
		sub = f->class >> 8;
		d->d.type = sub == 0x0604 || sub == 0x0607
				    ? PRTOS_PCI_TYPE_BRIDGE
				    : PRTOS_PCI_TYPE_DEVICE;
		d->d.domain = f->domain;
		d->d.bdf = f->bus << 8 | f->devfn;
		d->left_out = f->domain > 0xffff;
		snprintf(d->note, sizeof(d->note),
			 "%s%04x:%02x:%02x.%u %s, %04x:%04x%s",
			 d->left_out ? "left out: " : "", f->domain, f->bus,
			 f->devfn >> 3, f->devfn & 7, pci_class_name(f->class),
			 f->vendor, f->device,
			 d->left_out ? " (its domain does not fit the format)"
				     : "");
	}
	g->num_pci = m->num_pci;
	return 0;
}

static int build_cpus(struct gen_config *g, const struct machine *m)
{
	unsigned int i;

	if (!m->madt.num_cpus)
		return fail(
			"the MADT lists no enabled processor: it is broken, or not this machine's");
	if (m->madt.apic_base % PAGE)
		return fail("the MADT puts the local APIC at 0x%llx, which is not page aligned: the table is wrong",
			    (unsigned long long)m->madt.apic_base);
	if (m->madt.num_cpus > PRTOS_MAX_CPUS)
		return fail("the MADT lists %u enabled processors but PRTOS handles at most %d",
			    m->madt.num_cpus, PRTOS_MAX_CPUS);
	for (i = 0; i < m->madt.num_cpus; i++)
		g->sys.root_cell.cpus[i / 64] |= 1ULL << (i % 64);
	return 0;
}

/* The ECAM window of segment 0, the one the format describes. */
static void build_platform(struct gen_config *g, const struct machine *m)
{
	const struct acpi_mmconfig *w = NULL;
	unsigned int i;

	g->sys.platform.apic_base = m->madt.apic_base;
	for (i = 0; m->have_mcfg && i < m->mcfg.num_windows && !w; i++)
		if (!m->mcfg.windows[i].segment)
			w = &m->mcfg.windows[i];
	if (!w) {
		snprintf(g->platform_note, sizeof(g->platform_note),
			 "no ECAM window for PCI segment 0: no MCFG, or none in it");
		return;
	}
	g->sys.platform.pci_mmconfig_base = w->base;
	g->sys.platform.pci_mmconfig_end_bus = w->end_bus;
	snprintf(g->platform_note, sizeof(g->platform_note),
		 "ECAM of PCI segment 0 (MCFG), buses %u-%u", w->start_bus,
		 w->end_bus);
}

static void build_console(struct gen_config *g, const struct machine *m)
{
	struct prtos_console *con = &g->sys.debug_console;

	if (!m->hv_console) {
		con->type = PRTOS_CONSOLE_NONE;
		snprintf(g->console_note, sizeof(g->console_note),
			 "no console (--console none)");
		return;
	}
	con->type = PRTOS_CONSOLE_UART_PIO;
	con->address = m->hv_console;
	con->baud = CONSOLE_BAUD;
	if (m->console_chosen)
		snprintf(g->console_note, sizeof(g->console_note),
			 "%s: the first serial port that is not Linux's console",
			 port_text(m->hv_console));
	else
		snprintf(g->console_note, sizeof(g->console_note),
			 "%s, from --console%s", port_text(m->hv_console),
			 is_serial(m, m->hv_console)
				 ? ""
				 : " (not a serial port of /proc/ioports)");
}

/* --- the file's leading comment ----------------------------------------- */

static void header_cpus(FILE *f, const struct machine *m)
{
	unsigned int i;

	fprintf(f,
		"CPUs: %u, all of them the root cell's to begin with. Their APIC "
		"ids, in the MADT's order (Linux's CPU numbers when the boot CPU "
		"comes first, as firmware lists it): ",
		m->madt.num_cpus);
	for (i = 0; i < m->madt.num_cpus; i++)
		fprintf(f, "%s%u", i ? ", " : "", m->madt.cpus[i].apic_id);
	fputs(".", f);
	if (m->madt.disabled_cpus)
		fprintf(f,
			" %u more processor entries are not enabled (absent or hot-pluggable CPUs) and not listed.",
			m->madt.disabled_cpus);
	fputs("\n\n", f);
}

static void header_memory(FILE *f, const struct machine *m)
{
	fprintf(f, "Memory reserved for PRTOS: 0x%llx-0x%llx (%s, %s). ",
		(unsigned long long)m->reserved.start,
		(unsigned long long)m->reserved.end - 1,
		mib_text(m->reserved.end - m->reserved.start),
		m->reserved_from);
	fprintf(f, "The hypervisor takes its first %s, 0x%llx-0x%llx. ",
		mib_text(m->hv.end - m->hv.start),
		(unsigned long long)m->hv.start,
		(unsigned long long)m->hv.end - 1);
	if (m->cells.end > m->cells.start)
		fprintf(f,
			"The rest, 0x%llx-0x%llx (%s), is memory for cells: the root "
			"cell keeps it mapped so that it can load cells, and each cell "
			"configuration takes its RAM from there, page aligned and apart "
			"from the others' (a first cell of 2 MiB: 0x%llx-0x%llx).\n\n",
			(unsigned long long)m->cells.start,
			(unsigned long long)m->cells.end - 1,
			mib_text(m->cells.end - m->cells.start),
			(unsigned long long)m->cells.start,
			(unsigned long long)m->cells.start + 2 * MIB - 1);
	else
		fputs("Nothing is left for cells: reserve more, or take a smaller --hv-size.\n\n",
		      f);
	fputs("The root cell has the first MiB, System RAM, ACPI memory, "
	      "ranges the firmware reserved (uncached and executable: they may "
	      "hold EFI runtime code) and device memory: PCI windows, ECAM, "
	      "IOAPIC, HPET. The local APIC is not listed: the hypervisor "
	      "traps it. Above 4 GiB, reserved ranges beyond the end of RAM "
	      "and PCI windows in which no device has a resource are left out: "
	      "they would only cost the hypervisor page tables.\n\n",
	      f);
}

static void header_ports(FILE *f, const struct machine *m)
{
	unsigned int i, n = 0;

	if (m->hv_console)
		fprintf(f,
			"I/O ports: the hypervisor prints on the UART at %s. ",
			port_text(m->hv_console));
	else
		fputs("I/O ports: the hypervisor has no console. ", f);
	for (i = 0; i < m->num_consoles; i++)
		fprintf(f, "%s0x%x (%s%s%s)",
			i ? ", " : "Linux keeps its console: ", m->consoles[i],
			com_name(m->consoles[i]) ? com_name(m->consoles[i])
						 : "",
			com_name(m->consoles[i]) ? ", " : "",
			m->console_args[i]);
	if (m->num_consoles)
		fputs(". ", f);
	for (i = 0; i < m->num_serial; i++) {
		if (linux_console(m, m->serial[i].start) >= 0 ||
		    m->serial[i].start == m->hv_console)
			continue;
		fprintf(f, "%s%s", n++ ? ", " : "The other serial ports, ",
			port_text(m->serial[i].start));
	}
	if (n)
		fputs(", are kept for cells and not granted to the root. ", f);
	fputs("Every other port is the root's.\n\n", f);
}

static int build_header(struct gen_config *g, const struct machine *m)
{
	size_t len;
	FILE *f;

	f = open_memstream(&g->header, &len);
	if (!f)
		return fail(
			"out of memory: close other programs and try again");
	fprintf(f,
		"System configuration of %s, written by 'prtos config create' "
		"from what Linux reported: /proc/iomem, /proc/ioports, "
		"/proc/cmdline, the ACPI MADT and MCFG, /sys/bus/pci/devices. "
		"Edit it as needed; the top-level Makefile of PRTOS compiles it "
		"('make NAME.cell' for NAME.c), and 'prtos config create "
		"--binary' writes the same bytes directly.\n\n",
		*m->hostname ? m->hostname : "this machine");
	header_cpus(f, m);
	header_memory(f, m);
	header_ports(f, m);
	fputs("Interrupts: the root cell has every pin of every IOAPIC; cells "
	      "take theirs in their own configurations.\n\n",
	      f);
	fputs("No channels: declare them here, with the ports of the root "
	      "cell, as configs/x86/qemu-q35.c does "
	      "(Documentation/channels.md), and set platform.root_doorbell_pin "
	      "for doorbells to Linux.",
	      f);
	if (fclose(f))
		return fail(
			"out of memory: close other programs and try again");
	return 0;
}

/* --- output ------------------------------------------------------------- */

/* @data to a new temporary file beside @path; its name in @tmp. */
static int write_temp(const char *path, const void *data, size_t size,
		      char **tmp)
{
	size_t done = 0;
	ssize_t n;
	int fd;

	*tmp = malloc(strlen(path) + 8);
	if (!*tmp)
		return fail(
			"out of memory: close other programs and try again");
	sprintf(*tmp, "%s.XXXXXX", path);
	fd = mkstemp(*tmp);
	if (fd < 0) {
		fail("cannot write %s: %s: check the directory and its permissions",
		     path, strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	while (done < size) {
		n = write(fd, (const char *)data + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += n;
	}
	if (done < size || fchmod(fd, 0644) || close(fd)) {
		fail("cannot write %s: %s", path, strerror(errno));
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	return 0;
}

/* Both files or neither: written beside their names, then renamed. */
static int write_outputs(const struct create_opts *o, const void *blob,
			 size_t size, const char *source, size_t source_len)
{
	char *tmp_bin = NULL, *tmp_src = NULL;
	int err = 0;

	if (o->binary)
		err = write_temp(o->binary, blob, size, &tmp_bin);
	if (!err && o->source)
		err = write_temp(o->source, source, source_len, &tmp_src);
	if (!err && tmp_bin && rename(tmp_bin, o->binary))
		err = fail("cannot write %s: %s", o->binary, strerror(errno));
	if (!err && tmp_src && rename(tmp_src, o->source))
		err = fail("cannot write %s: %s", o->source, strerror(errno));
	if (err) {
		if (tmp_bin)
			unlink(tmp_bin);
		if (tmp_src)
			unlink(tmp_src);
	}
	free(tmp_bin);
	free(tmp_src);
	if (!err && !o->source && !o->binary)
		fwrite(source, 1, source_len, stdout);
	return err;
}

static int generate(const struct create_opts *o, struct machine *m,
		    struct gen_config *g)
{
	char reason[CONFIG_REASON_SIZE], *source = NULL;
	size_t size, source_len;
	void *blob = NULL;
	FILE *f;
	int err;

	memcpy(g->sys.signature, PRTOS_SYSTEM_SIGNATURE, PRTOS_SIGNATURE_SIZE);
	g->sys.revision = PRTOS_CONFIG_REVISION;
	g->sys.hypervisor_memory.phys_start = m->hv.start;
	g->sys.hypervisor_memory.size = m->hv.end - m->hv.start;
	memcpy(g->sys.root_cell.signature, PRTOS_CELL_SIGNATURE,
	       PRTOS_SIGNATURE_SIZE);
	g->sys.root_cell.revision = PRTOS_CONFIG_REVISION;
	snprintf(g->sys.root_cell.name, sizeof(g->sys.root_cell.name), "%s",
		 ROOT_CELL_NAME);
	build_console(g, m);
	build_platform(g, m);
	if (build_cpus(g, m) || build_memory(g, m) || build_pio(g, m) ||
	    build_irqchips(g, m) || build_pci(g, m) || build_header(g, m))
		return -1;
	if (gen_blob(g, &blob, &size))
		return fail(
			"out of memory: close other programs and try again");
	reason[0] = '\0';
	err = prtos_check_system_config(blob, size, reason, sizeof(reason));
	if (err) {
		free(blob);
		return fail("the configuration made from this machine does not pass the validator: %s. Nothing was written. If the machine's tables are right, this is a bug: please report it with /proc/iomem, /proc/ioports and the MADT",
			    reason);
	}
	f = open_memstream(&source, &source_len);
	if (!f) {
		free(blob);
		return fail(
			"out of memory: close other programs and try again");
	}
	gen_write_source(f, g);
	err = fclose(f)
		      ? fail("out of memory: close other programs and try again")
		      : 0;
	if (!err)
		err = write_outputs(o, blob, size, source, source_len);
	free(source);
	free(blob);
	return err;
}

static void print_summary(const struct create_opts *o, const struct machine *m)
{
	const char *both = o->source && o->binary ? " and " : "";

	if (!o->source && !o->binary)
		return;
	printf("wrote %s%s%s: %u CPUs, hypervisor 0x%llx-0x%llx, memory for cells ",
	       o->source ? o->source : "", both, o->binary ? o->binary : "",
	       m->madt.num_cpus, (unsigned long long)m->hv.start,
	       (unsigned long long)m->hv.end - 1);
	if (m->cells.end > m->cells.start)
		printf("0x%llx-0x%llx", (unsigned long long)m->cells.start,
		       (unsigned long long)m->cells.end - 1);
	else
		printf("none");
	if (m->hv_console)
		printf(", console %s\n", port_text(m->hv_console));
	else
		printf(", no console\n");
}

/**
 * cmd_config_create() - 'prtos config create [options] [OUTPUT.c]'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] = "create"
 *
 * Everything is read and checked, and the configuration validated, before
 * anything is written.
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_config_create(const struct command *cmd, int argc, char **argv)
{
	struct create_opts o;
	struct gen_config *g;
	struct machine *m;
	int status, err;

	status = parse_opts(cmd, argc, argv, &o);
	if (status >= 0)
		return status;
	m = calloc(1, sizeof(*m));
	g = calloc(1, sizeof(*g));
	if (!m || !g) {
		free(m);
		free(g);
		fail("out of memory: close other programs and try again");
		return EXIT_FAIL;
	}
	err = read_machine(m);
	if (!err)
		err = choose_reservation(&o, m);
	if (!err)
		err = choose_console(&o, m);
	if (!err)
		err = generate(&o, m, g);
	if (!err)
		print_summary(&o, m);
	free(g->header);
	free(m->cmdline);
	free(m->iomem.entries);
	free(m->ioports.entries);
	free(m->pci);
	free(m);
	free(g);
	return err ? EXIT_FAIL : EXIT_OK;
}
