// SPDX-License-Identifier: GPL-2.0
/*
 * The 'prtos cell' commands: create, load, start, shut down and destroy
 * cells through /dev/prtos, and list cells and their exit statistics from
 * the driver's sysfs directory (layout in include/prtos/ioctl.h).
 */
#define _GNU_SOURCE		/* vasprintf() */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <prtos/cell.h>
#include <prtos/config.h>
#include <prtos/ioctl.h>

#include "prtos.h"

/* A cell is named on the command line exactly as in its configuration. */
_Static_assert(sizeof(((struct prtos_cell_id *)0)->name) ==
	       PRTOS_CELL_NAME_LEN, "cell name length differs in ioctl.h");

/* Larger than any cell's memory; stops us reading a disk by mistake. */
#define IMAGE_MAX_SIZE		(1u << 30)
#define STATS_MAX_SIZE		(1u << 20)
/* Counters per CPU line we accept; the hypervisor has PRTOS_NUM_CPU_STATS. */
#define MAX_COUNTERS		32
#define COUNTER_NAME_LEN	32
#define MIN_WATCH_SECONDS	0.1
#define MAX_WATCH_SECONDS	86400

#define ENABLE_FIRST	"run 'prtos enable SYSTEM.cell' first"
#define LIST_CELLS	"run 'prtos cell list' to see the cells"

/*
 * Answers every request about an existing cell can get. "Not enabled" is
 * found out from sysfs instead (see report_cell()): the driver says it
 * with EINVAL, which also has other meanings.
 */
#define CELL_COMMON_ADVICE \
	{ ENODEV, "PRTOS is not enabled", ENABLE_FIRST }, \
	{ ENOENT, "there is no such cell", LIST_CELLS }

static const struct advice create_advice[] = {
	{ ENODEV, "PRTOS is not enabled", ENABLE_FIRST },
	{ EEXIST, "a cell with this name already exists",
	  "destroy it first ('prtos cell destroy NAME') or give the new cell another name in its configuration" },
	{ EBUSY, "a CPU or memory region of this cell belongs to another cell",
	  "destroy that cell first or change the configuration ('prtos cell list' shows which cell has which CPU)" },
	{ ENOENT, "a CPU of this cell does not exist on this machine",
	  "change the cell's CPUs in its configuration" },
	{ EINVAL, "the driver refused the cell configuration",
	  "change the configuration accordingly ('prtos config check FILE' runs the checks that can be done offline)" },
	{ ENOMEM, "the hypervisor has no memory left for this cell",
	  "destroy another cell, or give the hypervisor more memory in the system configuration" },
	{ EIO, "the hypervisor failed to create the cell", SEE_CONSOLE },
	{ }
};

static const struct advice load_advice[] = {
	CELL_COMMON_ADVICE,
	{ EBUSY, "the cell is running", "shut it down or destroy it first" },
	{ EINVAL, "the destination is outside the cell's loadable memory",
	  "give an address (-a) inside a memory region marked PRTOS_MEM_LOADABLE in the cell configuration" },
	{ EIO, "the hypervisor failed to make the cell loadable", SEE_CONSOLE },
	{ }
};

static const struct advice start_advice[] = {
	CELL_COMMON_ADVICE,
	{ EBUSY, "the cell is running", "shut it down first ('prtos cell shutdown')" },
	{ EINVAL, "nothing has been loaded into the cell",
	  "run 'prtos cell load' first" },
	{ EIO, "the cell failed to start", SEE_CONSOLE },
	{ }
};

#define SHUTDOWN_RETRY	"try again later or use 'prtos cell destroy'"

static const struct advice shutdown_advice[] = {
	CELL_COMMON_ADVICE,
	{ EBUSY, "cell refused the shutdown request (it is in a critical phase)",
	  SHUTDOWN_RETRY },
	{ ETIMEDOUT, "cell did not answer the shutdown request in time",
	  SHUTDOWN_RETRY },
	{ EINVAL, "the cell is not running",
	  "there is nothing to shut down ('prtos cell list' shows its state)" },
	{ EIO, "the hypervisor failed to stop the cell", SEE_CONSOLE },
	{ }
};

