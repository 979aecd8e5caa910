// SPDX-License-Identifier: GPL-2.0
/*
 * The commands that act on the hypervisor as a whole through /dev/prtos:
 * enable, disable and console (as text, or with --json as lines).
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <prtos/console.h>
#include <prtos/ioctl.h>

#include "config-file.h"
#include "device.h"
#include "json.h"
#include "prtos.h"

/* Whether the hypervisor has left anything in its console ring. */
static bool console_has_messages(int fd)
{
	struct prtos_console_args args = {};
	char byte;

	args.buf = (unsigned long)&byte;
	args.size = 1;
	return !ioctl(fd, PRTOS_CONSOLE_READ, &args) && (args.len || args.lost);
}

/*
 * Whether to send the user to 'prtos console' after a failed enable: the
 * hypervisor left messages, the reason does not send there already, and
 * PRTOS is not running (a running hypervisor's messages are not about
 * this attempt).
 */
static bool console_may_explain(int fd, const char *reason)
{
	char enabled[16];

	if (strstr(reason, "'prtos console'"))
		return false;
	if (!read_sysfs("enabled", enabled, sizeof(enabled)) &&
	    strcmp(enabled, "0"))
		return false;
	return console_has_messages(fd);
}

/**
 * cmd_enable() - 'prtos enable FILE'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_enable(const struct command *cmd, int argc, char **argv)
{
	struct prtos_enable_args args = {};
	const char *path;
	double seconds;
	size_t size;
	void *blob;
	int fd, err, status;

	status = parse_one_arg(cmd, argc, argv,
			       "missing FILE (the system configuration)");
	if (status >= 0)
		return status;
	path = argv[optind];

	fd = open_with_config(path, CONFIG_SYSTEM, &blob, &size);
	if (fd < 0)
		return EXIT_FAIL;
	args.config = (unsigned long)blob;
	args.config_size = size;
	err = timed_request(fd, PRTOS_ENABLE, &args, &seconds);
	if (!err) {
		printf("PRTOS enabled (took %.3f s)\n", seconds);
	} else {
		report_refusal("enable PRTOS", err, args.reason,
			       sizeof(args.reason));
		if (console_may_explain(fd, args.reason))
			fprintf(stderr,
				"prtos: see 'prtos console' for the hypervisor's messages\n");
	}
	close(fd);
	free(blob);
	return err ? EXIT_FAIL : EXIT_OK;
}

/**
 * cmd_disable() - 'prtos disable'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_disable(const struct command *cmd, int argc, char **argv)
{
	struct prtos_disable_args args = {};
	double seconds;
	int fd, err, status;

	status = parse_no_args(cmd, argc, argv);
	if (status >= 0)
		return status;

	fd = open_device();
	if (fd < 0)
		return EXIT_FAIL;
	err = timed_request(fd, PRTOS_DISABLE, &args, &seconds);
	if (!err) {
		printf("PRTOS disabled (took %.3f s)\n", seconds);
	} else {
		report_refusal("disable PRTOS", err, args.reason,
			       sizeof(args.reason));
	}
	close(fd);
	return err ? EXIT_FAIL : EXIT_OK;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* No SA_RESTART: the signal must cut the sleep between two polls short. */
static void catch_stop_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/**
 * struct console_json - the console ring as 'prtos console --json' gives it
 * @doc: without --follow, the one document: its "lines" array is open
 * @follow: one document per line and per loss instead
 * @lost: bytes lost so far (without --follow)
 * @len: bytes in @line
 * @line: the line being assembled; a line longer than the ring cannot
 *	  have been read whole, so a full @line is given as one line
 */
struct console_json {
	struct json doc;
	bool follow;
	unsigned long long lost;
	size_t len;
	char line[PRTOS_CONSOLE_SIZE];
};

/* Give the line assembled so far. Returns 0 or -1 (reported). */
static int console_json_line(struct console_json *c)
{
	struct json j;

	if (!c->follow) {
		json_string_len(&c->doc, c->line, c->len);
		c->len = 0;
		return 0;
	}
	if (json_begin(&j, stdout))
		return -1;
	json_key(&j, "line");
	json_string_len(&j, c->line, c->len);
	c->len = 0;
	return json_end(&j);
}

/*
 * One read of the ring, @args saying how many bytes were lost before the
 * @args->len of @buf: a loss ends the line so far, each newline ends one
 * (and is not part of it). Returns 0 or -1 (reported).
 */
