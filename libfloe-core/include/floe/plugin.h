/*
 * floe/plugin.h - the plugin ABI: what a plugin `.so` exports and what the
 * host hands it.
 *
 * A plugin exports exactly one symbol, its init function (default name
 * FLOE_PLUGIN_INIT_SYMBOL; a plugin manifest may name another). Plugins never
 * link libfloe-core: everything they need from the host arrives in the
 * floe_host_api table. Each plugin implements one category; the category's
 * method table is declared in floe/<category>.h.
 *
 * Life cycle (host side):
 *   1. dlopen(RTLD_NOW | RTLD_LOCAL); the library stays loaded until exit.
 *   2. init(FLOE_ABI_VERSION, host, &plugin, &error), possibly more than once
 *      per process (once per registry, each with a host table of its own;
 *      every table stays valid until exit, and may serve a later registry
 *      once its own is freed). The host zero-fills
 *      `plugin` and sets plugin.struct_size; the plugin writes at most that
 *      many bytes, sets plugin.abi_version to the FLOE_ABI_VERSION it was
 *      compiled with (and plugin.min_host_abi if it needs a newer host than
 *      that), and returns FLOE_ERR_INCOMPATIBLE_ABI if it cannot serve a
 *      host of that major version.
 *   3. For each configuration: instance_new(config JSON) -> instance; the
 *      config has been validated against descriptor->config_schema_json and
 *      completed with its defaults by the host.
 *   4. Category methods and health_check on the instance.
 *   5. instance_free(instance). `release` is called at most once, at exit,
 *      and only if the host chooses to tear down (it normally does not).
 *
 * The same steps run in a helper process instead when the plugin is
 * isolated (docs/abi.md#isolation): a plugin must not assume it shares a
 * process with the host, or with other plugins.
 *
 * Threads (docs/abi.md#threads): distinct instances may be used at the same
 * time from different threads (methods, health_check, instance_new and
 * instance_free); one instance is used by one thread at a time. init may run
 * again (another registry, on another thread) while instances of an earlier
 * init are in use: a host table kept in a global is stored atomically.
 *
 * Every method has the same shape (floe_method): a UTF-8 JSON request (always
 * an object) in, a UTF-8 JSON response out through a floe_buffer, a
 * floe_error on failure.
 * Request and response shapes per method are documented in docs/plugins/.
 */
#ifndef FLOE_PLUGIN_H
#define FLOE_PLUGIN_H

#include "floe/core.h"

FLOE_BEGIN_DECL

/* ---- Categories -------------------------------------------------------- */

typedef uint32_t floe_category;

#define FLOE_CATEGORY_INVALID 0
#define FLOE_CATEGORY_COMPUTE 1
#define FLOE_CATEGORY_ORCHESTRATOR 2
#define FLOE_CATEGORY_CATALOG 3
#define FLOE_CATEGORY_STORAGE 4
#define FLOE_CATEGORY_TELEMETRY_BACKEND 5
#define FLOE_CATEGORY_LINEAGE_BACKEND 6
#define FLOE_CATEGORY_DBT 7
#define FLOE_CATEGORY_SEMANTIC_LAYER 8
#define FLOE_CATEGORY_INGESTION 9
#define FLOE_CATEGORY_QUALITY 10
#define FLOE_CATEGORY_RBAC 11
#define FLOE_CATEGORY_ALERT_CHANNEL 12
#define FLOE_CATEGORY_SECRETS 13
#define FLOE_CATEGORY_IDENTITY 14
#define FLOE_CATEGORY_NETWORK_SECURITY 15
#define FLOE_CATEGORY_COUNT 15 /* highest defined category */

/* ---- Log levels for floe_host_api.log ---------------------------------- */

#define FLOE_LOG_DEBUG 10
#define FLOE_LOG_INFO 20
#define FLOE_LOG_WARNING 30
#define FLOE_LOG_ERROR 40

/* ---- Descriptor -------------------------------------------------------- */

/**
 * What a plugin is. Owned by the plugin, with static storage duration (it
 * must stay valid while the library is loaded, i.e. until exit).
 *
 * `capabilities` and `requirements` are NULL-terminated arrays of ASCII
 * tokens (may be NULL for "none"). A requirement names a category that must
 * also be selected ("storage"), optionally with a capability the selected
 * plugin must declare ("catalog:iceberg-rest"). The host checks every
 * requirement before anything runs (floe_registry_check_composition).
 *
 * `config_schema_json` is a JSON Schema (draft 2020-12 subset: type,
 * properties, required, additionalProperties, enum, const, minimum, maximum,
 * minLength, maxLength, pattern, items, minItems, maxItems, default,
 * description) for the object passed to instance_new. NULL means the plugin
 * takes no configuration (only {} is accepted).
 */
struct floe_plugin_descriptor {
  uint32_t struct_size;           /* sizeof(struct floe_plugin_descriptor) */
  uint32_t abi_version;           /* FLOE_ABI_VERSION the plugin was built with */
  floe_category category;
  uint32_t reserved;              /* zero */
  const char* name;               /* [a-z0-9][a-z0-9_-]*, unique per category */
  const char* version;            /* plugin release, semver */
  const char* description;        /* one line */
  const char* const* capabilities;
  const char* const* requirements;
  const char* config_schema_json;
};

/* ---- Host API ---------------------------------------------------------- */

/**
 * Functions the host offers its plugins. Owned by the host; valid for the
 * life of the process. New members are only ever added at the end: check
 * `struct_size` (or use FLOE_HOST_HAS) before calling a member added after
 * the version you were built against.
 */
struct floe_host_api {
  uint32_t struct_size;
  uint32_t abi_version;           /* the host's FLOE_ABI_VERSION */
  void* host_data;                /* pass back as the first argument */

