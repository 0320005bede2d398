#include "deploy/workload.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <algorithm>
#include <set>

#include "core/regex.hpp"
#include "kube/names.hpp"
#include "kube/values.hpp"

namespace floe {

namespace json = boost::json;

namespace {

// Thrown inside read_workloads only, caught there: the first problem found.
struct Bad {
  std::string key, expected;
};

// The value at `key`, or a null that lives as long as the program (so a
// reference to it never dangles, as a temporary would).
const json::value& member(const json::object& o, const char* key) {
  static const json::value null;
  const json::value* v = o.if_contains(key);
  return v != nullptr ? *v : null;
}

const json::object& object_at(const json::value& v, const std::string& key) {
  if (!v.is_object()) throw Bad{key, "an object"};
  return v.as_object();
}

std::string string_of(const json::value& v, const std::string& key, bool non_empty = true) {
  if (!v.is_string() || (non_empty && v.as_string().empty())) throw Bad{key, "a non-empty string"};
  return std::string(v.as_string());
}

long integer_of(const json::value& v, const std::string& key, long low, long high) {
  if (!v.is_int64() && !v.is_uint64()) throw Bad{key, fmt::format("an integer in {}..{}", low, high)};
  long n = v.is_int64() ? static_cast<long>(v.as_int64()) : static_cast<long>(v.as_uint64());
  if (n < low || n > high) throw Bad{key, fmt::format("an integer in {}..{}", low, high)};
  return n;
}

std::vector<std::string> strings_of(const json::value& v, const std::string& key) {
  if (!v.is_array()) throw Bad{key, "an array of strings"};
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v.as_array().size(); ++i)
    out.push_back(string_of(v.as_array()[i], fmt::format("{}[{}]", key, i), false));
  return out;
}

std::string absolute_path(const json::value& v, const std::string& key) {
  std::string p = string_of(v, key);
  if (p[0] != '/' || p.find("/../") != std::string::npos || p.size() > 1024) throw Bad{key, "an absolute path"};
  return p;
}

void only(const json::object& o, const std::string& where, std::initializer_list<const char*> keys) {
  for (const auto& [k, v] : o) {
    bool known = false;
    for (const char* key : keys) known = known || k == key;
    if (!known) throw Bad{where.empty() ? std::string(k) : where + "." + std::string(k), "no such key"};
  }
}

// Environment variable names: what a container's env accepts and a Secret's
// key too (so secret_env names can be both).
void check_env_name(const std::string& name, const std::string& key) {
  static const Regex valid("[A-Za-z_][A-Za-z0-9_]*");
  if (name.size() > 253 || !valid.full_match(name)) throw Bad{key, "an environment variable name"};
}

// A Kubernetes quantity as the host passes it through (e.g. 500m, 2, 1Gi).
void check_quantity(const std::string& q, const std::string& key) {
  if (!is_k8s_quantity(q)) throw Bad{key, "a Kubernetes quantity (500m, 2, 512Mi)"};
}

Workload read_one(const std::string& plugin, const json::value& v, const std::string& at) {
  const json::object& o = object_at(v, at);
  only(o, at, {"name", "component", "image", "command", "args", "replicas", "ports", "env", "secret_env", "config_files",
               "writable_paths", "persistent", "health", "resources", "run_as_user", "egress", "uses"});
  Workload w;
  w.plugin = plugin;
  auto need = [&](const char* key) -> const json::value& {
    const json::value* x = o.if_contains(key);
    if (x == nullptr) throw Bad{at + "." + key, "a value (the key is required)"};
    return *x;
  };
  w.name = string_of(need("name"), at + ".name");
  if (k8s_label_name(w.name) != w.name || w.name.size() > 52)
    throw Bad{at + ".name", "a Kubernetes name of at most 52 characters (lower-case letters, digits, '-')"};
  w.component = string_of(need("component"), at + ".component");
  w.image = string_of(need("image"), at + ".image");
  if (w.image.find_first_of(" \t\n\"'") != std::string::npos) throw Bad{at + ".image", "an image reference"};
  if (auto* x = o.if_contains("command")) w.command = strings_of(*x, at + ".command");
  if (auto* x = o.if_contains("args")) w.args = strings_of(*x, at + ".args");
  if (auto* x = o.if_contains("replicas")) w.replicas = static_cast<int>(integer_of(*x, at + ".replicas", 0, 100));
  if (auto* x = o.if_contains("ports")) {
    if (!x->is_array()) throw Bad{at + ".ports", "an array of {name, port, clients?}"};
    for (std::size_t i = 0; i < x->as_array().size(); ++i) {
      std::string key = fmt::format("{}.ports[{}]", at, i);
      const json::object& p = object_at(x->as_array()[i], key);
      only(p, key, {"name", "port", "clients"});
      WorkloadPort port{string_of(member(p, "name"), key + ".name"),
                        static_cast<int>(integer_of(member(p, "port"), key + ".port", 1, 65535)), {}};
      if (k8s_label_name(port.name) != port.name || port.name.size() > 15) throw Bad{key + ".name", "a port name (at most 15 of a-z, 0-9, '-')"};
      if (auto* c = p.if_contains("clients")) port.clients = strings_of(*c, key + ".clients");
      for (std::size_t j = 0; j < port.clients.size(); ++j)
        if (port.clients[j].empty()) throw Bad{fmt::format("{}.clients[{}]", key, j), "a component of this plugin's workloads"};
      w.ports.push_back(port);
    }
  }
  if (auto* x = o.if_contains("env"))
    for (const auto& [k, val] : object_at(*x, at + ".env")) {
      check_env_name(std::string(k), at + ".env." + std::string(k));
      w.env[std::string(k)] = string_of(val, at + ".env." + std::string(k), false);
    }
  if (auto* x = o.if_contains("secret_env"))
    for (const auto& [k, val] : object_at(*x, at + ".secret_env")) {
      check_env_name(std::string(k), at + ".secret_env." + std::string(k));
      if (!val.is_object() || val.as_object().empty()) throw Bad{at + ".secret_env." + std::string(k), "a secret reference"};
      w.secret_env[std::string(k)] = val;
    }
  if (auto* x = o.if_contains("config_files")) {
    const json::object& c = object_at(*x, at + ".config_files");
    only(c, at + ".config_files", {"mount", "files"});
    w.config_mount = absolute_path(member(c, "mount"), at + ".config_files.mount");
    for (const auto& [name, content] : object_at(member(c, "files"), at + ".config_files.files")) {
      static const Regex file_name("[-._a-zA-Z0-9]+");
      std::string n(name);
      if (!file_name.full_match(n) || n == "." || n == "..") throw Bad{at + ".config_files.files." + n, "a file name"};
      w.config_files[n] = string_of(content, at + ".config_files.files." + n, false);
    }
  }
  if (auto* x = o.if_contains("writable_paths")) {
    if (!x->is_array()) throw Bad{at + ".writable_paths", "an array of absolute paths"};
    for (std::size_t i = 0; i < x->as_array().size(); ++i)
      w.writable_paths.push_back(absolute_path(x->as_array()[i], fmt::format("{}.writable_paths[{}]", at, i)));
  }
  if (auto* x = o.if_contains("persistent")) {
    const json::object& p = object_at(*x, at + ".persistent");
    only(p, at + ".persistent", {"path", "size"});
    std::string size = string_of(member(p, "size"), at + ".persistent.size");
    check_quantity(size, at + ".persistent.size");
    w.persistent = {absolute_path(member(p, "path"), at + ".persistent.path"), size};
  }
  if (auto* x = o.if_contains("health")) {
    const json::object& h = object_at(*x, at + ".health");
    only(h, at + ".health", {"path", "port"});
    std::string path = string_of(member(h, "path"), at + ".health.path");
    if (path[0] != '/') throw Bad{at + ".health.path", "an HTTP path starting with '/'"};
    w.health = {path, static_cast<int>(integer_of(member(h, "port"), at + ".health.port", 1, 65535))};
  }
  if (auto* x = o.if_contains("resources")) {
    const json::object& r = object_at(*x, at + ".resources");
    only(r, at + ".resources", {"cpu_request", "cpu_limit", "memory_request", "memory_limit"});
    WorkloadResources res;
    std::pair<const char*, std::string*> fields[] = {{"cpu_request", &res.cpu_request}, {"cpu_limit", &res.cpu_limit},
                                                      {"memory_request", &res.memory_request}, {"memory_limit", &res.memory_limit}};
    for (auto& [key, field] : fields) {
      *field = string_of(member(r, key), at + ".resources." + key);
      check_quantity(*field, at + ".resources." + key);
    }
    w.resources = res;
  }
  if (auto* x = o.if_contains("run_as_user")) w.run_as_user = integer_of(*x, at + ".run_as_user", 1, 2147483647);
  if (auto* x = o.if_contains("egress")) {
    if (!x->is_array()) throw Bad{at + ".egress", "an array of {host, port}"};
    for (std::size_t i = 0; i < x->as_array().size(); ++i) {
      std::string key = fmt::format("{}.egress[{}]", at, i);
      const json::object& e = object_at(x->as_array()[i], key);
      only(e, key, {"host", "port"});
      w.egress.emplace_back(string_of(member(e, "host"), key + ".host"),
                            static_cast<int>(integer_of(member(e, "port"), key + ".port", 1, 65535)));
    }
  }
  if (auto* x = o.if_contains("uses")) {
    w.uses = strings_of(*x, at + ".uses");
    for (std::size_t i = 0; i < w.uses.size(); ++i)
      if (std::find(std::begin(kWorkloadUses), std::end(kWorkloadUses), w.uses[i]) == std::end(kWorkloadUses))
        throw Bad{fmt::format("{}.uses[{}]", at, i), "one of catalog, storage, telemetry, lineage"};
  }
  return w;
}

}  // namespace

