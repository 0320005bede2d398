#include "compile/migrate.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "base/input_file.hpp"
#include "compile/migrated_yaml.hpp"
#include "config/config_loader.hpp"
#include "config/document_schema.hpp"
#include "config/two_tier_compat.hpp"
#include "config/yaml_reader.hpp"
#include "base/atomic_file.hpp"
#include "base/paths.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

// The loader reads FILE again and reports why it cannot (not a regular
// file, too large): this read only tells the kind.
std::optional<std::string> read_text(const std::string& path) {
  auto text = read_input_file(path, InputRules{input_limits::kConfigFile});
  if (!text) return std::nullopt;
  return std::move(*text);
}

std::optional<DocumentKind> kind_by_content(const std::string& text, const std::string& path) {
  LocatedDocument probe;
  Diagnostics ignored;  // the loader reports them, for the kind it is given
  if (!read_yaml_document(text, path, probe, ignored) || !probe.root.is_object()) return std::nullopt;
  if (const json::value* kind = probe.root.get_object().if_contains("kind")) {
    if (*kind == "Manifest") return DocumentKind::manifest;
    if (*kind == "DataProduct" || *kind == "FloeSpec") return DocumentKind::data_product;
  }
  if (is_two_tier_platform(probe.root)) return DocumentKind::manifest;
  if (is_two_tier_product(probe.root)) return DocumentKind::data_product;
  return std::nullopt;
}

std::optional<DocumentKind> kind_by_name(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  if (name == "floe.yaml" || name == "floe.yml") return DocumentKind::data_product;
  if (name == "manifest.yaml" || name == "manifest.yml" || name == "platform.yaml" || name == "platform.yml")
    return DocumentKind::manifest;
  return std::nullopt;
}

std::optional<DocumentKind> detect_kind(const std::optional<std::string>& text, const std::string& path) {
  std::error_code ec;
  bool readable = text && !fs::is_directory(path, ec);
  if (readable)
    if (auto kind = kind_by_content(*text, path)) return kind;
  if (auto kind = kind_by_name(path)) return kind;
  if (!readable) return DocumentKind::manifest;  // either way the loader reports the path it cannot read
  return std::nullopt;
}

const char* kind_name(DocumentKind kind) { return kind == DocumentKind::manifest ? "manifest" : "data-product"; }

Diagnostic usage(const char* code, std::string message, const std::string& file, std::string expected, std::string hint) {
  return make_diagnostic(code, "usage", std::move(message), SourceLocation{file, 0, 0}, std::move(expected),
                         std::move(hint));
}

// A migrated file must read back as the same document with no translation
// left; anything else is a bug in a translation, not in the user's file.
void check_reads_back(const std::string& text, const std::string& file, DocumentKind kind, const json::value& expected) {
  LocatedDocument again;
  Diagnostics found;
  bool ok = kind == DocumentKind::manifest ? load_manifest_text(text, file, again, found)
                                           : load_data_product_text(text, file, again, found);
  for (const auto& d : found.items())
    if (d.severity == Severity::error || d.code == codes::C090)
      throw std::logic_error("the migrated file does not read back cleanly: " + format_diagnostic(d));
  if (!ok || again.root != expected)
    throw std::logic_error("the migrated file does not read back as the document it was written from");
}

bool same_directory(const std::string& a, const std::string& b) {
  std::error_code ec1, ec2;
  return fs::weakly_canonical(fs::absolute(directory_of(a)), ec1) == fs::weakly_canonical(fs::absolute(directory_of(b)), ec2);
}

}  // namespace

