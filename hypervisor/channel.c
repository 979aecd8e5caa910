// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: their memory, the mapping of each end into its cell, and
 * doorbells. The memory comes from the page pool at start-up and lives as
 * long as the hypervisor, so a cell that is destroyed and created again
 * finds its channels as the other ends left them. Every section of a
 * channel has one writer: nested paging gives each end its own section
 * writable and the rest read-only, so the hypervisor never has to check a
 * message. It writes only the header (doorbell bookkeeping) and, when a
 * sampling writer dies mid-message, closes that message as empty.
 */
#include <prtos-hv/arch.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/channel.h>
#include <prtos-hv/console.h>
#include <prtos-hv/control.h>
#include <prtos-hv/mem.h>
#include <prtos-hv/percpu.h>
#include <prtos-hv/setup.h>
#include <prtos-lib/channel.h>
#include <prtos-lib/config-check.h>
#include <prtos-lib/fmt.h>
#include <prtos/channel.h>

/**
 * struct channel_end - who holds one end of a channel
 * @cell: the cell, NULL while none exists
 * @port: the end's index among the cell's ports
 * @vector: its doorbell vector, PRTOS_PORT_NO_DOORBELL if it polls
 */
struct channel_end {
	struct cell *cell;
	unsigned int port;
	u32 vector;
};

struct channel {
	const struct prtos_channel *config;
	struct prtos_channel_header *hdr;
	u64 size;
	struct channel_end ends[PRTOS_CHANNEL_NUM_ENDS];
};

static struct channel channels[PRTOS_MAX_CHANNELS];
static unsigned int num_channels;

static struct channel *find(const char *name)
{
	unsigned int n;

	for (n = 0; n < num_channels; n++)
		if (!strncmp(channels[n].config->name, name,
			     PRTOS_CHANNEL_NAME_LEN))
			return &channels[n];
	return NULL;
}

/* The end a port of a cell named @cell_name is, or -1. */
static int end_of(const struct channel *ch, const struct prtos_port *p,
		  const char *cell_name)
{
	const struct prtos_channel *c = ch->config;
	unsigned int n;

	if (p->end == PRTOS_PORT_WRITER)
		return strncmp(c->writer, cell_name, PRTOS_CELL_NAME_LEN)
			       ? -1
			       : PRTOS_CHANNEL_END_WRITER;
	for (n = 0; n < c->num_readers; n++)
		if (!strncmp(c->readers[n], cell_name, PRTOS_CELL_NAME_LEN))
			return PRTOS_CHANNEL_END_READER(n);
	return -1;
}

/* Byte range of end @e's own section. */
static void section(const struct channel *ch, unsigned int e, u64 *offset,
		    u64 *size)
{
	if (e == PRTOS_CHANNEL_END_WRITER) {
		*offset = ch->hdr->writer_offset;
		*size = ch->hdr->writer_size;
	} else {
		*offset = ch->hdr->reader_offset[e - 1];
		*size = PRTOS_CHANNEL_PAGE;
	}
}

/* The arm count end @e keeps in its own section. */
static u32 arm_of(const struct channel *ch, unsigned int e)
{
	u64 offset, size;

	section(ch, e, &offset, &size);
	if (e == PRTOS_CHANNEL_END_WRITER)
		return READ_ONCE(
			((struct prtos_channel_writer *)((u8 *)ch->hdr + offset))
				->arm);
	return READ_ONCE(
		((struct prtos_channel_reader *)((u8 *)ch->hdr + offset))->arm);
}

/**
 * channels_init() - make the channels of the system configuration
 * @sys: the system configuration, validated
 *
 * Return: 0 or -ENOMEM (reason recorded).
 */
