/*
 * floe/core.h - the stable core of floe's C ABI.
 *
 * Everything that crosses a library boundary in floe is built from the pieces
 * declared here: fixed-width status codes, the caller-owned error struct, and
 * the caller-owned buffer that carries UTF-8 JSON documents. The rules
 * (docs/abi.md) are the same for the host API and for plugins:
 *
 *   - Status codes are int32_t values. A code is never renumbered or reused.
 *   - Every struct begins with `uint32_t struct_size` and only ever grows at
 *     the end, so an older reader sees a valid prefix of a newer struct.
 *   - Whoever fills a floe_error or floe_buffer also sets its `release`
 *     callback; whoever receives it calls release exactly once (or
 *     floe_error_release / floe_buffer_release, which tolerate NULL callbacks).
 *
 * This header compiles as C11 and as C++ and has no dependencies beyond
 * <stddef.h> and <stdint.h>.
 */
#ifndef FLOE_CORE_H
#define FLOE_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define FLOE_BEGIN_DECL extern "C" {
#define FLOE_END_DECL }
#else
#define FLOE_BEGIN_DECL
#define FLOE_END_DECL
#endif

/* Functions exported by libfloe-core. Everything else in the library is
 * hidden (-fvisibility=hidden), so this macro is the whole public surface. */
#if defined(FLOE_CORE_BUILDING)
#define FLOE_EXTERN(type) __attribute__((visibility("default"))) type
#else
#define FLOE_EXTERN(type) type
#endif

/* Symbols a plugin exports (only its init function, see floe/plugin.h). */
#ifdef __cplusplus
#define FLOE_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))
#else
#define FLOE_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

FLOE_BEGIN_DECL

/* ---- Versions ---------------------------------------------------------- */

/* ABI versions are MAJOR * 1000000 + MINOR * 1000 + PATCH. A host loads a
 * plugin when the majors are equal and the plugin's minor is at most the
 * host's: plugins built against an older minor keep working. */
#define FLOE_ABI_VERSION_MAJOR 1
#define FLOE_ABI_VERSION_MINOR 10
#define FLOE_ABI_VERSION_PATCH 0
#define FLOE_MAKE_VERSION(major, minor, patch) \
  ((uint32_t)(major) * 1000000u + (uint32_t)(minor) * 1000u + (uint32_t)(patch))
#define FLOE_ABI_VERSION \
  FLOE_MAKE_VERSION(FLOE_ABI_VERSION_MAJOR, FLOE_ABI_VERSION_MINOR, FLOE_ABI_VERSION_PATCH)
#define FLOE_VERSION_MAJOR_OF(v) ((uint32_t)(v) / 1000000u)
#define FLOE_VERSION_MINOR_OF(v) (((uint32_t)(v) / 1000u) % 1000u)
#define FLOE_VERSION_PATCH_OF(v) ((uint32_t)(v) % 1000u)

/** @return the ABI version of the loaded libfloe-core (FLOE_ABI_VERSION it
 *  was built with; may be newer than the header you compiled against). */
FLOE_EXTERN(uint32_t) floe_abi_version(void);

/** @return the floe release version, e.g. "0.1.0". Static storage. */
FLOE_EXTERN(const char*) floe_version_string(void);

/* ---- Status codes ------------------------------------------------------ */

typedef int32_t floe_status;

#define FLOE_OK 0
#define FLOE_ERR_UNKNOWN 1             /* an error that fits no other code */
#define FLOE_ERR_NOT_IMPLEMENTED 2     /* the plugin does not offer this method (its slot is NULL, or it says so) */
#define FLOE_ERR_NOT_FOUND 3           /* a named plugin, key, secret or object is absent */
#define FLOE_ERR_INVALID_ARGUMENT 4    /* a request is malformed (bad JSON, wrong shape) */
#define FLOE_ERR_INVALID_CONFIG 5      /* a configuration does not match its schema */
#define FLOE_ERR_INCOMPATIBLE_ABI 6    /* ABI major differs, or plugin minor > host minor */
#define FLOE_ERR_LOAD_FAILED 7         /* a shared library could not be opened or initialised */
#define FLOE_ERR_IO 8                  /* a file could not be read or written */
#define FLOE_ERR_UNAVAILABLE 9         /* a remote service could not be reached */
#define FLOE_ERR_UNAUTHORIZED 10       /* credentials were missing or rejected */
#define FLOE_ERR_TIMEOUT 11            /* an operation took longer than allowed */
#define FLOE_ERR_ALREADY_EXISTS 12     /* creating something that exists */
#define FLOE_ERR_INVALID_STATE 13      /* a call made in the wrong order */
#define FLOE_ERR_INTERNAL 14           /* floe itself failed unexpectedly: a bug in floe (a plugin's own
                                         failure is FLOE_ERR_PLUGIN_FAILED) */
