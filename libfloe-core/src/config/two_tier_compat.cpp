// The two-tier platform.yaml, read as a manifest (the floe.yaml side is in
// two_tier_product.cpp). What is lossy: docs/cli.md (floe migrate)
// and the notes themselves, which name every new spelling.
#include "config/two_tier_compat.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "config/config_diagnostic.hpp"
#include "config/format_translation.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace {

using boost::json::object;
using boost::json::value;

const std::vector<std::string> kCredentialModes = {"static", "oauth2", "iam_role", "vended_credentials"};

std::string quoted_list(const std::vector<std::string>& items) {
  std::vector<std::string> q;
  for (const auto& i : items) q.push_back("'" + i + "'");
  return fmt::format("{}", fmt::join(q, ", "));
}

// FLOE-C108 when a two-tier section and its current spelling are both given
// and differ, naming both lines but not the values: a plugin selection or an
// endpoint may hold a credential. Returns whether they are equal.
bool agree(LocatedDocument& doc, Diagnostics& diags, const std::string& old_path, const value& old_value,
           const std::string& new_path, const value& new_value) {
  if (old_value == new_value) {
    two_tier_note(doc, diags, old_path, fmt::format("'{}' repeats '{}' and was ignored", old_path, new_path),
                  fmt::format("remove '{}'", old_path));
    return true;
  }
  diags.add(config_diagnostic(
      doc, Severity::error, codes::C108, old_path, Anchor::key,
      fmt::format("'{}' and '{}' at line {} are two spellings of one field with different values (not shown: they may "
                  "hold credentials)",
                  old_path, new_path, doc.key_at(new_path).line),
      fmt::format("one value, written once as '{}'", new_path),
      fmt::format("remove '{}' and keep '{}' (the current spelling)", old_path, new_path)));
  return false;
}

object& member_object(object& o, const char* key) {
  value& v = o[key];
  if (!v.is_object()) v.emplace_object();
  return v.get_object();
}

// One two-tier section becoming one plugin selection. The moves of source
// locations are applied only once the selection is kept.
struct Selection {
  object body;
  std::vector<std::pair<std::string, std::string>> moves;  // old path -> new path
  std::string mode;                                        // the credential mode, when given
  bool has_config = false;
  bool has_secrets = false;
};

void check_mode(const LocatedDocument& doc, Diagnostics& diags, const value& mode, const std::string& path,
                Selection& s) {
  if (mode.is_string() &&
      std::find(kCredentialModes.begin(), kCredentialModes.end(), std::string(mode.get_string())) != kCredentialModes.end()) {
    s.mode = std::string(mode.get_string());
    return;
  }
  std::string found = mode.is_string() ? std::string(mode.get_string()) : boost::json::serialize(mode);
  std::string close = mode.is_string() ? closest_match(found, kCredentialModes) : std::string();
  diags.add(config_diagnostic(doc, Severity::error, codes::C104, path, Anchor::value,
                              fmt::format("'{}' does not allow {}", path, boost::json::serialize(mode)),
                              "one of \"static\", \"oauth2\", \"iam_role\", \"vended_credentials\"",
                              close.empty() ? "use one of the two-tier credential modes"
                                            : fmt::format("did you mean '{}'?", close)));
}

// A credentials block: its mode and other plain settings stay config (under
// config.credentials), its secret references become the selection's
// secrets. A literal secret stays in config, where FLOE-C205 refuses it.
void split_credentials(const LocatedDocument& doc, Diagnostics& diags, const object& credentials,
                       const std::string& from, const std::string& to, Selection& s) {
  for (const auto& [k, v] : credentials) {
    std::string key(k);
    std::string old_path = join_path(from, key);
    if (key == "mode") check_mode(doc, diags, v, old_path, s);
    if (is_secret_reference(v)) {
      member_object(s.body, "secrets")[key] = v;
      s.moves.emplace_back(old_path, to + ".secrets." + key);
      s.has_secrets = true;
    } else {
      member_object(member_object(s.body, "config"), "credentials")[key] = v;
      s.moves.emplace_back(old_path, to + ".config.credentials." + key);
      s.has_config = true;
    }
  }
  s.moves.emplace_back(from, to + ".config.credentials");
}

