// SPDX-License-Identifier: GPL-2.0
/*
 * How the prtos command reaches the driver: where /dev/prtos and the
 * sysfs directory are, opening the one and reading the other, making
 * timed requests and reporting a refused one in the driver's own words.
 */
#define _GNU_SOURCE /* strerrorname_np() */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <prtos/ioctl.h>
#include <prtos/version.h>

#include "device.h"
#include "files.h"

#define STRINGIFY(x) #x
#define TO_STRING(x) STRINGIFY(x)

/**
 * device_path() - the driver's control device
 *
 * The environment may move it (PRTOS_DEVICE: tests, chroots).
 *
 * Return: its path.
 */
static const char *device_path(void)
{
	const char *p = getenv("PRTOS_DEVICE");

	return p && *p ? p : PRTOS_DEVICE;
}

/**
 * sysfs_dir() - the driver's sysfs directory
 *
 * The environment may move it (PRTOS_SYSFS: tests, chroots).
 *
 * Return: its path.
 */
const char *sysfs_dir(void)
{
	const char *p = getenv("PRTOS_SYSFS");

	return p && *p ? p : PRTOS_SYSFS;
}

/**
 * read_sysfs() - read one attribute of the driver's sysfs directory
 * @attr: attribute name, e.g. "enabled" or "cells/3/name"
 * @buf: out: its first line, NUL-terminated
 * @len: size of @buf
 *
 * Return: 0, or a negative errno (-ENOENT when the driver is not loaded).
 */
int read_sysfs(const char *attr, char *buf, size_t len)
{
	char path[512];
	size_t size;
	void *data;
	int err;

	snprintf(path, sizeof(path), "%s/%s", sysfs_dir(), attr);
	err = read_file(path, &data, &size, 4096);
	if (err)
		return err;
	if (size >= len)
		size = len - 1;
	memcpy(buf, data, size);
	buf[size] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	free(data);
	return 0;
}

/**
 * open_device() - open /dev/prtos, explaining why when it cannot be
 *
 * Return: the file descriptor, or -1 after printing what to do.
 */
int open_device(void)
{
	const char *path = device_path();
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	switch (errno) {
	case ENOENT:
		if (!access(sysfs_dir(), F_OK)) {
			fprintf(stderr,
				"prtos: the prtos driver is loaded but %s is missing: mount devtmpfs on /dev (mount -t devtmpfs devtmpfs /dev)\n",
				path);
			break;
		}
		/* fall through */
	case ENXIO:
	case ENODEV:
		fprintf(stderr, "prtos: " DRIVER_NOT_LOADED "\n");
		break;
	case EACCES:
	case EPERM:
		fprintf(stderr,
			"prtos: no permission to open %s: run the command as root (e.g. with sudo)\n",
			path);
		break;
	default:
		fprintf(stderr,
			"prtos: cannot open %s: %s: check that the prtos driver is loaded ('lsmod | grep prtos')\n",
			path, strerror(errno));
	}
	return -1;
}

/**
 * timed_request() - make one request of the driver, timing it
 * @fd: /dev/prtos, from open_device()
 * @request: the ioctl, PRTOS_*
 * @arg: its argument structure
 * @seconds: out: how long the driver took
 *
 * Return: 0, or the errno of the failure.
 */
int timed_request(int fd, unsigned long request, void *arg, double *seconds)
{
	struct timespec start;
	int err;

	clock_gettime(CLOCK_MONOTONIC, &start);
	err = ioctl(fd, request, arg) ? errno : 0;
	*seconds = seconds_since(&start);
	return err;
}

/* Strip the newlines and final full stop a driver message may carry. */
static void tidy_reason(char *reason, size_t len)
{
	size_t n;

	reason[len - 1] = '\0';
	reason[strcspn(reason, "\n")] = '\0';
	n = strlen(reason);
	while (n && (reason[n - 1] == '.' || reason[n - 1] == ' '))
		reason[--n] = '\0';
}

/**
 * report_refusal() - say why the driver refused a request
 * @what: the request, for when the driver gave no reason ("enable PRTOS")
 * @err: errno of the failure
 * @reason: the driver's reason from the request's arguments; NULL for a
 *	    request that carries none. Tidied in place.
 * @len: size of @reason
 *
 * The driver's reason, which says what is wrong and what to do, is printed
 * as it is. Without one the errno is named and the user sent to the
 * kernel log; ENOTTY means the driver does not know the request at all,
 * so it cannot have given a reason, and the tool says what it knows.
 */
void report_refusal(const char *what, int err, char *reason, size_t len)
{
	const char *name = strerrorname_np(err);

	if (reason)
		tidy_reason(reason, len);
	if (reason && *reason)
		fprintf(stderr, "prtos: %s\n", reason);
	else if (err == ENOTTY)
		fprintf(stderr,
			"prtos: the driver does not know this request: use the prtos tool and prtos.ko from the same build (this tool: " PRTOS_VERSION
			", ABI " TO_STRING(PRTOS_ABI_VERSION) ")\n");
	else
		fprintf(stderr,
			"prtos: cannot %s: the driver answered %s (%s): see 'dmesg' for the driver's messages\n",
			what, name ? name : "an unknown error", strerror(err));
}

/**
 * seconds_since() - time passed since a CLOCK_MONOTONIC reading
 * @start: the reading
 *
 * Return: the seconds since @start.
 */
double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) +
	       (now.tv_nsec - start->tv_nsec) / 1e9;
}
