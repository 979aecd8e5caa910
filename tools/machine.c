// SPDX-License-Identifier: GPL-2.0
/*
 * Reading what Linux reports about the machine, for 'prtos hardware check'
 * and 'prtos config create': /proc/cpuinfo, the memmap= options of
 * /proc/cmdline, the resource trees of /proc/iomem and /proc/ioports, the
 * firmware's memory map in /sys/firmware/memmap, the PCI functions of
 * /sys/bus/pci/devices and MSRs through /dev/cpu/N/msr. Only reading and
 * parsing live here; what the facts mean for PRTOS is decided in
 * prtos-hardware.c and prtos-config-create.c.
 *
 * The roots move with the environment (tests build a fake machine in a
 * temporary directory): PRTOS_PROC for /proc, PRTOS_SYS for /sys,
 * PRTOS_MSR_DIR for /dev/cpu and PRTOS_FIRMWARE_DIR for /lib/firmware.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "files.h"
#include "machine.h"

/* Far above any /proc/cpuinfo or /proc/iomem of a real machine. */
#define TEXT_MAX (16u << 20)

static const char *root_from(const char *var, const char *fallback)
{
	const char *p = getenv(var);

	return p && *p ? p : fallback;
}

/**
 * proc_root() - where procfs is: PRTOS_PROC, or /proc
 *
 * Return: the directory.
 */
const char *proc_root(void)
{
	return root_from("PRTOS_PROC", "/proc");
}

/**
 * sys_root() - where sysfs is: PRTOS_SYS, or /sys
 *
 * Return: the directory.
 */
const char *sys_root(void)
{
	return root_from("PRTOS_SYS", "/sys");
}

/**
 * msr_root() - where the msr driver's devices are: PRTOS_MSR_DIR, or
 *		/dev/cpu (CPU N's is N/msr below it)
 *
 * Return: the directory.
 */
const char *msr_root(void)
{
	return root_from("PRTOS_MSR_DIR", "/dev/cpu");
}

/**
 * firmware_root() - where Linux loads firmware from: PRTOS_FIRMWARE_DIR,
 *		     or /lib/firmware
 *
 * Return: the directory.
 */
const char *firmware_root(void)
{
	return root_from("PRTOS_FIRMWARE_DIR", "/lib/firmware");
}

/**
 * read_text() - read a text file below one of the roots
 * @root: the root, e.g. proc_root()
 * @rel: the file below it, e.g. "cpuinfo"
 * @text: out: malloc'ed, NUL-terminated contents
 *
 * Return: 0, or a negative errno.
 */
int read_text(const char *root, const char *rel, char **text)
{
	char path[4096];
	size_t size;
	void *data;
	char *t;
	int err;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	err = read_file(path, &data, &size, TEXT_MAX);
	if (err)
		return err;
	t = realloc(data, size + 1);
	if (!t) {
		free(data);
		return -ENOMEM;
	}
	t[size] = '\0';
	*text = t;
	return 0;
}

/* " a b c ": a copy of a flag list where every flag has a space each side. */
static char *spaced(const char *list, size_t len)
{
	char *s = malloc(len + 3);

	if (!s)
		return NULL;
	s[0] = ' ';
	memcpy(s + 1, list, len);
	s[len + 1] = ' ';
	s[len + 2] = '\0';
	for (char *p = s; *p; p++)
		if (isspace((unsigned char)*p))
			*p = ' ';
	return s;
}

/* The value of "key<TAB>: value" if @line has key @key, else NULL. */
static const char *value_of(const char *line, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(line, key, n) ||
	    (line[n] != ' ' && line[n] != '\t' && line[n] != ':'))
		return NULL;
	line += n;
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line != ':')
		return NULL;
	line++;
	while (*line == ' ')
		line++;
	return line;
}

