#include <catch2/catch.hpp>

#include <string>

#include "core/c_memory.hpp"

TEST_CASE("errors carry message and detail and release cleanly, also twice", "[c-memory]") {
  floe_error err = FLOE_ERROR_INIT;
  floe::set_c_error(&err, FLOE_ERR_INVALID_CONFIG, "bad key", R"({"key":"threads"})");
  CHECK(err.code == FLOE_ERR_INVALID_CONFIG);
  CHECK(std::string(err.message) == "bad key");
  CHECK(std::string(err.detail_json) == R"({"key":"threads"})");
  // Refilling releases what was there (ASan would flag a leak otherwise).
  floe::set_c_error(&err, FLOE_ERR_IO, "disk");
  CHECK(err.detail_json == nullptr);
  floe_error_release(&err);
  floe_error_release(&err);
  floe_error_release(nullptr);
  CHECK(err.struct_size == sizeof(floe_error));
  CHECK(err.code == FLOE_OK);
}

TEST_CASE("status names are stable and total", "[c-memory]") {
  CHECK(std::string(floe_status_str(FLOE_OK)) == "ok");
  CHECK(std::string(floe_status_str(FLOE_ERR_INCOMPATIBLE_ABI)) == "incompatible ABI");
  CHECK(std::string(floe_status_str(FLOE_ERR_UNSATISFIED)) == "unsatisfied requirement");
  CHECK(std::string(floe_status_str(FLOE_ERR_PLUGIN_FAILED)) == "plugin failed");
  CHECK(std::string(floe_status_str(FLOE_ERR_NO_SUCH_METHOD)) == "no such method");
  CHECK(std::string(floe_status_str(999)) == "unrecognised status");
  CHECK(floe_abi_version() == FLOE_ABI_VERSION);
  CHECK(std::string(floe_version_string()) == "0.1.0");
}
