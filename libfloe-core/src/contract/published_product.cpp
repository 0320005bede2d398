#include "contract/published_product.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <algorithm>
#include <filesystem>

#include "base/input_file.hpp"
#include "base/json_text.hpp"
#include "core/json_path.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace {

namespace json = boost::json;

std::vector<std::string> strings(const json::value* v) {
  std::vector<std::string> out;
  if (v != nullptr && v->is_array())
    for (const auto& x : v->as_array())
      if (x.is_string()) out.emplace_back(x.as_string());
  return out;
}

json::value published_input_json(const PublishedInput& i) {
  json::object o{{"name", i.name}, {"product", i.product}, {"port", i.port}, {"version", i.version}};
  if (i.columns) {
    json::array columns;
    for (const auto& c : *i.columns) {
      json::object column{{"name", c.name}};
      if (!c.data_type.empty()) column["data_type"] = c.data_type;
      columns.push_back(std::move(column));
    }
    o["columns"] = std::move(columns);
  }
  return o;
}

// `columns` is optional: product.json written before floe recorded them has none.
PublishedInput published_input_of(const json::value& i) {
  PublishedInput out{string_at(i, {"name"}), string_at(i, {"product"}), string_at(i, {"port"}), string_at(i, {"version"})};
  if (const json::value* columns = find_path(i, {"columns"}); columns && columns->is_array()) {
    out.columns.emplace();
    for (const auto& c : columns->as_array())
      if (std::string name = string_at(c, {"name"}); !name.empty()) out.columns->push_back({name, string_at(c, {"data_type"})});
  }
  return out;
}

}  // namespace

const PublishedPort* PublishedProduct::find_port(const std::string& port) const {
  auto it = std::find_if(ports.begin(), ports.end(), [&](const auto& p) { return p.name == port; });
  return it == ports.end() ? nullptr : &*it;
}

bool PublishedProduct::allows(const std::string& consumer_domain) const {
  // Its own domain, or - both without one - products of one 2-tier platform.
  if (consumer_domain == domain) return true;
  return std::any_of(allowed_consumers.begin(), allowed_consumers.end(),
                     [&](const std::string& d) { return d == "*" || d == consumer_domain; });
}

json::value published_product_json(const PublishedProduct& p) {
  json::array ports, inputs, allowed;
  for (const auto& port : p.ports)
    ports.push_back(json::object{{"name", port.name}, {"table", port.table}, {"contract", port.contract_file},
                                 {"id", port.contract.id}, {"version", port.contract.version}});
  for (const auto& i : p.inputs) inputs.push_back(published_input_json(i));
  for (const auto& d : p.allowed_consumers) allowed.emplace_back(d);
  json::object out{{"kind", "PublishedProduct"}, {"name", p.name},        {"version", p.version},
                   {"domain", p.domain},         {"owner", p.owner},      {"allowed_consumers", std::move(allowed)},
                   {"ports", std::move(ports)},  {"input_ports", std::move(inputs)}};
  if (p.lake)
    out["lake"] = json::object{{"catalog", p.lake->catalog}, {"warehouse", p.lake->warehouse}, {"namespace", p.lake->namespace_name}};
  return out;
}

bool read_published_product(const std::string& dir, PublishedProduct& out, const SourceLocation& from, Diagnostics& diags) {
  std::string file = (std::filesystem::path(dir) / "product.json").string();
  auto fail = [&](std::string message) {
    Diagnostic d = make_diagnostic(codes::K120, "contract", std::move(message), from, "a floe product artifact (product.json)",
                                   "publish the product with floe product publish VERSION");
    diags.add(std::move(d));
    return false;
  };
  auto doc = read_json_file(file, input_limits::kConfigFile);
  if (!doc) return fail(fmt::format("{} is not a published product: {}", dir, doc.error().message));
  const json::value& v = *doc;
  if (string_at(v, {"kind"}) != "PublishedProduct") return fail(fmt::format("{} is not a floe PublishedProduct", file));
  out.name = string_at(v, {"name"});
  out.version = string_at(v, {"version"});
  out.domain = string_at(v, {"domain"});
  out.owner = string_at(v, {"owner"});
  out.allowed_consumers = strings(find_path(v, {"allowed_consumers"}));
  // Absent in product.json written before floe recorded it.
  if (const json::value* lake = find_path(v, {"lake"}); lake && lake->is_object())
    out.lake = PublishedLake{string_at(*lake, {"catalog"}), string_at(*lake, {"warehouse"}), string_at(*lake, {"namespace"})};
  bool ok = true;
  if (const json::value* ports = find_path(v, {"ports"}); ports && ports->is_array())
    for (const auto& p : ports->as_array()) {
      PublishedPort port;
      port.name = string_at(p, {"name"});
      port.table = string_at(p, {"table"});
      port.contract_file = string_at(p, {"contract"});
      // A title is a clean relative path (the pull checked it); contracts are read like any contract.
      ok = load_contract((std::filesystem::path(dir) / port.contract_file).string(), port.contract, diags) && ok;
      out.ports.push_back(std::move(port));
    }
  if (const json::value* inputs = find_path(v, {"input_ports"}); inputs && inputs->is_array())
    for (const auto& i : inputs->as_array()) out.inputs.push_back(published_input_of(i));
  return ok;
}

}  // namespace floe