static const struct advice destroy_advice[] = {
	CELL_COMMON_ADVICE,
	{ EIO, "the hypervisor failed to destroy the cell", SEE_CONSOLE },
	{ }
};

/* Explain a failed cell request; see CELL_COMMON_ADVICE. */
static void report_cell(const char *what, const struct advice *table,
			int err, char *reason, size_t len)
{
	char enabled[16];

	if (!read_sysfs("enabled", enabled, sizeof(enabled)) &&
	    !strcmp(enabled, "0")) {
		fprintf(stderr, "prtos: PRTOS is not enabled: " ENABLE_FIRST "\n");
		return;
	}
	tidy_reason(reason, len);
	report(what, table, err, reason);
}

/**
 * struct cell_ref - a cell as the user named it on the command line
 * @by_id: a number was given
 * @known: found in sysfs, so @id and @name are both set
 * @id: the cell's id (given, or found)
 * @name: the cell's name (given, or found)
 */
struct cell_ref {
	bool by_id;
	bool known;
	unsigned int id;
	char name[PRTOS_CELL_NAME_LEN];
	char label[PRTOS_CELL_NAME_LEN + 24];
};

/* A number is an id, anything else a name (struct prtos_cell_id). */
static int parse_cell_ref(const struct command *cmd, const char *arg,
			  struct cell_ref *ref)
{
	unsigned long long id;
	char *end;

	memset(ref, 0, sizeof(*ref));
	if (!*arg)
		return usage_error(cmd, "empty cell name");
	if (strspn(arg, "0123456789") == strlen(arg)) {
		errno = 0;
		id = strtoull(arg, &end, 10);
		if (errno || id > UINT32_MAX)
			return usage_error(cmd, "cell id '%s' is out of range",
					   arg);
		ref->by_id = true;
		ref->id = id;
		return -1;
	}
	if (strlen(arg) >= sizeof(ref->name))
		return usage_error(cmd, "cell name '%s' is longer than %d characters",
				   arg, PRTOS_CELL_NAME_LEN - 1);
	strcpy(ref->name, arg);
	return -1;
}

static int read_cell_attr(unsigned int id, const char *attr, char *buf,
			  size_t len)
{
	char path[64];

	snprintf(path, sizeof(path), "cells/%u/%s", id, attr);
	return read_sysfs(path, buf, len);
}

static int compare_ids(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/**
 * scan_cells() - the ids of the cells in sysfs, in ascending order
 * @ids: out: malloc'ed array (NULL when there are none)
 *
 * Return: how many, or a negative errno.
 */
static int scan_cells(unsigned int **ids)
{
	unsigned int *list = NULL, *bigger;
	size_t n = 0, cap = 0;
	struct dirent *de;
	char path[512];
	char *end;
	DIR *dir;

	*ids = NULL;
	snprintf(path, sizeof(path), "%s/cells", sysfs_dir());
	dir = opendir(path);
	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(dir))) {
		unsigned long id = strtoul(de->d_name, &end, 10);

		if (!isdigit((unsigned char)de->d_name[0]) || *end ||
		    id > UINT32_MAX)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			bigger = realloc(list, cap * sizeof(*list));
			if (!bigger) {
				free(list);
				closedir(dir);
				return -ENOMEM;
			}
			list = bigger;
		}
		list[n++] = id;
	}
	closedir(dir);
	qsort(list, n, sizeof(*list), compare_ids);
	*ids = list;
	return n;
}

