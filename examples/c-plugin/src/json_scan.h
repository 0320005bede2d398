/*
 * json_scan.h - just enough JSON for a plugin's requests: find a top-level
 * key of an object, decode a string, walk an array, and build a response.
 * No allocation except in struct json_out. Plain C11.
 */
#ifndef DIRCAT_JSON_SCAN_H
#define DIRCAT_JSON_SCAN_H

#include <stddef.h>

/* A span of the input text: one JSON value, exactly as written. */
struct json_span {
  const char* text;
  size_t length;
};

/* 1 if `text` is a well-formed JSON object (up to trailing spaces). */
int json_is_object(const char* text, size_t length);

/* Finds `key` among the members of the object `object`.
 * Returns 1 and sets *value when found, 0 when absent, -1 when `object` is
 * not a well-formed object. */
int json_find(struct json_span object, const char* key, struct json_span* value);

/* Decodes the JSON string `value` into `out` (NUL-terminated, at most
 * `capacity` bytes including the NUL). \uXXXX escapes are accepted for
 * ASCII only. Returns 0, or -1 (not a string, unsupported escape, too long). */
int json_string(struct json_span value, char* out, size_t capacity);

/* 1 if `value` is a JSON object / true. */
int json_is_object_span(struct json_span value);
int json_is_true(struct json_span value);

/* Walks the elements of the array `array`: start with *cursor = 0; each call
 * sets *element to the next one and returns 1, or returns 0 at the end, -1
 * on malformed input. */
int json_array_next(struct json_span array, size_t* cursor, struct json_span* element);

/* Reads an integer value (no fraction or exponent). Returns 0 or -1. */
int json_integer(struct json_span value, long long* out);

/* A growing output buffer for responses. `failed` is set on allocation
 * failure; every append then does nothing. */
struct json_out {
  char* data;
  size_t length;
  size_t capacity;
  int failed;
};

void json_out_raw(struct json_out* out, const char* text, size_t length);
void json_out_text(struct json_out* out, const char* text);   /* raw, NUL-terminated */
void json_out_string(struct json_out* out, const char* text); /* a quoted, escaped JSON string */
void json_out_free(struct json_out* out);

#endif
