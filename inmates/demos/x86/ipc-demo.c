// SPDX-License-Identifier: GPL-2.0
/*
 * Ping-pong between two cells over a pair of queuing channels. The cell
 * that writes channel "ipc-ping" pings: it sends a message, waits for the
 * answer on "ipc-pong" and measures the round trip; the cell that writes
 * "ipc-pong" answers every message with the same bytes. Each finds its
 * role and its ports by channel name in what the hypervisor told it
 * (the comm region), never by an address compiled in.
 *
 * Parameters (load-time string):
 *   role=ping|pong       override the role the ports give
 *   mode=doorbell|poll   doorbell (default): ring the peer and halt until
 *                        its doorbell comes; poll: spin on the queue
 *   mode=local-ipi|local-poll  the baseline without channels: the cell's
 *                        two CPUs play ping-pong over a word of its own
 *                        memory, woken by a plain IPI or spinning (run it
 *                        in smp-demo.cell)
 *   size=<bytes>         message size, 16 to the channel's maximum
 *                        (default 64)
 *   tx=<channel> rx=<channel>  answer on other channels than ipc-pong and
 *                        ipc-ping (pong: every message comes back as it
 *                        came; e.g. tx=echo-out rx=echo-in for Linux)
 *   misbehave=<n>        pong only: after <n> answers, write into the
 *                        writer's section of ipc-ping, which it may only
 *                        read (the hypervisor stops the cell; for tests)
 *
 * Output (one line each):
 *   ipc-demo: role=<r> mode=<m> size=<bytes>
 *   ipc-demo: rtt mode=<m> n=<count> min=<ns> avg=<ns> p99=<ns> max=<ns>
 *             lost=<count>                   [ping, once a second and for
 *                                             the rest at shutdown]
 *   ipc-demo: pong mode=<m> answered=<count> [pong, once a second]
 *   ipc-demo: shutting down
 *
 * lost counts messages that did not come back within a second (and
 * messages the queues reported lost). A shutdown request is accepted
 * between two round trips.
 */
#include <inmate/apic.h>
#include <inmate/cell-fdt.h>
#include <inmate/cmdline.h>
#include <inmate/comm.h>
#include <inmate/inmate.h>
#include <inmate/port.h>
#include <inmate/irq.h>
#include <inmate/irqflags.h>
#include <inmate/printk.h>
#include <inmate/smp.h>
#include <inmate/stats.h>
#include <inmate/string.h>
#include <inmate/tsc.h>

#define REPORT_NS 1000000000ULL
#define ANSWER_NS 1000000000ULL
/* Sleep slices of a wait, so that a shutdown request is seen in time. */
#define SLICE_NS    100000000ULL
#define MIN_SIZE    16
#define NUM_BUCKETS 512
#define BUCKET_NS   2000

/* The head of every message; the rest is filler. */
struct ping {
	u64 seq;
	u64 sent_tsc;
};

static u32 buckets[NUM_BUCKETS];
static u8 buf[PRTOS_CHANNEL_MAX_MESSAGE];

struct ipc {
	struct port tx, rx;
	bool doorbell;
	u32 size;
	long long misbehave;
};

static bool open_named(struct ipc *c, bool *ping, const char *tx,
		       const char *rx)
{
	if (port_open(&c->tx, tx) || !port_is_writer(&c->tx) ||
	    port_open(&c->rx, rx) || port_is_writer(&c->rx)) {
		printk("ipc-demo: this cell needs a writer port on %s and a reader port on %s\n",
		       tx, rx);
		return false;
	}
	*ping = false;
	return true;
}

static bool open_ports(struct ipc *c, bool *ping)
{
	char role[8] = "", tx[PRTOS_CHANNEL_NAME_LEN] = "",
	     rx[PRTOS_CHANNEL_NAME_LEN] = "";
	bool tx_ping;

	cmdline_parse_str("tx", tx, sizeof(tx));
	cmdline_parse_str("rx", rx, sizeof(rx));
	if (tx[0] || rx[0])
		return open_named(c, ping, tx, rx);
	cmdline_parse_str("role", role, sizeof(role));
	/* the role the ports give: who writes ipc-ping pings */
	tx_ping = !port_open(&c->tx, "ipc-ping") && port_is_writer(&c->tx);
	if (!tx_ping &&
	    (port_open(&c->tx, "ipc-pong") || !port_is_writer(&c->tx))) {
		printk("ipc-demo: this cell writes neither ipc-ping nor ipc-pong: give it a writer port on one of them\n");
		return false;
	}
	*ping = tx_ping;
	if (!strcmp(role, "ping"))
		*ping = true;
	else if (!strcmp(role, "pong"))
		*ping = false;
	else if (role[0]) {
		printk("ipc-demo: unknown role=%s: use role=ping or role=pong\n",
		       role);
		return false;
	}
	if (port_open(&c->rx, tx_ping ? "ipc-pong" : "ipc-ping") ||
	    port_is_writer(&c->rx)) {
		printk("ipc-demo: no reader port on %s: give the cell one\n",
		       tx_ping ? "ipc-pong" : "ipc-ping");
		return false;
	}
	return true;
}