// `settings` (at `from`) as the selection at `to`: type stays, secret
// references become secrets, credentials split, the rest is config.
Selection to_selection(const LocatedDocument& doc, Diagnostics& diags, const object& settings, const std::string& from,
                       const std::string& to) {
  Selection s;
  for (const auto& [k, v] : settings) {
    std::string key(k);
    std::string old_path = join_path(from, key);
    if (key == "type") {
      s.body["type"] = v;
      s.moves.emplace_back(old_path, to + ".type");
    } else if (key == "credentials" && v.is_object()) {
      split_credentials(doc, diags, v.get_object(), old_path, to, s);
    } else if (is_secret_reference(v)) {
      member_object(s.body, "secrets")[key] = v;
      s.moves.emplace_back(old_path, to + ".secrets." + key);
      s.has_secrets = true;
    } else {
      member_object(s.body, "config")[key] = v;
      s.moves.emplace_back(old_path, to + ".config." + key);
      s.has_config = true;
    }
  }
  return s;
}

// `type` first, as people write selections.
void set_type(Selection& s, const value& type, const std::string& from, const std::string& to) {
  object body;
  body["type"] = type;
  for (auto& kv : s.body)
    if (kv.key() != "type") body[kv.key()] = std::move(kv.value());
  s.body = std::move(body);
  if (!from.empty()) s.moves.emplace_back(from, to + ".type");
}

// Puts the selection under plugins.<category> (located at `anchor`, where
// the two-tier section was), unless the file also has one there: then both
// spellings must agree (FLOE-C108). Returns whether it was put.
bool install(LocatedDocument& doc, Diagnostics& diags, Selection s, const std::string& anchor, const std::string& category) {
  object& root = doc.root.get_object();
  if (!root.contains("plugins")) {
    root["plugins"].emplace_object();
    doc.locations.set("plugins", doc.at(anchor));
  }
  value& plugins = root["plugins"];
  if (!plugins.is_object()) return false;  // the schema reports it
  std::string to = "plugins." + category;
  if (const value* existing = plugins.get_object().if_contains(category)) {
    agree(doc, diags, anchor, value(s.body), to, *existing);
    return false;
  }
  SourceLocation where = doc.at(anchor);
  SourceLocation key = doc.key_at(anchor);
  for (const auto& [from, dest] : s.moves) relocate(doc, from, dest);
  for (const char* part : {"", ".config", ".secrets"})
    if (!doc.locations.contains(to + part)) doc.locations.set(to + part, where);
  doc.locations.set(to + "#key", key);
  plugins.get_object()[category] = std::move(s.body);
  return true;
}

std::string describe(const Selection& s) {
  std::vector<std::string> parts;
  if (s.has_config) parts.emplace_back("settings as 'config'");
  if (!s.mode.empty()) parts.push_back(fmt::format("credentials mode '{}' kept as 'config.credentials.mode'", s.mode));
  if (s.has_secrets) parts.emplace_back("secret references as 'secrets' (never values)");
  return parts.empty() ? std::string() : fmt::format(" ({})", fmt::join(parts, "; "));
}

// storage / catalogs / compute: named entries; `default` (or the only one)
// becomes the category's plugin, other names have no equivalent.
void translate_named_section(LocatedDocument& doc, Diagnostics& diags, const char* section, const std::string& category) {
  object& root = doc.root.get_object();
  value* v = root.if_contains(section);
  if (v == nullptr || !v->is_object()) return;  // left for the schema: unknown key
  object named = v->get_object();
  std::string chosen;
  if (named.contains("default")) chosen = "default";
  else if (named.size() == 1) chosen = std::string(named.begin()->key());
  std::vector<std::string> dropped;
  for (const auto& [k, unused] : named)
    if (k != chosen) dropped.push_back(join_path(section, std::string(k)));
  if (!chosen.empty()) {
    std::string from = join_path(section, chosen);
    std::string to = "plugins." + category;
    const value& entry = named.at(chosen);
    Selection s;
    if (entry.is_object()) s = to_selection(doc, diags, entry.get_object(), from, to);
    else set_type(s, entry, from, to);  // a bare type name
    std::string details = describe(s);
    if (install(doc, diags, std::move(s), from, category))
      two_tier_note(doc, diags, to, fmt::format("'{}' was read as '{}'{}", from, to, details),
                    fmt::format("write plugins: {{{}: {{type: ..., config: {{...}}, secrets: {{...}}}}}}", category));
  }
  if (!dropped.empty())
    two_tier_note(
        doc, diags, section,
        fmt::format("{} {} no equivalent and {} dropped (lossy): a floe platform selects one {} plugin{}",
                    quoted_list(dropped), dropped.size() == 1 ? "has" : "have", dropped.size() == 1 ? "was" : "were",
                    category, chosen.empty() ? "; with no 'default' entry none was selected" : ""),
        fmt::format("select the {} for other uses in the manifest of another platform", category));
  drop_key(doc, root, "", section);
}

