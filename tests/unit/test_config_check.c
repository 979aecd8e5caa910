// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of lib/config-check.c: a valid system and a valid cell
 * configuration are built in memory, then each test breaks exactly one
 * thing and checks both the errno and that the reason names it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <prtos-lib/config-check.h>
#include <prtos/channel.h>
#include <prtos/image.h>

#define MiB 0x100000ULL

struct test_system {
	struct prtos_system sys;
	struct prtos_memory mem[3];
	struct prtos_pio pio[2];
	struct prtos_irqchip irqchips[1];
	struct prtos_pci_device pci[1];
} __attribute__((packed));

struct test_cell {
	struct prtos_cell_desc cell;
	struct prtos_memory mem[3];
	struct prtos_pio pio[1];
	struct prtos_irqchip irqchips[1];
	struct prtos_pci_device pci[1];
} __attribute__((packed));

static char reason[512];

static void fill_cell_desc(struct prtos_cell_desc *d, const char *name,
			   __u64 cpus, __u32 num_mem, __u32 num_pio)
{
	memcpy(d->signature, PRTOS_CELL_SIGNATURE, PRTOS_SIGNATURE_SIZE);
	d->revision = PRTOS_CONFIG_REVISION;
	strcpy(d->name, name);
	d->cpus[0] = cpus;
	d->num_memory_regions = num_mem;
	d->num_pio = num_pio;
	d->num_irqchips = 1;
	d->num_pci_devices = 1;
}

/* A q35-like machine: RAM below and above the 3 GiB hole, hypervisor at
 * 0x3a000000 (cut out of the first RAM region), COM2 for the hypervisor. */
static void make_system(struct test_system *s)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->sys.signature, PRTOS_SYSTEM_SIGNATURE, PRTOS_SIGNATURE_SIZE);
	s->sys.revision = PRTOS_CONFIG_REVISION;
	s->sys.hypervisor_memory.phys_start = 0x3a000000;
	s->sys.hypervisor_memory.size = 6 * MiB;
	s->sys.debug_console.type = PRTOS_CONSOLE_UART_PIO;
	s->sys.debug_console.address = 0x2f8;
	s->sys.debug_console.baud = 115200;
	s->sys.platform.pci_mmconfig_base = 0xb0000000;
	s->sys.platform.pci_mmconfig_end_bus = 255;
	s->sys.platform.apic_base = 0xfee00000;
	fill_cell_desc(&s->sys.root_cell, "linux", 0x3, 3, 2);
	s->sys.root_cell.flags = PRTOS_CELL_DEBUG_CONSOLE;
	s->sys.root_cell.console_port = 0x3f8;

	s->mem[0] = (struct prtos_memory){ 0, 0, 0x3a000000,
					   PRTOS_MEM_RWX | PRTOS_MEM_DMA };
	s->mem[1] = (struct prtos_memory){ 0x3a600000, 0x3a600000,
					   0x3c000000 - 0x3a600000,
					   PRTOS_MEM_RWX | PRTOS_MEM_DMA };
	s->mem[2] = (struct prtos_memory){ 0xfebd0000, 0xfebd0000, 0x1000,
					   PRTOS_MEM_RW | PRTOS_MEM_IO };
	s->pio[0] = (struct prtos_pio){ 0x0, 0x2f8 };
	s->pio[1] = (struct prtos_pio){ 0x300, 0x10000 - 0x300 };
	s->irqchips[0].type = PRTOS_IRQCHIP_IOAPIC;
	s->irqchips[0].address = 0xfec00000;
	s->irqchips[0].pin_bitmap[0] = 0xffffff;
	s->pci[0] = (struct prtos_pci_device){ PRTOS_PCI_TYPE_DEVICE, 0,
					       0x1f << 3 };
}

/* A small inmate cell: RAM from guest-physical 0, a comm region, a UART. */
static void make_cell(struct test_cell *c)
{
	memset(c, 0, sizeof(*c));
	fill_cell_desc(&c->cell, "cyclic-demo_1", 0x4, 3, 1);
	c->cell.console_port = 0x3e8;
	c->mem[0] = (struct prtos_memory){ 0x3b000000, 0, 0x100000,
					   PRTOS_MEM_RWX | PRTOS_MEM_LOADABLE };
	c->mem[1] =
		(struct prtos_memory){ 0x3b100000, 0x100000, 0x1000,
				       PRTOS_MEM_RW | PRTOS_MEM_COMM_REGION };
	c->mem[2] = (struct prtos_memory){ 0x3b200000, 0x200000, 0x200000,
					   PRTOS_MEM_RW | PRTOS_MEM_SHARED };
	c->pio[0] = (struct prtos_pio){ 0x3e8, 8 };
	c->irqchips[0].type = PRTOS_IRQCHIP_IOAPIC;
	c->irqchips[0].address = 0xfec00000;
	c->irqchips[0].pin_bitmap[0] = 1 << 4;
	c->pci[0] = (struct prtos_pci_device){ PRTOS_PCI_TYPE_BRIDGE, 0,
					       0x01 << 8 };
}

static int check_sys(const void *blob, size_t size)
{
	memset(reason, 'x', sizeof(reason) - 1);
	reason[sizeof(reason) - 1] = '\0';
	return prtos_check_system_config(blob, size, reason, sizeof(reason));
}

static int check_cell(const void *blob, size_t size)
{
	memset(reason, 'x', sizeof(reason) - 1);
	reason[sizeof(reason) - 1] = '\0';
	return prtos_check_cell_config(blob, size, reason, sizeof(reason));
}

/* The reason must name the problem and fit where the driver keeps it. */
#define assert_rejected(rc_expr, want_rc, needle)                            \
	do {                                                                 \
		int rc_ = (rc_expr);                                         \
		if (rc_ != (want_rc) || !strstr(reason, (needle)))           \
			print_message("got %d, \"%s\"; wanted %d, \"%s\"\n", \
				      rc_, reason, (want_rc), (needle));     \
		assert_int_equal(rc_, (want_rc));                            \
		assert_non_null(strstr(reason, (needle)));                   \
		assert_true(strlen(reason) < PRTOS_REASON_LEN);              \
	} while (0)

#define sys_rejected(s, rc, needle) \
	assert_rejected(check_sys((s), sizeof(*(s))), rc, needle)
#define cell_rejected(c, rc, needle) \
	assert_rejected(check_cell((c), sizeof(*(c))), rc, needle)

#define assert_accepted(rc_expr)                                        \
	do {                                                            \
		int rc_ = (rc_expr);                                    \
		if (rc_)                                                \
			print_message("got %d, \"%s\"\n", rc_, reason); \
		assert_int_equal(rc_, 0);                               \
		assert_string_equal(reason, "");                        \
	} while (0)

#define sys_accepted(s)	 assert_accepted(check_sys((s), sizeof(*(s))))
#define cell_accepted(c) assert_accepted(check_cell((c), sizeof(*(c))))

/* ---- valid configurations and the reason buffer ---- */

static void test_valid_system(void **state)
{
	struct test_system s;

	make_system(&s);
	sys_accepted(&s);
}

static void test_valid_cell(void **state)
{
	struct test_cell c;

	make_cell(&c);
	cell_accepted(&c);
}

static void test_valid_without_arrays(void **state)
{
	struct test_cell c;

	/* Only the first region, which backs the reset vector. */
	make_cell(&c);
	c.cell.num_memory_regions = 1;
	c.cell.num_pio = 0;
	c.cell.num_irqchips = 0;
	c.cell.num_pci_devices = 0;
	assert_accepted(check_cell(&c, sizeof(c.cell) + sizeof(c.mem[0])));
}

