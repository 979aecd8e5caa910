/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parameter string the root loaded at PRTOS_INMATE_CMDLINE_GPA:
 * space-separated words "name=value" or "name". Numbers are decimal or,
 * with 0x, hexadecimal, optionally negative.
 */
#ifndef _INMATE_CMDLINE_H
#define _INMATE_CMDLINE_H

#include <inmate/types.h>

void cmdline_init(void);
const char *cmdline_get(void);
long long cmdline_parse_int(const char *name, long long def);
bool cmdline_parse_str(const char *name, char *buf, size_t size);
bool cmdline_has(const char *name);

#endif
