// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: the cell's ends of channels. The cell's description (written by
 * the root's tool) names each port's channel and says where it is mapped;
 * the hypervisor's record in the comm region must agree with it, so a
 * stale description cannot point a port elsewhere. prtos_chan_open()
 * checks the channel itself,
 * and lib/channel.c clamps everything a peer writes, so a hostile peer
 * can make a port return garbage but never crash the inmate.
 *
 * Waiting with a doorbell follows the order that rules out a lost
 * wake-up: arm (a full barrier), check, then STI; HLT, which an interrupt
 * that arrived after the check ends at once. The ringing side makes its
 * message visible (a full barrier) before the hypervisor reads the arm.
 */
#include <prtos/cell.h>
#include <prtos/config.h>
#include <inmate/cell-fdt.h>
#include <inmate/comm.h>
#include <inmate/compiler.h>
#include <inmate/hypercall.h>
#include <inmate/irq.h>
#include <inmate/percpu.h>
#include <inmate/port.h>
#include <inmate/string.h>
#include <inmate/tsc.h>

/* The library maps guest-physical 0-4 GiB one-to-one, nothing above. */
#define PORT_MAPPED_END 0x100000000ULL

static const struct prtos_comm_region *const region =
	(const struct prtos_comm_region *)PRTOS_COMM_REGION_GPA;

/* doorbells taken, per vector */
static u32 doorbells[IRQ_NUM_VECTORS];

static void doorbell_handler(unsigned int vector)
{
	__atomic_fetch_add(&doorbells[vector], 1, __ATOMIC_RELAXED);
}

/**
 * port_open() - open the cell's port of a channel
 * @p: filled in on success only
 * @channel: the channel's name
 *
 * Looks the port up by name in the cell's description, checks that the
 * comm region's entry of the same index says the same, that its address
 * range is mapped (below 4 GiB) and opens the channel with
 * prtos_chan_open(), whose header must carry the same name. A port with
 * a doorbell gets the library's handler on its vector (replacing any
 * other). Ages use the channel's TSC frequency, else the comm region's.
 *
 * Return: 0; -ENODEV outside a cell or without a description; -ENOENT if
 * the cell has no port of that channel; -ERANGE for a port outside the mapped memory; otherwise
 * the error of prtos_chan_open(), or -EINVAL (description and comm region
 * disagree, wrong name in the header, a doorbell vector that makes no
 * sense).
 */
int port_open(struct port *p, const char *channel)
{
	const struct prtos_comm_port *cp;
	struct cell_fdt_port fp;
	unsigned int end;
	struct port np;
	int err;

	if (!comm_present())
		return -ENODEV;
	err = cell_fdt_port(channel, &fp);
	if (err)
		return err;
	/* the hypervisor's record of the same port must agree */
	if (fp.index >= PRTOS_COMM_MAX_PORTS ||
	    fp.index >= READ_ONCE(region->num_ports))
		return -EINVAL;
	cp = &region->ports[fp.index];
	if (strncmp(cp->channel, channel, sizeof(cp->channel)) ||
	    READ_ONCE(cp->address) != fp.address ||
	    READ_ONCE(cp->size) != fp.size ||
	    READ_ONCE(cp->vector) != fp.vector ||
	    READ_ONCE(cp->end) !=
		    (fp.writer ? PRTOS_PORT_WRITER : PRTOS_PORT_READER) ||
	    (!fp.writer && READ_ONCE(cp->reader) != fp.reader))
		return -EINVAL;
	if ((fp.address & (PRTOS_CHANNEL_PAGE - 1)) ||
	    fp.address >= PORT_MAPPED_END ||
	    fp.size > PORT_MAPPED_END - fp.address)
		return -ERANGE;
	end = fp.writer ? PRTOS_CHANNEL_END_WRITER
			: PRTOS_CHANNEL_END_READER(fp.reader);

	memset(&np, 0, sizeof(np));
	err = prtos_chan_open(&np.chan, (void *)(unsigned long)fp.address,
			      fp.size, end);
	if (err)
		return err;
	if (strncmp(np.chan.name, channel, sizeof(np.chan.name)))
		return -EINVAL;
	if (!np.chan.tsc_khz)
		np.chan.tsc_khz = comm_tsc_khz();
	np.index = fp.index;
	np.vector = fp.vector;
	if (np.vector != PRTOS_PORT_NO_DOORBELL &&
	    irq_set_handler(np.vector, doorbell_handler))
		return -EINVAL;
	*p = np;
	return 0;
}