static void test_reason_buffer(void **state)
{
	struct test_system s;
	char small[8];

	make_system(&s);
	assert_int_equal(prtos_check_system_config(&s, sizeof(s), NULL, 0), 0);
	s.sys.revision = PRTOS_CONFIG_REVISION + 1;
	assert_int_equal(prtos_check_system_config(&s, sizeof(s), NULL, 0),
			 -EINVAL);
	assert_int_equal(prtos_check_system_config(&s, sizeof(s), NULL, 99),
			 -EINVAL);
	memset(small, 'x', sizeof(small));
	assert_int_equal(prtos_check_system_config(&s, sizeof(s), small, 0),
			 -EINVAL);
	assert_int_equal(small[0], 'x');
	assert_int_equal(prtos_check_system_config(&s, sizeof(s), small,
						   sizeof(small)),
			 -EINVAL);
	assert_string_equal(small, "revisio");
}

static void test_null_blob(void **state)
{
	assert_rejected(check_sys(NULL, 200), -EINVAL, "NULL");
	assert_rejected(check_cell(NULL, 200), -EINVAL, "NULL");
	assert_rejected(check_sys(NULL, 0), -EINVAL, "truncated");
}

/* ---- header and size ---- */

/* Every prefix is copied to a buffer of exactly its length, so that an
 * access past the end shows up under valgrind (or ASan). */
static void assert_all_prefixes_rejected(const void *full, size_t size,
					 bool system)
{
	size_t len;

	for (len = 0; len < size; len++) {
		void *p = malloc(len ? len : 1);

		assert_non_null(p);
		memcpy(p, full, len);
		if (system)
			assert_rejected(check_sys(p, len), -EINVAL,
					"truncated");
		else
			assert_rejected(check_cell(p, len), -EINVAL,
					"truncated");
		free(p);
	}
}

static void test_truncated_system(void **state)
{
	struct test_system s;

	make_system(&s);
	assert_all_prefixes_rejected(&s, sizeof(s), true);
}

static void test_truncated_cell(void **state)
{
	struct test_cell c;

	make_cell(&c);
	assert_all_prefixes_rejected(&c, sizeof(c), false);
}

static void test_truncated_message(void **state)
{
	struct test_system s;
	char want[200];

	make_system(&s);
	snprintf(want, sizeof(want),
		 "truncated: header says 3 memory regions, 2 pio ranges, 1 irqchips, 1 pci devices, 0 ports, 0 channels = %zu bytes but the blob has %zu",
		 sizeof(s), sizeof(s) - 8);
	assert_rejected(check_sys(&s, sizeof(s) - 8), -EINVAL, want);

	make_system(&s);
	s.sys.root_cell.num_pio = 3;
	sys_rejected(&s, -EINVAL, "3 pio ranges");
	sys_rejected(&s, -EINVAL, "truncated");
}

static void test_too_long(void **state)
{
	struct {
		struct test_cell c;
		char extra[4];
	} __attribute__((packed)) big;

	make_cell(&big.c);
	cell_rejected(&big, -EINVAL, "too long");

	make_cell(&big.c);
	big.c.cell.num_pci_devices = 0;
	assert_rejected(check_cell(&big.c, sizeof(big.c)), -EINVAL,
			"0 pci devices");

	make_cell(&big.c);
	big.c.cell.num_ports = 1;
	assert_rejected(check_cell(&big.c, sizeof(big.c)), -EINVAL,
			"1 pci devices, 1 ports = ");

	/* The longest form of the message still fits PRTOS_REASON_LEN. */
	make_cell(&big.c);
	big.c.cell.num_memory_regions = PRTOS_CONFIG_MAX_ENTRIES;
	big.c.cell.num_pio = PRTOS_CONFIG_MAX_ENTRIES;
	big.c.cell.num_irqchips = PRTOS_CONFIG_MAX_ENTRIES;
	big.c.cell.num_pci_devices = PRTOS_CONFIG_MAX_ENTRIES;
	big.c.cell.num_ports = PRTOS_MAX_PORTS;
	assert_rejected(check_cell(&big.c, PRTOS_CONFIG_MAX_SIZE - 1), -EINVAL,
			"8 ports = 393696 bytes but the blob has 262143");
	{
		struct test_system s;

		make_system(&s);
		s.sys.root_cell.num_memory_regions = PRTOS_CONFIG_MAX_ENTRIES;
		s.sys.root_cell.num_pio = PRTOS_CONFIG_MAX_ENTRIES;
		s.sys.root_cell.num_irqchips = PRTOS_CONFIG_MAX_ENTRIES;
		s.sys.root_cell.num_pci_devices = PRTOS_CONFIG_MAX_ENTRIES;
		s.sys.root_cell.num_ports = PRTOS_MAX_PORTS;
		s.sys.num_channels = PRTOS_MAX_CHANNELS;
		assert_rejected(
			check_sys(&s, PRTOS_CONFIG_MAX_SIZE - 1), -EINVAL,
			"8 ports, 32 channels = 400704 bytes but the blob has 262143");
	}

	/* Beyond the size limit, the size is what is wrong. */
	make_cell(&big.c);
	assert_rejected(
		check_cell(&big.c, SIZE_MAX), -E2BIG,
		"configuration of 18446744073709551615 bytes is larger than the limit");
}

static void test_bad_signature(void **state)
{
	struct test_system s;
	struct test_cell c;

	make_system(&s);
	memcpy(s.sys.signature, "PRTOSSYZ", 8);
	sys_rejected(
		&s, -EINVAL,
		"bad signature: this is not a PRTOS system configuration (expected PRTOSSYS)");

	make_cell(&c);
	c.cell.signature[0] = 'p';
	cell_rejected(&c, -EINVAL, "expected PRTOSCEL");

	/* A short blob with a wrong signature says what it is. */
	assert_rejected(check_sys("ELF\0\0\0\0\0\0\0", 10), -EINVAL,
			"bad signature");
}

static void test_swapped_kinds(void **state)
{
	struct test_system s;
	struct test_cell c;

	make_system(&s);
	make_cell(&c);
	assert_rejected(
		check_sys(&c, sizeof(c)), -EINVAL,
		"this is a PRTOS cell configuration, not a system configuration");
	assert_rejected(
		check_cell(&s, sizeof(s)), -EINVAL,
		"this is a PRTOS system configuration, not a cell configuration");
}

static void test_revision(void **state)
{
	struct test_system s;
	struct test_cell c;

	make_system(&s);
	s.sys.revision = 4;
	sys_rejected(
		&s, -EINVAL,
		"revision 4 is not supported (this build understands revision 3)");

	make_cell(&c);
	c.cell.revision = 0;
	cell_rejected(&c, -EINVAL, "revision 0 is not supported");
}

/*
 * Revision 1 had no channels, revision 2 no health monitor: their layouts
 * differ, so rebuild them.
 */
static void test_revision_1(void **state)
{
	static const char *const rebuild[] = {
		"revision 1 is an older format (this build understands revision 3): rebuild the configuration from its C source",
		"revision 2 is an older format (this build understands revision 3): rebuild the configuration from its C source",
	};
	struct test_system s;
	struct test_cell c;
	unsigned int rev;

	for (rev = 1; rev <= 2; rev++) {
		make_system(&s);
		s.sys.revision = rev;
		sys_rejected(&s, -EINVAL, rebuild[rev - 1]);
		/* Said as soon as the revision is there, even if the rest is not. */
		assert_rejected(check_sys(&s, 12), -EINVAL, rebuild[rev - 1]);
		assert_rejected(check_sys(&s, 11), -EINVAL, "truncated");

		make_cell(&c);
		c.cell.revision = rev;
		cell_rejected(&c, -EINVAL, rebuild[rev - 1]);
		assert_rejected(check_cell(&c, 16), -EINVAL, rebuild[rev - 1]);

		make_system(&s);
		s.sys.root_cell.revision = rev;
		sys_rejected(&s, -EINVAL, "root cell: revision");
		sys_rejected(&s, -EINVAL, "is an older format");
	}
}