/* Fill in the label the user will read: "tiny", "tiny" (id 3) or 3. */
static void make_label(struct cell_ref *ref)
{
	if (ref->known && ref->by_id)
		snprintf(ref->label, sizeof(ref->label), "\"%s\" (id %u)",
			 ref->name, ref->id);
	else if (ref->by_id)
		snprintf(ref->label, sizeof(ref->label), "%u", ref->id);
	else
		snprintf(ref->label, sizeof(ref->label), "\"%s\"", ref->name);
}

/**
 * find_cell() - look the cell up in sysfs, completing @ref
 * @ref: the cell as parsed; @known is set when it was found
 *
 * Also sets the label. Sysfs being absent is not an error here.
 */
static void find_cell(struct cell_ref *ref)
{
	char name[PRTOS_CELL_NAME_LEN + 8];
	unsigned int *ids;
	int i, n;

	if (ref->by_id) {
		if (!read_cell_attr(ref->id, "name", name, sizeof(name)) &&
		    strlen(name) < sizeof(ref->name)) {
			strcpy(ref->name, name);
			ref->known = true;
		}
	} else {
		n = scan_cells(&ids);
		for (i = 0; i < n; i++) {
			if (!read_cell_attr(ids[i], "name", name,
					    sizeof(name)) &&
			    !strcmp(name, ref->name)) {
				ref->id = ids[i];
				ref->known = true;
				break;
			}
		}
		free(ids);
	}
	make_label(ref);
}

/*
 * The cell commands that reach the driver cannot name the root cell: id 0
 * in struct prtos_cell_id means "by name", and the root cell is managed
 * with 'prtos enable' and 'prtos disable'.
 */
static int refuse_root_cell(const struct command *cmd,
			    const struct cell_ref *ref)
{
	if ((ref->by_id || ref->known) && ref->id == 0)
		return usage_error(cmd, "cell %s is the root cell (Linux itself): name another cell",
				   ref->by_id && !ref->known ? "0" : ref->label);
	return -1;
}

/* Parse "NAME|ID" as the only argument and look the cell up. */
static int parse_target(const struct command *cmd, int argc, char **argv,
			struct cell_ref *ref)
{
	int status;

	if (optind >= argc)
		return usage_error(cmd, "missing NAME|ID (the cell)");
	if (argc - optind > 1)
		return usage_error(cmd, "unexpected argument '%s'",
				   argv[optind + 1]);
	status = parse_cell_ref(cmd, argv[optind], ref);
	if (status >= 0)
		return status;
	find_cell(ref);
	return -1;
}

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

