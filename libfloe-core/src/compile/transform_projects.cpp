#include "compile/transform_projects.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>

#include "core/environment.hpp"
#include "core/json_path.hpp"
#include "core/sha256.hpp"
#include "core/user_cache.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// Where one transform points: its project and what it selects inside it.
struct Target {
  std::string project_dir;  // as floe opens it (product_dir joined)
  std::string path;         // the project directory relative to floe.yaml
  std::string select;       // relative to the project root; "" for the whole project
};

std::string joined(const std::string& dir, const std::string& rel) {
  if (rel.empty() || rel == ".") return dir;
  if (fs::path(rel).is_absolute() || dir == ".") return fs::path(rel).lexically_normal().string();
  return (fs::path(dir) / rel).lexically_normal().string();
}

std::string without_trailing_slash(std::string p) {
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p.empty() ? "." : p;
}

bool has_project_file(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "dbt_project.yml", ec);
}

// Walks up from `rel` (relative to floe.yaml) to the nearest directory
// holding dbt_project.yml, stopping at the product directory, or at the
// `../` ancestor a path outside it starts from.
std::optional<Target> locate(const std::string& product_dir, const std::string& rel) {
  fs::path normal = fs::path(rel.empty() ? "." : rel).lexically_normal();
  fs::path floor;  // the highest directory (relative to floe.yaml) we may look in
  if (!normal.is_absolute())
    for (const auto& part : normal) {
      if (part != "..") break;
      floor /= part;
    }
  fs::path candidate = normal;
  while (true) {
    std::string candidate_rel = without_trailing_slash(candidate.empty() ? "." : candidate.string());
    if (has_project_file(joined(product_dir, candidate_rel))) {
      std::string select = fs::path(without_trailing_slash(normal.string())).lexically_relative(candidate_rel).string();
      if (select == ".") select.clear();
      return Target{joined(product_dir, candidate_rel), candidate_rel, select};
    }
    if (candidate.empty() || candidate == "." || candidate == floor || candidate == candidate.root_path()) break;
    fs::path parent = without_trailing_slash(candidate.string());
    candidate = parent.parent_path();
  }
  return std::nullopt;
}

}  // namespace

// Where the results of parsing the project's files are kept between reads
// (libfloe-dbt's parse cache): $XDG_CACHE_HOME/floe/dbt-parse/, one file per
// working directory and project path (the results hold paths as shown).
// None with FLOE_PARSE_CACHE=off, or when this build of floe has no build id
// to tell its results from another build's.
dbt::ParseCacheOptions parse_cache_for(const std::string& project_dir) {
  dbt::ParseCacheOptions options;
  if (environment_value("FLOE_PARSE_CACHE") == "off" || running_build_id().empty()) return options;
  std::error_code ec;
  const std::string cwd = fs::current_path(ec).string();
  if (ec) return options;
  // Named by where it belongs, keyed also by the build: a new build of floe
  // replaces the file instead of leaving another beside it.
  const std::string place = fmt::format("cwd {}\nproject {}\n", cwd, project_dir);
  options.key = fmt::format("build {}\n{}", running_build_id(), place);
  options.path = (fs::path(user_cache_root()) / "dbt-parse" / (sha256_hex(place).substr(0, 32) + ".bin")).string();
  return options;
}

bool is_selected(const std::string& model_path, const std::vector<std::string>& select) {
  if (select.empty()) return true;
  return std::any_of(select.begin(), select.end(), [&](const std::string& s) {
    return model_path == s || (model_path.size() > s.size() && model_path.compare(0, s.size(), s) == 0 &&
                               model_path[s.size()] == '/');
  });
}

// Keeps the selected models; the others stay known by name so ref() to
// them is not reported as dangling.
void restrict_to_selection(TransformProject& tp) {
  if (tp.select.empty()) return;
  std::vector<dbt::DbtModel> kept;
  for (auto& m : tp.project.models) {
    if (is_selected(m.path, tp.select))
      kept.push_back(std::move(m));
    else
      tp.project.outside_selection.push_back(m.name);
  }
  tp.project.models = std::move(kept);
  std::sort(tp.project.outside_selection.begin(), tp.project.outside_selection.end());
}

