/*
 * directory_catalog.c - a floe `catalog` plugin in plain C11: an Iceberg
 * catalog kept in a local directory. No C++ runtime, no JSON library, no
 * link to libfloe-core: everything from the host arrives in floe_host_api.
 *
 *   <root>/<namespace>/                       a namespace
 *   <root>/<namespace>/namespace.json         its properties
 *   <root>/<namespace>/<table>/metadata/v1.metadata.json   a table
 *
 * Table identifiers are "<namespace>.<table>"; names are [A-Za-z0-9_-]
 * (first character not '-'), so no request can reach outside <root>.
 * Namespaces are flat (list_namespaces under a parent lists nothing), and
 * vend_credentials returns FLOE_ERR_NOT_IMPLEMENTED: a local directory needs
 * no credentials.
 *
 * Config: {"root": "/path/to/catalog" (required), "name": "local"}.
 */
#define _XOPEN_SOURCE 700

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "floe/catalog.h"
#include "floe/plugin_json.h" /* the C kit's JSON reader and writer (header only) */

#define PLUGIN_NAME "directory"
#define NAME_MAX_LENGTH 128

/* ---- Descriptor -------------------------------------------------------- */

static const char* const capabilities[] = {"catalog:directory", "iceberg-metadata", NULL};

static const struct floe_plugin_descriptor descriptor = {
    sizeof(struct floe_plugin_descriptor),
    FLOE_ABI_VERSION,
    FLOE_CATEGORY_CATALOG,
    0,
    PLUGIN_NAME,
    "0.1.0",
    "An Iceberg catalog kept in a local directory (plain C example plugin)",
    capabilities,
    NULL,
    "{\"type\": \"object\", \"properties\": {"
    "\"root\": {\"type\": \"string\", \"minLength\": 1, \"description\": \"directory that holds the catalog\"}, "
    "\"name\": {\"type\": \"string\", \"minLength\": 1, \"default\": \"local\", \"description\": \"catalog name\"}}, "
    "\"required\": [\"root\"], \"additionalProperties\": false}",
};

/* The host table of the latest init: valid for the life of the process.
 * Atomic because a host may init again (another registry, on another
 * thread) while instances of an earlier init are in use (docs/abi.md#threads). */
static const struct floe_host_api* _Atomic g_host;

static floe_status fail(struct floe_error* error, floe_status code, const char* format, ...)
    __attribute__((format(printf, 3, 4)));

#include <stdarg.h>
static floe_status fail(struct floe_error* error, floe_status code, const char* format, ...) {
  char message[1024];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  return g_host->set_error(error, code, message);
}

/* Hands a finished response to the host (which copies it) and frees it. */
static floe_status reply(struct floe_json_out* out, struct floe_buffer* buffer, struct floe_error* error) {
  floe_status status;
  if (out->failed) {
    floe_json_out_free(out);
    return fail(error, FLOE_ERR_PLUGIN_FAILED, "out of memory");
  }
  status = g_host->set_buffer(buffer, out->data, out->length, error);
  floe_json_out_free(out);
  return status;
}

/* ---- Instances --------------------------------------------------------- */

struct floe_instance {
  char root[4096];
  char name[NAME_MAX_LENGTH + 1];
};

static floe_status instance_new(struct floe_plugin* plugin, const char* config, size_t length,
                                floe_instance** out, struct floe_error* error) {
  struct floe_json_span doc = {config, length}, value;
  floe_instance* instance;
  (void)plugin;
  if (out == NULL || !floe_json_is_object((struct floe_json_span){config, length}))
    return fail(error, FLOE_ERR_INVALID_CONFIG, "the configuration is not a JSON object");
  instance = calloc(1, sizeof *instance);
  if (instance == NULL) return fail(error, FLOE_ERR_PLUGIN_FAILED, "out of memory");
  /* The host validated the config against the schema and filled in "name". */
  if (floe_json_find(doc, "root", &value) != 1 || floe_json_string(value, instance->root, sizeof instance->root) != 0) {
    free(instance);
    return fail(error, FLOE_ERR_INVALID_CONFIG, "config key 'root' must be a directory path");
  }
  if (floe_json_find(doc, "name", &value) != 1 || floe_json_string(value, instance->name, sizeof instance->name) != 0)
    strcpy(instance->name, "local");
  *out = instance;
  return FLOE_OK;
}

