// SARIF 2.1.0 (OASIS) for any diagnostics: what GitHub code scanning, VS Code
// and CI dashboards read. One run, one rule per code present (sorted by code
// so ruleIndex is stable), results in the diagnostics' order, locations
// relative to %SRCROOT% = base_dir.
#include <fmt/format.h>

#include <filesystem>
#include <iterator>
#include <map>
#include <unordered_map>
#include <utility>

#include "diag/code_catalog.hpp"
#include "diag/sarif_writer.hpp"
#include "base/json_text.hpp"

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

// Members are written in the order the SARIF DOM this replaced had them, so
// the text is what boost::json::serialize made of it (the tests parse it).
void append_physical_location(std::string& out, const SourceLocation& where, ArtifactUris& uris) {
  const ArtifactUri& uri = uris.of(where.file);
  out += R"({"artifactLocation":{"uri":)";
  append_json_string(out, uri.uri);
  if (uri.relative) out += R"(,"uriBaseId":"%SRCROOT%")";
  out += '}';
  if (where.line > 0) {
    fmt::format_to(std::back_inserter(out), R"(,"region":{{"startLine":{})", where.line);
    if (where.column > 0) fmt::format_to(std::back_inserter(out), R"(,"startColumn":{})", where.column);
    out += '}';
  }
  out += '}';
}

// `"key":"text"` after a ',' (an object's later member).
void append_string_member(std::string& out, std::string_view key, std::string_view text) {
  out += ',';
  append_json_string(out, key);
  out += ':';
  append_json_string(out, text);
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

std::string diagnostics_to_sarif_text(const Diagnostics& diags, const std::string& base_dir,
                                      const std::string& tool_version) {
  std::map<std::string, std::size_t> rule_index;
  for (const auto& d : diags.items()) rule_index.emplace(d.code, 0);
  std::string out;
  out.reserve(1024 + diags.items().size() * 900);
  // "version" first, so viewers can sniff it (SARIF §3.13.2 recommends).
  out += R"({"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{"tool":{"driver":{)";
  out += R"("name":"floe","version":)";
  append_json_string(out, tool_version);
  if (is_semver(tool_version)) append_string_member(out, "semanticVersion", tool_version);
  out += R"(,"informationUri":"https://floe.dev","rules":[)";
  std::size_t next = 0;
  for (auto& [code, index] : rule_index) {
    index = next++;
    if (index > 0) out += ',';
    out += R"({"id":)";
    append_json_string(out, code);
    const CodeInfo* info = describe_code(code);
    if (info) append_string_member(out, "name", info->name);
    out += R"(,"shortDescription":{"text":)";
    append_json_string(out, info ? std::string(info->description) : fmt::format("floe diagnostic {}", code));
    out += '}';
    append_string_member(out, "helpUri", "https://floe.dev/docs/codes#" + code);
    out += '}';
  }
  out += "]}}";
  // The findings are the output; the run itself succeeded whenever a log is
  // written (SARIF's executionSuccessful is not "no errors found").
  out += R"(,"invocations":[{"executionSuccessful":true}],"originalUriBaseIds":{"%SRCROOT%":{"uri":)";
  fs::path base = absolute_dir(base_dir);
  std::string root = base.generic_string();
  if (root.empty() || root.back() != '/') root += '/';
  append_json_string(out, "file://" + encode_path(root));
  out += R"(}},"results":[)";

  ArtifactUris uris(base);
  bool first = true;
  for (const auto& d : diags.items()) {
    out += first ? "{" : ",{";
    first = false;
    out += R"("ruleId":)";
    append_json_string(out, d.code);
    fmt::format_to(std::back_inserter(out), R"(,"ruleIndex":{},"level":"{}","message":{{"text":)", rule_index.at(d.code),
                   sarif_level(d.severity));
    append_json_string(out, result_text(d));
    out += '}';
    if (!d.where.file.empty()) {
      out += R"(,"locations":[{"physicalLocation":)";
      append_physical_location(out, d.where, uris);
      out += "}]";
    }
    std::size_t related = 0;
    for (const auto& rel : d.related) {
      if (rel.where.file.empty()) continue;
      out += related == 0 ? R"(,"relatedLocations":[)" : ",";
      fmt::format_to(std::back_inserter(out), R"({{"id":{},"physicalLocation":)", related++);
      append_physical_location(out, rel.where, uris);
      if (!rel.what.empty()) {
        out += R"(,"message":{"text":)";
        append_json_string(out, rel.what);
        out += '}';
      }
      out += '}';
    }
    if (related > 0) out += ']';
    // The structured parts, for tools that want more than the text.
    bool props = false;
    for (const auto& [key, value] : {std::pair<std::string_view, const std::string*>{"category", &d.category},
                                     {"subject", &d.subject},
                                     {"expected", &d.expected},
                                     {"actual", &d.actual},
                                     {"hint", &d.hint},
                                     {"overrideApplied", &d.override_applied}}) {
      if (value->empty()) continue;
      out += props ? "," : R"(,"properties":{)";
      props = true;
      append_json_string(out, key);
      out += ':';
      append_json_string(out, *value);
    }
    if (props) out += '}';
    out += '}';
  }
  out += "]}]}";
  return out;
}

}  // namespace floe