int channels_init(const struct prtos_system *sys)
{
	const struct prtos_channel *c = prtos_system_channels(sys);
	unsigned int n;

	for (n = 0; n < sys->num_channels; n++, c++) {
		struct channel *ch = &channels[n];
		u64 size = prtos_channel_size(c);

		ch->config = c;
		ch->size = size;
		ch->hdr = page_alloc(size / PRTOS_CHANNEL_PAGE);
		if (!ch->hdr)
			return setup_fail(
				-ENOMEM,
				"out of hypervisor memory for channel '%s' (%llu KiB): give PRTOS more memory",
				c->name, (unsigned long long)size / 1024);
		prtos_channel_format(ch->hdr, c, hv_header.tsc_khz);
		num_channels = n + 1;
	}
	if (num_channels)
		printk("%u channels ready\n", num_channels);
	return 0;
}

/**
 * channels_check() - may a new cell hold the ports it declares?
 * @cpu: the calling root CPU, for the reason
 * @c: the cell's configuration, validated on its own
 *
 * Return: 0 or -EINVAL with a reason.
 */
long channels_check(struct per_cpu *cpu, const struct prtos_cell_desc *c)
{
	char reason[PRTOS_REASON_LEN];
	int err = prtos_check_cell_ports(system_config, c, reason,
					 sizeof(reason));

	if (err)
		return hc_fail(cpu, err, "invalid cell configuration: %s",
			       reason);
	return 0;
}

/**
 * channels_map() - map the channels of @cell's ports into it
 * @cell: the cell, being built
 *
 * Each end sees the whole channel at its port's address, its own section
 * writable, the header and the other sections read-only.
 *
 * Return: 0 or -ENOMEM.
 */
int channels_map(struct cell *cell)
{
	const struct prtos_port *p = prtos_cell_ports(cell->config);
	unsigned int n, e;
	int err;

	for (n = 0; n < cell->config->num_ports; n++, p++) {
		struct channel *ch = find(p->channel);
		u64 offset, size;
		int own;

		if (!ch)
			return -EINVAL;
		own = end_of(ch, p, cell->config->name);
		if (own < 0)
			return -EINVAL;
		err = arch_map_pages(cell, p->address, ch->hdr, ch->size,
				     false);
		if (err)
			return err;
		for (e = 0; e <= ch->config->num_readers; e++) {
			section(ch, e, &offset, &size);
			if (e != (unsigned int)own)
				continue;
			err = arch_map_pages(cell, p->address + offset,
					     (u8 *)ch->hdr + offset, size,
					     true);
			if (err)
				return err;
		}
	}
	return 0;
}

/*
 * A sampling writer that died between making seq odd and even again
 * leaves a half-written message: close it as an empty one, so that the
 * readers neither wait for it nor take it as whole.
 */
static void close_message(struct channel *ch)
{
	struct prtos_channel_writer *w =
		(void *)((u8 *)ch->hdr + ch->hdr->writer_offset);
	u32 seq = READ_ONCE(w->seq);

	if (ch->config->kind != PRTOS_CHANNEL_SAMPLING || !(seq & 1))
		return;
	WRITE_ONCE(w->length, 0);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	WRITE_ONCE(w->seq, seq + 1);
}

/**
 * channels_attach() - @cell takes (or leaves) its ends of its channels
 * @cell: the cell; called under the control lock, or at start-up
 * @attach: true when it is created, false when it is destroyed
 */
void channels_attach(struct cell *cell, bool attach)
{
	const struct prtos_port *p = prtos_cell_ports(cell->config);
	unsigned int n;

	for (n = 0; n < cell->config->num_ports; n++, p++) {
		struct channel *ch = find(p->channel);
		int e = ch ? end_of(ch, p, cell->config->name) : -1;

		if (e < 0)
			continue;
		if (attach) {
			ch->ends[e] = (struct channel_end){
				.cell = cell,
				.port = n,
				.vector = p->vector,
			};
			/* a doorbell armed before the cell existed is void */
			ch->hdr->served[e] = arm_of(ch, e);
			__atomic_or_fetch(&ch->hdr->attached, BIT(e),
					  __ATOMIC_SEQ_CST);
		} else {
			ch->ends[e].cell = NULL;
			__atomic_and_fetch(&ch->hdr->attached, ~BIT(e),
					   __ATOMIC_SEQ_CST);
			if (e == PRTOS_CHANNEL_END_WRITER)
				close_message(ch);
		}
	}
}

