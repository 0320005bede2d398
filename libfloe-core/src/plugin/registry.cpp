#include "plugin/registry.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "base/json_text.hpp"
#include "plugin/in_process_plugin.hpp"
#include "plugin/isolated_plugin.hpp"
#include "plugin/loader.hpp"
#include "schema/json_schema.hpp"

namespace floe {
namespace {

boost::json::array to_array(const std::vector<std::string>& items) {
  boost::json::array out;
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

// The list and the doctor's report are written as JSON text, member by member
// (the same bytes boost::json::serialize gave for the objects they were):
// `floe plugins list` builds them for every installed plugin, and a DOM of
// them was a quarter of its work after start-up.
// Elements are separated as append_stages_json does: a ',' unless the array
// was just opened.
void append_string_array(std::string& out, const std::vector<std::string>& items) {
  out += '[';
  for (const auto& item : items) {
    if (out.back() != '[') out += ',';
    append_json_string(out, item);
  }
  out += ']';
}

void append_plugin_json(std::string& out, const DiscoveredPlugin& p, bool loaded) {
  const auto& m = p.manifest;
  out += '{';
  append_json_string_member(out, "category", m.category);
  append_json_string_member(out, "name", m.name);
  append_json_string_member(out, "version", m.version);
  append_json_string_member(out, "description", m.description);
  append_json_string_member(out, "abi_version", format_abi_version(m.abi_version));
  append_json_member(out, "capabilities", "");
  append_string_array(out, m.capabilities);
  append_json_member(out, "requirements", "");
  append_string_array(out, m.requirements);
  append_json_string_member(out, "manifest", m.file);
  append_json_string_member(out, "library", m.library);
  append_json_string_member(out, "root", p.root != nullptr ? p.root->path : "");
  append_json_member(out, "loaded", loaded ? "true" : "false");
  out += '}';
}

void append_problem_json(std::string& out, const Problem& p) {
  out += '{';
  append_json_string_member(out, "path", p.path);
  append_json_string_member(out, "category", p.category);
  append_json_string_member(out, "name", p.name);
  append_json_string_member(out, "kind", p.kind);
  append_json_string_member(out, "severity", p.severity);
  append_json_string_member(out, "message", p.message);
  out += '}';
}

}  // namespace

Registry::Registry(RegistryOptions options)
    : options_(std::move(options)),
      host_(options_.log, options_.log_payload),
      isolation_(isolation_policy(options_.isolation, options_.call_timeout_ms, options_.env)),
      discovery_(discover(search_roots(options_.search_flags, options_.extra_roots, options_.env), options_.categories)) {}

Registry::~Registry() {
  while (!instances_.empty()) close(instances_.back().get());
  loaded_.clear();  // stops the helper processes of isolated plugins
  for (HostApi* h : plugin_hosts_) release_host_api(*h);
}

HostApi& Registry::plugin_host(const PluginManifest& manifest) {
  HostApi& host = acquire_host_api(options_.log, options_.log_payload,
                                   fmt::format("{}/{}", manifest.category, manifest.name), manifest.library);
  host.set_run_hooks(options_.hooks);
  return host;
}

void Registry::set_run_hooks(const RunHooks& hooks) {
  options_.hooks = hooks;
  for (HostApi* h : plugin_hosts_) h->set_run_hooks(hooks);
}

Result<std::unique_ptr<PluginEndpoint>> Registry::start(const PluginManifest& manifest, bool isolated,
                                                         HostApi& plugin_host, std::string& kind) {
  if (isolated) {
    auto started = IsolatedPlugin::start(manifest, plugin_host, call_timeout_ms(isolation_, manifest), kind);
    if (!started) return std::move(started).error();
    return std::unique_ptr<PluginEndpoint>(std::move(started).value());
  }
  auto loaded = load_plugin(manifest, plugin_host.table(), kind);
  if (!loaded) return std::move(loaded).error();
  return std::unique_ptr<PluginEndpoint>(std::make_unique<InProcessPlugin>(std::move(loaded).value()));
}

Result<PluginEndpoint*> Registry::load(const std::string& category, const std::string& name) {
  if (!isolation_.problem.empty()) return make_error(FLOE_ERR_INVALID_ARGUMENT, isolation_.problem);
  auto key = std::make_pair(category, name);
  auto it = loaded_.find(key);
  if (it == loaded_.end()) {
    const DiscoveredPlugin* found = find_discovered(discovery_, category, name);
    if (found == nullptr) return unusable(category, name);
    std::string kind;
    HostApi& host = plugin_host(found->manifest);
    plugin_hosts_.push_back(&host);
    auto result = start(found->manifest, runs_isolated(isolation_, found->manifest), host, kind);
    if (!result) {
      load_problems_.push_back(Problem{found->manifest.file, category, name, kind, "error", result.error().message});
      host_.log(FLOE_LOG_ERROR, "floe", result.error().message);
    }
    it = loaded_.emplace(key, std::move(result)).first;
  }
  if (!it->second) return it->second.error();
  return it->second.value().get();
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
  PluginEndpoint& p = *plugin.value();
  const boost::json::value& schema = p.summary().config_schema;
  std::string label = fmt::format("{}/{}", category, name);

  auto parsed = parse_json(config_json.empty() ? std::string_view("{}") : config_json,
                           fmt::format("{} configuration", label), FLOE_ERR_INVALID_CONFIG);
  if (!parsed) return std::move(parsed).error();
  boost::json::value config = std::move(parsed).value();
  if (!config.is_object())
    return make_error(FLOE_ERR_INVALID_CONFIG,
                      fmt::format("{}: configuration must be a JSON object, got {}", label, json_type_name(config)));
  if (schema.is_null()) {
    if (!config.get_object().empty())
      return make_error(FLOE_ERR_INVALID_CONFIG,
                        fmt::format("{}: this plugin takes no configuration, but keys were given", label));
  } else {
    apply_schema_defaults(schema, config);
    auto issues = validate_against_schema(schema, config);
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

  auto id = p.instance_new(boost::json::serialize(config));
  if (!id) return std::move(id).error();
  auto instance = std::make_unique<Instance>();
  instance->registry = this;
  instance->plugin = &p;
  instance->id = id.value();
  instance->config = std::move(config.get_object());
  instance->label = std::move(label);
  instances_.push_back(std::move(instance));
  return instances_.back().get();
}

void Registry::close(Instance* instance) {
  auto it = std::find_if(instances_.begin(), instances_.end(), [&](const auto& p) { return p.get() == instance; });
  if (it == instances_.end()) return;
  if (auto freed = instance->plugin->instance_free(instance->id); !freed)
    host_.log(FLOE_LOG_ERROR, "floe", freed.error().message);
  instances_.erase(it);
}

namespace {

// FLOE_ERR_NO_SUCH_METHOD naming the category's methods, or Ok.
Result<Ok> method_of_category(const Instance& instance, std::string_view method) {
  const CategoryInfo& category = *instance.plugin->summary().category;
  if (find_method(category, method) != nullptr) return Ok{};
  std::vector<std::string> names;
  for (const auto& x : category.methods) names.emplace_back(x.name);
  return make_error(FLOE_ERR_NO_SUCH_METHOD, fmt::format("{} plugins have no method '{}'; methods: {}", category.name,
                                                         method, fmt::join(names, ", ")));
}

}  // namespace

Result<std::string> Registry::call(Instance& instance, std::string_view method, std::string_view request_json) {
  if (auto known = method_of_category(instance, method); !known) return std::move(known).error();
  return instance.plugin->call(instance.id, method, request_json.empty() ? std::string_view("{}") : request_json);
}

Result<boost::json::value> Registry::call_value(Instance& instance, std::string_view method,
                                                const boost::json::object& request) {
  if (auto known = method_of_category(instance, method); !known) return std::move(known).error();
  return instance.plugin->call_value(instance.id, method, boost::json::serialize(request));
}

Result<std::string> Registry::health_check(Instance& instance) {
  return instance.plugin->call(instance.id, "health_check", "{}");
}

void Registry::append_plugins_json(std::string& out) const {
  append_json_member(out, "plugins", "[");
  for (const auto& p : discovery_.plugins) {
    if (out.back() != '[') out += ',';
    append_plugin_json(out, p, loaded_.count({p.manifest.category, p.manifest.name}) > 0);
  }
  out += ']';
}

std::string Registry::list_json() const {
  std::string out = "{";
  append_plugins_json(out);
  out += '}';
  return out;
}

std::string Registry::doctor_json(bool load_all) {
  std::vector<Problem> probed;
  if (load_all && isolation_.problem.empty()) {
    for (const auto& p : discovery_.plugins) {
      if (loaded_.count({p.manifest.category, p.manifest.name}) > 0) continue;  // its problem, if any, is known
      HostApi& host = plugin_host(p.manifest);
      {
        std::string kind;
        auto started = start(p.manifest, true, host, kind);
        if (!started)
          probed.push_back(Problem{p.manifest.file, p.manifest.category, p.manifest.name, kind, "error",
                                   started.error().message});
      }  // the helper stops here, before its table goes back to the pool
      release_host_api(host);
    }
  }
  std::string out = "{";
  append_plugins_json(out);
  append_json_member(out, "roots", "[");
  for (const auto& r : discovery_.roots) {
    if (out.back() != '[') out += ',';
    out += '{';
    append_json_string_member(out, "path", r.path);
    append_json_string_member(out, "source", root_source_name(r.source));
    append_json_member(out, "exists", r.exists ? "true" : "false");
    out += '}';
  }
  out += ']';
  append_json_member(out, "problems", "[");
  if (!isolation_.problem.empty()) probed.push_back(Problem{"", "", "", "invalid_setting", "error", isolation_.problem});
  for (const auto* list : {&discovery_.problems, &load_problems_, &probed})
    for (const auto& p : *list) {
      if (out.back() != '[') out += ',';
      append_problem_json(out, p);
    }
  out += ']';
  append_json_string_member(out, "host_abi_version", format_abi_version(FLOE_ABI_VERSION));
  out += '}';
  return out;
}

Result<boost::json::object> Registry::info_json(const std::string& category, const std::string& name) {
  auto plugin = load(category, name);
  if (!plugin) return plugin.error();
  const PluginEndpoint& p = *plugin.value();
  const PluginSummary& s = p.summary();
  boost::json::array methods;
  for (size_t i = 0; i < s.category->methods.size(); ++i)
    methods.push_back({{"name", s.category->methods[i].name},
                       {"required", s.category->methods[i].required},
                       {"implemented", static_cast<bool>(s.implemented[i])}});
  return boost::json::object{{"category", s.category->name},
                             {"name", s.name},
                             {"version", s.version},
                             {"description", s.description},
                             {"abi_version", format_abi_version(s.abi_version)},
                             {"capabilities", to_array(s.capabilities)},
                             {"requirements", to_array(s.requirements)},
                             {"config_schema", s.config_schema},
                             {"methods", methods},
                             {"library", s.manifest.library},
                             {"manifest", s.manifest.file},
                             {"isolation", p.isolation()}};
}

}  // namespace floe