/* The health-monitor policy: stop (all zero) or a bounded restart. */
static void test_health(void **state)
{
	struct test_system s;
	struct test_cell c;

	make_cell(&c);
	c.cell.health.action = PRTOS_HM_RESTART;
	c.cell.health.max_restarts = 2;
	c.cell.health.window_ms = 60000;
	assert_accepted(check_cell(&c, sizeof(c)));
	c.cell.health.window_ms = 0;
	assert_accepted(check_cell(&c, sizeof(c)));
	c.cell.health.max_restarts = PRTOS_HM_MAX_RESTARTS;
	assert_accepted(check_cell(&c, sizeof(c)));

	c.cell.health.max_restarts = 0;
	cell_rejected(
		&c, -EINVAL,
		"health.max_restarts 0 is out of range (1-1000 with PRTOS_HM_RESTART)");
	c.cell.health.max_restarts = PRTOS_HM_MAX_RESTARTS + 1;
	cell_rejected(&c, -EINVAL, "health.max_restarts 1001 is out of range");

	make_cell(&c);
	c.cell.health.action = 2;
	cell_rejected(
		&c, -EINVAL,
		"health.action 2 is unknown (PRTOS_HM_STOP 0 or PRTOS_HM_RESTART 1)");
	c.cell.health.action = PRTOS_HM_STOP;
	c.cell.health.max_restarts = 1;
	cell_rejected(&c, -EINVAL, "with PRTOS_HM_STOP both must be 0");
	c.cell.health.max_restarts = 0;
	c.cell.health.window_ms = 10;
	cell_rejected(&c, -EINVAL, "with PRTOS_HM_STOP both must be 0");
	c.cell.health.window_ms = 0;
	c.cell.health.reserved = 1;
	cell_rejected(&c, -EINVAL, "health.reserved is 0x1 but must be 0");

	make_system(&s);
	s.sys.root_cell.health.action = PRTOS_HM_RESTART;
	s.sys.root_cell.health.max_restarts = 1;
	sys_rejected(
		&s, -EINVAL,
		"the root cell cannot be restarted: its health.action must be PRTOS_HM_STOP");
}

static void test_root_cell_header(void **state)
{
	struct test_system s;

	make_system(&s);
	memcpy(s.sys.root_cell.signature, PRTOS_SYSTEM_SIGNATURE, 8);
	sys_rejected(&s, -EINVAL, "root cell: bad signature");

	make_system(&s);
	s.sys.root_cell.revision = 7;
	sys_rejected(&s, -EINVAL, "root cell: revision 7");
}

static void test_system_flags(void **state)
{
	struct test_system s;

	make_system(&s);
	s.sys.flags = 0x100;
	sys_rejected(&s, -EINVAL, "system flags 0x100");

	make_system(&s);
	s.sys.reserved = 2;
	sys_rejected(&s, -EINVAL, "system field reserved is 0x2 but must be 0");
}

/* Counts are refused before they are multiplied or trusted. */
static void test_huge_counts(void **state)
{
	struct test_system s;
	struct test_cell c;

	make_system(&s);
	s.sys.root_cell.num_memory_regions = 0xffffffff;
	sys_rejected(&s, -E2BIG, "num_memory_regions is 4294967295");

	make_cell(&c);
	c.cell.num_pio = 4097;
	cell_rejected(&c, -E2BIG, "num_pio is 4097, more than the limit");

	make_cell(&c);
	/* 48 * this overflows 32 bits. */
	c.cell.num_irqchips = 0x05555556;
	cell_rejected(&c, -E2BIG, "num_irqchips");

	make_cell(&c);
	c.cell.num_pci_devices = 0x80000000;
	cell_rejected(&c, -E2BIG, "num_pci_devices");

	make_cell(&c);
	c.cell.num_ports = 0xffffffff;
	cell_rejected(&c, -E2BIG, "absurd count: num_ports is 4294967295");

	make_system(&s);
	s.sys.num_channels = 4097;
	sys_rejected(&s, -E2BIG, "absurd count: num_channels is 4097");

	/* Huge counts in a blob shorter than the header still say truncated. */
	make_cell(&c);
	c.cell.num_pio = 0xffffffff;
	assert_rejected(check_cell(&c, sizeof(c.cell) - 1), -EINVAL,
			"truncated");
}

static void test_max_count_accepted(void **state)
{
	size_t size = sizeof(struct prtos_cell_desc) +
		      sizeof(struct prtos_memory) +
		      PRTOS_CONFIG_MAX_ENTRIES * sizeof(struct prtos_pio);
	struct prtos_cell_desc *d = calloc(1, size);
	struct prtos_memory *mem = (struct prtos_memory *)(d + 1);
	struct prtos_pio *pio = (struct prtos_pio *)(mem + 1);
	unsigned int i;

	assert_non_null(d);
	fill_cell_desc(d, "many-ports", 1, 1, PRTOS_CONFIG_MAX_ENTRIES);
	d->num_irqchips = 0;
	d->num_pci_devices = 0;
	*mem = (struct prtos_memory){ 0x3b000000, 0, MiB, PRTOS_MEM_RWX };
	for (i = 0; i < PRTOS_CONFIG_MAX_ENTRIES; i++)
		pio[i] = (struct prtos_pio){ i * 16, 16 };
	assert_accepted(check_cell(d, size));
	free(d);
}

static void test_too_large_rejected(void **state)
{
	size_t size = sizeof(struct prtos_cell_desc) +
		      PRTOS_CONFIG_MAX_ENTRIES * sizeof(struct prtos_memory) +
		      PRTOS_CONFIG_MAX_ENTRIES * sizeof(struct prtos_irqchip);
	struct prtos_cell_desc *d = calloc(1, size);

	assert_non_null(d);
	assert_true(size > PRTOS_CONFIG_MAX_SIZE);
	fill_cell_desc(d, "huge", 1, PRTOS_CONFIG_MAX_ENTRIES, 0);
	d->num_irqchips = PRTOS_CONFIG_MAX_ENTRIES;
	d->num_pci_devices = 0;
	assert_rejected(check_cell(d, size), -E2BIG, "larger than the limit");
	free(d);
}

/* ---- the cell descriptor ---- */

static void test_cell_flags(void **state)
{
	struct test_cell c;
	struct test_system s;

	make_cell(&c);
	c.cell.flags = PRTOS_CELL_DEBUG_CONSOLE | 0x8;
	cell_rejected(&c, -EINVAL, "cell flags 0x9 contain unknown bits 0x8");

	make_system(&s);
	s.sys.root_cell.flags = 0x80000000;
	sys_rejected(&s, -EINVAL, "cell flags 0x80000000");
}

static void test_name_empty(void **state)
{
	struct test_cell c;

	make_cell(&c);
	memset(c.cell.name, 0, sizeof(c.cell.name));
	cell_rejected(&c, -EINVAL, "cell name is empty");
}

static void test_name_unterminated(void **state)
{
	struct test_cell c;

	make_cell(&c);
	memset(c.cell.name, 'a', sizeof(c.cell.name));
	cell_rejected(&c, -EINVAL, "cell name is not NUL-terminated");

	/* 31 characters and the NUL are fine. */
	c.cell.name[PRTOS_CELL_NAME_LEN - 1] = '\0';
	cell_accepted(&c);
}

static void test_name_characters(void **state)
{
	static const char *const bad[] = {
		"two words", "a/b", "tab\there", "del\x7f", "hi\x80", "\n",
	};
	static const char *const dots[] = { ".", ".." };
	struct test_cell c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		make_cell(&c);
		strcpy(c.cell.name, bad[i]);
		cell_rejected(&c, -EINVAL, "cell name has character");
	}
	make_cell(&c);
	strcpy(c.cell.name, "a b");
	cell_rejected(&c, -EINVAL, "0x20 at offset 1");

	for (i = 0; i < ARRAY_SIZE(dots); i++) {
		make_cell(&c);
		strcpy(c.cell.name, dots[i]);
		cell_rejected(&c, -EINVAL, "cannot be used as a directory");
	}
	make_cell(&c);
	strcpy(c.cell.name, "...x~!");
	cell_accepted(&c);

	/* a name of digits only would read as a cell id */
	make_cell(&c);
	strcpy(c.cell.name, "042");
	cell_rejected(&c, -EINVAL, "all digits");
	make_cell(&c);
	strcpy(c.cell.name, "cell2");
	cell_accepted(&c);
}

