#include "config/manifest_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "config/config_diagnostic.hpp"
#include "core/credential_key.hpp"
#include "core/json_path.hpp"
#include "config/iso8601.hpp"
#include "core/regex.hpp"
#include "diag/codes.hpp"
#include "plugin/category_table.hpp"

namespace floe {
namespace {

using boost::json::object;
using boost::json::value;

std::string string_member(const value& v, const char* key) {
  const value* m = object_member(v, key);
  return m != nullptr && m->is_string() ? std::string(m->get_string()) : std::string();
}

void check_scope_keys(const LocatedDocument& doc, Diagnostics& diags) {
  const value& root = doc.root;
  std::string scope = string_member(root, "scope");
  std::string shown = scope.empty() ? "absent (a 2-tier platform)" : "'" + scope + "'";
  if (object_member(root, "parent_manifest") != nullptr && scope != "domain")
    add_config_error(doc, diags, codes::C201, "parent_manifest", Anchor::key,
                     fmt::format("'parent_manifest' is only allowed in a domain manifest, but scope is {}", shown),
                     "scope: domain", "remove parent_manifest, or set scope: domain");
  if (scope == "domain" && object_member(root, "parent_manifest") == nullptr) {
    Diagnostic d = config_diagnostic(doc, Severity::error, codes::C202, "scope", Anchor::value,
                                     "a domain manifest needs 'parent_manifest' (the enterprise manifest it inherits from)",
                                     "parent_manifest: a path, a compiled platform directory or oci://...",
                                     "add parent_manifest: ../enterprise/manifest.yaml (or an oci:// reference)");
    d.subject = "parent_manifest";
    diags.add(std::move(d));
  }
  if (object_member(root, "approved_plugins") != nullptr && scope != "enterprise")
    add_config_error(
        doc, diags, codes::C203, "approved_plugins", Anchor::key,
        fmt::format("'approved_plugins' is only allowed in an enterprise manifest, but scope is {}", shown),
        "scope: enterprise", "remove approved_plugins, or set scope: enterprise");
  if (object_member(root, "approved_products") != nullptr && scope != "domain")
    add_config_error(doc, diags, codes::C204, "approved_products", Anchor::key,
                     fmt::format("'approved_products' is only allowed in a domain manifest, but scope is {}", shown),
                     "scope: domain", "remove approved_products, or set scope: domain");
}

// Literal secrets anywhere under `v`. The value itself never appears in the
// diagnostic: the file may be committed, the build log may be public.
// Below a credential map (`credentials: {user: x, pass: y}`) every literal
// but an identity (user, client_id, ...) is a secret too.
void find_secret_values(const LocatedDocument& doc, Diagnostics& diags, const value& v, const std::string& path,
                        const std::string& fix, bool in_credentials = false) {
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.get_array().size(); ++i)
      find_secret_values(doc, diags, v.get_array()[i], index_path(path, i), fix, in_credentials);
    return;
  }
  if (!v.is_object()) return;
  for (const auto& [key, m] : v.get_object()) {
    std::string child = join_path(path, std::string(key));
    bool credential = is_credential_key(key) ||
                      (in_credentials && !is_identity_key(key) && m.is_string() &&
                       std::string_view(m.get_string()).find('/') == std::string_view::npos);
    if (credential && m.is_string() && !m.get_string().empty()) {
      add_config_error(doc, diags, codes::C205, child, Anchor::value,
                       fmt::format("'{}' holds a secret value; use a secret reference (the value is not shown)", child),
                       "a secret reference ({secret_ref: NAME}, {env: VAR}, {file: PATH}, {k8s: ...} or {vault: ...})",
                       fix);
    } else {
      find_secret_values(doc, diags, m, child, fix, in_credentials || is_credential_map_key(key));
    }
  }
}

void check_secret_values(const LocatedDocument& doc, Diagnostics& diags) {
  if (const value* plugins = object_member(doc.root, "plugins"); plugins != nullptr && plugins->is_object())
    for (const auto& [category, selection] : plugins->get_object())
      if (const value* config = object_member(selection, "config"))
        find_secret_values(doc, diags, *config, fmt::format("plugins.{}.config", std::string(category)),
                           fmt::format("remove it and add plugins.{}.secrets.<name>: {{secret_ref: <name in the secrets "
                                       "backend>}}; rotate the secret if this file was ever shared",
                                       std::string(category)));
  if (const value* observability = object_member(doc.root, "observability"))
    find_secret_values(doc, diags, *observability, "observability",
                       "remove it and provide it through the secrets plugin or the environment; rotate the secret if "
                       "this file was ever shared");
}

