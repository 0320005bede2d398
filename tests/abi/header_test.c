/* Compiled by the abi tests as strict C11 and as C++ (-Wall -Wextra -Werror
 * -pedantic): every public C header must be usable from both, alone and
 * together, with nothing but the standard library. */
#include "floe/floe.h"
#include "floe/compute.h" /* included twice through floe.h: guards must hold */
#include "floe/plugin.h"
#include "floe/plugin_json.h" /* the C plugin kit's JSON helper: header only */

/* Initialisers and size macros are part of the API. */
static int floe_header_test_use(void) {
  struct floe_error error = FLOE_ERROR_INIT;
  struct floe_buffer buffer = FLOE_BUFFER_INIT;
  struct floe_registry_options options = FLOE_REGISTRY_OPTIONS_INIT;
  struct floe_compute_v1 compute;
  (void)compute;
  struct floe_json_span request = {"{\"n\": 1}", 8}, n;
  struct floe_json_out out = FLOE_JSON_OUT_INIT;
  long long value = 0;
  if (floe_json_find(request, "n", &n) == 1 && floe_json_integer(n, &value) == 0) floe_json_out_text(&out, "1");
  floe_json_out_free(&out);
  return (int)(error.struct_size + buffer.struct_size + options.struct_size + FLOE_COMPUTE_V1_SIZE +
               FLOE_NETWORK_SECURITY_V1_METHOD_COUNT + FLOE_ABI_VERSION + (size_t)value);
}

int main(void) { return floe_header_test_use() > 0 ? 0 : 1; }
