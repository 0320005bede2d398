#include "compile/lake_profile.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

#include "compile/secret_refs.hpp"
#include "base/atomic_file.hpp"
#include "core/json_path.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// dbt reads every secret from the environment: each of the selection's
// references becomes the variable floe run exports it as (env:NAME), the
// form the plugins turn into "{{ env_var('NAME') }}".
json::object dbt_secret_references(const json::object& selection) {
  json::object out;
  const json::value* secrets = selection.if_contains("secrets");
  if (secrets == nullptr || !secrets->is_object()) return out;
  for (const auto& [key, reference] : secrets->as_object())
    if (reference.is_object()) out[key] = "env:" + secret_env_var(std::string(key), reference.as_object());
  return out;
}

struct PluginAnswer {
  std::optional<json::object> answer;
  Error error;
};

// Opens the selection's plugin, asks `method` (with `request` and the
// selection's secret references), closes it.
PluginAnswer ask(Registry& registry, const char* category, const json::object& selection, const char* method,
                 json::object request = {}) {
  std::string type = selection.contains("type") && selection.at("type").is_string()
                         ? std::string(selection.at("type").as_string())
                         : std::string();
  std::string config = "{}";
  if (const json::value* c = selection.if_contains("config"); c != nullptr && c->is_object()) config = json::serialize(*c);
  auto instance = registry.open(category, type, config);
  if (!instance) return {std::nullopt, instance.error()};
  if (json::object secrets = dbt_secret_references(selection); !secrets.empty()) request["secrets"] = std::move(secrets);
  auto reply = registry.call_value(**instance, method, request);
  registry.close(*instance);
  if (!reply) return {std::nullopt, reply.error()};
  json::value parsed = std::move(reply).value();
  if (!parsed.is_object())
    return {std::nullopt, make_error(FLOE_ERR_PLUGIN_FAILED, fmt::format("{} answered something that is not a JSON object", method))};
  return {std::move(parsed.as_object()), {}};
}

const json::object* selection_of(const json::object& plugins, const char* category) {
  const json::value* s = plugins.if_contains(category);
  return s != nullptr && s->is_object() && s->as_object().contains("type") ? &s->as_object() : nullptr;
}

// The storage's FileIO properties (get_fileio_config) put through the
// catalog's get_engine_config for Spark: the catalog plugin names the keys
// (spark.sql.catalog.<name>.*) and drops those a Java FileIO does not read.
// {} when either plugin does not answer; a compile without Spark ignores it.
json::object spark_engine_config(Registry& registry, const json::object& catalog, const json::object& storage) {
  PluginAnswer fileio = ask(registry, "storage", storage, "get_fileio_config");
  if (!fileio.answer) return {};
  PluginAnswer engine = ask(registry, "catalog", catalog, "get_engine_config",
                            {{"engine", "spark"}, {"storage", std::move(*fileio.answer)}});
  return engine.answer ? std::move(*engine.answer) : json::object();
}

}  // namespace

std::optional<LakeRequest> lake_request(Registry& registry, const json::object& platform_plugins, const std::string& ns,
                                        const SourceLocation& where, Diagnostics& diags, std::string& note) {
  const json::object* catalog = selection_of(platform_plugins, "catalog");
  if (catalog == nullptr) return std::nullopt;
  LakeRequest lake;
  lake.catalog_type = std::string(catalog->at("type").as_string());
  lake.ns = ns;
  PluginAnswer block = ask(registry, "catalog", *catalog, "get_dbt_catalog_config");
  if (!block.answer) {
    if (block.error.code == FLOE_ERR_NOT_FOUND) return std::nullopt;  // not installed: check_selected_plugins says so
    if (block.error.code == FLOE_ERR_INVALID_STATE) {
      note = fmt::format("no lake target: catalog '{}' has no endpoint to attach ({})", lake.catalog_type,
                         block.error.message);
      return std::nullopt;
    }
    diags.add(make_diagnostic(codes::P602, "plugin",
                              fmt::format("catalog plugin '{}' cannot describe its dbt attachment: {}", lake.catalog_type,
                                          block.error.message),
                              where, {}, "fix plugins.catalog in the platform manifest (floe plugins info catalog " +
                                             lake.catalog_type + " shows its schema)"));
    return std::nullopt;
  }
  lake.catalog = std::move(*block.answer);
  // A reference the catalog's own config holds (the alpha's
  // oauth2.client_secret: {secret_ref: NAME}) comes back as "secret_ref:NAME";
  // dbt reads only variables: the one floe run exports it as.
  if (json::value* credentials = lake.catalog.if_contains("credentials"); credentials != nullptr && credentials->is_object())
    for (auto& [key, reference] : credentials->as_object()) {
      if (!reference.is_string()) continue;
      std::string text(reference.as_string());
      if (text.rfind("secret_ref:", 0) == 0)
        reference = "env:" + secret_env_var(std::string(key), json::object{{"secret_ref", text.substr(11)}});
    }
  if (const json::object* storage = selection_of(platform_plugins, "storage")) {
    PluginAnswer settings = ask(registry, "storage", *storage, "get_dbt_profile_config");
    if (!settings.answer && settings.error.code != FLOE_ERR_NOT_FOUND) {
      diags.add(make_diagnostic(codes::P602, "plugin",
                                fmt::format("storage plugin '{}' cannot describe its dbt settings: {}",
                                            std::string(storage->at("type").as_string()), settings.error.message),
                                where, {}, "fix plugins.storage in the platform manifest"));
      return std::nullopt;
    }
    if (settings.answer) lake.storage = std::move(*settings.answer);
    lake.spark_engine = spark_engine_config(registry, *catalog, *storage);
  }
  return lake;
}

