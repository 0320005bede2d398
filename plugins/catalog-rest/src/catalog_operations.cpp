#include "catalog_operations.hpp"

#include <ctime>
#include <exception>
#include <optional>
#include <vector>

#include "file_expiry.hpp"
#include "floe/plugin.hpp"
#include "iceberg/expiry.hpp"
#include "table_file_io.hpp"
#include "vended_file_io.hpp"

namespace floe::catalog_rest {
namespace {

namespace json = boost::json;
using floe::sdk::error;

json::object to_json(const iceberg::Properties& properties) {
  json::object out;
  for (const auto& [key, value] : properties) out[key] = value;
  return out;
}

iceberg::Properties string_map(const json::object& request, std::string_view key) {
  iceberg::Properties out;
  auto it = request.find(key);
  if (it == request.end() || it->value().is_null()) return out;
  if (!it->value().is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + std::string(key) + "': expected an object");
  for (const auto& [name, value] : it->value().get_object()) {
    if (!value.is_string())
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + std::string(key) + "." + std::string(name) + "': expected a string");
    out[std::string(name)] = std::string(value.get_string());
  }
  return out;
}

// Catalog properties that may carry a credential are not repeated: connect's
// answer ends up in reports and logs.
bool looks_secret(const std::string& key) {
  for (std::string_view word : {"token", "secret", "credential", "password", "key"})
    if (key.find(word) != std::string::npos) return true;
  return false;
}

std::string joined(const iceberg::Namespace& ns) { return iceberg::namespace_str(ns); }

// "1767225600000" -> "2026-01-01T00:00:00Z"; nullopt for anything else.
std::optional<std::string> rfc3339_from_epoch_ms(const std::string& text) {
  if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  std::time_t seconds = static_cast<std::time_t>(std::stoll(text) / 1000);
  std::tm utc{};
  if (gmtime_r(&seconds, &utc) == nullptr) return std::nullopt;
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(buffer);
}

}  // namespace

iceberg::Namespace parse_namespace(const std::string& text, std::string_view key) {
  iceberg::Namespace ns;
  size_t start = 0;
  while (true) {
    size_t dot = text.find('.', start);
    std::string part = text.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty())
      throw error(FLOE_ERR_INVALID_ARGUMENT,
                  "key '" + std::string(key) + "': '" + text + "' has an empty name part (expected e.g. sales or sales.eu)");
    ns.push_back(std::move(part));
    if (dot == std::string::npos) return ns;
    start = dot + 1;
  }
}

iceberg::TableIdentifier parse_table_identifier(const std::string& text, std::string_view key) {
  auto parts = parse_namespace(text, key);
  if (parts.size() < 2)
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                "key '" + std::string(key) + "': '" + text + "' names no namespace (expected <namespace>.<table>)");
  std::string name = std::move(parts.back());
  parts.pop_back();
  return {std::move(parts), std::move(name)};
}

json::object connect_response(const catalog_settings& settings, iceberg::RestCatalog& catalog) {
  const auto& config = catalog.connect();
  json::object properties;
  for (const auto& [key, value] : config.merged)
    if (!looks_secret(key)) properties[key] = value;
  json::array endpoints;
  for (const auto& endpoint : config.endpoints) endpoints.emplace_back(endpoint);
  json::object out{{"catalog_name", settings.name}, {"uri", catalog.base_uri()}, {"properties", std::move(properties)},
                   {"endpoints", std::move(endpoints)}};
  if (!settings.warehouse.empty()) out["warehouse"] = settings.warehouse;
  if (!config.prefix.empty()) out["prefix"] = config.prefix;
  return out;
}

json::object create_namespace(iceberg::RestCatalog& catalog, const json::object& request) {
  auto ns = parse_namespace(floe::sdk::required_string(request, "namespace"), "namespace");
  auto info = catalog.create_namespace(ns, string_map(request, "properties"));
  return {{"namespace", joined(info.ns)}, {"properties", to_json(info.properties)}};
}

json::object list_namespaces(iceberg::RestCatalog& catalog, const json::object& request) {
  iceberg::Namespace parent;
  if (auto text = floe::sdk::optional_string(request, "parent")) parent = parse_namespace(*text, "parent");
  json::array names;
  for (const auto& ns : catalog.list_namespaces(parent)) names.emplace_back(joined(ns));
  return {{"namespaces", std::move(names)}};
}

json::object delete_namespace(iceberg::RestCatalog& catalog, const json::object& request) {
  catalog.drop_namespace(parse_namespace(floe::sdk::required_string(request, "namespace"), "namespace"));
  return {};
}

