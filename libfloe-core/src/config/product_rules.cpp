#include "config/product_rules.hpp"

#include <fmt/format.h>

#include <filesystem>

#include <algorithm>
#include <cctype>
#include <vector>

#include "config/config_diagnostic.hpp"
#include "core/json_path.hpp"
#include "config/cron.hpp"
#include "config/iso8601.hpp"
#include "config/timezone.hpp"
#include "diag/codes.hpp"
#include "core/text.hpp"

namespace floe {
namespace {

using boost::json::value;

// "input_ports[3].port" -> "input_ports[].port": the shape of a path.
std::string without_indices(const std::string& path) {
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    out += path[i];
    if (path[i] != '[') continue;
    std::size_t j = i + 1;
    while (j < path.size() && path[j] >= '0' && path[j] <= '9') ++j;
    if (j > i + 1 && j < path.size() && path[j] == ']') i = j - 1;  // drop the digits, keep the ']'
  }
  return out;
}

// A product is portable between platforms and environments only if it names
// no endpoint and no credential; those are the platform manifest's job.
void find_platform_keys(const LocatedDocument& doc, Diagnostics& diags, const value& v, const std::string& path) {
  static const std::vector<std::string> kForbidden = {
      "host",   "port",      "endpoint", "url",        "uri",     "username", "user",    "password",  "credentials",
      "connection_string", "access_key", "secret_key", "secret", "token", "api_key", "account", "warehouse", "database"};
  // Keys of the product format that share a name with a forbidden key.
  static const std::vector<std::string> kDeclared = {"input_ports[].port"};
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.get_array().size(); ++i) find_platform_keys(doc, diags, v.get_array()[i], index_path(path, i));
    return;
  }
  if (!v.is_object()) return;
  for (const auto& [key, m] : v.get_object()) {
    std::string child = join_path(path, std::string(key));
    bool forbidden = std::find(kForbidden.begin(), kForbidden.end(), ascii_lower(std::string(key))) != kForbidden.end();
    if (forbidden && std::find(kDeclared.begin(), kDeclared.end(), without_indices(child)) == kDeclared.end()) {
      add_config_error(
          doc, diags, codes::C301, child, Anchor::key,
          fmt::format("'{}': endpoints and credentials belong to the platform manifest (plugins.<category>.config / "
                      "secrets)",
                      child),
          "no endpoint or credential keys in floe.yaml",
          "remove it from floe.yaml and ask the platform team to configure it in manifest.yaml");
      continue;
    }
    find_platform_keys(doc, diags, m, child);
  }
}

void check_schedule(const LocatedDocument& doc, Diagnostics& diags) {
  const value* schedule = object_member(doc.root, "schedule");
  if (schedule == nullptr) return;
  if (const value* cron = object_member(*schedule, "cron"); cron != nullptr && cron->is_string()) {
    if (auto problem = check_cron(std::string(cron->get_string())))
      add_config_error(
          doc, diags, codes::C302, "schedule.cron", Anchor::value,
          fmt::format("invalid cron expression \"{}\": {}", std::string(cron->get_string()), problem->message),
          problem->expected, "e.g. \"0 6 * * *\" runs daily at 06:00; see crontab(5)");
  }
  if (const value* tz = object_member(*schedule, "timezone"); tz != nullptr && tz->is_string()) {
    std::string name(tz->get_string());
    if (!is_known_timezone(name)) {
      std::string match = closest_match(name, known_timezone_names());
      // The value is echoed up to a time zone's length, not a pasted file's.
      std::string shown = name.size() > 64 ? name.substr(0, 64) + fmt::format("... ({} bytes)", name.size()) : name;
      add_config_error(
          doc, diags, codes::C303, "schedule.timezone", Anchor::value, fmt::format("unknown time zone \"{}\"", shown),
          "an IANA time zone name such as UTC or Europe/Berlin",
          match.empty() ? "see the TZ identifiers in the IANA tz database" : fmt::format("did you mean '{}'?", match));
    }
  }
}

void check_unique_names(const LocatedDocument& doc, Diagnostics& diags, const value* list, const std::string& path,
                        const char* what) {
  if (list == nullptr || !list->is_array()) return;
  const auto& items = list->get_array();
  for (std::size_t j = 0; j < items.size(); ++j) {
    const value* name = object_member(items[j], "name");
    if (name == nullptr || !name->is_string()) continue;
    for (std::size_t i = 0; i < j; ++i) {
      const value* earlier = object_member(items[i], "name");
      if (earlier == nullptr || *earlier != *name) continue;
      std::string at = index_path(path, j) + ".name";
      add_config_error(
          doc, diags, codes::C304, at, Anchor::value,
          fmt::format("duplicate {} name '{}' (also {}[{}], line {})", what, std::string(name->get_string()), path, i,
                      doc.at(index_path(path, i) + ".name").line),
          fmt::format("unique {} names", what), "rename one of them");
      break;
    }
  }
}

