// SPDX-License-Identifier: GPL-2.0
/*
 * 'prtos top': every cell and channel at once, refreshed in place. Each
 * frame compares two samples of sysfs taken DELAY apart: a cell's exits
 * per second by reason (from its statistics, which the hypervisor reads
 * as one snapshot), the root's violations, and per channel end the
 * messages, losses and doorbells per second. Plain ANSI escapes, so that
 * it runs on a serial console without terminfo.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <prtos/version.h>

#include "cells.h"
#include "device.h"
#include "files.h"
#include "prtos.h"
#include "table.h"

#define MAX_CELLS     64
#define MAX_CHANNELS  64
#define MAX_ENDS      8
#define TOP_REASONS   3
#define STATUS_MAX    4096
#define MIN_DELAY     0.1
#define MAX_DELAY     3600
#define TOTAL_COUNTER "vmexits_total"

/* One end of a channel, from a line of channels/NAME/status. */
struct end_sample {
	char role[8];
	char cell[PRTOS_CELL_NAME_LEN];
	char state[16];
	unsigned long long messages; /* sent (writer) or received (reader) */
	unsigned long long lost;     /* overflows (writer) or lost (reader) */
	unsigned long long doorbells;
};

struct channel_sample {
	char name[PRTOS_CHANNEL_NAME_LEN + 1];
	char kind[16];
	unsigned int nends;
	struct end_sample end[MAX_ENDS];
};

struct sample {
	struct timespec when;
	unsigned int ncells, nchannels;
	struct cell_info cells[MAX_CELLS];
	bool have_stats[MAX_CELLS];
	struct stats stats[MAX_CELLS];
	struct channel_sample channels[MAX_CHANNELS];
	long long root_violations, vmexits_total, pool_used, pool_pages;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig __attribute__((unused)))
{
	stop = 1;
}

static long long sysfs_number(const char *attr)
{
	char buf[32];

	if (read_sysfs(attr, buf, sizeof(buf)))
		return -1;
	return strtoll(buf, NULL, 0);
}

static unsigned long long key_value(char *line, const char *key)
{
	char *p = line;
	size_t len = strlen(key);

	while ((p = strstr(p, key))) {
		if ((p == line || p[-1] == ' ') && p[len] == '=')
			return strtoull(p + len + 1, NULL, 10);
		p += len;
	}
	return 0;
}

static void read_channel(struct channel_sample *ch)
{
	char path[512], attr[300], *status, *line, *save = NULL;
	struct end_sample *e;
	size_t len;
	bool writer;

	snprintf(attr, sizeof(attr), "channels/%s/kind", ch->name);
	if (read_sysfs(attr, ch->kind, sizeof(ch->kind)))
		snprintf(ch->kind, sizeof(ch->kind), "?");
	snprintf(path, sizeof(path), "%s/channels/%s/status", sysfs_dir(),
		 ch->name);
	if (read_file(path, (void **)&status, &len, STATUS_MAX))
		return;
	for (line = strtok_r(status, "\n", &save); line && ch->nends < MAX_ENDS;
	     line = strtok_r(NULL, "\n", &save)) {
		e = &ch->end[ch->nends];
		if (sscanf(line, "%7s %31s %15s", e->role, e->cell, e->state) !=
		    3)
			continue;
		writer = !strcmp(e->role, "writer");
		e->messages = key_value(line, writer ? "messages" : "received");
		e->lost = key_value(line, writer ? "overflows" : "lost");
		e->doorbells = key_value(line, "doorbells");
		ch->nends++;
	}
	free(status);
}

static int cmp_channels(const void *a, const void *b)
{
	return strcmp(((const struct channel_sample *)a)->name,
		      ((const struct channel_sample *)b)->name);
}

static void read_channels(struct sample *s)
{
	char path[512];
	struct dirent *de;
	DIR *d;

	s->nchannels = 0;
	snprintf(path, sizeof(path), "%s/channels", sysfs_dir());
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d)) && s->nchannels < MAX_CHANNELS) {
		struct channel_sample *ch = &s->channels[s->nchannels];

		if (de->d_name[0] == '.' ||
		    strlen(de->d_name) >= sizeof(ch->name))
			continue;
		memset(ch, 0, sizeof(*ch));
		strcpy(ch->name, de->d_name);
		read_channel(ch);
		s->nchannels++;
	}
	closedir(d);
	qsort(s->channels, s->nchannels, sizeof(s->channels[0]), cmp_channels);
}

