#include "config/alpha_unsupported_keys.hpp"

#include <fmt/format.h>

#include <string_view>
#include <vector>

#include "config/format_translation.hpp"

namespace floe {
namespace {

struct UnsupportedKey {
  std::string_view parent;  // dotted path of the object holding it ("" = root)
  std::string_view key;
  std::string_view why;     // what floe does instead, or that it has nothing
};

const std::vector<UnsupportedKey>& manifest_keys() {
  static const std::vector<UnsupportedKey> keys = {
      {"", "resource_presets", "floe does not deploy to Kubernetes yet; compute sizes come from the compute plugin's "
                               "config (e.g. DuckDB's preset, threads, settings.memory_limit)"},
      {"", "approved_sinks", "floe has no reverse-ETL sinks"},
      {"", "defaults", "each category has one selection in plugins"},
      {"governance", "default_ttl_hours", "floe does not manage Iceberg table TTLs yet"},
      {"governance", "stale_table_recovery_mode", "floe does not repair catalog registrations"},
      // floe's governance.data_contracts holds the limits contracts are checked against (docs/contracts.md);
      // the alpha's switches for it have no equivalent: floe always checks the contracts ports name.
      {"governance.data_contracts", "enforcement", "contract findings follow governance.policy_enforcement_level"},
      {"governance.data_contracts", "auto_generation", "floe contract init PORT writes a port's contract"},
      {"governance.data_contracts", "drift_detection", "floe compile checks every contract column against the model"},
      {"governance.data_contracts", "inheritance_mode", "governance.data_contracts is merged like the rest of governance"},
      {"governance", "rbac", "select an rbac plugin under plugins.rbac"},
      {"governance", "secret_scanning", "floe always scans compiled artifacts for credentials (FLOE-S501)"},
      {"governance", "network_policies", "select a network_security plugin under plugins.network_security"},
      {"governance", "policies", "use governance.custom_rules"},
      {"governance.quality_gates", "zero_column_coverage_behavior",
       "a model without documented columns is reported as untested"},
      {"artifacts", "promotion", "floe has no environment promotion"},
      {"artifacts.registry", "cache", "the cache is set per run (--cache-dir, XDG_CACHE_HOME)"},
      {"artifacts.registry", "resilience", "retries with backoff are built into the registry client"},
      {"artifacts.registry", "signing", "floe platform sign --key signs; keys are not configured in the manifest"},
  };
  return keys;
}

const std::vector<UnsupportedKey>& product_keys() {
  static const std::vector<UnsupportedKey> keys = {
      {"", "destinations", "floe has no reverse-ETL destinations"},
  };
  return keys;
}

boost::json::object* object_at(boost::json::value& root, std::string_view dotted) {
  boost::json::value* v = &root;
  std::size_t start = 0;
  while (start < dotted.size()) {
    std::size_t dot = dotted.find('.', start);
    std::string key(dotted.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (!v->is_object()) return nullptr;
    v = v->get_object().if_contains(key);
    if (v == nullptr) return nullptr;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return v->is_object() ? &v->get_object() : nullptr;
}

void drop_keys(LocatedDocument& doc, Diagnostics& diags, const std::vector<UnsupportedKey>& keys) {
  for (const auto& k : keys) {
    boost::json::object* parent = object_at(doc.root, k.parent);
    std::string key(k.key);
    if (parent == nullptr || !parent->contains(key)) continue;
    std::string path = join_path(std::string(k.parent), key);
    translation_note(doc, diags, path, fmt::format("alpha format: '{}' has no equivalent in floe and was ignored", path),
                     std::string(k.why));
    drop_key(doc, *parent, std::string(k.parent), key.c_str());
  }
}

}  // namespace

void drop_alpha_manifest_keys(LocatedDocument& doc, Diagnostics& diags) { drop_keys(doc, diags, manifest_keys()); }

void drop_alpha_product_keys(LocatedDocument& doc, Diagnostics& diags) { drop_keys(doc, diags, product_keys()); }

}  // namespace floe
