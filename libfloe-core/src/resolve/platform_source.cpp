#include "resolve/platform_source.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config_loader.hpp"
#include "config/document_schema.hpp"
#include "config/schema_diagnostics.hpp"
#include "core/json_path.hpp"
#include "base/json_text.hpp"
#include "base/input_file.hpp"
#include "core/sha256.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace fs = std::filesystem;

const char* tier_kind_name(TierKind k) {
  switch (k) {
    case TierKind::enterprise: return "enterprise";
    case TierKind::domain: return "domain";
    case TierKind::platform: return "platform";
  }
  return "platform";
}

namespace {

Diagnostic not_found(const std::string& ref, const std::string& detail, const SourceLocation& from) {
  Diagnostic d = make_diagnostic(
      codes::I401, "inheritance", fmt::format("platform reference '{}' cannot be resolved: {}", ref, detail), from,
      "a manifest.yaml, a directory holding one, a compiled platform directory or manifest.json, or oci://",
      "fix the path (relative paths are taken from the directory of the file that holds the reference)");
  d.subject = ref;
  return d;
}

TierKind kind_of_scope(const boost::json::value* scope) {
  if (scope && scope->is_string()) {
    if (scope->as_string() == "enterprise") return TierKind::enterprise;
    if (scope->as_string() == "domain") return TierKind::domain;
  }
  return TierKind::platform;
}

std::optional<Tier> load_source_manifest(const std::string& ref, const fs::path& path, const SourceLocation& from,
                                         Diagnostics& diags) {
  Tier t;
  t.ref = ref;
  t.source = path.lexically_normal().string();
  if (!load_manifest(t.source, t.doc, diags)) return std::nullopt;
  if (!t.doc.root.is_object()) {
    diags.add(not_found(ref, "the file is not a manifest", from));
    return std::nullopt;
  }
  const auto& root = t.doc.root.as_object();
  t.kind = kind_of_scope(root.if_contains("scope"));
  t.parent_ref = string_at(root, {"parent_manifest"});
  if (auto* meta = root.if_contains("metadata"); meta && meta->is_object()) {
    t.name = string_at(meta->as_object(), {"name"});
    t.version = string_at(meta->as_object(), {"version"});
  }
  t.sha256 = sha256_file_hex(t.source).value_or("");
  return t;
}

// The manifest schema for a compiled platform's `platform` object: the same
// sections (plugins, governance, ...) and values, without the document keys
// (apiVersion, kind, metadata) that the compiled file keeps beside it.
const boost::json::value& compiled_platform_schema() {
  static const boost::json::value schema = [] {
    boost::json::value s = document_schema_json(DocumentKind::manifest);
    s.as_object().erase("required");
    return s;
  }();
  return schema;
}

// Reads a compiled platform's manifest.json (written by `floe platform
// compile`): its values are already resolved and carry their provenance.
std::optional<Tier> load_compiled_platform(const std::string& ref, const fs::path& path, const SourceLocation& from,
                                           Diagnostics& diags) {
  auto parsed = read_json_file(path.string(), input_limits::kConfigFile);
  if (!parsed) {
    diags.add(not_found(ref, parsed.error().message, from));
    return std::nullopt;
  }
  auto* root = parsed->if_object();
  auto* kind = root ? root->if_contains("kind") : nullptr;
  if (!root || !kind || !kind->is_string() || kind->as_string() != "CompiledPlatform") {
    diags.add(not_found(ref, fmt::format("{} is not a compiled platform (kind CompiledPlatform)", path.string()), from));
    return std::nullopt;
  }
  Tier t;
  t.ref = ref;
  t.source = path.lexically_normal().string();
  t.compiled = true;
  t.doc.file = t.source;
  if (auto* p = root->if_contains("platform"); p && p->is_object()) t.doc.root = *p;
  else t.doc.root = boost::json::object{};
  if (auto* meta = root->if_contains("metadata"); meta && meta->is_object()) {
    t.name = string_at(meta->as_object(), {"name"});
    t.version = string_at(meta->as_object(), {"version"});
    t.kind = kind_of_scope(meta->as_object().if_contains("scope"));
  }
  if (auto* chain = root->if_contains("chain"); chain && chain->is_array()) t.compiled_chain = chain->as_array();
  if (auto* prov = root->if_contains("provenance"); prov && prov->is_object()) {
    for (const auto& [key, entry] : prov->as_object()) {
      if (!entry.is_object()) continue;
      const auto& e = entry.as_object();
      SourceLocation loc;
      loc.file = string_at(e, {"file"});
      if (auto* l = e.if_contains("line"); l && l->is_int64()) loc.line = static_cast<int>(l->as_int64());
      if (auto* c = e.if_contains("column"); c && c->is_int64()) loc.column = static_cast<int>(c->as_int64());
      std::string k(key);
      t.doc.locations.set(k, loc);
      t.compiled_tier_of[k] = string_at(e, {"tier"});
    }
  }
  // A compiled or pulled platform is checked as its manifest.yaml was: a
  // value the schema refuses there (policy_enforcement_level: STRICT,
  // naming.enforcement: Strict) must not slip through a manifest.json written
  // by hand or by another tool and silently become the default. Diagnostics
  // point at the manifest.yaml line the provenance records.
  Diagnostics found;
  report_schema_issues(t.doc, compiled_platform_schema(), found);
  if (found.has_errors()) {
    for (auto& d : found.items())
      if (d.hint.empty())
        d.hint = fmt::format("the compiled platform {} holds a value its manifest schema refuses; fix the manifest and "
                             "compile the platform again",
                             t.source);
    diags.append(found);
    return std::nullopt;
  }
  diags.append(found);
  t.sha256 = sha256_file_hex(t.source).value_or("");
  return t;
}

}  // namespace

