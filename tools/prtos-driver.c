// SPDX-License-Identifier: GPL-2.0
/*
 * The commands that act on the hypervisor as a whole through /dev/prtos:
 * enable, disable and console.
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
 * cmd_console() - 'prtos console [-f|--follow]'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_console(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		HELP_OPTION, { "follow", no_argument, NULL, 'f' }, {}
	};
	static const struct timespec poll_interval = { 0, 200 * 1000 * 1000 };
	static char buf[PRTOS_CONSOLE_SIZE];
	struct prtos_console_args args = {};
	bool follow = false, line_start = true;
	int c, fd, status, ret = EXIT_OK;

	while ((c = parse_next(cmd, argc, argv, ":hf", opts, &status)) != -1)
		if (c == 'f')
			follow = true;
	if (status >= 0)
		return status;
	if (optind < argc)
		return usage_error(cmd, "unexpected argument '%s'",
				   argv[optind]);

	fd = open_device();
	if (fd < 0)
		return EXIT_FAIL;
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
		if (args.lost) {
			printf("%s[... %llu bytes lost ...]\n",
			       line_start ? "" : "\n",
			       (unsigned long long)args.lost);
			line_start = true;
		}
		if (args.len) {
			fwrite(buf, 1, args.len, stdout);
			line_start = buf[args.len - 1] == '\n';
			continue;
		}
		if (!follow)
			break;
		fflush(stdout);
		nanosleep(&poll_interval, NULL);
	}
	close(fd);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr,
			"prtos: cannot write the console to standard output: %s\n",
			strerror(errno));
		return EXIT_FAIL;
	}
	return ret;
}
