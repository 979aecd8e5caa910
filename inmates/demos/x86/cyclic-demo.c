// SPDX-License-Identifier: GPL-2.0
/*
 * A cyclic executive on one CPU: a release every period, a frame of work
 * per release, and the release latency (frame start minus planned release)
 * kept in statistics printed once a second.
 *
 * Parameters (command line):
 *   mode=irq|poll   irq (default): the APIC timer in periodic mode drives
 *                   the releases, the CPU halts in between; a frame
 *                   starts after the interrupt's handler, EOI and IRET.
 *                   poll: the CPU spins on the TSC until the planned
 *                   release; no interrupts at all.
 *   period=<us>     the period, default 1000
 *   frame_us=<us>   how long each frame works, default 5
 *   hold_ms=<ms>    make the first frame this long: start-up is then a
 *                   critical phase, from the start until that frame ends,
 *                   and a shutdown request in it waits until it ends
 *   shutdown=accept|deny  answer to shutdown requests (default accept;
 *                   deny: the demo never stops by request)
 *   duration=<s>    stop after this many seconds (default 0: never)
 *   bucket_ns=<ns>  histogram resolution (default 1000 irq, 10 poll)
 *   resync=0|1      irq mode: re-plan from the timer's real expiries after
 *                   64, 128, 256, ... releases (default 1; see below)
 *   eoi=after|before irq mode: end the timer interrupt after the frame's
 *                   work (default), or in its handler, before the frame
 *
 * Output (one line each, all numbers decimal):
 *   cyclic-demo: start mode=<m> period=<us>us frame=<us>us duration=<s>s
 *                tsc_khz=<khz> apic_khz=<khz> apic_from=comm|measured|none
 *   cyclic-demo: mode=<m> [eoi=<e>] period=<us>us releases=<n> lat_ns min=<ns>
 *                avg=<ns> max=<ns> p50=<ns> p99=<ns> misses=<n>
 *   cyclic-demo: shutdown deferred: frame in progress
 *   cyclic-demo: shutdown refused
 *   cyclic-demo: shutting down
 *   cyclic-demo: total mode=<m> ... (as the line above, whole run)
 *   cyclic-demo: histogram lat_ns <lo>-<hi>:<n> ... >=<lo>:<n>
 *   cyclic-demo: done
 * (the first two are each printed on one line). Where the cell has a
 * writer port on the sampling channel cyclic-stats, each statistics line
 * (without the "cyclic-demo: " prefix) is also written there, for Linux:
 * 'prtos channel read cyclic-stats'. A miss is a period that
 * got no release of its own because the release before it came more than
 * a period late; its work is merged into that late release. Latencies of
 * the whole run are in the histogram, in bins of a 1-2-5 series.
 *
 * A shutdown request that arrives while a frame runs is answered "later"
 * and approved when the frame has ended, after the final statistics; one
 * that arrives between frames is approved at once. With shutdown=deny
 * every request is refused.
 *
 * In irq mode the plan is the timer's expiries in TSC time, first derived
 * from the calibrated clock ratio. The timer's real period can differ
 * (QEMU's is one input tick longer than programmed, 1 ppm at 1 ms), and an
 * error grows by itself every period, so the plan is resynchronised with
 * expiries read off the timer's current count, at exponentially growing
 * intervals: a few APIC reads in all, none in the steady state between.
 *
 * The end-of-interrupt is a VM exit in a cell (the xAPIC page is trapped),
 * so by default it comes after the frame's work rather than between the
 * timer's expiry and the frame: the next expiry is a period away and
 * waits in the APIC meanwhile. eoi=before keeps the old order, for
 * comparison.
 */
#include <inmate/cmdline.h>
#include <inmate/comm.h>
#include <inmate/inmate.h>
#include <inmate/irq.h>
#include <inmate/port.h>
#include <inmate/printk.h>
#include <inmate/release.h>
#include <inmate/stats.h>
#include <inmate/string.h>
#include <inmate/timer.h>
#include <inmate/tsc.h>

#define NUM_BUCKETS 4096
#define WINDOW_NS   1000000000ULL

