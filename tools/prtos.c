// SPDX-License-Identifier: GPL-2.0
/*
 * prtos - the command that manages the PRTOS hypervisor from the root cell:
 * its command table, the dispatcher, 'prtos help' and --version.
 *
 * The commands live in prtos-driver.c (enable, disable, console),
 * prtos-config.c (config check), prtos-hardware.c (hardware check, which
 * reads the machine through machine.c), prtos-cell.c (cell create, load,
 * start, shutdown, destroy), prtos-cell-show.c (cell list, stats) and
 * prtos-top.c (top); the helpers they share in cli.c, device.c, files.c,
 * config-file.c and cells.c.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <prtos/cell.h>
#include <prtos/ioctl.h>
#include <prtos/version.h>

#include "device.h"
#include "prtos.h"

static int cmd_help(const struct command *cmd, int argc, char **argv);

static const struct command config_commands[] = {
	{
		.name = "check",
		.run = cmd_config_check,
		.path = "config check",
		.args = "FILE...",
		.summary = "validate configuration files (no driver needed)",
		.help = "Check system and cell configurations offline, with the same validator the\n"
			"driver and the hypervisor use. The kind of each file is recognised by its\n"
			"signature. When system configurations are among the files, the ports of\n"
			"every cell configuration are also checked against their channels, as at\n"
			"'prtos cell create'. Prints one line per file and exits with 1 if any is\n"
			"invalid.\n"
			"\n"
			"Options:\n"
			"  -h, --help     show this help\n"
			"\n"
			"Examples:\n"
			"  prtos config check configs/x86/qemu-system.cell\n"
			"  prtos config check configs/x86/*.cell\n",
	},
	{
		.name = "create",
		.run = cmd_config_create,
		.path = "config create",
		.args = "[options] [OUTPUT.c]",
		.summary = "write the system configuration of this machine",
		.help = "Describe the machine this runs on, as Linux sees it before PRTOS is enabled\n"
			"(run as root), in a system configuration: commented C source to OUTPUT.c\n"
			"(to standard output without OUTPUT.c and --binary) and, with --binary,\n"
			"the compiled form that 'prtos enable' takes, for machines without a\n"
			"compiler. Both are the same bytes; nothing is written unless the result\n"
			"passes 'prtos config check'.\n"
			"\n"
			"Where the facts come from:\n"
			"  CPUs, APIC, IOAPICs  the ACPI MADT, /sys/firmware/acpi/tables/APIC\n"
			"  PCI ECAM window      the ACPI MCFG, /sys/firmware/acpi/tables/MCFG\n"
			"  memory               /proc/iomem\n"
			"  I/O ports, UARTs     /proc/ioports, console= on /proc/cmdline\n"
			"  PCI devices          /sys/bus/pci/devices\n"
			"  memory for PRTOS     memmap=SIZE$ADDR on /proc/cmdline, or --reserved\n"
			"PRTOS_PROC and PRTOS_SYS name other trees to read instead of /proc, /sys.\n"
			"\n"
			"How the memory reserved for PRTOS is split: the hypervisor takes its\n"
			"first 6 MiB (--hv-size); the rest is memory for cells. The root cell\n"
			"keeps that rest mapped, to load cells, and each cell configuration takes\n"
			"its RAM from it, page aligned and apart from the other cells'. With\n"
			"memmap=96M$0x3a000000 (the QEMU machine of scripts/vm) the hypervisor has\n"
			"0x3a000000-0x3a5fffff and cells 0x3a600000-0x3fffffff, where the demo\n"
			"cells of configs/x86/ have their RAM (tiny-demo: 0x3a600000, 2 MiB).\n"
			"\n"
			"The root cell gets every CPU, all memory Linux knows of but the\n"
			"hypervisor's, every IOAPIC pin and PCI device, and every I/O port but\n"
			"the hypervisor's UART and the other serial ports, which are kept for\n"
			"cells (Linux keeps its console= port). There are no channels: add them\n"
			"to the C source.\n"
			"\n"
			"Options:\n"
			"  -b, --binary FILE        also write the compiled configuration to FILE\n"
			"  -c, --console PORT|none  the hypervisor's UART, an I/O port (default:\n"
			"                           the first serial port of /proc/ioports in the\n"
			"                           order COM1 0x3f8, COM2 0x2f8, COM3 0x3e8, COM4\n"
			"                           0x2e8, others, that is not Linux's console)\n"
			"      --reserved ADDR:SIZE the memory reserved for PRTOS, when the kernel\n"
			"                           command line has no memmap=SIZE$ADDR or\n"
			"                           several (SIZE and ADDR take K, M, G)\n"
			"      --hv-size SIZE       how much of it the hypervisor takes (default 6M)\n"
			"  -h, --help               show this help\n"
			"\n"
			"Examples:\n"
			"  prtos config create --binary /etc/prtos/system.cell system.c\n"
			"  prtos config create > system.c     (then, in the PRTOS tree:\n"
			"                                      make system.cell)\n"
			"  prtos config create --reserved 0x3a000000:96M --console 0x2f8 sys.c\n",
	},
	{}
};

static const struct command hardware_commands[] = {
	{
		.name = "check",
		.run = cmd_hardware_check,
		.path = "hardware check",
		.args = "[SYSTEM.cell]",
		.summary =
			"tell whether this machine can run PRTOS (no driver needed)",
		.help = "Check, without the driver and without changing anything, whether this\n"
			"machine can run PRTOS. Each check prints one line: what was checked, a\n"
			"verdict and what was found; a line starting with '->' below it says what\n"
			"to do. Verdicts in capitals (MISSING, DISABLED, CONFLICT, UNSUPPORTED,\n"
			"INVALID, UNKNOWN) are reasons PRTOS cannot run, summed up on the last\n"
			"line. Besides 'ok': 'absent' is an optional feature the CPU lacks (the\n"
			"line says what is lost), 'note' something to do before 'prtos enable',\n"
			"'warning' something that may get in the way, 'unknown' a fact that\n"
			"could not be read (the advice says how to read it).\n"
			"\n"
			"The checks: the CPU; AMD SVM and nested paging (required), NRIP save,\n"
			"decode assists, flush by ASID, AVIC and x2APIC (optional); whether the\n"
			"firmware disabled SVM (VM_CR.SVMDIS, read through /dev/cpu/N/msr: load\n"
			"the msr driver first with 'modprobe msr') and whether another hypervisor\n"
			"uses it (EFER.SVME, kvm_amd); the IOMMU (ACPI IVRS or DMAR tables,\n"
			"/sys/class/iommu); the memory reserved for PRTOS with memmap=SIZE$ADDR\n"
			"on the kernel command line, which /proc/iomem must show as Reserved and\n"
			"not as System RAM; the hypervisor image in /lib/firmware; the online\n"
			"CPUs; the kernel; whether the prtos driver is loaded and PRTOS enabled.\n"
			"On an Intel CPU the VMX facts are shown (vmx, ept, unrestricted_guest,\n"
			"x2apic), with the verdict that this version has no VMX backend yet.\n"
			"\n"
			"With SYSTEM.cell, a system configuration, it is validated too, and its\n"
			"hypervisor memory must be reserved and large enough for the image, and\n"
			"its root cell must hold every online CPU, as 'prtos enable' requires.\n"
			"\n"
			"Run it as root: Linux shows the addresses of /proc/iomem and the MSRs to\n"
			"root only. The facts come from /proc/cpuinfo's flags, not from CPUID.\n"
			"Exit status: 0 PRTOS can run here, 1 it cannot, 2 wrong command line.\n"
			"\n"
			"Options:\n"
			"  -h, --help     show this help\n"
			"\n"
			"Environment (to check a copy of a machine's files, as the tests do):\n"
			"  PRTOS_PROC          instead of /proc (cpuinfo, cmdline, iomem,\n"
			"                      sys/kernel/osrelease)\n"
			"  PRTOS_SYS           instead of /sys (module/, class/iommu/,\n"
			"                      firmware/acpi/tables/, firmware/memmap/)\n"
			"  PRTOS_MSR_DIR       instead of /dev/cpu (N/msr)\n"
			"  PRTOS_FIRMWARE_DIR  instead of /lib/firmware (prtos.bin)\n"
			"  PRTOS_SYSFS         instead of " PRTOS_SYSFS
			" (enabled)\n"
			"\n"
			"Examples:\n"
			"  prtos hardware check\n"
			"  modprobe msr; prtos hardware check /etc/prtos/qemu-system.cell\n"
			"  prtos hardware check || echo 'see the reasons on the last line'\n",
	},
	{}
};

#define STRINGIFY(x) #x
#define TO_STRING(x) STRINGIFY(x)

#define CELL_ARG_HELP                                                                \
	"\n"                                                                         \
	"NAME|ID names the cell: a number is a cell id, anything else a cell name\n" \
	"('prtos cell list' shows both). Cell 0 is the root cell (Linux itself).\n"

static const struct command cell_commands[] = {
	{
		.name = "create",
		.run = cmd_cell_create,
		.path = "cell create",
		.args = "FILE",
		.summary = "create a cell from a cell configuration",
		.help = "Validate the cell configuration FILE (as 'prtos config check' does), then\n"
			"create the cell: its CPUs leave Linux and its memory is taken from the\n"
			"root cell. The new cell is stopped; load an image and start it. Needs\n"
			"root and PRTOS enabled.\n"
			"\n"
			"Options:\n"
			"  -h, --help     show this help\n"
			"\n"
			"Example:\n"
			"  prtos cell create /etc/prtos/tiny.cell\n",
	},
	{
		.name = "load",
		.run = cmd_cell_load,
		.path = "cell load",
		.args = "NAME|ID {IMAGE | -s STRING} [-a ADDRESS]...",
		.summary =
			"load images and parameter strings into a stopped cell",
		.help = "Copy each IMAGE file, or each parameter STRING with its terminating NUL,\n"
			"into the cell's loadable memory, in the order given. The cell must not be\n"
			"running (shut it down first); the first load makes it loadable.\n" CELL_ARG_HELP
			"\n"
			"Options:\n"
			"  -s, --string=STRING    load STRING instead of a file (at most\n"
			"                         " TO_STRING(
				PRTOS_INMATE_CMDLINE_SIZE) " bytes with its NUL)\n"
							   "  -a, --address=ADDRESS  guest-physical address for the IMAGE or STRING just\n"
							   "                         before it, hex (0x...) or decimal; default\n"
							   "                         " TO_STRING(PRTOS_INMATE_IMAGE_GPA) " for an image, " TO_STRING(
								   PRTOS_INMATE_CMDLINE_GPA) " for a string\n"
											     "  -h, --help             show this help\n"
											     "\n"
											     "Examples:\n"
											     "  prtos cell load tiny demo.bin\n"
											     "  prtos cell load tiny linux-loader.bin -s \"kernel=0x200000\" \\\n"
											     "                       bzImage -a 0x200000\n",
	},
	{
		.name = "start",
		.run = cmd_cell_start,
		.path = "cell start",
		.args = "NAME|ID",
		.summary = "start (or restart) a cell from its reset state",
		.help = "Reset the cell's CPUs and run the cell; its boot CPU starts in real mode\n"
			"at 0xffff0, inside an image loaded at the default address " TO_STRING(
				PRTOS_INMATE_IMAGE_GPA) ".\n" CELL_ARG_HELP "\n"
							"Options:\n"
							"  -h, --help     show this help\n"
							"\n"
							"Example:\n"
							"  prtos cell start tiny\n",
	},
	{
		.name = "shutdown",
		.run = cmd_cell_shutdown,
		.path = "cell shutdown",
		.args = "NAME|ID [-t|--timeout SECONDS]",
		.summary = "ask a running cell to stop",
		.help = "Ask the cell to stop through its communication region and wait for its\n"
			"final answer. The cell may accept, refuse (it never stops by request:\n"
			"the command fails, the cell runs on), or answer 'later' (it is in a\n"
			"critical phase) and accept at its next safe point, for instance at the\n"
			"end of a frame. A busy host only makes the answer come later. If no\n"
			"acceptance comes in time the request is withdrawn and the cell runs on.\n"
			"A stopped cell keeps its CPUs and memory; start it again or destroy it.\n" CELL_ARG_HELP
			"\n"
			"Options:\n"
			"  -t, --timeout SECONDS  wait this long for the final answer (default 5,\n"
			"                         at most 600)\n"
			"  -h, --help             show this help\n"
			"\n"
			"Examples:\n"
			"  prtos cell shutdown tiny\n"
			"  prtos cell shutdown --timeout 30 cyclic-demo\n",
	},
	{
		.name = "destroy",
		.run = cmd_cell_destroy,
		.path = "cell destroy",
		.args = "NAME|ID",
		.summary =
			"stop a cell without asking, give its resources back",
		.help = "Stop the cell at once, whatever its state, and give its CPUs and memory\n"
			"back to the root cell (Linux brings the CPUs online again).\n" CELL_ARG_HELP
			"\n"
			"Options:\n"
			"  -h, --help     show this help\n"
			"\n"
			"Example:\n"
			"  prtos cell destroy tiny\n",
	},
	{
		.name = "list",
		.run = cmd_cell_list,
		.path = "cell list",
		.args = "[-j|--json]",
		.summary = "list the cells, their state and CPUs",
		.help = "Print a table of the cells, the root cell (id 0) included: id, name,\n"
			"state (created, loadable, running, shut down, failed), assigned CPUs and\n"
			"CPUs that failed. Read from " PRTOS_SYSFS "/cells.\n"
			"\n"
			"Options:\n"
			"  -j, --json     print one JSON document instead (schema in\n"
			"                 Documentation/prtos-command.md)\n"
			"  -h, --help     show this help\n"
			"\n"
			"Examples:\n"
			"  prtos cell list\n"
			"  prtos cell list --json\n",
	},
	{
		.name = "describe",
		.run = cmd_cell_describe,
		.path = "cell describe",
		.args = "NAME|ID",
		.summary =
			"show the device tree a cell was given at its last load",
		.help = "Print, in device tree source syntax, the description 'prtos cell load'\n"
			"wrote into the cell's memory at 0x2000 (a flattened device tree): the\n"
			"cell's name, CPUs, memory regions, console port, TSC frequency, the\n"
			"parameter string and its ports (channel, kind, role, address, size,\n"
			"doorbell vector). Inmates open their ports by channel name from it.\n"
			"Read from " PRTOS_SYSFS
			"/cells/ID/description.\n" CELL_ARG_HELP "\n"
			"Options:\n"
			"  -h, --help     show this help\n"
			"\n"
			"Example:\n"
			"  prtos cell describe ipc-ping\n",
	},
	{
		.name = "stats",
		.run = cmd_cell_stats,
		.path = "cell stats",
		.args = "NAME|ID [-w|--watch[=SECONDS]] [-j|--json]",
		.summary = "show a cell's VM exit counters per CPU",
		.help = "Print the cell's VM exit counters since it was created: one row per kind\n"
			"of exit, one column per CPU of the cell and a total. Read from\n" PRTOS_SYSFS
			"/cells/ID/statistics.\n" CELL_ARG_HELP "\n"
			"Options:\n"
			"  -w, --watch[=SECONDS]  print exits per second, measured over SECONDS\n"
			"                         (default 1; write -w5 or --watch=5)\n"
			"  -j, --json             print one JSON document, on one line, instead:\n"
			"                         the counters of one snapshot, with --watch\n"
			"                         also their rates\n"
			"  -h, --help             show this help\n"
			"\n"
			"Examples:\n"
			"  prtos cell stats tiny\n"
			"  prtos cell stats 1 --watch=5\n"
			"  prtos cell stats tiny --json\n",
	},
	{}
};

static const struct command channel_commands[] = {
	{
		.name = "list",
		.run = cmd_channel_list,
		.path = "channel list",
		.args = "[-j|--json]",
		.summary = "list the channels and the state of each end",
		.help = "Print every channel of the system configuration, one row per end: its\n"
			"kind and size, the cell at that end and whether it exists (attached or\n"
			"absent), the messages the writer wrote or sent (and its overflows: sends\n"
			"refused because the queue was full) or a reader received (and those it\n"
			"learned were lost), the doorbells the end rang and those delivered to\n"
			"it. Counters kept in an end's own section are what that end wrote\n"
			"there. Read from " PRTOS_SYSFS "/channels.\n"
			"\n"
			"Options:\n"
			"  -j, --json     print one JSON document instead, every counter of\n"
			"                 every end included\n"
			"  -h, --help     show this help\n"
			"\n"
			"Examples:\n"
			"  prtos channel list\n"
			"  prtos channel list --json\n",
	},
	{
		.name = "read",
		.run = cmd_channel_read,
		.path = "channel read",
		.args = "NAME [-f|--follow]",
		.summary = "read a channel the root cell reads",
		.help = "Print the current message of a sampling channel with its age and\n"
			"whether it is still valid (not older than the channel's refresh\n"
			"period), or take every queued message of a queuing channel (and say how\n"
			"many were lost before one). Text is printed as is, anything else as hex\n"
			"bytes. The root cell must be a reader of NAME (a port in the system\n"
			"configuration): it reads /dev/prtos-channel/NAME.\n"
			"\n"
			"Options:\n"
			"  -f, --follow   keep printing new messages until interrupted (Ctrl-C)\n"
			"  -h, --help     show this help\n"
			"\n"
			"Examples:\n"
			"  prtos channel read cyclic-stats\n"
			"  prtos channel read --follow cyclic-stats\n",
	},
	{
		.name = "write",
		.run = cmd_channel_write,
		.path = "channel write",
		.args = "NAME DATA",
		.summary = "write a message to a channel the root cell writes",
		.help = "Write DATA (the argument's bytes, no NUL) as the current message of a\n"
			"sampling channel, or send it on a queuing channel and ring the\n"
			"reader's doorbell. Fails when DATA is longer than the channel's\n"
			"largest message or the queue is full. The root cell must be the\n"
			"writer of NAME: it writes /dev/prtos-channel/NAME.\n"
			"\n"
			"Options:\n"
			"  -h, --help     show this help\n"
			"\n"
			"Example:\n"
			"  prtos channel write commands 'set speed 3'\n",
	},
	{}
};

static const struct command hm_commands[] = {
	{
		.name = "log",
		.run = cmd_hm_log,
		.path = "hm log",
		.args = "[-j|--json]",
		.summary = "print the health monitor's log of faults",
		.help = "Print the faults the hypervisor has seen since 'prtos enable', oldest\n"
			"first: when (seconds since enable), which cell and CPU, the kind of\n"
			"fault, what was done (stop, restart with the count in the current\n"
			"window, or contained for the root cell), the address touched and the\n"
			"RIP. The log keeps the last 48 events; the root cell's violations enter\n"
			"it as far as the console prints them. A cell's counts per kind are in\n"
			"'prtos cell stats'. Read from " PRTOS_SYSFS
			"/hm_log.\n"
			"\n"
			"Options:\n"
			"  -j, --json     print one JSON document instead\n"
			"  -h, --help     show this help\n"
			"\n"
			"Examples:\n"
			"  prtos hm log\n"
			"  prtos hm log --json\n",
	},
	{}
};

static const struct command commands[] = {
	{
		.name = "enable",
		.run = cmd_enable,
		.path = "enable",
		.args = "FILE",
		.summary = "start the hypervisor with a system configuration",
		.help = "Validate the system configuration FILE, then load the hypervisor\n"
			"(/lib/firmware/" PRTOS_FIRMWARE
			") and enter it on every CPU. Linux goes\n"
			"on running as the root cell. Needs root and the prtos driver.\n"
			"\n"
			"Options:\n"
			"  -h, --help     show this help\n"
			"\n"
			"Example:\n"
			"  prtos enable /etc/prtos/qemu-system.cell\n",
	},
	{
		.name = "disable",
		.run = cmd_disable,
		.path = "disable",
		.args = "",
		.summary =
			"stop the hypervisor, give the machine back to Linux",
		.help = "Leave the hypervisor on every CPU; Linux runs natively again, exactly as\n"
			"before 'prtos enable'. Needs root and the prtos driver.\n"
			"\n"
			"Options:\n"
			"  -h, --help     show this help\n"
			"\n"
			"Example:\n"
			"  prtos disable\n",
	},
	{
		.name = "console",
		.run = cmd_console,
		.path = "console",
		.args = "[-f|--follow] [-j|--json]",
		.summary = "print the hypervisor's console messages",
		.help = "Print the hypervisor's console ring from its oldest kept byte. Bytes\n"
			"that were overwritten before they could be read are reported as\n"
			"\"[... N bytes lost ...]\".\n"
			"\n"
			"Options:\n"
			"  -f, --follow   keep printing new messages until interrupted (Ctrl-C)\n"
			"  -j, --json     print one JSON document with the lines instead; with\n"
			"                 --follow one JSON document per line (JSON Lines)\n"
			"  -h, --help     show this help\n"
			"\n"
			"Examples:\n"
			"  prtos console\n"
			"  prtos console --follow\n"
			"  prtos console --json\n",
	},
	{
		.name = "config",
		.sub = config_commands,
		.path = "config",
		.args = "SUBCOMMAND",
		.summary = "work with configuration files",
		.help = "Options:\n"
			"  -h, --help     show this help\n"
			"\n"
			"Example:\n"
			"  prtos config check configs/x86/qemu-system.cell\n",
	},
	{
		.name = "hardware",
		.sub = hardware_commands,
		.path = "hardware",
		.args = "SUBCOMMAND",
		.summary = "check whether this machine can run PRTOS",
		.help = "Options:\n"
			"  -h, --help     show this help\n"
			"\n"
			"Example:\n"
			"  prtos hardware check\n",
	},
	{
		.name = "cell",
		.sub = cell_commands,
		.path = "cell",
		.args = "SUBCOMMAND",
		.summary = "create, load, run and inspect cells",
		.help = "Options:\n"
			"  -h, --help     show this help\n"
			"\n"
			"Example (PRTOS enabled, as root):\n"
			"  prtos cell create /etc/prtos/tiny.cell\n"
			"  prtos cell load tiny demo.bin\n"
			"  prtos cell start tiny\n"
			"  prtos cell list\n"
			"  prtos cell stats tiny\n"
			"  prtos cell destroy tiny\n",
	},
	{
		.name = "channel",
		.sub = channel_commands,
		.path = "channel",
		.args = "SUBCOMMAND",
		.summary = "inspect the channels between cells",
		.help = "Options:\n"
			"  -h, --help     show this help\n"
			"\n"
			"Example (PRTOS enabled):\n"
			"  prtos channel list\n",
	},
	{
		.name = "hm",
		.sub = hm_commands,
		.path = "hm",
		.args = "SUBCOMMAND",
		.summary = "read the health monitor: faults and what was done",
		.help = "A cell's configuration chooses what its faults do (health.action: stop,\n"
			"or restart up to health.max_restarts times within health.window_ms).\n"
			"\n"
			"Options:\n"
			"  -h, --help     show this help\n"
			"\n"
			"Example (PRTOS enabled):\n"
			"  prtos hm log\n",
	},
	{
		.name = "top",
		.run = cmd_top,
		.path = "top",
		.args = "[-d|--delay SECONDS] [-n|--iterations COUNT] [-b|--batch]",
		.summary = "watch every cell and channel, refreshed in place",
		.help = "Show every cell (state, CPUs, VM exits per second and the three most\n"
			"frequent reasons), the root cell's violations and the hypervisor's page\n"
			"pool, and every channel end (messages and doorbells per second, losses),\n"
			"each frame measured over the delay. In a terminal the screen is redrawn\n"
			"in place; press q (or Ctrl-C) to quit. When the output is not a terminal,\n"
			"or with --batch, frames are printed one after another. Read from\n" PRTOS_SYSFS
			".\n"
			"\n"
			"Options:\n"
			"  -d, --delay SECONDS      time between frames (default 1, 0.1 to 3600)\n"
			"  -n, --iterations COUNT   stop after COUNT frames\n"
			"  -b, --batch              no screen control: frames one after another\n"
			"  -h, --help               show this help\n"
			"\n"
			"Examples:\n"
			"  prtos top\n"
			"  prtos top -b -n 5 -d 2 > frames.txt\n",
	},
	{
		.name = "help",
		.run = cmd_help,
		.path = "help",
		.args = "[COMMAND...]",
		.summary = "show help for prtos or for one command",
		.help = "Options:\n"
			"  -h, --help     show this help\n"
			"\n"
			"Examples:\n"
			"  prtos help\n"
			"  prtos help config check\n",
	},
	{}
};

static const struct command root = {
	.name = "prtos",
	.sub = commands,
	.path = "",
	.args = "[-h|--help] [-V|--version] COMMAND [ARGS]",
	.summary = "manage the PRTOS partitioning hypervisor",
	.help = "Options:\n"
		"  -h, --help     show this help\n"
		"  -V, --version  show the version of this tool and the driver's state\n"
		"\n"
		"Example (in the root cell, as root):\n"
		"  prtos hardware check\n"
		"  modprobe prtos\n"
		"  prtos config check /etc/prtos/qemu-system.cell\n"
		"  prtos enable /etc/prtos/qemu-system.cell\n"
		"  prtos cell create /etc/prtos/tiny.cell\n"
		"  prtos cell load tiny demo.bin\n"
		"  prtos cell start tiny\n"
		"  prtos console\n"
		"  prtos cell destroy tiny\n"
		"  prtos disable\n"
		"\n"
		"Run 'prtos COMMAND --help' for a command's options and examples.\n",
};

static const struct command *find_command(const struct command *table,
					  const char *name)
{
	for (; table->name; table++)
		if (!strcmp(table->name, name))
			return table;
	return NULL;
}

static int run_group(const struct command *group, int argc, char **argv);

/* Runs @cmd with argv[0] = its name; getopt starts afresh for each. */
static int dispatch(const struct command *cmd, int argc, char **argv)
{
	optind = 0;
	return cmd->run ? cmd->run(cmd, argc, argv)
			: run_group(cmd, argc, argv);
}