static void instance_free(struct floe_plugin* plugin, floe_instance* instance) {
  (void)plugin;
  free(instance);
}

/* ---- Requests, names and paths ----------------------------------------- */

/* Checks the call's arguments; `request` must be a JSON object. */
static floe_status check_call(floe_instance* instance, const char* request, size_t length, struct floe_buffer* out,
                              struct floe_error* error) {
  if (instance == NULL || out == NULL)
    return fail(error, FLOE_ERR_INVALID_ARGUMENT, "null instance or output buffer");
  if (!floe_json_is_object((struct floe_json_span){request, length})) return fail(error, FLOE_ERR_INVALID_ARGUMENT, "the request is not a JSON object");
  return FLOE_OK;
}

static int valid_name(const char* name) {
  size_t n = strlen(name), i;
  if (n == 0 || n > NAME_MAX_LENGTH || name[0] == '-') return 0;
  for (i = 0; i < n; ++i) {
    char c = name[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return 0;
  }
  return 1;
}

/* Reads the string `key` of the request into `out` (a valid name when `name`). */
static floe_status request_string(const char* request, size_t length, const char* key, int name, char* out,
                                  size_t capacity, struct floe_error* error) {
  struct floe_json_span doc = {request, length}, value;
  if (floe_json_find(doc, key, &value) != 1) return fail(error, FLOE_ERR_INVALID_ARGUMENT, "request key '%s' is required", key);
  if (floe_json_string(value, out, capacity) != 0)
    return fail(error, FLOE_ERR_INVALID_ARGUMENT, "request key '%s' must be a string", key);
  if (name && !valid_name(out))
    return fail(error, FLOE_ERR_INVALID_ARGUMENT,
                "request key '%s': '%s' is not a valid name (letters, digits, '_' and '-')", key, out);
  return FLOE_OK;
}

/* Splits "<namespace>.<table>" from the request's `key`. */
static floe_status request_identifier(const char* request, size_t length, const char* key, char* ns, char* table,
                                      struct floe_error* error) {
  char identifier[2 * NAME_MAX_LENGTH + 2];
  char* dot;
  floe_status status = request_string(request, length, key, 0, identifier, sizeof identifier, error);
  if (status != FLOE_OK) return status;
  dot = strchr(identifier, '.');
  if (dot != NULL) {
    *dot = '\0';
    strcpy(ns, identifier);
    strcpy(table, dot + 1);
  }
  if (dot == NULL || !valid_name(ns) || !valid_name(table))
    return fail(error, FLOE_ERR_INVALID_ARGUMENT, "request key '%s' must be '<namespace>.<table>' (names of letters, digits, '_' and '-')",
                key);
  return FLOE_OK;
}

static int is_directory(const char* path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The catalog root must exist before anything else is done. */
static floe_status check_root(const floe_instance* instance, struct floe_error* error) {
  if (!is_directory(instance->root))
    return fail(error, FLOE_ERR_UNAVAILABLE, "catalog root '%s' is not a directory (create it first)", instance->root);
  return FLOE_OK;
}

static void path_of(char* out, size_t capacity, const floe_instance* instance, const char* ns, const char* table,
                    const char* leaf) {
  snprintf(out, capacity, "%s/%s%s%s%s%s", instance->root, ns, table ? "/" : "", table ? table : "", leaf ? "/" : "",
           leaf ? leaf : "");
}

#define METADATA_FILE "metadata/v1.metadata.json"

/* Reads a whole file into a NUL-terminated malloc'd string. */
static char* read_file(const char* path, size_t* length) {
  FILE* file = fopen(path, "rb");
  char* data = NULL;
  long size;
  if (file == NULL) return NULL;
  if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0 && fseek(file, 0, SEEK_SET) == 0 &&
      (data = malloc((size_t)size + 1)) != NULL) {
    if (fread(data, 1, (size_t)size, file) != (size_t)size) {
      free(data);
      data = NULL;
    } else {
      data[size] = '\0';
      *length = (size_t)size;
    }
  }
  fclose(file);
  return data;
}

static int write_file(const char* path, const char* data, size_t length) {
  FILE* file = fopen(path, "wb");
  int ok;
  if (file == NULL) return -1;
  ok = fwrite(data, 1, length, file) == length;
  return fclose(file) == 0 && ok ? 0 : -1;
}

/* The names of the subdirectories of `dir` that are valid names (and, when
 * `marker` is set, contain it), sorted, as a JSON array of "<prefix><name>". */
static int compare_names(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

static floe_status list_directory(const char* dir, const char* marker, const char* prefix, struct floe_json_out* out,
                                  struct floe_error* error) {
  DIR* d = opendir(dir);
  struct dirent* entry;
  char** names = NULL;
  size_t count = 0, capacity = 0, i;
  if (d == NULL) return fail(error, FLOE_ERR_IO, "cannot read directory '%s': %s", dir, strerror(errno));
  while ((entry = readdir(d)) != NULL) {
    char path[8192];
    if (!valid_name(entry->d_name)) continue;
    snprintf(path, sizeof path, "%s/%s%s%s", dir, entry->d_name, marker ? "/" : "", marker ? marker : "");
    if (marker ? access(path, R_OK) != 0 : !is_directory(path)) continue;
    if (count == capacity) {
      char** grown = realloc(names, (capacity = capacity ? 2 * capacity : 16) * sizeof *names);
      if (grown == NULL) break;
      names = grown;
    }
    if ((names[count] = strdup(entry->d_name)) == NULL) break;
    ++count;
  }
  closedir(d);
  if (count > 0) qsort(names, count, sizeof *names, compare_names);
  floe_json_out_text(out, "[");
  for (i = 0; i < count; ++i) {
    char qualified[2 * NAME_MAX_LENGTH + 2];
    snprintf(qualified, sizeof qualified, "%s%s", prefix, names[i]);
    if (i > 0) floe_json_out_text(out, ", ");
    floe_json_out_string(out, qualified);
    free(names[i]);
  }
  floe_json_out_text(out, "]");
  free(names);
  return FLOE_OK;
}

/* ---- Methods ----------------------------------------------------------- */

#define BEGIN_CALL()                                                          \
  floe_status status = check_call(instance, request, length, out, error);   \
  if (status != FLOE_OK) return status;                                     \
  if ((status = check_root(instance, error)) != FLOE_OK) return status

/* `<name_key>: name, "uri": "file://<root>", "warehouse": <root>`, shared by
 * connect and get_dbt_catalog_config. */
static void catalog_fields(struct floe_json_out* out, const char* name_key, const floe_instance* instance) {
  char uri[4200];
  snprintf(uri, sizeof uri, "file://%s", instance->root);
  floe_json_out_string(out, name_key);
  floe_json_out_text(out, ": ");
  floe_json_out_string(out, instance->name);
  floe_json_out_text(out, ", \"uri\": ");
  floe_json_out_string(out, uri);
  floe_json_out_text(out, ", \"warehouse\": ");
  floe_json_out_string(out, instance->root);
}

static floe_status health_check(floe_instance* instance, const char* request, size_t length, struct floe_buffer* out,
                                struct floe_error* error) {
  struct floe_json_out json = {0};
  floe_status status = check_call(instance, request, length, out, error);
  int ok;
  if (status != FLOE_OK) return status;
  ok = is_directory(instance->root) && access(instance->root, R_OK | W_OK | X_OK) == 0;
  floe_json_out_text(&json, ok ? "{\"state\": \"healthy\", \"message\": " : "{\"state\": \"unhealthy\", \"message\": ");
  floe_json_out_string(&json, ok ? "catalog root is a writable directory" : "catalog root is not a writable directory");
  floe_json_out_text(&json, ", \"details\": {\"root\": ");
  floe_json_out_string(&json, instance->root);
  floe_json_out_text(&json, "}}");
  return reply(&json, out, error);
}

static floe_status catalog_connect(floe_instance* instance, const char* request, size_t length,
                                   struct floe_buffer* out, struct floe_error* error) {
  struct floe_json_out json = {0};
  BEGIN_CALL();
  floe_json_out_text(&json, "{");
  catalog_fields(&json, "catalog_name", instance);
  floe_json_out_text(&json, ", \"properties\": {\"layout\": \"directory\"}}");
  return reply(&json, out, error);
}

static floe_status create_namespace(floe_instance* instance, const char* request, size_t length,
                                    struct floe_buffer* out, struct floe_error* error) {
  struct floe_json_span doc = {request, length}, properties = {"{}", 2};
  struct floe_json_out json = {0};
  char ns[NAME_MAX_LENGTH + 1], path[8192];
  BEGIN_CALL();
  if ((status = request_string(request, length, "namespace", 1, ns, sizeof ns, error)) != FLOE_OK) return status;
  if (floe_json_find(doc, "properties", &properties) == 1 && !floe_json_is_object(properties))
    return fail(error, FLOE_ERR_INVALID_ARGUMENT, "request key 'properties' must be an object");
  path_of(path, sizeof path, instance, ns, NULL, NULL);
  if (mkdir(path, 0777) != 0) {
    if (errno == EEXIST) return fail(error, FLOE_ERR_ALREADY_EXISTS, "namespace '%s' already exists", ns);
    return fail(error, FLOE_ERR_IO, "cannot create '%s': %s", path, strerror(errno));
  }
  path_of(path, sizeof path, instance, ns, NULL, "namespace.json");
  if (write_file(path, properties.text, properties.length) != 0)
    return fail(error, FLOE_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
  floe_json_out_text(&json, "{\"namespace\": ");
  floe_json_out_string(&json, ns);
  floe_json_out_text(&json, ", \"properties\": ");
  floe_json_out_raw(&json, properties.text, properties.length);
  floe_json_out_text(&json, "}");
  return reply(&json, out, error);
}

static floe_status list_namespaces(floe_instance* instance, const char* request, size_t length,
                                   struct floe_buffer* out, struct floe_error* error) {
  struct floe_json_span doc = {request, length}, value;
  struct floe_json_out json = {0};
  char parent[NAME_MAX_LENGTH + 1], path[8192];
  BEGIN_CALL();
  floe_json_out_text(&json, "{\"namespaces\": ");
  if (floe_json_find(doc, "parent", &value) == 1) {
    /* Namespaces are flat: an existing parent has no children. */
    if ((status = request_string(request, length, "parent", 1, parent, sizeof parent, error)) != FLOE_OK) return status;
    path_of(path, sizeof path, instance, parent, NULL, NULL);
    if (!is_directory(path)) {
      floe_json_out_free(&json);
      return fail(error, FLOE_ERR_NOT_FOUND, "namespace '%s' does not exist", parent);
    }
    floe_json_out_text(&json, "[]");
  } else if ((status = list_directory(instance->root, NULL, "", &json, error)) != FLOE_OK) {
    floe_json_out_free(&json);
    return status;
  }
  floe_json_out_text(&json, "}");
  return reply(&json, out, error);
}

static floe_status delete_namespace(floe_instance* instance, const char* request, size_t length,
                                    struct floe_buffer* out, struct floe_error* error) {
  struct floe_json_out json = {0};
  char ns[NAME_MAX_LENGTH + 1], path[8192];
  BEGIN_CALL();
  if ((status = request_string(request, length, "namespace", 1, ns, sizeof ns, error)) != FLOE_OK) return status;
  path_of(path, sizeof path, instance, ns, NULL, NULL);
  if (!is_directory(path)) return fail(error, FLOE_ERR_NOT_FOUND, "namespace '%s' does not exist", ns);
  if ((status = list_directory(path, NULL, "", &json, error)) != FLOE_OK) return status;
  if (json.failed || strcmp(json.data, "[]") != 0) {
    floe_json_out_free(&json);
    return fail(error, FLOE_ERR_INVALID_STATE, "namespace '%s' is not empty: drop its tables first", ns);
  }
  floe_json_out_free(&json);
  path_of(path, sizeof path, instance, ns, NULL, "namespace.json");
  unlink(path);
  path_of(path, sizeof path, instance, ns, NULL, NULL);
  if (rmdir(path) != 0) return fail(error, FLOE_ERR_IO, "cannot remove '%s': %s", path, strerror(errno));
  floe_json_out_text(&json, "{}");
  return reply(&json, out, error);
}

/* The highest field id at the top level of an Iceberg schema. */
static long long last_column_id(struct floe_json_span schema) {
  struct floe_json_span fields, field, id;
  size_t cursor = 0;
  long long last = 0, value;
  if (floe_json_find(schema, "fields", &fields) != 1) return 0;
  while (floe_json_array_next(fields, &cursor, &field) == 1)
    if (floe_json_find(field, "id", &id) == 1 && floe_json_integer(id, &value) == 0 && value > last) last = value;
  return last;
}

static void random_uuid(char out[37]) {
  unsigned char bytes[16];
  FILE* random = fopen("/dev/urandom", "rb");
  size_t i, n = 0;
  if (random != NULL) {
    n = fread(bytes, 1, sizeof bytes, random);
    fclose(random);
  }
  for (i = n; i < sizeof bytes; ++i) bytes[i] = (unsigned char)(rand() ^ (int)time(NULL));
  bytes[6] = (unsigned char)((bytes[6] & 0x0f) | 0x40); /* version 4 */
  bytes[8] = (unsigned char)((bytes[8] & 0x3f) | 0x80); /* RFC 4122 variant */
  snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0], bytes[1],
           bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11],
           bytes[12], bytes[13], bytes[14], bytes[15]);
}