Result<Contribution> read_workloads(const std::string& plugin, const json::value& answer) {
  try {
    const json::object& o = object_at(answer, "the answer");
    only(o, "", {"workloads", "notes"});
    Contribution c;
    if (const json::value* w = o.if_contains("workloads")) {
      if (!w->is_array()) throw Bad{"workloads", "an array"};
      for (std::size_t i = 0; i < w->as_array().size(); ++i)
        c.workloads.push_back(read_one(plugin, w->as_array()[i], fmt::format("workloads[{}]", i)));
      // A port's clients are the plugin's own workloads, named by component.
      std::set<std::string> components;
      for (const auto& x : c.workloads) components.insert(x.component);
      for (std::size_t i = 0; i < c.workloads.size(); ++i)
        for (std::size_t p = 0; p < c.workloads[i].ports.size(); ++p)
          for (std::size_t j = 0; j < c.workloads[i].ports[p].clients.size(); ++j)
            if (components.count(c.workloads[i].ports[p].clients[j]) == 0)
              throw Bad{fmt::format("workloads[{}].ports[{}].clients[{}]", i, p, j),
                        "the component of one of this answer's workloads"};
    } else {
      throw Bad{"workloads", "an array (the key is required)"};
    }
    if (const json::value* n = o.if_contains("notes")) c.notes = strings_of(*n, "notes");
    return c;
  } catch (const Bad& bad) {
    return make_error(FLOE_ERR_PLUGIN_FAILED,
                      fmt::format("{} answered get_k8s_workloads with an unusable '{}': expected {}", plugin, bad.key,
                                  bad.expected));
  }
}

}  // namespace floe
