// SPDX-License-Identifier: GPL-2.0
/*
 * printf-style formatting without libc, shared by the hypervisor and the
 * config validator (which must produce the same messages everywhere).
 */
#include <prtos-lib/fmt.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct out *o, unsigned long long v, unsigned int base,
		    bool upper, bool neg, int width, char pad, bool left)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, total;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	total = n + (neg ? 1 : 0);
	if (neg && pad == '0')
		put(o, '-');
	while (!left && total < width) {
		put(o, pad);
		width--;
	}
	if (neg && pad != '0')
		put(o, '-');
	while (n)
		put(o, tmp[--n]);
	while (left && total < width) {
		put(o, ' ');
		width--;
	}
}

static void put_str(struct out *o, const char *s, int width, bool left)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while (s[n])
		n++;
	while (!left && n < width--)
		put(o, ' ');
	while (*s)
		put(o, *s++);
	while (left && n < width--)
		put(o, ' ');
}

/**
 * prtos_vsnprintf() - format into a buffer
 * @buf: destination, always NUL-terminated when @size > 0
 * @size: its size
 * @fmt: format, see fmt.h for what is understood
 * @ap: arguments
 *
 * Return: the length the full output would have had.
 */
int prtos_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		bool left = false, upper = false;
		unsigned long long u;
		long long s;
		char pad = ' ';
		int width = 0, lng = 0;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
		if (left)
			pad = ' ';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}
		if (*fmt == 'z') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			s = lng ? va_arg(ap, long long) : va_arg(ap, int);
			if (lng == 1)
				s = (long)s;
			put_num(&o,
				s < 0 ? -(unsigned long long)s
				      : (unsigned long long)s,
				10, false, s < 0, width, pad, left);
			break;
		case 'u':
		case 'x':
		case 'X':
			if (lng)
				u = va_arg(ap, unsigned long long);
			else
				u = va_arg(ap, unsigned int);
			upper = *fmt == 'X';
			put_num(&o, u, *fmt == 'u' ? 10 : 16, upper, false,
				width, pad, left);
			break;
		case 'p': {
			char tmp[24];

			prtos_snprintf(tmp, sizeof(tmp), "0x%lx",
				       (unsigned long)va_arg(ap, void *));
			put_str(&o, tmp, width, left);
			break;
		}
		case 's':
			put_str(&o, va_arg(ap, const char *), width, left);
			break;
		case 'c': {
			char tmp[2] = { (char)va_arg(ap, int), '\0' };

			if (!tmp[0]) /* a NUL character still counts */
				put(&o, '\0');
			else
				put_str(&o, tmp, width, left);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

/**
 * prtos_snprintf() - format into a buffer
 * @buf: destination
 * @size: its size
 * @fmt: format
 *
 * Return: the length the full output would have had.
 */
int prtos_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = prtos_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