static void test_cpus_empty(void **state)
{
	struct test_system s;
	struct test_cell c;

	make_cell(&c);
	c.cell.cpus[0] = 0;
	cell_rejected(&c, -EINVAL, "CPU set is empty");

	make_system(&s);
	s.sys.root_cell.cpus[0] = 0;
	sys_rejected(&s, -EINVAL, "CPU set is empty");

	make_cell(&c);
	c.cell.cpus[0] = 1ULL << 63;
	cell_accepted(&c);
}

static void test_console_port(void **state)
{
	struct test_cell c;

	make_cell(&c);
	c.cell.console_port = 0xfff9;
	cell_rejected(&c, -EINVAL, "console_port 0xfff9");

	c.cell.console_port = 0x10000;
	cell_rejected(&c, -EINVAL, "console_port 0x10000");

	c.cell.console_port = 0xfff8;
	cell_accepted(&c);
	c.cell.console_port = 0;
	cell_accepted(&c);
}

/* ---- memory regions ---- */

static void test_mem_size_zero(void **state)
{
	struct test_cell c;

	make_cell(&c);
	c.mem[2].size = 0;
	cell_rejected(&c, -EINVAL,
		      "memory region 2 (phys 0x3b200000) has size 0");
}

static void test_mem_alignment(void **state)
{
	struct test_cell c;

	make_cell(&c);
	c.mem[2].phys_start += 0x800;
	cell_rejected(&c, -EINVAL,
		      "memory region 2: phys_start 0x3b200800 is not page aligned");

	make_cell(&c);
	c.mem[1].virt_start = 0x100010;
	cell_rejected(&c, -EINVAL,
		      "memory region 1: virt_start 0x100010 is not page aligned");

	make_cell(&c);
	c.mem[2].size = 0x1fffff;
	cell_rejected(&c, -EINVAL,
		      "memory region 2: size 0x1fffff is not a multiple");
}

static void test_mem_wrap(void **state)
{
	struct test_cell c;

	make_cell(&c);
	c.mem[2].phys_start = 0xfffffffffff00000ULL;
	cell_rejected(
		&c, -EINVAL,
		"memory region 2: phys_start 0xfffffffffff00000 + size 0x200000 wraps");

	make_cell(&c);
	c.mem[2].virt_start = 0xffffffffffe00000ULL;
	cell_rejected(
		&c, -EINVAL,
		"memory region 2: virt_start 0xffffffffffe00000 + size 0x200000 wraps");

	/* Huge sizes wrap too, whatever the start. */
	make_cell(&c);
	c.mem[0].size = 0xfffffffffffff000ULL;
	cell_rejected(
		&c, -EINVAL,
		"memory region 0: phys_start 0x3b000000 + size 0xfffffffffffff000 wraps");
}

static void test_mem_beyond_phys_space(void **state)
{
	struct test_cell c;

	make_cell(&c);
	c.mem[2].phys_start = 1ULL << 52;
	cell_rejected(&c, -EINVAL, "beyond the 52-bit physical address space");

	make_cell(&c);
	c.mem[2].virt_start = (1ULL << 52) - 0x1000;
	cell_rejected(&c, -EINVAL, "memory region 2: virt_start range");

	/* Ending exactly at the limit is fine. */
	make_cell(&c);
	c.mem[2].phys_start = (1ULL << 52) - c.mem[2].size;
	cell_accepted(&c);
}

static void test_mem_flags(void **state)
{
	struct test_cell c;

	make_cell(&c);
	c.mem[1].flags |= 0x200;
	cell_rejected(&c, -EINVAL, "memory region 1 has unknown flags 0x200");

	make_cell(&c);
	c.mem[1].flags |= 1ULL << 40;
	cell_rejected(&c, -EINVAL, "unknown flags 0x10000000000");

	make_cell(&c);
	c.mem[2].flags = PRTOS_MEM_WRITE | PRTOS_MEM_DMA;
	cell_rejected(
		&c, -EINVAL,
		"memory region 2 (phys 0x3b200000, flags 0xa) lacks PRTOS_MEM_READ");
}

static void test_mem_virt_overlap(void **state)
{
	struct test_cell c;

	make_cell(&c);
	c.mem[2].virt_start = 0x80000;
	cell_rejected(
		&c, -EINVAL,
		"memory regions 0 and 2 overlap in guest-physical space (0x0-0xfffff and 0x80000-0x27ffff)");

	make_cell(&c);
	c.mem[1].virt_start = 0xff000;
	cell_rejected(&c, -EINVAL,
		      "memory regions 0 and 1 overlap in guest-physical space");
}

static void test_mem_phys_overlap(void **state)
{
	struct test_cell c;
	struct test_system s;

	make_cell(&c);
	c.mem[2].phys_start = 0x3b000000;
	cell_rejected(&c, -EINVAL,
		      "memory regions 0 and 2 overlap in physical memory");

	/* Even when both say shared: one cell mapping a page twice. */
	make_cell(&c);
	c.mem[1].phys_start = 0x3b201000;
	c.mem[1].flags |= PRTOS_MEM_SHARED;
	cell_rejected(&c, -EINVAL,
		      "memory regions 1 and 2 overlap in physical memory");

	make_system(&s);
	s.mem[2].phys_start = 0x1000;
	sys_rejected(&s, -EINVAL,
		     "memory regions 0 and 2 overlap in physical memory");
}

static void test_mem_comm_region(void **state)
{
	struct test_cell c;

	make_cell(&c);
	c.mem[1].size = 0x2000;
	cell_rejected(
		&c, -EINVAL,
		"memory region 1 is the comm region and must be exactly one page");

	make_cell(&c);
	c.mem[2].flags |= PRTOS_MEM_COMM_REGION;
	c.mem[2].size = 0x1000;
	cell_rejected(&c, -EINVAL,
		      "memory regions 1 and 2 are both comm regions");
}

/* ---- port I/O, irqchips, PCI ---- */

static void test_pio(void **state)
{
	struct test_system s;

	make_system(&s);
	s.pio[1].length = 0;
	sys_rejected(&s, -EINVAL, "pio range 1 (base 0x300) has length 0");

	make_system(&s);
	s.pio[1].length += 1;
	sys_rejected(
		&s, -EINVAL,
		"pio range 1 (base 0x300, length 0xfd01) goes beyond the last I/O port 0xffff");

	make_system(&s);
	s.pio[0].base = 0xffffffff;
	s.pio[0].length = 2;
	sys_rejected(&s, -EINVAL, "pio range 0 (base 0xffffffff, length 0x2)");

	make_system(&s);
	s.pio[0] = (struct prtos_pio){ 0xffff, 1 };
	sys_accepted(&s);
}

static void test_irqchip(void **state)
{
	struct test_cell c;

	make_cell(&c);
	c.irqchips[0].type = 2;
	cell_rejected(&c, -EINVAL, "irqchip 0 has unknown type 2");

	make_cell(&c);
	c.irqchips[0].address = 0xfec00400;
	cell_rejected(&c, -EINVAL, "irqchip 0 address 0xfec00400");

	make_cell(&c);
	c.irqchips[0].pin_bitmap[3] = 1ULL << 48;
	cell_rejected(&c, -EINVAL,
		      "irqchip 0 pin_bitmap claims pins above 239");

	make_cell(&c);
	c.irqchips[0].pin_bitmap[3] = 1ULL << 47;
	cell_accepted(&c);
}

static void test_pci(void **state)
{
	struct test_system s;

	make_system(&s);
	s.pci[0].type = 0;
	sys_rejected(&s, -EINVAL,
		     "pci device 0 (0000:00:1f.0) has unknown type 0");
}

/* ---- system only ---- */

