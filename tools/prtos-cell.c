// SPDX-License-Identifier: GPL-2.0
/*
 * The 'prtos cell' commands that act on cells through /dev/prtos: create,
 * load (reading the images first), start, shut down and destroy.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <prtos/cell.h>
#include <prtos/config.h>
#include <prtos/ioctl.h>

#include "cells.h"
#include "config-file.h"
#include "device.h"
#include "files.h"
#include "prtos.h"

/* A cell is named on the command line exactly as in its configuration. */
_Static_assert(sizeof(((struct prtos_cell_id *)0)->name) == PRTOS_CELL_NAME_LEN,
	       "cell name length differs in ioctl.h");

/* Larger than any cell's memory; stops us reading a disk by mistake. */
#define IMAGE_MAX_SIZE (1u << 30)

static void to_cell_id(const struct cell_ref *ref, struct prtos_cell_id *id)
{
	memset(id, 0, sizeof(*id));
	if (ref->by_id)
		id->id = ref->id;
	else
		memcpy(id->name, ref->name, sizeof(id->name));
}

/* "2-3", "0,2,5-7": the CPUs of a configuration, as Linux lists them. */
static void format_cpus(const struct prtos_cell_desc *desc, char *buf,
			size_t len)
{
	unsigned int cpu, last;
	size_t pos = 0;

	buf[0] = '\0';
	for (cpu = 0; cpu < PRTOS_MAX_CPUS; cpu++) {
		if (!prtos_cell_has_cpu(desc, cpu))
			continue;
		for (last = cpu; prtos_cell_has_cpu(desc, last + 1); last++)
			;
		if (pos < len)
			pos += snprintf(buf + pos, len - pos, "%s%u",
					pos ? "," : "", cpu);
		if (last > cpu && pos < len)
			pos += snprintf(buf + pos, len - pos, "-%u", last);
		cpu = last;
	}
}

/**
 * cmd_cell_create() - 'prtos cell create FILE'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_cell_create(const struct command *cmd, int argc, char **argv)
{
	struct prtos_cell_create args = {};
	const struct prtos_cell_desc *desc;
	char cpus[PRTOS_MAX_CPUS * 4], what[80];
	double seconds;
	const char *path;
	int fd, err, status;
	size_t size;
	void *blob;

	status = parse_one_arg(cmd, argc, argv,
			       "missing FILE (the cell configuration)");
	if (status >= 0)
		return status;
	path = argv[optind];

	fd = open_with_config(path, CONFIG_CELL, &blob, &size);
	if (fd < 0)
		return EXIT_FAIL;
	desc = blob;
	format_cpus(desc, cpus, sizeof(cpus));
	args.config = (unsigned long)blob;
	args.config_size = size;
	err = timed_request(fd, PRTOS_CELL_CREATE, &args, &seconds);
	if (!err) {
		printf("Cell \"%s\" created (id %u, CPU%s %s) (took %.3f s)\n",
		       desc->name, args.id, strpbrk(cpus, ",-") ? "s" : "",
		       cpus, seconds);
	} else {
		snprintf(what, sizeof(what), "create cell \"%s\"", desc->name);
		report_refusal(what, err, args.reason, sizeof(args.reason));
	}
	close(fd);
	free(blob);
	return err ? EXIT_FAIL : EXIT_OK;
}

/**
 * struct cell_op - a command that is one request about one cell
 * @request: the ioctl
 * @verb: what it does, for error messages ("start")
 * @done: what happened, for the success line ("started")
 */
struct cell_op {
	unsigned long request;
	const char *verb;
	const char *done;
};

/*
 * The command line of a cell operation: -h, and for shutdown -t SECONDS
 * (how long to wait for the cell's final answer).
 */
static int parse_cell_op(const struct command *cmd, int argc, char **argv,
			 const struct cell_op *op, __u32 *timeout_ms)
{
	static const struct option opts[] = {
		HELP_OPTION,
		{ "timeout", required_argument, NULL, 't' },
		{},
	};
	double seconds;
	int c, status;
	char *end;

	*timeout_ms = 0;
	if (op->request != PRTOS_CELL_SHUTDOWN)
		return parse_help_only(cmd, argc, argv);
	while ((c = parse_next(cmd, argc, argv, ":ht:", opts, &status)) != -1) {
		seconds = strtod(optarg, &end);
		if (!isdigit((unsigned char)*optarg) || *end ||
		    !isfinite(seconds) || seconds < 0.001 ||
		    seconds > PRTOS_SHUTDOWN_MAX_TIMEOUT_MS / 1000)
			return usage_error(
				cmd,
				"invalid timeout '%s': give a number of seconds from 0.001 to %d",
				optarg, PRTOS_SHUTDOWN_MAX_TIMEOUT_MS / 1000);
		*timeout_ms = (__u32)(seconds * 1000 + 0.5);
	}
	return status;
}