/**
 * channels_describe() - list @cell's ports in its comm region
 * @cell: the cell
 * @comm: its comm region, being filled
 */
void channels_describe(const struct cell *cell, struct prtos_comm_region *comm)
{
	const struct prtos_port *p = prtos_cell_ports(cell->config);
	unsigned int n;

	for (n = 0; n < cell->config->num_ports && n < PRTOS_COMM_MAX_PORTS;
	     n++, p++) {
		struct prtos_comm_port *cp = &comm->ports[n];
		struct channel *ch = find(p->channel);
		int e = ch ? end_of(ch, p, cell->config->name) : -1;

		if (e < 0)
			continue;
		memcpy(cp->channel, p->channel, sizeof(cp->channel));
		cp->address = p->address;
		cp->size = ch->size;
		cp->end = p->end;
		cp->reader = e == PRTOS_CHANNEL_END_WRITER ? 0 : e - 1;
		cp->vector = p->vector;
		comm->num_ports = n + 1;
	}
}

/* The CPU of @cell that takes its doorbells: its first. */
static struct per_cpu *doorbell_cpu(const struct cell *cell)
{
	struct per_cpu *c;

	for_each_cpu(c)
		if (c->cell == cell)
			return c;
	return NULL;
}

/*
 * Deliver end @q's doorbell if it exists, runs, has a vector (the root:
 * the platform's doorbell pin) and armed it since the last one it got.
 * Called under the control lock, so that the end's cell cannot be
 * destroyed meanwhile.
 */
static bool deliver(struct channel *ch, unsigned int q)
{
	struct channel_end *end = &ch->ends[q];
	unsigned int pin = system_config->platform.root_doorbell_pin;
	struct per_cpu *target = NULL;
	u32 arm;

	if (!end->cell || end->cell->state != PRTOS_CELL_RUNNING)
		return false;
	if (cell_is_root(end->cell) ? !pin
				    : end->vector == PRTOS_PORT_NO_DOORBELL)
		return false;
	arm = arm_of(ch, q);
	if (arm == ch->hdr->served[q])
		return false;
	if (!cell_is_root(end->cell)) {
		target = doorbell_cpu(end->cell);
		if (!target || target->failed)
			return false;
	}
	ch->hdr->served[q] = arm;
	if (target)
		arch_cpu_send_vector(target, end->vector);
	else if (!arch_raise_pin(end->cell, pin))
		return false;
	ch->hdr->delivered[q]++;
	return true;
}

/**
 * channel_ring() - ring the peers of one of the calling cell's ports
 * @cpu: the calling CPU
 * @port: index of the port in the cell's configuration
 *
 * A writer rings its readers, a reader its writer. A peer gets its vector
 * only if it exists, runs, has a vector and armed its doorbell since the
 * last one it got: a hostile sender cannot flood it.
 *
 * Return: doorbells delivered, or -ENOENT for a port the cell lacks.
 */
long channel_ring(struct per_cpu *cpu, u64 port)
{
	const struct cell *self = cpu->cell;
	const struct prtos_port *p;
	struct channel *ch;
	unsigned int q;
	long delivered = 0;

	int e;

	if (port >= self->config->num_ports)
		return -ENOENT;
	p = &prtos_cell_ports(self->config)[port];
	ch = find(p->channel);
	e = ch ? end_of(ch, p, self->config->name) : -1;
	if (e < 0)
		return -ENOENT;

	/* the lock keeps a peer from being destroyed while it is rung */
	control_lock(cpu);
	ch->hdr->rings[e]++;
	for (q = 0; q <= ch->config->num_readers; q++) {
		if (q == (unsigned int)e || (e != PRTOS_CHANNEL_END_WRITER &&
					     q != PRTOS_CHANNEL_END_WRITER))
			continue;
		delivered += deliver(ch, q);
	}
	control_unlock();
	return delivered;
}

