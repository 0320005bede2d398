/*
 * floe/plugin_json.h - reading a request and writing a response, for plugins
 * written in C. Header only (static inline functions), C99/C11 and C++, no
 * allocation except in struct floe_json_out.
 *
 * The host hands every method a JSON object (its request) and its config to
 * instance_new; a plugin needs to find a member, decode a string, read an
 * integer or a boolean, walk an array, and build an answer:
 *
 *   struct floe_json_span request = {text, length}, value;
 *   char name[256];
 *   if (!floe_json_is_object(request)) ...                    refuse: not an object
 *   if (floe_json_find(request, "name", &value) != 1) ...     absent (0) or malformed (-1)
 *   if (floe_json_string(value, name, sizeof name) != 0) ...  not a string, or too long
 *
 *   struct floe_json_out out = FLOE_JSON_OUT_INIT;
 *   floe_json_out_text(&out, "{\"name\": ");
 *   floe_json_out_string(&out, name);                         quoted and escaped
 *   floe_json_out_text(&out, "}");
 *   if (out.failed) ...                                       out of memory
 *   ... copy out.data (out.length bytes) into the floe_buffer, then floe_json_out_free(&out)
 *
 * Every reader validates the whole span first (nesting is bounded at 64
 * levels, so no input can exhaust the stack), so a malformed request is
 * refused, never read past its end. Ownership: spans point into the caller's
 * text and live as long as it does; floe_json_out owns its data until
 * floe_json_out_free.
 */
#ifndef FLOE_PLUGIN_JSON_H
#define FLOE_PLUGIN_JSON_H

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One JSON value, exactly as written in the caller's text. */
struct floe_json_span {
  const char* text;
  size_t length;
};

/* How deep objects and arrays may nest in what the readers accept. */
#define FLOE_JSON_MAX_DEPTH 64

/* ---- Internals (the validating skipper) ---------------------------------- */

static inline const char* floe_json_skip_space_(const char* p, const char* end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
  return p;
}

static inline int floe_json_hex_(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static inline const char* floe_json_skip_string_(const char* p, const char* end) {
  if (p >= end || *p != '"') return NULL;
  for (++p; p < end; ++p) {
    if (*p == '"') return p + 1;
    if ((unsigned char)*p < 0x20) return NULL;
    if (*p == '\\') {
      if (++p >= end) return NULL;
      if (*p == 'u') {
        int i;
        for (i = 0; i < 4; ++i)
          if (++p >= end || floe_json_hex_(*p) < 0) return NULL;
      } else if (strchr("\"\\/bfnrt", *p) == NULL || *p == '\0') {
        return NULL;
      }
    }
  }
  return NULL;
}

static inline const char* floe_json_skip_number_(const char* p, const char* end) {
  const char* start;
  if (p < end && *p == '-') ++p;
  start = p;
  while (p < end && *p >= '0' && *p <= '9') ++p;
  if (p == start) return NULL;
  if (p < end && *p == '.') {
    start = ++p;
    while (p < end && *p >= '0' && *p <= '9') ++p;
    if (p == start) return NULL;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < end && (*p == '+' || *p == '-')) ++p;
    start = p;
    while (p < end && *p >= '0' && *p <= '9') ++p;
    if (p == start) return NULL;
  }
  return p;
}

static inline const char* floe_json_skip_literal_(const char* p, const char* end, const char* word) {
  size_t n = strlen(word);
  return (size_t)(end - p) >= n && memcmp(p, word, n) == 0 ? p + n : NULL;
}

/* One value of any kind; NULL when malformed or nested deeper than FLOE_JSON_MAX_DEPTH.
 * Iterative: a stack of the open containers' kinds, one byte each. */