static void table_reply_head(struct floe_json_out* json, const char* ns, const char* table, const char* metadata_path) {
  char identifier[2 * NAME_MAX_LENGTH + 2];
  snprintf(identifier, sizeof identifier, "%s.%s", ns, table);
  floe_json_out_text(json, "{\"identifier\": ");
  floe_json_out_string(json, identifier);
  floe_json_out_text(json, ", \"metadata_location\": ");
  floe_json_out_string(json, metadata_path);
}

static floe_status create_table(floe_instance* instance, const char* request, size_t length, struct floe_buffer* out,
                                struct floe_error* error) {
  struct floe_json_span doc = {request, length}, schema, value, properties = {"{}", 2};
  struct floe_json_out json = {0}, metadata = {0};
  char ns[NAME_MAX_LENGTH + 1], table[NAME_MAX_LENGTH + 1], path[8192], location[8300], uuid[37], number[160];
  long long schema_id = 0;
  struct timespec now;
  BEGIN_CALL();
  if ((status = request_identifier(request, length, "identifier", ns, table, error)) != FLOE_OK) return status;
  if (floe_json_find(doc, "schema", &schema) != 1 || !floe_json_is_object(schema))
    return fail(error, FLOE_ERR_INVALID_ARGUMENT, "request key 'schema' (an Iceberg schema object) is required");
  if (floe_json_find(doc, "properties", &properties) == 1 && !floe_json_is_object(properties))
    return fail(error, FLOE_ERR_INVALID_ARGUMENT, "request key 'properties' must be an object");
  if (floe_json_find(schema, "schema-id", &value) == 1 && floe_json_integer(value, &schema_id) != 0)
    return fail(error, FLOE_ERR_INVALID_ARGUMENT, "request key 'schema.schema-id' must be an integer");
  path_of(path, sizeof path, instance, ns, NULL, NULL);
  if (!is_directory(path)) return fail(error, FLOE_ERR_NOT_FOUND, "namespace '%s' does not exist", ns);
  path_of(path, sizeof path, instance, ns, table, NULL);
  if (floe_json_find(doc, "location", &value) == 1) {
    if (floe_json_string(value, location, sizeof location) != 0)
      return fail(error, FLOE_ERR_INVALID_ARGUMENT, "request key 'location' must be a string");
  } else {
    snprintf(location, sizeof location, "file://%s", path);
  }
  if (mkdir(path, 0777) != 0) {
    if (errno == EEXIST) return fail(error, FLOE_ERR_ALREADY_EXISTS, "table '%s.%s' already exists", ns, table);
    return fail(error, FLOE_ERR_IO, "cannot create '%s': %s", path, strerror(errno));
  }
  path_of(path, sizeof path, instance, ns, table, "metadata");
  if (mkdir(path, 0777) != 0) return fail(error, FLOE_ERR_IO, "cannot create '%s': %s", path, strerror(errno));

  /* Iceberg table metadata, format version 2, for an empty table. */
  random_uuid(uuid);
  clock_gettime(CLOCK_REALTIME, &now);
  floe_json_out_text(&metadata, "{\"format-version\": 2, \"table-uuid\": ");
  floe_json_out_string(&metadata, uuid);
  floe_json_out_text(&metadata, ", \"location\": ");
  floe_json_out_string(&metadata, location);
  snprintf(number, sizeof number, ", \"last-sequence-number\": 0, \"last-updated-ms\": %lld, \"last-column-id\": %lld",
           (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000, last_column_id(schema));
  floe_json_out_text(&metadata, number);
  floe_json_out_text(&metadata, ", \"schemas\": [");
  floe_json_out_raw(&metadata, schema.text, schema.length);
  snprintf(number, sizeof number, "], \"current-schema-id\": %lld", schema_id);
  floe_json_out_text(&metadata, number);
  floe_json_out_text(&metadata,
                ", \"partition-specs\": [{\"spec-id\": 0, \"fields\": []}], \"default-spec-id\": 0, "
                "\"last-partition-id\": 999, \"sort-orders\": [{\"order-id\": 0, \"fields\": []}], "
                "\"default-sort-order-id\": 0, \"properties\": ");
  floe_json_out_raw(&metadata, properties.text, properties.length);
  floe_json_out_text(&metadata, ", \"current-snapshot-id\": -1, \"snapshots\": [], \"snapshot-log\": [], \"metadata-log\": []}");
  path_of(path, sizeof path, instance, ns, table, METADATA_FILE);
  if (metadata.failed || write_file(path, metadata.data, metadata.length) != 0) {
    floe_json_out_free(&metadata);
    return fail(error, FLOE_ERR_IO, "cannot write '%s'", path);
  }
  floe_json_out_free(&metadata);
  table_reply_head(&json, ns, table, path);
  floe_json_out_text(&json, "}");
  return reply(&json, out, error);
}

static floe_status list_tables(floe_instance* instance, const char* request, size_t length, struct floe_buffer* out,
                               struct floe_error* error) {
  struct floe_json_out json = {0};
  char ns[NAME_MAX_LENGTH + 1], path[8192], prefix[NAME_MAX_LENGTH + 2];
  BEGIN_CALL();
  if ((status = request_string(request, length, "namespace", 1, ns, sizeof ns, error)) != FLOE_OK) return status;
  path_of(path, sizeof path, instance, ns, NULL, NULL);
  if (!is_directory(path)) return fail(error, FLOE_ERR_NOT_FOUND, "namespace '%s' does not exist", ns);
  snprintf(prefix, sizeof prefix, "%s.", ns);
  floe_json_out_text(&json, "{\"tables\": ");
  if ((status = list_directory(path, METADATA_FILE, prefix, &json, error)) != FLOE_OK) {
    floe_json_out_free(&json);
    return status;
  }
  floe_json_out_text(&json, "}");
  return reply(&json, out, error);
}

static floe_status load_table(floe_instance* instance, const char* request, size_t length, struct floe_buffer* out,
                              struct floe_error* error) {
  struct floe_json_out json = {0};
  char ns[NAME_MAX_LENGTH + 1], table[NAME_MAX_LENGTH + 1], path[8192];
  char* metadata;
  size_t metadata_length = 0;
  BEGIN_CALL();
  if ((status = request_identifier(request, length, "identifier", ns, table, error)) != FLOE_OK) return status;
  path_of(path, sizeof path, instance, ns, table, METADATA_FILE);
  metadata = read_file(path, &metadata_length);
  if (metadata == NULL) return fail(error, FLOE_ERR_NOT_FOUND, "table '%s.%s' does not exist", ns, table);
  if (!floe_json_is_object((struct floe_json_span){metadata, metadata_length})) {
    free(metadata);
    return fail(error, FLOE_ERR_IO, "'%s' is not a JSON object", path);
  }
  table_reply_head(&json, ns, table, path);
  floe_json_out_text(&json, ", \"metadata\": ");
  floe_json_out_raw(&json, metadata, metadata_length);
  floe_json_out_text(&json, "}");
  free(metadata);
  return reply(&json, out, error);
}

static int remove_entry(const char* path, const struct stat* st, int flag, struct FTW* ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static floe_status drop_table(floe_instance* instance, const char* request, size_t length, struct floe_buffer* out,
                              struct floe_error* error) {
  struct floe_json_span doc = {request, length}, value;
  struct floe_json_out json = {0};
  char ns[NAME_MAX_LENGTH + 1], table[NAME_MAX_LENGTH + 1], path[8192];
  BEGIN_CALL();
  if ((status = request_identifier(request, length, "identifier", ns, table, error)) != FLOE_OK) return status;
  path_of(path, sizeof path, instance, ns, table, METADATA_FILE);
  if (access(path, F_OK) != 0) return fail(error, FLOE_ERR_NOT_FOUND, "table '%s.%s' does not exist", ns, table);
  if (floe_json_find(doc, "purge", &value) == 1 && floe_json_is_true(value)) {
    /* purge: the table's directory and everything in it. */
    path_of(path, sizeof path, instance, ns, table, NULL);
    if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
      return fail(error, FLOE_ERR_IO, "cannot remove '%s': %s", path, strerror(errno));
  } else {
    /* Only the catalog entry: data files written under the table stay. */
    if (unlink(path) != 0) return fail(error, FLOE_ERR_IO, "cannot remove '%s': %s", path, strerror(errno));
    path_of(path, sizeof path, instance, ns, table, "metadata");
    rmdir(path);
    path_of(path, sizeof path, instance, ns, table, NULL);
    rmdir(path); /* fails, harmlessly, when data files remain */
  }
  floe_json_out_text(&json, "{}");
  return reply(&json, out, error);
}

static floe_status vend_credentials(floe_instance* instance, const char* request, size_t length,
                                    struct floe_buffer* out, struct floe_error* error) {
  (void)instance;
  (void)request;
  (void)length;
  (void)out;
  return fail(error, FLOE_ERR_NOT_IMPLEMENTED, "vend_credentials is not implemented: a local directory needs no credentials");
}

static floe_status get_engine_config(floe_instance* instance, const char* request, size_t length,
                                     struct floe_buffer* out, struct floe_error* error) {
  (void)instance;
  (void)request;
  (void)length;
  (void)out;
  return fail(error, FLOE_ERR_NOT_IMPLEMENTED,
              "get_engine_config is not implemented: engines reach a local directory catalog through get_dbt_catalog_config");
}

/* Snapshot expiry and table properties need Iceberg metadata commits, which a
   directory of table files does not keep: both optional methods say so. */
static floe_status table_maintenance(floe_instance* instance, const char* request, size_t length,
                                     struct floe_buffer* out, struct floe_error* error) {
  (void)instance;
  (void)request;
  (void)length;
  (void)out;
  return fail(error, FLOE_ERR_NOT_IMPLEMENTED,
              "table maintenance is not implemented: a local directory catalog keeps no snapshots or properties");
}

/* floe platform deploy (ABI 1.3): a directory on the host's disk is no
   service to run in a cluster. */
static floe_status get_k8s_workloads(floe_instance* instance, const char* request, size_t length,
                                     struct floe_buffer* out, struct floe_error* error) {
  struct floe_json_out json = {0};
  BEGIN_CALL();
  floe_json_out_text(&json, "{\"workloads\": [], \"notes\": [\"a directory catalog runs no service: the directory must be "
                       "on a volume every pod that reads the catalog mounts\"]}");
  return reply(&json, out, error);
}

static floe_status get_dbt_catalog_config(floe_instance* instance, const char* request, size_t length,
                                          struct floe_buffer* out, struct floe_error* error) {
  struct floe_json_out json = {0};
  BEGIN_CALL();
  floe_json_out_text(&json, "{\"type\": \"directory\", ");
  catalog_fields(&json, "name", instance);
  floe_json_out_text(&json, "}");
  return reply(&json, out, error);
}

static const struct floe_catalog_v1 methods = {
    sizeof(struct floe_catalog_v1),
    FLOE_CATALOG_V1_VERSION,
    catalog_connect,
    create_namespace,
    list_namespaces,
    delete_namespace,
    create_table,
    list_tables,
    load_table,
    drop_table,
    vend_credentials, /* optional: answers FLOE_ERR_NOT_IMPLEMENTED */
    get_dbt_catalog_config,
    get_engine_config, /* optional: answers FLOE_ERR_NOT_IMPLEMENTED */
    table_maintenance, /* expire_snapshots, optional: answers FLOE_ERR_NOT_IMPLEMENTED */
    table_maintenance, /* update_table_properties, optional: answers FLOE_ERR_NOT_IMPLEMENTED */
    get_k8s_workloads, /* optional, since ABI 1.3: no workloads */
    table_maintenance, /* fast_forward_branches, optional since ABI 1.4: answers FLOE_ERR_NOT_IMPLEMENTED */
    table_maintenance, /* commit_data_files, optional since ABI 1.5: answers FLOE_ERR_NOT_IMPLEMENTED */
    table_maintenance, /* load_tables, optional since ABI 1.8: answers FLOE_ERR_NOT_IMPLEMENTED (the host loads one by one) */
};

/* ---- Init: the one exported symbol ------------------------------------- */

FLOE_PLUGIN_EXPORT floe_status floe_plugin_init(uint32_t host_abi_version, const struct floe_host_api* host,
                                                struct floe_plugin* plugin, struct floe_error* error) {
  struct floe_plugin full;
  uint32_t host_size;
  if (host == NULL || plugin == NULL) return FLOE_ERR_INVALID_ARGUMENT;
  g_host = host;
  if (FLOE_VERSION_MAJOR_OF(host_abi_version) != FLOE_ABI_VERSION_MAJOR)
    return host->set_error(error, FLOE_ERR_INCOMPATIBLE_ABI, PLUGIN_NAME ": built for another floe ABI major version");
  memset(&full, 0, sizeof full);
  full.struct_size = sizeof full;
  full.abi_version = FLOE_ABI_VERSION;
  full.descriptor = &descriptor;
  full.instance_new = instance_new;
  full.instance_free = instance_free;
  full.health_check = health_check;
  full.methods = &methods;
  /* Write only the prefix the host knows: it may be older than this plugin. */
  host_size = plugin->struct_size;
  memcpy(plugin, &full, host_size < sizeof full ? host_size : sizeof full);
  plugin->struct_size = host_size;
  return FLOE_OK;
}