void check_transforms(const LocatedDocument& doc, Diagnostics& diags) {
  const value* transforms = object_member(doc.root, "transforms");
  if (transforms == nullptr || !transforms->is_array()) return;
  for (std::size_t i = 0; i < transforms->get_array().size(); ++i) {
    const value* type = object_member(transforms->get_array()[i], "type");
    if (type == nullptr || !type->is_string() || *type == "dbt") continue;
    std::string path = index_path("transforms", i) + ".type";
    add_config_error(doc, diags, codes::C305, path, Anchor::value,
                     fmt::format("unsupported transform type '{}'", std::string(type->get_string())), "dbt",
                     closest_match(std::string(type->get_string()), {"dbt"}).empty()
                         ? "floe runs dbt projects: type: dbt"
                         : "did you mean 'dbt'?");
  }
}

// A source's files are read by the ingestion plugin on the machine that runs
// the product: a path that leaves the project would load any file the run
// may read (/etc/shadow was). An absolute path is judged by the compile,
// against the landing roots the platform declares (compile/source_roots);
// floe run checks again once symlinks are resolved (run/ingestion_step).
void check_source_path(const LocatedDocument& doc, Diagnostics& diags, const value& s, const std::string& base) {
  const value* path = object_member(s, "path");
  if (path == nullptr || !path->is_string()) return;
  const std::string text(path->get_string());
  const std::filesystem::path p(text);
  const std::string normal = p.lexically_normal().generic_string();
  const bool escapes = !p.is_absolute() && (normal == ".." || normal.rfind("../", 0) == 0);
  if (!escapes) return;
  add_config_error(doc, diags, codes::C308, base + ".path", Anchor::value,
                   fmt::format("'{}.path' leads outside the product's project", base),
                   "a path (or glob) relative to the folder of floe.yaml, inside it, or an absolute path under a "
                   "landing root the platform declares",
                   "copy or land the files inside the project (e.g. landing/), and name them relative to floe.yaml");
}

void check_sources(const LocatedDocument& doc, Diagnostics& diags, const value* sources) {
  if (sources == nullptr || !sources->is_array()) return;
  for (std::size_t i = 0; i < sources->get_array().size(); ++i) {
    const value& s = sources->get_array()[i];
    check_source_path(doc, diags, s, index_path("ingestion.sources", i));
    const value* mode = object_member(s, "write_mode");
    if (mode == nullptr || *mode != "merge") continue;
    const value* keys = object_member(s, "merge_keys");
    if (keys != nullptr && (!keys->is_array() || !keys->get_array().empty())) continue;
    std::string base = index_path("ingestion.sources", i);
    Diagnostic d = config_diagnostic(doc, Severity::error, codes::C306, base + ".write_mode", Anchor::value,
                                     fmt::format("source '{}' uses write_mode merge without merge_keys",
                                                 object_member(s, "name") && object_member(s, "name")->is_string()
                                                     ? std::string(object_member(s, "name")->get_string())
                                                     : base),
                                     "merge_keys: the columns that identify a row",
                                     "add merge_keys: [<key column>], or use write_mode append or replace");
    d.subject = base + ".merge_keys";
    diags.add(std::move(d));
  }
}

void check_slas(const LocatedDocument& doc, Diagnostics& diags) {
  const value* slas = object_member(doc.root, "slas");
  const value* freshness = slas != nullptr ? object_member(*slas, "freshness") : nullptr;
  if (freshness == nullptr || !freshness->is_string() || is_iso8601_duration(std::string(freshness->get_string()))) return;
  add_config_error(doc, diags, codes::C307, "slas.freshness", Anchor::value,
                   fmt::format("'slas.freshness' is \"{}\", which is not an ISO-8601 duration",
                               std::string(freshness->get_string())),
                   "an ISO-8601 duration such as PT6H (6 hours), P1D (1 day) or PT30M",
                   "write durations as P[nD]T[nH][nM][nS], e.g. PT6H");
}

}  // namespace

void check_product_rules(const LocatedDocument& doc, Diagnostics& diags) {
  if (!doc.root.is_object()) return;
  find_platform_keys(doc, diags, doc.root, "");
  check_transforms(doc, diags);
  check_schedule(doc, diags);
  const value* ingestion = object_member(doc.root, "ingestion");
  const value* sources = ingestion != nullptr ? object_member(*ingestion, "sources") : nullptr;
  check_unique_names(doc, diags, sources, "ingestion.sources", "source");
  check_unique_names(doc, diags, object_member(doc.root, "input_ports"), "input_ports", "input port");
  check_unique_names(doc, diags, object_member(doc.root, "output_ports"), "output_ports", "output port");
  check_sources(doc, diags, sources);
  check_slas(doc, diags);
}

}  // namespace floe
