#include "plugin/in_process_plugin.hpp"

#include <fmt/format.h>

#include <exception>

#include "core/c_memory.hpp"
#include "base/json_text.hpp"
#include "plugin/crash_guard.hpp"

namespace floe {
namespace {

std::vector<std::string> string_list(const char* const* items) {
  std::vector<std::string> out;
  for (; items != nullptr && *items != nullptr; ++items) out.emplace_back(*items);
  return out;
}

floe_instance* as_handle(InstanceId id) { return reinterpret_cast<floe_instance*>(static_cast<uintptr_t>(id)); }

// Releases what a failed or thrown call may have left filled.
void release_both(floe_error& err, floe_buffer& out) {
  if (err.release != nullptr) err.release(&err);
  if (out.release != nullptr) out.release(&out);
}

}  // namespace

floe_status from_plugin(floe_status status) {
  if (status == FLOE_ERR_INTERNAL || status == FLOE_ERR_UNKNOWN || status < 0 || status > FLOE_ERR_CANCELLED)
    return FLOE_ERR_PLUGIN_FAILED;
  return status;
}

PluginSummary summarize(const LoadedPlugin& loaded) {
  const floe_plugin_descriptor& d = *loaded.plugin.descriptor;
  PluginSummary s;
  s.manifest = loaded.manifest;
  s.category = loaded.category;
  s.abi_version = loaded.plugin.abi_version;
  s.name = d.name;
  s.version = d.version != nullptr ? d.version : "";
  s.description = d.description != nullptr ? d.description : "";
  s.capabilities = string_list(d.capabilities);
  s.requirements = string_list(d.requirements);
  s.config_schema = loaded.config_schema;
  s.implemented = loaded.implemented;
  return s;
}

InProcessPlugin::InProcessPlugin(LoadedPlugin loaded)
    : loaded_(std::move(loaded)), summary_(summarize(loaded_)), label_(summary_.label()) {}

Result<InstanceId> InProcessPlugin::instance_new(const std::string& config_json) {
  floe_instance* handle = nullptr;
  floe_error err = FLOE_ERROR_INIT;
  floe_status status = FLOE_ERR_PLUGIN_FAILED;
  floe_plugin& raw = loaded_.plugin;
  PluginCallContext context{summary_.manifest.category.c_str(), summary_.manifest.name.c_str(), "instance_new"};
  try {
    PluginCallScope in_plugin(context);
    status = raw.instance_new(&raw, config_json.data(), config_json.size(), &handle, &err);
  } catch (const std::exception& e) {
    status = FLOE_ERR_PLUGIN_FAILED;
    set_c_error(&err, FLOE_ERR_PLUGIN_FAILED, fmt::format("instance_new threw an exception: {}", e.what()));
  } catch (...) {
    status = FLOE_ERR_PLUGIN_FAILED;
    set_c_error(&err, FLOE_ERR_PLUGIN_FAILED, "instance_new threw an exception of unknown type");
  }
  std::string plugin_message = err.message != nullptr ? err.message : "";
  if (err.release != nullptr) err.release(&err);
  if (status != FLOE_OK || handle == nullptr)
    return make_error(status == FLOE_OK ? FLOE_ERR_PLUGIN_FAILED : from_plugin(status),
                      fmt::format("{}: could not create an instance: {}", label_,
                                  plugin_message.empty() ? "the plugin gave no reason" : plugin_message));
  return static_cast<InstanceId>(reinterpret_cast<uintptr_t>(handle));
}

Result<Ok> InProcessPlugin::instance_free(InstanceId instance) {
  floe_plugin& raw = loaded_.plugin;
  PluginCallContext context{summary_.manifest.category.c_str(), summary_.manifest.name.c_str(), "instance_free"};
  try {
    PluginCallScope in_plugin(context);
    raw.instance_free(&raw, as_handle(instance));
  } catch (...) {
    return make_error(FLOE_ERR_PLUGIN_FAILED, fmt::format("{}: instance_free threw an exception", label_));
  }
  return Ok{};
}

floe_method InProcessPlugin::method_function(std::string_view method) const {
  if (method == "health_check") return loaded_.plugin.health_check;
  const MethodInfo* m = find_method(*summary_.category, method);
  return m != nullptr ? method_slot(loaded_.plugin.methods, *m) : nullptr;
}

Result<std::string> InProcessPlugin::invoke(InstanceId instance, std::string_view method, std::string_view request) {
  std::string label = fmt::format("{}.{}", label_, method);
  floe_method fn = method_function(method);
  if (fn == nullptr)
    return make_error(FLOE_ERR_NOT_IMPLEMENTED, fmt::format("{}: not implemented by this plugin", label));
  floe_buffer out = FLOE_BUFFER_INIT;
  floe_error err = FLOE_ERROR_INIT;
  floe_status status = FLOE_ERR_PLUGIN_FAILED;
  // A plugin written without the author kit may let a C++ exception escape;
  // it must not take the host down.
  const std::string method_name(method);
  PluginCallContext context{summary_.manifest.category.c_str(), summary_.manifest.name.c_str(), method_name.c_str()};
  try {
    PluginCallScope in_plugin(context);
    status = fn(as_handle(instance), request.data(), request.size(), &out, &err);
  } catch (const std::exception& e) {
    release_both(err, out);
    return make_error(FLOE_ERR_PLUGIN_FAILED, fmt::format("{}: the plugin threw an exception: {}", label, e.what()));
  } catch (...) {
    release_both(err, out);
    return make_error(FLOE_ERR_PLUGIN_FAILED,
                      fmt::format("{}: the plugin threw an exception of unknown type", label));
  }
  std::string plugin_message = err.message != nullptr ? err.message : "";
  if (err.release != nullptr) err.release(&err);
  if (status != FLOE_OK) {
    if (out.release != nullptr) out.release(&out);
    return make_error(from_plugin(status), fmt::format("{}: {}", label,
                                                       plugin_message.empty() ? floe_status_str(status) : plugin_message));
  }
  if (out.data == nullptr) {
    if (out.release != nullptr) out.release(&out);
    return make_error(FLOE_ERR_PLUGIN_FAILED,
                      fmt::format("{}: the plugin reported success but returned no response", label));
  }
  std::string response(out.data, out.length);
  if (out.release != nullptr) out.release(&out);
  return response;
}

Result<std::string> InProcessPlugin::call(InstanceId instance, std::string_view method, std::string_view request) {
  auto response = invoke(instance, method, request);
  if (!response) return response;
  auto check = parse_json(response.value(), fmt::format("{}.{} response", label_, method), FLOE_ERR_PLUGIN_FAILED);
  if (!check) return std::move(check).error();
  return response;
}

Result<boost::json::value> InProcessPlugin::call_value(InstanceId instance, std::string_view method,
                                                       std::string_view request) {
  auto response = invoke(instance, method, request);
  if (!response) return std::move(response).error();
  return parse_json(response.value(), fmt::format("{}.{} response", label_, method), FLOE_ERR_PLUGIN_FAILED);
}

}  // namespace floe
