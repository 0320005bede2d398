#include "plugin_harness.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace floe::test {
namespace {

char* copy_text(const char* data, size_t length) {
  char* copy = static_cast<char*>(std::malloc(length + 1));
  if (copy == nullptr) return nullptr;
  std::memcpy(copy, data, length);
  copy[length] = '\0';
  return copy;
}

void release_host_error(floe_error* error) {
  std::free(error->message);
  std::free(error->detail_json);
  error->message = nullptr;
  error->detail_json = nullptr;
  error->release = nullptr;
}

void release_host_buffer(floe_buffer* buffer) {
  std::free(buffer->data);
  buffer->data = nullptr;
  buffer->length = 0;
  buffer->release = nullptr;
}

// Turns a method's outcome into a PluginCall and releases what it handed over.
PluginCall collect(floe_status status, floe_buffer& out, floe_error& error) {
  PluginCall result{status, {}};
  if (status == FLOE_OK)
    result.body.assign(out.data != nullptr ? out.data : "", out.length);
  else
    result.body = error.message != nullptr ? error.message : "";
  if (out.release != nullptr) out.release(&out);
  if (error.release != nullptr) error.release(&error);
  return result;
}

floe_method dbt_method(const floe_plugin& plugin, const std::string& name) {
  const auto* table = static_cast<const floe_dbt_v1*>(plugin.methods);
  if (name == "compile_project") return table->compile_project;
  if (name == "run_models") return table->run_models;
  if (name == "test_models") return table->test_models;
  if (name == "lint_project") return table->lint_project;
  if (name == "get_manifest") return table->get_manifest;
  if (name == "get_run_results") return table->get_run_results;
  if (name == "get_runtime_metadata") return table->get_runtime_metadata;
  throw std::invalid_argument("not a dbt method: " + name);
}

floe_method quality_method(const floe_plugin& plugin, const std::string& name) {
  const auto* table = static_cast<const floe_quality_v1*>(plugin.methods);
  if (name == "run_checks") return table->run_checks;
  if (name == "list_suites") return table->list_suites;
  if (name == "supports_dialect") return table->supports_dialect;
  if (name == "calculate_quality_score") return table->calculate_quality_score;
  throw std::invalid_argument("not a quality method the harness knows: " + name);
}

floe_method category_method(const floe_plugin& plugin, const std::string& name) {
  if (name == "health_check") return plugin.health_check;
  if (plugin.descriptor != nullptr && plugin.descriptor->category == FLOE_CATEGORY_DBT) return dbt_method(plugin, name);
  if (plugin.descriptor != nullptr && plugin.descriptor->category == FLOE_CATEGORY_QUALITY)
    return quality_method(plugin, name);
  const auto* table = static_cast<const floe_compute_v1*>(plugin.methods);
  if (name == "generate_dbt_profile") return table->generate_dbt_profile;
  if (name == "get_required_dbt_packages") return table->get_required_dbt_packages;
  if (name == "validate_connection") return table->validate_connection;
  if (name == "get_resource_requirements") return table->get_resource_requirements;
  if (name == "get_catalog_attachment_sql") return table->get_catalog_attachment_sql;
  if (name == "get_dbt_macro_paths") return table->get_dbt_macro_paths;
  if (name == "get_ingestion_destination") return table->get_ingestion_destination;
  throw std::invalid_argument("not a compute method: " + name);
}

}  // namespace