CompileReport migrate(const MigrateRequest& request, json::value& result) {
  CompileReport report;
  report.base_dir = directory_of(request.path);
  Stage& reading = report.stage(fmt::format("Reading {}", request.path));
  std::optional<std::string> text = read_text(request.path);
  std::optional<DocumentKind> kind;
  if (request.kind == "manifest") kind = DocumentKind::manifest;
  else if (request.kind == "data-product") kind = DocumentKind::data_product;
  else kind = detect_kind(text, request.path);
  Stage& writing = report.stage("Writing the current format");
  if (!kind) {
    report.diagnostics.add(usage(codes::U104,
                                 fmt::format("cannot tell whether {} is a platform manifest or a data product", request.path),
                                 request.path, "kind: Manifest or kind: DataProduct, or a two-tier platform.yaml or floe.yaml",
                                 "pass --kind manifest or --kind data-product"));
    reading.ok = false;
    writing.lines.push_back({"info", "skipped: the file's kind is unknown"});
    report.conclude(writing);
    return report;
  }
  const char* what = *kind == DocumentKind::manifest ? "a platform manifest (kind Manifest)" : "a data product (kind DataProduct)";

  LocatedDocument doc;
  bool ok = *kind == DocumentKind::manifest ? load_manifest(request.path, doc, report.diagnostics)
                                            : load_data_product(request.path, doc, report.diagnostics);
  if (!ok) {
    reading.ok = false;
    reading.lines.push_back({"error", fmt::format("{} has errors (see the problems below)", request.path)});
    writing.lines.push_back({"info", "skipped: a file with errors is not migrated"});
    report.conclude(writing);
    return report;
  }
  std::size_t notes = 0;
  for (const auto& d : report.diagnostics.items()) notes += d.code == codes::C090 ? 1 : 0;
  reading.lines.push_back({"ok", fmt::format("read as {}: {} translation{} (the notes below say what changed)", what,
                                             notes, notes == 1 ? "" : "s")});
  if (!request.platform_ref.empty() && *kind == DocumentKind::data_product) {
    json::value& platform = doc.root.get_object()["platform"];
    if (!platform.is_object()) platform.emplace_object();
    platform.get_object()["ref"] = request.platform_ref;
    reading.lines.push_back({"ok", fmt::format("platform.ref set to {}", request.platform_ref)});
  }
  if (notes == 0 && request.output.empty() && request.platform_ref.empty()) {
    writing.lines.push_back({"ok", "already in the current format: nothing to migrate"});
    result = json::object{{"kind", kind_name(*kind)}, {"output", nullptr}, {"notes", 0}, {"text", nullptr}};
    report.conclude(writing);
    return report;
  }

  std::string out_path = request.output;
  if (out_path.empty())
    out_path = (fs::path(request.path).parent_path() / (*kind == DocumentKind::manifest ? "manifest.yaml" : "floe.yaml")).string();
  std::string yaml = render_migrated_yaml(doc.root, document_schema_json(*kind), text.value_or(""));
  check_reads_back(yaml, out_path == "-" ? request.path : out_path, *kind, doc.root);
  result = json::object{{"kind", kind_name(*kind)},
                        {"output", out_path},
                        {"notes", notes},
                        {"text", yaml}};

  writing.title = out_path == "-" ? "Writing the current format to stdout" : fmt::format("Writing {}", out_path);
  std::error_code ec;
  if (out_path == "-") {
    writing.lines.push_back({"ok", "written to stdout"});
  } else if (fs::exists(out_path, ec) && !request.force) {
    report.diagnostics.add(usage(codes::U103, fmt::format("{} exists; floe migrate replaces a file only when asked", out_path),
                                 out_path, "an output path that does not exist, or --force",
                                 "pass --force to replace it, or -o FILE to write elsewhere (-o - prints it)"));
    writing.lines.push_back({"error", fmt::format("not written: {} exists", out_path)});
  } else if (auto written = write_file_atomically(out_path, yaml); !written) {
    report.diagnostics.add(output_write_failure(out_path, written.error().message));
    writing.lines.push_back({"error", fmt::format("could not write {}", out_path)});
  } else {
    report.written.push_back(out_path);
    writing.lines.push_back({"ok", fmt::format("wrote {}", out_path)});
    if (!same_directory(out_path, request.path))
      writing.lines.push_back({"warning", fmt::format("relative paths (platform.ref, transforms[].path, parent_manifest, "
                                                      "...) are kept as written: they are now relative to {}",
                                                      directory_of(out_path))});
  }
  report.conclude(writing);
  return report;
}

}  // namespace floe