int cmd_cell_create(const struct command *cmd, int argc, char **argv)
{
	struct prtos_cell_create args = { };
	const struct prtos_cell_desc *desc;
	char cpus[PRTOS_MAX_CPUS * 4], what[80];
	struct timespec start;
	const char *path;
	int fd, err, status;
	size_t size;
	void *blob;

	status = parse_help_only(cmd, argc, argv);
	if (status >= 0)
		return status;
	if (optind >= argc)
		return usage_error(cmd, "missing FILE (the cell configuration)");
	if (argc - optind > 1)
		return usage_error(cmd, "too many arguments");
	path = argv[optind];

	if (load_config(path, CONFIG_CELL, &blob, &size))
		return EXIT_FAIL;
	desc = blob;
	format_cpus(desc, cpus, sizeof(cpus));
	fd = open_device();
	if (fd < 0) {
		free(blob);
		return EXIT_FAIL;
	}
	args.config = (unsigned long)blob;
	args.config_size = size;
	clock_gettime(CLOCK_MONOTONIC, &start);
	err = ioctl(fd, PRTOS_CELL_CREATE, &args) ? errno : 0;
	if (!err) {
		printf("Cell \"%s\" created (id %u, CPU%s %s) (took %.3f s)\n",
		       desc->name, args.id, strpbrk(cpus, ",-") ? "s" : "",
		       cpus, seconds_since(&start));
	} else {
		snprintf(what, sizeof(what), "create cell \"%s\"", desc->name);
		report_cell(what, create_advice, err, args.reason,
			    sizeof(args.reason));
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
 * @advice: what its errnos mean
 */
struct cell_op {
	unsigned long request;
	const char *verb;
	const char *done;
	const struct advice *advice;
};

static int run_cell_op(const struct command *cmd, int argc, char **argv,
		       const struct cell_op *op)
{
	struct prtos_cell_cmd args = { };
	struct timespec start;
	struct cell_ref ref;
	int fd, err, status;
	char what[96];

	status = parse_help_only(cmd, argc, argv);
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
	clock_gettime(CLOCK_MONOTONIC, &start);
	err = ioctl(fd, op->request, &args) ? errno : 0;
	if (!err) {
		printf("Cell %s %s (took %.3f s)\n", ref.label, op->done,
		       seconds_since(&start));
	} else {
		snprintf(what, sizeof(what), "%s cell %s", op->verb, ref.label);
		report_cell(what, op->advice, err, args.reason,
			    sizeof(args.reason));
	}
	close(fd);
	return err ? EXIT_FAIL : EXIT_OK;
}

int cmd_cell_start(const struct command *cmd, int argc, char **argv)
{
	static const struct cell_op op = {
		PRTOS_CELL_START, "start", "started", start_advice
	};

	return run_cell_op(cmd, argc, argv, &op);
}

int cmd_cell_shutdown(const struct command *cmd, int argc, char **argv)
{
	static const struct cell_op op = {
		PRTOS_CELL_SHUTDOWN, "shut down", "shut down", shutdown_advice
	};

	return run_cell_op(cmd, argc, argv, &op);
}

int cmd_cell_destroy(const struct command *cmd, int argc, char **argv)
{
	static const struct cell_op op = {
		PRTOS_CELL_DESTROY, "destroy", "destroyed", destroy_advice
	};

	return run_cell_op(cmd, argc, argv, &op);
}

/**
 * struct load_item - one IMAGE or -s STRING of 'prtos cell load'
 * @file: the image file, NULL for a string
 * @data: what to load (for a string: the argument itself, NUL included)
 * @size: its length
 * @address: where to, once known
 * @has_address: -a was given for it
 */
struct load_item {
	const char *file;
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
	if (!(base == 16 ? isxdigit((unsigned char)*s) :
			   isdigit((unsigned char)*s)))
		return false;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end)
		return false;
	*address = v;
	return true;
}

static const char *image_error_text(int err)
{
	switch (err) {
	case -ENOENT:
		return "no such file: check the path";
	case -EACCES:
	case -EPERM:
		return "permission denied: check the file's permissions";
	case -EISDIR:
		return "it is a directory: give the image file itself";
	case -EFBIG:
		return "it is larger than 1 GiB, more than a cell can hold: check the path";
	}
	return NULL;
}

/* Read every image before the first request, so a typo loads nothing. */
static int read_images(struct load_item *items, int n)
{
	const char *text;
	size_t size;
	void *data;
	int i, err;

	for (i = 0; i < n; i++) {
		if (!items[i].file)
			continue;
		err = read_file(items[i].file, &data, &size, IMAGE_MAX_SIZE);
		if (err) {
			text = image_error_text(err);
			if (text)
				fprintf(stderr, "prtos: cannot read %s: %s\n",
					items[i].file, text);
			else
				fprintf(stderr, "prtos: cannot read %s: %s: check the file\n",
					items[i].file, strerror(-err));
			return -1;
		}
		items[i].data = data;
		items[i].size = size;
		if (!size) {
			fprintf(stderr, "prtos: %s is empty: give the inmate's binary image\n",
				items[i].file);
			return -1;
		}
		if (items[i].address + size - 1 < items[i].address) {
			fprintf(stderr, "prtos: %s (%zu bytes) at 0x%llx runs past the end of the address space: give a lower address\n",
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
	if (item->file)
		snprintf(buf, len, "%s", item->file);
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
			snprintf(what, sizeof(what), "load %s at 0x%llx into cell %s",
				 label, (unsigned long long)args.address,
				 ref->label);
			report_cell(what, load_advice, err, args.reason,
				    sizeof(args.reason));
			return -1;
		}
		printf("Loaded %s (%zu bytes) at 0x%llx into cell %s\n", label,
		       items[i].size, (unsigned long long)args.address,
		       ref->label);
	}
	return 0;
}

/* Add IMAGE (or -s STRING when @string) to the list. */
static int add_item(const struct command *cmd, struct load_item *items,
		    int *n, const char *arg, bool string)
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
		return usage_error(cmd, "string of %zu characters is too long (at most %d)",
				   item->size - 1,
				   PRTOS_INMATE_CMDLINE_SIZE - 1);
	return -1;
}

int cmd_cell_load(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		HELP_OPTION,
		{ "string", required_argument, NULL, 's' },
		{ "address", required_argument, NULL, 'a' },
		{ }
	};
	const char *cell_arg = NULL;
	struct load_item *items;
	struct cell_ref ref;
	int c, i, n = 0, fd, status = -1, ret = EXIT_FAIL;

	/* One more than argc: every argument could be an item. */
	items = calloc(argc + 1, sizeof(*items));
	if (!items) {
		fprintf(stderr, "prtos: out of memory: close other programs and try again\n");
		return EXIT_FAIL;
	}
	/* "-": arguments come back in order (as 1), so -a finds its item. */
	while (status < 0 &&
	       (c = parse_next(cmd, argc, argv, "-:hs:a:", opts,
			       &status)) != -1) {
		switch (c) {
		case 1:
			if (!cell_arg)
				cell_arg = optarg;
			else
				status = add_item(cmd, items, &n, optarg, false);
			break;
		case 's':
			if (!cell_arg)
				status = usage_error(cmd, "missing NAME|ID (the cell) before -s");
			else
				status = add_item(cmd, items, &n, optarg, true);
			break;
		case 'a':
			if (!n)
				status = usage_error(cmd, "-a ADDRESS must follow an IMAGE or -s STRING");
			else if (items[n - 1].has_address)
				status = usage_error(cmd, "two addresses for one IMAGE or STRING ('%s')",
						     optarg);
			else if (!parse_address(optarg,
						&items[n - 1].address))
				status = usage_error(cmd, "invalid address '%s': give a number, hex with 0x (e.g. 0xf0000) or decimal",
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
		status = usage_error(cmd, "missing IMAGE or -s STRING (what to load)");
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

	if (read_images(items, n))
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
	return ret;
}

/*
 * A table of strings printed with columns as wide as their widest entry,
 * two spaces apart. Row 0 is the header.
 */
struct table {
	unsigned int rows, cols;
	bool numbers;	/* right-align every column but the first */
	char **text;
};

static int table_init(struct table *t, unsigned int rows, unsigned int cols,
		      bool numbers)
{
	t->rows = rows;
	t->cols = cols;
	t->numbers = numbers;
	t->text = calloc((size_t)rows * cols, sizeof(*t->text));
	return t->text ? 0 : -ENOMEM;
}

static void table_set(struct table *t, unsigned int row, unsigned int col,
		      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void table_set(struct table *t, unsigned int row, unsigned int col,
		      const char *fmt, ...)
{
	char **text = &t->text[row * t->cols + col];
	va_list ap;

	free(*text);
	va_start(ap, fmt);
	if (vasprintf(text, fmt, ap) < 0)
		*text = NULL;
	va_end(ap);
}

static void table_print(const struct table *t)
{
	unsigned int row, col;
	size_t *width;
	const char *s;

	width = calloc(t->cols, sizeof(*width));
	if (!width)
		return;
	for (row = 0; row < t->rows; row++)
		for (col = 0; col < t->cols; col++) {
			s = t->text[row * t->cols + col];
			if (s && strlen(s) > width[col])
				width[col] = strlen(s);
		}
	for (row = 0; row < t->rows; row++) {
		for (col = 0; col < t->cols; col++) {
			s = t->text[row * t->cols + col];
			s = s ? s : "";
			if (col)
				fputs("  ", stdout);
			if (t->numbers && col)
				printf("%*s", (int)width[col], s);
			else if (col + 1 < t->cols)
				printf("%-*s", (int)width[col], s);
			else
				fputs(s, stdout);
		}
		putchar('\n');
	}
	free(width);
}

static void table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < (size_t)t->rows * t->cols; i++)
		free(t->text[i]);
	free(t->text);
}

/* The driver must be loaded and PRTOS enabled for there to be cells. */
static int check_enabled(void)
{
	char enabled[16];

	if (access(sysfs_dir(), F_OK)) {
		fprintf(stderr, "prtos: the prtos driver is not loaded: run 'modprobe prtos' (or insmod driver/prtos.ko)\n");
		return -1;
	}
	if (!read_sysfs("enabled", enabled, sizeof(enabled)) &&
	    !strcmp(enabled, "0")) {
		fprintf(stderr, "prtos: PRTOS is not enabled, so there are no cells: "
			ENABLE_FIRST "\n");
		return -1;
	}
	return 0;
}

int cmd_cell_list(const struct command *cmd, int argc, char **argv)
{
	static const char *const header[] = {
		"ID", "NAME", "STATE", "CPUS", "FAILED CPUS"
	};
	static const char *const attrs[] = {
		"name", "state", "cpus_assigned", "cpus_failed"
	};
	char value[4096];
	unsigned int *ids, row = 1, col;
	struct table t;
	int status, i, n;

	status = parse_help_only(cmd, argc, argv);
	if (status >= 0)
		return status;
	if (optind < argc)
		return usage_error(cmd, "unexpected argument '%s'",
				   argv[optind]);
	if (check_enabled())
		return EXIT_FAIL;
	n = scan_cells(&ids);
	if (n < 0 || table_init(&t, n + 1, 5, false)) {
		fprintf(stderr, "prtos: cannot read %s/cells: %s: check that the prtos driver is loaded ('lsmod | grep prtos')\n",
			sysfs_dir(), strerror(n < 0 ? -n : ENOMEM));
		free(ids);
		return EXIT_FAIL;
	}
	for (col = 0; col < 5; col++)
		table_set(&t, 0, col, "%s", header[col]);
	for (i = 0; i < n; i++) {
		/* A cell destroyed while we look is simply left out. */
		if (read_cell_attr(ids[i], "name", value, sizeof(value)))
			continue;
		table_set(&t, row, 0, "%u", ids[i]);
		for (col = 0; col < 4; col++) {
			if (read_cell_attr(ids[i], attrs[col], value,
					   sizeof(value)))
				strcpy(value, "?");
			table_set(&t, row, col + 1, "%s",
				  *value ? value : "-");
		}
		row++;
	}
	t.rows = row;
	table_print(&t);
	table_free(&t);
	free(ids);
	return EXIT_OK;
}

/**
 * struct stats - a cell's statistics file, parsed
 * @ncpus: CPU lines
 * @ncounters: distinct counter names, in order of first appearance
 * @names: the counter names
 * @cpu: the CPU number of each line
 * @value: counter values, [line][counter]; 0 where a line lacks one
 */
struct stats {
	unsigned int ncpus, ncounters;
	char names[MAX_COUNTERS][COUNTER_NAME_LEN];
	unsigned int cpu[PRTOS_MAX_CPUS];
	unsigned long long value[PRTOS_MAX_CPUS][MAX_COUNTERS];
};

static int counter_index(struct stats *st, const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < st->ncounters; i++)
		if (strlen(st->names[i]) == len &&
		    !strncmp(st->names[i], name, len))
			return i;
	if (st->ncounters == MAX_COUNTERS || len >= COUNTER_NAME_LEN || !len)
		return -1;
	memcpy(st->names[i], name, len);
	st->names[i][len] = '\0';
	return st->ncounters++;
}

/* "cpu 2 vmexits_total=123 hypercall=4 ..." */
static int parse_stats_line(struct stats *st, char *line)
{
	unsigned long long v;
	char *tok, *eq, *end, *save;
	unsigned long cpu;
	int idx;

	tok = strtok_r(line, " \t", &save);
	if (!tok)
		return 0;		/* blank line */
	if (strcmp(tok, "cpu") || st->ncpus == PRTOS_MAX_CPUS)
		return -1;
	tok = strtok_r(NULL, " \t", &save);
	if (!tok || !isdigit((unsigned char)*tok))
		return -1;
	cpu = strtoul(tok, &end, 10);
	if (*end || cpu >= PRTOS_MAX_CPUS)
		return -1;
	st->cpu[st->ncpus] = cpu;
	while ((tok = strtok_r(NULL, " \t", &save))) {
		eq = strchr(tok, '=');
		if (!eq || !isdigit((unsigned char)eq[1]))
			return -1;
		errno = 0;
		v = strtoull(eq + 1, &end, 10);
		idx = counter_index(st, tok, eq - tok);
		if (errno || *end || idx < 0)
			return -1;
		st->value[st->ncpus][idx] = v;
	}
	st->ncpus++;
	return 0;
}

/**
 * read_stats() - read and parse cells/@id/statistics
 *
 * Return: 0, or -1 after saying what is wrong.
 */
static int read_stats(const struct cell_ref *ref, struct stats *st)
{
	char path[512], name[PRTOS_CELL_NAME_LEN + 8], *text, *line, *next;
	unsigned int line_no = 1;
	size_t size;
	void *data;
	int err;

	memset(st, 0, sizeof(*st));
	snprintf(path, sizeof(path), "%s/cells/%u/statistics", sysfs_dir(),
		 ref->id);
	err = read_file(path, &data, &size, STATS_MAX_SIZE);
	if (err == -ENOENT &&
	    read_cell_attr(ref->id, "name", name, sizeof(name))) {
		fprintf(stderr, "prtos: cell %s no longer exists (destroyed meanwhile?): "
			LIST_CELLS "\n", ref->label);
		return -1;
	}
	if (err) {
		fprintf(stderr, "prtos: cannot read the statistics of cell %s (%s): use the prtos tool and prtos.ko from the same build\n",
			ref->label, strerror(-err));
		return -1;
	}
	/* read_file() adds no terminator. */
	text = realloc(data, size + 1);
	if (!text) {
		free(data);
		fprintf(stderr, "prtos: out of memory: close other programs and try again\n");
		return -1;
	}
	text[size] = '\0';
	for (line = text; line; line = next, line_no++) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (parse_stats_line(st, line)) {
			fprintf(stderr, "prtos: cannot understand line %u of the statistics of cell %s: use the prtos tool and prtos.ko from the same build\n",
				line_no, ref->label);
			free(text);
			return -1;
		}
	}
	free(text);
	return 0;
}