static bool parse(struct ipc *c)
{
	char mode[16] = "doorbell";
	long long size = cmdline_parse_int("size", 64);
	u32 max = c->tx.chan.max_message_size;

	cmdline_parse_str("mode", mode, sizeof(mode));
	if (!strcmp(mode, "doorbell")) {
		c->doorbell = true;
	} else if (!strcmp(mode, "poll")) {
		c->doorbell = false;
	} else {
		printk("ipc-demo: unknown mode=%s: use mode=doorbell or mode=poll\n",
		       mode);
		return false;
	}
	if (c->doorbell && (c->rx.vector == PRTOS_PORT_NO_DOORBELL ||
			    c->tx.vector == PRTOS_PORT_NO_DOORBELL)) {
		printk("ipc-demo: mode=doorbell needs doorbell vectors on both ports: use mode=poll\n");
		return false;
	}
	if (size < MIN_SIZE || size > max ||
	    size > c->rx.chan.max_message_size) {
		printk("ipc-demo: size=%lld out of range: use %u to %u\n", size,
		       MIN_SIZE, max);
		return false;
	}
	c->size = size;
	c->misbehave = cmdline_parse_int("misbehave", 0);
	return true;
}

/*
 * Waits until @p has a message: halting for the doorbell, or spinning up
 * to @timeout_ns (a halted CPU has no timer to end its wait, so the
 * timeout applies to polling only). Returns false on timeout or a
 * shutdown request.
 */
static bool wait_message(struct ipc *c, struct port *p, u64 timeout_ns)
{
	u64 end = tsc_read() + ns_to_tsc(timeout_ns);

	while (!port_pending(p)) {
		if (comm_shutdown_requested() || tsc_read() >= end)
			return false;
		/* the doorbell (or a shutdown request) ends the halt */
		if (c->doorbell)
			port_wait(p, PORT_WAIT_FOREVER);
		else
			cpu_relax();
	}
	return true;
}

static void send(struct ipc *c, const void *msg, u32 len)
{
	if (port_send(&c->tx, msg, len) < 0)
		return;
	if (c->doorbell)
		port_ring(&c->tx);
}

static void report(const struct ipc *c, const struct stats *s, u64 lost)
{
	printk("ipc-demo: rtt mode=%s n=%llu min=%llu avg=%llu p99=%llu max=%llu lost=%llu\n",
	       c->doorbell ? "doorbell" : "poll", s->count, stats_min(s),
	       stats_avg(s), stats_percentile(s, 990), s->max, lost);
}

static void pinger(struct ipc *c)
{
	struct stats s;
	struct prtos_chan_info info;
	struct ping *msg = (struct ping *)buf;
	u64 seq = 0, lost = 0, now, next_report;
	bool answered_once = false;
	int len;

	stats_init(&s, buckets, NUM_BUCKETS, BUCKET_NS);
	memset(buf, 0x5a, c->size);
	next_report = tsc_read() + ns_to_tsc(REPORT_NS);
	while (!comm_shutdown_requested()) {
		msg->seq = ++seq;
		msg->sent_tsc = tsc_read();
		send(c, msg, c->size);
		/* drop answers to pings that were counted lost */
		for (;;) {
			if (!wait_message(c, &c->rx, ANSWER_NS)) {
				/*
				 * Until the peer first answers it may not run;
				 * a wait ended by a shutdown request lost
				 * nothing.
				 */
				lost += answered_once &&
					!comm_shutdown_requested();
				break;
			}
			len = port_receive(&c->rx, buf, sizeof(buf), &info);
			if (len < 0)
				continue;
			lost += info.lost;
			if (len >= (int)sizeof(*msg) && msg->seq == seq) {
				now = tsc_read();
				stats_add(&s, tsc_to_ns(now - msg->sent_tsc));
				answered_once = true;
				break;
			}
		}
		now = tsc_read();
		if (now >= next_report) {
			report(c, &s, lost);
			stats_reset(&s);
			next_report = now + ns_to_tsc(REPORT_NS);
		}
	}
	/* the round trips since the last report are not lost either */
	if (s.count)
		report(c, &s, lost);
}