void check_naming(const LocatedDocument& doc, Diagnostics& diags) {
  const value* architecture = object_member(doc.root, "data_architecture");
  if (architecture == nullptr) return;
  const value* naming = object_member(*architecture, "naming");
  const value* patterns = naming != nullptr ? object_member(*naming, "custom_patterns") : nullptr;
  if (patterns != nullptr && patterns->is_array())
    for (std::size_t i = 0; i < patterns->get_array().size(); ++i) {
      const value& p = patterns->get_array()[i];
      if (!p.is_string()) continue;
      std::string problem = regex_problem(std::string(p.get_string()));
      if (!problem.empty())
        add_config_error(doc, diags, codes::C206, index_path("data_architecture.naming.custom_patterns", i),
                         Anchor::value, fmt::format("custom naming pattern {}: {}", i + 1, problem),
                         "an RE2 regular expression, e.g. ^gold_[a-z0-9_]+$ (no backreferences or lookaround)",
                         "see docs/configuration.md, custom_patterns: RE2 syntax");
    }
  bool has_patterns = patterns != nullptr && patterns->is_array() && !patterns->get_array().empty();
  if (string_member(*architecture, "pattern") == "custom" && !has_patterns) {
    Diagnostic d = config_diagnostic(doc, Severity::error, codes::C207, "data_architecture.pattern", Anchor::value,
                                     "data_architecture.pattern is custom but no naming patterns are given",
                                     "data_architecture.naming.custom_patterns with at least one regex",
                                     "add data_architecture.naming.custom_patterns: [\"^(raw|stg|mart)_[a-z0-9_]+$\"], or "
                                     "use pattern medallion, kimball or data_vault");
    d.subject = "data_architecture.naming.custom_patterns";
    diags.add(std::move(d));
  }
}

void check_endpoints(const LocatedDocument& doc, Diagnostics& diags) {
  const value* observability = object_member(doc.root, "observability");
  if (observability == nullptr) return;
  for (const char* section : {"traces", "lineage"}) {
    const value* s = object_member(*observability, section);
    const value* endpoint = s != nullptr ? object_member(*s, "endpoint") : nullptr;
    if (endpoint == nullptr || !endpoint->is_string()) continue;
    std::string url(endpoint->get_string());
    if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) continue;
    std::string path = fmt::format("observability.{}.endpoint", section);
    // The URL is not repeated: endpoints sometimes carry user:token@ parts.
    add_config_error(doc, diags, codes::C208, path, Anchor::value,
                     fmt::format("'{}' is not an http:// or https:// URL", path),
                     "http://host:port or https://host:port",
                     "write the endpoint with an http:// or https:// scheme, e.g. http://otel-collector:4317");
  }
}

void check_governance(const LocatedDocument& doc, Diagnostics& diags) {
  const value* governance = object_member(doc.root, "governance");
  if (governance == nullptr) return;
  if (const value* bounds = object_member(*governance, "data_retention_bounds")) {
    const value* min = object_member(*bounds, "min_days");
    const value* max = object_member(*bounds, "max_days");
    if (min != nullptr && max != nullptr && min->is_int64() && max->is_int64() && min->get_int64() > max->get_int64())
      add_config_error(doc, diags, codes::C210, "governance.data_retention_bounds.min_days", Anchor::value,
                       fmt::format("data_retention_bounds.min_days ({}) is greater than max_days ({})",
                                   min->get_int64(), max->get_int64()),
                       "min_days <= max_days", "swap the two values, or raise max_days");
  }
  const value* overrides = object_member(*governance, "policy_overrides");
  if (overrides == nullptr || !overrides->is_array()) return;
  for (std::size_t i = 0; i < overrides->get_array().size(); ++i) {
    const value& o = overrides->get_array()[i];
    if (!o.is_object()) continue;
    std::string base = index_path("governance.policy_overrides", i);
    const value* reason = object_member(o, "reason");
    bool blank = reason != nullptr && reason->is_string() &&
                 std::all_of(reason->get_string().begin(), reason->get_string().end(),
                             [](unsigned char c) { return std::isspace(c); });
    if (reason == nullptr || blank) {
      Diagnostic d = config_diagnostic(
          doc, Severity::error, codes::C214, reason == nullptr ? base : base + ".reason", Anchor::value,
          fmt::format("policy override {} ('{}') has no reason", i + 1, string_member(o, "pattern")),
          "reason: why the exception exists (a ticket, a migration plan)",
          "add reason: \"<ticket or explanation>\"; overrides without a reason cannot be audited");
      d.subject = base + ".reason";
      diags.add(std::move(d));
    }
    const value* expires = object_member(o, "expires");
    if (expires != nullptr && expires->is_string() && !is_iso8601_date(std::string(expires->get_string())))
      add_config_error(
          doc, diags, codes::C209, base + ".expires", Anchor::value,
          fmt::format("'{}.expires' is \"{}\", which is not a valid date", base, std::string(expires->get_string())),
          "a calendar date YYYY-MM-DD, e.g. 2027-03-31", "write the date as YYYY-MM-DD");
  }
}