/**
 * port_is_writer() - whether the port is its channel's writer
 * @p: the port
 *
 * Return: true for the writer's end, false for a reader's.
 */
bool port_is_writer(const struct port *p)
{
	return p->chan.end == PRTOS_CHANNEL_END_WRITER;
}

/**
 * port_write() - replace the message of a sampling port (writer)
 * @p: the port
 * @msg: the message
 * @len: its bytes, up to the channel's max_message_size
 *
 * Return: 0, or the error of prtos_chan_write().
 */
int port_write(struct port *p, const void *msg, u32 len)
{
	return prtos_chan_write(&p->chan, msg, len, tsc_read());
}

/**
 * port_read() - copy the current message of a sampling port (reader)
 * @p: the port
 * @buf: where to copy
 * @size: room in @buf
 * @info: if not NULL: length, timestamp, age, valid (not older than the
 *	  refresh period) and fresh (not read before)
 *
 * Return: bytes copied; -ENOENT if nothing was written yet, -EAGAIN if
 * the writer kept it busy, or another error of prtos_chan_read().
 */
int port_read(struct port *p, void *buf, u32 size, struct prtos_chan_info *info)
{
	return prtos_chan_read(&p->chan, buf, size, tsc_read(), info);
}

/**
 * port_send() - queue a message (queuing writer)
 * @p: the port
 * @msg: the message
 * @len: its bytes, up to the channel's max_message_size
 *
 * Return: 0; -ENOSPC if the queue is full (counted, and reported to the
 * reader as lost), or another error of prtos_chan_send().
 */
int port_send(struct port *p, const void *msg, u32 len)
{
	return prtos_chan_send(&p->chan, msg, len, tsc_read());
}

/**
 * port_receive() - take the oldest message (queuing reader)
 * @p: the port
 * @buf: where to copy
 * @size: room in @buf
 * @info: if not NULL: length, timestamp, age and lost (messages the
 *	  writer could not queue since the last report)
 *
 * Return: bytes copied; -EAGAIN if the queue is empty, or another error
 * of prtos_chan_receive().
 */
int port_receive(struct port *p, void *buf, u32 size,
		 struct prtos_chan_info *info)
{
	return prtos_chan_receive(&p->chan, buf, size, tsc_read(), info);
}

/**
 * port_reserve() - the next free slot, to write a message in place
 * @p: a queuing writer's port
 * @data: set to the slot's data
 *
 * Return: the room at *@data in bytes, -ENOSPC if the queue is full.
 */
int port_reserve(struct port *p, void **data)
{
	return prtos_chan_reserve(&p->chan, data);
}

/**
 * port_commit() - queue the message written into the reserved slot
 * @p: a queuing writer's port
 * @len: bytes of the message
 *
 * Return: 0, or the error of prtos_chan_commit().
 */
int port_commit(struct port *p, u32 len)
{
	return prtos_chan_commit(&p->chan, len, tsc_read());
}

/**
 * port_peek() - look at the oldest message in place
 * @p: a queuing reader's port
 * @data: set to the message (in the writer's section: a hostile writer
 *	  may change it meanwhile)
 * @info: if not NULL, as port_receive() fills it
 *
 * The message stays queued until port_release().
 *
 * Return: its length, -EAGAIN if the queue is empty.
 */
int port_peek(struct port *p, const void **data, struct prtos_chan_info *info)
{
	return prtos_chan_peek(&p->chan, data, tsc_read(), info);
}

/**
 * port_release() - drop the message port_peek() returned
 * @p: a queuing reader's port
 *
 * Return: 0, -EINVAL if none is peeked.
 */
