// The floe_host_api table handed to every plugin: logging, host settings,
// secret lookup and host-owned error/buffer filling.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
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

// A host table and the sink its log lines go to. Plugins may keep a table
// for the life of the process (the ABI promises it stays valid), so a table
// handed to a plugin is never freed: acquire_host_api() takes it from a pool
// that lives until exit, and release_host_api() detaches it (later log lines
// are dropped instead of reaching a dead sink) and keeps it for reuse.
class HostApi {
 public:
  // `source` labels every line a plugin logs through this table
  // ("compute/duckdb"); empty for the host's own tables.
  HostApi(LogSink sink, void* payload, std::string source = {});
  HostApi(const HostApi&) = delete;
  HostApi& operator=(const HostApi&) = delete;

  const floe_host_api* table() const { return &table_; }
  const std::string& source() const { return source_; }
  void log(int32_t level, const std::string& source, const std::string& message) const;
  // Points the table at another sink (nullptr: drop lines from now on); the
  // run hooks are cleared, the next user sets its own.
  void attach(LogSink sink, void* payload);
  void detach() { attach(nullptr, nullptr); }
  void set_run_hooks(const RunHooks& hooks);

 private:
  static void log_thunk(void* host_data, int32_t level, const char* plugin, const char* message);
  static floe_status get_config_thunk(void* host_data, const char* key, floe_buffer* out, floe_error* error);
  static floe_status get_secret_thunk(void* host_data, const char* reference, floe_buffer* out, floe_error* error);
  static void emit_event_thunk(void* host_data, const char* event_json, size_t length);
  static int32_t cancel_requested_thunk(void* host_data);

  floe_host_api table_{};
  // A plugin's own threads may log while the registry swaps the sink.
  mutable std::mutex sink_mutex_;
  LogSink sink_;
  void* payload_;
  RunHooks hooks_;  // guarded by sink_mutex_ too
  std::string source_;
  std::map<std::string, std::string> settings_;  // get_config: key -> JSON value
};

// A host table for plugin `source` ("compute/duckdb") loaded from `library`,
// sending log lines to `sink`. Reuses a released table of the same plugin
// library when there is one: that library is the only code that can still
// hold it, so its lines stay correctly labelled, and creating and freeing
// registries keeps the number of tables flat.
HostApi& acquire_host_api(LogSink sink, void* payload, const std::string& source, const std::string& library);
// Detaches the table and returns it to the pool. It stays valid.
void release_host_api(HostApi& host);
// Tables made so far (in use or pooled), for tests of the bound above.
size_t host_api_table_count();

// The members every host table shares: struct_size, abi_version, set_error,
// set_buffer (host memory, host release callbacks). The caller sets
// host_data, log, get_config, get_secret, emit_event and cancel_requested.
floe_host_api base_host_table();

// Resolves "env:NAME" and "file:/path" references. Never logs the value.
floe_status resolve_secret_reference(const std::string& reference, std::string& value, std::string& problem);

}  // namespace floe