/**
 * channel_status() - a snapshot of one channel's counters for the root
 * @cpu: the calling root CPU
 * @index: the channel, in the system configuration's order
 * @gpa: where the root wants struct prtos_channel_status
 *
 * Return: 0, -ENOENT past the last channel, -EFAULT for a bad buffer.
 */
long channel_status(struct per_cpu *cpu, u64 index, u64 gpa)
{
	struct prtos_channel_status st = { 0 };
	const struct prtos_channel_writer *w;
	const struct prtos_channel_reader *r;
	struct channel *ch;
	unsigned int n;

	if (index >= num_channels)
		return -ENOENT;
	ch = &channels[index];
	w = (const void *)((u8 *)ch->hdr + ch->hdr->writer_offset);
	control_lock(cpu);
	st.attached = ch->hdr->attached;
	st.messages = READ_ONCE(w->messages);
	st.overflows = READ_ONCE(w->overflows);
	for (n = 0; n < ch->config->num_readers; n++) {
		r = (const void *)((u8 *)ch->hdr + ch->hdr->reader_offset[n]);
		st.received[n] = READ_ONCE(r->received);
		st.lost[n] = READ_ONCE(r->lost_seen);
	}
	for (n = 0; n < PRTOS_CHANNEL_NUM_ENDS; n++) {
		st.rings[n] = ch->hdr->rings[n];
		st.delivered[n] = ch->hdr->delivered[n];
	}
	control_unlock();
	return arch_copy_to_guest(cpu->cell, gpa, &st, sizeof(st)) ? -EFAULT
								   : 0;
}

/**
 * channels_wake() - ring @cell's own armed doorbells
 * @cell: the cell; called under the control lock
 *
 * A shutdown request is a message in the comm region, which a cell that
 * halts for a doorbell would not see: it is woken this way.
 */
void channels_wake(struct cell *cell)
{
	const struct prtos_port *p = prtos_cell_ports(cell->config);
	unsigned int n;

	for (n = 0; n < cell->config->num_ports; n++, p++) {
		struct channel *ch = find(p->channel);
		int e = ch ? end_of(ch, p, cell->config->name) : -1;

		if (e >= 0)
			deliver(ch, e);
	}
}

/**
 * channel_explain() - name the channel section a guest address falls in
 * @cell: the cell that accessed @gpa
 * @gpa: guest-physical address
 * @buf: where to write, e.g. ", channel 'x' writer section"
 * @len: its size
 *
 * Return: characters written, 0 if @gpa is in none of @cell's channels.
 */
size_t channel_explain(const struct cell *cell, u64 gpa, char *buf, size_t len)
{
	const struct prtos_port *p = prtos_cell_ports(cell->config);
	unsigned int n, e;

	for (n = 0; n < cell->config->num_ports; n++, p++) {
		struct channel *ch = find(p->channel);
		u64 offset, size, at;

		if (!ch || gpa < p->address || gpa - p->address >= ch->size)
			continue;
		at = gpa - p->address;
		for (e = 0; e <= ch->config->num_readers; e++) {
			section(ch, e, &offset, &size);
			if (at < offset || at - offset >= size)
				continue;
			if (e == PRTOS_CHANNEL_END_WRITER)
				return prtos_snprintf(
					buf, len,
					" (channel '%s', the section of its writer '%s')",
					ch->config->name, ch->config->writer);
			return prtos_snprintf(
				buf, len,
				" (channel '%s', the section of its reader '%s')",
				ch->config->name, ch->config->readers[e - 1]);
		}
		return prtos_snprintf(buf, len, " (channel '%s', its header)",
				      ch->config->name);
	}
	return 0;
}