static void test_hv_memory(void **state)
{
	struct test_system s;

	make_system(&s);
	s.sys.hypervisor_memory.phys_start += 0x10;
	sys_rejected(
		&s, -EINVAL,
		"hypervisor_memory: phys_start 0x3a000010 is not page aligned");

	make_system(&s);
	s.sys.hypervisor_memory.size += 0x800;
	sys_rejected(&s, -EINVAL,
		     "hypervisor_memory.size 0x600800 is not a multiple");

	make_system(&s);
	s.sys.hypervisor_memory.size = MiB - 0x1000;
	sys_rejected(&s, -EINVAL,
		     "hypervisor_memory.size 0xff000 is too small");

	make_system(&s);
	s.sys.hypervisor_memory.size = 0;
	sys_rejected(&s, -EINVAL, "hypervisor_memory.size 0x0 is too small");

	make_system(&s);
	s.sys.hypervisor_memory.phys_start = 0xfffffffffff00000ULL;
	sys_rejected(
		&s, -EINVAL,
		"hypervisor_memory: phys_start 0xfffffffffff00000 + size 0x600000 wraps");

	make_system(&s);
	s.sys.hypervisor_memory.flags = PRTOS_MEM_READ;
	sys_rejected(&s, -EINVAL, "hypervisor_memory.flags is 0x1");
}

static void test_debug_console(void **state)
{
	struct test_system s;

	make_system(&s);
	s.sys.debug_console.type = 2;
	sys_rejected(&s, -EINVAL, "debug_console.type 2 is unknown");

	make_system(&s);
	s.sys.debug_console.address = 0;
	sys_rejected(&s, -EINVAL, "debug_console.address 0x0");

	make_system(&s);
	s.sys.debug_console.address = 0xfff9;
	sys_rejected(&s, -EINVAL, "debug_console.address 0xfff9");

	make_system(&s);
	s.sys.debug_console.baud = 100000;
	sys_rejected(&s, -EINVAL, "debug_console.baud 100000");

	make_system(&s);
	s.sys.debug_console.baud = 230400;
	sys_rejected(&s, -EINVAL, "debug_console.baud 230400");

	make_system(&s);
	s.sys.debug_console.reserved = 5;
	sys_rejected(&s, -EINVAL, "debug_console.reserved");

	/* No console: the address does not matter. */
	make_system(&s);
	s.sys.debug_console.type = PRTOS_CONSOLE_NONE;
	s.sys.debug_console.address = 0;
	sys_accepted(&s);

	make_system(&s);
	s.sys.debug_console.baud = 9600;
	sys_accepted(&s);
}

static void test_platform(void **state)
{
	struct test_system s;

	make_system(&s);
	s.sys.platform.apic_base = 0xfee00800;
	sys_rejected(&s, -EINVAL, "platform.apic_base 0xfee00800");

	make_system(&s);
	s.sys.platform.pci_mmconfig_base = 0xb0080000;
	sys_rejected(&s, -EINVAL, "platform.pci_mmconfig_base 0xb0080000");

	make_system(&s);
	s.sys.platform.pci_mmconfig_end_bus = 256;
	sys_rejected(&s, -EINVAL, "platform.pci_mmconfig_end_bus 256");

	make_system(&s);
	s.sys.platform.root_doorbell_pin = 240;
	sys_rejected(&s, -EINVAL,
		     "platform.root_doorbell_pin 240 is not an IOAPIC pin");

	make_system(&s);
	s.sys.platform.root_doorbell_pin = 10;
	sys_accepted(&s);
}

static void test_root_overlaps_hypervisor(void **state)
{
	struct test_system s;

	make_system(&s);
	s.mem[1].phys_start = 0x3a000000;
	s.mem[1].virt_start = 0x3a000000;
	s.mem[1].size = 0x600000;
	sys_rejected(
		&s, -EINVAL,
		"memory region 1 (0x3a000000-0x3a5fffff) overlaps the hypervisor memory (0x3a000000-0x3a5fffff)");

	/* One page into it is enough. */
	make_system(&s);
	s.mem[0].size += 0x1000;
	sys_rejected(
		&s, -EINVAL,
		"memory region 0 (0x0-0x3a000fff) overlaps the hypervisor memory");
}

/* ---- cell only ---- */

static void test_reset_vector(void **state)
{
	struct test_cell c;

	make_cell(&c);
	c.mem[0].size = 0xff000;
	cell_rejected(
		&c, -EINVAL,
		"no memory region covers the reset vector page (guest-physical 0xff000-0xfffff)");

	make_cell(&c);
	c.mem[0].flags &= ~(__u64)PRTOS_MEM_EXECUTE;
	cell_rejected(&c, -EINVAL,
		      "memory region 0 backs the reset vector page");

	/* Any region will do, as long as it covers that page. */
	make_cell(&c);
	c.mem[0].virt_start = 0x400000;
	c.mem[2].virt_start = 0xff000;
	c.mem[2].size = 0x1000;
	c.mem[2].flags |= PRTOS_MEM_EXECUTE;
	cell_accepted(&c);

	/* The root cell does not start at a reset vector. */
	{
		struct test_system s;

		make_system(&s);
		s.mem[0].virt_start = s.mem[0].phys_start = 0x200000;
		s.mem[0].size = 0x3a000000 - 0x200000;
		sys_accepted(&s);
	}
}

/* ---- channels and ports ---- */

#define NUM_TEST_CHANNELS 3

/* make_system()'s machine with a root reader port and three channels. */
struct chan_system {
	struct test_system base;
	struct prtos_port ports[1];
	struct prtos_channel channels[NUM_TEST_CHANNELS];
} __attribute__((packed));

/* make_cell()'s cell with three ports, one per channel. */
struct chan_cell {
	struct test_cell base;
	struct prtos_port ports[3];
} __attribute__((packed));

static void fill_channel(struct prtos_channel *ch, const char *name, __u32 kind,
			 const char *writer, const char *reader)
{
	memset(ch, 0, sizeof(*ch));
	strcpy(ch->name, name);
	strcpy(ch->writer, writer);
	strcpy(ch->readers[0], reader);
	ch->kind = kind;
	ch->num_readers = 1;
	ch->max_message_size = 256;
	ch->depth = kind == PRTOS_CHANNEL_QUEUING ? 16 : 0;
}

static void fill_port(struct prtos_port *p, const char *channel, __u32 end,
		      __u32 vector, __u64 address)
{
	memset(p, 0, sizeof(*p));
	strcpy(p->channel, channel);
	p->end = end;
	p->vector = vector;
	p->address = address;
}

/*
 * ping: queuing, cyclic-demo_1 -> pong-cell; pong: queuing, the other way;
 * stats: sampling, cyclic-demo_1 -> linux (the root) and pong-cell.
 */
static void make_chan_system(struct chan_system *s)
{
	memset(s, 0, sizeof(*s));
	make_system(&s->base);
	s->base.sys.root_cell.num_ports = 1;
	s->base.sys.num_channels = NUM_TEST_CHANNELS;
	fill_port(&s->ports[0], "stats", PRTOS_PORT_READER,
		  PRTOS_PORT_NO_DOORBELL, 0x200000000ULL);
	fill_channel(&s->channels[0], "ping", PRTOS_CHANNEL_QUEUING,
		     "cyclic-demo_1", "pong-cell");
	fill_channel(&s->channels[1], "pong", PRTOS_CHANNEL_QUEUING,
		     "pong-cell", "cyclic-demo_1");
	fill_channel(&s->channels[2], "stats", PRTOS_CHANNEL_SAMPLING,
		     "cyclic-demo_1", "linux");
	strcpy(s->channels[2].readers[1], "pong-cell");
	s->channels[2].num_readers = 2;
	s->channels[2].refresh_ns = 2000000000ULL;
}

/* Ports above the cell's memory (which ends at 0x400000): 4, 4, 4 pages. */
static void make_chan_cell(struct chan_cell *c)
{
	memset(c, 0, sizeof(*c));
	make_cell(&c->base);
	c->base.cell.num_ports = 3;
	fill_port(&c->ports[0], "ping", PRTOS_PORT_WRITER, 0x40, 0x400000);
	fill_port(&c->ports[1], "pong", PRTOS_PORT_READER, 0x41, 0x404000);
	fill_port(&c->ports[2], "stats", PRTOS_PORT_WRITER,
		  PRTOS_PORT_NO_DOORBELL, 0x500000);
}

