#include "compile/compile_cache.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "base/atomic_file.hpp"
#include "base/json_text.hpp"
#include "base/input_file.hpp"
#include "core/sha256.hpp"
#include "floe/core.h"

namespace floe {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr int kFormat = 1;

// What decides which plugin is found and how output is dated, besides the request.
constexpr const char* kEnvironment[] = {"FLOE_PLUGIN_PATH", "VIRTUAL_ENV", "XDG_DATA_HOME", "HOME",
                                        "SOURCE_DATE_EPOCH"};

std::string today_utc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

bool dbt_file(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".sql" || ext == ".yml" || ext == ".yaml";
}

// The dbt files of a project directory, sorted: what libfloe-dbt may read
// (models, snapshots, properties, dbt_project.yml) and target/manifest.json,
// without dbt's and floe's output (target/, logs/, dbt_packages/ are not
// sources) or hidden directories.
std::vector<std::string> tree_files(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    if (it->is_directory(ec)) {
      if (name.starts_with(".") || (it.depth() == 0 && (name == "target" || name == "logs" || name == "dbt_packages")))
        it.disable_recursion_pending();
      continue;
    }
    if (dbt_file(p) && !name.starts_with(".")) out.push_back(p.string());
  }
  fs::path manifest = fs::path(dir) / "target" / "manifest.json";
  if (fs::is_regular_file(manifest, ec)) out.push_back(manifest.string());
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::int64_t> file_size(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return static_cast<std::int64_t>(st.st_size);
}

Result<json::object> describe_file(const std::string& path) {
  auto described = sized_sha256_file_hex(path);
  if (!described) return make_error(FLOE_ERR_IO, fmt::format("{} cannot be read", path));
  return json::object{{"path", path}, {"size", described->size}, {"sha256", std::move(described->sha256)}};
}

json::object file_identity(const struct stat& st) {
  return {{"size", static_cast<std::int64_t>(st.st_size)},
          {"mtime_ns", static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec},
          {"inode", static_cast<std::uint64_t>(st.st_ino)}};
}

Result<json::object> describe_binary(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return make_error(FLOE_ERR_IO, fmt::format("{} cannot be read", path));
  json::object o = file_identity(st);
  o["path"] = path;
  return o;
}

std::string binary_change(const json::value& entry) {
  const auto* o = entry.if_object();
  const auto* path = o ? o->if_contains("path") : nullptr;
  if (!path || !path->is_string()) return "the record is malformed";
  struct stat st {};
  std::string p(path->get_string());
  if (::stat(p.c_str(), &st) != 0) return fmt::format("{} is gone", p);
  json::object now = file_identity(st);
  now["path"] = p;
  return now == *o ? std::string() : fmt::format("{} was replaced", p);
}

// "" when the recorded file is unchanged, else what changed. Sizes first: a
// file of another size changed without reading it.
std::string file_change(const json::value& entry) {
  const auto* o = entry.if_object();
  const auto* path = o ? o->if_contains("path") : nullptr;
  const auto* size = o ? o->if_contains("size") : nullptr;
  const auto* digest = o ? o->if_contains("sha256") : nullptr;
  if (!path || !path->is_string() || !size || !size->is_int64() || !digest || !digest->is_string())
    return "the record is malformed";
  std::string p(path->get_string());
  // One open: the size from it, the content hashed only when the size is the same.
  auto now = sized_sha256_file_hex(p, size->get_int64());
  if (!now) return file_size(p) ? fmt::format("{} changed", p) : fmt::format("{} is gone", p);
  if (now->size != size->get_int64() || now->sha256 != digest->get_string()) return fmt::format("{} changed", p);
  return {};
}

std::vector<std::string> recorded_paths(const json::array& files) {
  std::vector<std::string> out;
  for (const auto& f : files)
    if (const auto* p = f.is_object() ? f.get_object().if_contains("path") : nullptr; p && p->is_string())
      out.emplace_back(p->get_string());
  return out;
}

// "" when everything recorded is unchanged, else the first change.
std::string first_change(const json::object& record, const json::value& key) {
  if (record.if_contains("key") == nullptr || record.at("key") != key) {
    const auto* old_key = record.if_contains("key");
    const auto* old = old_key && old_key->is_object() ? old_key->get_object().if_contains("floe") : nullptr;
    if (old && *old != key.at("floe")) return "floe's version changed";
    if (old_key && old_key->is_object() && old_key->get_object().if_contains("date") &&
        old_key->get_object().at("date") != key.at("date"))
      return "the date changed (policy overrides expire by date)";
    return "the options or the environment changed";
  }
  for (const char* list : {"files", "outputs", "binaries"}) {
    const auto* files = record.if_contains(list);
    if (!files || !files->is_array()) return "the record is malformed";
    for (const auto& f : files->get_array())
      if (std::string why = list == std::string_view("binaries") ? binary_change(f) : file_change(f); !why.empty())
        return why;
  }
  // A dbt file added or removed: the trees must hold exactly the files recorded.
  const auto* trees = record.if_contains("trees");
  if (!trees || !trees->is_array()) return "the record is malformed";
  std::set<std::string> recorded;
  for (const auto& p : recorded_paths(record.at("files").get_array())) recorded.insert(p);
  for (const auto& t : trees->get_array()) {
    if (!t.is_string()) return "the record is malformed";
    for (const auto& f : tree_files(std::string(t.get_string())))
      if (!recorded.count(f)) return fmt::format("{} is new", f);
  }
  return {};
}

// The recorded report has what a hit rewrites: stages of lines with text,
// and the files written.
bool report_shape_ok(const json::value& report) {
  const auto* o = report.if_object();
  const auto* stages = o ? o->if_contains("stages") : nullptr;
  const auto* written = o ? o->if_contains("written") : nullptr;
  if (!stages || !stages->is_array() || !written || !written->is_array()) return false;
  for (const auto& w : written->get_array())
    if (!w.is_string()) return false;
  for (const auto& stage : stages->get_array()) {
    const auto* lines = stage.is_object() ? stage.get_object().if_contains("lines") : nullptr;
    if (!lines || !lines->is_array()) return false;
    for (const auto& line : lines->get_array()) {
      const auto* text = line.is_object() ? line.get_object().if_contains("text") : nullptr;
      if (!text || !text->is_string()) return false;
    }
  }
  return true;
}

}  // namespace