#define FLOE_ERR_CONFLICT 15           /* two plugins, files or values contradict each other */
#define FLOE_ERR_UNSATISFIED 16        /* a declared requirement is not met (composition) */
#define FLOE_ERR_PLUGIN_FAILED 17      /* since ABI 1.1: a plugin failed unexpectedly (threw, returned
                                          no or malformed response, reported an internal error) */
#define FLOE_ERR_NO_SUCH_METHOD 18     /* since ABI 1.1: the plugin's category has no method of that
                                          name (the caller's mistake, not the plugin's NOT_FOUND) */
#define FLOE_ERR_CANCELLED 19          /* since ABI 1.2: the caller asked the operation to stop and it
                                          did (a plugin polls floe_host_api.cancel_requested) */

/** @return a static, human-readable name for a status code ("ok",
 *  "not found", ...); "unrecognised status" for codes this library does not
 *  know. Never NULL. */
FLOE_EXTERN(const char*) floe_status_str(floe_status status);

/* ---- Errors ------------------------------------------------------------ */

/**
 * An error reported by a call. The caller zero-initialises it with
 * FLOE_ERROR_INIT and passes a pointer; a callee that fails fills it and sets
 * `release`. The caller then owns it and must call floe_error_release() (or
 * `release` directly) once it is done, also when `message` is NULL.
 *
 * `message` is a NUL-terminated UTF-8 sentence that says what went wrong and,
 * where possible, how to fix it. It never contains a secret value.
 * `detail_json` is an optional UTF-8 JSON object with structured detail
 * (e.g. {"key": "threads", "expected": "integer"}); NULL when absent.
 */
struct floe_error {
  uint32_t struct_size;  /* sizeof(struct floe_error) as the caller knows it */
  floe_status code;      /* same value as the call's return, FLOE_OK if unset */
  char* message;
  char* detail_json;
  void (*release)(struct floe_error* error);
  void* private_data;    /* for the filler's release callback */
};

#define FLOE_ERROR_INIT {sizeof(struct floe_error), FLOE_OK, NULL, NULL, NULL, NULL}

/** Releases the error's memory (if any) and resets it to FLOE_ERROR_INIT.
 *  Safe on NULL and on an error that was never filled. */
FLOE_EXTERN(void) floe_error_release(struct floe_error* error);

/* ---- Buffers ----------------------------------------------------------- */

/**
 * A byte buffer handed from a callee to its caller: a UTF-8 JSON document in
 * every method of the plugin ABI. The caller zero-initialises it with
 * FLOE_BUFFER_INIT; the callee sets `data` (NUL-terminated; `length` excludes
 * the NUL) and `release`. The caller owns it afterwards and calls
 * floe_buffer_release() exactly once. Buffers that held secrets are wiped by
 * their release callback.
 */
struct floe_buffer {
  uint32_t struct_size;
  uint32_t reserved;     /* zero */
  char* data;
  size_t length;
  void (*release)(struct floe_buffer* buffer);
  void* private_data;
};

#define FLOE_BUFFER_INIT {sizeof(struct floe_buffer), 0, NULL, 0, NULL, NULL}

/** Releases the buffer's memory (if any) and resets it to FLOE_BUFFER_INIT.
 *  Safe on NULL and on a buffer that was never filled. */
FLOE_EXTERN(void) floe_buffer_release(struct floe_buffer* buffer);

FLOE_END_DECL

#endif /* FLOE_CORE_H */
