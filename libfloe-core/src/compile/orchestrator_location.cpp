#include "compile/orchestrator_location.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "base/atomic_file.hpp"
#include "core/json_path.hpp"
#include "base/json_text.hpp"
#include "diag/codes.hpp"
#include "plugin/registry.hpp"

namespace floe {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kMaxArtifactBytes = 64 << 20;
constexpr const char* kLocationRecord = "floe_location.json";  // who wrote a location, for the collision check

// The floe.yaml line a plugin's complaint about `key` (schedule.timezone) is about.
SourceLocation line_of(const std::string& product_file, const std::string& message) {
  for (const char* key : {"timezone", "cron"}) {
    if (message.find(std::string("schedule.") + key) == std::string::npos) continue;
    std::ifstream in(product_file);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
      if (auto at = line.find(std::string(key) + ":"); at != std::string::npos)
        return {product_file, n, static_cast<int>(at) + 1};
  }
  return {product_file, 0, 0};
}

bool safe_relative(const std::string& path) {
  fs::path p(path);
  if (path.empty() || p.is_absolute()) return false;
  for (const auto& part : p)
    if (part == "..") return false;
  return true;
}

// Every location in `dir` and the product that wrote it.
struct Existing {
  std::string location, product_file, product;
  json::value asset_prefix;
};
std::vector<Existing> existing_locations(const std::string& dir) {
  std::vector<Existing> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    fs::path record = entry.path() / kLocationRecord;
    auto parsed = read_json_file(record.string(), 1 << 20);
    if (!parsed || !parsed.value().is_object()) continue;
    const json::value& r = parsed.value();
    const json::value* prefix = r.as_object().if_contains("asset_prefix");
    out.push_back({entry.path().filename().string(), string_at(r, {"product_file"}), string_at(r, {"product"}),
                   prefix != nullptr ? *prefix : json::value(nullptr)});
  }
  std::sort(out.begin(), out.end(), [](const Existing& a, const Existing& b) { return a.location < b.location; });
  return out;
}

// Dagster's workspace: the locations with a definitions.py (Airflow's DAGs
// and Prefect's flows have none, and get no workspace.yaml).
bool is_dagster_location(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "definitions.py", ec);
}

std::string workspace_yaml(const std::string& out_dir, const std::vector<Existing>& locations) {
  std::string text = "# Written by floe compile --orchestrator-out: every product's code location in this directory.\n"
                     "load_from:\n";
  for (const auto& l : locations)
    if (is_dagster_location(fs::path(out_dir) / l.location))
      text += fmt::format("  - python_file:\n      relative_path: {0}/definitions.py\n      working_directory: {0}\n"
                          "      location_name: {0}\n",
                          l.location);
  return text;
}

}  // namespace