  /** Writes a log line attributed to `plugin_name`. `message` is UTF-8; the
   *  host never stores the pointer. Must not carry secret values. */
  void (*log)(void* host_data, int32_t level, const char* plugin_name, const char* message);

  /** Reads a host setting as a JSON value into `out` (caller releases).
   *  Keys are namespaced strings; this host sets "floe.version" (the floe
   *  release, a JSON string). FLOE_ERR_NOT_FOUND for any other key: ask
   *  for per-call context (project directory, paths) in the request. */
  floe_status (*get_config)(void* host_data, const char* key, struct floe_buffer* out,
                            struct floe_error* error);

  /** Resolves a secret reference to its value into `out` (caller releases;
   *  the release callback wipes the memory). References: "env:NAME",
   *  "file:/path". The value must never be logged or written to artifacts:
   *  plugins that generate config emit references, not values. */
  floe_status (*get_secret)(void* host_data, const char* reference, struct floe_buffer* out,
                            struct floe_error* error);

  /** Fills `error` with `code` and a copy of `message`, using host memory
   *  and a host release callback, so plain C plugins need no allocator of
   *  their own. Returns `code`, for `return host->set_error(...)`. */
  floe_status (*set_error)(struct floe_error* error, floe_status code, const char* message);

  /** Fills `out` with a copy of `length` bytes of `data` (a NUL is added),
   *  using host memory and a host release callback. */
  floe_status (*set_buffer)(struct floe_buffer* out, const char* data, size_t length,
                            struct floe_error* error);

  /* ---- Since ABI 1.2 (check with FLOE_HOST_HAS) ---- */

  /** Reports progress of a long-running method as a structured event: a
   *  UTF-8 JSON object of `length` bytes with a "type" member; each category
   *  documents the types its methods emit (docs/plugins/). The host copies
   *  the event before returning and may turn it into progress lines, trace
   *  spans and lineage events; it never calls back into the plugin. Call it
   *  from the thread that runs the method. Must not carry secret values. */
  void (*emit_event)(void* host_data, const char* event_json, size_t length);

  /** Non-zero once the host's caller has asked the running operation to
   *  stop (Ctrl-C, a cancelled run). Methods that can run for long (they
   *  start processes, wait on servers) poll it every 100 ms or so, stop their
   *  work and return FLOE_ERR_CANCELLED. Cheap; safe from any thread. */
  int32_t (*cancel_requested)(void* host_data);
};

#define FLOE_HOST_HAS(host, member) \
  ((host)->struct_size >= offsetof(struct floe_host_api, member) + sizeof((host)->member))

/* ---- The plugin -------------------------------------------------------- */

/** An instance of a plugin, made by instance_new from one configuration.
 *  Opaque to the host. */
typedef struct floe_instance floe_instance;

/** The one shape of every category method: request JSON in, response JSON
 *  out. `request` is UTF-8 JSON of `request_length` bytes (not necessarily
 *  NUL-terminated). On FLOE_OK the callee has filled `out`; otherwise it has
 *  filled `error` (when non-NULL) and left `out` untouched. */
typedef floe_status (*floe_method)(floe_instance* instance, const char* request,
                                   size_t request_length, struct floe_buffer* out,
                                   struct floe_error* error);

struct floe_plugin {
  uint32_t struct_size;           /* set by the host before init */
  uint32_t abi_version;           /* set by the plugin: its FLOE_ABI_VERSION */
  const struct floe_plugin_descriptor* descriptor;
  void* private_data;             /* the plugin's own */

  /** Creates an instance from a validated, defaults-completed config (a
   *  JSON object). */
  floe_status (*instance_new)(struct floe_plugin* plugin, const char* config_json,
                              size_t config_length, floe_instance** instance_out,
                              struct floe_error* error);
  /** Destroys an instance. Accepts NULL. */
  void (*instance_free)(struct floe_plugin* plugin, floe_instance* instance);

  /** Reports health as {"state": "healthy"|"degraded"|"unhealthy",
   *  "message": "...", "details": {...}}. The request is {} or
   *  {"timeout_ms": N}. */
  floe_method health_check;

  /** The category's method table, e.g. const struct floe_compute_v1*.
   *  Static storage; its struct_size tells which methods exist. */
  const void* methods;

  /** Optional; frees what init allocated. The host may never call it. */
  void (*release)(struct floe_plugin* plugin);

  /** Since ABI 1.2, set by the plugin (optional): the oldest host ABI it
   *  runs on, when it needs more than its abi_version says, e.g.
   *  FLOE_MAKE_VERSION(1, 2, 3) for a host fix made in 1.2.3; 0 for none.
   *  A host older than this refuses the plugin with FLOE_ERR_INCOMPATIBLE_ABI
   *  naming both versions. `floe plugins manifest` copies it into the
   *  manifest ("min_host_abi"), so the host refuses it there, before loading.
   *  (It lives here rather than in the descriptor, which plugins initialise
   *  positionally: a new descriptor member would break their -Werror builds.) */
  uint32_t min_host_abi;
};

/**
 * The init function every plugin exports. `host_abi_version` is the host's
 * FLOE_ABI_VERSION; `host` stays valid for the life of the process.
 */
typedef floe_status (*floe_plugin_init_fn)(uint32_t host_abi_version,
                                           const struct floe_host_api* host,
                                           struct floe_plugin* plugin_out,
                                           struct floe_error* error);

#define FLOE_PLUGIN_INIT_SYMBOL "floe_plugin_init"

/* Every category table starts with this header. */
#define FLOE_METHOD_TABLE_HEADER \
  uint32_t struct_size;          \
  uint32_t struct_version

FLOE_END_DECL

#endif /* FLOE_PLUGIN_H */