enum mode {
	MODE_IRQ,
	MODE_POLL
};

struct cyclic {
	enum mode mode;
	u64 period_us;
	u64 frame_us;
	u64 frame_ticks;
	u64 hold_ticks; /* length of the first frame, if longer */
	u64 duration_s;
	bool resync;
	bool eoi_before; /* irq mode: EOI in the handler, before the frame */
	u64 releases;
	u64 next_resync;
	struct release_grid grid;
	struct stats window;
	struct stats total;
	u64 window_misses;
	u64 total_misses;
	bool stats_port; /* the cell writes cyclic-stats */
};

static u32 window_buckets[NUM_BUCKETS];
static u32 total_buckets[NUM_BUCKETS];

static volatile u32 irq_count;
/* keeps the compiler from optimising the frame's work away */
static volatile u64 work_sink;

static const char *const mode_names[] = { "irq", "poll" };

/* Where the statistics go besides the console: channel cyclic-stats. */
static struct port stats_port;

static bool eoi_after_frame;

static void on_timer(unsigned int vector)
{
	if (eoi_after_frame)
		irq_defer_eoi();
	irq_count++;
}

static void print_stats(const struct cyclic *c, const char *what,
			const struct stats *s, u64 misses)
{
	char line[PRINTK_LINE];
	int len;

	len = snprintf(
		line, sizeof(line),
		"%smode=%s%s period=%lluus releases=%llu lat_ns min=%llu avg=%llu max=%llu p50=%llu p99=%llu misses=%llu",
		what, mode_names[c->mode],
		c->mode != MODE_IRQ ? ""
		: c->eoi_before	    ? " eoi=before"
				    : " eoi=after",
		c->period_us, s->count, stats_min(s), stats_avg(s), s->max,
		stats_percentile(s, 500), stats_percentile(s, 990), misses);
	printk("cyclic-demo: %s\n", line);
	/* the same line for Linux, where the configuration gives a port */
	if (c->stats_port && len > 0) {
		if ((u32)len > stats_port.chan.max_message_size)
			len = stats_port.chan.max_message_size;
		port_write(&stats_port, line, len);
		/* an exit only when a reader waits in poll() */
		port_ring(&stats_port);
	}
}

/* Bins of a 1-2-5 series, from one bucket width up to the overflow. */
static void print_histogram(const struct stats *s)
{
	static const u32 steps[] = { 1, 2, 5 };
	u64 range = (u64)(s->num_buckets - 1) * s->bucket_width;
	u64 lo = 0, hi, scale = s->bucket_width, below_lo = 0, below_hi;
	char line[PRINTK_LINE];
	size_t len;
	unsigned int i = 0;

	len = snprintf(line, sizeof(line), "cyclic-demo: histogram lat_ns");
	while (lo < range) {
		hi = steps[i % 3] * scale;
		if (++i % 3 == 0)
			scale *= 10;
		if (hi > range)
			hi = range;
		if (hi <= lo)
			continue;
		below_hi = stats_count_below(s, hi);
		if (below_hi > below_lo && len < sizeof(line))
			len += snprintf(line + len, sizeof(line) - len,
					" %llu-%llu:%llu", lo, hi,
					below_hi - below_lo);
		below_lo = below_hi;
		lo = hi;
	}
	if (len < sizeof(line))
		snprintf(line + len, sizeof(line) - len, " >=%llu:%llu", range,
			 s->count - below_lo);
	printk("%s\n", line);
}

/* Adds the window's statistics to the run's and starts a new window. */
static void close_window(struct cyclic *c)
{
	stats_merge(&c->total, &c->window);
	c->total_misses += c->window_misses;
	stats_reset(&c->window);
	c->window_misses = 0;
}

/* The end of the run: final statistics, and the approval if asked. */
static void finish(struct cyclic *c, bool shutdown)
{
	timer_stop();
	irq_eoi();
	if (shutdown)
		printk("cyclic-demo: shutting down\n");
	close_window(c);
	print_stats(c, "total ", &c->total, c->total_misses);
	print_histogram(&c->total);
	printk("cyclic-demo: done\n");
	/* the hypervisor may stop the CPU as soon as it reads this */
	if (shutdown)
		comm_reply(true);
}

