// SPDX-License-Identifier: GPL-2.0
/*
 * Reading what Linux reports about the machine: files under /proc and
 * /sys (or under the trees PRTOS_PROC and PRTOS_SYS name), the resource
 * trees of /proc/iomem and /proc/ioports, and the PCI functions of
 * /sys/bus/pci/devices. Problems are printed as they are found.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "proc-sys.h"

/* Far above any real /proc/iomem or attribute. */
#define TEXT_MAX (4u << 20)
/* Far above the functions of any real machine. */
#define PCI_MAX 4096

static void tree_path(char path[PROC_SYS_PATH_LEN], const char *env,
		      const char *def, const char *rel)
{
	const char *top = getenv(env);

	snprintf(path, PROC_SYS_PATH_LEN, "%s/%s", top && *top ? top : def,
		 rel);
}

/**
 * proc_path() - where to read a file of /proc
 * @path: out: the path
 * @rel: the file relative to /proc, e.g. "iomem"
 */
void proc_path(char path[PROC_SYS_PATH_LEN], const char *rel)
{
	tree_path(path, "PRTOS_PROC", "/proc", rel);
}

/**
 * sys_path() - where to read a file of /sys
 * @path: out: the path
 * @rel: the file relative to /sys, e.g. "bus/pci/devices"
 */
void sys_path(char path[PROC_SYS_PATH_LEN], const char *rel)
{
	tree_path(path, "PRTOS_SYS", "/sys", rel);
}

/**
 * read_text() - read a whole text file, NUL-terminated
 * @path: the file
 * @text: out: malloc'ed contents with a NUL appended
 *
 * Return: 0 or a negative errno.
 */
int read_text(const char *path, char **text)
{
	size_t size;
	void *data;
	char *s;
	int err;

	err = read_file(path, &data, &size, TEXT_MAX);
	if (err)
		return err;
	s = realloc(data, size + 1);
	if (!s) {
		free(data);
		return -ENOMEM;
	}
	s[size] = '\0';
	*text = s;
	return 0;
}

/* "  00100000-39ffffff : System RAM" */
static int parse_resource(const char *line, struct resource *r)
{
	const char *p = line, *name;
	size_t len;
	char *end;

	while (*p == ' ')
		p++;
	r->depth = (unsigned int)(p - line) / 2;
	errno = 0;
	r->start = strtoull(p, &end, 16);
	if (errno || end == p || *end != '-')
		return -1;
	p = end + 1;
	r->end = strtoull(p, &end, 16);
	if (errno || end == p || strncmp(end, " : ", 3) || r->end < r->start)
		return -1;
	name = end + 3;
	len = strcspn(name, "\n");
	if (len >= RESOURCE_NAME_LEN)
		len = RESOURCE_NAME_LEN - 1;
	memcpy(r->name, name, len);
	r->name[len] = '\0';
	return 0;
}

/**
 * read_resources() - read /proc/iomem or /proc/ioports
 * @path: the file
 * @list: out: its entries; free list->entries
 *
 * Return: 0, or -1 after printing what is wrong.
 */
int read_resources(const char *path, struct resource_list *list)
{
	unsigned int lines = 0, n = 0, line_no = 0;
	bool all_zero = true;
	char *text, *line, *next;
	int err;

	err = read_text(path, &text);
	if (err) {
		fprintf(stderr, "prtos: cannot read %s: %s\n", path,
			file_error_text(err, "it is a directory",
					"it is far too large"));
		return -1;
	}
	for (line = text; *line; line++)
		lines += *line == '\n';
	list->entries = calloc(lines + 1, sizeof(*list->entries));
	if (!list->entries) {
		free(text);
		fprintf(stderr, "prtos: out of memory reading %s\n", path);
		return -1;
	}
	for (line = text; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		line_no++;
		if (!*line)
			continue;
		if (parse_resource(line, &list->entries[n])) {
			fprintf(stderr,
				"prtos: %s, line %u: cannot read \"%.60s\" (expected \"START-END : NAME\" in hex)\n",
				path, line_no, line);
			goto fail;
		}
		if (list->entries[n].end)
			all_zero = false;
		n++;
	}
	if (n && all_zero) {
		fprintf(stderr,
			"prtos: %s shows every address as 0: Linux shows them only to root, run as root\n",
			path);
		goto fail;
	}
	free(text);
	list->num = n;
	return 0;
fail:
	free(text);
	free(list->entries);
	list->entries = NULL;
	return -1;
}