static int run_cell_op(const struct command *cmd, int argc, char **argv,
		       const struct cell_op *op)
{
	struct prtos_cell_cmd args = {};
	struct cell_ref ref;
	double seconds;
	int fd, err, status;
	char what[96];

	status = parse_cell_op(cmd, argc, argv, op, &args.timeout_ms);
	if (status >= 0)
		return status;
	status = parse_target(cmd, argc, argv, &ref);
	if (status >= 0)
		return status;
	status = refuse_root_cell(cmd, &ref);
	if (status >= 0)
		return status;

	fd = open_device();
	if (fd < 0)
		return EXIT_FAIL;
	to_cell_id(&ref, &args.cell);
	err = timed_request(fd, op->request, &args, &seconds);
	if (!err) {
		printf("Cell %s %s (took %.3f s)\n", ref.label, op->done,
		       seconds);
	} else {
		snprintf(what, sizeof(what), "%s cell %s", op->verb, ref.label);
		report_refusal(what, err, args.reason, sizeof(args.reason));
	}
	close(fd);
	return err ? EXIT_FAIL : EXIT_OK;
}

/**
 * cmd_cell_start() - 'prtos cell start NAME|ID'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_cell_start(const struct command *cmd, int argc, char **argv)
{
	static const struct cell_op op = { PRTOS_CELL_START, "start",
					   "started" };

	return run_cell_op(cmd, argc, argv, &op);
}

/**
 * cmd_cell_shutdown() - 'prtos cell shutdown NAME|ID'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_cell_shutdown(const struct command *cmd, int argc, char **argv)
{
	static const struct cell_op op = { PRTOS_CELL_SHUTDOWN, "shut down",
					   "shut down" };

	return run_cell_op(cmd, argc, argv, &op);
}

/**
 * cmd_cell_destroy() - 'prtos cell destroy NAME|ID'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_cell_destroy(const struct command *cmd, int argc, char **argv)
{
	static const struct cell_op op = { PRTOS_CELL_DESTROY, "destroy",
					   "destroyed" };

	return run_cell_op(cmd, argc, argv, &op);
}

/**
 * struct load_item - one IMAGE or -s STRING of 'prtos cell load'
 * @file: the image file, NULL for a string
 * @label: what messages call it, if neither a file nor a string
 * @data: what to load (for a string: the argument itself, NUL included)
 * @size: its length
 * @address: where to, once known
 * @has_address: -a was given for it
 */
struct load_item {
	const char *file;
	const char *label;
	const void *data;
	size_t size;
	__u64 address;
	bool has_address;
};

/* Hex with 0x, or decimal; nothing else (no sign, no suffix, no octal). */
static bool parse_address(const char *s, __u64 *address)
{
	unsigned long long v;
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!(base == 16 ? isxdigit((unsigned char)*s)
			 : isdigit((unsigned char)*s)))
		return false;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end)
		return false;
	*address = v;
	return true;
}

/* Read every image before the first request, so a typo loads nothing. */
static int read_images(struct load_item *items, int n)
{
	size_t size;
	void *data;
	int i, err;

	for (i = 0; i < n; i++) {
		if (!items[i].file)
			continue;
		err = read_file(items[i].file, &data, &size, IMAGE_MAX_SIZE);
		if (err) {
			fprintf(stderr, "prtos: cannot read %s: %s\n",
				items[i].file,
				file_error_text(
					err,
					"it is a directory: give the image file itself",
					"it is larger than 1 GiB, more than a cell can hold: check the path"));
			return -1;
		}
		items[i].data = data;
		items[i].size = size;
		if (!size) {
			fprintf(stderr,
				"prtos: %s is empty: give the inmate's binary image\n",
				items[i].file);
			return -1;
		}
		if (items[i].address + size - 1 < items[i].address) {
			fprintf(stderr,
				"prtos: %s (%zu bytes) at 0x%llx runs past the end of the address space: give a lower address\n",
				items[i].file, size,
				(unsigned long long)items[i].address);
			return -1;
		}
	}
	return 0;
}

/* "demo.bin" or "string "console=ttyS0"", for messages. */
static void item_label(const struct load_item *item, char *buf, size_t len)
{
	if (item->file || item->label)
		snprintf(buf, len, "%s", item->file ? item->file : item->label);
	else
		snprintf(buf, len, "string \"%s\"", (const char *)item->data);
}

static int load_items(int fd, const struct cell_ref *ref,
		      const struct load_item *items, int n)
{
	struct prtos_cell_load args;
	char label[PRTOS_INMATE_CMDLINE_SIZE + 16], what[sizeof(label) + 96];
	int i, err;

	for (i = 0; i < n; i++) {
		memset(&args, 0, sizeof(args));
		to_cell_id(ref, &args.cell);
		args.image = (unsigned long)items[i].data;
		args.size = items[i].size;
		args.address = items[i].address;
		item_label(&items[i], label, sizeof(label));
		err = ioctl(fd, PRTOS_CELL_LOAD, &args) ? errno : 0;
		if (err) {
			snprintf(what, sizeof(what),
				 "load %s at 0x%llx into cell %s", label,
				 (unsigned long long)args.address, ref->label);
			report_refusal(what, err, args.reason,
				       sizeof(args.reason));
			return -1;
		}
		printf("Loaded %s (%zu bytes) at 0x%llx into cell %s\n", label,
		       items[i].size, (unsigned long long)args.address,
		       ref->label);
	}
	return 0;
}