// floe needs a compute to generate the dbt profile; the two-tier floe.yaml
// said `profiles.compute: default` while the platform.yaml often named none.
void default_compute(LocatedDocument& doc, Diagnostics& diags) {
  object& root = doc.root.get_object();
  value& plugins = root["plugins"];
  if (plugins.is_null()) {
    plugins.emplace_object();
    doc.locations.set("plugins", doc.at(""));
  }
  if (!plugins.is_object() || plugins.get_object().contains("compute")) return;
  plugins.get_object()["compute"] = object{{"type", "duckdb"}};
  for (const char* path : {"plugins.compute", "plugins.compute.type"}) doc.locations.set(path, doc.at(""));
  two_tier_note(
      doc, diags, "plugins.compute",
      "the platform.yaml names no compute; floe needs one to generate the dbt profile and selects its embedded "
      "DuckDB: read as plugins.compute: {type: duckdb}",
      "select the compute in plugins.compute (floe plugins list shows the installed ones)");
}

void translate_authentication(LocatedDocument& doc, Diagnostics& diags, const object& auth,
                              std::vector<std::string>& lost) {
  const std::string base = "security.authentication";
  const value* enabled = auth.if_contains("enabled");
  std::string method;
  if (const value* m = auth.if_contains("method"); m != nullptr && m->is_string()) method = std::string(m->get_string());
  if (method.empty())
    for (const auto& [k, v] : auth)
      if (k != "enabled" && k != "method" && v.is_object()) method = std::string(k);
  for (const auto& [k, unused] : auth)
    if (k != "enabled" && k != "method" && k != method) lost.push_back(join_path(base, std::string(k)));
  if (enabled != nullptr && *enabled == false) {
    lost.push_back(base + " (enabled: false, so no identity plugin)");
    return;
  }
  if (method.empty()) {
    lost.push_back(base + " (no method)");
    return;
  }
  std::string from = join_path(base, method);
  const value* settings = auth.if_contains(method);
  Selection s = settings != nullptr && settings->is_object() ? to_selection(doc, diags, settings->get_object(), from, "plugins.identity")
                                                             : Selection{};
  set_type(s, value(method), auth.contains("method") ? base + ".method" : std::string(), "plugins.identity");
  if (install(doc, diags, std::move(s), base, "identity"))
    two_tier_note(doc, diags, "plugins.identity",
                  fmt::format("'{}' (method {}) was read as 'plugins.identity' (type {}; '{}' as its config)", base,
                              method, method, from),
                  "write plugins: {identity: {type: <method>, config: {...}}}");
}

void translate_secret_backends(LocatedDocument& doc, Diagnostics& diags, const object& backends,
                               std::vector<std::string>& lost) {
  const std::string base = "security.secret_backends";
  const value* primary = backends.if_contains("primary");
  std::string type = primary != nullptr && primary->is_string() ? std::string(primary->get_string()) : std::string();
  for (const auto& [k, unused] : backends)
    if (type.empty() || (k != "primary" && k != type)) lost.push_back(join_path(base, std::string(k)));
  if (type.empty()) return;
  std::string from = join_path(base, type);
  const value* settings = backends.if_contains(type);
  Selection s = settings != nullptr && settings->is_object() ? to_selection(doc, diags, settings->get_object(), from, "plugins.secrets")
                                                             : Selection{};
  set_type(s, *primary, base + ".primary", "plugins.secrets");
  if (install(doc, diags, std::move(s), base + ".primary", "secrets"))
    two_tier_note(doc, diags, "plugins.secrets",
                  fmt::format("'{}.primary' was read as 'plugins.secrets' (type {})", base, type),
                  "write plugins: {secrets: {type: <backend>}}");
}

