// SARIF 2.1.0 (OASIS) for any diagnostics: what GitHub code scanning, VS Code
// and CI dashboards read. One run, one rule per code present (sorted by code
// so ruleIndex is stable), results in the diagnostics' order, locations
// relative to %SRCROOT% = base_dir.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <unordered_map>
#include <utility>

#include "diag/code_catalog.hpp"
#include "diag/sarif_writer.hpp"

namespace floe {

namespace {

namespace fs = std::filesystem;

// RFC 3986 path characters stay; everything else (space, '#', '?', '%',
// ':' which would read as a scheme in a relative reference, non-ASCII bytes)
// is percent-encoded.
std::string encode_path(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                std::string_view("-._~/!$&'()*+,;=@").find(static_cast<char>(c)) != std::string_view::npos;
    out += keep ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  }
  return out;
}

fs::path absolute_dir(const std::string& dir) {
  fs::path p = fs::absolute(dir.empty() ? fs::path(".") : fs::path(dir)).lexically_normal();
  // "/a/b/" normalises with an empty last part, which lexically_relative
  // would count as a directory level.
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  return p;
}

struct ArtifactUri {
  std::string uri;
  bool relative = false;  // relative to %SRCROOT%
};

ArtifactUri artifact_uri(const std::string& file, const fs::path& base) {
  // Diagnostic files are as the user typed them: relative to the working
  // directory, like base_dir.
  fs::path abs = fs::absolute(fs::path(file)).lexically_normal();
  fs::path rel = abs.lexically_relative(base);
  if (!rel.empty() && *rel.begin() != "..") return {encode_path(rel.generic_string()), true};
  return {"file://" + encode_path(abs.generic_string()), false};
}

// Each file's URI once: a 100k-model validate has ~92,000 findings in ~100,000
// files' worth of paths, and making a path absolute and relative (filesystem
// calls and path parsing) for every finding was most of SARIF's extra cost.
class ArtifactUris {
 public:
  explicit ArtifactUris(fs::path base) : base_(std::move(base)) {}
  const ArtifactUri& of(const std::string& file) {
    auto it = known_.find(file);
    if (it == known_.end()) it = known_.emplace(file, artifact_uri(file, base_)).first;
    return it->second;
  }

 private:
  fs::path base_;
  std::unordered_map<std::string, ArtifactUri> known_;
};

boost::json::object physical_location(const SourceLocation& where, ArtifactUris& uris) {
  const ArtifactUri& uri = uris.of(where.file);
  boost::json::object artifact{{"uri", uri.uri}};
  if (uri.relative) artifact["uriBaseId"] = "%SRCROOT%";
  boost::json::object physical{{"artifactLocation", std::move(artifact)}};
  if (where.line > 0) {
    boost::json::object region{{"startLine", where.line}};
    if (where.column > 0) region["startColumn"] = where.column;
    physical["region"] = std::move(region);
  }
  return physical;
}

std::string result_text(const Diagnostic& d) {
  std::string text = d.message;
  if (!d.expected.empty()) text += ". Expected: " + d.expected;
  if (!d.actual.empty()) text += ". Found: " + d.actual;
  if (!d.hint.empty()) text += ". Fix: " + d.hint;
  if (!d.override_applied.empty()) text += ". Downgraded by policy override " + d.override_applied;
  return text;
}

const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

bool is_semver(const std::string& v) {
  // MAJOR.MINOR.PATCH with an optional -pre / +build tail; enough to decide
  // whether semanticVersion may be filled.
  int dots = 0;
  std::size_t i = 0;
  for (; i < v.size() && v[i] != '-' && v[i] != '+'; ++i) {
    if (v[i] == '.') ++dots;
    else if (v[i] < '0' || v[i] > '9') return false;
  }
  return dots == 2 && i > 0 && v[0] != '.' && v[i - 1] != '.' && v.find("..") == std::string::npos;
}

}  // namespace

boost::json::value diagnostics_to_sarif(const Diagnostics& diags, const std::string& base_dir,
                                        const std::string& tool_version) {
  std::map<std::string, std::size_t> rule_index;
  for (const auto& d : diags.items()) rule_index.emplace(d.code, 0);
  boost::json::array rules;
  for (auto& [code, index] : rule_index) {
    index = rules.size();
    boost::json::object rule;
    rule["id"] = code;
    const CodeInfo* info = describe_code(code);
    if (info) rule["name"] = info->name;
    rule["shortDescription"] = {{"text", info ? info->description : fmt::format("floe diagnostic {}", code)}};
    rule["helpUri"] = "https://floe.dev/docs/codes#" + code;
    rules.push_back(std::move(rule));
  }

  fs::path base = absolute_dir(base_dir);
  ArtifactUris uris(base);
  boost::json::array results;
  results.reserve(diags.items().size());
  for (const auto& d : diags.items()) {
    boost::json::object r;
    r["ruleId"] = d.code;
    r["ruleIndex"] = rule_index.at(d.code);
    r["level"] = sarif_level(d.severity);
    r["message"] = {{"text", result_text(d)}};
    if (!d.where.file.empty()) {
      r["locations"] = boost::json::array{boost::json::object{{"physicalLocation", physical_location(d.where, uris)}}};
    }
    if (!d.related.empty()) {
      boost::json::array related;
      for (const auto& rel : d.related) {
        if (rel.where.file.empty()) continue;
        boost::json::object location{{"id", static_cast<std::int64_t>(related.size())},
                                     {"physicalLocation", physical_location(rel.where, uris)}};
        if (!rel.what.empty()) location["message"] = {{"text", rel.what}};
        related.push_back(std::move(location));
      }
      if (!related.empty()) r["relatedLocations"] = std::move(related);
    }
    // The structured parts, for tools that want more than the text.
    boost::json::object props;
    if (!d.category.empty()) props["category"] = d.category;
    if (!d.subject.empty()) props["subject"] = d.subject;
    if (!d.expected.empty()) props["expected"] = d.expected;
    if (!d.actual.empty()) props["actual"] = d.actual;
    if (!d.hint.empty()) props["hint"] = d.hint;
    if (!d.override_applied.empty()) props["overrideApplied"] = d.override_applied;
    if (!props.empty()) r["properties"] = std::move(props);
    results.push_back(std::move(r));
  }

  boost::json::object driver;
  driver["name"] = "floe";
  driver["version"] = tool_version;
  if (is_semver(tool_version)) driver["semanticVersion"] = tool_version;
  driver["informationUri"] = "https://floe.dev";
  driver["rules"] = std::move(rules);

  boost::json::object run;
  run["tool"] = {{"driver", std::move(driver)}};
  // The findings are the output; the run itself succeeded whenever a log is
  // written (SARIF's executionSuccessful is not "no errors found").
  run["invocations"] = boost::json::array{boost::json::object{{"executionSuccessful", true}}};
  std::string root = base.generic_string();
  if (root.empty() || root.back() != '/') root += '/';
  run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", "file://" + encode_path(root)}}}};
  run["results"] = std::move(results);

  boost::json::object log;
  log["version"] = "2.1.0";  // first, so viewers can sniff it (SARIF §3.13.2 recommends)
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["runs"] = boost::json::array{std::move(run)};
  return log;
}

}  // namespace floe