static void ponger(struct ipc *c)
{
	struct prtos_chan_info info;
	u64 answered = 0, now, next_report;
	int len;

	next_report = tsc_read() + ns_to_tsc(REPORT_NS);
	while (!comm_shutdown_requested()) {
		if (wait_message(c, &c->rx, SLICE_NS)) {
			len = port_receive(&c->rx, buf, sizeof(buf), &info);
			if (len > 0) {
				send(c, buf, len);
				answered++;
			}
			if (c->misbehave && answered == (u64)c->misbehave) {
				printk("ipc-demo: writing into the writer's section of %s\n",
				       c->rx.chan.name);
				WRITE_ONCE(c->rx.chan.writer->head, 0);
			}
		}
		now = tsc_read();
		if (now >= next_report) {
			printk("ipc-demo: pong mode=%s answered=%llu\n",
			       c->doorbell ? "doorbell" : "poll", answered);
			next_report = now + ns_to_tsc(REPORT_NS);
		}
	}
}

/* The local baseline: a mailbox and a plain IPI between two CPUs. */
#define LOCAL_VECTOR 0x41

static volatile u64 local_ping, local_pong;
static volatile bool local_stop;
static bool local_ipi;
static u32 local_apic[2];

static void local_handler(unsigned int vector)
{
}

/* Wait until *@word is @want: halting for the IPI, or spinning. */
static bool local_wait(volatile u64 *word, u64 want)
{
	while (READ_ONCE(*word) != want) {
		if (READ_ONCE(local_stop))
			return false;
		if (local_ipi) {
			irq_disable();
			if (READ_ONCE(*word) != want)
				irq_enable_and_wait();
			irq_enable();
		} else {
			cpu_relax();
		}
	}
	return true;
}

static void local_kick(unsigned int cpu)
{
	if (local_ipi)
		apic_send_ipi(local_apic[cpu], APIC_DM_FIXED, LOCAL_VECTOR);
}

static void local_pong_cpu(void)
{
	u64 seq = 0;

	irq_enable();
	while (local_wait(&local_ping, seq + 1)) {
		WRITE_ONCE(local_pong, ++seq);
		local_kick(0);
	}
}

static void local_run(const char *mode)
{
	struct stats s;
	u64 seq = 0, t0, next_report;

	local_ipi = !strcmp(mode, "local-ipi");
	local_apic[0] = this_cpu()->apic_id;
	local_apic[1] = comm_cpu_apic_id(1);
	irq_set_handler(LOCAL_VECTOR, local_handler);
	if (smp_start_cpus(local_pong_cpu) < 2) {
		printk("ipc-demo: mode=%s needs a cell of two CPUs (smp-demo.cell)\n",
		       mode);
		return;
	}
	printk("ipc-demo: role=ping mode=%s size=8\n", mode);
	stats_init(&s, buckets, NUM_BUCKETS, BUCKET_NS);
	irq_enable();
	next_report = tsc_read() + ns_to_tsc(REPORT_NS);
	while (!comm_shutdown_requested()) {
		t0 = tsc_read();
		WRITE_ONCE(local_ping, ++seq);
		local_kick(1);
		if (!local_wait(&local_pong, seq))
			break;
		stats_add(&s, tsc_to_ns(tsc_read() - t0));
		if (tsc_read() >= next_report) {
			printk("ipc-demo: rtt mode=%s n=%llu min=%llu avg=%llu p99=%llu max=%llu lost=0\n",
			       mode, s.count, stats_min(&s), stats_avg(&s),
			       stats_percentile(&s, 990), s.max);
			stats_reset(&s);
			next_report = tsc_read() + ns_to_tsc(REPORT_NS);
		}
	}
	WRITE_ONCE(local_stop, true);
	local_kick(1);
	printk("ipc-demo: shutting down\n");
	comm_reply(true);
}

void inmate_main(void)
{
	struct ipc c = { 0 };
	char mode[16] = "";
	bool ping;

	tsc_init();
	cmdline_parse_str("mode", mode, sizeof(mode));
	if (!strcmp(mode, "local-ipi") || !strcmp(mode, "local-poll")) {
		local_run(mode);
		return;
	}
	if (!comm_present()) {
		printk("ipc-demo: not in a cell: there are no channels\n");
		return;
	}
	if (!cell_fdt_present()) {
		printk("ipc-demo: the cell has no description: load it with 'prtos cell load'\n");
		return;
	}
	printk("ipc-demo: described as cell '%s', TSC %u kHz\n",
	       cell_fdt_name(), cell_fdt_tsc_khz());
	if (!open_ports(&c, &ping) || !parse(&c))
		return;
	printk("ipc-demo: role=%s mode=%s size=%u\n", ping ? "ping" : "pong",
	       c.doorbell ? "doorbell" : "poll", c.size);
	if (ping)
		pinger(&c);
	else
		ponger(&c);
	printk("ipc-demo: shutting down\n");
	comm_reply(true);
}
