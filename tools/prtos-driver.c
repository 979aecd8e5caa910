// SPDX-License-Identifier: GPL-2.0
/*
 * The commands that talk to the driver through /dev/prtos: enable,
 * disable and console, and the translation of a failed request into a
 * sentence that names the problem and what to do about it (also used by
 * the cell commands in prtos-cell.c).
 */
#define _GNU_SOURCE		/* strerrorname_np() */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <prtos/config.h>
#include <prtos/console.h>
#include <prtos/ioctl.h>
#include <prtos/version.h>

#include "prtos.h"

#define STRINGIFY(x)	#x
#define TO_STRING(x)	STRINGIFY(x)

#define AS_ROOT		"run the command as root (e.g. with sudo)"
#define NOT_ENABLED	"nothing to disable ('prtos --version' shows the driver's state)"
#define NO_CONSOLE	"PRTOS is not enabled, so there is no hypervisor console"

static const struct advice enable_advice[] = {
	{ EBUSY, "PRTOS is already enabled", "run 'prtos disable' first" },
	{ ENODEV,
	  "this machine cannot run PRTOS (no usable AMD SVM with nested paging)",
	  "use a CPU with SVM and NPT, enabled in the firmware (QEMU: -cpu qemu64,+svm,+npt)" },
	{ ENOENT,
	  "the hypervisor firmware " PRTOS_FIRMWARE " was not found in /lib/firmware",
	  "install it: cp hypervisor/" PRTOS_FIRMWARE " /lib/firmware/" },
	{ ENOEXEC,
	  "/lib/firmware/" PRTOS_FIRMWARE " is not a hypervisor image this driver understands",
	  "install the " PRTOS_FIRMWARE " built together with prtos.ko" },
	{ EINVAL, "the driver rejected the system configuration",
	  "check it with 'prtos config check FILE' and see 'dmesg'" },
	{ ENOMEM, "not enough memory to enable PRTOS",
	  "make the hypervisor memory in the system configuration match the memmap= reservation on the kernel command line" },
	{ E2BIG,
	  "the system configuration does not fit in the hypervisor memory",
	  "enlarge the hypervisor memory in the configuration (and memmap=)" },
	{ EIO, "the hypervisor failed to start", SEE_CONSOLE },
	{ ETIMEDOUT, "not every CPU entered the hypervisor in time",
	  SEE_CONSOLE },
	{ }
};

static const struct advice disable_advice[] = {
	{ EINVAL, "PRTOS is not enabled", NOT_ENABLED },
	{ ENODEV, "PRTOS is not enabled", NOT_ENABLED },
	{ EBUSY, "cells other than the root cell still exist",
	  "destroy them with 'prtos cell destroy' first" },
	{ EIO, "the hypervisor failed to hand the machine back", SEE_CONSOLE },
	{ }
};

static const struct advice console_advice[] = {
	{ EINVAL, NO_CONSOLE, "run 'prtos enable FILE' first" },
	{ ENODEV, NO_CONSOLE, "run 'prtos enable FILE' first" },
	{ }
};

/* Errors every request can meet. */
static const struct advice common_advice[] = {
	{ EPERM, "permission denied", AS_ROOT },
	{ EACCES, "permission denied", AS_ROOT },
	{ ENOTTY, "the driver does not know this request",
	  "use the prtos tool and prtos.ko from the same build (this tool: "
	  PRTOS_VERSION ", ABI " TO_STRING(PRTOS_ABI_VERSION) ")" },
	{ EINTR, "interrupted by a signal", "run the command again" },
	{ }
};

static const struct advice *find_advice(const struct advice *table, int err)
{
	for (; table->err; table++)
		if (table->err == err)
			return table;
	return NULL;
}

/* Strip the newlines and final full stop a driver message may carry. */
void tidy_reason(char *reason, size_t len)
{
	size_t n;

	reason[len - 1] = '\0';
	reason[strcspn(reason, "\n")] = '\0';
	n = strlen(reason);
	while (n && (reason[n - 1] == '.' || reason[n - 1] == ' '))
		reason[--n] = '\0';
}

/*
 * Whether the driver's reason already says what to do: it contains the fix
 * we would add, or sends the user to a prtos command ("... : use 'prtos
 * cell destroy'"), as the driver's own advice does.
 */
static bool reason_has_advice(const char *reason, const struct advice *a)
{
	return (a && strstr(reason, a->fix)) || strstr(reason, "'prtos ");
}

/**
 * report() - explain a failed request
 * @what: the request, for the generic message ("enable PRTOS")
 * @table: the request's own advice
 * @err: errno of the failure
 * @reason: the driver's reason, may be empty or NULL
 *
 * Prints "prtos: PROBLEM: FIX", taking the problem from the driver's
 * reason when it gave one and from the errno otherwise. A reason that
 * already says what to do is printed as it is.
 *
 * Return: the fix that was printed.
 */