/*
 * The cell's description (cell-fdt.c) goes last, with the parameter
 * string it was loaded with; an item the user loads over its place wins.
 */
static int add_description(const struct cell_ref *ref, struct load_item *items,
			   int *n, void **fdt)
{
	const char *bootargs = NULL;
	size_t size;
	int i;

	for (i = 0; i < *n; i++)
		if (!items[i].file &&
		    items[i].address == PRTOS_INMATE_CMDLINE_GPA)
			bootargs = items[i].data;
	if (describe_cell(ref, bootargs, fdt, &size))
		return -1;
	if (!*fdt)
		return 0;
	for (i = 0; i < *n; i++)
		if (items[i].address < PRTOS_INMATE_FDT_GPA + size &&
		    PRTOS_INMATE_FDT_GPA < items[i].address + items[i].size)
			return 0;
	memset(&items[*n], 0, sizeof(items[*n]));
	items[*n].label = "cell description";
	items[*n].data = *fdt;
	items[*n].size = size;
	items[*n].address = PRTOS_INMATE_FDT_GPA;
	(*n)++;
	return 0;
}

/* Add IMAGE (or -s STRING when @string) to the list. */
static int add_item(const struct command *cmd, struct load_item *items, int *n,
		    const char *arg, bool string)
{
	struct load_item *item = &items[(*n)++];

	memset(item, 0, sizeof(*item));
	if (!string) {
		item->file = arg;
		item->address = PRTOS_INMATE_IMAGE_GPA;
		return -1;
	}
	item->data = arg;
	item->size = strlen(arg) + 1;
	item->address = PRTOS_INMATE_CMDLINE_GPA;
	if (item->size > PRTOS_INMATE_CMDLINE_SIZE)
		return usage_error(
			cmd,
			"string of %zu characters is too long (at most %d)",
			item->size - 1, PRTOS_INMATE_CMDLINE_SIZE - 1);
	return -1;
}

/**
 * cmd_cell_load() - 'prtos cell load NAME|ID {IMAGE | -s STRING}...'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_cell_load(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		HELP_OPTION,
		{ "string", required_argument, NULL, 's' },
		{ "address", required_argument, NULL, 'a' },
		{}
	};
	const char *cell_arg = NULL;
	struct load_item *items;
	void *fdt = NULL;
	struct cell_ref ref;
	int c, i, n = 0, fd, status = -1, ret = EXIT_FAIL;

	/* One more than argc: every argument could be an item, and the description. */
	items = calloc(argc + 1, sizeof(*items));
	if (!items) {
		fprintf(stderr,
			"prtos: out of memory: close other programs and try again\n");
		return EXIT_FAIL;
	}
	/* "-": arguments come back in order (as 1), so -a finds its item. */
	while (status < 0 && (c = parse_next(cmd, argc, argv, "-:hs:a:", opts,
					     &status)) != -1) {
		switch (c) {
		case 1:
			if (!cell_arg)
				cell_arg = optarg;
			else
				status =
					add_item(cmd, items, &n, optarg, false);
			break;
		case 's':
			if (!cell_arg)
				status = usage_error(
					cmd,
					"missing NAME|ID (the cell) before -s");
			else
				status = add_item(cmd, items, &n, optarg, true);
			break;
		case 'a':
			if (!n)
				status = usage_error(
					cmd,
					"-a ADDRESS must follow an IMAGE or -s STRING");
			else if (items[n - 1].has_address)
				status = usage_error(
					cmd,
					"two addresses for one IMAGE or STRING ('%s')",
					optarg);
			else if (!parse_address(optarg, &items[n - 1].address))
				status = usage_error(
					cmd,
					"invalid address '%s': give a number, hex with 0x (e.g. 0xf0000) or decimal",
					optarg);
			else
				items[n - 1].has_address = true;
			break;
		}
	}
	/* Arguments after "--" (an image called "-x", say). */
	for (i = optind; status < 0 && i < argc; i++) {
		if (!cell_arg)
			cell_arg = argv[i];
		else
			status = add_item(cmd, items, &n, argv[i], false);
	}
	if (status < 0 && !cell_arg)
		status = usage_error(cmd, "missing NAME|ID (the cell)");
	if (status < 0 && !n)
		status =
			usage_error(cmd,
				    "missing IMAGE or -s STRING (what to load)");
	if (status < 0)
		status = parse_cell_ref(cmd, cell_arg, &ref);
	if (status < 0) {
		find_cell(&ref);
		status = refuse_root_cell(cmd, &ref);
	}
	if (status >= 0) {
		ret = status;
		goto out;
	}

	if (read_images(items, n) || add_description(&ref, items, &n, &fdt))
		goto out;
	fd = open_device();
	if (fd < 0)
		goto out;
	if (!load_items(fd, &ref, items, n))
		ret = EXIT_OK;
	close(fd);
out:
	for (i = 0; i < n; i++)
		if (items[i].file)
			free((void *)items[i].data);
	free(items);
	free(fdt);
	return ret;
}
