/*
 * floe/registry.h - discovering, loading and calling plugins (host side).
 *
 * The registry scans the search roots for plugin manifests (no library is
 * loaded to list plugins), loads a plugin on first use, creates configured
 * instances and calls their methods. Results and reports are UTF-8 JSON
 * documents whose shapes are documented in docs/abi.md#registry.
 *
 * Threading: a registry and its instances may be used from one thread at a
 * time; distinct registries are independent. Plugin libraries stay loaded
 * until the process exits, also after floe_registry_free().
 *
 * Isolation (since ABI 1.2, docs/abi.md#isolation): a plugin runs in the
 * host's process unless its manifest, the options or FLOE_PLUGIN_ISOLATION
 * say "process": it then runs in a helper process (floe-plugin-host,
 * installed beside libfloe-core), one per loaded plugin and registry, which
 * answers the same calls. A crash there is FLOE_ERR_PLUGIN_FAILED naming the
 * plugin, method and signal, a call that outlasts its limit is
 * FLOE_ERR_TIMEOUT; the host goes on. Handles made before that fail
 * cleanly; the next floe_registry_open starts a new helper. Helpers end
 * when the registry is freed, and never outlive the host process.
 */
#ifndef FLOE_REGISTRY_H
#define FLOE_REGISTRY_H

#include "floe/plugin.h"

FLOE_BEGIN_DECL

typedef struct floe_registry floe_registry;
typedef struct floe_handle floe_handle;   /* a configured plugin instance */

/* Search-root switches for floe_registry_options.search_flags. */
#define FLOE_SEARCH_ENV 1u          /* FLOE_PLUGIN_PATH */
#define FLOE_SEARCH_VIRTUALENV 2u   /* $VIRTUAL_ENV/lib/floe/plugins */
#define FLOE_SEARCH_USER 4u         /* ${XDG_DATA_HOME:-~/.local/share}/floe/plugins */
#define FLOE_SEARCH_PREFIX 8u       /* <libdir of libfloe-core>/floe/plugins */
#define FLOE_SEARCH_SYSTEM 16u      /* /usr/lib/floe/plugins */
#define FLOE_SEARCH_DEFAULT 31u
/** Since ABI 1.1: search only the caller's `extra_roots`, nothing from the
 *  environment or the machine (0 alone still means FLOE_SEARCH_DEFAULT). */
#define FLOE_SEARCH_CALLER_ONLY 0x80000000u

struct floe_registry_options {
  uint32_t struct_size;           /* sizeof(struct floe_registry_options) */
  uint32_t search_flags;          /* FLOE_SEARCH_*; 0 means FLOE_SEARCH_DEFAULT */
  /** Extra roots searched first, ':'-separated; NULL for none. Copied. */
  const char* extra_roots;
  /** Receives host log lines and plugin log lines; NULL discards them.
   *  `source` is "floe" for the host's own lines, "plugin:<name>" for lines
   *  a plugin logs (the name it passes, prefixed so it cannot pose as floe). */
  void (*log)(void* payload, int32_t level, const char* source, const char* message);
  void* log_payload;
  /** Since ABI 1.2: where plugins run (FLOE_ISOLATION_*). 0 lets each
   *  plugin's manifest decide ("isolation"), unless the environment variable
   *  FLOE_PLUGIN_ISOLATION (process | in-process) says otherwise. */
  uint32_t isolation;
  /** Since ABI 1.2: how long one call into an isolated plugin may take, in
   *  milliseconds, before its process is stopped (FLOE_ERR_TIMEOUT). 0 uses
   *  FLOE_PLUGIN_CALL_TIMEOUT_MS, else the manifest's "call_timeout_ms", else
   *  60000. In-process calls are not limited. */
  uint32_t call_timeout_ms;
};

/* Values of floe_registry_options.isolation (since ABI 1.2). */
#define FLOE_ISOLATION_MANIFEST 0u    /* each plugin's manifest decides (default: in-process) */
#define FLOE_ISOLATION_PROCESS 1u     /* every plugin in a helper process of its own */
#define FLOE_ISOLATION_IN_PROCESS 2u  /* every plugin in the host's process */

#define FLOE_REGISTRY_OPTIONS_INIT {sizeof(struct floe_registry_options), 0, NULL, NULL, NULL, 0, 0}

/** Creates a registry and scans the search roots. Problems with individual
 *  plugins never fail this call: they are reported by floe_registry_doctor.
 *  @param out      receives the registry; free with floe_registry_free.
 *  @param options  NULL for defaults. */
FLOE_EXTERN(floe_status) floe_registry_new(floe_registry** out,
                                           const struct floe_registry_options* options,
                                           struct floe_error* error);

/** Frees the registry and every handle still open on it. Accepts NULL. */
FLOE_EXTERN(void) floe_registry_free(floe_registry* registry);

/** Every usable plugin found, without loading any:
 *  {"plugins": [{"category", "name", "version", "description", "abi_version",
 *  "capabilities", "requirements", "manifest", "library", "root", "loaded"}]}.
 *  `out` is filled by the registry; the caller releases it. */