void check_environment_keys(const LocatedDocument& doc, Diagnostics& diags) {
  static const std::vector<std::string> kEnvironmentKeys = {"env_overrides", "environments", "environment", "env",
                                                            "dev", "staging", "prod", "production", "target_env",
                                                            "floe_env"};
  if (!doc.root.is_object()) return;
  for (const auto& [key, unused] : doc.root.get_object())
    if (std::find(kEnvironmentKeys.begin(), kEnvironmentKeys.end(), std::string(key)) != kEnvironmentKeys.end())
      add_config_error(doc, diags, codes::C212, std::string(key), Anchor::key,
                       fmt::format("environment-specific key '{}' is not allowed: manifests are environment-agnostic",
                                   std::string(key)),
                       "the same manifest for every environment",
                       "remove it; select environment-specific values at run time (FLOE_ENV, the secrets plugin)");
}

void check_approved_plugins(const LocatedDocument& doc, Diagnostics& diags) {
  const value* approved = object_member(doc.root, "approved_plugins");
  if (approved == nullptr || !approved->is_object()) return;
  std::vector<std::string> categories;
  for (const auto& c : all_categories()) categories.emplace_back(c.name);
  for (const auto& [key, list] : approved->get_object()) {
    std::string category(key);
    std::string path = "approved_plugins." + category;
    if (std::find(categories.begin(), categories.end(), category) == categories.end()) {
      std::string match = closest_match(category, categories);
      add_config_error(doc, diags, codes::C213, path, Anchor::key,
                       fmt::format("unknown plugin category '{}' in approved_plugins", category),
                       fmt::format("one of {}", fmt::join(categories, ", ")),
                       match.empty() ? "use one of the plugin categories" : fmt::format("did you mean '{}'?", match));
      continue;
    }
    if (!list.is_array()) continue;
    const auto& types = list.get_array();
    for (std::size_t j = 1; j < types.size(); ++j)
      if (types[j].is_string() && std::find(types.begin(), types.begin() + static_cast<std::ptrdiff_t>(j), types[j]) !=
                                      types.begin() + static_cast<std::ptrdiff_t>(j))
        add_config_error(doc, diags, codes::C213, index_path(path, j), Anchor::value,
                         fmt::format("plugin '{}' is listed twice in {}", std::string(types[j].get_string()), path),
                         "each plugin type once", "remove the duplicate");
  }
}

void check_reserved_name(const LocatedDocument& doc, Diagnostics& diags) {
  static const std::vector<std::string> kReserved = {"default", "system", "floe", "admin", "root"};
  const value* metadata = object_member(doc.root, "metadata");
  std::string name = metadata != nullptr ? string_member(*metadata, "name") : std::string();
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (std::find(kReserved.begin(), kReserved.end(), lower) != kReserved.end())
    add_config_error(doc, diags, codes::C104, "metadata.name", Anchor::value,
                     fmt::format("'{}' is a reserved manifest name", name),
                     fmt::format("a name other than {}", fmt::join(kReserved, ", ")),
                     "choose a name that says whose platform this is, e.g. acme-platform");
}

}  // namespace

void check_manifest_rules(const LocatedDocument& doc, Diagnostics& diags) {
  if (!doc.root.is_object()) return;
  check_environment_keys(doc, diags);
  check_reserved_name(doc, diags);
  check_scope_keys(doc, diags);
  check_approved_plugins(doc, diags);
  check_secret_values(doc, diags);
  check_naming(doc, diags);
  check_governance(doc, diags);
  check_endpoints(doc, diags);
}

}  // namespace floe