/* A hex attribute of a PCI function, e.g. "0x060100". */
static int read_hex(const char *dir, const char *attr, uint32_t *value)
{
	char path[PROC_SYS_PATH_LEN + 320], *text, *end;
	int err;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	err = read_text(path, &text);
	if (err)
		return err;
	errno = 0;
	*value = (uint32_t)strtoul(text, &end, 16);
	err = errno || end == text ? -EINVAL : 0;
	free(text);
	return err;
}

static int pci_order(const void *a, const void *b)
{
	const struct pci_function *x = a, *y = b;
	uint64_t kx = (uint64_t)x->domain << 16 | x->bus << 8 | x->devfn;
	uint64_t ky = (uint64_t)y->domain << 16 | y->bus << 8 | y->devfn;

	return kx < ky ? -1 : kx > ky;
}

static int read_function(const char *top, const char *name,
			 struct pci_function *f)
{
	char dir[PROC_SYS_PATH_LEN + 256];
	unsigned int domain, bus, dev, fn;
	uint32_t vendor, device;
	char tail;

	if (sscanf(name, "%x:%x:%x.%x%c", &domain, &bus, &dev, &fn, &tail) !=
		    4 ||
	    bus > 0xff || dev > 0x1f || fn > 7) {
		fprintf(stderr,
			"prtos: %s/%s: not a PCI address (DOMAIN:BUS:DEVICE.FUNCTION)\n",
			top, name);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s/%s", top, name);
	if (read_hex(dir, "class", &f->class) ||
	    read_hex(dir, "vendor", &vendor) ||
	    read_hex(dir, "device", &device)) {
		fprintf(stderr,
			"prtos: %s: cannot read its class, vendor and device\n",
			dir);
		return -1;
	}
	f->domain = domain;
	f->bus = bus;
	f->devfn = dev << 3 | fn;
	f->vendor = vendor;
	f->device = device;
	return 0;
}

/**
 * read_pci_functions() - the PCI functions Linux knows, in address order
 * @list: out: malloc'ed array (NULL when there are none)
 * @num: out: its length
 *
 * A machine without PCI (no /sys/bus/pci/devices) has none.
 *
 * Return: 0, or -1 after printing what is wrong.
 */
int read_pci_functions(struct pci_function **list, unsigned int *num)
{
	char top[PROC_SYS_PATH_LEN];
	struct pci_function *f;
	struct dirent *d;
	unsigned int n = 0;
	DIR *dir;

	*list = NULL;
	*num = 0;
	sys_path(top, "bus/pci/devices");
	dir = opendir(top);
	if (!dir) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "prtos: cannot read %s: %s\n", top,
			strerror(errno));
		return -1;
	}
	f = calloc(PCI_MAX, sizeof(*f));
	if (!f) {
		closedir(dir);
		fprintf(stderr, "prtos: out of memory reading %s\n", top);
		return -1;
	}
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		if (n == PCI_MAX) {
			fprintf(stderr, "prtos: %s: more than %u functions\n",
				top, PCI_MAX);
			goto fail;
		}
		if (read_function(top, d->d_name, &f[n]))
			goto fail;
		n++;
	}
	closedir(dir);
	qsort(f, n, sizeof(*f), pci_order);
	*list = f;
	*num = n;
	return 0;
fail:
	closedir(dir);
	free(f);
	return -1;
}