std::string compile_cache_path(const std::string& output_dir) {
  return (fs::path(output_dir) / ".floe-compile-cache.json").string();
}

json::value compile_cache_key(const json::object& request) {
  json::object env;
  for (const char* name : kEnvironment)
    if (const char* v = std::getenv(name)) env[name] = v;
  std::error_code ec;
  return json::object{{"floe", floe_version_string()},
                      {"request", request},
                      {"cwd", fs::current_path(ec).string()},
                      {"date", today_utc()},
                      {"environment", std::move(env)}};
}

CacheLookup lookup_compile_cache(const std::string& path, const json::value& key) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return {};
  auto record = read_json_file(path, input_limits::kConfigFile);
  if (!record || !record->is_object() || !record->as_object().if_contains("format") ||
      record->as_object().at("format") != json::value(kFormat) || !record->as_object().if_contains("report") ||
      !report_shape_ok(record->as_object().at("report")))
    return {std::nullopt, fmt::format("ignored {}: it is not a compile record this floe wrote (corrupt or of another "
                                      "version); compiled again",
                                      path)};
  std::string change = first_change(record->as_object(), key);
  if (!change.empty()) return {std::nullopt, fmt::format("compiled again: {} since the last compile", change)};
  return {std::move(record->as_object().at("report")), {}};
}

Result<Ok> record_compile_cache(const std::string& path, const json::value& key, const CompileInputs& inputs,
                                const json::value& report) {
  std::vector<std::string> files = inputs.files;
  for (const auto& t : inputs.trees)
    for (auto& f : tree_files(t)) files.push_back(std::move(f));
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  json::array described, outputs;
  for (const auto& f : files) {
    auto d = describe_file(f);
    if (!d) return std::move(d).error();
    described.push_back(std::move(*d));
  }
  for (const auto& f : inputs.outputs) {
    auto d = describe_file(f);
    if (!d) return std::move(d).error();
    outputs.push_back(std::move(*d));
  }
  json::array binaries;
  for (const auto& f : inputs.binaries) {
    auto d = describe_binary(f);
    if (!d) return std::move(d).error();
    binaries.push_back(std::move(*d));
  }
  json::array trees;
  for (const auto& t : inputs.trees) trees.emplace_back(t);
  json::object record{{"format", kFormat},           {"key", key},
                      {"files", std::move(described)}, {"trees", std::move(trees)},
                      {"binaries", std::move(binaries)}, {"outputs", std::move(outputs)},
                      {"report", report}};
  // A record lost to a crash only costs one full compile: no fsync.
  return write_file_atomically(path, json::serialize(record), Durability::unsynced);
}

void forget_compile_cache(const std::string& path) {
  std::error_code ec;
  fs::remove(path, ec);
}

}  // namespace floe
