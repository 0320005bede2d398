#include "compile/platform_compile.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compile/compile_clock.hpp"
#include "compile/secret_scan.hpp"
#include "core/atomic_directory.hpp"
#include "base/atomic_file.hpp"
#include "core/json_path.hpp"
#include "base/paths.hpp"
#include "base/json_text.hpp"
#include "base/input_file.hpp"
#include "enforce/enforce_detail.hpp"
#include "resolve/resolver.hpp"

namespace floe {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

json::array chain_json(const ResolvedPlatform& p) {
  json::array chain;
  for (const auto& l : p.chain)
    chain.push_back(json::object{{"tier", l.tier}, {"name", l.name}, {"version", l.version}, {"ref", l.ref},
                                 {"source", l.source}, {"sha256", l.sha256}});
  return chain;
}

std::vector<std::string> layers_of(const ResolvedPlatform& p) {
  std::vector<std::string> layers;
  json::value explicit_layers = value_or_null(p.values, {"data_architecture", "layers"});
  if (explicit_layers.is_array()) {
    for (const auto& l : explicit_layers.as_array())
      if (l.is_string()) layers.emplace_back(l.as_string());
    return layers;
  }
  if (const auto* conv = enforce::builtin_convention(p.policy.naming.pattern)) return conv->prefixes;
  return layers;
}

// The model-name regexes the naming rule checks (built-in conventions are
// checked by hand for speed, with exactly these semantics).
std::vector<std::string> naming_regexes(const NamingPolicy& naming) {
  if (const auto* conv = enforce::builtin_convention(naming.pattern))
    return {fmt::format("^({})_[a-z][a-z0-9_]*$", fmt::join(conv->prefixes, "|"))};
  return naming.custom_patterns;
}

json::object naming_rules(const ResolvedPlatform& p) {
  json::array regexes;
  for (const auto& r : naming_regexes(p.policy.naming)) regexes.push_back(json::string(r));
  return json::object{{"pattern", p.policy.naming.pattern},
                      {"enforcement", value_or_null(p.values, {"data_architecture", "naming", "enforcement"})},
                      {"model_name_patterns", std::move(regexes)},
                      {"custom_patterns", value_or_null(p.values, {"data_architecture", "naming", "custom_patterns"})}};
}

json::object layer_constraints(const ResolvedPlatform& p) {
  // Each layer builds on the ones before it: a model may ref models of its
  // own layer or earlier layers, and only the first layer reads sources.
  std::vector<std::string> layers = layers_of(p);
  json::array out;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    json::array may_ref;
    for (std::size_t j = 0; j <= i; ++j) may_ref.push_back(json::string(layers[j]));
    json::value threshold = value_or_null(p.values, {"governance", "quality_gates", "layer_thresholds", layers[i]});
    json::value required = value_or_null(p.values, {"governance", "quality_gates", "required_tests", layers[i]});
    out.push_back(json::object{{"layer", layers[i]},
                               {"order", i},
                               {"may_reference", std::move(may_ref)},
                               {"may_read_sources", i == 0},
                               {"minimum_test_coverage", threshold},
                               {"required_tests", required}});
  }
  return json::object{{"pattern", p.policy.naming.pattern}, {"layers", std::move(out)}};
}

json::object namespaces(const ResolvedPlatform& p) {
  json::array list;
  for (const auto& layer : layers_of(p))
    list.push_back(json::object{{"name", fmt::format("{}.{}", p.name, layer)}, {"layer", layer}});
  return json::object{{"catalog", value_or_null(p.values, {"plugins", "catalog", "type"})}, {"namespaces", std::move(list)}};
}

std::string text(const json::value& v) { return pretty_json(v); }

// A source path as seen from `base` (both made absolute first), so the
// compiled platform reads the same whichever directory it was compiled from.
std::string relative_to(const std::string& file, const std::string& base) {
  if (base.empty() || file.empty()) return file;
  std::error_code ec;
  fs::path rel = fs::absolute(file, ec).lexically_normal().lexically_relative(fs::absolute(base, ec).lexically_normal());
  return rel.empty() ? file : rel.generic_string();
}

void relativise_sources(json::object& manifest, const std::string& base) {
  for (auto& link : manifest["chain"].as_array())
    if (auto* src = link.as_object().if_contains("source"); src && src->is_string())
      *src = relative_to(std::string(src->as_string()), base);
  for (auto& [path, origin] : manifest["provenance"].as_object())
    if (auto* f = origin.as_object().if_contains("file"); f && f->is_string())
      *f = relative_to(std::string(f->as_string()), base);
}