static int run_group(const struct command *group, int argc, char **argv)
{
	static const struct option opts[] = { HELP_OPTION, {} };
	const struct command *cmd;
	int status;

	while (parse_next(group, argc, argv, "+:h", opts, &status) != -1)
		;
	if (status >= 0)
		return status;
	if (optind >= argc)
		return usage_error(group, "missing subcommand");
	cmd = find_command(group->sub, argv[optind]);
	if (!cmd)
		return usage_error(group, "unknown subcommand '%s'",
				   argv[optind]);
	return dispatch(cmd, argc - optind, argv + optind);
}

static int cmd_help(const struct command *cmd, int argc, char **argv)
{
	const struct command *target = &root, *next;
	int status, i;

	status = parse_help_only(cmd, argc, argv);
	if (status >= 0)
		return status;
	for (i = optind; i < argc; i++) {
		next = target->sub ? find_command(target->sub, argv[i]) : NULL;
		if (!next)
			return usage_error(cmd, "no such command '%s'",
					   argv[i]);
		target = next;
	}
	print_help(target);
	return EXIT_OK;
}

static void print_version(void)
{
	char enabled[32], version[128];

	printf("prtos %s (ABI %d)\n", PRTOS_VERSION, PRTOS_ABI_VERSION);
	if (access(sysfs_dir(), F_OK)) {
		printf("driver: not loaded\n");
		return;
	}
	if (read_sysfs("enabled", enabled, sizeof(enabled)))
		printf("driver: loaded\n");
	else
		printf("driver: loaded, PRTOS %s\n",
		       strcmp(enabled, "0") ? "enabled" : "not enabled");
	if (!read_sysfs("version", version, sizeof(version)) && *version)
		printf("hypervisor: %s\n", version);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		HELP_OPTION, { "version", no_argument, NULL, 'V' }, {}
	};
	const struct command *cmd;
	int c, status;

	while ((c = parse_next(&root, argc, argv, "+:hV", opts, &status)) !=
	       -1) {
		if (c == 'V') {
			print_version();
			return EXIT_OK;
		}
	}
	if (status >= 0)
		return status;
	if (optind >= argc)
		return usage_error(&root, "missing command");
	cmd = find_command(commands, argv[optind]);
	if (!cmd)
		return usage_error(&root, "unknown command '%s'", argv[optind]);
	return dispatch(cmd, argc - optind, argv + optind);
}
