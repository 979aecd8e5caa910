// SPDX-License-Identifier: GPL-2.0
/*
 * Reading whole files (configurations, images, sysfs attributes) and
 * saying in words why one could not be read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"

/**
 * read_file() - read a whole file into a new buffer
 * @path: file to read (any kind that read() works on)
 * @data: out: malloc'ed contents, to be freed by the caller
 * @size: out: their length
 * @max: refuse files longer than this
 *
 * Return: 0, or a negative errno (-EFBIG when longer than @max).
 */
int read_file(const char *path, void **data, size_t *size, size_t max)
{
	size_t len = 0, cap = 4096;
	char *buf, *bigger;
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (len == cap) {
			if (cap > max) {
				err = -EFBIG;
				break;
			}
			bigger = realloc(buf, cap * 2);
			if (!bigger) {
				err = -ENOMEM;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	if (!err && len > max)
		err = -EFBIG;
	if (err) {
		free(buf);
		return err;
	}
	*data = buf;
	*size = len;
	return 0;
}

/**
 * file_error_text() - why read_file() failed, as "problem: what to do"
 * @err: its negative errno
 * @directory: what to say when the path is a directory
 * @too_big: what to say when the file is over the caller's limit
 *
 * Return: the sentence; valid until the next call.
 */
const char *file_error_text(int err, const char *directory, const char *too_big)
{
	static char other[128];

	switch (err) {
	case -ENOENT:
		return "no such file: check the path";
	case -EACCES:
	case -EPERM:
		return "permission denied: check the file's permissions";
	case -EISDIR:
		return directory;
	case -EFBIG:
		return too_big;
	}
	snprintf(other, sizeof(other), "%s: check the file", strerror(-err));
	return other;
}
