// The loading pipeline shared by both file kinds: read YAML, check the kind,
// translate alpha formats, apply the per-file rules, then the schema (which
// stays quiet about anything a rule already reported), and hand back every
// diagnostic in file order.
#include "config/config_loader.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "config/alpha_compat.hpp"
#include "config/config_diagnostic.hpp"
#include "config/document_schema.hpp"
#include "config/manifest_rules.hpp"
#include "config/product_rules.hpp"
#include "config/schema_diagnostics.hpp"
#include "config/seed_shorthand.hpp"
#include "config/two_tier_compat.hpp"
#include "config/yaml_reader.hpp"
#include "base/deadline.hpp"
#include "base/input_file.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace {

constexpr const char* kApiVersion = "floe.dev/v1";

struct KindTraits {
  const char* kind;        // what the file must say
  const char* alpha_kind;  // the alpha's name for it, translated with a note
  const char* what;        // "a platform manifest (manifest.yaml)"
};

KindTraits traits(DocumentKind kind) {
  if (kind == DocumentKind::manifest) return {"Manifest", nullptr, "a platform manifest (manifest.yaml)"};
  return {"DataProduct", "FloeSpec", "a data product (floe.yaml)"};
}

// False when the document is of another kind: validating it against this
// kind's schema would only bury the one real problem under dozens of others.
bool check_kind_and_version(const LocatedDocument& doc, DocumentKind kind, Diagnostics& diags) {
  const auto& root = doc.root.get_object();
  KindTraits t = traits(kind);
  if (const auto* k = root.if_contains("kind")) {
    bool accepted = k->is_string() && (*k == t.kind || (t.alpha_kind != nullptr && *k == t.alpha_kind));
    if (!accepted) {
      std::string found = k->is_string() ? std::string(k->get_string()) : std::string("not a string");
      std::string accepted_kinds = t.alpha_kind != nullptr ? fmt::format("{} (or the alpha's {})", t.kind, t.alpha_kind)
                                                           : std::string(t.kind);
      std::string hint = fmt::format("{} starts with kind: {}", t.what, t.kind);
      KindTraits other = traits(kind == DocumentKind::manifest ? DocumentKind::data_product : DocumentKind::manifest);
      if (*k == other.kind || (other.alpha_kind != nullptr && *k == other.alpha_kind))
        hint = fmt::format("this file is {}; give it where that is expected", other.what);
      diags.add(config_diagnostic(doc, Severity::error, codes::C003, "kind", Anchor::value,
                                  fmt::format("kind '{}' is not accepted here: expected {}", found, t.what),
                                  fmt::format("kind: {}", accepted_kinds), std::move(hint)));
      return false;
    }
  }
  if (const auto* v = root.if_contains("apiVersion"); v != nullptr && *v != kApiVersion)
    diags.add(config_diagnostic(doc, Severity::error, codes::C003, "apiVersion", Anchor::value,
                                fmt::format("apiVersion {} is not supported", boost::json::serialize(*v)),
                                fmt::format("apiVersion: {}", kApiVersion), fmt::format("write apiVersion: {}", kApiVersion)));
  return true;
}

bool load_text(std::string_view text, const std::string& file, DocumentKind kind, LocatedDocument& out,
               Diagnostics& diags) {
  Diagnostics found;
  bool readable = read_yaml_document(text, file, out, found);
  if (readable && !out.root.is_object()) {
    found.add(config_diagnostic(out, Severity::error, codes::C103, "", Anchor::value,
                                fmt::format("the document must be a mapping of keys, got {}",
                                            out.root.is_array() ? "a list" : "a single value"),
                                fmt::format("{} with apiVersion, kind, metadata, ...", traits(kind).what)));
    readable = false;
  }
  if (readable && check_kind_and_version(out, kind, found)) {
    if (kind == DocumentKind::manifest) {
      translate_seed_manifest(out, found);
      translate_two_tier_manifest(out, found);
      translate_alpha_manifest(out, found);
      check_manifest_rules(out, found);
    } else {
      translate_two_tier_product(out, found);
      translate_alpha_product(out, found);
      translate_seed_product(out);
      check_product_rules(out, found);
    }
    report_schema_issues(out, document_schema_json(kind), found);
  }
  // File order reads best; problems without a line (whole-file) come first.
  std::stable_sort(found.items().begin(), found.items().end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
  });
  bool ok = !found.has_errors();
  diags.append(found);
  return ok;
}

bool load_file(const std::string& path, DocumentKind kind, LocatedDocument& out, Diagnostics& diags) {
  out = LocatedDocument{};
  out.file = path;
  auto fail = [&](std::string message, std::string hint) {
    Diagnostic d = config_diagnostic(out, Severity::error, codes::C001, "", Anchor::value, std::move(message),
                                     traits(kind).what, std::move(hint));
    diags.add(std::move(d));
    return false;
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return fail(fmt::format("'{}' is a directory, not a file", path),
                fmt::format("give the path of the {} inside it", kind == DocumentKind::manifest ? "manifest.yaml" : "floe.yaml"));
  // A user's or another team's file: a regular file of at most 16 MiB, read
  // without ever blocking (a FIFO or a device is refused, not waited on).
  auto text = read_input_file(path, InputRules{input_limits::kConfigFile});
  if (!text) {
    const Error& e = text.error();
    std::string problem = input_problem(e);
    if (problem == "missing")
      return fail(fmt::format("cannot read '{}': {}", path, std::strerror(ENOENT)),
                  "check the path (relative paths are relative to the current directory)");
    if (problem == "not_regular")
      return fail(e.message, "give the path of the file itself; floe does not read pipes, devices or sockets");
    if (problem == "too_large")
      return fail(e.message, fmt::format("{} files are at most {}; this is not one", kind == DocumentKind::manifest ? "manifest.yaml" : "floe.yaml",
                                         describe_size(input_limits::kConfigFile)));
    return fail(e.message, is_deadline_error(e) ? "raise --timeout, or find out why reading the file is slow"
                                                : "check the file's permissions");
  }
  return load_text(*text, path, kind, out, diags);
}

}  // namespace

bool load_manifest(const std::string& path, LocatedDocument& out, Diagnostics& diags) {
  return load_file(path, DocumentKind::manifest, out, diags);
}

bool load_data_product(const std::string& path, LocatedDocument& out, Diagnostics& diags) {
  return load_file(path, DocumentKind::data_product, out, diags);
}

bool load_manifest_text(std::string_view text, const std::string& file, LocatedDocument& out, Diagnostics& diags) {
  return load_text(text, file, DocumentKind::manifest, out, diags);
}

bool load_data_product_text(std::string_view text, const std::string& file, LocatedDocument& out,
                            Diagnostics& diags) {
  return load_text(text, file, DocumentKind::data_product, out, diags);
}

}  // namespace floe
