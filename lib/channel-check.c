// SPDX-License-Identifier: GPL-2.0
/*
 * The validator's checks of channels (system configuration) and ports
 * (cell configurations), and of a cell's ports against the system's
 * channels. Same rules as lib/config-check.c: one sentence per problem,
 * naming the field and the fix.
 */
#include <prtos-lib/fmt.h>
#include <prtos/channel.h>
#include "config-check-priv.h"

/*
 * A name field of @len bytes that refers to a channel or a cell: present
 * and NUL-terminated. @what names the field in the sentence, @empty says
 * what to put there.
 */
static int check_name_field(struct cfg_check *c, const char *what,
			    const char *empty, const char *name, size_t len)
{
	size_t n = strnlen(name, len);

	if (n == len)
		return cfg_fail(
			c, -EINVAL,
			"%s is not NUL-terminated within %u bytes: shorten it to at most %u characters",
			what, (unsigned int)len, (unsigned int)len - 1);
	if (!n)
		return cfg_fail(c, -EINVAL, "%s is empty: %s", what, empty);
	return 0;
}

/* A port on its own; whether its channel exists is prtos_check_cell_ports(). */
static int check_port(struct cfg_check *c, unsigned int i,
		      const struct prtos_port *p)
{
	char what[40];
	int err;

	prtos_snprintf(what, sizeof(what), "port %u channel name", i);
	err = check_name_field(
		c, what,
		"give the name of a channel of the system configuration",
		p->channel, sizeof(p->channel));
	if (err)
		return err;
	if (p->end != PRTOS_PORT_WRITER && p->end != PRTOS_PORT_READER)
		return cfg_fail(
			c, -EINVAL,
			"port %u (channel '%s') has unknown end %u: use %u = PRTOS_PORT_WRITER or %u = PRTOS_PORT_READER",
			i, p->channel, p->end, PRTOS_PORT_WRITER,
			PRTOS_PORT_READER);
	if (p->vector != PRTOS_PORT_NO_DOORBELL &&
	    (p->vector < 32 || p->vector > 255))
		return cfg_fail(
			c, -EINVAL,
			"port %u (channel '%s') has doorbell vector %u: use 32 to 255, or %u = PRTOS_PORT_NO_DOORBELL",
			i, p->channel, p->vector, PRTOS_PORT_NO_DOORBELL);
	if (!cfg_page_aligned(p->address))
		return cfg_fail(
			c, -EINVAL,
			"port %u (channel '%s') address 0x%llx is not page aligned: give a multiple of 4096",
			i, p->channel, p->address);
	return 0;
}

int cfg_check_ports(struct cfg_check *c, const struct prtos_cell_desc *cell)
{
	const struct prtos_port *port = prtos_cell_ports(cell);
	unsigned int i, j;
	int err;

	for (i = 0; i < cell->num_ports; i++) {
		err = check_port(c, i, &port[i]);
		if (err)
			return err;
		for (j = 0; j < i; j++)
			if (!strcmp(port[j].channel, port[i].channel))
				return cfg_fail(
					c, -EINVAL,
					"ports %u and %u both name channel '%s': give the cell one port per channel",
					j, i, port[i].channel);
	}
	return 0;
}

/*
 * prtos_system_channels(), computed from the start of the blob: derived
 * from &sys->root_cell, the pointer makes GCC take the channels for bytes
 * of the root cell's descriptor and warn about reading beyond it.
 */
static const struct prtos_channel *cfg_channels(const struct prtos_system *sys)
{
	return (const struct prtos_channel *)((const char *)sys +
					      CFG_SYSTEM_HEAD_SIZE +
					      prtos_cell_config_size(
						      &sys->root_cell));
}

/* The kind of @ch in words, for sentences. */
static const char *channel_kind(const struct prtos_channel *ch)
{
	return ch->kind == PRTOS_CHANNEL_QUEUING ? "queuing" : "sampling";
}