static bool deny_shutdown;

/* In a critical phase: a pending request waits for its end. */
static void defer_shutdown(void)
{
	if (deny_shutdown || !comm_shutdown_requested())
		return;
	if (comm_reply_later())
		printk("cyclic-demo: shutdown deferred: frame in progress\n");
}

/*
 * At a safe point: is a shutdown due (requested, and accepted)? Not while
 * the start-up's critical phase (hold_ms) has still to run: a request
 * that comes before its frame starts waits for its end too, so that the
 * answer does not depend on how soon after the start the request came.
 */
static bool shutdown_due(const struct cyclic *c)
{
	if (!comm_shutdown_requested())
		return false;
	if (c->hold_ticks) {
		defer_shutdown();
		return false;
	}
	if (!deny_shutdown)
		return true;
	comm_reply(false);
	printk("cyclic-demo: shutdown refused\n");
	return false;
}

/*
 * Waits for the next release and returns the TSC at which its frame
 * starts, or 0 if a shutdown request came first (between frames: it is
 * approved). In irq mode that is after
 * the interrupt's handler, EOI and IRET: the frame cannot start earlier.
 * Interrupts are off on return.
 */
static u64 wait_release(struct cyclic *c, u32 *seen)
{
	u64 now;

	if (c->mode == MODE_POLL) {
		while ((now = tsc_read()) < c->grid.next)
			if (shutdown_due(c))
				return 0;
		return now;
	}
	for (;;) {
		if (shutdown_due(c))
			return 0;
		if (irq_count != *seen) {
			*seen = irq_count;
			return tsc_read();
		}
		irq_enable_and_wait();
		irq_disable();
	}
}

/*
 * Books a release whose frame starts at @now against the plan. Return
 * false if it is no release of its own: an interrupt before the planned
 * time belongs to a period already served or counted as missed. After a
 * stall of the host QEMU delivers the periodic timer's missed expiries
 * late, one after the other (real hardware keeps only one pending); the
 * plan, resynchronised with the timer, lies well within the latency floor.
 */
static bool account(struct cyclic *c, u64 now)
{
	u64 planned = c->grid.next;

	if (now < planned)
		return false;
	c->window_misses += release_grid_catch_up(&c->grid, now) - 1;
	stats_add(&c->window, tsc_to_ns(now - planned));
	return true;
}

/* The frame's work: arithmetic until its time is up. */
static void frame(struct cyclic *c)
{
	u64 end = tsc_read() + (c->hold_ticks ?: c->frame_ticks);
	u64 x = work_sink | 1;
	unsigned int i;

	do {
		for (i = 0; i < 64; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
		}
		/* the end of the frame is the next safe point */
		defer_shutdown();
	} while (tsc_read() < end);
	work_sink = x;
	c->hold_ticks = 0;
}

