/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The handlers of the prtos commands, one per command, as the command
 * table in prtos.c calls them; each command file defines its own.
 */
#ifndef _PRTOS_TOOL_H
#define _PRTOS_TOOL_H

#include <stddef.h>

#include "cli.h"

/* prtos-driver.c */
int cmd_enable(const struct command *cmd, int argc, char **argv);
int cmd_disable(const struct command *cmd, int argc, char **argv);
int cmd_console(const struct command *cmd, int argc, char **argv);

/* prtos-config.c */
int cmd_config_check(const struct command *cmd, int argc, char **argv);

/* prtos-hardware.c */
int cmd_hardware_check(const struct command *cmd, int argc, char **argv);

/* prtos-config-create.c */
int cmd_config_create(const struct command *cmd, int argc, char **argv);

/* prtos-cell.c */
int cmd_cell_create(const struct command *cmd, int argc, char **argv);
int cmd_cell_load(const struct command *cmd, int argc, char **argv);
int cmd_cell_start(const struct command *cmd, int argc, char **argv);
int cmd_cell_shutdown(const struct command *cmd, int argc, char **argv);
int cmd_cell_destroy(const struct command *cmd, int argc, char **argv);

/* prtos-channel.c */
int cmd_channel_list(const struct command *cmd, int argc, char **argv);
int cmd_channel_read(const struct command *cmd, int argc, char **argv);
int cmd_channel_write(const struct command *cmd, int argc, char **argv);

/* prtos-cell-show.c */
int cmd_cell_list(const struct command *cmd, int argc, char **argv);
int cmd_cell_stats(const struct command *cmd, int argc, char **argv);

/* prtos-hm.c */
int cmd_hm_log(const struct command *cmd, int argc, char **argv);

/* prtos-top.c */
int cmd_top(const struct command *cmd, int argc, char **argv);

/* prtos-cell-describe.c */
struct cell_ref;
int cmd_cell_describe(const struct command *cmd, int argc, char **argv);
int describe_cell(const struct cell_ref *ref, const char *bootargs, void **fdt,
		  size_t *size);

#endif