void translate_security(LocatedDocument& doc, Diagnostics& diags) {
  object& root = doc.root.get_object();
  value* v = root.if_contains("security");
  if (v == nullptr || !v->is_object()) return;
  object security = v->get_object();
  std::vector<std::string> lost;
  for (const auto& [k, member] : security) {
    if (k == "authentication" && member.is_object()) translate_authentication(doc, diags, member.get_object(), lost);
    else if (k == "secret_backends" && member.is_object()) translate_secret_backends(doc, diags, member.get_object(), lost);
    else lost.push_back(join_path("security", std::string(k)));
  }
  if (!lost.empty())
    two_tier_note(doc, diags, "security",
                  fmt::format("{} {} no equivalent in floe and {} dropped (lossy)", quoted_list(lost),
                              lost.size() == 1 ? "has" : "have", lost.size() == 1 ? "was" : "were"),
                  "keep network and access settings with the platform's deployment; floe's manifest selects plugins "
                  "and policies");
  drop_key(doc, root, "", "security");
}

void translate_otlp_endpoint(LocatedDocument& doc, Diagnostics& diags) {
  object* observability = child_object(doc.root, "observability");
  if (observability == nullptr || !observability->contains("otlp_endpoint")) return;
  value* traces = observability->if_contains("traces");
  if (traces != nullptr && !traces->is_object()) return;  // the schema reports both keys
  const std::string from = "observability.otlp_endpoint";
  const std::string to = "observability.traces.endpoint";
  if (traces != nullptr && traces->get_object().contains("endpoint")) {
    agree(doc, diags, from, observability->at("otlp_endpoint"), to, traces->get_object().at("endpoint"));
    drop_key(doc, *observability, "observability", "otlp_endpoint");
    return;
  }
  if (traces == nullptr) {
    traces = &(*observability)["traces"];
    traces->emplace_object();
    doc.locations.set("observability.traces", doc.at(from));
    doc.locations.set("observability.traces#key", doc.key_at(from));
  }
  traces->get_object()["endpoint"] = std::move(observability->at("otlp_endpoint"));
  observability->erase("otlp_endpoint");
  relocate(doc, from, to);
  two_tier_note(doc, diags, to, fmt::format("'{}' was read as '{}'", from, to),
                "write observability: {traces: {endpoint: ...}}");
}

void drop_infrastructure(LocatedDocument& doc, Diagnostics& diags) {
  object& root = doc.root.get_object();
  const value* infrastructure = root.if_contains("infrastructure");
  if (infrastructure == nullptr) return;
  std::vector<std::string> parts;
  if (infrastructure->is_object())
    for (const auto& [k, unused] : infrastructure->get_object()) parts.push_back(join_path("infrastructure", std::string(k)));
  two_tier_note(
      doc, diags, "infrastructure",
      fmt::format("'infrastructure'{} has no equivalent in floe and was dropped (lossy): a manifest selects plugins "
                  "and policies; it neither provisions nor references cloud accounts, networks or IAM roles",
                  parts.empty() ? std::string() : " (" + quoted_list(parts) + ")"),
      "keep these settings with the infrastructure code that deploys the platform (Terraform, Helm values)");
  drop_key(doc, root, "", "infrastructure");
}

