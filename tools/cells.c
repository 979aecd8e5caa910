// SPDX-License-Identifier: GPL-2.0
/*
 * Cells as the driver's sysfs directory shows them: naming a cell on the
 * command line, finding it, listing the cells and reading their exit
 * statistics (layout in include/prtos/ioctl.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <prtos/ioctl.h>

#include "cells.h"
#include "device.h"
#include "files.h"

#define STATS_MAX_SIZE (1u << 20)

/**
 * parse_cell_ref() - parse a NAME|ID argument
 * @cmd: the command, for usage errors
 * @arg: the argument: a number is an id, anything else a name (as in
 *	 struct prtos_cell_id)
 * @ref: out: the cell as named; not looked up yet (see find_cell())
 *
 * Return: -1 to go on, or EXIT_USAGE after a usage error.
 */
int parse_cell_ref(const struct command *cmd, const char *arg,
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
		return usage_error(cmd,
				   "cell name '%s' is longer than %d characters",
				   arg, PRTOS_CELL_NAME_LEN - 1);
	strcpy(ref->name, arg);
	return -1;
}

/**
 * read_cell_attr() - read an attribute of cells/@id in sysfs
 * @id: the cell
 * @attr: the attribute, e.g. "name"
 * @buf: out: its first line
 * @len: size of @buf
 *
 * Return: 0, or a negative errno (-ENOENT: no such cell).
 */
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

/*
 * The ids of the cells in sysfs, in ascending order, in a malloc'ed array
 * (NULL when there are none). Returns how many, or a negative errno.
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
void find_cell(struct cell_ref *ref)
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

/**
 * refuse_root_cell() - a usage error if @ref is the root cell
 * @cmd: the command, for the usage error
 * @ref: the cell, looked up
 *
 * The cell commands that reach the driver cannot name the root cell: id 0
 * in struct prtos_cell_id means "by name", and the root cell is managed
 * with 'prtos enable' and 'prtos disable'.
 *
 * Return: -1 to go on, or EXIT_USAGE.
 */
int refuse_root_cell(const struct command *cmd, const struct cell_ref *ref)
{
	if ((ref->by_id || ref->known) && ref->id == 0)
		return usage_error(
			cmd,
			"cell %s is the root cell (Linux itself): name another cell",
			ref->by_id && !ref->known ? "0" : ref->label);
	return -1;
}

/**
 * parse_target() - parse NAME|ID as the only operand, and look it up
 * @cmd: the command, for usage errors
 * @argc: argument count
 * @argv: the arguments, options already parsed (optind at the operand)
 * @ref: out: the cell
 *
 * Return: -1 to go on, or EXIT_USAGE after a usage error.
 */
int parse_target(const struct command *cmd, int argc, char **argv,
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

/**
 * parse_known_target() - parse_target(), for a cell that must exist
 * @cmd: the command, for usage errors
 * @argc: argument count
 * @argv: the arguments, options already parsed (optind at the operand)
 * @ref: out: the cell, found in sysfs
 *
 * Return: -1 to go on, or the exit status after saying why not (a usage
 * error, PRTOS not enabled, no such cell).
 */
int parse_known_target(const struct command *cmd, int argc, char **argv,
		       struct cell_ref *ref)
{
	int status = parse_target(cmd, argc, argv, ref);

	if (status >= 0)
		return status;
	if (check_enabled())
		return EXIT_FAIL;
	if (ref->known)
		return -1;
	if (ref->by_id)
		fprintf(stderr,
			"prtos: there is no cell with id %u: " LIST_CELLS "\n",
			ref->id);
	else
		fprintf(stderr,
			"prtos: there is no cell named \"%s\": " LIST_CELLS
			"\n",
			ref->name);
	return EXIT_FAIL;
}

/**
 * read_cell_list() - every cell in sysfs, the root cell included
 * @cells: out: malloc'ed array in ascending order of id (NULL when there
 *	   are none)
 *
 * A cell destroyed while we look is simply left out.
 *
 * Return: how many, or a negative errno.
 */
int read_cell_list(struct cell_info **cells)
{
	static const char *const names[CELL_NUM_ATTRS] = {
		[CELL_NAME] = "name",
		[CELL_STATE] = "state",
		[CELL_CPUS] = "cpus_assigned",
		[CELL_FAILED_CPUS] = "cpus_failed",
	};
	struct cell_info *list, *cell;
	unsigned int *ids;
	int i, a, n, found = 0;

	*cells = NULL;
	n = scan_cells(&ids);
	if (n <= 0)
		return n;
	list = calloc(n, sizeof(*list));
	if (!list) {
		free(ids);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		cell = &list[found];
		cell->id = ids[i];
		for (a = 0; a < CELL_NUM_ATTRS; a++)
			cell->known[a] = !read_cell_attr(ids[i], names[a],
							 cell->attr[a],
							 CELL_ATTR_LEN);
		if (cell->known[CELL_NAME])
			found++;
	}
	free(ids);
	*cells = list;
	return found;
}

/**
 * check_enabled() - whether there can be cells in sysfs, saying why not
 *
 * The driver must be loaded and PRTOS enabled for there to be cells.
 *
 * Return: 0, or -1 after saying what to do.
 */
int check_enabled(void)
{
	char enabled[16];

	if (access(sysfs_dir(), F_OK)) {
		fprintf(stderr, "prtos: " DRIVER_NOT_LOADED "\n");
		return -1;
	}
	if (!read_sysfs("enabled", enabled, sizeof(enabled)) &&
	    !strcmp(enabled, "0")) {
		fprintf(stderr,
			"prtos: PRTOS is not enabled, so there are no cells: run 'prtos enable SYSTEM.cell' first\n");
		return -1;
	}
	return 0;
}

/* The index of counter @name in @names (of @n), added if new; -1 if full. */
static int counter_index(char names[][COUNTER_NAME_LEN], unsigned int *n,
			 const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < *n; i++)
		if (strlen(names[i]) == len && !strncmp(names[i], name, len))
			return i;
	if (*n == MAX_COUNTERS || len >= COUNTER_NAME_LEN || !len)
		return -1;
	memcpy(names[i], name, len);
	names[i][len] = '\0';
	return (*n)++;
}

