// SPDX-License-Identifier: GPL-2.0
/*
 * vsnprintf() for the inmates: the C library's semantics for the subset
 * listed in printk.h. Output is cut to the buffer but the return value is
 * always the full length, as in C.
 */
#include <inmate/printk.h>
#include <inmate/string.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

struct spec {
	bool left;
	bool zero;
	int width;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

/* Zero padding goes between the sign or prefix and the digits. */
static void put_field(struct out *o, const struct spec *sp, const char *head,
		      const char *body, int body_len)
{
	int len = strlen(head) + body_len;

	if (!sp->left && !sp->zero)
		pad(o, ' ', sp->width - len);
	while (*head)
		put(o, *head++);
	if (!sp->left && sp->zero)
		pad(o, '0', sp->width - len);
	while (body_len--)
		put(o, *body++);
	if (sp->left)
		pad(o, ' ', sp->width - len);
}

static void put_number(struct out *o, const struct spec *sp, u64 val,
		       unsigned int base, bool upper, const char *head)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = sizeof(tmp);

	do {
		tmp[--n] = digits[val % base];
		val /= base;
	} while (val);
	put_field(o, sp, head, tmp + n, sizeof(tmp) - n);
}

/* Reads the argument of an integer conversion with its length modifier. */
static u64 arg_unsigned(va_list *ap, int lmod)
{
	if (lmod >= 2)
		return va_arg(*ap, unsigned long long);
	if (lmod == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static s64 arg_signed(va_list *ap, int lmod)
{
	if (lmod >= 2)
		return va_arg(*ap, long long);
	if (lmod == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

/**
 * vsnprintf() - format into a buffer
 * @buf: the buffer, NUL-terminated unless @size is 0
 * @size: its size
 * @fmt: the format, see printk.h for what it may contain
 * @ap: the arguments
 *
 * An unknown conversion is printed as it stands.
 *
 * Return: the length the full output has, without the NUL.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		const char *start = fmt;
		struct spec sp = { false, false, 0 };
		int lmod = 0;
		const char *s;
		s64 v;
		char c;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9' && sp.width < 1000)
			sp.width = sp.width * 10 + (*fmt++ - '0');
		if (*fmt == 'z') {
			lmod = 1;
			fmt++;
		}
		while (*fmt == 'l' && lmod < 2) {
			lmod++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			v = arg_signed(&args, lmod);
			put_number(&o, &sp, v < 0 ? -(u64)v : (u64)v, 10,
				   false, v < 0 ? "-" : "");
			break;
		case 'u':
			put_number(&o, &sp, arg_unsigned(&args, lmod), 10,
				   false, "");
			break;
		case 'x':
		case 'X':
			put_number(&o, &sp, arg_unsigned(&args, lmod), 16,
				   *fmt == 'X', "");
			break;
		case 'p':
			put_number(&o, &sp,
				   (u64)(unsigned long)va_arg(args, void *),
				   16, false, "0x");
			break;
		case 'c':
			c = (char)va_arg(args, int);
			sp.zero = false;
			put_field(&o, &sp, "", &c, 1);
			break;
		case 's':
			s = va_arg(args, const char *);
			if (!s)
				s = "(null)";
			sp.zero = false;
			put_field(&o, &sp, "", s, strlen(s));
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			/* not understood: show it rather than guess */
			while (start < fmt + (*fmt != 0))
				put(&o, *start++);
			if (!*fmt)
				continue;
			break;
		}
		fmt++;
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

/**
 * snprintf() - format into a buffer
 * @buf: the buffer
 * @size: its size
 * @fmt: the format
 *
 * Return: the length the full output has, without the NUL.
 */
int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
