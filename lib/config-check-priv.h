/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the two halves of the configuration validator share: the reason
 * buffer and its sentence, and the checks of channels and ports that
 * lib/channel-check.c does for lib/config-check.c. Not for other users.
 */
#ifndef _PRTOS_LIB_CONFIG_CHECK_PRIV_H
#define _PRTOS_LIB_CONFIG_CHECK_PRIV_H

#include <prtos-lib/config-check.h>

#define CFG_PAGE_MASK  (PRTOS_CONFIG_PAGE_SIZE - 1)
#define CFG_PHYS_LIMIT (1ULL << PRTOS_CONFIG_PHYS_BITS)

/* Bytes of a system configuration that come before the root cell. */
#define CFG_SYSTEM_HEAD_SIZE \
	(sizeof(struct prtos_system) - sizeof(struct prtos_cell_desc))

struct cfg_check {
	char *reason;
	size_t reason_len;
};

int cfg_fail(struct cfg_check *c, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline bool cfg_page_aligned(__u64 v)
{
	return !(v & CFG_PAGE_MASK);
}

static inline void clear_reason(struct cfg_check *c)
{
	if (c->reason && c->reason_len)
		c->reason[0] = '\0';
}

/* A cell's ports on their own (lib/channel-check.c). */
int cfg_check_ports(struct cfg_check *c, const struct prtos_cell_desc *cell);
/* The channels of a system configuration (lib/channel-check.c). */
int cfg_check_channels(struct cfg_check *c, const struct prtos_system *sys);

#endif