static bool parse(struct cyclic *c)
{
	char mode[8] = "irq", answer[8] = "accept", eoi[8] = "after";
	long long period = cmdline_parse_int("period", 1000);
	long long frame_us = cmdline_parse_int("frame_us", 5);
	long long duration = cmdline_parse_int("duration", 0);
	long long hold_ms = cmdline_parse_int("hold_ms", 0);
	long long bucket;

	cmdline_parse_str("mode", mode, sizeof(mode));
	cmdline_parse_str("shutdown", answer, sizeof(answer));
	cmdline_parse_str("eoi", eoi, sizeof(eoi));
	if (strcmp(eoi, "after") && strcmp(eoi, "before")) {
		printk("cyclic-demo: unknown eoi=%s: use eoi=after or eoi=before\n",
		       eoi);
		return false;
	}
	if (strcmp(answer, "accept") && strcmp(answer, "deny")) {
		printk("cyclic-demo: unknown shutdown=%s: use shutdown=accept or shutdown=deny\n",
		       answer);
		return false;
	}
	deny_shutdown = !strcmp(answer, "deny");
	if (!strcmp(mode, "irq")) {
		c->mode = MODE_IRQ;
	} else if (!strcmp(mode, "poll")) {
		c->mode = MODE_POLL;
	} else {
		printk("cyclic-demo: unknown mode=%s: use mode=irq or mode=poll\n",
		       mode);
		return false;
	}
	if (period < 10 || period > 1000000 || frame_us < 0 ||
	    frame_us >= period || duration < 0) {
		printk("cyclic-demo: need 10 <= period <= 1000000 (us), 0 <= frame_us < period, duration >= 0\n");
		return false;
	}
	bucket =
		cmdline_parse_int("bucket_ns", c->mode == MODE_IRQ ? 1000 : 10);
	if (bucket < 1)
		bucket = 1;
	c->period_us = period;
	c->frame_us = frame_us;
	c->frame_ticks = ns_to_tsc(frame_us * 1000);
	if (hold_ms > 0 && hold_ms <= 60000)
		c->hold_ticks = ns_to_tsc(hold_ms * 1000000ULL);
	c->duration_s = duration;
	c->resync = c->mode == MODE_IRQ && cmdline_parse_int("resync", 1);
	c->eoi_before = !strcmp(eoi, "before");
	eoi_after_frame = c->mode == MODE_IRQ && !c->eoi_before;
	c->next_resync = 64;
	stats_init(&c->window, window_buckets, NUM_BUCKETS, bucket);
	stats_init(&c->total, total_buckets, NUM_BUCKETS, bucket);
	return true;
}

static bool start(struct cyclic *c)
{
	u64 period_ns = c->period_us * 1000;
	struct timer_periodic t;

	if (c->mode == MODE_POLL) {
		release_grid_init(&c->grid, tsc_read() + ns_to_tsc(period_ns),
				  ns_to_tsc(period_ns), 0);
		return true;
	}
	if (timer_start_periodic(period_ns, on_timer, &t)) {
		printk("cyclic-demo: the APIC timer cannot run period=%llu\n",
		       c->period_us);
		return false;
	}
	release_grid_init(&c->grid, t.armed_tsc, t.period, t.period_frac);
	release_grid_advance(&c->grid);
	return true;
}

void inmate_main(void)
{
	struct cyclic c = { 0 };
	u64 now, window_ticks, window_end, stop_at = 0;
	const char *apic_from;
	u32 seen = 0;

	tsc_init();
	if (!parse(&c))
		return;
	c.stats_port = !port_open(&stats_port, "cyclic-stats") &&
		       port_is_writer(&stats_port);
	if (c.mode == MODE_IRQ)
		timer_calibrate();
	/* the hypervisor's figure spares the cell a second of calibrating */
	apic_from = !timer_apic_khz() ? "none"
		    : comm_apic_khz() ? "comm"
				      : "measured";
	printk("cyclic-demo: start mode=%s period=%lluus frame=%lluus duration=%llus tsc_khz=%u apic_khz=%u apic_from=%s\n",
	       mode_names[c.mode], c.period_us, c.frame_us, c.duration_s,
	       tsc_khz(), timer_apic_khz(), apic_from);
	if (!start(&c))
		return;

	window_ticks = ns_to_tsc(WINDOW_NS);
	window_end = tsc_read() + window_ticks;
	if (c.duration_s)
		stop_at = tsc_read() + c.duration_s * window_ticks;
	for (;;) {
		now = wait_release(&c, &seen);
		if (!now) {
			finish(&c, true);
			return;
		}
		if (!account(&c, now)) {
			irq_eoi();
			continue;
		}
		frame(&c);
		/* a no-op unless the handler deferred it (eoi=after) */
		irq_eoi();
		if (c.resync && ++c.releases >= c.next_resync) {
			release_grid_resync(&c.grid, timer_last_expiry());
			c.next_resync *= 2;
		}

		now = tsc_read();
		if (now >= window_end) {
			print_stats(&c, "", &c.window, c.window_misses);
			close_window(&c);
			while (window_end <= now)
				window_end += window_ticks;
		}
		if (stop_at && now >= stop_at) {
			finish(&c, false);
			return;
		}
	}
}