static int check_ports_of(const struct chan_system *s, const void *cell)
{
	memset(reason, 'x', sizeof(reason) - 1);
	reason[sizeof(reason) - 1] = '\0';
	return prtos_check_cell_ports(&s->base.sys, cell, reason,
				      sizeof(reason));
}

#define ports_rejected(s, c, needle) \
	assert_rejected(check_ports_of((s), (c)), -EINVAL, needle)
#define ports_accepted(s, c) assert_accepted(check_ports_of((s), (c)))

static void test_channel_sizes(void **state)
{
	struct prtos_channel ch;

	/* header, writer (64 + 16 * 272 bytes: 2 pages), one reader */
	fill_channel(&ch, "q", PRTOS_CHANNEL_QUEUING, "a", "b");
	assert_int_equal(prtos_channel_size(&ch), 4 * PRTOS_CHANNEL_PAGE);
	/* header, writer (64 + 256 bytes), two readers */
	fill_channel(&ch, "s", PRTOS_CHANNEL_SAMPLING, "a", "b");
	ch.num_readers = 2;
	assert_int_equal(prtos_channel_size(&ch), 4 * PRTOS_CHANNEL_PAGE);
}

static void test_valid_channels(void **state)
{
	struct chan_system s;
	struct chan_cell c;

	make_chan_system(&s);
	sys_accepted(&s);
	make_chan_cell(&c);
	cell_accepted(&c);
	ports_accepted(&s, &c);
	/* The root's own ports, checked on their own. */
	ports_accepted(&s, &s.base.sys.root_cell);

	/* The largest of everything that fits. */
	make_chan_system(&s);
	s.channels[2].num_readers = PRTOS_CHANNEL_MAX_READERS;
	strcpy(s.channels[2].readers[2], "c");
	strcpy(s.channels[2].readers[3], "d");
	s.channels[2].max_message_size = PRTOS_CHANNEL_MAX_MESSAGE;
	s.channels[2].refresh_ns = ~0ULL;
	s.channels[0].max_message_size = 1;
	s.channels[0].depth = PRTOS_CHANNEL_MAX_DEPTH;
	/* 1024 slots of 1040 bytes: 261 pages for the writer */
	s.channels[1].max_message_size = 1024;
	s.channels[1].depth = PRTOS_CHANNEL_MAX_DEPTH;
	sys_accepted(&s);

	/* Sampling, never stale. */
	make_chan_system(&s);
	s.channels[2].refresh_ns = 0;
	sys_accepted(&s);

	/* The root's doorbells come on a pin, never on a vector of its own. */
	make_chan_system(&s);
	s.ports[0].vector = 0x40;
	sys_rejected(
		&s, -EINVAL,
		"root port 0 (channel 'stats') has a doorbell vector: set it to 0");
	make_chan_system(&s);
	s.base.sys.platform.root_doorbell_pin = 10;
	sys_accepted(&s);
}

/* Configurations without channels or ports are as valid as before. */
static void test_without_channels(void **state)
{
	struct chan_system s;
	struct test_system plain;
	struct test_cell c;

	make_system(&plain);
	assert_int_equal(plain.sys.num_channels, 0);
	sys_accepted(&plain);
	make_cell(&c);
	assert_int_equal(c.cell.num_ports, 0);
	cell_accepted(&c);

	/* A cell without ports fits any system, with channels or not. */
	make_chan_system(&s);
	ports_accepted(&s, &c.cell);
	assert_accepted(prtos_check_cell_ports(&plain.sys, &c.cell, reason,
					       sizeof(reason)));

	/* Channels nobody has a port of yet. */
	make_chan_system(&s);
	s.base.sys.root_cell.num_ports = 0;
	memmove(s.ports, s.channels, sizeof(s.channels));
	assert_accepted(check_sys(&s, sizeof(s) - sizeof(s.ports)));
}

static void test_channel_counts(void **state)
{
	struct chan_system s;
	struct chan_cell c;

	make_chan_system(&s);
	s.base.sys.num_channels = PRTOS_MAX_CHANNELS + 1;
	sys_rejected(
		&s, -EINVAL,
		"num_channels is 33 but a system has at most 32 channels: remove channels");

	make_chan_cell(&c);
	c.base.cell.num_ports = PRTOS_MAX_PORTS + 1;
	cell_rejected(
		&c, -EINVAL,
		"num_ports is 9 but a cell has at most 8 ports: remove ports");

	make_chan_system(&s);
	s.base.sys.root_cell.num_ports = PRTOS_MAX_PORTS + 1;
	sys_rejected(&s, -EINVAL, "num_ports is 9");

	/* Channels count in the length. */
	make_chan_system(&s);
	s.base.sys.num_channels = 2;
	sys_rejected(&s, -EINVAL, "too long: ");
	sys_rejected(&s, -EINVAL, "1 ports, 2 channels = ");
	make_chan_system(&s);
	assert_rejected(check_sys(&s, sizeof(s) - 1), -EINVAL, "truncated");
}

static void test_channel_names(void **state)
{
	struct chan_system s;

	make_chan_system(&s);
	memset(s.channels[1].name, 0, sizeof(s.channels[1].name));
	sys_rejected(&s, -EINVAL,
		     "the name of channel 1 is empty: give every channel a name");

	make_chan_system(&s);
	memset(s.channels[1].name, 'n', sizeof(s.channels[1].name));
	sys_rejected(
		&s, -EINVAL,
		"the name of channel 1 is not NUL-terminated within 32 bytes: shorten it to at most 31 characters");

	make_chan_system(&s);
	strcpy(s.channels[1].name, "a/b");
	sys_rejected(
		&s, -EINVAL,
		"channel name has character 0x2f at offset 1: use printable ASCII except space and '/'");

	make_chan_system(&s);
	strcpy(s.channels[1].name, "..");
	sys_rejected(&s, -EINVAL, "channel name '..' cannot be used");

	make_chan_system(&s);
	strcpy(s.channels[2].name, "ping");
	strcpy(s.ports[0].channel, "ping");
	sys_rejected(
		&s, -EINVAL,
		"channels 0 and 2 are both named 'ping': give every channel its own name");
}

static void test_channel_kind(void **state)
{
	struct chan_system s;

	make_chan_system(&s);
	s.channels[0].kind = 0;
	sys_rejected(
		&s, -EINVAL,
		"channel 'ping' has unknown kind 0: use 1 = PRTOS_CHANNEL_SAMPLING or 2 = PRTOS_CHANNEL_QUEUING");

	make_chan_system(&s);
	s.channels[0].kind = 3;
	sys_rejected(&s, -EINVAL, "channel 'ping' has unknown kind 3");
}

static void test_channel_writer(void **state)
{
	struct chan_system s;

	make_chan_system(&s);
	memset(s.channels[0].writer, 0, sizeof(s.channels[0].writer));
	sys_rejected(
		&s, -EINVAL,
		"the writer of channel 'ping' is empty: name the cell that writes it");

	make_chan_system(&s);
	memset(s.channels[0].writer, 'w', sizeof(s.channels[0].writer));
	sys_rejected(
		&s, -EINVAL,
		"the writer of channel 'ping' is not NUL-terminated within 32 bytes");
}

