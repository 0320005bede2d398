/* floe/iceberg.h compiles as strict C11 (-std=c11 -Wpedantic -Werror) and
 * its API works from C: an invalid request is refused naming the key. */
#include <stdio.h>
#include <string.h>

#include "floe/iceberg.h"

int main(void) {
  struct floe_error error = FLOE_ERROR_INIT;
  struct floe_buffer result = FLOE_BUFFER_INIT;
  floe_iceberg_catalog* catalog = NULL;
  floe_status status;
  if (floe_iceberg_abi_version() != FLOE_ABI_VERSION) {
    fprintf(stderr, "abi version mismatch\n");
    return 1;
  }
  status = floe_iceberg_catalog_open("{\"uri\": \"http://127.0.0.1:9\"}", &catalog, &error);
  if (status != FLOE_OK || catalog == NULL) {
    fprintf(stderr, "open failed: %s\n", error.message ? error.message : "?");
    return 1;
  }
  status = floe_iceberg_catalog_call(catalog, "{\"operation\": \"drop_table\", \"namespace\": [\"a\"], \"name\": \"t\", \"purge\": \"yes\"}",
                                     &result, &error);
  if (status != FLOE_ERR_INVALID_ARGUMENT || error.message == NULL ||
      strstr(error.message, "request.purge: expected boolean, got string") == NULL) {
    fprintf(stderr, "unexpected: %d %s\n", (int)status, error.message ? error.message : "(none)");
    return 1;
  }
  if (error.release != NULL) error.release(&error);
  if (result.release != NULL) result.release(&result);
  floe_iceberg_catalog_close(catalog);
  printf("ok\n");
  return 0;
}