PluginHarness::PluginHarness(const std::string& library_path) {
  library_ = ::dlopen(library_path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library_ == nullptr) throw std::runtime_error(std::string("dlopen failed: ") + ::dlerror());
  auto init = reinterpret_cast<floe_plugin_init_fn>(::dlsym(library_, FLOE_PLUGIN_INIT_SYMBOL));
  if (init == nullptr) throw std::runtime_error("no " FLOE_PLUGIN_INIT_SYMBOL " in " + library_path);

  host_.struct_size = sizeof(host_);
  host_.abi_version = FLOE_ABI_VERSION;
  host_.host_data = this;
  host_.log = &host_log;
  host_.get_config = &host_get_config;
  host_.get_secret = &host_get_secret;
  host_.set_error = &host_set_error;
  host_.set_buffer = &host_set_buffer;
  host_.emit_event = &host_emit_event;
  host_.cancel_requested = &host_cancel_requested;

  plugin_.struct_size = sizeof(plugin_);
  floe_error error = FLOE_ERROR_INIT;
  floe_status status = init(FLOE_ABI_VERSION, &host_, &plugin_, &error);
  std::string message = error.message != nullptr ? error.message : "";
  if (error.release != nullptr) error.release(&error);
  if (status != FLOE_OK) throw std::runtime_error("plugin init failed: " + message);
}

PluginHarness::~PluginHarness() {
  if (instance_ != nullptr) plugin_.instance_free(&plugin_, instance_);
  // The library stays loaded, as in the real host: plugins may keep static
  // state (the host table) that outlives their instances.
}

PluginCall PluginHarness::configure(const std::string& config_json) {
  if (instance_ != nullptr) plugin_.instance_free(&plugin_, instance_);
  instance_ = nullptr;
  floe_error error = FLOE_ERROR_INIT;
  floe_status status = plugin_.instance_new(&plugin_, config_json.data(), config_json.size(), &instance_, &error);
  floe_buffer none = FLOE_BUFFER_INIT;
  return collect(status, none, error);
}

PluginCall PluginHarness::call(const std::string& method, const std::string& request_json) {
  if (instance_ == nullptr) throw std::logic_error("configure the plugin before calling " + method);
  floe_buffer out = FLOE_BUFFER_INIT;
  floe_error error = FLOE_ERROR_INIT;
  floe_status status = category_method(plugin_, method)(instance_, request_json.data(), request_json.size(), &out, &error);
  return collect(status, out, error);
}

void PluginHarness::host_log(void* host_data, int32_t level, const char* plugin_name, const char* message) {
  static_cast<PluginHarness*>(host_data)->log_.push_back(std::to_string(level) + " " + plugin_name + ": " + message);
}

floe_status PluginHarness::host_get_config(void* host_data, const char* key, floe_buffer* out, floe_error* error) {
  auto& settings = static_cast<PluginHarness*>(host_data)->settings_;
  auto it = settings.find(key);
  if (it == settings.end()) return host_set_error(error, FLOE_ERR_NOT_FOUND, "unknown setting");
  return host_set_buffer(out, it->second.data(), it->second.size(), error);
}

floe_status PluginHarness::host_get_secret(void* host_data, const char* reference, floe_buffer* out,
                                           floe_error* error) {
  auto& secrets = static_cast<PluginHarness*>(host_data)->secrets_;
  auto it = secrets.find(reference);
  if (it == secrets.end()) return host_set_error(error, FLOE_ERR_NOT_FOUND, "this test host does not know that secret");
  return host_set_buffer(out, it->second.data(), it->second.size(), error);
}

void PluginHarness::host_emit_event(void* host_data, const char* event_json, size_t length) {
  static_cast<PluginHarness*>(host_data)->events_.emplace_back(event_json, length);
}

int32_t PluginHarness::host_cancel_requested(void* host_data) {
  return static_cast<PluginHarness*>(host_data)->cancel_.load() ? 1 : 0;
}

floe_status PluginHarness::host_set_error(floe_error* error, floe_status code, const char* message) {
  if (error == nullptr) return code;
  if (error->release != nullptr) error->release(error);
  error->code = code;
  error->message = copy_text(message, std::strlen(message));
  error->detail_json = nullptr;
  error->release = &release_host_error;
  return code;
}

floe_status PluginHarness::host_set_buffer(floe_buffer* out, const char* data, size_t length, floe_error* error) {
  out->data = copy_text(data, length);
  if (out->data == nullptr) return host_set_error(error, FLOE_ERR_INTERNAL, "out of memory");
  out->length = length;
  out->release = &release_host_buffer;
  return FLOE_OK;
}

}  // namespace floe::test