/* Readers of one channel: named, not the writer, each listed once. */
static int check_channel_readers(struct cfg_check *c,
				 const struct prtos_channel *ch)
{
	unsigned int i, j;
	char what[80];
	int err;

	for (i = 0; i < ch->num_readers; i++) {
		prtos_snprintf(what, sizeof(what), "reader %u of channel '%s'",
			       i, ch->name);
		err = check_name_field(c, what, "name the cell that reads it",
				       ch->readers[i], sizeof(ch->readers[i]));
		if (err)
			return err;
		if (!strcmp(ch->readers[i], ch->writer))
			return cfg_fail(
				c, -EINVAL,
				"cell '%s' is both the writer and a reader of channel '%s': remove it from the readers",
				ch->writer, ch->name);
		for (j = 0; j < i; j++)
			if (!strcmp(ch->readers[j], ch->readers[i]))
				return cfg_fail(
					c, -EINVAL,
					"cell '%s' is listed twice among the readers of channel '%s': list each reader once",
					ch->readers[i], ch->name);
	}
	return 0;
}

/* The geometry of one channel, whose name is known to be sane. */
static int check_channel_geometry(struct cfg_check *c,
				  const struct prtos_channel *ch)
{
	bool queuing = ch->kind == PRTOS_CHANNEL_QUEUING;
	__u64 pages;

	if (ch->max_message_size < 1 ||
	    ch->max_message_size > PRTOS_CHANNEL_MAX_MESSAGE)
		return cfg_fail(
			c, -EINVAL,
			"channel '%s' has max_message_size %u: use 1 to %u bytes",
			ch->name, ch->max_message_size,
			PRTOS_CHANNEL_MAX_MESSAGE);
	if (queuing && (ch->depth < 1 || ch->depth > PRTOS_CHANNEL_MAX_DEPTH))
		return cfg_fail(
			c, -EINVAL,
			"queuing channel '%s' has depth %u: use 1 to %u messages",
			ch->name, ch->depth, PRTOS_CHANNEL_MAX_DEPTH);
	if (!queuing && ch->depth)
		return cfg_fail(
			c, -EINVAL,
			"sampling channel '%s' has depth %u: set it to 0 (a sampling channel holds one message)",
			ch->name, ch->depth);
	if (queuing && ch->refresh_ns)
		return cfg_fail(
			c, -EINVAL,
			"queuing channel '%s' has refresh_ns %llu: set it to 0 (only sampling messages go stale)",
			ch->name, ch->refresh_ns);
	/* Every factor is bounded now, so the size cannot overflow. */
	pages = prtos_channel_size(ch) / PRTOS_CHANNEL_PAGE;
	if (pages > PRTOS_CHANNEL_MAX_PAGES)
		return cfg_fail(
			c, -EINVAL,
			"channel '%s' needs %llu pages, more than the limit of %u: lower its max_message_size%s",
			ch->name, pages, PRTOS_CHANNEL_MAX_PAGES,
			queuing ? " or depth" : "");
	return 0;
}

/* The name becomes a device node of the root: /dev/prtos-channel/NAME. */
static int check_channel_name(struct cfg_check *c, const char *name)
{
	size_t len = strlen(name), i;

	for (i = 0; i < len; i++)
		if (name[i] <= ' ' || name[i] > '~' || name[i] == '/')
			return cfg_fail(
				c, -EINVAL,
				"channel name has character 0x%02x at offset %u: use printable ASCII except space and '/'",
				(unsigned char)name[i], (unsigned int)i);
	if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')))
		return cfg_fail(
			c, -EINVAL,
			"channel name '%s' cannot be used as a device name: rename the channel",
			name);
	return 0;
}

