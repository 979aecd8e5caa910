// SPDX-License-Identifier: GPL-2.0
/*
 * Reading what Linux reports about the machine for 'prtos hardware
 * check': /proc/cpuinfo, the memmap= options of /proc/cmdline, the top
 * level of /proc/iomem, the firmware's memory map in /sys/firmware/memmap
 * and MSRs through /dev/cpu/N/msr. Only parsing lives here; what the facts
 * mean for PRTOS is decided in prtos-hardware.c.
 *
 * The roots move with the environment (tests build a fake machine in a
 * temporary directory): PRTOS_PROC for /proc, PRTOS_SYS for /sys,
 * PRTOS_MSR_DIR for /dev/cpu and PRTOS_FIRMWARE_DIR for /lib/firmware.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

/*
 * A number as the kernel's memparse() reads it: C notation (0x hex, a
 * leading 0 octal) and an optional K, M, G, T, P or E suffix.
 */
static bool parse_size(const char **p, uint64_t *val)
{
	static const char suffixes[] = "KMGTPE";
	const char *s;
	char *end;

	if (!isdigit((unsigned char)**p))
		return false;
	*val = strtoull(*p, &end, 0);
	s = strchr(suffixes, toupper((unsigned char)*end));
	if (*end && s) {
		*val <<= 10 * (s - suffixes + 1);
		end++;
	}
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
	if (!parse_size(&p, &m->size))
		return -1;
	if (!*p)
		return 0; /* memmap=SIZE: a limit, as mem= */
	sep = *p++;
	if (sep == '%')
		return 0; /* a change of memory type: not a reservation */
	if (!strchr("$@#!", sep) || !parse_size(&p, &m->start) || *p)
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
 * Return: the number of reservations stored in @out.
 */
int find_memmaps(const char *cmdline, struct memmap *out, int max, char *bad,
		 size_t len)
{
	char word[256], *item, *save;
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
				kind = memmap_item(item, &out[found]);
				if (kind < 0 && !*bad)
					snprintf(bad, len, "%.*s", (int)n, p);
				if (kind > 0 && found < max) {
					snprintf(out[found].text,
						 sizeof(out[found].text),
						 "memmap=%s", item);
					found++;
				}
			}
		}
		p += n;
	}
	return found;
}

static int add_entry(struct iomem *io, uint64_t start, uint64_t end,
		     const char *name)
{
	struct iomem_entry *e;

	if ((io->count & (io->count - 1)) == 0) {
		e = realloc(io->entries,
			    (io->count ? 2 * io->count : 1) * sizeof(*e));
		if (!e)
			return -ENOMEM;
		io->entries = e;
	}
	e = &io->entries[io->count++];
	e->start = start;
	e->end = end;
	snprintf(e->name, sizeof(e->name), "%s", name);
	if (!strcmp(name, "System RAM"))
		e->kind = IOMEM_RAM;
	else if (!strcasecmp(name, "Reserved"))
		e->kind = IOMEM_RESERVED;
	else
		e->kind = IOMEM_OTHER;
	return 0;
}

/**
 * read_iomem() - the top-level entries of /proc/iomem
 * @text: the file's contents
 * @io: out: the entries, and whether Linux hid the addresses; free with
 *	free_iomem() (also after a failure)
 *
 * Nested entries (indented) are parts of a top-level one and skipped.
 *
 * Return: 0, or -ENOMEM.
 */
int read_iomem(const char *text, struct iomem *io)
{
	unsigned long long start, end;
	const char *line, *next;
	char name[64];
	bool nonzero = false;

	memset(io, 0, sizeof(*io));
	for (line = text; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (!isxdigit((unsigned char)*line) ||
		    sscanf(line, "%llx-%llx : %63[^\n]", &start, &end, name) !=
			    3)
			continue;
		if (add_entry(io, start, end, name))
			return -ENOMEM;
		nonzero |= start || end;
	}
	io->hidden = io->count && !nonzero;
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
	*val = strtoull(text, &end, 0);
	err = end == text ? -EINVAL : 0;
	free(text);
	return err;
}

/**
 * read_firmware_ram() - the firmware's own memory map
 * @io: out: its entries (kind IOMEM_RAM for "System RAM"); free with
 *	free_iomem() (also after a failure)
 *
 * /sys/firmware/memmap holds the map as the firmware handed it over,
 * before memmap= changed Linux's copy: there a reserved range still shows
 * whether it is RAM at all.
 *
 * Return: 0, or a negative errno (-ENOENT when the kernel offers no map).
 */
int read_firmware_ram(struct iomem *io)
{
	char path[512], dir[64], *type;
	struct dirent *d;
	uint64_t start, end;
	DIR *dh;
	int err = 0;

	memset(io, 0, sizeof(*io));
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
		type[strcspn(type, "\n")] = '\0';
		err = add_entry(io, start, end, type);
		free(type);
	}
	closedir(dh);
	return err;
}

/**
 * free_iomem() - free the entries of read_iomem() or read_firmware_ram()
 * @io: the map
 */
void free_iomem(struct iomem *io)
{
	free(io->entries);
	memset(io, 0, sizeof(*io));
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