/* One sample of everything; -1 when PRTOS is not (or no longer) enabled. */
static int take_sample(struct sample *s)
{
	struct cell_info *cells;
	struct cell_ref ref;
	char path[512];
	unsigned int i;
	int n;

	clock_gettime(CLOCK_MONOTONIC, &s->when);
	if (sysfs_number("enabled") != 1)
		return -1;
	n = read_cell_list(&cells);
	if (n < 0)
		return -1;
	s->ncells = n < MAX_CELLS ? n : MAX_CELLS;
	for (i = 0; i < s->ncells; i++) {
		s->cells[i] = cells[i];
		memset(&ref, 0, sizeof(ref));
		ref.id = cells[i].id;
		ref.known = true;
		snprintf(ref.name, sizeof(ref.name), "%.*s",
			 (int)sizeof(ref.name) - 1, cells[i].attr[CELL_NAME]);
		snprintf(ref.label, sizeof(ref.label), "%s", ref.name);
		/* a cell destroyed since the listing is no error here */
		snprintf(path, sizeof(path), "%s/cells/%u/statistics",
			 sysfs_dir(), ref.id);
		s->have_stats[i] = !access(path, R_OK) &&
				   !read_stats(&ref, &s->stats[i]);
	}
	free(cells);
	read_channels(s);
	s->root_violations = sysfs_number("root_violations");
	s->vmexits_total = sysfs_number("vmexits_total");
	s->pool_used = sysfs_number("mem_pool_used_pages");
	s->pool_pages = sysfs_number("mem_pool_pages");
	return 0;
}

static double elapsed(const struct sample *a, const struct sample *b)
{
	return (b->when.tv_sec - a->when.tv_sec) +
	       (b->when.tv_nsec - a->when.tv_nsec) / 1e9;
}

/* The same cell in @before, or -1 (new, or destroyed and created again). */
static int find_before(const struct sample *before, const struct sample *now,
		       unsigned int i)
{
	unsigned int j;

	for (j = 0; j < before->ncells; j++)
		if (before->cells[j].id == now->cells[i].id &&
		    !strcmp(before->cells[j].attr[CELL_NAME],
			    now->cells[i].attr[CELL_NAME]) &&
		    before->have_stats[j] && now->have_stats[i] &&
		    same_layout(&before->stats[j], &now->stats[i]))
			return j;
	return -1;
}

static unsigned long long counter_sum(const struct stats *st, unsigned int c)
{
	unsigned long long sum = 0;
	unsigned int cpu;

	for (cpu = 0; cpu < st->ncpus; cpu++)
		sum += st->value[cpu][c];
	return sum;
}

/* "1000.2" and "xapic 998.0, npf 2.2": a cell's exit rate and reasons. */
static void cell_rates(const struct stats *a, const struct stats *b,
		       double secs, char *total, size_t tlen, char *reasons,
		       size_t rlen)
{
	double rate[MAX_COUNTERS], sum = 0, best;
	int top[TOP_REASONS], c, k, t = -1;
	size_t used = 0;

	for (c = 0; c < (int)b->ncounters; c++) {
		rate[c] = (counter_sum(b, c) - counter_sum(a, c)) / secs;
		if (!strcmp(b->names[c], TOTAL_COUNTER))
			t = c;
		else
			sum += rate[c];
	}
	snprintf(total, tlen, "%.1f", t >= 0 ? rate[t] : sum);
	for (k = 0; k < TOP_REASONS; k++) {
		top[k] = -1;
		best = 0;
		for (c = 0; c < (int)b->ncounters; c++) {
			if (c == t || rate[c] <= best ||
			    (k > 0 && (c == top[0] || (k > 1 && c == top[1]))))
				continue;
			best = rate[c];
			top[k] = c;
		}
	}
	reasons[0] = '\0';
	for (k = 0; k < TOP_REASONS && top[k] >= 0 && used < rlen; k++)
		used += snprintf(reasons + used, rlen - used, "%s%s %.1f",
				 k ? ", " : "", b->names[top[k]], rate[top[k]]);
	if (!reasons[0])
		snprintf(reasons, rlen, "-");
}

