// SPDX-License-Identifier: GPL-2.0
/*
 * The 'prtos cell' commands that show cells, list and stats: they render
 * what cells.c reads from sysfs as human-readable tables.
 */
#define _GNU_SOURCE /* vasprintf() */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cells.h"
#include "device.h"
#include "table.h"
#include "prtos.h"

#define MIN_WATCH_SECONDS 0.1
#define MAX_WATCH_SECONDS 86400

/**
 * cmd_cell_list() - 'prtos cell list'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_cell_list(const struct command *cmd, int argc, char **argv)
{
	static const char *const header[CELL_NUM_ATTRS] = {
		[CELL_NAME] = "NAME",
		[CELL_STATE] = "STATE",
		[CELL_CPUS] = "CPUS",
		[CELL_FAILED_CPUS] = "FAILED CPUS",
	};
	struct cell_info *cells;
	const char *value;
	struct table t;
	int status, i, a, n;

	status = parse_no_args(cmd, argc, argv);
	if (status >= 0)
		return status;
	if (check_enabled())
		return EXIT_FAIL;
	n = read_cell_list(&cells);
	if (n < 0 || table_init(&t, n + 1, CELL_NUM_ATTRS + 1, false)) {
		fprintf(stderr,
			"prtos: cannot read %s/cells: %s: check that the prtos driver is loaded ('lsmod | grep prtos')\n",
			sysfs_dir(), strerror(n < 0 ? -n : ENOMEM));
		free(cells);
		return EXIT_FAIL;
	}
	table_set(&t, 0, 0, "ID");
	for (a = 0; a < CELL_NUM_ATTRS; a++)
		table_set(&t, 0, a + 1, "%s", header[a]);
	for (i = 0; i < n; i++) {
		table_set(&t, i + 1, 0, "%u", cells[i].id);
		for (a = 0; a < CELL_NUM_ATTRS; a++) {
			value = cells[i].attr[a];
			if (!cells[i].known[a])
				value = "?";
			else if (!*value)
				value = "-";
			table_set(&t, i + 1, a + 1, "%s", value);
		}
	}
	table_print(&t);
	table_free(&t);
	free(cells);
	return EXIT_OK;
}

/* Counters of @now, or with @before their rate over @seconds. */
static int print_stats(const struct stats *now, const struct stats *before,
		       double seconds)
{
	unsigned int row, col;
	struct table t;
	double sum, v;

	if (table_init(&t, now->ncounters + 1, now->ncpus + 2, true)) {
		fprintf(stderr,
			"prtos: out of memory: close other programs and try again\n");
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

/**
 * cmd_cell_stats() - 'prtos cell stats NAME|ID [-w|--watch[=SECONDS]]'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_cell_stats(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		HELP_OPTION, { "watch", optional_argument, NULL, 'w' }, {}
	};
	static struct stats before, now;
	bool watch = false, watch_value = false;
	double seconds = 1, elapsed;
	struct timespec start;
	struct cell_ref ref;
	int c, status;
	char *end;

	while ((c = parse_next(cmd, argc, argv, ":hw::", opts, &status)) !=
	       -1) {
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
			return usage_error(
				cmd,
				"invalid interval '%s': give a number of seconds from 0.1 to %d",
				optarg, MAX_WATCH_SECONDS);
	}
	if (status >= 0)
		return status;
	if (watch && !watch_value && argc - optind > 1)
		return usage_error(
			cmd,
			"too many arguments (write the interval as -w5 or --watch=5)");
	status = parse_known_target(cmd, argc, argv, &ref);
	if (status >= 0)
		return status;
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
		fprintf(stderr,
			"prtos: cell %s changed during the measurement (destroyed and created again?): run the command again\n",
			ref.label);
		return EXIT_FAIL;
	}
	printf("Cell %s: VM exits per second over %.1f s\n", ref.label,
	       elapsed);
	return print_stats(&now, &before, elapsed) ? EXIT_FAIL : EXIT_OK;
}
