// SPDX-License-Identifier: GPL-2.0
/*
 * The 'prtos cell' commands that show cells, list and stats: they render
 * what cells.c reads from sysfs as human-readable tables, or with --json
 * as the documents Documentation/prtos-command.md describes.
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
#include "json.h"
#include "table.h"
#include "prtos.h"

#define MIN_WATCH_SECONDS 0.1
#define MAX_WATCH_SECONDS 86400

/*
 * A kernel-style CPU list ("0-1,4"; empty for none) as a set, in @set.
 * Returns -1 when it is not one.
 */
static int parse_cpu_list(const char *text, bool set[PRTOS_MAX_CPUS])
{
	unsigned long first, last, cpu;
	char *end;

	memset(set, 0, PRTOS_MAX_CPUS * sizeof(*set));
	while (*text) {
		if (!isdigit((unsigned char)*text))
			return -1;
		first = last = strtoul(text, &end, 10);
		if (*end == '-') {
			if (!isdigit((unsigned char)end[1]))
				return -1;
			last = strtoul(end + 1, &end, 10);
		}
		if (first > last || last >= PRTOS_MAX_CPUS ||
		    (*end && *end != ','))
			return -1;
		for (cpu = first; cpu <= last; cpu++)
			set[cpu] = true;
		text = *end ? end + 1 : end;
		if (end[0] == ',' && !*text)
			return -1;
	}
	return 0;
}

/*
 * "KEY": the CPUs of @text as an array of numbers, and "KEY_list": @text
 * itself; both null when the attribute could not be read, the array null
 * when it is no CPU list.
 */
static void json_cpus(struct json *j, const char *key, const char *text,
		      bool known)
{
	bool set[PRTOS_MAX_CPUS];
	char list_key[32];
	unsigned int cpu;

	json_key(j, key);
	if (!known || parse_cpu_list(text, set)) {
		json_null(j);
	} else {
		json_open_array(j);
		for (cpu = 0; cpu < PRTOS_MAX_CPUS; cpu++)
			if (set[cpu])
				json_uint(j, cpu);
		json_close_array(j);
	}
	snprintf(list_key, sizeof(list_key), "%s_list", key);
	json_key(j, list_key);
	if (known)
		json_string(j, text);
	else
		json_null(j);
}

/* The cells as 'prtos cell list --json' prints them. */
static int print_cell_list_json(const struct cell_info *cells, int n)
{
	const struct cell_info *c;
	struct json j;
	int i;

	if (json_begin(&j, stdout))
		return -1;
	json_key(&j, "cells");
	json_open_array(&j);
	for (i = 0; i < n; i++) {
		c = &cells[i];
		json_open_object(&j);
		json_key(&j, "id");
		json_uint(&j, c->id);
		json_key(&j, "name");
		json_string(&j, c->attr[CELL_NAME]);
		json_key(&j, "state");
		if (c->known[CELL_STATE])
			json_string(&j, c->attr[CELL_STATE]);
		else
			json_null(&j);
		json_cpus(&j, "cpus", c->attr[CELL_CPUS], c->known[CELL_CPUS]);
		json_cpus(&j, "failed_cpus", c->attr[CELL_FAILED_CPUS],
			  c->known[CELL_FAILED_CPUS]);
		json_close_object(&j);
	}
	json_close_array(&j);
	return json_end(&j);
}

/**
 * cmd_cell_list() - 'prtos cell list [-j|--json]'
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
	bool json;

	status = parse_json_only(cmd, argc, argv, &json);
	if (status >= 0)
		return status;
	if (check_enabled())
		return EXIT_FAIL;
	n = read_cell_list(&cells);
	if (n >= 0 && json) {
		status = print_cell_list_json(cells, n);
		free(cells);
		return status ? EXIT_FAIL : EXIT_OK;
	}
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

/* "KEY": {"counter": value, ...} for one CPU line, or with @all the sum. */
static void json_counters(struct json *j, const char *key,
			  const struct stats *st, unsigned int line, bool all)
{
	unsigned long long v;
	unsigned int row, col;

	json_key(j, key);
	json_open_object(j);
	for (row = 0; row < st->ncounters; row++) {
		v = 0;
		for (col = 0; col < st->ncpus; col++)
			if (all || col == line)
				v += st->value[col][row];
		json_key(j, st->names[row]);
		json_uint(j, v);
	}
	json_close_object(j);
}

/* "KEY": {"counter": rate, ...} from @before to @now over @seconds. */
static void json_rates(struct json *j, const char *key, const struct stats *now,
		       const struct stats *before, double seconds,
		       unsigned int line, bool all)
{
	unsigned int row, col;
	double v;

	json_key(j, key);
	json_open_object(j);
	for (row = 0; row < now->ncounters; row++) {
		v = 0;
		for (col = 0; col < now->ncpus; col++)
			if (all || col == line)
				v += ((double)now->value[col][row] -
				      (double)before->value[col][row]) /
				     seconds;
		json_key(j, now->names[row]);
		json_fixed(j, v, 3);
	}
	json_close_object(j);
}

