// The two-tier floe.yaml, read as a data product. Its transforms named a dbt
// project and globs of model files; floe's transforms name a directory (or
// .sql file) inside a dbt project, and floe finds the dbt_project.yml above it.

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/input_file.hpp"
#include "config/format_translation.hpp"
#include "config/yaml_reader.hpp"
#include "config/two_tier_compat.hpp"
#include "base/paths.hpp"

namespace floe {
namespace {

namespace fs = std::filesystem;
using boost::json::array;
using boost::json::object;
using boost::json::value;
using Locations = LocationMap;

std::string string_or_empty(const object& o, const char* key) {
  const value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool is_two_tier_transform(const value& t) {
  if (!t.is_object()) return false;
  if (t.get_object().contains("project")) return true;
  const value* models = t.get_object().if_contains("models");
  return models != nullptr && models->is_array() &&
         std::any_of(models->get_array().begin(), models->get_array().end(),
                     [](const value& m) { return m.is_object() && m.get_object().contains("path"); });
}

// Copies the locations at or under `from` (in a snapshot) to `to`.
void copy_locations(const Locations& old, const std::string& from, const std::string& to, Locations& out) {
  for (const auto& [path, where] : old.under(from)) out.put(to + path.substr(from.size()), where);
}

std::string join_relative(const std::string& dir, const std::string& sub) {
  if (dir.empty() || dir == ".") return sub;
  if (sub.empty() || sub == ".") return dir;
  std::string joined = (fs::path(dir) / sub).lexically_normal().generic_string();
  while (joined.size() > 1 && joined.back() == '/') joined.pop_back();
  return joined;
}

// `models/bronze/*.sql` -> `models/bronze`; a path without wildcards stays;
// a glob that selects only some files of a directory widens to the
// directory (lossy).
struct ModelsPath {
  std::string path;
  bool lossy = false;
};

ModelsPath models_path(std::string glob) {
  while (glob.size() > 1 && glob.back() == '/') glob.pop_back();
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    std::size_t slash = glob.find('/', start);
    parts.push_back(glob.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  auto wild = std::find_if(parts.begin(), parts.end(),
                           [](const std::string& p) { return p.find_first_of("*?[{") != std::string::npos; });
  if (wild == parts.end()) return {glob, false};
  std::vector<std::string> rest(wild, parts.end());
  static const std::vector<std::vector<std::string>> kWholeDirectory = {{"*.sql"}, {"**", "*.sql"}, {"**"}, {"*"}};
  bool whole = std::find(kWholeDirectory.begin(), kWholeDirectory.end(), rest) != kWholeDirectory.end();
  std::string dir;
  for (auto it = parts.begin(); it != wild; ++it) dir += (dir.empty() ? "" : "/") + *it;
  return {dir.empty() ? "." : dir, !whole};
}

// `project` names a subdirectory holding dbt_project.yml, or the dbt
// project (its `name:`) in the product directory itself.
struct ProjectDir {
  std::string path;  // relative to the product directory
  std::string how;   // for the note
};

std::string dbt_project_name(const fs::path& file) {
  // Unreadable: compile's dbt reader reports it with its line.
  auto text = read_input_file(file.string(), InputRules{input_limits::kDbtFile});
  if (!text) return "";
  LocatedDocument doc;
  Diagnostics ignored;
  if (!read_yaml_document(*text, file.string(), doc, ignored) || !doc.root.is_object()) return "";
  const value* name = doc.root.get_object().if_contains("name");
  if (name == nullptr || name->is_null() || name->is_object() || name->is_array()) return "";
  return name->is_string() ? std::string(name->get_string()) : boost::json::serialize(*name);
}

ProjectDir find_project(const std::string& product_dir, const std::string& project) {
  std::error_code ec;
  if (fs::exists(fs::path(product_dir) / project / "dbt_project.yml", ec))
    return {join_relative(".", project), fmt::format("'{}' is the subdirectory holding its dbt_project.yml", project)};
  fs::path here = fs::path(product_dir) / "dbt_project.yml";
  if (fs::exists(here, ec) && dbt_project_name(here) == project)
    return {".", fmt::format("'{}' is the dbt project in the product directory", project)};
  return {join_relative(".", project),
          fmt::format("no dbt project '{}' was found (neither {}/dbt_project.yml nor a dbt_project.yml with name: {} "
                      "beside floe.yaml), so it is taken as a subdirectory",
                      project, project, project)};
}

// Where one two-tier transform goes: one modern transform per model path.
struct Plan {
  struct Target {
    std::string path, from_path, glob;
    bool lossy;
  };
  ProjectDir dir;
  std::vector<Target> targets;
  std::vector<std::size_t> declared;  // models without a path: floe's declared models
  std::vector<std::string> lost;      // keys of model entries floe has no place for
};

Plan plan_transform(const object& t, const std::string& from, const std::string& product_dir) {
  Plan plan;
  std::string project = string_or_empty(t, "project");
  plan.dir = project.empty() ? ProjectDir{".", ""} : find_project(product_dir, project);
  const value* models = t.if_contains("models");
  if (models != nullptr && models->is_array())
    for (std::size_t k = 0; k < models->get_array().size(); ++k) {
      const value& m = models->get_array()[k];
      std::string at = index_path(from + ".models", k);
      const value* glob = m.is_object() ? m.get_object().if_contains("path") : nullptr;
      if (glob == nullptr || !glob->is_string()) {
        plan.declared.push_back(k);
        continue;
      }
      ModelsPath p = models_path(std::string(glob->get_string()));
      plan.targets.push_back({join_relative(plan.dir.path, p.path), at + ".path", std::string(glob->get_string()), p.lossy});
      for (const auto& [key, unused] : m.get_object())
        if (key != "path") plan.lost.push_back(join_path(at, std::string(key)));
    }
  if (plan.targets.empty())
    plan.targets.push_back({plan.dir.path, join_path(from, project.empty() ? "models" : "project"), "", false});
  return plan;
}

std::string describe(const Plan& plan, const std::string& shown, const std::vector<std::string>& names) {
  std::vector<std::string> read_as;
  for (std::size_t j = 0; j < plan.targets.size(); ++j)
    read_as.push_back(fmt::format("{{{}type: dbt, path: {}}}", names.empty() ? "" : "name: " + names[j] + ", ",
                                  plan.targets[j].path));
  std::string message = fmt::format("transform {} was read as {}", shown, fmt::join(read_as, ", "));
  if (!plan.dir.how.empty()) message += fmt::format(" ({})", plan.dir.how);
  for (const auto& target : plan.targets)
    if (target.lossy)
      message += fmt::format("; '{}' selects only some files of a directory and was widened to the whole directory "
                             "'{}' (lossy)",
                             target.glob, target.path);
  if (plan.targets.size() > 1)
    message += fmt::format("; its {} model paths became {} transforms", plan.targets.size(), plan.targets.size());
  if (!plan.lost.empty())
    message += fmt::format("; {} {} no equivalent and {} dropped (lossy)", fmt::join(plan.lost, ", "),
                           plan.lost.size() == 1 ? "has" : "have", plan.lost.size() == 1 ? "was" : "were");
  return message;
}

// One two-tier transform at `from` (its index in the old list) becomes the
// planned transforms, appended to `out` with their locations.
void expand_transform(LocatedDocument& doc, Diagnostics& diags, const Locations& old, const object& t,
                      const std::string& from, const Plan& plan, array& out) {
  std::string name = string_or_empty(t, "name");
  std::size_t first = out.size();
  std::vector<std::string> names;
  for (std::size_t j = 0; j < plan.targets.size(); ++j) {
    std::string to = index_path("transforms", out.size());
    object n;
    doc.locations.set(to, old.find(from).value_or(doc.at("transforms")));
    if (!name.empty()) {
      names.push_back(j == 0 ? name : fmt::format("{}_{}", name, j + 1));
      n["name"] = names.back();
      copy_locations(old, join_path(from, "name"), join_path(to, "name"), doc.locations);
    }
    n["type"] = t.contains("type") ? t.at("type") : value("dbt");
    copy_locations(old, join_path(from, t.contains("type") ? "type" : "project"), join_path(to, "type"), doc.locations);
    n["path"] = plan.targets[j].path;
    copy_locations(old, plan.targets[j].from_path, join_path(to, "path"), doc.locations);
    if (j == 0) {
      // Declared models and keys floe does not know stay with the first, so
      // the schema reports an unknown key once, at its line.
      if (!plan.declared.empty()) {
        array kept;
        for (std::size_t k : plan.declared) {
          copy_locations(old, index_path(from + ".models", k), index_path(to + ".models", kept.size()), doc.locations);
          kept.push_back(t.at("models").get_array()[k]);
        }
        n["models"] = std::move(kept);
        copy_locations(old, join_path(from, "models"), join_path(to, "models"), doc.locations);
      }
      for (const auto& [key, v] : t)
        if (key != "name" && key != "type" && key != "project" && key != "models" && key != "path") {
          n[key] = v;
          copy_locations(old, join_path(from, std::string(key)), join_path(to, std::string(key)), doc.locations);
        }
    }
    out.push_back(std::move(n));
  }
  two_tier_note(doc, diags, index_path("transforms", first),
                describe(plan, name.empty() ? from : "'" + name + "'", names),
                "write each transform as {name, type: dbt, path: <directory or .sql file inside the dbt project>}");
}

// Returns the names of the transforms, as the schedules refer to them.
std::vector<std::string> translate_transforms(LocatedDocument& doc, Diagnostics& diags) {
  std::vector<std::string> names;
  value* transforms = doc.root.get_object().if_contains("transforms");
  if (transforms == nullptr || !transforms->is_array()) return names;
  array& items = transforms->get_array();
  for (const auto& t : items)
    if (t.is_object()) names.push_back(string_or_empty(t.get_object(), "name"));
  if (std::none_of(items.begin(), items.end(), is_two_tier_transform)) return names;

  std::string product_dir = directory_of(doc.file);
  std::vector<Plan> plans(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!is_two_tier_transform(items[i])) continue;
    std::string from = index_path("transforms", i);
    plans[i] = plan_transform(items[i].get_object(), from, product_dir);
    if (const value* given = items[i].get_object().if_contains("path"))  // the new spelling beside the old one
      same_in_both_spellings(doc, diags, join_path(from, "project"), value(plans[i].targets[0].path),
                             join_path(from, "path"), *given);
  }
  // Items move to new indexes: rebuild their locations from a snapshot.
  Locations old = doc.locations;
  for (const auto& [path, where] : old.under("transforms"))
    if (path.rfind("transforms[", 0) == 0) doc.locations.erase(path);
  array out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string from = index_path("transforms", i);
    if (is_two_tier_transform(items[i])) {
      expand_transform(doc, diags, old, items[i].get_object(), from, plans[i], out);
    } else {
      copy_locations(old, from, index_path("transforms", out.size()), doc.locations);
      out.push_back(items[i]);
    }
  }
  items = std::move(out);
  return names;
}

// floe runs the whole product on one schedule: the first two-tier schedule
// becomes it; more schedules, or one that runs only some transforms, are lossy.
void translate_schedules(LocatedDocument& doc, Diagnostics& diags, const std::vector<std::string>& transform_names) {
  object& root = doc.root.get_object();
  value* v = root.if_contains("schedules");
  if (v == nullptr || !v->is_array()) return;  // left for the schema: unknown key
  array schedules = v->get_array();
  if (schedules.empty() || !schedules[0].is_object()) {
    two_tier_note(doc, diags, "schedules", "'schedules' holds no schedule and was dropped", "remove schedules");
    drop_key(doc, root, "", "schedules");
    return;
  }
  const object& first = schedules[0].get_object();
  object schedule;
  std::vector<std::string> remarks;
  std::string label = first.contains("name") ? fmt::format("'schedules[0]' ({})", string_or_empty(first, "name"))
                                             : std::string("'schedules[0]'");
  for (const auto& [key, member] : first) {
    if (key == "name") continue;  // a label only
    if (key == "transforms") {
      std::set<std::string> runs, all(transform_names.begin(), transform_names.end());
      if (member.is_array())
        for (const auto& t : member.get_array())
          if (t.is_string()) runs.insert(std::string(t.get_string()));
      if (runs != all)
        remarks.push_back(fmt::format("it ran only some transforms ({}), but a floe schedule runs the whole product (lossy)",
                                      fmt::join(runs, ", ")));
      continue;
    }
    schedule[key] = member;
  }
  std::vector<std::string> dropped;
  for (std::size_t i = 1; i < schedules.size(); ++i) {
    const value* name = schedules[i].is_object() ? schedules[i].get_object().if_contains("name") : nullptr;
    dropped.push_back(name != nullptr && name->is_string() ? std::string(name->get_string()) : index_path("schedules", i));
  }
  if (!dropped.empty())
    remarks.push_back(fmt::format("{} dropped: a floe product has one schedule (lossy)", fmt::join(dropped, ", ")));
  if (const value* existing = root.if_contains("schedule")) {
    same_in_both_spellings(doc, diags, "schedules[0]", value(schedule), "schedule", *existing);
  } else {
    for (const auto& [key, unused] : schedule) relocate(doc, "schedules[0]." + std::string(key), "schedule." + std::string(key));
    doc.locations.set("schedule", doc.at("schedules[0]"));
    doc.locations.set("schedule#key", doc.key_at("schedules"));
    root["schedule"] = std::move(schedule);
    std::string message = fmt::format("{} was read as 'schedule'", label);
    for (const auto& r : remarks) message += "; " + r;
    two_tier_note(doc, diags, "schedule", message, "write schedule: {cron: ..., timezone: ...}");
  }
  drop_key(doc, root, "", "schedules");
}

void default_platform_ref(LocatedDocument& doc, Diagnostics& diags) {
  object& root = doc.root.get_object();
  if (root.contains("platform")) return;
  root["platform"] = object{{"ref", "platform.yaml"}};
  for (const char* path : {"platform", "platform.ref"}) doc.locations.set(path, doc.at(""));
  two_tier_note(doc, diags, "platform.ref",
                "the floe.yaml names no platform (the platform.yaml was chosen per environment); read as platform.ref: "
                "platform.yaml, the file beside it",
                "set platform.ref to the platform's manifest (floe compile --platform REF overrides it)");
}

void drop_profiles(LocatedDocument& doc, Diagnostics& diags) {
  object& root = doc.root.get_object();
  const value* profiles = root.if_contains("profiles");
  if (profiles == nullptr) return;
  std::vector<std::string> named;
  if (profiles->is_object())
    for (const auto& [key, choice] : profiles->get_object())
      if (choice != "default") named.push_back(fmt::format("{}: {}", std::string(key), boost::json::serialize(choice)));
  std::string message =
      "'profiles' has no equivalent and was dropped: the platform decides storage, catalog and compute now "
      "(plugins in its manifest)";
  if (!named.empty()) message += fmt::format("; the named choices ({}) are lost (lossy)", fmt::join(named, ", "));
  two_tier_note(doc, diags, "profiles", message, "remove profiles; select plugins in the platform manifest");
  drop_key(doc, root, "", "profiles");
}

}  // namespace

bool is_two_tier_product(const value& root) {
  if (!root.is_object()) return false;
  const object& o = root.get_object();
  // A two-tier platform.yaml has a version too; given as a product, the
  // schema says what it lacks rather than translating it as one.
  if (o.contains("apiVersion") || is_two_tier_platform(root)) return false;
  for (const char* key : {"name", "version", "profiles", "schedules"})
    if (o.contains(key)) return true;
  const value* transforms = o.if_contains("transforms");
  return transforms != nullptr && transforms->is_array() &&
         std::any_of(transforms->get_array().begin(), transforms->get_array().end(),
                     [](const value& t) { return t.is_object() && t.get_object().contains("project"); });
}

void translate_two_tier_product(LocatedDocument& doc, Diagnostics& diags) {
  if (!is_two_tier_product(doc.root) || !add_two_tier_header(doc, diags, "DataProduct")) return;
  move_to_two_tier_metadata(doc, diags, "name");
  move_to_two_tier_metadata(doc, diags, "version");
  default_platform_ref(doc, diags);
  drop_profiles(doc, diags);
  translate_schedules(doc, diags, translate_transforms(doc, diags));
}

}  // namespace floe