static inline const char* floe_json_skip_value_(const char* p, const char* end) {
  char closers[FLOE_JSON_MAX_DEPTH + 1]; /* what closes each open container: } or ] */
  int depth = 0;
  for (;;) {
    p = floe_json_skip_space_(p, end);
    if (p >= end) return NULL;
    if (*p == '{' || *p == '[') {
      if (depth == FLOE_JSON_MAX_DEPTH) return NULL;
      closers[depth++] = *p == '{' ? '}' : ']';
      p = floe_json_skip_space_(p + 1, end);
      if (p < end && *p == closers[depth - 1]) {
        --depth;
        ++p;
      } else if (closers[depth - 1] == '}') {
        p = floe_json_skip_string_(p, end);
        if (p == NULL) return NULL;
        p = floe_json_skip_space_(p, end);
        if (p >= end || *p != ':') return NULL;
        ++p;
        continue; /* the member's value */
      } else {
        continue; /* the first element */
      }
    } else {
      switch (*p) {
        case '"': p = floe_json_skip_string_(p, end); break;
        case 't': p = floe_json_skip_literal_(p, end, "true"); break;
        case 'f': p = floe_json_skip_literal_(p, end, "false"); break;
        case 'n': p = floe_json_skip_literal_(p, end, "null"); break;
        default: p = floe_json_skip_number_(p, end); break;
      }
      if (p == NULL) return NULL;
    }
    /* A value ended: close containers, or go on to the next member or element. */
    for (;;) {
      if (depth == 0) return p;
      p = floe_json_skip_space_(p, end);
      if (p >= end) return NULL;
      if (*p == closers[depth - 1]) {
        --depth;
        ++p;
        continue;
      }
      if (*p != ',') return NULL;
      p = floe_json_skip_space_(p + 1, end);
      if (closers[depth - 1] == '}') {
        p = floe_json_skip_string_(p, end);
        if (p == NULL) return NULL;
        p = floe_json_skip_space_(p, end);
        if (p >= end || *p != ':') return NULL;
        ++p;
      }
      break;
    }
  }
}

/* ---- Reading ------------------------------------------------------------- */

/* 1 if `value` is exactly one well-formed JSON value of that kind (spaces around allowed). */
static inline int floe_json_is_value_(struct floe_json_span value, char first) {
  const char* end;
  const char* p;
  if (value.text == NULL) return 0;
  end = value.text + value.length;
  p = floe_json_skip_space_(value.text, end);
  if (p >= end || (first != 0 && *p != first)) return 0;
  p = floe_json_skip_value_(p, end);
  return p != NULL && floe_json_skip_space_(p, end) == end;
}

static inline int floe_json_is_object(struct floe_json_span value) { return floe_json_is_value_(value, '{'); }
static inline int floe_json_is_array(struct floe_json_span value) { return floe_json_is_value_(value, '['); }