static void test_channel_readers(void **state)
{
	struct chan_system s;

	make_chan_system(&s);
	s.channels[2].num_readers = 0;
	sys_rejected(&s, -EINVAL,
		     "sampling channel 'stats' has 0 readers: use 1 to 4");

	make_chan_system(&s);
	s.channels[2].num_readers = 5;
	sys_rejected(&s, -EINVAL,
		     "sampling channel 'stats' has 5 readers: use 1 to 4");

	make_chan_system(&s);
	s.channels[1].num_readers = 2;
	strcpy(s.channels[1].readers[1], "linux");
	sys_rejected(&s, -EINVAL,
		     "queuing channel 'pong' has 2 readers: a queue has exactly 1");

	make_chan_system(&s);
	s.channels[1].num_readers = 0;
	sys_rejected(&s, -EINVAL, "queuing channel 'pong' has 0 readers");

	make_chan_system(&s);
	memset(s.channels[2].readers[1], 0, PRTOS_CELL_NAME_LEN);
	sys_rejected(
		&s, -EINVAL,
		"reader 1 of channel 'stats' is empty: name the cell that reads it");

	make_chan_system(&s);
	memset(s.channels[2].readers[1], 'r', PRTOS_CELL_NAME_LEN);
	sys_rejected(
		&s, -EINVAL,
		"reader 1 of channel 'stats' is not NUL-terminated within 32 bytes");

	make_chan_system(&s);
	strcpy(s.channels[0].readers[0], "cyclic-demo_1");
	sys_rejected(
		&s, -EINVAL,
		"cell 'cyclic-demo_1' is both the writer and a reader of channel 'ping': remove it from the readers");

	make_chan_system(&s);
	strcpy(s.channels[2].readers[1], "linux");
	sys_rejected(
		&s, -EINVAL,
		"cell 'linux' is listed twice among the readers of channel 'stats': list each reader once");

	/* Slots beyond num_readers are not readers. */
	make_chan_system(&s);
	strcpy(s.channels[0].readers[1], "cyclic-demo_1");
	sys_accepted(&s);
}

static void test_channel_geometry(void **state)
{
	struct chan_system s;

	make_chan_system(&s);
	s.channels[0].max_message_size = 0;
	sys_rejected(&s, -EINVAL,
		     "channel 'ping' has max_message_size 0: use 1 to 65536 bytes");

	make_chan_system(&s);
	s.channels[2].max_message_size = PRTOS_CHANNEL_MAX_MESSAGE + 1;
	sys_rejected(&s, -EINVAL, "channel 'stats' has max_message_size 65537");

	make_chan_system(&s);
	s.channels[2].max_message_size = 0xffffffff;
	sys_rejected(&s, -EINVAL,
		     "channel 'stats' has max_message_size 4294967295");

	make_chan_system(&s);
	s.channels[0].depth = 0;
	sys_rejected(&s, -EINVAL,
		     "queuing channel 'ping' has depth 0: use 1 to 1024 messages");

	make_chan_system(&s);
	s.channels[0].depth = PRTOS_CHANNEL_MAX_DEPTH + 1;
	sys_rejected(&s, -EINVAL, "queuing channel 'ping' has depth 1025");

	make_chan_system(&s);
	s.channels[2].depth = 1;
	sys_rejected(
		&s, -EINVAL,
		"sampling channel 'stats' has depth 1: set it to 0 (a sampling channel holds one message)");

	make_chan_system(&s);
	s.channels[1].refresh_ns = 1;
	sys_rejected(
		&s, -EINVAL,
		"queuing channel 'pong' has refresh_ns 1: set it to 0 (only sampling messages go stale)");

	/* 1024 slots of 4112 bytes: 1029 pages for the writer alone */
	make_chan_system(&s);
	s.channels[1].max_message_size = 4096;
	s.channels[1].depth = PRTOS_CHANNEL_MAX_DEPTH;
	sys_rejected(
		&s, -EINVAL,
		"channel 'pong' needs 1031 pages, more than the limit of 512: lower its max_message_size or depth");
}

static void test_port_fields(void **state)
{
	struct chan_cell c;

	make_chan_cell(&c);
	memset(c.ports[1].channel, 0, sizeof(c.ports[1].channel));
	cell_rejected(
		&c, -EINVAL,
		"port 1 channel name is empty: give the name of a channel of the system configuration");

	make_chan_cell(&c);
	memset(c.ports[1].channel, 'c', sizeof(c.ports[1].channel));
	cell_rejected(&c, -EINVAL,
		      "port 1 channel name is not NUL-terminated within 32 bytes");

	make_chan_cell(&c);
	c.ports[2].end = 0;
	cell_rejected(
		&c, -EINVAL,
		"port 2 (channel 'stats') has unknown end 0: use 1 = PRTOS_PORT_WRITER or 2 = PRTOS_PORT_READER");
	c.ports[2].end = 3;
	cell_rejected(&c, -EINVAL, "has unknown end 3");

	make_chan_cell(&c);
	c.ports[0].vector = 31;
	cell_rejected(
		&c, -EINVAL,
		"port 0 (channel 'ping') has doorbell vector 31: use 32 to 255, or 0 = PRTOS_PORT_NO_DOORBELL");
	c.ports[0].vector = 1;
	cell_rejected(&c, -EINVAL, "doorbell vector 1:");
	c.ports[0].vector = 256;
	cell_rejected(&c, -EINVAL, "doorbell vector 256:");
	c.ports[0].vector = 32;
	cell_accepted(&c);
	c.ports[0].vector = 255;
	cell_accepted(&c);

	make_chan_cell(&c);
	c.ports[1].address += 0x800;
	cell_rejected(
		&c, -EINVAL,
		"port 1 (channel 'pong') address 0x404800 is not page aligned: give a multiple of 4096");

	make_chan_cell(&c);
	strcpy(c.ports[2].channel, "ping");
	cell_rejected(
		&c, -EINVAL,
		"ports 0 and 2 both name channel 'ping': give the cell one port per channel");

	/* The root cell's ports get the same checks. */
	{
		struct chan_system s;

		make_chan_system(&s);
		s.ports[0].vector = 16;
		sys_rejected(&s, -EINVAL,
			     "port 0 (channel 'stats') has doorbell vector 16");
	}
}

static void test_port_unknown_channel(void **state)
{
	struct chan_system s;
	struct chan_cell c;

	make_chan_system(&s);
	make_chan_cell(&c);
	strcpy(c.ports[1].channel, "x");
	ports_rejected(
		&s, &c,
		"port 1 names channel 'x', which the system configuration does not declare: declare it there or correct the name");

	/* Names compare exactly. */
	make_chan_cell(&c);
	strcpy(c.ports[1].channel, "Pong");
	ports_rejected(&s, &c, "port 1 names channel 'Pong'");

	/* A system without channels declares none. */
	{
		struct test_system plain;

		make_system(&plain);
		make_chan_cell(&c);
		assert_rejected(prtos_check_cell_ports(&plain.sys, &c.base.cell,
						       reason, sizeof(reason)),
				-EINVAL, "port 0 names channel 'ping'");
	}

	/* The root's ports are checked by the system check. */
	make_chan_system(&s);
	strcpy(s.ports[0].channel, "nope");
	sys_rejected(&s, -EINVAL,
		     "port 0 names channel 'nope', which the system");
}

static void test_port_wrong_end(void **state)
{
	struct chan_system s;
	struct chan_cell c;

	make_chan_system(&s);
	make_chan_cell(&c);
	c.ports[1].end = PRTOS_PORT_WRITER;
	ports_rejected(
		&s, &c,
		"cell 'cyclic-demo_1' is not the writer of channel 'pong' (its writer is 'pong-cell')");

	make_chan_cell(&c);
	c.ports[0].end = PRTOS_PORT_READER;
	ports_rejected(
		&s, &c,
		"cell 'cyclic-demo_1' is not a reader of channel 'ping' (its reader is 'pong-cell')");

	make_chan_cell(&c);
	c.ports[2].end = PRTOS_PORT_READER;
	ports_rejected(
		&s, &c,
		"cell 'cyclic-demo_1' is not a reader of channel 'stats' (its readers are 'linux', 'pong-cell')");

	/* Another cell of the same configuration: the ends are by name. */
	make_chan_cell(&c);
	strcpy(c.base.cell.name, "pong-cell");
	ports_rejected(&s, &c,
		       "cell 'pong-cell' is not the writer of channel 'ping'");

	/* The root cell as the writer of a channel. */
	make_chan_system(&s);
	s.ports[0].end = PRTOS_PORT_WRITER;
	sys_rejected(
		&s, -EINVAL,
		"cell 'linux' is not the writer of channel 'stats' (its writer is 'cyclic-demo_1')");
	strcpy(s.channels[2].writer, "linux");
	strcpy(s.channels[2].readers[0], "cyclic-demo_1");
	sys_accepted(&s);
}

