#include "plugin/registry.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "core/c_memory.hpp"
#include "core/json_text.hpp"
#include "plugin/crash_guard.hpp"
#include "schema/json_schema.hpp"

namespace floe {
namespace {

boost::json::array to_array(const std::vector<std::string>& items) {
  boost::json::array out;
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

boost::json::object plugin_json(const DiscoveredPlugin& p, bool loaded) {
  const auto& m = p.manifest;
  return {{"category", m.category},
          {"name", m.name},
          {"version", m.version},
          {"description", m.description},
          {"abi_version", format_abi_version(m.abi_version)},
          {"capabilities", to_array(m.capabilities)},
          {"requirements", to_array(m.requirements)},
          {"manifest", m.file},
          {"library", m.library},
          {"root", p.root != nullptr ? p.root->path : ""},
          {"loaded", loaded}};
}

// What a plugin's status means to the host's caller: the plugin's own
// "internal error", UNKNOWN, or a code this host does not know is the plugin
// failing (FLOE_ERR_PLUGIN_FAILED), never a bug in floe.
floe_status from_plugin(floe_status status) {
  if (status == FLOE_ERR_INTERNAL || status == FLOE_ERR_UNKNOWN || status < 0 || status > FLOE_ERR_NO_SUCH_METHOD)
    return FLOE_ERR_PLUGIN_FAILED;
  return status;
}

boost::json::object problem_json(const Problem& p) {
  return {{"path", p.path},         {"category", p.category}, {"name", p.name},
          {"kind", p.kind},         {"severity", p.severity}, {"message", p.message}};
}

}  // namespace

Registry::Registry(RegistryOptions options)
    : options_(std::move(options)),
      host_(make_host_api(options_.log, options_.log_payload)),
      discovery_(discover(search_roots(options_.search_flags, options_.extra_roots, options_.env), options_.categories)) {}

Registry::~Registry() {
  while (!instances_.empty()) close(instances_.back().get());
  host_.detach();
  for (HostApi* h : plugin_hosts_) h->detach();
}

Result<const LoadedPlugin*> Registry::load(const std::string& category, const std::string& name) {
  auto key = std::make_pair(category, name);
  auto it = loaded_.find(key);
  if (it == loaded_.end()) {
    const DiscoveredPlugin* found = find_discovered(discovery_, category, name);
    if (found == nullptr) return unusable(category, name);
    std::string kind;
    HostApi& plugin_host = make_host_api(options_.log, options_.log_payload, fmt::format("{}/{}", category, name));
    plugin_hosts_.push_back(&plugin_host);
    auto result = load_plugin(found->manifest, plugin_host.table(), kind);
    if (!result) {
      load_problems_.push_back(Problem{found->manifest.file, category, name, kind, "error", result.error().message});
      host_.log(FLOE_LOG_ERROR, "floe", result.error().message);
    }
    it = loaded_.emplace(key, std::move(result)).first;
  }
  if (!it->second) return it->second.error();
  return &it->second.value();
}

// Why (category, name) cannot be used: a candidate that discovery refused
// for a reason of its own gets that reason and its code; otherwise it is
// simply not installed anywhere floe looked.
Error Registry::unusable(const std::string& category, const std::string& name) const {
  for (const auto& c : discovery_.conflicts)
    if (c.category == category && c.name == name)
      return make_error(FLOE_ERR_CONFLICT,
                        fmt::format("plugin {}/{} is provided more than once in one search root: {}; remove all but one",
                                    category, name, fmt::join(c.files, ", ")));
  for (const auto& p : discovery_.problems) {
    if (p.category != category || p.name != name || p.severity != "error") continue;
    if (p.kind == "incompatible_abi") return make_error(FLOE_ERR_INCOMPATIBLE_ABI, p.message);
    if (p.kind == "library_missing") return make_error(FLOE_ERR_LOAD_FAILED, p.message);
  }
  return make_error(FLOE_ERR_NOT_FOUND, not_found_message(discovery_, category, name));
}

Result<Instance*> Registry::open(const std::string& category, const std::string& name, std::string_view config_json) {
  auto plugin = load(category, name);
  if (!plugin) return plugin.error();
  const LoadedPlugin& p = *plugin.value();
  std::string label = fmt::format("{}/{}", category, name);

  auto parsed = parse_json(config_json.empty() ? std::string_view("{}") : config_json,
                           fmt::format("{} configuration", label), FLOE_ERR_INVALID_CONFIG);
  if (!parsed) return std::move(parsed).error();
  boost::json::value config = std::move(parsed).value();
  if (!config.is_object())
    return make_error(FLOE_ERR_INVALID_CONFIG,
                      fmt::format("{}: configuration must be a JSON object, got {}", label, json_type_name(config)));
  if (p.config_schema.is_null()) {
    if (!config.get_object().empty())
      return make_error(FLOE_ERR_INVALID_CONFIG,
                        fmt::format("{}: this plugin takes no configuration, but keys were given", label));
  } else {
    apply_schema_defaults(p.config_schema, config);
    auto issues = validate_against_schema(p.config_schema, config);
    if (!issues.empty()) {
      std::string message = fmt::format("{}: invalid configuration:", label);
      boost::json::array detail;
      for (const auto& i : issues) {
        message += fmt::format("\n  - {}: {}", i.path.empty() ? "(root)" : i.path, i.message);
        detail.push_back({{"key", i.path}, {"message", i.message}});
      }
      return make_error(FLOE_ERR_INVALID_CONFIG, message, {{"issues", detail}});
    }
  }

  std::string text = boost::json::serialize(config);
  floe_instance* handle = nullptr;
  floe_error err = FLOE_ERROR_INIT;
  floe_status status = FLOE_ERR_PLUGIN_FAILED;
  floe_plugin& raw = const_cast<floe_plugin&>(p.plugin);  // the C API takes a mutable plugin pointer
  PluginCallContext context{p.manifest.category.c_str(), p.manifest.name.c_str(), "instance_new"};
  try {
    PluginCallScope in_plugin(context);
    status = raw.instance_new(&raw, text.data(), text.size(), &handle, &err);
  } catch (const std::exception& e) {
    status = FLOE_ERR_PLUGIN_FAILED;
    floe::set_c_error(&err, FLOE_ERR_PLUGIN_FAILED, fmt::format("instance_new threw an exception: {}", e.what()));
  } catch (...) {
    status = FLOE_ERR_PLUGIN_FAILED;
    floe::set_c_error(&err, FLOE_ERR_PLUGIN_FAILED, "instance_new threw an exception of unknown type");
  }
  std::string plugin_message = err.message != nullptr ? err.message : "";
  if (err.release != nullptr) err.release(&err);
  if (status != FLOE_OK || handle == nullptr)
    return make_error(status == FLOE_OK ? FLOE_ERR_PLUGIN_FAILED : from_plugin(status),
                      fmt::format("{}: could not create an instance: {}", label,
                                  plugin_message.empty() ? "the plugin gave no reason" : plugin_message));

  auto instance = std::make_unique<Instance>();
  instance->registry = this;
  instance->plugin = &p;
  instance->handle = handle;
  instance->config = std::move(config.get_object());
  instance->label = std::move(label);
  instances_.push_back(std::move(instance));
  return instances_.back().get();
}

void Registry::close(Instance* instance) {
  auto it = std::find_if(instances_.begin(), instances_.end(), [&](const auto& p) { return p.get() == instance; });
  if (it == instances_.end()) return;
  floe_plugin& raw = const_cast<floe_plugin&>(instance->plugin->plugin);
  PluginCallContext context{instance->plugin->manifest.category.c_str(), instance->plugin->manifest.name.c_str(),
                            "instance_free"};
  try {
    PluginCallScope in_plugin(context);
    raw.instance_free(&raw, instance->handle);
  } catch (...) {
    host_.log(FLOE_LOG_ERROR, "floe", fmt::format("{}: instance_free threw an exception", instance->label));
  }
  instances_.erase(it);
}

Result<std::string> Registry::invoke(Instance& instance, floe_method fn, std::string_view what,
                                     std::string_view request) {
  std::string label = fmt::format("{}.{}", instance.label, what);
  if (fn == nullptr)
    return make_error(FLOE_ERR_NOT_IMPLEMENTED, fmt::format("{}: not implemented by this plugin", label));
  floe_buffer out = FLOE_BUFFER_INIT;
  floe_error err = FLOE_ERROR_INIT;
  floe_status status = FLOE_ERR_PLUGIN_FAILED;
  // A plugin written without the author kit may let a C++ exception escape;
  // it must not take the host down.
  const std::string method(what);
  PluginCallContext context{instance.plugin->manifest.category.c_str(), instance.plugin->manifest.name.c_str(),
                            method.c_str()};
  try {
    PluginCallScope in_plugin(context);
    status = fn(instance.handle, request.data(), request.size(), &out, &err);
  } catch (const std::exception& e) {
    if (err.release != nullptr) err.release(&err);
    if (out.release != nullptr) out.release(&out);
    return make_error(FLOE_ERR_PLUGIN_FAILED, fmt::format("{}: the plugin threw an exception: {}", label, e.what()));
  } catch (...) {
    if (err.release != nullptr) err.release(&err);
    if (out.release != nullptr) out.release(&out);
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
  auto check = parse_json(response, fmt::format("{} response", label), FLOE_ERR_PLUGIN_FAILED);
  if (!check) return std::move(check).error();
  return response;
}

Result<std::string> Registry::call(Instance& instance, std::string_view method, std::string_view request_json) {
  const CategoryInfo& category = *instance.plugin->category;
  const MethodInfo* m = find_method(category, method);
  if (m == nullptr) {
    std::vector<std::string> names;
    for (const auto& x : category.methods) names.emplace_back(x.name);
    return make_error(FLOE_ERR_NO_SUCH_METHOD, fmt::format("{} plugins have no method '{}'; methods: {}",
                                                           category.name, method, fmt::join(names, ", ")));
  }
  return invoke(instance, method_slot(instance.plugin->plugin.methods, *m), method,
                request_json.empty() ? std::string_view("{}") : request_json);
}

Result<std::string> Registry::health_check(Instance& instance) {
  return invoke(instance, instance.plugin->plugin.health_check, "health_check", "{}");
}

boost::json::object Registry::list_json() const {
  boost::json::array plugins;
  for (const auto& p : discovery_.plugins)
    plugins.push_back(plugin_json(p, loaded_.count({p.manifest.category, p.manifest.name}) > 0));
  return {{"plugins", plugins}};
}

boost::json::object Registry::doctor_json(bool load_all) {
  if (load_all)
    for (const auto& p : discovery_.plugins) (void)load(p.manifest.category, p.manifest.name);
  boost::json::array roots, problems;
  for (const auto& r : discovery_.roots)
    roots.push_back({{"path", r.path}, {"source", root_source_name(r.source)}, {"exists", r.exists}});
  for (const auto& p : discovery_.problems) problems.push_back(problem_json(p));
  for (const auto& p : load_problems_) problems.push_back(problem_json(p));
  boost::json::object out = list_json();
  out["roots"] = roots;
  out["problems"] = problems;
  out["host_abi_version"] = format_abi_version(FLOE_ABI_VERSION);
  return out;
}

Result<boost::json::object> Registry::info_json(const std::string& category, const std::string& name) {
  auto plugin = load(category, name);
  if (!plugin) return plugin.error();
  const LoadedPlugin& p = *plugin.value();
  const floe_plugin_descriptor& d = *p.plugin.descriptor;
  auto list = [](const char* const* items) {
    boost::json::array out;
    for (; items != nullptr && *items != nullptr; ++items) out.emplace_back(*items);
    return out;
  };
  boost::json::array methods;
  for (size_t i = 0; i < p.category->methods.size(); ++i)
    methods.push_back({{"name", p.category->methods[i].name},
                       {"required", p.category->methods[i].required},
                       {"implemented", static_cast<bool>(p.implemented[i])}});
  return boost::json::object{{"category", p.category->name},
                             {"name", d.name},
                             {"version", d.version != nullptr ? d.version : ""},
                             {"description", d.description != nullptr ? d.description : ""},
                             {"abi_version", format_abi_version(p.plugin.abi_version)},
                             {"capabilities", list(d.capabilities)},
                             {"requirements", list(d.requirements)},
                             {"config_schema", p.config_schema},
                             {"methods", methods},
                             {"library", p.manifest.library},
                             {"manifest", p.manifest.file}};
}

}  // namespace floe
