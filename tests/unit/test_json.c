// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of tools/json.c, the writer of the prtos command's --json output:
 * commas and nesting, every kind of value, the escaping of strings (control
 * characters, quotes, backslashes, UTF-8 valid and not), and the errors
 * json_end() reports (a full output, an unbalanced document).
 */
#define _GNU_SOURCE /* open_memstream() */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../tools/json.h"

static char *out_buf;
static size_t out_size;
static FILE *out;

static int open_out(void **state)
{
	out = open_memstream(&out_buf, &out_size);
	return out ? 0 : -1;
}

static int close_out(void **state)
{
	fclose(out);
	free(out_buf);
	out_buf = NULL;
	return 0;
}

/* What json_end() printed, the newline included. */
static const char *printed(void)
{
	fflush(out);
	return out_buf;
}

static void test_empty_document(void **state)
{
	struct json j;

	assert_int_equal(json_begin(&j, out), 0);
	assert_int_equal(json_end(&j), 0);
	assert_string_equal(printed(), "{\"prtos_json\":1}\n");
}

static void test_nesting_and_values(void **state)
{
	struct json j;

	assert_int_equal(json_begin(&j, out), 0);
	json_key(&j, "cells");
	json_open_array(&j);
	json_open_object(&j);
	json_key(&j, "id");
	json_uint(&j, 0);
	json_key(&j, "cpus");
	json_open_array(&j);
	json_uint(&j, 2);
	json_uint(&j, 3);
	json_close_array(&j);
	json_key(&j, "empty");
	json_open_array(&j);
	json_close_array(&j);
	json_close_object(&j);
	json_open_object(&j);
	json_close_object(&j);
	json_close_array(&j);
	json_key(&j, "max");
	json_uint(&j, UINT64_MAX);
	json_key(&j, "yes");
	json_bool(&j, true);
	json_key(&j, "no");
	json_bool(&j, false);
	json_key(&j, "nothing");
	json_null(&j);
	json_key(&j, "text");
	json_open_array(&j);
	json_decimal(&j, "12288");
	json_decimal(&j, "18446744073709551615");
	json_decimal(&j, "18446744073709551616");
	json_decimal(&j, "-1");
	json_decimal(&j, " 1");
	json_decimal(&j, "1x");
	json_decimal(&j, "");
	json_close_array(&j);
	json_key(&j, "rate");
	json_fixed(&j, 1016.25, 1);
	json_key(&j, "nan");
	json_fixed(&j, NAN, 3);
	json_key(&j, "inf");
	json_fixed(&j, INFINITY, 3);
	assert_int_equal(json_end(&j), 0);
	assert_string_equal(printed(),
			    "{\"prtos_json\":1,\"cells\":[{\"id\":0,"
			    "\"cpus\":[2,3],\"empty\":[]},{}],"
			    "\"max\":18446744073709551615,\"yes\":true,"
			    "\"no\":false,\"nothing\":null,"
			    "\"text\":[12288,18446744073709551615,null,null,"
			    "null,null,null],\"rate\":1016.2,"
			    "\"nan\":null,\"inf\":null}\n");
}

/* @len bytes of @in as a JSON string value, as the writer puts it. */
static void check_string(const char *in, size_t len, const char *want)
{
	char expected[512], *buf = NULL;
	struct json j;
	size_t size;
	FILE *f = open_memstream(&buf, &size);

	assert_non_null(f);
	assert_int_equal(json_begin(&j, f), 0);
	json_key(&j, "s");
	json_string_len(&j, in, len);
	assert_int_equal(json_end(&j), 0);
	fclose(f);
	snprintf(expected, sizeof(expected),
		 "{\"prtos_json\":1,\"s\":\"%s\"}\n", want);
	assert_string_equal(buf, expected);
	free(buf);
}

#define CHECK(in, want) check_string(in, sizeof(in) - 1, want)

static void test_escapes(void **state)
{
	CHECK("plain text", "plain text");
	CHECK("", "");
	CHECK("say \"hi\"", "say \\\"hi\\\"");
	CHECK("C:\\dir\\", "C:\\\\dir\\\\");
	CHECK("a\nb\tc\rd", "a\\nb\\tc\\rd");
	CHECK("\x01\x08\x0c\x1b\x1f", "\\u0001\\u0008\\u000c\\u001b\\u001f");
	CHECK("nul\0inside", "nul\\u0000inside");
	CHECK("del\x7f", "del\\u007f");
	CHECK("/ and ' stay", "/ and ' stay");
}

static void test_utf8(void **state)
{
	/* Valid sequences of every length pass through. */
	CHECK("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf",
	      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf");
	CHECK("\xef\xbb\xbf", "\xef\xbb\xbf");
	/* Stray bytes and impossible leads: one replacement each. */
	CHECK("a\x80z", "a\\ufffdz");
	CHECK("\xbf\xc0\xc1\xf5\xff", "\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd");
	/* Overlong forms: the lead alone is a maximal subpart. */
	CHECK("\xc0\xaf", "\\ufffd\\ufffd");
	CHECK("\xe0\x80\xaf", "\\ufffd\\ufffd\\ufffd");
	CHECK("\xf0\x8f\xbf\xbf", "\\ufffd\\ufffd\\ufffd\\ufffd");
	/* Surrogates and code points above U+10FFFF. */
	CHECK("\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd");
	CHECK("\xf4\x90\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd");
	/* A sequence cut short is one replacement, whatever follows. */
	CHECK("\xe2\x82z", "\\ufffdz");
	CHECK("\xf0\x9f\x98", "\\ufffd");
	CHECK("\xe2\x82\xe2\x82\xac", "\\ufffd\xe2\x82\xac");
	CHECK("\xc3", "\\ufffd");
}

static void test_full_output(void **state)
{
	FILE *full = fopen("/dev/full", "w");
	struct json j;

	if (!full)
		skip();
	assert_int_equal(json_begin(&j, full), 0);
	json_key(&j, "x");
	json_uint(&j, 1);
	assert_int_equal(json_end(&j), -1);
	fclose(full);
}

static void test_unbalanced(void **state)
{
	struct json j;
	int i;

	assert_int_equal(json_begin(&j, out), 0);
	json_key(&j, "open");
	json_open_array(&j);
	assert_int_equal(json_end(&j), -1);

	assert_int_equal(json_begin(&j, out), 0);
	for (i = 0; i < JSON_MAX_DEPTH + 2; i++)
		json_open_array(&j);
	for (i = 0; i < JSON_MAX_DEPTH + 2; i++)
		json_close_array(&j);
	assert_int_equal(json_end(&j), -1);
	fflush(out);
	assert_int_equal(out_size, 0);
}

static void test_discard(void **state)
{
	struct json j;

	assert_int_equal(json_begin(&j, out), 0);
	json_key(&j, "x");
	json_uint(&j, 1);
	json_discard(&j);
	fflush(out);
	assert_int_equal(out_size, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_document, open_out,
						close_out),
		cmocka_unit_test_setup_teardown(test_nesting_and_values,
						open_out, close_out),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_full_output),
		cmocka_unit_test_setup_teardown(test_unbalanced, open_out,
						close_out),
		cmocka_unit_test_setup_teardown(test_discard, open_out,
						close_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