void merge_spark_engine_properties(json::object& output, const json::object& spark_engine) {
  json::value* parameters = output.if_contains("server_side_parameters");
  if (string_at(output, {"type"}) != "spark" || parameters == nullptr || !parameters->is_object()) return;
  json::object& into = parameters->as_object();
  if (const json::value* p = spark_engine.if_contains("properties"); p != nullptr && p->is_object())
    for (const auto& [key, value] : p->as_object())
      if (!into.contains(key) && value.is_string()) into[key] = value;
  if (const json::value* p = spark_engine.if_contains("secret_properties"); p != nullptr && p->is_object())
    for (const auto& [key, reference] : p->as_object()) {
      std::string_view ref = reference.is_string() ? std::string_view(reference.as_string()) : std::string_view();
      // dbt_secret_references made every storage secret an env:NAME reference.
      if (!into.contains(key) && ref.starts_with("env:")) into[key] = env_var_placeholder(std::string(ref.substr(4)));
    }
}

void merge_storage_profile(json::object& output, const json::object& storage) {
  if (const json::value* type = output.if_contains("type"); type == nullptr || *type != "duckdb") return;
  if (const json::value* settings = storage.if_contains("settings"); settings != nullptr && settings->is_object()) {
    json::value& target = output["settings"];
    if (!target.is_object()) target = json::object();
    for (const auto& [key, value] : settings->as_object()) target.as_object()[key] = value;
  }
  if (const json::value* secrets = storage.if_contains("secrets"); secrets != nullptr && secrets->is_array()) {
    json::value& target = output["secrets"];
    if (!target.is_array()) target = json::array();
    for (const auto& secret : secrets->as_array()) target.as_array().push_back(secret);
  }
  if (const json::value* extensions = storage.if_contains("extensions"); extensions != nullptr && extensions->is_array()) {
    std::set<std::string> all;
    if (const json::value* own = output.if_contains("extensions"); own != nullptr && own->is_array())
      for (const auto& e : own->as_array())
        if (e.is_string()) all.emplace(e.as_string());
    for (const auto& e : extensions->as_array())
      if (e.is_string()) all.emplace(e.as_string());
    output["extensions"] = json::array(all.begin(), all.end());
  }
}

void remove_other_package_files(const fs::path& root, const std::set<std::string>& kept) {
  std::error_code ec;
  std::vector<fs::path> stale;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    bool file = it->is_symlink(ec) || it->is_regular_file(ec);
    if (file && kept.count(it->path().lexically_relative(root).generic_string()) == 0) stale.push_back(it->path());
  }
  for (const auto& path : stale) fs::remove(path, ec);
}

std::optional<std::string> write_lake_package(const LakeRequest& lake, const std::string& dir,
                                              std::vector<std::string>& written) {
  std::string name = string_at(lake.package, {"name"});
  const json::value* files = lake.package.if_contains("files");
  bool plain_name = !name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
  if (!plain_name || files == nullptr || !files->is_object())
    return std::string("the compute plugin's dbt_package has no plain name or no files");
  fs::path root = fs::path(dir) / name;
  for (const auto& [relative, text] : files->as_object()) {
    fs::path path = (root / std::string(relative)).lexically_normal();
    auto [end, ignored] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    if (end != root.end() || fs::path(std::string(relative)).is_absolute() || !text.is_string())
      return fmt::format("the compute plugin's dbt_package file '{}' is not a text file inside the package", std::string(relative));
    // Unsynced: compile outputs, recorded by digest (atomic_file.hpp).
    auto ok = write_file_if_changed(path.string(), std::string(text.as_string()), Durability::unsynced);
    if (!ok) return ok.error().message;
    written.push_back(path.string());
  }
  std::set<std::string> kept;
  for (const auto& [relative, text] : files->as_object())
    kept.insert(fs::path(std::string(relative)).lexically_normal().generic_string());
  remove_other_package_files(root, kept);
  return std::nullopt;
}

std::string declared_commits(const json::object& package) {
  std::string mode = string_at(package, {"commits"}, "per_table");
  return mode == "one_transaction" || mode == "staged_on_branch" || mode == "data_files" ? mode : "per_table";
}

json::object lake_description(const LakeRequest& lake, const std::string& package_path) {
  const json::value* name = lake.catalog.if_contains("name");
  return {{"target", kDbtLakeTarget},
          {"catalog", lake.catalog_type},
          {"database", name != nullptr ? *name : json::value(nullptr)},
          {"namespace", lake.ns},
          {"package_path", package_path},
          {"commits", declared_commits(lake.package)},
          // Its floe_lake.read_inputs copies input ports from the lake (only a true declares it).
          {"reads_inputs", find_path(lake.package, {"reads_inputs"}) != nullptr &&
                               *find_path(lake.package, {"reads_inputs"}) == true}};
}

}  // namespace floe