json::object create_table(iceberg::RestCatalog& catalog, const json::object& request) {
  auto id = parse_table_identifier(floe::sdk::required_string(request, "identifier"), "identifier");
  auto schema = request.find("schema");
  if (schema == request.end()) throw error(FLOE_ERR_INVALID_ARGUMENT, "missing required key 'schema'");
  iceberg::CreateTableRequest create;
  create.name = id.name;
  create.schema = iceberg::parse_schema(schema->value(), "request.schema");
  if (auto spec = request.find("partition_spec"); spec != request.end() && !spec->value().is_null())
    create.partition_spec = iceberg::parse_partition_spec(spec->value(), "request.partition_spec");
  create.properties = string_map(request, "properties");
  if (auto location = floe::sdk::optional_string(request, "location")) create.location = *location;
  auto created = catalog.create_table(id.ns, create);
  return {{"identifier", created.identifier.str()}, {"metadata_location", created.metadata_location.value_or("")}};
}

json::object list_tables(iceberg::RestCatalog& catalog, const json::object& request) {
  auto ns = parse_namespace(floe::sdk::required_string(request, "namespace"), "namespace");
  json::array tables;
  for (const auto& id : catalog.list_tables(ns)) tables.emplace_back(id.str());
  return {{"tables", std::move(tables)}};
}

json::object load_table(iceberg::RestCatalog& catalog, const json::object& request) {
  auto loaded = catalog.load_table(parse_table_identifier(floe::sdk::required_string(request, "identifier"), "identifier"));
  return {{"identifier", loaded.identifier.str()},
          {"metadata_location", loaded.metadata_location.value_or("")},
          {"metadata", loaded.metadata_json}};
}

json::object load_tables(iceberg::RestCatalog& catalog, const json::object& request) {
  // More than a product has tables; a bound on what one call holds in memory.
  constexpr std::size_t kMaxTables = 1000;
  auto it = request.find("identifiers");
  if (it == request.end() || !it->value().is_array())
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'identifiers': expected a list of table identifiers");
  const json::array& items = it->value().get_array();
  if (items.size() > kMaxTables)
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'identifiers': " + std::to_string(items.size()) +
                                               " tables; at most 1000 in one call");
  std::vector<iceberg::TableIdentifier> ids;
  for (const auto& item : items) {
    if (!item.is_string()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'identifiers': each item must be a string");
    ids.push_back(parse_table_identifier(std::string(item.get_string()), "identifiers[]"));
  }
  std::vector<json::object> answers(ids.size());
  std::vector<std::exception_ptr> errors(ids.size());
  on_threads(ids.size(), [&](std::size_t i) {
    try {
      auto loaded = catalog.load_table(ids[i]);
      answers[i] = {{"identifier", loaded.identifier.str()},
                    {"found", true},
                    {"metadata_location", loaded.metadata_location.value_or("")},
                    {"metadata", std::move(loaded.metadata_json)}};
    } catch (const iceberg::Error& e) {
      if (e.kind() == iceberg::ErrorKind::not_found) answers[i] = {{"identifier", ids[i].str()}, {"found", false}};
      else errors[i] = std::current_exception();
    } catch (...) {
      errors[i] = std::current_exception();
    }
  });
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);  // the first in the request's order
  json::array tables;
  for (auto& a : answers) tables.push_back(std::move(a));
  return {{"tables", std::move(tables)}};
}