static int check_channel(struct cfg_check *c, unsigned int i,
			 const struct prtos_channel *ch)
{
	char what[80];
	int err;

	prtos_snprintf(what, sizeof(what), "the name of channel %u", i);
	err = check_name_field(c, what, "give every channel a name", ch->name,
			       sizeof(ch->name));
	if (!err)
		err = check_channel_name(c, ch->name);
	if (err)
		return err;
	if (ch->kind != PRTOS_CHANNEL_SAMPLING &&
	    ch->kind != PRTOS_CHANNEL_QUEUING)
		return cfg_fail(
			c, -EINVAL,
			"channel '%s' has unknown kind %u: use %u = PRTOS_CHANNEL_SAMPLING or %u = PRTOS_CHANNEL_QUEUING",
			ch->name, ch->kind, PRTOS_CHANNEL_SAMPLING,
			PRTOS_CHANNEL_QUEUING);
	prtos_snprintf(what, sizeof(what), "the writer of channel '%s'",
		       ch->name);
	err = check_name_field(c, what, "name the cell that writes it",
			       ch->writer, sizeof(ch->writer));
	if (err)
		return err;
	if (ch->kind == PRTOS_CHANNEL_QUEUING && ch->num_readers != 1)
		return cfg_fail(
			c, -EINVAL,
			"queuing channel '%s' has %u readers: a queue has exactly 1 (use a sampling channel for several)",
			ch->name, ch->num_readers);
	if (ch->num_readers < 1 || ch->num_readers > PRTOS_CHANNEL_MAX_READERS)
		return cfg_fail(c, -EINVAL,
				"%s channel '%s' has %u readers: use 1 to %u",
				channel_kind(ch), ch->name, ch->num_readers,
				PRTOS_CHANNEL_MAX_READERS);
	err = check_channel_readers(c, ch);
	if (!err)
		err = check_channel_geometry(c, ch);
	return err;
}

int cfg_check_channels(struct cfg_check *c, const struct prtos_system *sys)
{
	const struct prtos_channel *ch = cfg_channels(sys);
	unsigned int i, j;
	int err;

	for (i = 0; i < sys->num_channels; i++) {
		err = check_channel(c, i, &ch[i]);
		if (err)
			return err;
		for (j = 0; j < i; j++)
			if (!strcmp(ch[j].name, ch[i].name))
				return cfg_fail(
					c, -EINVAL,
					"channels %u and %u are both named '%s': give every channel its own name",
					j, i, ch[i].name);
	}
	return 0;
}

/**
 * prtos_config_find_channel() - a channel of a system configuration by name
 * @sys: a validated system configuration
 * @name: the channel's name (NUL-terminated)
 *
 * Return: the channel, or NULL if @sys declares none of that name.
 */
const struct prtos_channel *
prtos_config_find_channel(const struct prtos_system *sys, const char *name)
{
	const struct prtos_channel *ch = cfg_channels(sys);
	unsigned int i;

	for (i = 0; i < sys->num_channels; i++)
		if (!strncmp(ch[i].name, name, PRTOS_CHANNEL_NAME_LEN))
			return &ch[i];
	return NULL;
}

/* @cell holds the end of @ch that its port @p claims. */
static int check_port_end(struct cfg_check *c,
			  const struct prtos_cell_desc *cell,
			  const struct prtos_port *p,
			  const struct prtos_channel *ch)
{
	char readers[PRTOS_CHANNEL_MAX_READERS * (PRTOS_CELL_NAME_LEN + 4)];
	size_t len = 0;
	unsigned int r;

	if (p->end == PRTOS_PORT_WRITER) {
		if (!strcmp(ch->writer, cell->name))
			return 0;
		return cfg_fail(
			c, -EINVAL,
			"cell '%s' is not the writer of channel '%s' (its writer is '%s')",
			cell->name, ch->name, ch->writer);
	}
	for (r = 0; r < ch->num_readers; r++)
		if (!strcmp(ch->readers[r], cell->name))
			return 0;
	for (r = 0; r < ch->num_readers; r++)
		len += prtos_snprintf(readers + len, sizeof(readers) - len,
				      "%s'%s'", r ? ", " : "", ch->readers[r]);
	return cfg_fail(
		c, -EINVAL,
		"cell '%s' is not a reader of channel '%s' (its reader%s %s %s)",
		cell->name, ch->name, ch->num_readers == 1 ? "" : "s",
		ch->num_readers == 1 ? "is" : "are", readers);
}

/*
 * Where port @i of @cell, taking @size bytes, appears in the cell's
 * guest-physical space: inside it, clear of its memory and earlier ports.
 */