static void print_cells(const struct sample *a, const struct sample *b,
			double secs)
{
	char total[32], reasons[160];
	unsigned int i;
	struct table t;
	int j;

	if (table_init(&t, b->ncells + 1, 6, false))
		return;
	table_set(&t, 0, 0, "ID");
	table_set(&t, 0, 1, "NAME");
	table_set(&t, 0, 2, "STATE");
	table_set(&t, 0, 3, "CPUS");
	table_set(&t, 0, 4, "EXITS/S");
	table_set(&t, 0, 5, "BY REASON (/S)");
	for (i = 0; i < b->ncells; i++) {
		const struct cell_info *c = &b->cells[i];

		table_set(&t, i + 1, 0, "%u", c->id);
		table_set(&t, i + 1, 1, "%s", c->attr[CELL_NAME]);
		table_set(&t, i + 1, 2, "%s", c->attr[CELL_STATE]);
		table_set(&t, i + 1, 3, "%s",
			  *c->attr[CELL_CPUS] ? c->attr[CELL_CPUS] : "-");
		j = find_before(a, b, i);
		if (j < 0) {
			table_set(&t, i + 1, 4, "-");
			table_set(&t, i + 1, 5, "-");
			continue;
		}
		cell_rates(&a->stats[j], &b->stats[i], secs, total,
			   sizeof(total), reasons, sizeof(reasons));
		table_set(&t, i + 1, 4, "%s", total);
		table_set(&t, i + 1, 5, "%s", reasons);
	}
	table_print(&t);
	table_free(&t);
}

static const struct end_sample *end_before(const struct sample *a,
					   const struct channel_sample *ch,
					   const struct end_sample *e)
{
	unsigned int i, k;

	for (i = 0; i < a->nchannels; i++) {
		if (strcmp(a->channels[i].name, ch->name))
			continue;
		for (k = 0; k < a->channels[i].nends; k++)
			if (!strcmp(a->channels[i].end[k].role, e->role) &&
			    !strcmp(a->channels[i].end[k].cell, e->cell))
				return &a->channels[i].end[k];
	}
	return NULL;
}

static void print_channels(const struct sample *a, const struct sample *b,
			   double secs)
{
	unsigned int i, k, rows = 1, row = 1;
	const struct end_sample *e, *p;
	struct table t;

	for (i = 0; i < b->nchannels; i++)
		rows += b->channels[i].nends;
	if (!b->nchannels || table_init(&t, rows, 8, false))
		return;
	table_set(&t, 0, 0, "CHANNEL");
	table_set(&t, 0, 1, "KIND");
	table_set(&t, 0, 2, "END");
	table_set(&t, 0, 3, "CELL");
	table_set(&t, 0, 4, "STATE");
	table_set(&t, 0, 5, "MESSAGES/S");
	table_set(&t, 0, 6, "LOST");
	table_set(&t, 0, 7, "DOORBELLS/S");
	for (i = 0; i < b->nchannels; i++) {
		const struct channel_sample *ch = &b->channels[i];

		for (k = 0; k < ch->nends; k++, row++) {
			e = &ch->end[k];
			p = end_before(a, ch, e);
			if (!k) {
				table_set(&t, row, 0, "%s", ch->name);
				table_set(&t, row, 1, "%s", ch->kind);
			}
			table_set(&t, row, 2, "%s", e->role);
			table_set(&t, row, 3, "%s", e->cell);
			table_set(&t, row, 4, "%s", e->state);
			table_set(&t, row, 6, "%llu", e->lost);
			if (!p || p->messages > e->messages ||
			    p->doorbells > e->doorbells) {
				table_set(&t, row, 5, "-");
				table_set(&t, row, 7, "-");
				continue;
			}
			table_set(&t, row, 5, "%.1f",
				  (e->messages - p->messages) / secs);
			table_set(&t, row, 7, "%.1f",
				  (e->doorbells - p->doorbells) / secs);
		}
	}
	printf("\n");
	table_print(&t);
	table_free(&t);
}

