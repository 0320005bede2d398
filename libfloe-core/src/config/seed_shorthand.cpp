#include "config/seed_shorthand.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <string_view>
#include <vector>

#include "config/format_translation.hpp"

namespace floe {
namespace {

using boost::json::object;
using boost::json::value;

// Backends the seeds and the alpha name that take traces, OpenLineage
// events or both. An unknown name is taken as a telemetry backend.
constexpr std::array<std::string_view, 4> kLineageOnly = {"marquez", "atlan", "openmetadata", "datahub"};
constexpr std::array<std::string_view, 1> kTracesAndLineage = {"datadog"};

bool listed(std::string_view name, auto const& names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void translate_metadata_scope(LocatedDocument& doc, Diagnostics& diags) {
  object* metadata = child_object(doc.root, "metadata");
  if (metadata == nullptr || !metadata->contains("scope")) return;
  object& root = doc.root.get_object();
  if (value* scope = root.if_contains("scope")) {
    same_in_both_spellings(doc, diags, "metadata.scope", metadata->at("scope"), "scope", *scope);
    drop_key(doc, *metadata, "metadata", "scope");
    return;
  }
  // Out of `metadata` before `root` grows: inserting into root can move its
  // members, `metadata` among them (ASan found the stale pointer once
  // Boost.JSON was compiled in, and instrumented, with the library).
  value scope = std::move(metadata->at("scope"));
  metadata->erase("scope");
  root["scope"] = std::move(scope);
  relocate(doc, "metadata.scope", "scope");
  translation_note(doc, diags, "scope", "'metadata.scope' (ADR-0016's spelling) was read as the top-level 'scope'",
                   "both spellings work; top-level 'scope' is the canonical one (floe migrate writes it)");
}

// `compute: snowflake` means `compute: {type: snowflake}` in every tier.
void expand_bare_plugins(LocatedDocument& doc) {
  object* plugins = child_object(doc.root, "plugins");
  if (plugins == nullptr) return;
  for (auto& [category, selection] : *plugins) {
    if (!selection.is_string()) continue;
    std::string path = "plugins." + std::string(category);
    object expanded;
    expanded["type"] = std::move(selection);
    selection = std::move(expanded);
    doc.locations.set(path + ".type", doc.at(path));
    doc.locations.set(path + ".type#key", doc.key_at(path));
  }
}

// ADR-0038 selects one observability backend for the whole enterprise;
// floe has one category for traces and one for lineage.
void translate_observability(LocatedDocument& doc, Diagnostics& diags) {
  object* plugins = child_object(doc.root, "plugins");
  if (plugins == nullptr || !plugins->contains("observability") || !plugins->at("observability").is_object()) return;
  const value selection = plugins->at("observability");
  const value* type = selection.get_object().if_contains("type");
  std::string name = type != nullptr && type->is_string() ? std::string(type->get_string()) : std::string();
  std::vector<const char*> targets;
  if (!listed(name, kLineageOnly)) targets.push_back("telemetry_backend");
  if (listed(name, kLineageOnly) || listed(name, kTracesAndLineage)) targets.push_back("lineage_backend");
  std::vector<std::string> read_as;
  for (const char* target : targets) {
    std::string to = std::string("plugins.") + target;
    if (value* existing = plugins->if_contains(target)) {
      same_in_both_spellings(doc, diags, "plugins.observability", selection, to, *existing);
      continue;
    }
    (*plugins)[target] = selection;
    for (const auto& [path, where] : doc.locations.under("plugins.observability"))
      doc.locations.put(to + path.substr(std::string_view("plugins.observability").size()), where);
    read_as.push_back("'" + to + "'");
  }
  if (!read_as.empty())
    translation_note(doc, diags, "plugins.observability",
                     fmt::format("'plugins.observability' (ADR-0038's spelling) was read as {}", fmt::join(read_as, " and ")),
                     "both spellings work; it is an enterprise choice that domains inherit and cannot change");
  drop_key(doc, *plugins, "plugins", "observability");
}

}  // namespace

void translate_seed_product(LocatedDocument& doc) {
  if (!doc.root.is_object() || doc.root.get_object().contains("transforms")) return;
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::path(doc.file).parent_path();
  if (!std::filesystem::is_regular_file((dir.empty() ? std::filesystem::path(".") : dir) / "dbt_project.yml", ec))
    return;  // nothing to default to: the schema's "missing transforms" stands
  doc.root.get_object()["transforms"] = boost::json::array{object{{"type", "dbt"}, {"path", "."}}};
  for (const char* path : {"transforms", "transforms[0]", "transforms[0].type", "transforms[0].path"})
    doc.locations.set(path, doc.at(""));
}

void translate_seed_manifest(LocatedDocument& doc, Diagnostics& diags) {
  if (!doc.root.is_object()) return;
  translate_metadata_scope(doc, diags);
  expand_bare_plugins(doc);
  translate_observability(doc, diags);
}

}  // namespace floe
