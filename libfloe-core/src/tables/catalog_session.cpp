#include "tables/catalog_session.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/json_path.hpp"
#include "core/secret_reference.hpp"
#include "diag/codes.hpp"
#include "plugin/plugin_endpoint.hpp"

namespace floe::tables {
namespace json = boost::json;

Catalog::Catalog(Registry& registry, const json::object& artifacts, const std::string& artifacts_path, Diagnostics& diags)
    : registry_(registry), diags_(diags), where_{artifacts_path, 0, 0} {
  const json::value* selection = find_path(artifacts, {"plugins", "catalog"});
  type_ = selection != nullptr ? string_at(*selection, {"type"}) : "";
  if (type_.empty()) {
    diags_.add(make_diagnostic(codes::W101, "iceberg", "the platform selects no catalog, so the product has no Iceberg tables",
                               where_, "plugins.catalog in the platform manifest",
                               "select an Iceberg catalog (rest, polaris, glue, hive) in the platform's plugins"));
    return;
  }
  json::object config;
  if (const json::value* c = find_path(*selection, {"config"}); c != nullptr && c->is_object()) config = c->as_object();
  secrets_ = selection_secret_references(*selection);
  auto opened = registry_.open("catalog", type_, json::serialize(config));
  if (!opened) {
    fail(fmt::format("the catalog plugin '{}' cannot be opened: {}", type_, opened.error().message));
    return;
  }
  instance_ = opened.value();
}

uint32_t Catalog::abi_version() const {
  return instance_ != nullptr && instance_->plugin != nullptr ? instance_->plugin->summary().abi_version : 0;
}

Catalog::~Catalog() {
  if (instance_ != nullptr) registry_.close(instance_);
}

std::optional<json::object> Catalog::call(const char* method, json::object request) {
  floe_status status = FLOE_OK;
  return call_allowing(method, std::move(request), FLOE_OK, status);
}

std::optional<json::object> Catalog::call_allowing(const char* method, json::object request, floe_status expected,
                                                   floe_status& status) {
  if (!secrets_.empty()) request["secrets"] = secrets_;
  auto reply = registry_.call_value(*instance_, method, request);
  status = reply ? FLOE_OK : reply.error().code;
  last_error_ = reply ? std::string() : reply.error().message;
  if (!reply) {
    if (expected != FLOE_OK && status == expected) return std::nullopt;
    fail(fmt::format("catalog '{}': {} failed: {}", type_, method, reply.error().message), reply.error().code);
    return std::nullopt;
  }
  json::value parsed = std::move(reply).value();
  if (!parsed.is_object()) {
    fail(fmt::format("catalog '{}': {} answered something that is not a JSON object", type_, method));
    return std::nullopt;
  }
  return std::move(parsed.as_object());
}

std::optional<std::vector<std::optional<json::object>>> Catalog::load_tables(const std::vector<std::string>& identifiers) {
  std::vector<std::optional<json::object>> out;
  if (identifiers.empty()) return out;
  json::array names;
  for (const auto& id : identifiers) names.push_back(json::string(id));
  floe_status status = FLOE_OK;
  auto batch = call_allowing("load_tables", {{"identifiers", std::move(names)}}, FLOE_ERR_NOT_IMPLEMENTED, status);
  if (batch) {
    const json::value* tables = batch->if_contains("tables");
    if (tables == nullptr || !tables->is_array() || tables->get_array().size() != identifiers.size()) {
      fail(fmt::format("catalog '{}': load_tables answered {} tables for {} asked", type_,
                       tables != nullptr && tables->is_array() ? tables->get_array().size() : 0, identifiers.size()));
      return std::nullopt;
    }
    for (std::size_t i = 0; i < identifiers.size(); ++i) {
      const json::value& t = tables->get_array()[i];
      const json::value* found = t.is_object() ? t.get_object().if_contains("found") : nullptr;
      const json::value* name = t.is_object() ? t.get_object().if_contains("identifier") : nullptr;
      if (found == nullptr || !found->is_bool() || name == nullptr || !name->is_string()) {
        fail(fmt::format("catalog '{}': load_tables answered a table without identifier and found", type_));
        return std::nullopt;
      }
      // In the request's order: an answer out of place would give one
      // table's columns and data directory to another.
      if (name->get_string() != identifiers[i]) {
        fail(fmt::format("catalog '{}': load_tables answered {} where {} was asked", type_,
                         std::string_view(name->get_string()), identifiers[i]));
        return std::nullopt;
      }
      if (!found->get_bool()) {
        out.emplace_back();
        continue;
      }
      if (!t.get_object().contains("metadata")) {
        fail(fmt::format("catalog '{}': load_tables answered {} without its metadata", type_, identifiers[i]));
        return std::nullopt;
      }
      out.emplace_back(t.get_object());
    }
    return out;
  }
  if (status != FLOE_ERR_NOT_IMPLEMENTED) return std::nullopt;  // the diagnostic is added
  // A plugin built before ABI 1.8: one round trip after another.
  for (const auto& id : identifiers) {
    auto loaded = call_allowing("load_table", {{"identifier", id}}, FLOE_ERR_NOT_FOUND, status);
    if (!loaded && status != FLOE_ERR_NOT_FOUND) return std::nullopt;
    out.push_back(std::move(loaded));
  }
  return out;
}

bool Catalog::implements(const char* method, json::object probe) {
  if (!secrets_.empty()) probe["secrets"] = secrets_;
  auto reply = registry_.call_value(*instance_, method, probe);
  return reply || reply.error().code != FLOE_ERR_NOT_IMPLEMENTED;
}

void Catalog::fail(std::string message, floe_status status) {
  bool unreachable = status == FLOE_ERR_UNAVAILABLE || status == FLOE_ERR_TIMEOUT;
  bool missing = status == FLOE_ERR_NOT_FOUND;
  Diagnostic d = make_diagnostic(
      unreachable ? codes::W103 : codes::W102, "iceberg", std::move(message), where_, {},
      unreachable ? "check that the catalog answers at plugins.catalog.config.uri from here"
      : missing   ? "check the namespace and table names (floe iceberg ls lists them)"
                  : "fix the catalog's configuration or credentials (floe plugins call catalog " + type_ +
                        " connect shows the catalog's own answer)");
  d.subject = "plugins.catalog";
  diags_.add(std::move(d));
}

}  // namespace floe::tables