/* The counts after the first two (the restarts): the faults per kind. */
#define FAULT_KINDS_FROM 2

/* "Health monitor: ..." after the exit counters. */
static void print_faults(const struct faults *f)
{
	unsigned long long total = 0;
	unsigned int i;

	for (i = FAULT_KINDS_FROM; i < f->n; i++)
		total += f->value[i];
	printf("Health monitor: %llu restart%s (%llu in the current window); ",
	       f->value[0], f->value[0] == 1 ? "" : "s", f->value[1]);
	if (!total) {
		printf("no faults\n");
		return;
	}
	printf("faults:");
	for (i = FAULT_KINDS_FROM; i < f->n; i++)
		if (f->value[i])
			printf(" %s=%llu", f->names[i], f->value[i]);
	printf("\n");
}

static void json_faults(struct json *j, const struct faults *f)
{
	unsigned int i;

	json_key(j, "health");
	json_open_object(j);
	for (i = 0; i < FAULT_KINDS_FROM && i < f->n; i++) {
		json_key(j, f->names[i]);
		json_uint(j, f->value[i]);
	}
	json_key(j, "faults");
	json_open_object(j);
	for (; i < f->n; i++) {
		json_key(j, f->names[i]);
		json_uint(j, f->value[i]);
	}
	json_close_object(j);
	json_close_object(j);
}

/*
 * The counters of @now as 'prtos cell stats --json' prints them; with
 * @before (--watch) also their rates over @seconds.
 */
static int print_stats_json(const struct cell_ref *ref, const struct stats *now,
			    const struct stats *before, double seconds,
			    const struct faults *f)
{
	unsigned int col;
	struct json j;

	if (json_begin(&j, stdout))
		return -1;
	json_key(&j, "cell");
	json_open_object(&j);
	json_key(&j, "id");
	json_uint(&j, ref->id);
	json_key(&j, "name");
	json_string(&j, ref->name);
	json_close_object(&j);
	if (before) {
		json_key(&j, "interval_s");
		json_fixed(&j, seconds, 3);
	}
	json_key(&j, "cpus");
	json_open_array(&j);
	for (col = 0; col < now->ncpus; col++) {
		json_open_object(&j);
		json_key(&j, "cpu");
		json_uint(&j, now->cpu[col]);
		json_counters(&j, "counters", now, col, false);
		if (before)
			json_rates(&j, "per_second", now, before, seconds, col,
				   false);
		json_close_object(&j);
	}
	json_close_array(&j);
	json_counters(&j, "total", now, 0, true);
	if (before)
		json_rates(&j, "total_per_second", now, before, seconds, 0,
			   true);
	json_faults(&j, f);
	return json_end(&j);
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
 * cmd_cell_stats() - 'prtos cell stats NAME|ID [-w|--watch[=SECONDS]] [-j]'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_cell_stats(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		HELP_OPTION,
		{ "watch", optional_argument, NULL, 'w' },
		JSON_OPTION,
		{},
	};
	static struct stats before, now;
	static struct faults faults;
	bool watch = false, watch_value = false, json = false;
	double seconds = 1, elapsed;
	struct timespec start;
	struct cell_ref ref;
	int c, status;
	char *end;

	while ((c = parse_next(cmd, argc, argv, ":hw::j", opts, &status)) !=
	       -1) {
		if (c == 'j')
			json = true;
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

	if (read_stats(&ref, &now) || read_faults(&ref, &faults))
		return EXIT_FAIL;
	if (!watch && json)
		return print_stats_json(&ref, &now, NULL, 0, &faults)
			       ? EXIT_FAIL
			       : EXIT_OK;
	if (!watch) {
		printf("Cell %s: VM exits since the cell was created\n",
		       ref.label);
		if (print_stats(&now, NULL, 0))
			return EXIT_FAIL;
		print_faults(&faults);
		return EXIT_OK;
	}
	before = now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	sleep_seconds(seconds);
	if (read_stats(&ref, &now) || read_faults(&ref, &faults))
		return EXIT_FAIL;
	elapsed = seconds_since(&start);
	if (!same_layout(&before, &now)) {
		fprintf(stderr,
			"prtos: cell %s changed during the measurement (destroyed and created again?): run the command again\n",
			ref.label);
		return EXIT_FAIL;
	}
	if (json)
		return print_stats_json(&ref, &now, &before, elapsed, &faults)
			       ? EXIT_FAIL
			       : EXIT_OK;
	printf("Cell %s: VM exits per second over %.1f s\n", ref.label,
	       elapsed);
	return print_stats(&now, &before, elapsed) ? EXIT_FAIL : EXIT_OK;
}