// The `created` of an existing output that differs from `files` in nothing
// else: recompiling unchanged sources then leaves the directory (and the
// digest it publishes as) exactly as it was.
std::string unchanged_created(const std::string& out, const ResolvedPlatform& p, const std::string& base) {
  std::error_code ec;
  if (!fs::exists(fs::path(out) / "manifest.json", ec)) return {};
  auto old = read_json_file((fs::path(out) / "manifest.json").string(), input_limits::kConfigFile);
  std::string created = old ? string_at(*old, {"metadata", "created"}) : std::string();
  if (created.empty()) return {};
  for (const auto& [rel, content] : platform_artifact_files(p, created, base)) {
    auto existing = read_input_file((fs::path(out) / rel).string(), InputRules{input_limits::kConfigFile});
    if (!existing || *existing != content) return {};
  }
  return created;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> platform_artifact_files(const ResolvedPlatform& p,
                                                                         const std::string& created,
                                                                         const std::string& sources_base) {
  const auto& v = p.values;
  json::object manifest;
  manifest["apiVersion"] = "floe.dev/v1";
  manifest["kind"] = "CompiledPlatform";
  manifest["format_version"] = "1";
  manifest["metadata"] = json::object{{"name", p.name},
                                      {"version", p.version},
                                      {"scope", p.leaf_kind == TierKind::platform ? json::value(nullptr)
                                                                                  : json::value(tier_kind_name(p.leaf_kind))},
                                      {"created", created},
                                      {"floe_version", FLOE_VERSION_STRING}};
  manifest["chain"] = chain_json(p);
  manifest["platform"] = v;
  manifest["provenance"] = provenance_to_json(p);
  relativise_sources(manifest, sources_base);

  json::object classification{{"pii_encryption", value_or_null(v, {"governance", "pii_encryption"})},
                              {"data_retention_days", value_or_null(v, {"governance", "data_retention_days"})},
                              {"data_retention_bounds", value_or_null(v, {"governance", "data_retention_bounds"})},
                              {"classification", value_or_null(v, {"governance", "classification"})}};
  json::object access{{"audit_logging", value_or_null(v, {"governance", "audit_logging"})},
                      {"access_control", value_or_null(v, {"governance", "access_control"})}};
  json::object gates{{"policy_enforcement_level", value_or_null(v, {"governance", "policy_enforcement_level"})},
                     {"quality_gates", value_or_null(v, {"governance", "quality_gates"})},
                     {"custom_rules", value_or_null(v, {"governance", "custom_rules"})},
                     {"policy_overrides", value_or_null(v, {"governance", "policy_overrides"})}};
  return {{"manifest.json", text(manifest)},
          {"policies/classification.json", text(classification)},
          {"policies/access-control.json", text(access)},
          {"policies/quality-gates.json", text(gates)},
          {"catalog/namespaces.json", text(namespaces(p))},
          {"architecture/naming-rules.json", text(naming_rules(p))},
          {"architecture/layer-constraints.json", text(layer_constraints(p))}};
}

Result<Ok> write_directory_atomically(const std::string& dir,
                                      const std::vector<std::pair<std::string, std::string>>& files) {
  return replace_directory_atomically(dir, [&](const fs::path& staging) -> Result<Ok> {
    for (const auto& [rel, content] : files)
      if (auto ok = write_file_atomically((staging / rel).string(), content); !ok) return ok.error();
    return Ok{};
  });
}

CompileReport compile_platform(const PlatformCompileRequest& request) {
  CompileReport report;
  CompileClock clock = CompileClock::now();
  fs::path manifest_dir = fs::path(request.manifest_path).parent_path();
  report.base_dir = manifest_dir.empty() ? "." : manifest_dir.string();

  Stage& load = report.stage(fmt::format("Resolving {}", request.manifest_path));
  ResolvedPlatform platform;
  bool ok = resolve_platform(request.manifest_path, ".", SourceLocation{}, request.sources, platform,
                             report.diagnostics);
  if (ok) {
    for (const auto& l : platform.chain)
      load.lines.push_back({"ok", fmt::format("{} {} {} ({})", l.tier, l.name, l.version, l.source)});
  } else {
    load.ok = false;
    load.lines.push_back({"error", "the manifest chain has errors (see the problems below)"});
  }

  Stage& write = report.stage(request.write ? "Writing platform artifacts" : "Checking platform artifacts");
  if (ok) {
    std::string out = request.output_dir.empty() ? (fs::path(report.base_dir) / "target" / "platform").string()
                                                 : request.output_dir;
    // SOURCE_DATE_EPOCH, when set, decides `created`; otherwise an unchanged
    // output keeps its own.
    std::string kept = clock.from_source_date_epoch ? std::string() : unchanged_created(out, platform, report.base_dir);
    auto files = platform_artifact_files(platform, kept.empty() ? clock.iso8601() : kept, report.base_dir);
    // Never through a symlink below the manifest's folder (target -> elsewhere
    // would have the directory swap replace a folder outside the project).
    const std::string link = symlink_below(report.base_dir, out);
    if (!link.empty())
      report.diagnostics.add(output_write_failure(
          link, fmt::format("refusing to write through {}: it is a symbolic link, and floe writes its outputs inside "
                            "the project only (replace it with a folder, or choose one with -o)",
                            link)));
    std::size_t before = report.diagnostics.count(Severity::error);
    for (const auto& [rel, content] : files)
      scan_for_credentials(json::parse(content), (fs::path(out) / rel).string(), report.diagnostics);
    if (!link.empty()) {
      // refused above: nothing is written
    } else if (report.diagnostics.count(Severity::error) == before && request.write && !kept.empty()) {
      write.lines.push_back({"ok", fmt::format("{} is up to date (created {}): left unchanged", out, kept)});
    } else if (report.diagnostics.count(Severity::error) == before && request.write) {
      auto written = write_directory_atomically(out, files);
      if (!written) {
        report.diagnostics.add(output_write_failure(out, written.error().message));
      } else {
        for (const auto& f : files) report.written.push_back((fs::path(out) / f.first).string());
        write.lines.push_back({"ok", fmt::format("wrote {} files to {}", files.size(), out)});
      }
    }
  } else {
    write.lines.push_back({"info", "skipped: earlier stages reported errors"});
  }
  report.conclude(write);
  return report;
}

}  // namespace floe
