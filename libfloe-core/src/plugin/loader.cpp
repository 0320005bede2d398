#include "plugin/loader.hpp"

#include <boost/dll/shared_library.hpp>
#include <dlfcn.h>
#include <fmt/format.h>

#include <cstring>
#include <deque>
#include <mutex>

#include "base/json_text.hpp"
#include "plugin/crash_guard.hpp"
#include "plugin/elf_check.hpp"
#include "schema/json_schema.hpp"

namespace floe {
namespace {

// Every library ever loaded, once each, pinned until the process exits
// (never dlclose). A deque keeps element addresses stable as it grows.
std::deque<boost::dll::shared_library>& pinned_libraries() {
  static auto* libs = new std::deque<boost::dll::shared_library>();  // intentionally leaked: outlives statics
  return *libs;
}
std::mutex& pinned_mutex() {
  static std::mutex m;
  return m;
}

// Boost.DLL clears dlerror() on failure; repeating the failed dlopen recovers
// the loader's precise reason (missing dependency, undefined symbol, ...).
std::string dlopen_reason(const std::string& path) {
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (h != nullptr) return "the library loaded on a second attempt";  // should not happen; keep it pinned
  const char* e = dlerror();
  return e != nullptr ? e : "unknown dlopen failure";
}

Result<boost::dll::shared_library*> open_library(const std::string& path, std::string& kind) {
  kind = "load_failed";
  if (std::string p = elf_problem(path); !p.empty()) return make_error(FLOE_ERR_LOAD_FAILED, p);
  std::error_code ec;
  boost::dll::shared_library lib(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec || !lib.is_loaded())
    return make_error(FLOE_ERR_LOAD_FAILED, fmt::format("cannot load {}: {}", path, dlopen_reason(path)));
  std::lock_guard<std::mutex> lock(pinned_mutex());
  // dlopen of a library already loaded returns the same handle: keep one
  // entry per library, so loading it again (a new registry) costs no memory.
  for (auto& pinned : pinned_libraries())
    if (pinned.native() == lib.native()) return &pinned;  // `lib` goes out of scope: dlclose drops its extra reference
  pinned_libraries().push_back(std::move(lib));
  return &pinned_libraries().back();
}

// Runs init and checks everything the plugin handed back.
// `describing`: for writing the manifest, which records min_host_abi
// instead of refusing the plugin for it.
Result<LoadedPlugin> initialise(boost::dll::shared_library& lib, const std::string& path,
                                const std::string& entrypoint, const floe_host_api* host,
                                const CategoryInfo* expected_category, bool describing, std::string& kind) {
  if (!lib.has(entrypoint)) {
    kind = "missing_symbol";
    return make_error(FLOE_ERR_LOAD_FAILED,
                      fmt::format("{} does not export the init function '{}'; a floe plugin exports "
                                  "`floe_status {}(uint32_t, const floe_host_api*, floe_plugin*, floe_error*)`",
                                  path, entrypoint, entrypoint));
  }
  auto init = lib.get<floe_status(uint32_t, const floe_host_api*, floe_plugin*, floe_error*)>(entrypoint);

  LoadedPlugin loaded;
  loaded.plugin.struct_size = sizeof(floe_plugin);
  floe_error err = FLOE_ERROR_INIT;
  floe_status status = FLOE_ERR_INTERNAL;
  // The plugin's file names it until its descriptor has been checked.
  PluginCallContext context{expected_category != nullptr ? expected_category->name : "plugin", path.c_str(), "init"};
  try {
    PluginCallScope in_plugin(context);
    status = init(FLOE_ABI_VERSION, host, &loaded.plugin, &err);
  } catch (const std::exception& e) {
    kind = "init_failed";
    return make_error(FLOE_ERR_LOAD_FAILED, fmt::format("{}: init threw an exception: {}", path, e.what()));
  } catch (...) {
    kind = "init_failed";
    return make_error(FLOE_ERR_LOAD_FAILED, fmt::format("{}: init threw an exception of unknown type", path));
  }
  std::string plugin_message = err.message != nullptr ? err.message : "";
  if (err.release != nullptr) err.release(&err);
  if (status != FLOE_OK) {
    kind = status == FLOE_ERR_INCOMPATIBLE_ABI ? "incompatible_abi" : "init_failed";
    return make_error(status == FLOE_ERR_INCOMPATIBLE_ABI ? FLOE_ERR_INCOMPATIBLE_ABI : FLOE_ERR_LOAD_FAILED,
                      fmt::format("{}: init failed ({}): {}", path, floe_status_str(status),
                                  plugin_message.empty() ? "the plugin gave no reason" : plugin_message));
  }

  kind = "incompatible_abi";
  if (std::string why = abi_incompatibility(loaded.plugin.abi_version); !why.empty())
    return make_error(FLOE_ERR_INCOMPATIBLE_ABI, fmt::format("{}: {}", path, why));
  if (std::string why = host_too_old(loaded.plugin.min_host_abi); !why.empty() && !describing)
    return make_error(FLOE_ERR_INCOMPATIBLE_ABI, fmt::format("{}: {}", path, why));

  kind = "descriptor_mismatch";
  const floe_plugin_descriptor* d = loaded.plugin.descriptor;
  constexpr size_t kDescriptorV1 = offsetof(floe_plugin_descriptor, config_schema_json) + sizeof(const char*);
  if (d == nullptr || d->struct_size < kDescriptorV1)
    return make_error(FLOE_ERR_LOAD_FAILED, fmt::format("{}: init returned no valid descriptor", path));
  if (std::string why = abi_incompatibility(d->abi_version); !why.empty()) {
    kind = "incompatible_abi";
    return make_error(FLOE_ERR_INCOMPATIBLE_ABI, fmt::format("{}: descriptor says it was {}", path, why));
  }
  if (d->name == nullptr || !valid_plugin_name(d->name))
    return make_error(FLOE_ERR_LOAD_FAILED,
                      fmt::format("{}: descriptor name '{}' is not a valid plugin name", path, d->name ? d->name : ""));
  loaded.category = category_by_id(d->category);
  if (loaded.category == nullptr)
    return make_error(FLOE_ERR_LOAD_FAILED, fmt::format("{}: descriptor category {} is unknown", path, d->category));
  if (expected_category != nullptr && expected_category != loaded.category)
    return make_error(FLOE_ERR_CONFLICT,
                      fmt::format("{}: the manifest says category '{}' but the plugin's descriptor says '{}'", path,
                                  expected_category->name, loaded.category->name));

  kind = "missing_method";
  if (loaded.plugin.instance_new == nullptr || loaded.plugin.instance_free == nullptr)
    return make_error(FLOE_ERR_LOAD_FAILED, fmt::format("{}: plugin does not set instance_new/instance_free", path));
  if (loaded.plugin.methods == nullptr)
    return make_error(FLOE_ERR_LOAD_FAILED, fmt::format("{}: plugin has no {} method table", path, loaded.category->name));
  std::vector<std::string> missing;
  for (const auto& m : loaded.category->methods) {
    bool present = method_slot(loaded.plugin.methods, m) != nullptr;
    loaded.implemented.push_back(present);
    if (m.required && !present) missing.push_back(fmt::format("{}.{}", loaded.category->name, m.name));
  }
  if (!missing.empty())
    return make_error(FLOE_ERR_LOAD_FAILED, fmt::format("{}: plugin does not implement required method(s) {}", path,
                                                        fmt::join(missing, ", ")));

  kind = "descriptor_mismatch";
  if (d->config_schema_json != nullptr) {
    auto schema = parse_json(d->config_schema_json, fmt::format("{} (config schema)", path));
    if (!schema) return make_error(FLOE_ERR_LOAD_FAILED, schema.error().message);
    auto problems = check_schema(schema.value());
    if (!problems.empty())
      return make_error(FLOE_ERR_LOAD_FAILED,
                        fmt::format("{}: config schema is not valid: {}", path, fmt::join(problems, "; ")));
    loaded.config_schema = std::move(schema).value();
  }
  kind.clear();
  return loaded;
}

}  // namespace

size_t pinned_library_count() {
  std::lock_guard<std::mutex> lock(pinned_mutex());
  return pinned_libraries().size();
}

Result<LoadedPlugin> load_plugin(const PluginManifest& manifest, const floe_host_api* host, std::string& kind) {
  auto lib = open_library(manifest.library, kind);
  if (!lib) return make_error(lib.error().code, fmt::format("{}/{}: {}", manifest.category, manifest.name,
                                                            lib.error().message));
  auto loaded = initialise(*lib.value(), manifest.library, manifest.entrypoint, host,
                           category_by_name(manifest.category), false, kind);
  if (!loaded) return loaded;
  const floe_plugin_descriptor* d = loaded->plugin.descriptor;
  if (manifest.name != d->name) {
    kind = "descriptor_mismatch";
    return make_error(FLOE_ERR_CONFLICT, fmt::format("{}: the manifest names the plugin '{}' but its descriptor says '{}'",
                                                     manifest.file, manifest.name, d->name));
  }
  loaded->manifest = manifest;
  return loaded;
}

Result<LoadedPlugin> load_library(const std::string& path, const std::string& entrypoint, const floe_host_api* host,
                                  std::string& kind) {
  auto lib = open_library(path, kind);
  if (!lib) return std::move(lib).error();
  auto loaded = initialise(*lib.value(), path, entrypoint.empty() ? FLOE_PLUGIN_INIT_SYMBOL : entrypoint, host,
                           nullptr, true, kind);
  if (loaded) {
    loaded->manifest.library = path;
    loaded->manifest.entrypoint = entrypoint.empty() ? FLOE_PLUGIN_INIT_SYMBOL : entrypoint;
    loaded->manifest.name = loaded->plugin.descriptor->name;
    loaded->manifest.category = loaded->category->name;
  }
  return loaded;
}

}  // namespace floe
