// SPDX-License-Identifier: GPL-2.0
/*
 * The 'prtos channel' commands: the system's channels as the driver shows
 * them in sysfs (channels/NAME: declaration and a snapshot of each end's
 * counters), rendered one row per end or with --json as a document; and
 * reading and writing the root's ports with libprtos-port, the library
 * any Linux program can use for them (libprtos/).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <prtos/config.h>
#include <prtos/port.h>

#include "cells.h"
#include "cli.h"
#include "device.h"
#include "files.h"
#include "json.h"
#include "prtos.h"
#include "table.h"

#define STATUS_MAX 4096
/* An end's line of channels/NAME/status has at most this many words. */
#define MAX_WORDS 16

enum {
	COL_NAME,
	COL_KIND,
	COL_SIZE,
	COL_END,
	COL_CELL,
	COL_STATE,
	COL_MESSAGES,
	COL_LOST,
	COL_RINGS,
	COL_DOORBELLS,
	NUM_COLS
};

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The channel names in sysfs, sorted; NULL-terminated, malloc'ed. */
static char **channel_names(int *err)
{
	char path[512], **names = NULL;
	size_t n = 0;
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s/channels", sysfs_dir());
	d = opendir(path);
	if (!d) {
		*err = -errno;
		return NULL;
	}
	while ((de = readdir(d))) {
		char **more;

		if (de->d_name[0] == '.')
			continue;
		more = realloc(names, (n + 2) * sizeof(*names));
		if (!more || !(more[n] = strdup(de->d_name))) {
			names = more ? more : names;
			names[n] = NULL;
			*err = -ENOMEM;
			break;
		}
		names = more;
		names[++n] = NULL;
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof(*names), cmp_names);
	else if (!*err)
		names = calloc(1, sizeof(*names));
	return names;
}

/* The value of "key=value" among @words, or "-". */
static const char *word_value(char **words, int n, const char *key)
{
	size_t len = strlen(key);
	int i;

	for (i = 0; i < n; i++)
		if (!strncmp(words[i], key, len) && words[i][len] == '=')
			return words[i] + len + 1;
	return "-";
}

/*
 * The attributes of channel @name that 'prtos channel list' needs: its
 * kind, size and status (malloc'ed, NUL-terminated). Returns 0 or a
 * negative errno.
 */
static int read_channel(const char *name, char *kind, size_t kind_len,
			char *size, size_t size_len, char **status)
{
	char attr[300], *text;
	size_t len;
	void *data;
	int err;

	snprintf(attr, sizeof(attr), "channels/%s/kind", name);
	err = read_sysfs(attr, kind, kind_len);
	snprintf(attr, sizeof(attr), "channels/%s/size", name);
	err = err ?: read_sysfs(attr, size, size_len);
	snprintf(attr, sizeof(attr), "%s/channels/%s/status", sysfs_dir(),
		 name);
	err = err ?: read_file(attr, &data, &len, STATUS_MAX);
	if (err)
		return err;
	/* read_file() adds no terminator. */
	text = realloc(data, len + 1);
	if (!text) {
		free(data);
		return -ENOMEM;
	}
	text[len] = '\0';
	*status = text;
	return 0;
}

/*
 * The next end's line of a status text ("writer CELL STATE key=value
 * ..."), split into @words: how many, or 0 at the end. @save is the
 * strtok_r() state, NULL-initialised by the caller with @status the text.
 */
static int next_end(char **status, char **save, char **words)
{
	char *line;
	int n;

	for (;;) {
		line = strtok_r(*status, "\n", save);
		*status = NULL;
		if (!line)
			return 0;
		for (n = 0;
		     n < MAX_WORDS && (words[n] = strsep(&line, " ")) != NULL;
		     n++)
			;
		if (n >= 3)
			return n;
	}
}