void write_orchestrator_location(CompileReport& report, const CompileRequest& request, const std::string& out_dir) {
  Stage& stage = report.stage(fmt::format("Writing the orchestrator code location into {}", out_dir));
  std::string product_file = fs::absolute(request.product_path).lexically_normal().string();
  std::string artifacts_path = (fs::path(compile_output_dir(request)) / "compiled_artifacts.json").string();
  auto refuse = [&](const std::string& code, const std::string& message, SourceLocation where, std::string expected,
                    std::string hint) {
    report.diagnostics.add(make_diagnostic(code, "plugin", message, std::move(where), std::move(expected), std::move(hint)));
    stage.lines.push_back({"error", message});
    report.conclude(stage);
  };

  auto artifacts = read_json_file(artifacts_path, kMaxArtifactBytes);
  if (!artifacts || !artifacts.value().is_object()) {
    refuse(codes::P606, "the compiled artifacts cannot be read: " + (artifacts ? std::string("not an object") : artifacts.error().message),
           {artifacts_path, 0, 0}, "", "compile the product again");
    return;
  }
  std::string type = string_at(artifacts.value(), {"plugins", "orchestrator", "type"});
  if (type.empty()) {
    refuse(codes::P606, "the platform selects no orchestrator plugin", {artifacts_path, 0, 0},
           "plugins.orchestrator.type in the platform manifest", "select one, e.g. plugins: {orchestrator: {type: dagster}}");
    return;
  }
  RegistryOptions options;
  options.extra_roots = request.plugin_roots;
  options.categories = {"orchestrator"};
  Registry registry(std::move(options));
  json::object config;
  if (const json::value* c = find_path(artifacts.value(), {"plugins", "orchestrator", "config"}); c != nullptr && c->is_object())
    config = c->as_object();
  auto plugin = registry.open("orchestrator", type, json::serialize(config));
  if (!plugin) {
    refuse(codes::P606, plugin.error().message, {artifacts_path, 0, 0},
           fmt::format("the orchestrator plugin '{}' installed in floe.orchestrators/ of a plugin root", type),
           "floe plugins doctor shows where floe looks");
    return;
  }
  auto answer = registry.call_value(*plugin.value(), "create_definitions",
                                    json::object{{"artifacts", artifacts.value()}, {"product_file", product_file}});
  if (!answer) {
    refuse(codes::P606, answer.error().message, line_of(product_file, answer.error().message), "",
           "fix the product (or the platform) as the message says and compile again");
    return;
  }
  json::value location = std::move(answer).value();
  std::string name = string_at(location, {"location"});
  const json::value* files = find_path(location, {"files"});
  if (!safe_relative(name) || name.find('/') != std::string::npos || files == nullptr || !files->is_array()) {
    refuse(codes::P606, fmt::format("the orchestrator plugin '{}' answered create_definitions without a usable "
                                    "location name or files",
                                    type),
           {artifacts_path, 0, 0}, "", "report it to the plugin's authors");
    return;
  }

  std::vector<Existing> locations = existing_locations(out_dir);
  const json::value* prefix = find_path(location, {"asset_prefix"});
  for (const auto& other : locations)
    if (other.product_file != product_file &&
        (other.location == name || (prefix != nullptr && other.asset_prefix == *prefix))) {
      refuse(codes::P607,
             fmt::format("products {} ({}) and {} ({}) would both produce the {} names {} (asset keys, DAG or flow id): one "
                         "directory cannot hold both",
                         other.product, other.product_file, string_at(artifacts.value(), {"product", "name"}),
                         product_file, type, name),
             {product_file, 0, 0},
             "product (and domain) names that stay distinct in the orchestrator's names (Dagster: [a-z0-9_], "
             "Airflow and Prefect: [A-Za-z0-9_.-])",
             "rename one product, or write their locations into different directories");
      return;
    }

  fs::path dir = fs::path(out_dir) / name;
  std::vector<std::pair<std::string, std::string>> outputs;
  for (const auto& f : files->as_array()) {
    std::string path = string_at(f, {"path"});
    if (!safe_relative(path)) {
      refuse(codes::P606, fmt::format("the orchestrator plugin '{}' named a file outside its location: '{}'", type, path),
             {artifacts_path, 0, 0}, "", "report it to the plugin's authors");
      return;
    }
    outputs.emplace_back((dir / path).string(), string_at(f, {"content"}));
  }
  json::object record{{"product", string_at(artifacts.value(), {"product", "name"})},
                      {"product_file", product_file},
                      {"asset_prefix", prefix != nullptr ? *prefix : json::value(nullptr)},
                      {"orchestrator", type}};
  outputs.emplace_back((dir / kLocationRecord).string(), json::serialize(record) + "\n");
  for (const auto& [path, content] : outputs) {
    auto written = write_file_if_changed(path, content);
    if (!written) {
      report.diagnostics.add(output_write_failure(path, written.error().message));
      report.conclude(stage);
      return;
    }
    if (*written) report.written.push_back(path);
  }
  if (std::none_of(locations.begin(), locations.end(), [&](const Existing& l) { return l.location == name; }))
    locations.push_back({name, product_file, "", json::value(nullptr)});
  std::sort(locations.begin(), locations.end(), [](const Existing& a, const Existing& b) { return a.location < b.location; });
  std::string workspace = (fs::path(out_dir) / "workspace.yaml").string();
  bool any_dagster = std::any_of(locations.begin(), locations.end(),
                                 [&](const Existing& l) { return is_dagster_location(fs::path(out_dir) / l.location); });
  if (!any_dagster) {
    // nothing for Dagster to load
  } else if (auto written = write_file_if_changed(workspace, workspace_yaml(out_dir, locations)); !written) {
    report.diagnostics.add(output_write_failure(workspace, written.error().message));
  } else if (*written) {
    report.written.push_back(workspace);
  }
  stage.lines.push_back({"ok", fmt::format("{} code location {} in {} ({} location(s) in the directory)", type, name,
                                           dir.string(), locations.size())});
  report.conclude(stage);
}

}  // namespace floe
