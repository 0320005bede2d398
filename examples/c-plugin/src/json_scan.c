/* json_scan.c - see json_scan.h. */
#include "json_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char* skip_space(const char* p, const char* end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
  return p;
}

static const char* skip_value(const char* p, const char* end, int depth);

static const char* skip_string(const char* p, const char* end) {
  if (p >= end || *p != '"') return NULL;
  for (++p; p < end; ++p) {
    if (*p == '"') return p + 1;
    if ((unsigned char)*p < 0x20) return NULL;
    if (*p == '\\') {
      if (++p >= end) return NULL;
      if (*p == 'u') {
        int i;
        for (i = 0; i < 4; ++i)
          if (++p >= end || !((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
            return NULL;
      } else if (strchr("\"\\/bfnrt", *p) == NULL) {
        return NULL;
      }
    }
  }
  return NULL;
}

static const char* skip_number(const char* p, const char* end) {
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

static const char* skip_literal(const char* p, const char* end, const char* word) {
  size_t n = strlen(word);
  return (size_t)(end - p) >= n && memcmp(p, word, n) == 0 ? p + n : NULL;
}

/* Objects and arrays; `depth` bounds the nesting, so no input can exhaust the stack. */
static const char* skip_container(const char* p, const char* end, int depth) {
  char close = *p == '{' ? '}' : ']';
  int object = *p == '{';
  p = skip_space(p + 1, end);
  if (p < end && *p == close) return p + 1;
  for (;;) {
    if (object) {
      p = skip_string(p, end);
      if (p == NULL) return NULL;
      p = skip_space(p, end);
      if (p >= end || *p != ':') return NULL;
      p = skip_space(p + 1, end);
    }
    p = skip_value(p, end, depth + 1);
    if (p == NULL) return NULL;
    p = skip_space(p, end);
    if (p >= end) return NULL;
    if (*p == close) return p + 1;
    if (*p != ',') return NULL;
    p = skip_space(p + 1, end);
  }
}

static const char* skip_value(const char* p, const char* end, int depth) {
  if (p >= end || depth > 64) return NULL;
  switch (*p) {
    case '{':
    case '[': return skip_container(p, end, depth);
    case '"': return skip_string(p, end);
    case 't': return skip_literal(p, end, "true");
    case 'f': return skip_literal(p, end, "false");
    case 'n': return skip_literal(p, end, "null");
    default: return skip_number(p, end);
  }
}

int json_is_object(const char* text, size_t length) {
  const char* end = text + length;
  const char* p;
  if (text == NULL) return 0;
  p = skip_space(text, end);
  if (p >= end || *p != '{') return 0;
  p = skip_value(p, end, 0);
  return p != NULL && skip_space(p, end) == end;
}

int json_is_object_span(struct json_span value) { return json_is_object(value.text, value.length); }

int json_is_true(struct json_span value) { return value.length == 4 && memcmp(value.text, "true", 4) == 0; }

int json_find(struct json_span object, const char* key, struct json_span* value) {
  const char* end = object.text + object.length;
  const char* p;
  size_t key_length = strlen(key);
  if (!json_is_object(object.text, object.length)) return -1;
  p = skip_space(object.text, end);
  p = skip_space(p + 1, end);
  if (*p == '}') return 0;
  for (;;) {
    const char* name = p;
    const char* after_name = skip_string(p, end);
    const char* value_start;
    /* Keys are compared as written: a key spelled with escapes is not found. */
    int match = (size_t)(after_name - name) == key_length + 2 && memcmp(name + 1, key, key_length) == 0;
    p = skip_space(skip_space(after_name, end) + 1, end); /* past ':' */
    value_start = p;
    p = skip_value(p, end, 1);
    if (match) {
      value->text = value_start;
      value->length = (size_t)(p - value_start);
      return 1;
    }
    p = skip_space(p, end);
    if (*p == '}') return 0;
    p = skip_space(p + 1, end); /* past ',' */
  }
}

int json_string(struct json_span value, char* out, size_t capacity) {
  const char* p = value.text;
  const char* end = value.text + value.length;
  size_t n = 0;
  if (value.length < 2 || skip_string(p, end) != end) return -1;
  for (++p, --end; p < end; ++p) {
    char c = *p;
    if (c == '\\') {
      c = *++p;
      switch (c) {
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'u': {
          char hex[5] = {p[1], p[2], p[3], p[4], '\0'};
          long code = strtol(hex, NULL, 16);
          if (code <= 0 || code > 0x7f) return -1;
          c = (char)code;
          p += 4;
          break;
        }
        default: break; /* " \ / */
      }
    }
    if (n + 1 >= capacity) return -1;
    out[n++] = c;
  }
  out[n] = '\0';
  return 0;
}

int json_array_next(struct json_span array, size_t* cursor, struct json_span* element) {
  const char* end = array.text + array.length;
  const char* p = array.text + *cursor;
  const char* after;
  if (*cursor == 0) {
    p = skip_space(p, end);
    if (p >= end || *p != '[') return -1;
    p = skip_space(p + 1, end);
    if (p < end && *p == ']') return 0;
  } else {
    p = skip_space(p, end);
    if (p >= end) return -1;
    if (*p == ']') return 0;
    if (*p != ',') return -1;
    p = skip_space(p + 1, end);
  }
  after = skip_value(p, end, 1);
  if (after == NULL) return -1;
  element->text = p;
  element->length = (size_t)(after - p);
  *cursor = (size_t)(after - array.text);
  return 1;
}

int json_integer(struct json_span value, long long* out) {
  char text[32];
  char* stop;
  if (value.length == 0 || value.length >= sizeof text) return -1;
  memcpy(text, value.text, value.length);
  text[value.length] = '\0';
  *out = strtoll(text, &stop, 10);
  return *stop == '\0' ? 0 : -1;
}

void json_out_raw(struct json_out* out, const char* text, size_t length) {
  if (out->failed) return;
  if (out->length + length + 1 > out->capacity) {
    size_t capacity = out->capacity ? out->capacity : 256;
    char* data;
    while (out->length + length + 1 > capacity) capacity *= 2;
    data = realloc(out->data, capacity);
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

void json_out_text(struct json_out* out, const char* text) { json_out_raw(out, text, strlen(text)); }

void json_out_string(struct json_out* out, const char* text) {
  json_out_raw(out, "\"", 1);
  for (; *text != '\0'; ++text) {
    unsigned char c = (unsigned char)*text;
    char escaped[8];
    if (c == '"' || c == '\\') {
      escaped[0] = '\\';
      escaped[1] = (char)c;
      json_out_raw(out, escaped, 2);
    } else if (c < 0x20) {
      snprintf(escaped, sizeof escaped, "\\u%04x", c);
      json_out_raw(out, escaped, 6);
    } else {
      json_out_raw(out, text, 1);
    }
  }
  json_out_raw(out, "\"", 1);
}

void json_out_free(struct json_out* out) {
  free(out->data);
  out->data = NULL;
  out->length = out->capacity = 0;
}