/* One row per end of channel @name. */
static int add_channel(struct table *t, unsigned int *row, const char *name)
{
	char kind[16], size[32], *status, *text, *save = NULL;
	char *words[MAX_WORDS];
	bool first = true;
	int err, n;

	err = read_channel(name, kind, sizeof(kind), size, sizeof(size),
			   &status);
	if (err)
		return err;
	text = status;
	while ((n = next_end(&text, &save, words))) {
		if (first) {
			table_set(t, *row, COL_NAME, "%s", name);
			table_set(t, *row, COL_KIND, "%s", kind);
			table_set(t, *row, COL_SIZE, "%s", size);
		}
		first = false;
		table_set(t, *row, COL_END, "%s", words[0]);
		table_set(t, *row, COL_CELL, "%s", words[1]);
		table_set(t, *row, COL_STATE, "%s", words[2]);
		table_set(t, *row, COL_MESSAGES, "%s",
			  word_value(words, n,
				     !strcmp(words[0], "writer") ? "messages"
								 : "received"));
		table_set(t, *row, COL_LOST, "%s",
			  word_value(words, n,
				     !strcmp(words[0], "writer") ? "overflows"
								 : "lost"));
		table_set(t, *row, COL_RINGS, "%s",
			  word_value(words, n, "rings"));
		table_set(t, *row, COL_DOORBELLS, "%s",
			  word_value(words, n, "doorbells"));
		(*row)++;
	}
	free(status);
	return 0;
}

/* "KEY": channels/@name/KEY as a number, null when it cannot be read. */
static void json_channel_attr(struct json *j, const char *name, const char *key)
{
	char attr[300], value[32];

	snprintf(attr, sizeof(attr), "channels/%s/%s", name, key);
	json_key(j, key);
	if (read_sysfs(attr, value, sizeof(value)))
		json_null(j);
	else
		json_decimal(j, value);
}

/* Channel @name as an object of 'prtos channel list --json'. */
static int json_channel(struct json *j, const char *name)
{
	char kind[16], size[32], *status, *text, *save = NULL, *eq;
	char *words[MAX_WORDS];
	int err, n, i;

	err = read_channel(name, kind, sizeof(kind), size, sizeof(size),
			   &status);
	if (err)
		return err;
	json_open_object(j);
	json_key(j, "name");
	json_string(j, name);
	json_key(j, "kind");
	json_string(j, kind);
	json_key(j, "size");
	json_decimal(j, size);
	json_channel_attr(j, name, "max_message_size");
	json_channel_attr(j, name, "depth");
	json_channel_attr(j, name, "refresh_ns");
	json_key(j, "ends");
	json_open_array(j);
	text = status;
	while ((n = next_end(&text, &save, words))) {
		json_open_object(j);
		json_key(j, "end");
		json_string(j, words[0]);
		json_key(j, "cell");
		json_string(j, words[1]);
		json_key(j, "state");
		json_string(j, words[2]);
		json_key(j, "counters");
		json_open_object(j);
		for (i = 3; i < n; i++) {
			eq = strchr(words[i], '=');
			if (!eq || eq == words[i])
				continue;
			*eq = '\0';
			json_key(j, words[i]);
			json_decimal(j, eq + 1);
		}
		json_close_object(j);
		json_close_object(j);
	}
	json_close_array(j);
	json_close_object(j);
	free(status);
	return 0;
}

/* Every channel in @names as 'prtos channel list --json' prints them. */
static int print_channels_json(char **names)
{
	struct json j;
	int err = 0;
	int n;

	if (json_begin(&j, stdout))
		return -1;
	json_key(&j, "channels");
	json_open_array(&j);
	for (n = 0; names[n] && !err; n++)
		err = json_channel(&j, names[n]);
	if (err) {
		json_discard(&j);
		fprintf(stderr,
			"prtos: cannot read channel '%s' in %s/channels: %s\n",
			names[n - 1], sysfs_dir(), strerror(-err));
		return -1;
	}
	json_close_array(&j);
	return json_end(&j);
}

