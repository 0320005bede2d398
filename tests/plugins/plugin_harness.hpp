// Loads one plugin library with dlopen and drives it through the C ABI with
// a small host of its own: tests a plugin's exported surface without the
// registry (which has tests of its own).
//
// Keep one harness per library for the life of the test program: a plugin
// keeps the host table of its first init (the ABI promises it lives as long
// as the process), so a second harness would leave it pointing at the first.
#pragma once

#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "floe/compute.h"
#include "floe/dbt.h"
#include "floe/quality.h"

namespace floe::test {

struct PluginCall {
  floe_status status = FLOE_OK;
  std::string body;  // the response JSON on FLOE_OK, else the error message
};

class PluginHarness {
 public:
  // dlopens `library_path` and runs its init function; throws
  // std::runtime_error when either fails.
  explicit PluginHarness(const std::string& library_path);
  ~PluginHarness();
  PluginHarness(const PluginHarness&) = delete;
  PluginHarness& operator=(const PluginHarness&) = delete;

  const floe_plugin& plugin() const { return plugin_; }

  // Host settings the plugin may read through get_config (values are JSON).
  std::map<std::string, std::string>& settings() { return settings_; }
  // Log lines the plugin wrote.
  const std::vector<std::string>& log() const { return log_; }
  // Secret references get_secret resolves ("env:NAME" -> value); others are NOT_FOUND.
  std::map<std::string, std::string>& secrets() { return secrets_; }
  // Events the plugin emitted (emit_event), as JSON texts, in order.
  std::vector<std::string>& events() { return events_; }
  // What cancel_requested answers; settable from another thread.
  std::atomic<bool>& cancel() { return cancel_; }

  // Creates the instance from `config_json` (replacing any earlier one).
  PluginCall configure(const std::string& config_json);
  // Calls method `method` of the plugin's category (compute, dbt or quality:
  // "generate_dbt_profile", "run_models", ...) or "health_check" on the instance.
  PluginCall call(const std::string& method, const std::string& request_json);

 private:
  static void host_log(void* host_data, int32_t level, const char* plugin_name, const char* message);
  static floe_status host_get_config(void* host_data, const char* key, floe_buffer* out, floe_error* error);
  static floe_status host_get_secret(void* host_data, const char* reference, floe_buffer* out, floe_error* error);
  static floe_status host_set_error(floe_error* error, floe_status code, const char* message);
  static floe_status host_set_buffer(floe_buffer* out, const char* data, size_t length, floe_error* error);
  static void host_emit_event(void* host_data, const char* event_json, size_t length);
  static int32_t host_cancel_requested(void* host_data);

  void* library_ = nullptr;
  floe_host_api host_{};
  floe_plugin plugin_{};
  floe_instance* instance_ = nullptr;
  std::map<std::string, std::string> settings_;
  std::vector<std::string> log_;
  std::map<std::string, std::string> secrets_;
  std::vector<std::string> events_;
  std::atomic<bool> cancel_{false};
};

}  // namespace floe::test
