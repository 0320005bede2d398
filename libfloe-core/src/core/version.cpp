// Version queries and status names: the stable, dependency-free corner of the ABI.
#include "floe/core.h"

extern "C" {

FLOE_EXTERN(uint32_t) floe_abi_version(void) { return FLOE_ABI_VERSION; }

FLOE_EXTERN(const char*) floe_version_string(void) { return FLOE_VERSION_STRING; }

FLOE_EXTERN(const char*) floe_status_str(floe_status status) {
  switch (status) {
    case FLOE_OK: return "ok";
    case FLOE_ERR_UNKNOWN: return "unknown error";
    case FLOE_ERR_NOT_IMPLEMENTED: return "not implemented";
    case FLOE_ERR_NOT_FOUND: return "not found";
    case FLOE_ERR_INVALID_ARGUMENT: return "invalid argument";
    case FLOE_ERR_INVALID_CONFIG: return "invalid configuration";
    case FLOE_ERR_INCOMPATIBLE_ABI: return "incompatible ABI";
    case FLOE_ERR_LOAD_FAILED: return "load failed";
    case FLOE_ERR_IO: return "I/O error";
    case FLOE_ERR_UNAVAILABLE: return "unavailable";
    case FLOE_ERR_UNAUTHORIZED: return "unauthorized";
    case FLOE_ERR_TIMEOUT: return "timeout";
    case FLOE_ERR_ALREADY_EXISTS: return "already exists";
    case FLOE_ERR_INVALID_STATE: return "invalid state";
    case FLOE_ERR_INTERNAL: return "internal error";
    case FLOE_ERR_CONFLICT: return "conflict";
    case FLOE_ERR_UNSATISFIED: return "unsatisfied requirement";
    case FLOE_ERR_PLUGIN_FAILED: return "plugin failed";
    case FLOE_ERR_NO_SUCH_METHOD: return "no such method";
    case FLOE_ERR_CANCELLED: return "cancelled";
    default: return "unrecognised status";
  }
}

}  // extern "C"