static void print_frame(const struct sample *a, const struct sample *b,
			bool screen)
{
	double secs = elapsed(a, b);

	if (screen)
		printf("\033[H\033[2J");
	printf("PRTOS %s: %u cells, %.0f VM exits/s, root violations %lld",
	       PRTOS_VERSION, b->ncells,
	       (b->vmexits_total - a->vmexits_total) / secs,
	       b->root_violations);
	if (b->root_violations > a->root_violations)
		printf(" (+%lld)", b->root_violations - a->root_violations);
	printf(", pool %lld/%lld pages, over %.1f s%s\n\n", b->pool_used,
	       b->pool_pages, secs, screen ? " (q quits)" : "");
	print_cells(a, b, secs);
	print_channels(a, b, secs);
	fflush(stdout);
}

/* Wait @secs; true when the user pressed q (or a signal asks to stop). */
static bool wait_or_quit(double secs, bool keys)
{
	struct timespec start;
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	double left;
	char c;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!stop && (left = secs - seconds_since(&start)) > 0) {
		if (!keys) {
			struct timespec ts = { (time_t)left,
					       (long)((left - (time_t)left) *
						      1e9) };

			nanosleep(&ts, NULL);
			continue;
		}
		if (poll(&pfd, 1, (int)(left * 1000) + 1) > 0 &&
		    read(STDIN_FILENO, &c, 1) == 1 && (c == 'q' || c == 'Q'))
			return true;
	}
	return stop;
}

static double parse_delay(const struct command *cmd, const char *arg,
			  int *status)
{
	char *end;
	double d = strtod(arg, &end);

	if (!isdigit((unsigned char)*arg) || *end || !isfinite(d) ||
	    d < MIN_DELAY || d > MAX_DELAY)
		*status = usage_error(
			cmd,
			"invalid delay '%s': give a number of seconds from 0.1 to %d",
			arg, MAX_DELAY);
	return d;
}

/**
 * cmd_top() - 'prtos top [-d SECONDS] [-n COUNT] [-b]'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_top(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		HELP_OPTION,
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "batch", no_argument, NULL, 'b' },
		{}
	};
	static struct sample samples[2];
	struct termios saved, raw;
	double delay = 1;
	long count = -1;
	bool batch = false, keys;
	int c, status, cur = 0, frames = 0;
	char *end;

	while ((c = parse_next(cmd, argc, argv, ":hd:n:b", opts, &status)) !=
	       -1) {
		if (c == 'd') {
			status = -1;
			delay = parse_delay(cmd, optarg, &status);
			if (status >= 0)
				return status;
		} else if (c == 'n') {
			count = strtol(optarg, &end, 10);
			if (!isdigit((unsigned char)*optarg) || *end ||
			    count < 1)
				return usage_error(
					cmd,
					"invalid count '%s': give a number of frames, 1 or more",
					optarg);
		} else if (c == 'b') {
			batch = true;
		}
	}
	if (status >= 0)
		return status;
	if (optind < argc)
		return usage_error(cmd, "unexpected argument '%s'",
				   argv[optind]);
	if (check_enabled())
		return EXIT_FAIL;
	if (!batch && !isatty(STDOUT_FILENO))
		batch = true;
	keys = !batch && isatty(STDIN_FILENO) && !tcgetattr(0, &saved);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (keys) {
		raw = saved;
		raw.c_lflag &= ~(ICANON | ECHO);
		raw.c_cc[VMIN] = 0;
		raw.c_cc[VTIME] = 0;
		tcsetattr(0, TCSANOW, &raw);
		printf("\033[?25l");
	}

	status = EXIT_OK;
	if (take_sample(&samples[cur]))
		status = EXIT_FAIL;
	while (status == EXIT_OK && (count < 0 || frames < count)) {
		if (wait_or_quit(delay, keys))
			break;
		if (take_sample(&samples[!cur])) {
			status = EXIT_FAIL;
			break;
		}
		if (batch && frames)
			printf("\n");
		print_frame(&samples[cur], &samples[!cur], !batch);
		cur = !cur;
		frames++;
	}
	if (keys) {
		printf("\033[?25h");
		tcsetattr(0, TCSANOW, &saved);
	}
	if (status == EXIT_FAIL)
		fprintf(stderr,
			"prtos: PRTOS is no longer enabled: 'prtos enable SYSTEM.cell' starts it again\n");
	return status;
}
