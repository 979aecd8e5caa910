// SPDX-License-Identifier: GPL-2.0
/*
 * A small JSON writer for the commands' --json output: objects, arrays,
 * strings, unsigned integers, fixed-point numbers, booleans and null,
 * with the commas placed for the caller. A document is written into
 * memory and printed whole, on one line, by json_end().
 *
 * Strings are bytes, as sysfs and the console ring hold them. They come
 * out as UTF-8: '"', '\' and every control character (U+0000 to U+001F,
 * and DEL) are escaped, valid UTF-8 is passed through as it is, and each
 * invalid sequence (a stray byte, a truncated or overlong sequence, a
 * surrogate, a code point above U+10FFFF) becomes one U+FFFD replacement
 * character, written \ufffd, as Unicode recommends ("maximal subparts")
 * and Python's decode(errors="replace") does.
 */
#define _GNU_SOURCE /* open_memstream() */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/**
 * json_begin() - start a document: its object, and its schema version
 * @j: the document
 * @out: where json_end() will print it (stdout)
 *
 * Writes '{"prtos_json":PRTOS_JSON_VERSION'; the caller adds its keys.
 *
 * Return: 0, or -1 after saying that memory ran out.
 */
int json_begin(struct json *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->f = open_memstream(&j->buf, &j->size);
	if (!j->f) {
		fprintf(stderr,
			"prtos: out of memory: close other programs and try again\n");
		return -1;
	}
	json_open_object(j);
	json_key(j, "prtos_json");
	json_uint(j, PRTOS_JSON_VERSION);
	return 0;
}

/**
 * json_discard() - drop a document without printing it
 * @j: the document, begun
 *
 * For a command that fails half-way: it prints nothing on standard output.
 */
void json_discard(struct json *j)
{
	if (j->f)
		fclose(j->f);
	free(j->buf);
	j->f = NULL;
	j->buf = NULL;
}

/**
 * json_end() - close a document and print it, with a newline
 * @j: the document, begun; every object and array but its own closed
 *
 * Return: 0, or -1 after saying what failed (memory, the output).
 */
int json_end(struct json *j)
{
	const char *what = NULL;
	int err = 0;

	json_close_object(j);
	if (j->depth)
		j->unbalanced = true; /* a caller left something open */
	fputc('\n', j->f);
	if (ferror(j->f))
		j->failed = true;
	if (fclose(j->f))
		j->failed = true;
	j->f = NULL;
	if (j->unbalanced) {
		what = "internal error: unbalanced JSON output (please report it)";
	} else if (j->failed) {
		what = "out of memory: close other programs and try again";
	} else if (fwrite(j->buf, 1, j->size, j->out) != j->size ||
		   fflush(j->out)) {
		err = errno;
		what = "cannot write to standard output";
	}
	free(j->buf);
	j->buf = NULL;
	if (!what)
		return 0;
	if (err)
		fprintf(stderr, "prtos: %s: %s\n", what, strerror(err));
	else
		fprintf(stderr, "prtos: %s\n", what);
	return -1;
}

/* What comes before a value or a key: a comma unless it is the first. */
static void separate(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth && !j->empty[j->depth - 1])
		fputc(',', j->f);
	if (j->depth)
		j->empty[j->depth - 1] = false;
}

static void open_level(struct json *j, char c)
{
	separate(j);
	fputc(c, j->f);
	if (j->depth == JSON_MAX_DEPTH) {
		j->unbalanced = true;
		return;
	}
	j->empty[j->depth++] = true;
}

static void close_level(struct json *j, char c)
{
	fputc(c, j->f);
	if (j->depth)
		j->depth--;
	else
		j->unbalanced = true;
}

/**
 * json_open_object() - start an object, as a value
 * @j: the document
 */
void json_open_object(struct json *j)
{
	open_level(j, '{');
}

/**
 * json_close_object() - end the object json_open_object() started
 * @j: the document
 */
void json_close_object(struct json *j)
{
	close_level(j, '}');
}

/**
 * json_open_array() - start an array, as a value
 * @j: the document
 */