FLOE_EXTERN(floe_status) floe_registry_list(floe_registry* registry, struct floe_buffer* out,
                                            struct floe_error* error);

/** The search report: {"roots": [{"path", "source", "exists"}], "plugins": [...],
 *  "problems": [{"path", "category", "name", "kind", "message"}]}. Loads
 *  nothing unless `load_all` is non-zero, in which case every plugin not
 *  yet loaded by this registry is loaded and initialised in a helper
 *  process of its own (since ABI 1.2), so one that crashes or hangs in init
 *  is a problem of that plugin ("crashed", "timeout") and the report of the
 *  others still comes; load failures are reported as problems too. */
FLOE_EXTERN(floe_status) floe_registry_doctor(floe_registry* registry, int load_all,
                                              struct floe_buffer* out, struct floe_error* error);

/** Loads a plugin (if not yet loaded) and describes it from its descriptor:
 *  {"category", "name", "version", "description", "abi_version",
 *  "capabilities", "requirements", "config_schema", "methods": [{"name",
 *  "required", "implemented"}], "library", "manifest", "isolation"}
 *  ("isolation": "in-process" or "process", since ABI 1.2).
 *  @param category  a category name such as "compute". */
FLOE_EXTERN(floe_status) floe_registry_info(floe_registry* registry, const char* category,
                                            const char* name, struct floe_buffer* out,
                                            struct floe_error* error);

/** Checks a selection of plugins against each other's declared requirements.
 *  @param selection_json  {"compute": "duckdb", "catalog": "polaris", ...}
 *  On a missing requirement returns FLOE_ERR_UNSATISFIED with every problem
 *  in the message (one per line) and in error->detail_json. */
FLOE_EXTERN(floe_status) floe_registry_check_composition(floe_registry* registry,
                                                         const char* selection_json,
                                                         struct floe_error* error);

/** Loads the plugin, validates `config_json` (a JSON object; NULL means {})
 *  against its config schema, fills in schema defaults and creates an
 *  instance. On an invalid config returns FLOE_ERR_INVALID_CONFIG naming
 *  every offending key. The handle belongs to the registry; free it with
 *  floe_handle_free or let floe_registry_free do it. */
FLOE_EXTERN(floe_status) floe_registry_open(floe_registry* registry, const char* category,
                                            const char* name, const char* config_json,
                                            floe_handle** out, struct floe_error* error);

/** Calls method `method` (e.g. "generate_dbt_profile") with a JSON request
 *  (NULL means {}). The response JSON is written to `out`, which the caller
 *  releases. A method the category does not have is FLOE_ERR_NO_SUCH_METHOD;
 *  a plugin that throws, returns no or a malformed response, or reports an
 *  internal error yields FLOE_ERR_PLUGIN_FAILED; the host goes on. */
FLOE_EXTERN(floe_status) floe_handle_call(floe_handle* handle, const char* method,
                                          const char* request_json, struct floe_buffer* out,
                                          struct floe_error* error);

/** Runs the plugin's health check: {"state", "message", "details"}. */
FLOE_EXTERN(floe_status) floe_handle_health_check(floe_handle* handle, struct floe_buffer* out,
                                                  struct floe_error* error);

/** The configuration the instance was created with, defaults filled in. */
FLOE_EXTERN(floe_status) floe_handle_config(floe_handle* handle, struct floe_buffer* out,
                                            struct floe_error* error);

/** Destroys the instance. Accepts NULL. */
FLOE_EXTERN(void) floe_handle_free(floe_handle* handle);

/** Loads one plugin library directly (no search), for tools that build or
 *  test plugins: writes its descriptor as a plugin manifest document
 *  (docs/abi.md#manifest) to `out`. `library_path` may be relative. */
FLOE_EXTERN(floe_status) floe_plugin_describe_library(const char* library_path,
                                                      const char* entrypoint,
                                                      struct floe_buffer* out,
                                                      struct floe_error* error);

/** Since ABI 1.1. In-process plugins (the default) run in the host's process; a fatal signal
 *  (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT) raised while the calling
 *  thread runs plugin code (init, instance_new/free, a method) would end the
 *  process with no word about why. After this call such a crash prints one
 *  line on stderr naming the plugin, its category and the method, then the
 *  process exits with `exit_code`. A fatal signal outside plugin code is not
 *  touched (default action). Installs process-wide signal handlers and an
 *  alternate signal stack for the calling thread, so it is opt-in: call it
 *  once from main() of a program that owns its signals (the floe CLI does,
 *  with exit code 9). FLOE_ERR_INTERNAL if a handler could not be set.
 *  Isolated plugins crash in their own process and need no handler. */
FLOE_EXTERN(floe_status) floe_install_crash_handler(int exit_code, struct floe_error* error);

FLOE_END_DECL

#endif /* FLOE_REGISTRY_H */