/**
 * cmd_channel_list() - 'prtos channel list [-j|--json]'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_channel_list(const struct command *cmd, int argc, char **argv)
{
	static const char *const header[NUM_COLS] = {
		"CHANNEL", "KIND", "SIZE",	  "END",   "CELL",
		"STATE",   "MSGS", "LOST/OVERFL", "RINGS", "DOORBELLS",
	};
	unsigned int row = 1, n, col;
	struct table t;
	char **names;
	int status, err = 0;
	bool json;

	status = parse_json_only(cmd, argc, argv, &json);
	if (status >= 0)
		return status;
	if (check_enabled())
		return EXIT_FAIL;
	names = channel_names(&err);
	for (n = 0; names && names[n]; n++)
		;
	if (names && !err && json) {
		err = print_channels_json(names);
		goto out;
	}
	if (!names || err ||
	    table_init(&t, 1 + n * (1 + PRTOS_CHANNEL_MAX_READERS), NUM_COLS,
		       false)) {
		fprintf(stderr,
			"prtos: cannot read %s/channels: %s: check that the prtos driver is loaded ('lsmod | grep prtos')\n",
			sysfs_dir(), strerror(err ? -err : ENOMEM));
		goto out;
	}
	if (!n) {
		printf("No channels: the system configuration declares none.\n");
		table_free(&t);
		goto out;
	}
	for (col = 0; col < NUM_COLS; col++)
		table_set(&t, 0, col, "%s", header[col]);
	for (n = 0; names[n] && !err; n++)
		err = add_channel(&t, &row, names[n]);
	if (err)
		fprintf(stderr,
			"prtos: cannot read channel '%s' in %s/channels: %s\n",
			names[n - 1], sysfs_dir(), strerror(-err));
	else {
		unsigned int rows = t.rows;

		t.rows = row; /* the ends there are */
		table_print(&t);
		t.rows = rows;
	}
	table_free(&t);
out:
	for (n = 0; names && names[n]; n++)
		free(names[n]);
	free(names);
	return err || !names ? EXIT_FAIL : EXIT_OK;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig __attribute__((unused)))
{
	stop = 1;
}

/*
 * Open the root's port on channel @name with the library, for reading or
 * writing; the errors the commands' users meet most are spelt out here.
 */
static int open_port(const char *name, bool write, struct prtos_user_port *p)
{
	int err = prtos_port_open(p, name);

	if (err == -ENOENT)
		fprintf(stderr,
			"prtos: no channel '%s' in the system configuration: 'prtos channel list' shows them\n",
			name);
	else if (err == -ENXIO)
		fprintf(stderr,
			"prtos: the root cell is not an end of channel '%s' (no /dev/prtos-channel/%s): give the root a port on it in the system configuration\n",
			name, name);
	else if (err)
		fprintf(stderr, "prtos: channel '%s': %s\n", name,
			prtos_port_strerror(err));
	if (err)
		return -1;
	if (write != prtos_port_is_writer(p)) {
		fprintf(stderr,
			"prtos: the root cell is the %s of channel '%s', it cannot %s it\n",
			write ? "reader" : "writer", name,
			write ? "write" : "read");
		prtos_port_close(p);
		return -1;
	}
	return 0;
}

/* A message as text where it is text, else as hex bytes. */
static void print_message(const __u8 *msg, int len)
{
	int i;

	for (i = 0; i < len; i++)
		if (!isprint(msg[i]) && msg[i] != '\t')
			break;
	if (i == len) {
		printf("%.*s", len, (const char *)msg);
		return;
	}
	for (i = 0; i < len; i++)
		printf("%s%02x", i ? " " : "", msg[i]);
}