// A DNS label from a directory name ("Architecture Two-Tier" ->
// "architecture-two-tier"); "" when nothing usable is left.
std::string dns_label(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    char lower = static_cast<char>(std::tolower(c));
    bool ok = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
    if (ok) out += lower;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  if (out.size() > 63) out.resize(63);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// The two-tier platform.yaml had no name: the directory holding it (the
// environment, in the deep-dive's platform/<env>/platform.yaml) names it.
void name_from_directory(LocatedDocument& doc, Diagnostics& diags) {
  value& metadata = doc.root.get_object()["metadata"];
  if (!metadata.is_object() || metadata.get_object().contains("name")) return;
  std::error_code ec;
  std::filesystem::path file = std::filesystem::absolute(doc.file, ec);
  std::string directory = ec ? std::string() : file.parent_path().filename().string();
  std::string name = dns_label(directory);
  static const std::vector<std::string> kReserved = {"default", "system", "floe", "admin", "root"};
  if (name.empty()) name = "platform";
  else if (std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end()) name += "-platform";
  metadata.get_object()["name"] = name;
  doc.locations.set("metadata.name", doc.at(""));
  two_tier_note(doc, diags, "metadata.name",
                fmt::format("the platform.yaml has no name; metadata.name '{}' was derived from its directory '{}'",
                            name, directory),
                "set metadata.name (a DNS label naming the platform)");
}

}  // namespace

bool add_two_tier_header(LocatedDocument& doc, Diagnostics& diags, const char* kind) {
  if (!doc.root.is_object()) return false;
  object& old = doc.root.get_object();
  object fresh;
  fresh["apiVersion"] = "floe.dev/v1";
  bool add_kind = !old.contains("kind");
  if (add_kind) fresh["kind"] = kind;
  if (!old.contains("metadata")) fresh["metadata"].emplace_object();
  for (auto& kv : old) fresh[kv.key()] = std::move(kv.value());
  doc.root = std::move(fresh);
  for (const char* path : {"apiVersion", "kind", "metadata"})
    if (!doc.locations.contains(path)) doc.locations.set(path, doc.at(""));
  two_tier_note(
      doc, diags, "",
      add_kind ? fmt::format("a file without apiVersion and kind was read as apiVersion: floe.dev/v1, kind: {}", kind)
               : std::string("a file without apiVersion was read as apiVersion: floe.dev/v1"),
      fmt::format("start the file with apiVersion: floe.dev/v1 and kind: {}", kind));
  return true;
}

void move_to_two_tier_metadata(LocatedDocument& doc, Diagnostics& diags, const char* key) {
  object& root = doc.root.get_object();
  if (!root.contains(key) || !root.contains("metadata") || !root.at("metadata").is_object()) return;
  object& metadata = root.at("metadata").get_object();
  std::string to = fmt::format("metadata.{}", key);
  if (const value* existing = metadata.if_contains(key)) {
    same_in_both_spellings(doc, diags, key, root.at(key), to, *existing);
    drop_key(doc, root, "", key);
    return;
  }
  metadata[key] = std::move(root.at(key));
  root.erase(key);
  relocate(doc, key, to);
  two_tier_note(doc, diags, to, fmt::format("'{}' was read as '{}'", key, to),
                fmt::format("move {} under metadata", key));
}

bool is_two_tier_platform(const value& root) {
  if (!root.is_object()) return false;
  const object& o = root.get_object();
  if (o.contains("apiVersion") || o.contains("kind") || !o.contains("version")) return false;
  for (const char* section : {"infrastructure", "security", "storage", "compute", "catalogs"})
    if (o.contains(section)) return true;
  const value* observability = o.if_contains("observability");
  return observability != nullptr && observability->is_object() && observability->get_object().contains("otlp_endpoint");
}

void translate_two_tier_manifest(LocatedDocument& doc, Diagnostics& diags) {
  if (!is_two_tier_platform(doc.root) || !add_two_tier_header(doc, diags, "Manifest")) return;
  move_to_two_tier_metadata(doc, diags, "version");
  name_from_directory(doc, diags);
  bool names_compute = doc.root.get_object().contains("compute");
  translate_named_section(doc, diags, "storage", "storage");
  translate_named_section(doc, diags, "catalogs", "catalog");
  translate_named_section(doc, diags, "compute", "compute");
  if (!names_compute) default_compute(doc, diags);
  translate_security(doc, diags);
  translate_otlp_endpoint(doc, diags);
  drop_infrastructure(doc, diags);
}

}  // namespace floe