/* 1 if `value` is the literal true (0 for false, anything else, or malformed). */
static inline int floe_json_is_true(struct floe_json_span value) {
  struct floe_json_span word = value;
  const char* end = value.text + value.length;
  word.text = floe_json_skip_space_(value.text, end);
  while (end > word.text && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r')) --end;
  word.length = (size_t)(end - word.text);
  return word.length == 4 && memcmp(word.text, "true", 4) == 0;
}

/* Finds the member `key` of the object `object` (the first, if written twice).
 * Returns 1 and sets *value, 0 when absent, -1 when `object` is not a
 * well-formed object. Keys are compared as written: a key spelled with
 * escapes is not found. */
static inline int floe_json_find(struct floe_json_span object, const char* key, struct floe_json_span* value) {
  const char* end = object.text + object.length;
  const char* p;
  size_t key_length = strlen(key);
  if (!floe_json_is_object(object)) return -1;
  p = floe_json_skip_space_(object.text, end);
  p = floe_json_skip_space_(p + 1, end);
  if (*p == '}') return 0;
  for (;;) {
    const char* name = p;
    const char* after_name = floe_json_skip_string_(p, end);
    const char* value_start;
    int match = (size_t)(after_name - name) == key_length + 2 && memcmp(name + 1, key, key_length) == 0;
    p = floe_json_skip_space_(floe_json_skip_space_(after_name, end) + 1, end); /* past ':' */
    value_start = p;
    p = floe_json_skip_value_(p, end);
    if (match) {
      value->text = value_start;
      value->length = (size_t)(p - value_start);
      return 1;
    }
    p = floe_json_skip_space_(p, end);
    if (*p == '}') return 0;
    p = floe_json_skip_space_(p + 1, end); /* past ',' */
  }
}

/* Writes code point `code` as UTF-8 at out[*n]; 0, or -1 when it does not fit. */
static inline int floe_json_put_utf8_(unsigned long code, char* out, size_t capacity, size_t* n) {
  unsigned char bytes[4];
  size_t count, i;
  if (code < 0x80) {
    bytes[0] = (unsigned char)code;
    count = 1;
  } else if (code < 0x800) {
    bytes[0] = (unsigned char)(0xC0 | (code >> 6));
    bytes[1] = (unsigned char)(0x80 | (code & 0x3F));
    count = 2;
  } else if (code < 0x10000) {
    bytes[0] = (unsigned char)(0xE0 | (code >> 12));
    bytes[1] = (unsigned char)(0x80 | ((code >> 6) & 0x3F));
    bytes[2] = (unsigned char)(0x80 | (code & 0x3F));
    count = 3;
  } else {
    bytes[0] = (unsigned char)(0xF0 | (code >> 18));
    bytes[1] = (unsigned char)(0x80 | ((code >> 12) & 0x3F));
    bytes[2] = (unsigned char)(0x80 | ((code >> 6) & 0x3F));
    bytes[3] = (unsigned char)(0x80 | (code & 0x3F));
    count = 4;
  }
  if (*n + count + 1 > capacity) return -1;
  for (i = 0; i < count; ++i) out[(*n)++] = (char)bytes[i];
  return 0;
}

/* Decodes the JSON string `value` into `out`, NUL-terminated, at most
 * `capacity` bytes with the NUL. \uXXXX escapes (surrogate pairs too) become
 * UTF-8. Returns 0, or -1: not a string, a lone surrogate, an escaped NUL
 * (which a C string cannot hold), or too long for `out`. */
static inline int floe_json_string(struct floe_json_span value, char* out, size_t capacity) {
  const char* p = value.text;
  const char* end = value.text + value.length;
  size_t n = 0;
  if (capacity == 0 || value.length < 2 || floe_json_skip_string_(p, end) != end) return -1;
  for (++p, --end; p < end; ++p) {
    char c = *p;
    if (c == '\\') {
      c = *++p;
      if (c == 'u') {
        unsigned long code = 0;
        int i;
        for (i = 1; i <= 4; ++i) code = code * 16 + (unsigned long)floe_json_hex_(p[i]);
        p += 4;
        if (code >= 0xD800 && code <= 0xDBFF) { /* a high surrogate: its low half must follow */
          unsigned long low = 0;
          if (end - p < 7 || p[1] != '\\' || p[2] != 'u') return -1;
          for (i = 3; i <= 6; ++i) {
            int h = floe_json_hex_(p[i]);
            if (h < 0) return -1;
            low = low * 16 + (unsigned long)h;
          }
          if (low < 0xDC00 || low > 0xDFFF) return -1;
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          p += 6;
        } else if ((code >= 0xDC00 && code <= 0xDFFF) || code == 0) {
          return -1;
        }
        if (floe_json_put_utf8_(code, out, capacity, &n) != 0) return -1;
        continue;
      }
      switch (c) {
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        default: break; /* " \ / */
      }
    }
    if (n + 1 >= capacity) return -1;
    out[n++] = c;
  }
  out[n] = '\0';
  return 0;
}

/* Reads an integer (no fraction or exponent) that fits a long long. Returns 0 or -1. */
static inline int floe_json_integer(struct floe_json_span value, long long* out) {
  char text[32];
  char* stop;
  const char* end = value.text + value.length;
  const char* p = floe_json_skip_space_(value.text, end);
  size_t length;
  while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r')) --end;
  length = (size_t)(end - p);
  if (length == 0 || length >= sizeof text || floe_json_skip_number_(p, end) != end) return -1;
  memcpy(text, p, length);
  text[length] = '\0';
  errno = 0;
  *out = strtoll(text, &stop, 10);
  return *stop == '\0' && errno != ERANGE ? 0 : -1;
}

/* Walks the elements of the array `array`: start with *cursor = 0; each call
 * sets *element to the next one and returns 1, or returns 0 at the end, -1
 * when `array` is not a well-formed array. */
static inline int floe_json_array_next(struct floe_json_span array, size_t* cursor, struct floe_json_span* element) {
  const char* end = array.text + array.length;
  const char* p = array.text + *cursor;
  const char* after;
  if (*cursor == 0) {
    if (!floe_json_is_array(array)) return -1;
    p = floe_json_skip_space_(p, end);
    p = floe_json_skip_space_(p + 1, end);
    if (p < end && *p == ']') return 0;
  } else {
    p = floe_json_skip_space_(p, end);
    if (p >= end) return -1;
    if (*p == ']') return 0;
    if (*p != ',') return -1;
    p = floe_json_skip_space_(p + 1, end);
  }
  after = floe_json_skip_value_(p, end);
  if (after == NULL) return -1;
  element->text = p;
  element->length = (size_t)(after - p);
  *cursor = (size_t)(after - array.text);
  return 1;
}

/* ---- Writing ------------------------------------------------------------- */

/* A growing output buffer. `failed` is set when memory runs out; every
 * append then does nothing, so check it once at the end. */
struct floe_json_out {
  char* data; /* NUL-terminated; owned until floe_json_out_free */
  size_t length;
  size_t capacity;
  int failed;
};

#define FLOE_JSON_OUT_INIT {NULL, 0, 0, 0}

static inline void floe_json_out_raw(struct floe_json_out* out, const char* text, size_t length) {
  if (out->failed) return;
  if (out->length + length + 1 > out->capacity) {
    size_t capacity = out->capacity ? out->capacity : 256;
    char* data;
    while (out->length + length + 1 > capacity) capacity *= 2;
    data = (char*)realloc(out->data, capacity);
    if (data == NULL) {
      out->failed = 1;
      return;
    }
    out->data = data;
    out->capacity = capacity;
  }
  memcpy(out->data + out->length, text, length);
  out->length += length;
  out->data[out->length] = '\0';
}

/* `text` as it is (JSON syntax the caller writes: braces, keys, numbers). */
static inline void floe_json_out_text(struct floe_json_out* out, const char* text) {
  floe_json_out_raw(out, text, strlen(text));
}

/* `text` as a quoted JSON string: quotes, backslashes and control characters escaped. */
static inline void floe_json_out_string(struct floe_json_out* out, const char* text) {
  floe_json_out_raw(out, "\"", 1);
  for (; *text != '\0'; ++text) {
    unsigned char c = (unsigned char)*text;
    char escaped[8];
    if (c == '"' || c == '\\') {
      escaped[0] = '\\';
      escaped[1] = (char)c;
      floe_json_out_raw(out, escaped, 2);
    } else if (c < 0x20) {
      snprintf(escaped, sizeof escaped, "\\u%04x", c);
      floe_json_out_raw(out, escaped, 6);
    } else {
      floe_json_out_raw(out, text, 1);
    }
  }
  floe_json_out_raw(out, "\"", 1);
}

static inline void floe_json_out_free(struct floe_json_out* out) {
  free(out->data);
  out->data = NULL;
  out->length = out->capacity = 0;
  out->failed = 0;
}

#ifdef __cplusplus
}
#endif

#endif /* FLOE_PLUGIN_JSON_H */