int port_release(struct port *p)
{
	return prtos_chan_release(&p->chan);
}

/**
 * port_pending() - whether the port has something to do
 * @p: the port
 *
 * Return: a reader: a message it has not read; a writer: room for one.
 */
bool port_pending(const struct port *p)
{
	return prtos_chan_pending(&p->chan);
}

/**
 * port_ring() - ring the doorbells of the port's peers
 * @p: the port
 *
 * A writer rings its readers, a reader the writer. The hypervisor
 * delivers only to a running peer with a vector that armed since its
 * last doorbell. Costs one hypercall (a VM exit), and nothing when no
 * peer has armed: a polling peer costs no exits at all.
 *
 * Return: doorbells delivered (0 when no peer waited), or a negative
 * errno (-ENODEV outside a cell).
 */
long port_ring(struct port *p)
{
	if (!comm_present())
		return -ENODEV;
	/* the message before the look at the peers' arm (theirs: the reverse) */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!prtos_chan_peer_armed(&p->chan))
		return 0;
	return hypercall1(PRTOS_HC_CHANNEL_RING, p->index);
}

/*
 * Halts until the port is pending or a shutdown request waits (the
 * hypervisor rings a cell's armed doorbells when it posts one); the
 * caller's interrupt state stays.
 */
static void wait_doorbell(struct port *p)
{
	unsigned long flags = irq_save();

	for (;;) {
		/* one doorbell per arming: arm again only once served */
		if (!prtos_chan_armed(&p->chan))
			prtos_chan_arm(&p->chan);
		if (prtos_chan_pending(&p->chan) || comm_shutdown_requested())
			break;
		irq_enable_and_wait();
		irq_disable();
	}
	irq_restore(flags);
}

/**
 * port_wait() - wait until the port has something to do
 * @p: the port
 * @timeout_ns: how long at most; 0 only checks; PORT_WAIT_FOREVER waits
 *		as long as it takes
 *
 * Returns when port_pending() is true: a reader has a message it has not
 * read, a writer has room; a wait that halts for the doorbell also
 * returns when a shutdown request is pending (comm_shutdown_requested()). With PORT_WAIT_FOREVER, a doorbell vector and
 * on the cell's first CPU (which takes the doorbells), it arms the
 * doorbell and halts with interrupts enabled (other interrupts are
 * served meanwhile) until the peer rings; the peer must call port_ring()
 * after writing. Otherwise it polls, with the library's TSC frequency
 * (tsc_init()) for the timeout: a halted CPU could sleep through a
 * timeout, as the library does not take the APIC timer for itself.
 *
 * Return: 0 when the port is pending, -ETIMEDOUT.
 */
int port_wait(struct port *p, u64 timeout_ns)
{
	u64 start, ticks;

	if (prtos_chan_pending(&p->chan))
		return 0;
	if (!timeout_ns)
		return -ETIMEDOUT;
	if (timeout_ns == PORT_WAIT_FOREVER) {
		if (p->vector != PRTOS_PORT_NO_DOORBELL && !smp_cpu_id())
			wait_doorbell(p);
		else
			while (!prtos_chan_pending(&p->chan))
				cpu_relax();
		return 0;
	}

	start = tsc_read();
	ticks = ns_to_tsc(timeout_ns);
	while (!prtos_chan_pending(&p->chan)) {
		if (tsc_read() - start >= ticks)
			return -ETIMEDOUT;
		cpu_relax();
	}
	return 0;
}

/**
 * port_doorbells() - how many doorbells the port's vector brought
 * @p: the port
 *
 * Counts every interrupt on the vector, whichever port it was for.
 *
 * Return: the count since start-up (wraps), 0 for a port without one.
 */
u32 port_doorbells(const struct port *p)
{
	if (p->vector == PRTOS_PORT_NO_DOORBELL || p->vector >= IRQ_NUM_VECTORS)
		return 0;
	return __atomic_load_n(&doorbells[p->vector], __ATOMIC_RELAXED);
}