/**
 * cmd_channel_read() - 'prtos channel read NAME [-f|--follow]'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_channel_read(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		HELP_OPTION,
		{ "follow", no_argument, NULL, 'f' },
		{},
	};
	static __u8 msg[PRTOS_CHANNEL_MAX_MESSAGE];
	struct prtos_chan_info info;
	struct prtos_user_port p;
	bool follow = false, shown = false;
	int c, status, len;

	while ((c = parse_next(cmd, argc, argv, ":hf", opts, &status)) != -1)
		follow = true;
	if (status >= 0)
		return status;
	if (optind >= argc)
		return usage_error(cmd, "missing NAME (the channel)");
	if (argc - optind > 1)
		return usage_error(cmd, "unexpected argument '%s'",
				   argv[optind + 1]);
	if (check_enabled() || open_port(argv[optind], false, &p))
		return EXIT_FAIL;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	do {
		if (p.chan.kind == PRTOS_CHANNEL_SAMPLING)
			len = prtos_port_read(&p, msg, sizeof(msg), &info);
		else
			len = prtos_port_receive(&p, msg, sizeof(msg), &info);
		if (len >= 0 && (!follow || info.fresh ||
				 p.chan.kind == PRTOS_CHANNEL_QUEUING)) {
			print_message(msg, len);
			if (info.age_ns == ~0ULL)
				printf("  (age unknown");
			else
				printf("  (age %.3f s", info.age_ns / 1e9);
			if (p.chan.kind == PRTOS_CHANNEL_SAMPLING)
				printf(", %s", info.valid ? "valid" : "stale");
			else if (info.lost)
				printf(", %llu lost before it",
				       (unsigned long long)info.lost);
			printf(")\n");
			fflush(stdout);
			shown = true;
			if (p.chan.kind == PRTOS_CHANNEL_QUEUING)
				continue; /* take what is queued */
		} else if (!follow && len == -ENOENT) {
			printf("No message yet on channel '%s'.\n",
			       argv[optind]);
			shown = true;
		} else if (!follow && len == -EAGAIN &&
			   p.chan.kind == PRTOS_CHANNEL_QUEUING) {
			if (!shown)
				printf("No message queued on channel '%s'.\n",
				       argv[optind]);
			shown = true;
		}
		/* until the writer's doorbell, or a second for one that does not ring */
		if (follow)
			prtos_port_wait(&p, 1000000000ULL);
	} while (follow ? !stop : !shown);
	prtos_port_close(&p);
	return EXIT_OK;
}

/**
 * cmd_channel_write() - 'prtos channel write NAME DATA'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_channel_write(const struct command *cmd, int argc, char **argv)
{
	struct prtos_user_port p;
	const char *data;
	size_t len;
	int status, err;

	status = parse_help_only(cmd, argc, argv);
	if (status >= 0)
		return status;
	if (argc - optind < 2)
		return usage_error(cmd, "missing %s",
				   optind >= argc ? "NAME (the channel)"
						  : "DATA (the message)");
	if (argc - optind > 2)
		return usage_error(cmd, "unexpected argument '%s'",
				   argv[optind + 2]);
	data = argv[optind + 1];
	len = strlen(data);
	if (check_enabled() || open_port(argv[optind], true, &p))
		return EXIT_FAIL;
	if (len > p.chan.max_message_size) {
		fprintf(stderr,
			"prtos: message too long: %zu bytes, channel '%s' takes at most %u\n",
			len, argv[optind], p.chan.max_message_size);
		prtos_port_close(&p);
		return EXIT_FAIL;
	}
	if (p.chan.kind == PRTOS_CHANNEL_SAMPLING)
		err = prtos_port_write(&p, data, len);
	else
		err = prtos_port_send(&p, data, len);
	if (err == -ENOSPC)
		fprintf(stderr,
			"prtos: channel '%s' is full (%u messages): its reader has not taken them; the overflow is counted\n",
			argv[optind], p.chan.depth);
	else if (err)
		fprintf(stderr, "prtos: cannot write channel '%s': %s\n",
			argv[optind], prtos_port_strerror(err));
	else
		prtos_port_ring(&p);
	prtos_port_close(&p);
	return err ? EXIT_FAIL : EXIT_OK;
}