/* Two readings are comparable when they list the same CPUs and counters. */
static bool same_layout(const struct stats *a, const struct stats *b)
{
	unsigned int i;

	if (a->ncpus != b->ncpus || a->ncounters != b->ncounters)
		return false;
	for (i = 0; i < a->ncpus; i++)
		if (a->cpu[i] != b->cpu[i])
			return false;
	for (i = 0; i < a->ncounters; i++)
		if (strcmp(a->names[i], b->names[i]))
			return false;
	return true;
}

/* Counters of @now, or with @before their rate over @seconds. */
static int print_stats(const struct stats *now, const struct stats *before,
		       double seconds)
{
	unsigned int row, col;
	struct table t;
	double sum, v;

	if (table_init(&t, now->ncounters + 1, now->ncpus + 2, true)) {
		fprintf(stderr, "prtos: out of memory: close other programs and try again\n");
		return -1;
	}
	table_set(&t, 0, 0, "COUNTER");
	for (col = 0; col < now->ncpus; col++)
		table_set(&t, 0, col + 1, "CPU %u", now->cpu[col]);
	table_set(&t, 0, now->ncpus + 1, "TOTAL");
	for (row = 0; row < now->ncounters; row++) {
		table_set(&t, row + 1, 0, "%s", now->names[row]);
		sum = 0;
		for (col = 0; col <= now->ncpus; col++) {
			if (col < now->ncpus) {
				v = now->value[col][row];
				if (before)
					v = (v - before->value[col][row]) /
					    seconds;
				sum += v;
			} else {
				v = sum;
			}
			if (before)
				table_set(&t, row + 1, col + 1, "%.1f", v);
			else
				table_set(&t, row + 1, col + 1, "%.0f", v);
		}
	}
	table_print(&t);
	table_free(&t);
	return 0;
}

