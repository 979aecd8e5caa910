// SPDX-License-Identifier: GPL-2.0
/*
 * 'prtos hm log': the health monitor's log of fault events, read as one
 * snapshot from sysfs hm_log (struct prtos_hm_log of <prtos/health.h>).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prtos/health.h>

#include "cells.h"
#include "device.h"
#include "files.h"
#include "json.h"
#include "prtos.h"
#include "table.h"

enum {
	COL_SEQ,
	COL_TIME,
	COL_CELL,
	COL_CPU,
	COL_FAULT,
	COL_ACTION,
	COL_ADDRESS,
	COL_RIP,
	NUM_COLS
};

static const char *fault_name(unsigned int kind)
{
	static const char *const names[] = PRTOS_FAULT_NAMES;

	return kind < PRTOS_NUM_FAULT_KINDS ? names[kind] : "unknown";
}

static const char *action_name(unsigned int action)
{
	static const char *const names[] = PRTOS_HM_DID_NAMES;

	return action < PRTOS_HM_NUM_DID ? names[action] : "unknown";
}

/* Read and check the log; NULL after saying what is wrong. */
static struct prtos_hm_log *read_log(void)
{
	char path[512];
	size_t size;
	void *data;
	int err;

	snprintf(path, sizeof(path), "%s/hm_log", sysfs_dir());
	err = read_file(path, &data, &size, 2 * sizeof(struct prtos_hm_log));
	if (err) {
		fprintf(stderr,
			"prtos: cannot read %s: %s: use the prtos tool and prtos.ko from the same build\n",
			path, strerror(-err));
		return NULL;
	}
	if (size != sizeof(struct prtos_hm_log) ||
	    ((struct prtos_hm_log *)data)->num > PRTOS_HM_LOG_LEN) {
		fprintf(stderr,
			"prtos: %s has %zu bytes, not the %zu of this tool's log format: use the prtos tool and prtos.ko from the same build\n",
			path, size, sizeof(struct prtos_hm_log));
		free(data);
		return NULL;
	}
	return data;
}

static void cell_name(const struct prtos_hm_event *e, char *buf, size_t len)
{
	snprintf(buf, len, "%.*s", (int)sizeof(e->cell), e->cell);
}

static int print_log_json(const struct prtos_hm_log *log)
{
	char name[PRTOS_CELL_NAME_LEN + 1];
	unsigned int n;
	struct json j;

	if (json_begin(&j, stdout))
		return -1;
	json_key(&j, "events");
	json_uint(&j, log->events);
	json_key(&j, "dropped");
	json_uint(&j, log->events - log->num);
	json_key(&j, "log");
	json_open_array(&j);
	for (n = 0; n < log->num; n++) {
		const struct prtos_hm_event *e = &log->event[n];

		cell_name(e, name, sizeof(name));
		json_open_object(&j);
		json_key(&j, "seq");
		json_uint(&j, e->seq);
		json_key(&j, "time_s");
		json_fixed(&j, e->time_ns / 1e9, 6);
		json_key(&j, "cell");
		json_string(&j, name);
		json_key(&j, "cell_id");
		json_uint(&j, e->cell_id);
		json_key(&j, "cpu");
		json_uint(&j, e->cpu);
		json_key(&j, "fault");
		json_string(&j, fault_name(e->kind));
		json_key(&j, "action");
		json_string(&j, action_name(e->action));
		json_key(&j, "restarts");
		json_uint(&j, e->restarts);
		json_key(&j, "address");
		json_uint(&j, e->address);
		json_key(&j, "rip");
		json_uint(&j, e->rip);
		json_close_object(&j);
	}
	json_close_array(&j);
	return json_end(&j);
}

static int print_log(const struct prtos_hm_log *log)
{
	static const char *const header[NUM_COLS] = {
		"SEQ",	 "TIME (s)", "CELL",	"CPU",
		"FAULT", "ACTION",   "ADDRESS", "RIP",
	};
	char name[PRTOS_CELL_NAME_LEN + 1];
	unsigned int n, col;
	struct table t;

	printf("Health monitor: %llu fault event%s since 'prtos enable'",
	       (unsigned long long)log->events, log->events == 1 ? "" : "s");
	if (log->events > log->num)
		printf(", the oldest %llu no longer kept",
		       (unsigned long long)(log->events - log->num));
	printf("\n");
	if (!log->num)
		return 0;
	if (table_init(&t, log->num + 1, NUM_COLS, false)) {
		fprintf(stderr,
			"prtos: out of memory: close other programs and try again\n");
		return -1;
	}
	for (col = 0; col < NUM_COLS; col++)
		table_set(&t, 0, col, "%s", header[col]);
	for (n = 0; n < log->num; n++) {
		const struct prtos_hm_event *e = &log->event[n];

		cell_name(e, name, sizeof(name));
		table_set(&t, n + 1, COL_SEQ, "%llu",
			  (unsigned long long)e->seq);
		table_set(&t, n + 1, COL_TIME, "%.6f", e->time_ns / 1e9);
		table_set(&t, n + 1, COL_CELL, "%s", name);
		table_set(&t, n + 1, COL_CPU, "%u", e->cpu);
		table_set(&t, n + 1, COL_FAULT, "%s", fault_name(e->kind));
		if (e->action == PRTOS_HM_DID_RESTART)
			table_set(&t, n + 1, COL_ACTION, "restart (%u)",
				  e->restarts);
		else
			table_set(&t, n + 1, COL_ACTION, "%s",
				  action_name(e->action));
		table_set(&t, n + 1, COL_ADDRESS, "0x%llx",
			  (unsigned long long)e->address);
		table_set(&t, n + 1, COL_RIP, "0x%llx",
			  (unsigned long long)e->rip);
	}
	table_print(&t);
	table_free(&t);
	return 0;
}

/**
 * cmd_hm_log() - 'prtos hm log [-j|--json]'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_hm_log(const struct command *cmd, int argc, char **argv)
{
	struct prtos_hm_log *log;
	int status, err;
	bool json;

	status = parse_json_only(cmd, argc, argv, &json);
	if (status >= 0)
		return status;
	if (check_enabled())
		return EXIT_FAIL;
	log = read_log();
	if (!log)
		return EXIT_FAIL;
	err = json ? print_log_json(log) : print_log(log);
	free(log);
	return err ? EXIT_FAIL : EXIT_OK;
}
