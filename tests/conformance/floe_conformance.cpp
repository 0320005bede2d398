// floe-conformance: the plugin contract, checked against any plugin (ours or a
// third party's) through the public C API.
//
//   floe-conformance CATEGORY NAME [--config JSON|@FILE] [--plugin-path DIR]...
//   floe-conformance CATEGORY NAME --library PATH.so [--entrypoint SYMBOL] [--config ...]
//
// Two layers are checked. Through the registry (floe/registry.h), as every
// floe program uses a plugin: discovery, info, config validation, instances,
// calls, health. And directly through the plugin ABI (floe/plugin.h), as a
// host of another version would: init's handshake and the bytes it writes,
// the descriptor, the method table, and the plugin's own answers to bad
// requests (the registry passes requests through, but another host may not
// protect a plugin, so the plugin must protect itself).
//
// Every call that could crash runs in a child process (unless --no-fork), so
// a crash or a hang is reported as a failed check and the run goes on. Prints
// one line per check (PASS / FAIL / WARN / SKIP, then what and why) and exits
// 0 only if no check failed; 1 if one did; 2 on a usage error.
#include <boost/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "abi_checks.hpp"
#include "call_checks.hpp"
#include "categories.hpp"
#include "kit_host.hpp"
#include "report.hpp"

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace floe::conformance;