/* Sleep @seconds, whatever signals without a handler do meanwhile. */
static void sleep_seconds(double seconds)
{
	struct timespec ts;

	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

int cmd_cell_stats(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		HELP_OPTION,
		{ "watch", optional_argument, NULL, 'w' },
		{ }
	};
	static struct stats before, now;
	bool watch = false, watch_value = false;
	double seconds = 1, elapsed;
	struct timespec start;
	struct cell_ref ref;
	int c, status;
	char *end;

	while ((c = parse_next(cmd, argc, argv, ":hw::", opts,
			       &status)) != -1) {
		if (c != 'w')
			continue;
		watch = true;
		if (!optarg)
			continue;
		watch_value = true;
		seconds = strtod(optarg, &end);
		if (!isdigit((unsigned char)*optarg) || *end ||
		    !isfinite(seconds) || seconds < MIN_WATCH_SECONDS ||
		    seconds > MAX_WATCH_SECONDS)
			return usage_error(cmd, "invalid interval '%s': give a number of seconds from 0.1 to %d",
					   optarg, MAX_WATCH_SECONDS);
	}
	if (status >= 0)
		return status;
	if (watch && !watch_value && argc - optind > 1)
		return usage_error(cmd, "too many arguments (write the interval as -w5 or --watch=5)");
	status = parse_target(cmd, argc, argv, &ref);
	if (status >= 0)
		return status;
	if (check_enabled())
		return EXIT_FAIL;
	if (!ref.known) {
		if (ref.by_id)
			fprintf(stderr, "prtos: there is no cell with id %u: "
				LIST_CELLS "\n", ref.id);
		else
			fprintf(stderr, "prtos: there is no cell named \"%s\": "
				LIST_CELLS "\n", ref.name);
		return EXIT_FAIL;
	}
	if (!ref.by_id)
		snprintf(ref.label, sizeof(ref.label), "\"%s\" (id %u)",
			 ref.name, ref.id);

	if (read_stats(&ref, &now))
		return EXIT_FAIL;
	if (!watch) {
		printf("Cell %s: VM exits since the cell was created\n",
		       ref.label);
		return print_stats(&now, NULL, 0) ? EXIT_FAIL : EXIT_OK;
	}
	before = now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	sleep_seconds(seconds);
	if (read_stats(&ref, &now))
		return EXIT_FAIL;
	elapsed = seconds_since(&start);
	if (!same_layout(&before, &now)) {
		fprintf(stderr, "prtos: cell %s changed during the measurement (destroyed and created again?): run the command again\n",
			ref.label);
		return EXIT_FAIL;
	}
	printf("Cell %s: VM exits per second over %.1f s\n", ref.label,
	       elapsed);
	return print_stats(&now, &before, elapsed) ? EXIT_FAIL : EXIT_OK;
}