std::optional<Tier> load_tier(const std::string& ref, const std::string& base_dir, const SourceLocation& from,
                              const PlatformSourceOptions& options, Diagnostics& diags) {
  fs::path path;
  if (ref.rfind("oci://", 0) == 0 || ref.rfind("oci-layout:", 0) == 0) {
    if (!options.fetch_oci) {
      Diagnostic d = not_found(ref, "OCI references need the OCI client, which this caller did not provide", from);
      d.hint = "pull the platform first and reference the local directory";
      diags.add(std::move(d));
      return std::nullopt;
    }
    auto local = options.fetch_oci(ref, from, diags);
    if (!local) return std::nullopt;
    path = *local;
  } else {
    path = fs::path(ref);
    if (path.is_relative()) path = fs::path(base_dir.empty() ? "." : base_dir) / path;
  }
  std::error_code ec;
  std::optional<Tier> tier;
  if (fs::is_directory(path, ec)) {
    if (fs::is_regular_file(path / "manifest.json", ec)) {
      tier = load_compiled_platform(ref, path / "manifest.json", from, diags);
    } else if (fs::is_regular_file(path / "manifest.yaml", ec)) {
      tier = load_source_manifest(ref, path / "manifest.yaml", from, diags);
    } else {
      diags.add(not_found(ref, fmt::format("{} holds neither manifest.yaml nor a compiled manifest.json", path.string()), from));
      return std::nullopt;
    }
  } else if (!fs::exists(path, ec)) {
    diags.add(not_found(ref, fmt::format("{} does not exist", path.lexically_normal().string()), from));
    return std::nullopt;
  } else if (path.extension() == ".json") {
    tier = load_compiled_platform(ref, path, from, diags);
  } else {
    tier = load_source_manifest(ref, path, from, diags);
  }
  if (tier && options.on_file_read) options.on_file_read(tier->source);
  return tier;
}

std::string tier_identity(const Tier& t) {
  std::error_code ec;
  auto canonical = fs::weakly_canonical(t.source, ec);
  return ec ? t.source : canonical.string();
}

}  // namespace floe