json::object drop_table(iceberg::RestCatalog& catalog, const json::object& request) {
  auto id = parse_table_identifier(floe::sdk::required_string(request, "identifier"), "identifier");
  bool purge = false;
  if (auto it = request.find("purge"); it != request.end() && !it->value().is_null()) {
    if (!it->value().is_bool()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'purge': expected true or false");
    purge = it->value().get_bool();
  }
  catalog.drop_table(id, purge);
  return {};
}

json::object vend_credentials(iceberg::RestCatalog& catalog, const json::object& request) {
  auto id = parse_table_identifier(floe::sdk::required_string(request, "table"), "table");
  auto operations = request.find("operations");
  if (operations == request.end() || !operations->value().is_array() || operations->value().get_array().empty())
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'operations': expected a non-empty list of READ and WRITE");
  for (const auto& op : operations->value().get_array())
    if (!op.is_string() || (op.get_string() != "READ" && op.get_string() != "WRITE"))
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'operations': each item must be READ or WRITE");
  auto loaded = catalog.load_table(id);
  // The catalog's table config and its storage-credentials (the more specific
  // prefix last, so it wins) are the credentials; nothing here is logged.
  json::object credentials;
  for (const auto& [key, value] : loaded.config)
    if (key.starts_with("s3.") || key.starts_with("gcs.") || key.starts_with("adls.") || key.starts_with("client."))
      credentials[key] = value;
  for (const auto& credential : loaded.storage_credentials)
    for (const auto& [key, value] : credential.config) credentials[key] = value;
  if (credentials.empty())
    throw error(FLOE_ERR_NOT_FOUND, "the catalog vended no storage credentials for " + id.str() +
                                        " (does it delegate access? set access_delegation: vended-credentials)");
  json::object out{{"credentials", std::move(credentials)}};
  if (auto it = loaded.config.find("s3.session-token-expires-at-ms"); it != loaded.config.end())
    if (auto at = rfc3339_from_epoch_ms(it->second)) out["expires_at"] = *at;
  return out;
}

json::object expire_snapshots(iceberg::RestCatalog& catalog, const json::object& request, const floe::sdk::host& host,
                              int64_t now_ms) {
  auto id = parse_table_identifier(floe::sdk::required_string(request, "identifier"), "identifier");
  iceberg::Retention retention;
  retention.now_ms = now_ms;
  retention.retention_days = floe::sdk::optional_int(request, "retention_days");
  if (!retention.retention_days) throw error(FLOE_ERR_INVALID_ARGUMENT, "missing required key 'retention_days'");
  if (*retention.retention_days < 0 || *retention.retention_days > 1000000)
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'retention_days': must be 0 to 1000000");
  if (auto keep = floe::sdk::optional_int(request, "keep_last")) {
    if (*keep < 0 || *keep > 1000000) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'keep_last': must be 0 to 1000000");
    retention.keep_last = static_cast<int>(*keep);
  }
  bool dry_run = false;
  if (auto it = request.find("dry_run"); it != request.end() && !it->value().is_null()) {
    if (!it->value().is_bool()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'dry_run': expected true or false");
    dry_run = it->value().get_bool();
  }
  // The FileIO is read before anything is committed: a secret that cannot
  // be resolved refuses the request with the table unchanged.
  std::optional<FileIo> io;
  if (auto it = request.find("file_io"); it != request.end() && !it->value().is_null()) io = file_io(request, host);
  if (io && !io->credentials) {  // the storage's keys are the catalog's (vended_file_io.hpp)
    iceberg::LoadTableResult loaded = catalog.load_table_with_credentials(id);
    io = vended_file_io(*io, loaded, loaded.metadata.location);
  }
  auto result = iceberg::expire_snapshots(catalog, id, retention, dry_run);
  json::object out{{"identifier", id.str()},
                   {"plan", iceberg::to_json(result.plan)},
                   {"committed", result.committed},
                   {"attempts", result.attempts},
                   {"metadata_location", result.metadata_location}};
  if (io) out["files"] = clean_up_files(result, *io, dry_run);
  return out;
}

json::object update_table_properties(iceberg::RestCatalog& catalog, const json::object& request) {
  auto id = parse_table_identifier(floe::sdk::required_string(request, "identifier"), "identifier");
  auto updates = string_map(request, "set");
  std::vector<std::string> removals;
  if (auto it = request.find("remove"); it != request.end() && !it->value().is_null()) {
    if (!it->value().is_array()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'remove': expected a list of keys");
    for (const auto& key : it->value().get_array()) {
      if (!key.is_string()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'remove': each item must be a string");
      removals.emplace_back(key.get_string());
    }
  }
  // Only what differs from the table as it is is committed: applying the
  // same governance twice makes no new metadata version.
  auto commit = catalog.commit_table(id, [&](const iceberg::LoadTableResult& current) -> std::optional<iceberg::CommitRequest> {
    iceberg::Properties changed;
    for (const auto& [key, value] : updates)
      if (auto it = current.metadata.properties.find(key); it == current.metadata.properties.end() || it->second != value)
        changed[key] = value;
    std::vector<std::string> gone;
    for (const auto& key : removals)
      if (current.metadata.properties.contains(key)) gone.push_back(key);
    if (changed.empty() && gone.empty()) return std::nullopt;
    iceberg::CommitRequest commit_request;
    if (!current.metadata.table_uuid.empty())
      commit_request.requirements.push_back(iceberg::requirement::table_uuid(current.metadata.table_uuid));
    if (!changed.empty()) commit_request.updates.push_back(iceberg::update::set_properties(changed));
    if (!gone.empty()) commit_request.updates.push_back(iceberg::update::remove_properties(gone));
    return commit_request;
  });
  return {{"identifier", id.str()},
          {"properties", to_json(commit.metadata.properties)},
          {"metadata_location", commit.metadata_location},
          {"attempts", commit.attempts}};
}

}  // namespace floe::catalog_rest