static void copy_value(char *dst, size_t size, const char *v, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(dst, v, len);
	dst[len] = '\0';
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

static int add_cpu(struct cpuinfo *ci, unsigned int cpu)
{
	unsigned int *more;

	if ((ci->num_cpus & (ci->num_cpus - 1)) == 0) {
		more = realloc(ci->cpus, (ci->num_cpus ? 2 * ci->num_cpus : 1) *
						 sizeof(*more));
		if (!more)
			return -ENOMEM;
		ci->cpus = more;
	}
	ci->cpus[ci->num_cpus++] = cpu;
	return 0;
}

/* One line of /proc/cpuinfo; vendor, model and flags from the first CPU. */
static int cpuinfo_line(struct cpuinfo *ci, const char *line, size_t len)
{
	const char *v;
	size_t vlen;

	if ((v = value_of(line, "processor")))
		return add_cpu(ci, strtoul(v, NULL, 10));
	if (ci->num_cpus > 1)
		return 0;
	if (!(v = value_of(line, "vendor_id")) &&
	    !(v = value_of(line, "model name")) &&
	    !(v = value_of(line, "flags")) &&
	    !(v = value_of(line, "vmx flags")))
		return 0;
	vlen = len - (v - line);
	switch (line[0]) {
	case 'v':
		if (line[1] == 'e') {
			copy_value(ci->vendor, sizeof(ci->vendor), v, vlen);
			return 0;
		}
		if (ci->vmx_flags)
			return 0;
		ci->vmx_flags = spaced(v, vlen);
		return ci->vmx_flags ? 0 : -ENOMEM;
	case 'm':
		copy_value(ci->model, sizeof(ci->model), v, vlen);
		return 0;
	}
	if (ci->flags)
		return 0;
	ci->flags = spaced(v, vlen);
	return ci->flags ? 0 : -ENOMEM;
}

/**
 * read_cpuinfo() - read /proc/cpuinfo
 * @ci: out: its facts; free with free_cpuinfo() (also after a failure)
 *
 * Vendor, model and flags are those of the first CPU listed: a CPU that
 * came back online while PRTOS ran was identified with SVM hidden, so a
 * later one may show fewer flags than the hardware has.
 *
 * Return: 0, -ENODATA when no CPU is listed, or another negative errno.
 */
int read_cpuinfo(struct cpuinfo *ci)
{
	char *text, *line, *next;
	int err;

	memset(ci, 0, sizeof(*ci));
	err = read_text(proc_root(), "cpuinfo", &text);
	if (err)
		return err;
	for (line = text; *line && !err; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		err = cpuinfo_line(ci, line, next - line - (next[-1] == '\n'));
	}
	free(text);
	if (err)
		return err;
	if (!ci->num_cpus)
		return -ENODATA;
	qsort(ci->cpus, ci->num_cpus, sizeof(*ci->cpus), cmp_uint);
	if (!ci->flags)
		ci->flags = spaced("", 0);
	return ci->flags ? 0 : -ENOMEM;
}

/**
 * free_cpuinfo() - free what read_cpuinfo() allocated
 * @ci: the facts
 */
void free_cpuinfo(struct cpuinfo *ci)
{
	free(ci->flags);
	free(ci->vmx_flags);
	free(ci->cpus);
	memset(ci, 0, sizeof(*ci));
}

/**
 * has_flag() - whether a flag list from read_cpuinfo() has a flag
 * @flags: the list (may be NULL: no flags)
 * @name: the flag, as Linux names it ("svm", "npt", "ept", ...)
 *
 * Return: true when it is listed.
 */
bool has_flag(const char *flags, const char *name)
{
	char word[64];

	if (!flags)
		return false;
	snprintf(word, sizeof(word), " %s ", name);
	return strstr(flags, word) != NULL;
}

/**
 * parse_memsize() - a number as the kernel's memparse() reads it
 * @p: in: where it starts; out: just after it
 * @val: out: its value
 *
 * C notation (0x hex, a leading 0 octal) and an optional K, M, G, T, P or
 * E suffix, in either case.
 *
 * Return: whether there was a number that fits in 64 bits.
 */
bool parse_memsize(const char **p, uint64_t *val)
{
	static const char suffixes[] = "KMGTPE";
	unsigned int shift = 0;
	const char *s;
	char *end;

	if (!isdigit((unsigned char)**p))
		return false;
	errno = 0;
	*val = strtoull(*p, &end, 0);
	if (errno)
		return false;
	s = *end ? strchr(suffixes, toupper((unsigned char)*end)) : NULL;
	if (s) {
		shift = 10 * (s - suffixes + 1);
		end++;
	}
	if (shift && *val > UINT64_MAX >> shift)
		return false;
	*val <<= shift;
	*p = end;
	return true;
}

/*
 * One item of a memmap= option. Return: 1 for a SIZE$ADDR reservation
 * (in @m), 0 for any other valid form, -1 for one the kernel would not
 * understand.
 */
static int memmap_item(const char *item, struct memmap *m)
{
	const char *p = item;
	char sep;

	if (!strcmp(item, "exactmap"))
		return 0;
	if (!parse_memsize(&p, &m->size))
		return -1;
	if (!*p)
		return 0; /* memmap=SIZE: a limit, as mem= */
	sep = *p++;
	if (sep == '%')
		return 0; /* a change of memory type: not a reservation */
	if (!strchr("$@#!", sep) || !parse_memsize(&p, &m->start) || *p)
		return -1;
	return sep == '$';
}

/**
 * find_memmaps() - the memmap=SIZE$ADDR reservations of a command line
 * @cmdline: the kernel command line (/proc/cmdline)
 * @out: receives up to @max reservations
 * @max: room in @out
 * @bad: receives the first memmap= option the kernel cannot have read
 *	 ("" when there is none), e.g. one whose '$' a boot loader ate
 * @len: size of @bad
 *
 * memmap= takes a comma-separated list; items other than SIZE$ADDR
 * (SIZE@ADDR, SIZE#ADDR, SIZE!ADDR, exactmap, ...) are not reservations
 * of RAM and are skipped.
 *
 * Return: the number of reservations on the command line; only the first
 * @max are stored in @out.
 */
int find_memmaps(const char *cmdline, struct memmap *out, int max, char *bad,
		 size_t len)
{
	char word[256], *item, *save;
	struct memmap spare;
	const char *p = cmdline;
	size_t n;
	int found = 0, kind;

	*bad = '\0';
	while (*p) {
		p += strspn(p, " \t\n\"");
		n = strcspn(p, " \t\n\"");
		if (n > 7 && n < sizeof(word) && !strncmp(p, "memmap=", 7)) {
			memcpy(word, p + 7, n - 7);
			word[n - 7] = '\0';
			for (item = strtok_r(word, ",", &save); item;
			     item = strtok_r(NULL, ",", &save)) {
				kind = memmap_item(item, found < max
								 ? &out[found]
								 : &spare);
				if (kind < 0 && !*bad)
					snprintf(bad, len, "%.*s", (int)n, p);
				if (kind > 0 && found < max)
					snprintf(out[found].text,
						 sizeof(out[found].text),
						 "memmap=%s", item);
				found += kind > 0;
			}
		}
		p += n;
	}
	return found;
}

static enum resource_kind kind_of(const char *name)
{
	if (!strcmp(name, "System RAM"))
		return RES_RAM;
	if (!strcasecmp(name, "Reserved"))
		return RES_RESERVED;
	return RES_OTHER;
}

static int add_resource(struct resource_list *list, uint64_t start,
			uint64_t end, unsigned int depth, const char *name,
			size_t name_len)
{
	struct resource *r;

	if ((list->num & (list->num - 1)) == 0) {
		r = realloc(list->entries,
			    (list->num ? 2 * list->num : 1) * sizeof(*r));
		if (!r)
			return -ENOMEM;
		list->entries = r;
	}
	r = &list->entries[list->num++];
	r->start = start;
	r->end = end;
	r->depth = depth;
	if (name_len >= sizeof(r->name))
		name_len = sizeof(r->name) - 1;
	memcpy(r->name, name, name_len);
	r->name[name_len] = '\0';
	r->kind = kind_of(r->name);
	return 0;
}

/*
 * One line of a resource file, "  00100000-39ffffff : System RAM", of
 * @len characters: Linux indents a part of an entry two spaces more than
 * the entry. Return: 0, -EINVAL for a line of another form, -ENOMEM.
 */
static int parse_resource(const char *line, size_t len, bool nested,
			  struct resource_list *list)
{
	const char *p = line, *name;
	uint64_t start, end;
	unsigned int depth;
	char *stop;

	while (*p == ' ')
		p++;
	depth = (unsigned int)(p - line) / 2;
	if (depth && !nested)
		return 0;
	errno = 0;
	start = strtoull(p, &stop, 16);
	if (errno || stop == p || *stop != '-')
		return -EINVAL;
	p = stop + 1;
	end = strtoull(p, &stop, 16);
	if (errno || stop == p || strncmp(stop, " : ", 3) || end < start)
		return -EINVAL;
	name = stop + 3;
	return add_resource(list, start, end, depth, name,
			    len - (size_t)(name - line));
}

/**
 * parse_resources() - the entries of /proc/iomem or /proc/ioports
 * @text: the file's contents
 * @nested: keep the parts of entries (indented lines) too, with their
 *	    depth; otherwise only the top-level entries
 * @list: out: the entries in the file's order, and whether Linux hid the
 *	  addresses; free with free_resources() (also after a failure)
 * @bad_line: out: the number of the first line that is not
 *	      "START-END : NAME" (when -EINVAL is returned)
 *
 * Return: 0, -EINVAL for a line of another form, or -ENOMEM.
 */
int parse_resources(const char *text, bool nested, struct resource_list *list,
		    unsigned int *bad_line)
{
	const char *line, *next;
	unsigned int line_no = 0, i;
	bool nonzero = false;
	size_t len;
	int err;

	memset(list, 0, sizeof(*list));
	*bad_line = 0;
	for (line = text; *line; line = next) {
		len = strcspn(line, "\n");
		next = line[len] ? line + len + 1 : line + len;
		line_no++;
		if (!len)
			continue;
		err = parse_resource(line, len, nested, list);
		if (err == -EINVAL)
			*bad_line = line_no;
		if (err)
			return err;
	}
	for (i = 0; i < list->num; i++)
		nonzero |= list->entries[i].start || list->entries[i].end;
	list->hidden = list->num && !nonzero;
	return 0;
}

static int read_u64_attr(const char *dir, const char *attr, uint64_t *val)
{
	char rel[512], *text, *end;
	int err;

	snprintf(rel, sizeof(rel), "%s/%s", dir, attr);
	err = read_text(sys_root(), rel, &text);
	if (err)
		return err;
	errno = 0;
	*val = strtoull(text, &end, 0);
	err = errno || end == text ? -EINVAL : 0;
	free(text);
	return err;
}

/**
 * read_firmware_ram() - the firmware's own memory map
 * @list: out: its entries (kind RES_RAM for "System RAM"), depth 0; free
 *	  with free_resources() (also after a failure)
 *
 * /sys/firmware/memmap holds the map as the firmware handed it over,
 * before memmap= changed Linux's copy: there a reserved range still shows
 * whether it is RAM at all.
 *
 * Return: 0, or a negative errno (-ENOENT when the kernel offers no map).
 */
int read_firmware_ram(struct resource_list *list)
{
	char path[512], dir[64], *type;
	struct dirent *d;
	uint64_t start, end;
	DIR *dh;
	int err = 0;

	memset(list, 0, sizeof(*list));
	snprintf(path, sizeof(path), "%s/firmware/memmap", sys_root());
	dh = opendir(path);
	if (!dh)
		return -errno;
	while (!err && (d = readdir(dh))) {
		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		snprintf(dir, sizeof(dir), "firmware/memmap/%.32s", d->d_name);
		if (read_u64_attr(dir, "start", &start) ||
		    read_u64_attr(dir, "end", &end))
			continue;
		snprintf(path, sizeof(path), "%s/type", dir);
		if (read_text(sys_root(), path, &type))
			continue;
		err = add_resource(list, start, end, 0, type,
				   strcspn(type, "\n"));
		free(type);
	}
	closedir(dh);
	return err;
}

/**
 * free_resources() - free the entries of parse_resources() or
 *		      read_firmware_ram()
 * @list: the list
 */
void free_resources(struct resource_list *list)
{
	free(list->entries);
	memset(list, 0, sizeof(*list));
}

/* A hex attribute of a PCI function, e.g. "0x060100". */
static int read_hex(const char *dir, const char *attr, uint32_t *value)
{
	char rel[512], *text, *end;
	int err;

	snprintf(rel, sizeof(rel), "%s/%s", dir, attr);
	err = read_text(sys_root(), rel, &text);
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

static int read_function(const char *name, struct pci_function *f)
{
	unsigned int domain, bus, dev, fn;
	uint32_t vendor, device;
	char dir[320], tail;

	if (sscanf(name, "%x:%x:%x.%x%c", &domain, &bus, &dev, &fn, &tail) !=
		    4 ||
	    bus > 0xff || dev > 0x1f || fn > 7) {
		fprintf(stderr,
			"prtos: %s/bus/pci/devices/%s: not a PCI address (DOMAIN:BUS:DEVICE.FUNCTION)\n",
			sys_root(), name);
		return -1;
	}
	snprintf(dir, sizeof(dir), "bus/pci/devices/%.256s", name);
	if (read_hex(dir, "class", &f->class) ||
	    read_hex(dir, "vendor", &vendor) ||
	    read_hex(dir, "device", &device)) {
		fprintf(stderr,
			"prtos: %s/%s: cannot read its class, vendor and device\n",
			sys_root(), dir);
		return -1;
	}
	f->domain = domain;
	f->bus = bus;
	f->devfn = dev << 3 | fn;
	f->vendor = vendor;
	f->device = device;
	return 0;
}

/* Far above the functions of any real machine. */
#define PCI_MAX 4096

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
	struct pci_function *f;
	char top[512];
	struct dirent *d;
	unsigned int n = 0;
	DIR *dir;

	*list = NULL;
	*num = 0;
	snprintf(top, sizeof(top), "%s/bus/pci/devices", sys_root());
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
		if (read_function(d->d_name, &f[n]))
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

/**
 * read_msr() - read one MSR of one CPU through the msr driver
 * @cpu: the CPU's number
 * @msr: the MSR's index
 * @val: out: its value
 *
 * Return: 0, or a negative errno: -ENOENT without the msr driver (or
 * without that CPU), -EACCES/-EPERM when not root, -EIO when the CPU
 * refused the read.
 */
int read_msr(unsigned int cpu, unsigned int msr, uint64_t *val)
{
	char path[512];
	ssize_t n;
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%u/msr", msr_root(), cpu);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pread(fd, val, sizeof(*val), msr);
	if (n < 0)
		err = -errno;
	else if (n != sizeof(*val))
		err = -EIO;
	close(fd);
	return err;
}