void json_open_array(struct json *j)
{
	open_level(j, '[');
}

/**
 * json_close_array() - end the array json_open_array() started
 * @j: the document
 */
void json_close_array(struct json *j)
{
	close_level(j, ']');
}

/*
 * The length of the valid UTF-8 sequence at @s (at most @len bytes), or
 * minus the length of its longest valid beginning (at least 1), which is
 * replaced as a whole.
 */
static int utf8_sequence(const unsigned char *s, size_t len)
{
	unsigned char lo = 0x80, hi = 0xbf;
	int need, n;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4;
	else
		return -1;
	/* The second byte's range rules out overlongs, surrogates, > 10FFFF. */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	for (n = 1; n < need; n++) {
		if ((size_t)n >= len || s[n] < lo || s[n] > hi)
			return -n;
		lo = 0x80;
		hi = 0xbf;
	}
	return need;
}

/**
 * json_string_len() - a string value of @len bytes, NULs allowed
 * @j: the document
 * @s: the bytes
 * @len: how many
 *
 * See the top of this file for how the bytes are written.
 */
void json_string_len(struct json *j, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	int n;

	separate(j);
	fputc('"', j->f);
	while (i < len) {
		if (p[i] == '"' || p[i] == '\\') {
			fputc('\\', j->f);
			fputc(p[i++], j->f);
		} else if (p[i] == '\n') {
			fputs("\\n", j->f);
			i++;
		} else if (p[i] == '\t') {
			fputs("\\t", j->f);
			i++;
		} else if (p[i] == '\r') {
			fputs("\\r", j->f);
			i++;
		} else if (p[i] < 0x20 || p[i] == 0x7f) {
			fprintf(j->f, "\\u%04x", p[i++]);
		} else if (p[i] < 0x80) {
			fputc(p[i++], j->f);
		} else {
			n = utf8_sequence(p + i, len - i);
			if (n > 0)
				fwrite(p + i, 1, n, j->f);
			else
				fputs("\\ufffd", j->f);
			i += n > 0 ? n : -n;
		}
	}
	fputc('"', j->f);
}

/**
 * json_string() - a string value
 * @j: the document
 * @s: the string, NUL-terminated
 */
void json_string(struct json *j, const char *s)
{
	json_string_len(j, s, strlen(s));
}

/**
 * json_key() - the key of the next value, in an object
 * @j: the document
 * @key: the key, snake_case ASCII (written as it is)
 */
void json_key(struct json *j, const char *key)
{
	json_string(j, key);
	fputc(':', j->f);
	j->after_key = true;
}

/**
 * json_uint() - an integer value
 * @j: the document
 * @v: the value; all 64 bits are written (a reader should not round
 *     them through a double)
 */
void json_uint(struct json *j, unsigned long long v)
{
	separate(j);
	fprintf(j->f, "%llu", v);
}

/**
 * json_decimal() - an integer value given as text, as sysfs shows one
 * @j: the document
 * @text: decimal digits
 *
 * Text that is not a decimal number of at most 64 bits becomes null, so
 * that the value's type never changes.
 */
void json_decimal(struct json *j, const char *text)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (*text < '0' || *text > '9') {
		json_null(j);
		return;
	}
	v = strtoull(text, &end, 10);
	if (errno || *end)
		json_null(j);
	else
		json_uint(j, v);
}

/**
 * json_fixed() - a number with a fraction, e.g. a rate
 * @j: the document
 * @v: the value; null when it is not finite (JSON has no NaN)
 * @decimals: digits after the point
 */
void json_fixed(struct json *j, double v, int decimals)
{
	if (!isfinite(v)) {
		json_null(j);
		return;
	}
	separate(j);
	fprintf(j->f, "%.*f", decimals, v);
}

/**
 * json_bool() - true or false
 * @j: the document
 * @v: the value
 */
void json_bool(struct json *j, bool v)
{
	separate(j);
	fputs(v ? "true" : "false", j->f);
}

/**
 * json_null() - null: a value that could not be read
 * @j: the document
 */
void json_null(struct json *j)
{
	separate(j);
	fputs("null", j->f);
}