namespace {

struct Options {
  std::string category, name, config = "{}", library, entrypoint;
  std::vector<std::string> plugin_paths;
  Isolation iso;
};

int usage(const char* why) {
  if (why != nullptr) std::cerr << "floe-conformance: " << why << "\n";
  std::cerr << "usage: floe-conformance CATEGORY NAME [--config JSON|@FILE] [--plugin-path DIR]...\n"
               "       floe-conformance CATEGORY NAME --library PATH.so [--entrypoint SYMBOL] [--config JSON|@FILE]\n"
               "options: --timeout SECONDS (per call, default 30), --no-fork, --verbose\n"
               "Runs the floe plugin contract checks; exits 0 if every check passes, 1 otherwise.\n";
  return 2;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

// Temporary search root holding one manifest and a link to the library, so a
// bare library can be run through the registry like an installed plugin.
struct TempRoot {
  fs::path path;
  ~TempRoot() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

int run(const Options& opt) {
  Report report;
  auto summary = [&] {
    std::cout << "floe-conformance: " << report.passed() << " passed, " << report.failed() << " failed, "
              << report.warned() << " warning(s)" << std::endl;
    return report.failed() == 0 ? 0 : 1;
  };

  const Category* category = category_by_name(opt.category);
  if (category == nullptr) {
    return usage(("unknown category '" + opt.category + "'; expected one of: " + category_names()).c_str());
  }
  std::cout << "floe-conformance " << floe_version_string() << " (host ABI " << version_text(floe_abi_version())
            << "): " << opt.category << "/" << opt.name << std::endl;

  TempRoot temp;
  std::string roots = join(opt.plugin_paths, ":");
  if (!opt.library.empty()) {
    floe_buffer out = FLOE_BUFFER_INIT;
    floe_error err = FLOE_ERROR_INIT;
    CallResult described = collect(
        floe_plugin_describe_library(opt.library.c_str(), opt.entrypoint.empty() ? nullptr : opt.entrypoint.c_str(),
                                     &out, &err),
        err, out);
    if (described.status != FLOE_OK) {
      report.fail("library.describe", status_name(described.status) + ": " + described.message);
      return summary();
    }
    auto manifest = parse(described.response);
    if (!manifest || !manifest->is_object()) {
      report.fail("library.describe", "floe_plugin_describe_library returned no JSON object");
      return summary();
    }
    report.pass("library.describe", opt.library);
    const json::object& doc = manifest->as_object();
    auto field = [&](const char* key) {
      const json::value* v = doc.if_contains(key);
      return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    if (field("category") != opt.category) {
      report.fail("library.category", "the library is a '" + field("category") + "' plugin, not '" + opt.category + "'");
      return summary();
    }
    if (field("name") != opt.name) {
      report.fail("library.name", "the library's plugin is named '" + field("name") + "', not '" + opt.name + "'");
      return summary();
    }
    char tmpl[] = "/tmp/floe-conformance-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) {
      report.fail("library.root", std::string("cannot create a temporary root: ") + std::strerror(errno));
      return summary();
    }
    temp.path = tmpl;
    fs::path dir = temp.path / category->group;
    fs::create_directories(dir);
    fs::path lib = fs::absolute(opt.library);
    fs::create_symlink(lib, dir / lib.filename());
    manifest->as_object()["library"] = lib.filename().string();
    std::ofstream(dir / (opt.name + ".plugin.json")) << json::serialize(*manifest) << "\n";
    roots = temp.path.string();
  }

  floe_registry_options options = FLOE_REGISTRY_OPTIONS_INIT;
  if (!roots.empty()) {
    options.extra_roots = roots.c_str();
    options.search_flags = FLOE_SEARCH_ENV;  // the given roots (and FLOE_PLUGIN_PATH) only
  }
  if (verbose())
    options.log = [](void*, int32_t level, const char* source, const char* message) {
      std::cerr << "[" << source << " " << level << "] " << message << "\n";
    };
  floe_registry* registry = nullptr;
  {
    floe_error err = FLOE_ERROR_INIT;
    floe_status s = floe_registry_new(&registry, &options, &err);
    std::string msg = err.message != nullptr ? err.message : "";
    floe_error_release(&err);
    if (s != FLOE_OK) {
      report.fail("registry.new", status_name(s) + ": " + msg);
      return summary();
    }
  }
  struct RegistryGuard {
    floe_registry* r;
    ~RegistryGuard() { floe_registry_free(r); }
  } guard{registry};

  // Discovery: find the plugin's manifest without loading it.
  json::object entry;
  {
    floe_buffer out = FLOE_BUFFER_INIT;
    floe_error err = FLOE_ERROR_INIT;
    CallResult listed = collect(floe_registry_list(registry, &out, &err), err, out);
    auto doc = parse(listed.response);
    if (listed.status == FLOE_OK && doc && doc->is_object())
      for (const auto& p : doc->at("plugins").as_array())
        if (p.at("category") == opt.category.c_str() && p.at("name") == opt.name.c_str()) entry = p.as_object();
  }
  if (entry.empty()) {
    floe_handle* h = nullptr;
    floe_error err = FLOE_ERROR_INIT;
    floe_status s = floe_registry_open(registry, opt.category.c_str(), opt.name.c_str(), nullptr, &h, &err);
    report.fail("registry.discover", status_name(s) + ": " + (err.message ? err.message : "(no message)"));
    floe_error_release(&err);
    floe_handle_free(h);
    return summary();
  }
  std::string library = std::string(entry.at("library").as_string());
  std::string manifest_path = std::string(entry.at("manifest").as_string());
  report.pass("registry.discover", manifest_path);
  std::string entrypoint = FLOE_PLUGIN_INIT_SYMBOL;
  {
    std::ifstream in(manifest_path);
    std::stringstream text;
    text << in.rdbuf();
    if (auto m = parse(text.str()); m && m->is_object())
      if (auto e = m->get_object().if_contains("entrypoint"); e && e->is_string()) entrypoint = e->get_string();
  }

  // Layer 1: the ABI, directly. Loading runs plugin code, so the checks run in
  // a child first; the parent then loads quietly to make direct calls later.
  RawPlugin raw;
  if (opt.iso.fork) {
    bool survived = isolated(report, opt.iso, "abi.load", [&](Report& r) {
      r.running("abi.load");
      raw_load(r, *category, opt.name, library, entrypoint);
    });
    if (!survived) return summary();
    Report silent;
    silent.silence();
    raw = raw_load(silent, *category, opt.name, library, entrypoint);
  } else {
    raw = raw_load(report, *category, opt.name, library, entrypoint);
  }

  // Layer 2: through the registry (loading again in a child first).
  auto info_call = [&] {
    floe_buffer out = FLOE_BUFFER_INIT;
    floe_error err = FLOE_ERROR_INIT;
    return collect(floe_registry_info(registry, opt.category.c_str(), opt.name.c_str(), &out, &err), err, out);
  };
  if (opt.iso.fork && !isolated(report, opt.iso, "registry.info", [&](Report& r) {
        r.running("registry.info");
        info_call();
      }))
    return summary();
  json::object info;
  {
    CallResult res = info_call();
    auto doc = parse(res.response);
    if (res.status != FLOE_OK) {
      report.fail("registry.info", status_name(res.status) + ": " + res.message);
      return summary();
    }
    if (!doc || !doc->is_object()) {
      report.fail("registry.info", "floe_registry_info returned no JSON object");
      return summary();
    }
    info = doc->as_object();
    report.pass("registry.info", "loaded by the registry");
  }
  report.check(info.at("category") == opt.category.c_str(), "registry.info.category", opt.category,
               "info says category " + json::serialize(info.at("category")));
  if (raw.plugin.descriptor != nullptr && raw.plugin.descriptor->version != nullptr)
    report.check(info.at("version") == raw.plugin.descriptor->version, "registry.info.version",
                 json::serialize(info.at("version")) + " as in the descriptor",
                 "info says " + json::serialize(info.at("version")) + " but the descriptor says '" +
                     raw.plugin.descriptor->version + "'");
  if (auto v = entry.if_contains("version"); v && raw.plugin.descriptor && raw.plugin.descriptor->version)
    report.check(*v == raw.plugin.descriptor->version, "manifest.version", "the manifest agrees with the descriptor",
                 "the manifest says " + json::serialize(*v) + " but the descriptor says '" +
                     raw.plugin.descriptor->version + "' (regenerate it with `floe plugins manifest`)");

  struct Method {
    std::string name;
    bool required;
    bool implemented;
  };
  std::vector<Method> methods;
  for (const auto& m : info.at("methods").as_array())
    methods.push_back({std::string(m.at("name").as_string()), m.at("required").as_bool(), m.at("implemented").as_bool()});
  report.check(methods.size() == category->method_count, "registry.info.methods",
               std::to_string(methods.size()) + " " + category->name + " methods",
               "the library lists " + std::to_string(methods.size()) + " methods; this kit's headers have " +
                   std::to_string(category->method_count));
  for (size_t i = 0; i < methods.size(); ++i) {
    const Method& m = methods[i];
    std::string check = "method." + m.name;
    bool slot_set = raw.plugin.methods != nullptr && i < category->method_count && slot(raw.plugin.methods, i) != nullptr;
    if (m.required && !m.implemented)
      report.fail(check, "a required method is not implemented");
    else if (raw.plugin.methods != nullptr && !slot_set)
      report.fail(check, "the table slot is NULL; every slot must be set (answer FLOE_ERR_NOT_IMPLEMENTED from an "
                         "optional method the plugin does not offer)");
    else
      report.pass(check, std::string(m.required ? "required" : "optional") + ", slot set");
  }

  // An instance with the given configuration (instance_new runs plugin code).
  auto open_call = [&](floe_handle** h) {
    floe_error err = FLOE_ERROR_INIT;
    floe_buffer none = FLOE_BUFFER_INIT;
    return collect(floe_registry_open(registry, opt.category.c_str(), opt.name.c_str(), opt.config.c_str(), h, &err),
                   err, none);
  };
  if (opt.iso.fork && !isolated(report, opt.iso, "registry.open", [&](Report& r) {
        r.running("registry.open");
        floe_handle* h = nullptr;
        open_call(&h);
        floe_handle_free(h);
      }))
    return summary();
  floe_handle* handle = nullptr;
  {
    CallResult res = open_call(&handle);
    if (res.status != FLOE_OK) {
      report.fail("registry.open", "with config " + shown(opt.config) + ": " + status_name(res.status) + ": " +
                                       res.message);
      return summary();
    }
    report.pass("registry.open", "an instance with config " + shown(opt.config));
  }
  std::string completed_config = "{}";
  {
    floe_buffer out = FLOE_BUFFER_INIT;
    floe_error err = FLOE_ERROR_INIT;
    CallResult c = collect(floe_handle_config(handle, &out, &err), err, out);
    if (c.status == FLOE_OK) completed_config = c.response;
  }

  // Health, through the registry and directly.
  isolated(report, opt.iso, "health.registry", [&](Report& r) {
    r.running("health.registry");
    floe_buffer out = FLOE_BUFFER_INIT;
    floe_error err = FLOE_ERROR_INIT;
    check_health_response(r, "health.registry", collect(floe_handle_health_check(handle, &out, &err), err, out));
  });

  // Bad requests through the registry.
  for (const auto& m : methods) {
    if (!m.implemented) {
      isolated(report, opt.iso, "registry." + m.name, [&](Report& r) {
        r.running("registry." + m.name);
        floe_buffer out = FLOE_BUFFER_INIT;
        floe_error err = FLOE_ERROR_INIT;
        CallResult res = collect(floe_handle_call(handle, m.name.c_str(), "{}", &out, &err), err, out);
        r.check(res.status == FLOE_ERR_NOT_IMPLEMENTED && !res.message.empty() && res.out_empty,
                "registry." + m.name, "not implemented: answers FLOE_ERR_NOT_IMPLEMENTED (" + shown(res.message) + ")",
                "a method that is not implemented answered " + status_name(res.status));
      });
      continue;
    }
    bad_request_checks(report, opt.iso, "registry", m.name, m.required, [&](const std::string& request) {
      floe_buffer out = FLOE_BUFFER_INIT;
      floe_error err = FLOE_ERROR_INIT;
      return collect(floe_handle_call(handle, m.name.c_str(), request.c_str(), &out, &err), err, out);
    });
  }
  floe_handle_free(handle);

  // Bad requests straight into the plugin: the plugin's own defences.
  if (!raw.ok) {
    report.skip("plugin.*", "the direct ABI checks failed above; no direct calls");
  } else {
    floe_instance* instance = nullptr;
    floe_error err = FLOE_ERROR_INIT;
    floe_status s = raw.plugin.instance_new(&raw.plugin, completed_config.data(), completed_config.size(), &instance, &err);
    std::string msg = err.message != nullptr ? err.message : "";
    if (err.release != nullptr) err.release(&err);
    if (s != FLOE_OK || instance == nullptr) {
      report.fail("plugin.instance_new", "with the registry's completed config " + shown(completed_config) + ": " +
                                             status_name(s) + " " + msg);
    } else {
      report.pass("plugin.instance_new", "with the registry's completed config");
      isolated(report, opt.iso, "plugin.health_check", [&](Report& r) {
        r.running("plugin.health_check");
        floe_buffer out = FLOE_BUFFER_INIT;
        floe_error e = FLOE_ERROR_INIT;
        check_health_response(r, "plugin.health_check", collect(raw.plugin.health_check(instance, "{}", 2, &out, &e), e, out));
      });
      bad_request_checks(report, opt.iso, "plugin", "health_check", true, [&](const std::string& request) {
        floe_buffer out = FLOE_BUFFER_INIT;
        floe_error e = FLOE_ERROR_INIT;
        return collect(raw.plugin.health_check(instance, request.data(), request.size(), &out, &e), e, out);
      });
      for (size_t i = 0; i < methods.size() && i < category->method_count; ++i) {
        floe_method fn = slot(raw.plugin.methods, i);
        if (fn == nullptr) continue;  // reported above
        bad_request_checks(report, opt.iso, "plugin", methods[i].name, methods[i].required,
                           [&](const std::string& request) {
                             floe_buffer out = FLOE_BUFFER_INIT;
                             floe_error e = FLOE_ERROR_INIT;
                             return collect(fn(instance, request.data(), request.size(), &out, &e), e, out);
                           });
      }
      raw.plugin.instance_free(&raw.plugin, instance);
    }
  }

  return summary();
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* flag) -> std::optional<std::string> {
      if (i + 1 >= argc) {
        usage((std::string(flag) + " needs a value").c_str());
        return std::nullopt;
      }
      return std::string(argv[++i]);
    };
    if (a == "-h" || a == "--help") {
      usage(nullptr);
      return 0;
    } else if (a == "--config") {
      auto v = value("--config");
      if (!v) return 2;
      if (!v->empty() && (*v)[0] == '@') {
        std::ifstream in(v->substr(1));
        if (!in) return usage(("cannot read " + v->substr(1)).c_str());
        std::stringstream text;
        text << in.rdbuf();
        opt.config = text.str();
      } else {
        opt.config = *v;
      }
    } else if (a == "--plugin-path") {
      auto v = value("--plugin-path");
      if (!v) return 2;
      opt.plugin_paths.push_back(fs::absolute(*v).string());
    } else if (a == "--library") {
      auto v = value("--library");
      if (!v) return 2;
      opt.library = *v;
    } else if (a == "--entrypoint") {
      auto v = value("--entrypoint");
      if (!v) return 2;
      opt.entrypoint = *v;
    } else if (a == "--timeout") {
      auto v = value("--timeout");
      if (!v) return 2;
      opt.iso.timeout_s = std::atoi(v->c_str());
      if (opt.iso.timeout_s <= 0) return usage("--timeout needs a positive number of seconds");
    } else if (a == "--no-fork") {
      opt.iso.fork = false;
    } else if (a == "--verbose") {
      set_verbose(true);
    } else if (!a.empty() && a[0] == '-') {
      return usage(("unknown option " + a).c_str());
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() != 2) return usage("expected CATEGORY and NAME");
  if (!opt.library.empty() && !opt.plugin_paths.empty()) return usage("--library and --plugin-path exclude each other");
  opt.category = positional[0];
  opt.name = positional[1];
  try {
    return run(opt);
  } catch (const std::exception& e) {
    std::cout << "FAIL floe-conformance: " << e.what() << std::endl;
    return 1;
  }
}
