// SPDX-License-Identifier: GPL-2.0
/*
 * The parameter string at PRTOS_INMATE_CMDLINE_GPA, copied once at start-up
 * (the root may load it anew while the cell is stopped, never while it
 * runs) and always NUL-terminated in the copy, whatever the page holds.
 */
#include <prtos/cell.h>
#include <inmate/cmdline.h>
#include <inmate/string.h>

static char cmdline[PRTOS_INMATE_CMDLINE_SIZE];

/**
 * cmdline_init() - take a copy of the parameter string
 */
void cmdline_init(void)
{
	const char *src = (const char *)PRTOS_INMATE_CMDLINE_GPA;
	size_t n = strnlen(src, sizeof(cmdline) - 1);

	memcpy(cmdline, src, n);
	cmdline[n] = '\0';
}

/**
 * cmdline_get() - the whole parameter string
 *
 * Return: the string, "" if none was loaded.
 */
const char *cmdline_get(void)
{
	return cmdline;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * The value of the last word "name=value" (later words override earlier
 * ones, so a default string can be extended), or of "name" alone ("").
 * Sets *len to the value's length; NULL if the name is absent.
 */
static const char *find(const char *name, size_t *len)
{
	size_t nlen = strlen(name);
	const char *p = cmdline, *found = NULL;

	while (*p) {
		const char *word;

		while (is_space(*p))
			p++;
		word = p;
		while (*p && !is_space(*p))
			p++;
		if ((size_t)(p - word) < nlen || strncmp(word, name, nlen))
			continue;
		if (word + nlen == p) {
			found = p;
			*len = 0;
		} else if (word[nlen] == '=') {
			found = word + nlen + 1;
			*len = p - found;
		}
	}
	return found;
}

static int digit(char c, unsigned int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return d < (int)base ? d : -1;
}

/**
 * cmdline_parse_int() - the number given as "name=<number>"
 * @name: the parameter's name
 * @def: what to return if it is absent or not a number
 *
 * Return: the number (decimal, or hexadecimal after 0x; a leading "-"
 * negates), or @def.
 */
long long cmdline_parse_int(const char *name, long long def)
{
	unsigned long long v = 0;
	unsigned int base = 10;
	bool negative = false;
	const char *s;
	size_t len;
	int d;

	s = find(name, &len);
	if (!s || !len)
		return def;
	if (*s == '-') {
		negative = true;
		s++;
		len--;
	}
	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		len -= 2;
	}
	if (!len)
		return def;
	for (; len; len--, s++) {
		d = digit(*s, base);
		if (d < 0 || v > (~0ULL >> 1) / base)
			return def;
		v = v * base + d;
	}
	return negative ? -(long long)v : (long long)v;
}

/**
 * cmdline_parse_str() - the text given as "name=<text>"
 * @name: the parameter's name
 * @buf: receives the text, NUL-terminated, cut to fit
 * @size: size of @buf, > 0
 *
 * Return: true if the parameter was given.
 */
bool cmdline_parse_str(const char *name, char *buf, size_t size)
{
	size_t len;
	const char *s = find(name, &len);

	if (!s)
		return false;
	if (len > size - 1)
		len = size - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return true;
}

/**
 * cmdline_has() - whether a parameter was given, with or without value
 * @name: the parameter's name
 *
 * Return: true if "name" or "name=..." is on the command line.
 */
bool cmdline_has(const char *name)
{
	size_t len;

	return find(name, &len) != NULL;
}