/* One "name=value" token: its counter's index, -1 if malformed. */
static int parse_counter(char names[][COUNTER_NAME_LEN], unsigned int *n,
			 char *tok, unsigned long long *v)
{
	char *eq = strchr(tok, '='), *end;
	int idx;

	if (!eq || !isdigit((unsigned char)eq[1]))
		return -1;
	errno = 0;
	*v = strtoull(eq + 1, &end, 10);
	idx = counter_index(names, n, tok, eq - tok);
	return errno || *end ? -1 : idx;
}

/* "cpu 2 vmexits_total=123 hypercall=4 ..." */
static int parse_stats_line(struct stats *st, char *line)
{
	unsigned long long v;
	char *tok, *end, *save;
	unsigned long cpu;
	int idx;

	tok = strtok_r(line, " \t", &save);
	if (!tok)
		return 0; /* blank line */
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
		idx = parse_counter(st->names, &st->ncounters, tok, &v);
		if (idx < 0)
			return -1;
		st->value[st->ncpus][idx] = v;
	}
	st->ncpus++;
	return 0;
}

/**
 * read_stats() - read and parse cells/ID/statistics
 * @ref: the cell, found in sysfs
 * @st: out: the counters
 *
 * Return: 0, or -1 after saying what is wrong.
 */
int read_stats(const struct cell_ref *ref, struct stats *st)
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
		fprintf(stderr,
			"prtos: cell %s no longer exists (destroyed meanwhile?): " LIST_CELLS
			"\n",
			ref->label);
		return -1;
	}
	if (err) {
		fprintf(stderr,
			"prtos: cannot read the statistics of cell %s (%s): use the prtos tool and prtos.ko from the same build\n",
			ref->label, strerror(-err));
		return -1;
	}
	/* read_file() adds no terminator. */
	text = realloc(data, size + 1);
	if (!text) {
		free(data);
		fprintf(stderr,
			"prtos: out of memory: close other programs and try again\n");
		return -1;
	}
	text[size] = '\0';
	for (line = text; line; line = next, line_no++) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (parse_stats_line(st, line)) {
			fprintf(stderr,
				"prtos: cannot understand line %u of the statistics of cell %s: use the prtos tool and prtos.ko from the same build\n",
				line_no, ref->label);
			free(text);
			return -1;
		}
	}
	free(text);
	return 0;
}

/**
 * read_faults() - read and parse cells/ID/faults
 * @ref: the cell, found in sysfs
 * @f: out: the health monitor's counts
 *
 * Return: 0, or -1 after saying what is wrong.
 */
int read_faults(const struct cell_ref *ref, struct faults *f)
{
	char path[512], text[1024], *tok, *save;
	unsigned long long v;
	size_t size;
	void *data;
	int err, idx;

	memset(f, 0, sizeof(*f));
	snprintf(path, sizeof(path), "%s/cells/%u/faults", sysfs_dir(),
		 ref->id);
	err = read_file(path, &data, &size, sizeof(text) - 1);
	if (err) {
		fprintf(stderr,
			"prtos: cannot read the fault counts of cell %s (%s): use the prtos tool and prtos.ko from the same build\n",
			ref->label, strerror(-err));
		return -1;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	free(data);
	for (tok = strtok_r(text, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		idx = parse_counter(f->names, &f->n, tok, &v);
		if (idx < 0) {
			fprintf(stderr,
				"prtos: cannot understand the fault counts of cell %s: use the prtos tool and prtos.ko from the same build\n",
				ref->label);
			return -1;
		}
		f->value[idx] = v;
	}
	return 0;
}

/**
 * same_layout() - whether two readings can be compared
 * @a: one reading
 * @b: another, of the same cell
 *
 * Return: true when they list the same CPUs and counters.
 */
bool same_layout(const struct stats *a, const struct stats *b)
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
