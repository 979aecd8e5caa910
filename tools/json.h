/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The JSON writer behind every --json output (json.c): one document is
 * built in memory and printed on one line, so that a command prints all
 * of it or nothing, and a stream of documents is JSON Lines.
 */
#ifndef _PRTOS_TOOL_JSON_H
#define _PRTOS_TOOL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * The schema version every document carries as "prtos_json". Within one
 * version keys are only ever added; a key removed, renamed or given
 * another type means a new version. Documentation/prtos-command.md
 * describes the schema of each command.
 */
#define PRTOS_JSON_VERSION 1

#define JSON_MAX_DEPTH	   16

/**
 * struct json - a document being written
 * @out: where json_end() prints it
 * @f: the document so far (a memory stream over @buf)
 * @buf: its text
 * @size: its length
 * @depth: objects and arrays open, the document's own object included
 * @empty: per depth, whether nothing was written in it yet
 * @after_key: a key was written, its value comes next
 * @failed: a write failed (memory ran out); json_end() reports it
 * @unbalanced: the caller nested too deep or closed too much
 */
struct json {
	FILE *out;
	FILE *f;
	char *buf;
	size_t size;
	unsigned int depth;
	bool empty[JSON_MAX_DEPTH];
	bool after_key;
	bool failed;
	bool unbalanced;
};

int json_begin(struct json *j, FILE *out);
int json_end(struct json *j);
void json_discard(struct json *j);

void json_key(struct json *j, const char *key);
void json_open_object(struct json *j);
void json_close_object(struct json *j);
void json_open_array(struct json *j);
void json_close_array(struct json *j);
void json_string(struct json *j, const char *s);
void json_string_len(struct json *j, const char *s, size_t len);
void json_uint(struct json *j, unsigned long long v);
void json_decimal(struct json *j, const char *text);
void json_fixed(struct json *j, double v, int decimals);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);

#endif
