// ingestion_dlt_drive CONFIG CREATE_REQUEST RUN_OPTIONS
//
// Drives the ingestion/dlt plugin as floe run will: found by libfloe-core's
// registry in the build tree, configured with CONFIG, create_pipeline with
// CREATE_REQUEST, then run with {"pipeline_id": <its id>, "options":
// RUN_OPTIONS}, all on one instance. Prints {"pipeline_id", "run", "log"}
// (log: every line the plugin logged, "LEVEL message") as JSON and exits 0;
// on a failed call prints {"failed": method, "status", "message", "log"}
// and exits 1; 2 on bad usage. For dlt_ingestion_test.py.
#include <boost/json.hpp>

#include <iostream>
#include <string>

#include "floe/registry.h"

namespace {

boost::json::array log_lines;

void collect(void*, int32_t level, const char* source, const char* message) {
  log_lines.push_back(boost::json::string(std::to_string(level) + " " + source + " " + message));
}

int failed(const char* method, floe_status status, floe_error& error) {
  boost::json::object out{{"failed", method},
                          {"status", floe_status_str(status)},
                          {"message", error.message != nullptr ? error.message : ""},
                          {"log", log_lines}};
  floe_error_release(&error);
  std::cout << boost::json::serialize(out) << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: ingestion_dlt_drive CONFIG CREATE_REQUEST RUN_OPTIONS\n";
    return 2;
  }
  floe_registry_options options = FLOE_REGISTRY_OPTIONS_INIT;
  options.search_flags = FLOE_SEARCH_PREFIX;  // the build tree's lib/floe/plugins
  options.log = &collect;
  floe_registry* registry = nullptr;
  floe_error error = FLOE_ERROR_INIT;
  if (floe_status s = floe_registry_new(&registry, &options, &error); s != FLOE_OK) return failed("registry", s, error);
  floe_handle* handle = nullptr;
  if (floe_status s = floe_registry_open(registry, "ingestion", "dlt", argv[1], &handle, &error); s != FLOE_OK)
    return failed("open", s, error);

  floe_buffer out = FLOE_BUFFER_INIT;
  if (floe_status s = floe_handle_call(handle, "create_pipeline", argv[2], &out, &error); s != FLOE_OK)
    return failed("create_pipeline", s, error);
  boost::json::value created = boost::json::parse(std::string_view(out.data, out.length));
  floe_buffer_release(&out);

  boost::json::object run_request{{"pipeline_id", created.at("pipeline_id")}, {"options", boost::json::parse(argv[3])}};
  std::string request_text = boost::json::serialize(run_request);
  if (floe_status s = floe_handle_call(handle, "run", request_text.c_str(), &out, &error); s != FLOE_OK)
    return failed("run", s, error);
  boost::json::value response = boost::json::parse(std::string_view(out.data, out.length));
  floe_buffer_release(&out);
  floe_registry_free(registry);

  std::cout << boost::json::serialize(boost::json::object{
                   {"pipeline_id", created.at("pipeline_id")}, {"run", response}, {"log", log_lines}})
            << "\n";
  return 0;
}
