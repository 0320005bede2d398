#include "plugin/host_api.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <map>
#include <mutex>
#include <sstream>
#include <vector>

#include "base/input_file.hpp"
#include "core/c_memory.hpp"

namespace floe {

floe_host_api base_host_table() {
  floe_host_api table{};
  table.struct_size = sizeof(floe_host_api);
  table.abi_version = FLOE_ABI_VERSION;
  table.set_error = [](floe_error* error, floe_status code, const char* message) {
    return set_c_error(error, code, message != nullptr ? message : "");
  };
  table.set_buffer = [](floe_buffer* out, const char* data, size_t length, floe_error* error) {
    return set_c_buffer(out, std::string_view(data != nullptr ? data : "", data != nullptr ? length : 0), error);
  };
  return table;
}

HostApi::HostApi(LogSink sink, void* payload, std::string source)
    : table_(base_host_table()), sink_(sink), payload_(payload), source_(std::move(source)) {
  table_.host_data = this;
  table_.log = &log_thunk;
  table_.get_config = &get_config_thunk;
  table_.get_secret = &get_secret_thunk;
  table_.emit_event = &emit_event_thunk;
  table_.cancel_requested = &cancel_requested_thunk;
  settings_["floe.version"] = fmt::format("\"{}\"", FLOE_VERSION_STRING);
}

namespace {

struct HostPool {
  std::mutex mutex;
  std::vector<std::unique_ptr<HostApi>> all;              // every table ever made
  std::multimap<std::string, HostApi*> released;          // library + '\n' + source -> detached table
  std::map<const HostApi*, std::string> keys;             // table -> its pool key
};

HostPool& pool() {
  static auto* p = new HostPool();  // intentionally never freed: plugins may use a table until exit
  return *p;
}

}  // namespace

HostApi& acquire_host_api(LogSink sink, void* payload, const std::string& source, const std::string& library) {
  HostPool& p = pool();
  std::string key = library + '\n' + source;
  std::lock_guard<std::mutex> lock(p.mutex);
  if (auto it = p.released.find(key); it != p.released.end()) {
    HostApi* reused = it->second;
    p.released.erase(it);
    reused->attach(sink, payload);
    return *reused;
  }
  p.all.push_back(std::make_unique<HostApi>(sink, payload, source));
  p.keys[p.all.back().get()] = std::move(key);
  return *p.all.back();
}

void release_host_api(HostApi& host) {
  host.detach();
  HostPool& p = pool();
  std::lock_guard<std::mutex> lock(p.mutex);
  p.released.emplace(p.keys.at(&host), &host);
}

size_t host_api_table_count() {
  HostPool& p = pool();
  std::lock_guard<std::mutex> lock(p.mutex);
  return p.all.size();
}

void HostApi::attach(LogSink sink, void* payload) {
  std::lock_guard<std::mutex> lock(sink_mutex_);
  sink_ = sink;
  payload_ = payload;
  hooks_ = RunHooks{};
}

void HostApi::set_run_hooks(const RunHooks& hooks) {
  std::lock_guard<std::mutex> lock(sink_mutex_);
  hooks_ = hooks;
}

void HostApi::log(int32_t level, const std::string& source, const std::string& message) const {
  // Held during the call: once detach() returns, the old sink is never called again.
  std::lock_guard<std::mutex> lock(sink_mutex_);
  if (sink_ != nullptr) sink_(payload_, level, source.c_str(), message.c_str());
}

void HostApi::log_thunk(void* host_data, int32_t level, const char* plugin, const char* message) {
  try {
    // Each loaded plugin gets its own table, labelled by the host: a plugin
    // cannot pose as another plugin or as floe itself in the log.
    auto* self = static_cast<HostApi*>(host_data);
    std::string source = !self->source_.empty() ? self->source_
                                                : std::string("plugin:") + (plugin != nullptr ? plugin : "?");
    self->log(level, source, message != nullptr ? message : "");
  } catch (...) {
    // Logging must never throw into a plugin.
  }
}

void HostApi::emit_event_thunk(void* host_data, const char* event_json, size_t length) {
  try {
    auto* self = static_cast<HostApi*>(host_data);
    if (event_json == nullptr) return;
    std::lock_guard<std::mutex> lock(self->sink_mutex_);
    if (self->hooks_.event == nullptr) return;
    const std::string& source = !self->source_.empty() ? self->source_ : std::string("plugin:?");
    self->hooks_.event(self->hooks_.event_payload, source.c_str(), event_json, length);
  } catch (...) {
    // An event is advisory: it must never throw into a plugin.
  }
}

int32_t HostApi::cancel_requested_thunk(void* host_data) {
  auto* self = static_cast<HostApi*>(host_data);
  CancelProbe probe = nullptr;
  void* payload = nullptr;
  {
    std::lock_guard<std::mutex> lock(self->sink_mutex_);
    probe = self->hooks_.cancel;
    payload = self->hooks_.cancel_payload;
  }
  return probe != nullptr && probe(payload) != 0 ? 1 : 0;
}

floe_status HostApi::get_config_thunk(void* host_data, const char* key, floe_buffer* out, floe_error* error) {
  if (key == nullptr) return set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "get_config: key is NULL");
  const auto& settings = static_cast<HostApi*>(host_data)->settings_;
  auto it = settings.find(key);
  if (it == settings.end())
    return set_c_error(error, FLOE_ERR_NOT_FOUND, fmt::format("host setting '{}' does not exist", key));
  return set_c_buffer(out, it->second, error);
}

floe_status HostApi::get_secret_thunk(void*, const char* reference, floe_buffer* out, floe_error* error) {
  if (reference == nullptr) return set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "get_secret: reference is NULL");
  std::string value, problem;
  floe_status status = resolve_secret_reference(reference, value, problem);
  if (status != FLOE_OK) return set_c_error(error, status, problem);
  status = set_c_buffer(out, value, error);
  std::fill(value.begin(), value.end(), '\0');
  return status;
}

floe_status resolve_secret_reference(const std::string& reference, std::string& value, std::string& problem) {
  if (reference.rfind("env:", 0) == 0) {
    std::string name = reference.substr(4);
    const char* v = name.empty() ? nullptr : std::getenv(name.c_str());
    if (v == nullptr) {
      problem = fmt::format("secret '{}': environment variable {} is not set", reference, name);
      return FLOE_ERR_NOT_FOUND;
    }
    value = v;
    return FLOE_OK;
  }
  if (reference.rfind("file:", 0) == 0) {
    std::string path = reference.substr(5);
    // Symlinks followed (mounted secrets are symlinks), but only a regular
    // file, read without blocking and bounded (base/input_file.hpp).
    auto text = read_input_file(path, InputRules{input_limits::kConfigFile});
    if (!text) {
      problem = fmt::format("secret '{}': {}", reference, text.error().message);
      return text.error().code == FLOE_ERR_NOT_FOUND ? FLOE_ERR_NOT_FOUND : FLOE_ERR_INVALID_ARGUMENT;
    }
    value = std::move(*text);
    // Files written by editors and `echo` end in a newline that is not part of the secret.
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    return FLOE_OK;
  }
  problem = fmt::format("secret reference '{}' is not understood; use env:NAME or file:/path", reference);
  return FLOE_ERR_INVALID_ARGUMENT;
}

}  // namespace floe
