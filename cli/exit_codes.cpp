#include "exit_codes.hpp"

namespace floe::cli {

int exit_code_for(floe_status status) {
  switch (status) {
    case FLOE_OK: return kExitOk;
    case FLOE_ERR_INVALID_ARGUMENT:
    case FLOE_ERR_INVALID_CONFIG: return kExitInvalidInput;
    case FLOE_ERR_NOT_FOUND:
    case FLOE_ERR_NOT_IMPLEMENTED:
    case FLOE_ERR_INCOMPATIBLE_ABI:
    case FLOE_ERR_LOAD_FAILED:
    case FLOE_ERR_CONFLICT:
    case FLOE_ERR_UNSATISFIED:
    case FLOE_ERR_PLUGIN_FAILED: return kExitPlugin;
    case FLOE_ERR_NO_SUCH_METHOD: return kExitInvalidInput;
    case FLOE_ERR_UNAVAILABLE:
    case FLOE_ERR_TIMEOUT:
    case FLOE_ERR_UNAUTHORIZED: return kExitNetwork;
    case FLOE_ERR_IO: return kExitIo;
    case FLOE_ERR_CANCELLED: return kExitInterrupted;
    default: return kExitInternal;
  }
}

}  // namespace floe::cli
