/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cells as sysfs shows them: how the user names one, looking it up,
 * listing them and reading their statistics (cells.c).
 */
#ifndef _PRTOS_TOOL_CELLS_H
#define _PRTOS_TOOL_CELLS_H

#include <stdbool.h>
#include <stddef.h>

#include <prtos/config.h>

#include "cli.h"

#define LIST_CELLS "run 'prtos cell list' to see the cells"

/* Counters per CPU line we accept; the hypervisor has PRTOS_NUM_CPU_STATS. */
#define MAX_COUNTERS	 32
#define COUNTER_NAME_LEN 32

/**
 * struct cell_ref - a cell as the user named it on the command line
 * @by_id: a number was given
 * @known: found in sysfs, so @id and @name are both set
 * @id: the cell's id (given, or found)
 * @name: the cell's name (given, or found)
 * @label: how messages name it: "tiny", "tiny" (id 3) or 3
 */
struct cell_ref {
	bool by_id;
	bool known;
	unsigned int id;
	char name[PRTOS_CELL_NAME_LEN];
	char label[PRTOS_CELL_NAME_LEN + 24];
};

/* The attributes of a cell that 'prtos cell list' shows, in its order. */
enum cell_attr {
	CELL_NAME,
	CELL_STATE,
	CELL_CPUS,
	CELL_FAILED_CPUS,
	CELL_NUM_ATTRS
};

/* Room for any of them: a name, a state or a CPU list. */
#define CELL_ATTR_LEN (PRTOS_MAX_CPUS * 4)

/**
 * struct cell_info - one cell as sysfs shows it
 * @id: the cell's id
 * @attr: its attributes, by enum cell_attr: name, state ("created",
 *	  "loadable", "running", "shut down", "failed"), CPU lists ("2-3";
 *	  empty when there are none)
 * @known: whether each attribute could be read
 */
struct cell_info {
	unsigned int id;
	char attr[CELL_NUM_ATTRS][CELL_ATTR_LEN];
	bool known[CELL_NUM_ATTRS];
};

int parse_cell_ref(const struct command *cmd, const char *arg,
		   struct cell_ref *ref);
void find_cell(struct cell_ref *ref);
int refuse_root_cell(const struct command *cmd, const struct cell_ref *ref);
int parse_target(const struct command *cmd, int argc, char **argv,
		 struct cell_ref *ref);
int parse_known_target(const struct command *cmd, int argc, char **argv,
		       struct cell_ref *ref);
int read_cell_list(struct cell_info **cells);
int check_enabled(void);

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

int read_stats(const struct cell_ref *ref, struct stats *st);

/**
 * struct faults - cells/ID/faults: the health monitor's counts of a cell
 * @n: counters read
 * @names: their names, in the driver's order ("restarts",
 *         "window_restarts", then one per kind of fault)
 * @value: their values
 */
struct faults {
	unsigned int n;
	char names[MAX_COUNTERS][COUNTER_NAME_LEN];
	unsigned long long value[MAX_COUNTERS];
};

int read_faults(const struct cell_ref *ref, struct faults *f);
bool same_layout(const struct stats *a, const struct stats *b);

#endif