static int check_port_range(struct cfg_check *c, const struct prtos_system *sys,
			    const struct prtos_cell_desc *cell, unsigned int i,
			    __u64 size)
{
	const struct prtos_memory *mem = prtos_cell_mem(cell);
	const struct prtos_port *port = prtos_cell_ports(cell);
	const struct prtos_port *p = &port[i];
	const struct prtos_channel *other;
	__u64 other_size;
	unsigned int j;

	if (p->address + size < p->address)
		return cfg_fail(
			c, -EINVAL,
			"port %u (channel '%s') at 0x%llx + 0x%llx bytes wraps around the end of the address space: give it a lower address",
			i, p->channel, p->address, size);
	if (p->address + size > CFG_PHYS_LIMIT)
		return cfg_fail(
			c, -EINVAL,
			"port %u (channel '%s') at 0x%llx-0x%llx goes beyond the %u-bit physical address space: give it a lower address",
			i, p->channel, p->address, p->address + size - 1,
			PRTOS_CONFIG_PHYS_BITS);
	for (j = 0; j < cell->num_memory_regions; j++)
		if (prtos_ranges_overlap(p->address, size, mem[j].virt_start,
					 mem[j].size))
			return cfg_fail(
				c, -EINVAL,
				"port %u (channel '%s') at 0x%llx-0x%llx overlaps memory region %u (0x%llx-0x%llx): move the port to a free address",
				i, p->channel, p->address,
				p->address + size - 1, j, mem[j].virt_start,
				mem[j].virt_start + mem[j].size - 1);
	for (j = 0; j < i; j++) {
		other = prtos_config_find_channel(sys, port[j].channel);
		other_size = prtos_channel_size(other);
		if (prtos_ranges_overlap(p->address, size, port[j].address,
					 other_size))
			return cfg_fail(
				c, -EINVAL,
				"ports %u and %u overlap in guest-physical space (0x%llx-0x%llx and 0x%llx-0x%llx): move one of them",
				j, i, port[j].address,
				port[j].address + other_size - 1, p->address,
				p->address + size - 1);
	}
	return 0;
}

/**
 * prtos_check_cell_ports() - check a cell's ports against the channels
 * @sys: a system configuration that passed prtos_check_system_config()
 * @cell: a cell that passed prtos_check_cell_config() (or @sys's root cell)
 * @reason: where to put a one-sentence explanation on failure (may be NULL)
 * @reason_len: size of @reason; the text is truncated to fit
 *
 * Every port must name a channel that @sys declares, of which @cell holds
 * the end the port claims (the writer, or one of the readers), and the
 * channel's pages must fit at the port's address without wrapping and
 * without overlapping the cell's memory regions (comm region included) or
 * its other ports. @reason is emptied on success.
 *
 * Return: 0 if the ports fit the channels, -EINVAL otherwise.
 */
int prtos_check_cell_ports(const struct prtos_system *sys,
			   const struct prtos_cell_desc *cell, char *reason,
			   size_t reason_len)
{
	struct cfg_check c = { reason, reason_len };
	const struct prtos_port *port = prtos_cell_ports(cell);
	const struct prtos_channel *ch;
	unsigned int i;
	int err;

	clear_reason(&c);
	for (i = 0; i < cell->num_ports; i++) {
		ch = prtos_config_find_channel(sys, port[i].channel);
		if (!ch)
			return cfg_fail(
				&c, -EINVAL,
				"port %u names channel '%s', which the system configuration does not declare: declare it there or correct the name",
				i, port[i].channel);
		err = check_port_end(&c, cell, &port[i], ch);
		if (!err && cell == &sys->root_cell &&
		    port[i].vector != PRTOS_PORT_NO_DOORBELL)
			err = cfg_fail(
				&c, -EINVAL,
				"root port %u (channel '%s') has a doorbell vector: set it to 0, the root's doorbells come on platform.root_doorbell_pin",
				i, ch->name);
		if (!err)
			err = check_port_range(&c, sys, cell, i,
					       prtos_channel_size(ch));
		if (err)
			return err;
	}
	return 0;
}