static int console_json_read(struct console_json *c, const char *buf,
			     const struct prtos_console_args *args)
{
	struct json j;
	size_t i;

	if (args->lost && c->len && console_json_line(c))
		return -1;
	if (args->lost && !c->follow) {
		c->lost += args->lost;
	} else if (args->lost) {
		if (json_begin(&j, stdout))
			return -1;
		json_key(&j, "lost_bytes");
		json_uint(&j, args->lost);
		if (json_end(&j))
			return -1;
	}
	for (i = 0; i < args->len; i++) {
		if ((buf[i] == '\n' || c->len == sizeof(c->line)) &&
		    console_json_line(c))
			return -1;
		if (buf[i] != '\n')
			c->line[c->len++] = buf[i];
	}
	return 0;
}

/*
 * One read of the ring as text: a loss as "[... N bytes lost ...]" on a
 * line of its own, then the bytes. Returns whether a line has just ended.
 */
static bool print_console(const char *buf,
			  const struct prtos_console_args *args,
			  bool line_start)
{
	if (args->lost) {
		printf("%s[... %llu bytes lost ...]\n", line_start ? "" : "\n",
		       (unsigned long long)args->lost);
		line_start = true;
	}
	if (!args->len)
		return line_start;
	fwrite(buf, 1, args->len, stdout);
	return buf[args->len - 1] == '\n';
}

/*
 * The end of 'prtos console --json' after the reading loop ended with
 * @ret: the last line, and without --follow the document (nothing of it
 * when the reading failed). Returns the exit code.
 */
static int console_json_end(struct console_json *c, int ret)
{
	if ((ret == EXIT_OK || c->follow) && c->len && console_json_line(c))
		ret = EXIT_FAIL;
	if (c->follow)
		return ret;
	if (ret != EXIT_OK) {
		json_discard(&c->doc);
		return ret;
	}
	json_close_array(&c->doc);
	json_key(&c->doc, "lost_bytes");
	json_uint(&c->doc, c->lost);
	return json_end(&c->doc) ? EXIT_FAIL : EXIT_OK;
}

/**
 * cmd_console() - 'prtos console [-f|--follow] [-j|--json]'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_console(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		HELP_OPTION,
		{ "follow", no_argument, NULL, 'f' },
		JSON_OPTION,
		{},
	};
	static const struct timespec poll_interval = { 0, 200 * 1000 * 1000 };
	static char buf[PRTOS_CONSOLE_SIZE];
	static struct console_json cj;
	struct prtos_console_args args = {};
	bool follow = false, line_start = true, json = false;
	int c, fd, status, ret = EXIT_OK;

	while ((c = parse_next(cmd, argc, argv, ":hfj", opts, &status)) != -1)
		if (c == 'f')
			follow = true;
		else if (c == 'j')
			json = true;
	if (status >= 0)
		return status;
	if (optind < argc)
		return usage_error(cmd, "unexpected argument '%s'",
				   argv[optind]);

	fd = open_device();
	if (fd < 0)
		return EXIT_FAIL;
	cj.follow = follow;
	if (json && !follow) {
		if (json_begin(&cj.doc, stdout)) {
			close(fd);
			return EXIT_FAIL;
		}
		json_key(&cj.doc, "lines");
		json_open_array(&cj.doc);
	}
	if (follow)
		catch_stop_signals();
	while (!stop) {
		args.buf = (unsigned long)buf;
		args.size = sizeof(buf);
		args.len = 0;
		args.lost = 0;
		if (ioctl(fd, PRTOS_CONSOLE_READ, &args)) {
			if (errno == EINTR)
				continue;
			/* struct prtos_console_args has no reason. */
			report_refusal("read the hypervisor console", errno,
				       NULL, 0);
			ret = EXIT_FAIL;
			break;
		}
		if (!json) {
			line_start = print_console(buf, &args, line_start);
		} else if (console_json_read(&cj, buf, &args)) {
			ret = EXIT_FAIL;
			break;
		}
		if (args.len)
			continue;
		if (!follow)
			break;
		fflush(stdout);
		nanosleep(&poll_interval, NULL);
	}
	close(fd);
	if (json)
		return console_json_end(&cj, ret);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr,
			"prtos: cannot write the console to standard output: %s\n",
			strerror(errno));
		return EXIT_FAIL;
	}
	return ret;
}
