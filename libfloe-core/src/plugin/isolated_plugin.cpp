#include "plugin/isolated_plugin.hpp"

#include <fmt/format.h>

namespace floe {
namespace {

using wire::FrameWriter;
using wire::Kind;

struct Launched {
  std::unique_ptr<PluginProcess> process;
  PluginSummary summary;
};

// Starts a helper and initialises the plugin in it.
Result<Launched> launch(const PluginManifest& manifest, const HostApi& host, uint32_t timeout_ms, std::string& kind) {
  kind = "load_failed";
  auto process = PluginProcess::start(manifest.file, manifest.category + "/" + manifest.name);
  if (!process) return std::move(process).error();
  FrameWriter init(Kind::init);
  auto answer = process.value()->exchange(init, "init", timeout_ms, host, &kind);
  if (!answer) return std::move(answer).error();
  answer->u64();
  std::string description = answer->str();
  auto summary = wire::summary_from_json(description, manifest);
  if (!summary) return std::move(summary).error();
  kind.clear();
  return Launched{std::move(process).value(), std::move(summary).value()};
}

}  // namespace

Result<std::unique_ptr<IsolatedPlugin>> IsolatedPlugin::start(const PluginManifest& manifest, const HostApi& host,
                                                              uint32_t timeout_ms, std::string& kind) {
  auto launched = launch(manifest, host, timeout_ms, kind);
  if (!launched) return std::move(launched).error();
  return std::unique_ptr<IsolatedPlugin>(
      new IsolatedPlugin(std::move(launched->process), std::move(launched->summary), host, timeout_ms));
}

IsolatedPlugin::IsolatedPlugin(std::unique_ptr<PluginProcess> process, PluginSummary summary, const HostApi& host,
                               uint32_t timeout_ms)
    : process_(std::move(process)), summary_(std::move(summary)), host_(host), timeout_ms_(timeout_ms) {}

Result<InstanceId> IsolatedPlugin::instance_new(const std::string& config_json) {
  if (!process_->running()) {
    // The last process crashed or was stopped: a new instance gets a new one.
    std::string kind;
    auto launched = launch(summary_.manifest, host_, timeout_ms_, kind);
    if (!launched) return std::move(launched).error();
    process_ = std::move(launched->process);
    ++generation_;
  }
  FrameWriter request(Kind::instance_new);
  request.str(config_json);
  auto answer = process_->exchange(request, "instance_new", timeout_ms_, host_);
  if (!answer) return std::move(answer).error();
  InstanceId id = next_id_++;
  instances_[id] = Remote{generation_, answer->u64()};
  return id;
}

Result<const IsolatedPlugin::Remote*> IsolatedPlugin::find(InstanceId instance, std::string_view method) const {
  auto it = instances_.find(instance);
  if (it == instances_.end())
    return make_error(FLOE_ERR_INVALID_STATE,
                      fmt::format("{}.{}: no such instance (it was freed)", summary_.label(), method));
  if (it->second.generation != generation_ || !process_->running())
    return make_error(FLOE_ERR_PLUGIN_FAILED,
                      fmt::format("{}.{}: the plugin's process that held this instance has ended{}; open {} again "
                                  "to start a new one",
                                  summary_.label(), method,
                                  process_->running() ? "" : fmt::format(" (it {})", process_->ended()),
                                  summary_.label()));
  return &it->second;
}

Result<std::string> IsolatedPlugin::call(InstanceId instance, std::string_view method, std::string_view request_json) {
  auto remote = find(instance, method);
  if (!remote) return std::move(remote).error();
  FrameWriter request(Kind::call);
  request.u64(remote.value()->id).str(method).str(request_json);
  auto answer = process_->exchange(request, method, timeout_ms_, host_);
  if (!answer) return std::move(answer).error();
  answer->u64();
  return answer->str();
}

Result<Ok> IsolatedPlugin::instance_free(InstanceId instance) {
  auto remote = find(instance, "instance_free");
  if (!remote) {
    instances_.erase(instance);  // gone with its process already
    return Ok{};
  }
  FrameWriter request(Kind::instance_free);
  request.u64(remote.value()->id);
  instances_.erase(instance);
  auto answer = process_->exchange(request, "instance_free", timeout_ms_, host_);
  if (!answer) return std::move(answer).error();
  return Ok{};
}

}  // namespace floe