namespace {

// The alpha's FloeSpec declares models by name instead of a dbt project;
// enforce those when no project exists at the path.
bool declared_models(const json::object& transform, const std::string& product_name, dbt::DbtProject& out,
                     const LocatedDocument& doc, const std::string& path) {
  auto* models = transform.if_contains("models");
  if (!models || !models->is_array()) return false;
  out.name = product_name;
  out.origin = "floe.yaml";
  for (std::size_t i = 0; i < models->as_array().size(); ++i) {
    const auto* m = models->as_array()[i].if_object();
    if (!m) continue;
    dbt::DbtModel model;
    model.name = string_at(models->as_array()[i], {"name"});
    model.unique_id = fmt::format("model.{}.{}", product_name, model.name);
    model.where = doc.at(index_path(join_path(path, "models"), i));
    if (auto* deps = m->if_contains("depends_on"); deps && deps->is_array())
      for (const auto& d : deps->as_array())
        if (d.is_string()) {
          model.refs.emplace_back(d.as_string());
          model.ref_locations.push_back(model.where);
        }
    out.models.push_back(std::move(model));
  }
  std::sort(out.models.begin(), out.models.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return true;
}

// An alpha transforms list names models; those the dbt project does not
// have are typos or deleted models, worth saying rather than ignoring.
void report_undeclared(const json::object& transform, const dbt::DbtProject& project, const LocatedDocument& doc,
                       const std::string& path, Diagnostics& diags) {
  auto* models = transform.if_contains("models");
  if (!models || !models->is_array()) return;
  for (std::size_t i = 0; i < models->as_array().size(); ++i) {
    std::string name = string_at(models->as_array()[i], {"name"});
    if (name.empty()) continue;
    bool found = std::any_of(project.models.begin(), project.models.end(), [&](const auto& m) { return m.name == name; });
    if (found || std::binary_search(project.outside_selection.begin(), project.outside_selection.end(), name)) continue;
    Diagnostic d = make_diagnostic(codes::D020, "dbt",
                                   fmt::format("transform '{}' is not a model of the dbt project '{}' at {}", name,
                                               project.name, project.root),
                                   doc.at(index_path(join_path(path, "models"), i)),
                                   "a model (a .sql file) of the dbt project",
                                   fmt::format("add models/.../{}.sql to the dbt project, or remove '{}' from transforms",
                                               name, name));
    d.severity = Severity::warning;
    d.subject = name;
    diags.add(std::move(d));
  }
}

}  // namespace

bool read_transform_projects(const LocatedDocument& product, const std::string& product_dir,
                             const std::string& product_name, Stage& stage, std::vector<TransformProject>& out,
                             Diagnostics& diags) {
  const auto* list = product.root.is_object() ? product.root.as_object().if_contains("transforms") : nullptr;
  if (!list || !list->is_array()) return true;
  bool all_read = true;
  std::vector<std::size_t> with_declared_models;  // indexes into the transforms list
  std::vector<std::size_t> declared_project;      // parallel: which entry of `out`
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const json::value& item = list->as_array()[i];
    const auto* t = item.if_object();
    if (!t || string_at(item, {"type"}) != "dbt") continue;
    std::string rel = string_at(item, {"path"});
    std::string where = index_path("transforms", i);
    std::error_code ec;
    if (!rel.empty() && !fs::exists(joined(product_dir, rel), ec)) {
      diags.add(make_diagnostic(codes::D001, "dbt", fmt::format("transforms[].path '{}' does not exist", rel),
                                product.at(join_path(where, "path")),
                                "a dbt project directory, or a folder or .sql file inside one, relative to floe.yaml",
                                "fix the path (it is relative to the directory of floe.yaml)"));
      all_read = false;
      stage.ok = false;
      stage.lines.push_back({"error", fmt::format("{} does not exist", rel)});
      continue;
    }
    std::optional<Target> target = locate(product_dir, rel);
    if (!target) {
      dbt::DbtProject project;
      if (declared_models(*t, product_name, project, product, where)) {
        stage.lines.push_back({"ok", fmt::format("{} dbt models found (declared in floe.yaml)", project.models.size())});
        out.push_back({std::move(project), rel.empty() ? "." : rel, {}});
        continue;
      }
      std::string dir = joined(product_dir, rel.empty() ? "." : rel);
      Diagnostic d = make_diagnostic(
          codes::D001, "dbt",
          fmt::format("no dbt_project.yml in {} or above it (up to the product directory)", rel.empty() ? "." : rel),
          product.at(join_path(where, "path")), "transforms[].path naming a dbt project or a path inside one",
          "point transforms[].path at the dbt project directory (the one holding dbt_project.yml) or a folder in it");
      diags.add(std::move(d));
      all_read = false;
      stage.ok = false;
      stage.lines.push_back({"error", fmt::format("the dbt project at {} could not be read", dir)});
      continue;
    }
    auto same = std::find_if(out.begin(), out.end(), [&](const TransformProject& p) { return p.path == target->path; });
    if (same == out.end()) {
      TransformProject tp;
      if (!dbt::read_dbt_project(target->project_dir, tp.project, diags, true, parse_cache_for(target->project_dir))) {
        all_read = false;
        stage.ok = false;
        stage.lines.push_back({"error", fmt::format("the dbt project at {} could not be read", target->project_dir)});
        continue;
      }
      tp.path = target->path;
      out.push_back(std::move(tp));
      same = std::prev(out.end());
    }
    // One transform naming the whole project selects all of it.
    if (target->select.empty()) {
      same->select.clear();
      same->select.push_back("");
    } else if (std::find(same->select.begin(), same->select.end(), target->select) == same->select.end()) {
      same->select.push_back(target->select);
    }
    if (t->contains("models")) {
      with_declared_models.push_back(i);
      declared_project.push_back(static_cast<std::size_t>(same - out.begin()));
    }
  }
  for (auto& tp : out) {
    if (std::find(tp.select.begin(), tp.select.end(), "") != tp.select.end()) tp.select.clear();
    std::size_t all = tp.project.models.size();
    restrict_to_selection(tp);
    std::string scope = tp.select.empty() || tp.project.models.size() == all ? std::string() : fmt::format(", {} of {} under {}", tp.project.models.size(), all,
                                                                          fmt::join(tp.select, ", "));
    if (tp.project.origin != "floe.yaml")
      stage.lines.push_back({"ok", fmt::format("{} dbt models found in {} (read from {}{})", tp.project.models.size(),
                                               tp.project.root, tp.project.origin, scope)});
  }
  for (std::size_t k = 0; k < with_declared_models.size(); ++k) {
    std::size_t i = with_declared_models[k];
    const auto& tp = out[declared_project[k]];
    report_undeclared(list->as_array()[i].as_object(), tp.project, product, index_path("transforms", i), diags);
  }
  return all_read;
}

}  // namespace floe
