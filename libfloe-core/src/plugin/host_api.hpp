// The floe_host_api table handed to every plugin: logging, host settings,
// secret lookup and host-owned error/buffer filling.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "floe/plugin.h"

namespace floe {

using LogSink = void (*)(void* payload, int32_t level, const char* source, const char* message);
// Receives a plugin's structured events (floe_host_api.emit_event): `source`
// is the host's label of the plugin ("dbt/core"), `json` its event.
using EventSink = void (*)(void* payload, const char* source, const char* json, size_t length);
// Answers floe_host_api.cancel_requested: non-zero once the caller wants the
// running operation to stop.
using CancelProbe = int32_t (*)(void* payload);

// Where a host table sends what plugins report while they work, and whom it
// asks whether to stop; set by whoever runs an operation through the registry.
struct RunHooks {
  EventSink event = nullptr;
  void* event_payload = nullptr;
  CancelProbe cancel = nullptr;
  void* cancel_payload = nullptr;
};

// One per registry. Plugins may keep the table for the life of the process
// (the ABI promises it), so tables are never freed: make_host_api() keeps
// every one reachable, and a registry detaches its table when it is freed
// (later log lines from plugins are dropped instead of reaching a dead sink).
class HostApi {
 public:
  // `source` labels every line a plugin logs through this table
  // ("compute/duckdb"); empty for the host's own tables.
  HostApi(LogSink sink, void* payload, std::string source = {});
  void detach() {
    sink_ = nullptr;
    hooks_ = RunHooks{};
  }
  void set_run_hooks(const RunHooks& hooks) { hooks_ = hooks; }
  HostApi(const HostApi&) = delete;
  HostApi& operator=(const HostApi&) = delete;

  const floe_host_api* table() const { return &table_; }
  void log(int32_t level, const std::string& source, const std::string& message) const;
  // Host settings plugins can read through get_config (JSON-encoded values).
  void set_setting(const std::string& key, const std::string& json_value) { settings_[key] = json_value; }

 private:
  static void log_thunk(void* host_data, int32_t level, const char* plugin, const char* message);
  static floe_status get_config_thunk(void* host_data, const char* key, floe_buffer* out, floe_error* error);
  static floe_status get_secret_thunk(void* host_data, const char* reference, floe_buffer* out, floe_error* error);
  static void emit_event_thunk(void* host_data, const char* event_json, size_t length);
  static int32_t cancel_requested_thunk(void* host_data);

  floe_host_api table_{};
  LogSink sink_;
  void* payload_;
  RunHooks hooks_;
  std::string source_;
  std::map<std::string, std::string> settings_;
};

// A host table that lives until the process exits.
HostApi& make_host_api(LogSink sink, void* payload, std::string source = {});

// Resolves "env:NAME" and "file:/path" references. Never logs the value.
floe_status resolve_secret_reference(const std::string& reference, std::string& value, std::string& problem);

}  // namespace floe