const char *report(const char *what, const struct advice *table,
			  int err, const char *reason)
{
	const struct advice *a = find_advice(table, err);
	const char *name = strerrorname_np(err);

	if (!a)
		a = find_advice(common_advice, err);
	if (reason && *reason && reason_has_advice(reason, a))
		fprintf(stderr, "prtos: %s\n", reason);
	else if (reason && *reason && a)
		fprintf(stderr, "prtos: %s: %s\n", reason, a->fix);
	else if (reason && *reason)
		fprintf(stderr, "prtos: cannot %s: %s: %s\n", what, reason,
			SEE_DMESG);
	else if (a)
		fprintf(stderr, "prtos: %s: %s\n", a->problem, a->fix);
	else
		fprintf(stderr, "prtos: cannot %s: the driver answered %s (%s): %s\n",
			what, name ? name : "an unknown error", strerror(err),
			SEE_DMESG);
	return a ? a->fix : SEE_DMESG;
}

int open_device(void)
{
	const char *path = device_path();
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	switch (errno) {
	case ENOENT:
		if (!access(sysfs_dir(), F_OK)) {
			fprintf(stderr, "prtos: the prtos driver is loaded but %s is missing: mount devtmpfs on /dev (mount -t devtmpfs devtmpfs /dev)\n",
				path);
			break;
		}
		/* fall through */
	case ENXIO:
	case ENODEV:
		fprintf(stderr, "prtos: the prtos driver is not loaded: run 'modprobe prtos' (or insmod driver/prtos.ko)\n");
		break;
	case EACCES:
	case EPERM:
		fprintf(stderr, "prtos: no permission to open %s: %s\n", path,
			AS_ROOT);
		break;
	default:
		fprintf(stderr, "prtos: cannot open %s: %s: check that the prtos driver is loaded ('lsmod | grep prtos')\n",
			path, strerror(errno));
	}
	return -1;
}

/* Whether the hypervisor has left anything in its console ring. */
static bool console_has_messages(int fd)
{
	struct prtos_console_args args = { };
	char byte;

	args.buf = (unsigned long)&byte;
	args.size = 1;
	return !ioctl(fd, PRTOS_CONSOLE_READ, &args) && (args.len || args.lost);
}

double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) +
	       (now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Options parsing for commands that take no options but --help. */
int parse_help_only(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = { HELP_OPTION, { } };
	int status;

	while (parse_next(cmd, argc, argv, ":h", opts, &status) != -1)
		;
	return status;
}

int cmd_enable(const struct command *cmd, int argc, char **argv)
{
	struct prtos_enable_args args = { };
	const char *path, *fix;
	struct timespec start;
	size_t size;
	void *blob;
	int fd, err, status;

	status = parse_help_only(cmd, argc, argv);
	if (status >= 0)
		return status;
	if (optind >= argc)
		return usage_error(cmd,
				   "missing FILE (the system configuration)");
	if (argc - optind > 1)
		return usage_error(cmd, "too many arguments");
	path = argv[optind];

	if (load_config(path, CONFIG_SYSTEM, &blob, &size))
		return EXIT_FAIL;
	fd = open_device();
	if (fd < 0) {
		free(blob);
		return EXIT_FAIL;
	}
	args.config = (unsigned long)blob;
	args.config_size = size;
	clock_gettime(CLOCK_MONOTONIC, &start);
	err = ioctl(fd, PRTOS_ENABLE, &args) ? errno : 0;
	if (!err) {
		printf("PRTOS enabled (took %.3f s)\n", seconds_since(&start));
	} else {
		tidy_reason(args.reason, sizeof(args.reason));
		fix = report("enable PRTOS", enable_advice, err, args.reason);
		/* Only if the hypervisor ran and said something about it. */
		if (!strstr(fix, "prtos console") && err != EBUSY &&
		    err != EPERM && err != EACCES && err != ENOTTY &&
		    console_has_messages(fd))
			fprintf(stderr, "prtos: see 'prtos console' for the hypervisor's messages\n");
	}
	close(fd);
	free(blob);
	return err ? EXIT_FAIL : EXIT_OK;
}

int cmd_disable(const struct command *cmd, int argc, char **argv)
{
	struct prtos_disable_args args = { };
	struct timespec start;
	int fd, err, status;

	status = parse_help_only(cmd, argc, argv);
	if (status >= 0)
		return status;
	if (optind < argc)
		return usage_error(cmd, "unexpected argument '%s'",
				   argv[optind]);

	fd = open_device();
	if (fd < 0)
		return EXIT_FAIL;
	clock_gettime(CLOCK_MONOTONIC, &start);
	err = ioctl(fd, PRTOS_DISABLE, &args) ? errno : 0;
	if (!err) {
		printf("PRTOS disabled (took %.3f s)\n", seconds_since(&start));
	} else {
		tidy_reason(args.reason, sizeof(args.reason));
		report("disable PRTOS", disable_advice, err, args.reason);
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

int cmd_console(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		HELP_OPTION,
		{ "follow", no_argument, NULL, 'f' },
		{ }
	};
	static const struct timespec poll_interval = { 0, 200 * 1000 * 1000 };
	static char buf[PRTOS_CONSOLE_SIZE];
	struct prtos_console_args args = { };
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
			report("read the hypervisor console", console_advice,
			       errno, NULL);
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
		fprintf(stderr, "prtos: cannot write the console to standard output: %s\n",
			strerror(errno));
		return EXIT_FAIL;
	}
	return ret;
}