static void test_port_overlaps(void **state)
{
	struct chan_system s;
	struct chan_cell c;

	make_chan_system(&s);

	/* Its RAM: the last page of the shared region. */
	make_chan_cell(&c);
	c.ports[0].address = 0x3ff000;
	ports_rejected(
		&s, &c,
		"port 0 (channel 'ping') at 0x3ff000-0x402fff overlaps memory region 2 (0x200000-0x3fffff): move the port to a free address");

	make_chan_cell(&c);
	c.ports[2].address = 0;
	ports_rejected(
		&s, &c,
		"port 2 (channel 'stats') at 0x0-0x3fff overlaps memory region 0");

	/* The comm region counts like any region. */
	make_chan_cell(&c);
	c.ports[1].address = 0xfe000;
	ports_rejected(
		&s, &c,
		"port 1 (channel 'pong') at 0xfe000-0x101fff overlaps memory region 0");
	c.ports[1].address = 0x100000 - 0x4000 + 0x1000;
	c.base.mem[0].size = 0x100000 - 0x4000;
	ports_rejected(&s, &c, "overlaps memory region 1 (0x100000-0x100fff)");

	/* Another port: the channel's whole size counts. */
	make_chan_cell(&c);
	c.ports[1].address = 0x403000;
	ports_rejected(
		&s, &c,
		"ports 0 and 1 overlap in guest-physical space (0x400000-0x403fff and 0x403000-0x406fff): move one of them");
	make_chan_cell(&c);
	c.ports[0].address = 0x503000;
	ports_rejected(
		&s, &c,
		"ports 0 and 2 overlap in guest-physical space (0x503000-0x506fff and 0x500000-0x503fff)");

	/* Adjacent is fine. */
	make_chan_cell(&c);
	c.ports[2].address = 0x408000;
	ports_accepted(&s, &c);

	/* The root's port against the root's RAM. */
	make_chan_system(&s);
	s.ports[0].address = 0x3bffe000;
	sys_rejected(
		&s, -EINVAL,
		"port 0 (channel 'stats') at 0x3bffe000-0x3c001fff overlaps memory region 1");
}

static void test_port_address_space(void **state)
{
	struct chan_system s;
	struct chan_cell c;

	make_chan_system(&s);
	make_chan_cell(&c);
	c.ports[0].address = 0xffffffffffffe000ULL;
	ports_rejected(
		&s, &c,
		"port 0 (channel 'ping') at 0xffffffffffffe000 + 0x4000 bytes wraps around the end of the address space: give it a lower address");

	make_chan_cell(&c);
	c.ports[2].address = (1ULL << 52) - 0x1000;
	ports_rejected(
		&s, &c,
		"port 2 (channel 'stats') at 0xffffffffff000-0x10000000002fff goes beyond the 52-bit physical address space: give it a lower address");

	/* Ending exactly at the limit is fine. */
	make_chan_cell(&c);
	c.ports[2].address = (1ULL << 52) - 0x4000;
	ports_accepted(&s, &c);
}

/* Every sentence of the cross-check fits, even with the longest names. */
static void test_port_long_names(void **state)
{
	char name[PRTOS_CELL_NAME_LEN];
	struct chan_system s;
	struct chan_cell c;

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	make_chan_system(&s);
	make_chan_cell(&c);
	strcpy(c.base.cell.name, name);
	ports_rejected(&s, &c, "is not the writer of channel 'ping'");
	strcpy(c.ports[0].channel, name);
	ports_rejected(&s, &c, "port 0 names channel 'nnnn");
}

/* ---- the exported helper ---- */

static void test_ranges_overlap(void **state)
{
	const __u64 top = 0xfffffffffffff000ULL;

	assert_false(prtos_ranges_overlap(0, 0x1000, 0x1000, 0x1000));
	assert_false(prtos_ranges_overlap(0x1000, 0x1000, 0, 0x1000));
	assert_true(prtos_ranges_overlap(0, 0x1001, 0x1000, 0x1000));
	assert_true(prtos_ranges_overlap(0x1fff, 1, 0x1000, 0x1000));
	assert_true(prtos_ranges_overlap(0, 0x10000, 0x2000, 0x10));
	assert_true(prtos_ranges_overlap(0x2000, 0x10, 0, 0x10000));
	assert_true(prtos_ranges_overlap(0x5000, 0x1000, 0x5000, 0x1000));
	assert_false(prtos_ranges_overlap(0x5000, 0, 0x5000, 0x1000));
	assert_false(prtos_ranges_overlap(0x5000, 0x1000, 0x5800, 0));
	/* Ranges at the very top of the address space. */
	assert_true(prtos_ranges_overlap(top, 0x1000, top + 0x800, 0x800));
	assert_true(prtos_ranges_overlap(top + 0xfff, 1, top, 0x1000));
	assert_false(prtos_ranges_overlap(0, 0x1000, top, 0x1000));
	assert_false(prtos_ranges_overlap(top, 0x1000, 0, 0x1000));
	assert_true(prtos_ranges_overlap(0, ~0ULL, top, 0x1000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_system),
		cmocka_unit_test(test_valid_cell),
		cmocka_unit_test(test_valid_without_arrays),
		cmocka_unit_test(test_reason_buffer),
		cmocka_unit_test(test_null_blob),
		cmocka_unit_test(test_truncated_system),
		cmocka_unit_test(test_truncated_cell),
		cmocka_unit_test(test_truncated_message),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_bad_signature),
		cmocka_unit_test(test_swapped_kinds),
		cmocka_unit_test(test_revision),
		cmocka_unit_test(test_revision_1),
		cmocka_unit_test(test_health),
		cmocka_unit_test(test_root_cell_header),
		cmocka_unit_test(test_system_flags),
		cmocka_unit_test(test_huge_counts),
		cmocka_unit_test(test_max_count_accepted),
		cmocka_unit_test(test_cell_flags),
		cmocka_unit_test(test_too_large_rejected),
		cmocka_unit_test(test_name_empty),
		cmocka_unit_test(test_name_unterminated),
		cmocka_unit_test(test_name_characters),
		cmocka_unit_test(test_cpus_empty),
		cmocka_unit_test(test_console_port),
		cmocka_unit_test(test_mem_size_zero),
		cmocka_unit_test(test_mem_alignment),
		cmocka_unit_test(test_mem_wrap),
		cmocka_unit_test(test_mem_beyond_phys_space),
		cmocka_unit_test(test_mem_flags),
		cmocka_unit_test(test_mem_virt_overlap),
		cmocka_unit_test(test_mem_phys_overlap),
		cmocka_unit_test(test_mem_comm_region),
		cmocka_unit_test(test_pio),
		cmocka_unit_test(test_irqchip),
		cmocka_unit_test(test_pci),
		cmocka_unit_test(test_hv_memory),
		cmocka_unit_test(test_debug_console),
		cmocka_unit_test(test_platform),
		cmocka_unit_test(test_root_overlaps_hypervisor),
		cmocka_unit_test(test_reset_vector),
		cmocka_unit_test(test_channel_sizes),
		cmocka_unit_test(test_valid_channels),
		cmocka_unit_test(test_without_channels),
		cmocka_unit_test(test_channel_counts),
		cmocka_unit_test(test_channel_names),
		cmocka_unit_test(test_channel_kind),
		cmocka_unit_test(test_channel_writer),
		cmocka_unit_test(test_channel_readers),
		cmocka_unit_test(test_channel_geometry),
		cmocka_unit_test(test_port_fields),
		cmocka_unit_test(test_port_unknown_channel),
		cmocka_unit_test(test_port_wrong_end),
		cmocka_unit_test(test_port_overlaps),
		cmocka_unit_test(test_port_address_space),
		cmocka_unit_test(test_port_long_names),
		cmocka_unit_test(test_ranges_overlap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
