#include "compile/product_compile.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <algorithm>
#include <filesystem>
#include <map>
#include <string_view>
#include <unordered_set>

#include "base/paths.hpp"
#include "compile/compiled_artifacts.hpp"
#include "compile/dbt_profile.hpp"
#include "compile/lake_profile.hpp"
#include "compile/output_self_check.hpp"
#include "compile/product_namespace.hpp"
#include "compile/product_placeholders.hpp"
#include "compile/secret_scan.hpp"
#include "compile/source_roots.hpp"
#include "compile/selected_plugins.hpp"
#include "compile/transform_projects.hpp"
#include "compile/yaml_emit.hpp"
#include "config/config_loader.hpp"
#include "compile/contract_stage.hpp"
#include "base/atomic_file.hpp"
#include "core/json_path.hpp"
#include "base/json_text.hpp"
#include "core/sha256.hpp"
#include "diag/codes.hpp"
#include "enforce/policy_enforcer.hpp"
#include "resolve/resolver.hpp"

namespace floe {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// ADR-0016 prints a line per model ("✓ bronze_customers: valid") before
// the violations; past a screenful of models a count reads better.
constexpr std::size_t kModelsListedByName = 25;

void add_findings_lines(Stage& stage, const EnforcementResult& result, const dbt::DbtProject& project) {
  // The findings outlive the set (100k models: a std::set of copies was
  // 0.1 s of a validate).
  std::unordered_set<std::string_view> flagged;
  flagged.reserve(result.findings.items().size());
  for (const auto& f : result.findings.items())
    if (f.severity != Severity::note && !f.subject.empty()) flagged.insert(f.subject);
  if (project.models.size() <= kModelsListedByName) {
    for (const auto& m : project.models)
      if (!flagged.count(m.name)) stage.lines.push_back({"ok", fmt::format("{}: valid", m.name)});
  } else {
    std::size_t clean = std::count_if(project.models.begin(), project.models.end(),
                                      [&](const auto& m) { return !flagged.count(m.name); });
    stage.lines.push_back({"ok", fmt::format("{} of {} models pass every rule", clean, project.models.size())});
  }
  for (const auto& f : result.findings.items()) {
    if (f.severity == Severity::note) continue;
    std::string text;
    text.reserve(f.message.size() + f.expected.size() + f.hint.size() + 32);
    text += f.message;
    if (!f.expected.empty()) text.append("\n      Expected: ").append(f.expected);
    if (!f.hint.empty()) text.append("\n      Fix: ").append(f.hint);
    stage.lines.push_back({f.severity == Severity::error ? "error" : "warning", std::move(text)});
  }
}

// (category, type) of every plugin the platform selects, in manifest order.
std::vector<std::pair<std::string, std::string>> selected_plugins(const ResolvedPlatform& platform) {
  std::vector<std::pair<std::string, std::string>> out;
  const json::value* plugins = platform.values.if_contains("plugins");
  if (plugins == nullptr || !plugins->is_object()) return out;
  for (const auto& [category, selection] : plugins->as_object()) {
    const json::value* type = selection.is_object() ? selection.as_object().if_contains("type") : nullptr;
    if (type != nullptr && type->is_string()) out.emplace_back(std::string(category), std::string(type->as_string()));
  }
  return out;
}

std::vector<std::string> selected_categories(const ResolvedPlatform& platform) {
  std::vector<std::string> out;
  for (const auto& [category, name] : selected_plugins(platform)) out.push_back(category);
  return out;
}

// A platform fetched by tag may be different content next time, and telling
// needs the registry: only local and digest-pinned references are reusable.
std::string unpinned_reference(const ResolvedPlatform& platform) {
  for (const auto& link : platform.chain) {
    bool remote = link.ref.rfind("oci://", 0) == 0 || link.ref.rfind("oci-layout:", 0) == 0;
    if (remote && link.ref.find("@sha256:") == std::string::npos)
      return fmt::format("the platform reference {} is a tag (pin it by digest to let floe reuse a compile)", link.ref);
  }
  return {};
}

// [3] Governance: every dbt project against the platform's policies. The
// report gets the findings (as warnings where they do not block) and the
// result's JSON text: one project's as is, several as one result each. When
// every project passed, `artifacts_value` gets the same result as a value for
// the compiled artifacts (built from the typed results, never parsed back
// from the text); a failed one stops the compile before the artifacts, so
// its result is only ever written as text.
void governance_stage(const std::vector<TransformProject>& projects, const ResolvedPlatform& platform, bool platform_ok,
                      const CompileClock& clock, bool report_result, CompileReport& report,
                      json::value& artifacts_value) {
  Stage& enforce = report.stage("Enforcing governance");
  if (!platform_ok || projects.empty()) {
    enforce.ok = false;
    enforce.lines.push_back({"info", "skipped: needs a resolved platform and a readable dbt project"});
    return;
  }
  bool enforcement_passed = true;
  std::vector<std::string> per_project;
  json::array per_project_values;
  for (const auto& [project, path, select] : projects) {
    EnforcementResult result = enforce_policies(project, platform.policy, clock.date());
    add_findings_lines(enforce, result, project);
    enforcement_passed = enforcement_passed && result.passed;
    if (enforcement_passed) {
      json::value value = enforcement_result_json(result, platform.policy);
      if (report_result) per_project.push_back(json::serialize(value));
      per_project_values.push_back(std::move(value));
    } else if (report_result) {
      per_project.push_back(enforcement_result_json_text(result, platform.policy));
    }
    for (auto& d : result.findings.items()) {
      // Findings that do not block the compile are reported as warnings.
      if (result.passed && d.severity == Severity::error) d.severity = Severity::warning;
      report.diagnostics.add(std::move(d));
    }
  }
  report.enforcement_json = !report_result            ? std::string("null")
                            : per_project.size() == 1 ? std::move(per_project.front())
                                                     : fmt::format(R"({{"passed":{},"projects":[{}]}})",
                                                                   enforcement_passed, fmt::join(per_project, ","));
  if (!enforcement_passed) {
    enforce.ok = false;
    return;
  }
  if (per_project_values.size() == 1)
    artifacts_value = std::move(per_project_values.front());
  else
    artifacts_value = json::object{{"passed", true}, {"projects", std::move(per_project_values)}};
}

// [3c] Input ports: the producers' published contracts (pinned in floe.lock),
// checked against the models that read them. What floe run reads the ports
// from; null when the product has none (or no way to fetch producers).
json::value input_ports_stage(const CompileRequest& request, const LocatedDocument& product,
                              const std::string& product_dir, const std::vector<TransformProject>& projects,
                              CompileInputs& read, CompileReport& report) {
  const json::value* input_ports = find_path(product.root, {"input_ports"});
  if (!input_ports || !input_ports->is_array() || input_ports->as_array().empty() || !request.fetch_products)
    return nullptr;
  Stage& input_stage = report.stage("Checking input ports");
  std::vector<const dbt::DbtProject*> dbt_projects;
  for (const auto& p : projects) dbt_projects.push_back(&p.project);
  std::size_t before = report.diagnostics.count(Severity::error);
  json::value resolved = resolved_inputs_json(
      check_input_ports(product, dbt_projects, request.fetch_products, input_stage, report.diagnostics));
  if (report.diagnostics.count(Severity::error) != before) input_stage.ok = false;
  // The pins decide what was read: a changed floe.lock compiles again.
  std::string lock = join_relative(product_dir, "floe.lock");
  std::error_code ec;
  if (fs::exists(lock, ec)) read.files.push_back(lock);
  return resolved;
}

// The lake the product's tables go to, when the platform has a catalog the
// compute can attach; dbt Fusion's DuckDB driver does not read the attach
// entry's options (the catalog's endpoint and credentials), so with Fusion
// the product builds into the compute only (FLOE-P608, said at compile time
// like a compute that cannot attach the catalog).
std::optional<LakeRequest> lake_for_product(Registry& registry, const ResolvedPlatform& platform,
                                            const LocatedDocument& product, const std::string& product_name,
                                            const SourceLocation& ref_at, Stage& generate, Diagnostics& diagnostics) {
  const json::value* plugins = platform.values.if_contains("plugins");
  if (plugins == nullptr || !plugins->is_object()) return std::nullopt;
  bool mesh = platform.leaf_kind == TierKind::domain;
  std::string domain = mesh ? platform.name : string_at(product.root, {"metadata", "domain"});
  const Provenance* catalog_origin = platform.origin_of("plugins.catalog");
  std::string note;
  std::optional<LakeRequest> lake =
      lake_request(registry, plugins->as_object(), product_namespace(product_name, domain, mesh),
                   catalog_origin ? catalog_origin->where : ref_at, diagnostics, note);
  if (!note.empty()) generate.lines.push_back({"info", note});
  if (lake && string_at(*plugins, {"dbt", "type"}) == "fusion") {
    const Provenance* dbt_origin = platform.origin_of("plugins.dbt");
    Diagnostic d = make_diagnostic(
        codes::P608, "plugin",
        "dbt Fusion's DuckDB driver ignores the catalog attach options (endpoint, credentials), so it cannot "
        "write the product's tables to the lake: products build into the compute only",
        dbt_origin ? dbt_origin->where : ref_at, {},
        "select plugins.dbt: {type: core} to publish to the lake, or accept that floe run writes no tables to it");
    d.severity = Severity::warning;
    diagnostics.add(std::move(d));
    lake.reset();
  }
  return lake;
}

}  // namespace

std::string compile_output_dir(const CompileRequest& request) {
  return request.output_dir.empty() ? join_relative(directory_of(request.product_path), "target") : request.output_dir;
}

CompileReport compile_product(const CompileRequest& request, CompileInputs* inputs,
                              std::optional<json::object>* artifacts_out, GovernanceBasis* basis) {
  CompileReport report;
  const std::string product_dir = directory_of(request.product_path);
  report.base_dir = product_dir;
  CompileClock clock = CompileClock::now();
  CompileInputs read;
  read.files.push_back(request.product_path);
  PlatformSourceOptions sources = request.sources;
  sources.on_file_read = [&read](const std::string& path) { read.files.push_back(path); };

  // [1] The product file and its platform.
  LocatedDocument product;
  bool product_ok = load_data_product(request.product_path, product, report.diagnostics);
  std::string product_name = string_at(product.root, {"metadata", "name"});
  std::string ref = request.platform_override.empty() ? string_at(product.root, {"platform", "ref"})
                                                      : request.platform_override;
  SourceLocation ref_at = request.platform_override.empty() ? product.at("platform.ref") : SourceLocation{"--platform", 0, 0};
  std::string ref_base = request.platform_override.empty() ? product_dir : std::string(".");

  Stage& load = report.stage(fmt::format("Loading platform from {}", ref.empty() ? "(no platform.ref)" : ref));
  ResolvedPlatform platform;
  bool platform_ok = false;
  if (ref.empty() && product_ok) {
    report.diagnostics.add(make_diagnostic(
        codes::C102, "config", "the data product names no platform", product.at("platform"),
        "platform.ref in floe.yaml, or --platform on the command line",
        "add platform: {ref: <manifest path or oci:// reference>} to floe.yaml, or pass --platform"));
  }
  if (!ref.empty()) {
    platform_ok = resolve_platform(ref, ref_base, ref_at, sources, platform, report.diagnostics);
    if (platform_ok && !product_name.empty())
      platform_ok = check_product_admission(platform, product_name, product.at("metadata.name"), report.diagnostics);
  }
  if (platform_ok) {
    // One platform, many products: {product_slug} and {product_name} in
    // plugin configuration become this product's (e.g. its DuckDB file).
    if (auto* plugins = platform.values.if_contains("plugins"); plugins && !product_name.empty())
      expand_product_placeholders(*plugins, product_name);
    std::vector<std::string> chain;
    for (const auto& l : platform.chain) chain.push_back(fmt::format("{} {} {}", l.tier, l.name, l.version));
    load.lines.push_back({"ok", fmt::format("Platform: {} {} ({})", platform.name, platform.version,
                                            fmt::join(chain, " -> "))});
    std::string compute = string_at(platform.values, {"plugins", "compute", "type"});
    load.lines.push_back({"ok", fmt::format("Compute: {}", compute.empty() ? "(none selected)" : compute)});
    load.lines.push_back({"ok", fmt::format("Architecture: {} ({} enforcement)", platform.policy.naming.pattern,
                                            enforcement_level_name(platform.policy.naming.enforcement))});
  } else {
    load.ok = false;
    load.lines.push_back({"error", "the platform could not be resolved (see the problems below)"});
  }
  // Ingestion files outside the project: only under the platform's landing roots.
  if (platform_ok && product_ok && !check_source_roots(product, landing_roots(platform.values), report.diagnostics)) {
    load.ok = false;
    load.lines.push_back({"error", "an ingestion source lies outside the project and the platform's landing roots"});
  }
  if (!product_ok) {
    load.ok = false;
    load.lines.push_back({"error", fmt::format("{} has errors (see the problems below)", request.product_path)});
  }

  // [2] The transforms.
  Stage& transforms = report.stage("Validating transforms");
  std::vector<TransformProject> projects;
  read_transform_projects(product, product_dir, product_name, transforms, projects, report.diagnostics);

  // [3] Governance.
  json::value enforcement;  // for the artifacts: set when governance passed
  governance_stage(projects, platform, platform_ok, clock, request.enforcement_result, report, enforcement);

  // [3b] The output ports' data contracts, held to the dbt models behind
  // them: a stage only for products whose ports name ODCS contracts.
  std::vector<PortContract> port_contracts = port_contract_entries(product, product_dir);
  for (const auto& pc : port_contracts) read.files.push_back(pc.file);
  if (!port_contracts.empty()) {
    Stage& contracts = report.stage("Checking data contracts");
    if (platform_ok && !projects.empty()) {
      check_port_contracts_stage(port_contracts, projects, product_dir, platform, contracts, report.diagnostics, read);
    } else {
      load_port_contract_files(port_contracts, report.diagnostics);  // every problem of the files, still
      contracts.ok = false;
      contracts.lines.push_back({"info", "skipped: needs a resolved platform and a readable dbt project"});
    }
  }

  // [3c] Input ports: the producers' published contracts (pinned in floe.lock).
  json::value resolved_inputs = input_ports_stage(request, product, product_dir, projects, read, report);
  if (basis != nullptr) {
    const json::value* input_ports = find_path(product.root, {"input_ports"});
    basis->judged = platform_ok && !projects.empty();
    basis->models_read_elsewhere = !port_contracts.empty() || (input_ports != nullptr && input_ports->is_array() &&
                                                               !input_ports->as_array().empty());
    basis->policy = platform.policy;
    basis->today = clock.date();
    for (const auto& p : projects) {
      basis->judged = basis->judged && p.project.origin != "floe.yaml";
      basis->projects.push_back({join_relative(product_dir, p.path), p.select});
    }
  }

  // [4] Artifacts (generated even for validate, so plugin problems surface).
  Stage& generate = report.stage(request.write ? "Writing artifacts" : "Checking artifacts (validate: nothing is written)");
  bool inputs_ok = product_ok && platform_ok && !projects.empty() && !report.diagnostics.has_errors();
  if (inputs_ok) {
    // Only the categories the platform selects are scanned (check_selected_plugins
    // loads each of them); no other category's manifests are read.
    RegistryOptions registry_options;
    registry_options.extra_roots = request.plugin_roots;
    registry_options.categories = selected_categories(platform);
    Registry registry(std::move(registry_options));
    const dbt::DbtProject& first = projects.front().project;
    // dbt_project.yml's `profile:` names the profiles.yml entry dbt looks up.
    std::string profile_name = !first.profile.empty() ? first.profile : !first.name.empty() ? first.name : product_name;
    const json::value* compute = nullptr;
    if (auto* p = platform.values.if_contains("plugins"); p && p->is_object()) compute = p->as_object().if_contains("compute");
    std::optional<json::object> profiles;
    json::object profile_env;  // variables of the profile's secrets -> their references
    std::optional<LakeRequest> lake = lake_for_product(registry, platform, product, product_name, ref_at, generate,
                                                       report.diagnostics);
    if (!compute || !compute->is_object()) {
      Diagnostic d;
      d.code = codes::P601;
      d.category = "plugin";
      d.message = "the platform selects no compute plugin";
      d.where = ref_at;
      d.expected = "plugins.compute.type in the platform manifest";
      d.hint = "select a compute (e.g. plugins: {compute: {type: duckdb}}) in the platform or domain manifest";
      report.diagnostics.add(std::move(d));
    } else {
      const Provenance* origin = platform.origin_of("plugins.compute");
      profiles = generate_profiles(registry, compute->as_object(), profile_name, origin ? origin->where : ref_at,
                                   report.diagnostics, lake ? &*lake : nullptr, &profile_env);
    }
    check_selected_plugins(registry, platform, ref_at, generate, report.diagnostics);
    // The selected plugins (the profile's writer, those checked) are inputs like any file.
    for (const auto& [category, name] : selected_plugins(platform))
      if (const DiscoveredPlugin* p = find_discovered(registry.discovery(), category, name)) {
        read.files.push_back(p->manifest.file);
        read.binaries.push_back(p->manifest.library);
      }
    if (report.diagnostics.has_errors()) profiles.reset();
    if (profiles) {
      std::string out_dir = compile_output_dir(request);
      bool through_symlink = false;
      for (const char* below : {"", "profiles", "dbt_packages"})
        if (std::string link = symlink_below(product_dir, (fs::path(out_dir) / below).string()); !link.empty()) {
          through_symlink = true;
          report.diagnostics.add(output_write_failure(
              link, fmt::format("refusing to write through {}: it is a symbolic link, and floe writes its outputs "
                                "inside the project only (replace it with a folder, or choose one with -o)",
                                link)));
        }
      std::string artifacts_path = (fs::path(out_dir) / "compiled_artifacts.json").string();
      std::string profiles_path = (fs::path(out_dir) / "profiles" / "profiles.yml").string();
      ArtifactInputs in;
      in.product = &product;
      in.product_sha256 = sha256_file_hex(request.product_path).value_or("");
      in.platform = &platform;
      for (const auto& p : projects) in.projects.push_back(&p);
      in.profile_name = profile_name;
      in.profiles = *profiles;
      in.profile_env = profile_env;
      in.resolved_inputs = resolved_inputs;
      in.enforcement = &enforcement;
      in.clock = clock;
      in.profiles_path = fs::path(profiles_path).lexically_relative(product_dir).string();
      const std::string profiles_text = to_yaml(json::value(*profiles));
      in.profiles_sha256 = sha256_hex(profiles_text);
      std::string package_dir = (fs::path(out_dir) / "dbt_packages").string();
      if (lake && lake->catalog.empty()) lake.reset();  // the compute cannot attach it (FLOE-P608)
      if (lake)
        in.lake = lake_description(
            *lake, (fs::path(package_dir) / string_at(lake->package, {"name"})).lexically_relative(product_dir).string());
      json::value artifacts = build_compiled_artifacts(in);
      check_own_output("compiled-artifacts", artifacts, artifacts_path);
      std::size_t before = report.diagnostics.count(Severity::error);
      scan_for_credentials(artifacts, artifacts_path, report.diagnostics);
      scan_for_credentials(json::value(*profiles), profiles_path, report.diagnostics);
      bool clean = report.diagnostics.count(Severity::error) == before && !through_symlink;
      const Provenance* db_origin = platform.origin_of("plugins.compute.config.path");
      if (clean && request.write &&
          prepare_database_directory(*profiles, join_relative(product_dir, projects.front().path),
                                     db_origin ? db_origin->where : ref_at, report.diagnostics)) {
        // profiles.yml first, compiled_artifacts.json last: the artifacts name
        // the profiles' digest, so a compile killed between the two writes
        // leaves a pair floe run refuses (X109) instead of one that disagrees.
        bool both_written = true;
        for (const auto& [path, text] : {std::pair{profiles_path, profiles_text},
                                         std::pair{artifacts_path, pretty_json(artifacts)}}) {
          // Unsynced: the compile record lists each output by digest (atomic_file.hpp).
          auto written = write_file_if_changed(path, text, Durability::unsynced);
          if (!written) {
            report.diagnostics.add(output_write_failure(path, written.error().message));
            both_written = false;
            break;
          }
          read.outputs.push_back(path);
          if (*written) report.written.push_back(path);
          generate.lines.push_back({"ok", *written ? fmt::format("wrote {}", path) : fmt::format("{} is unchanged", path)});
        }
        if (both_written && artifacts_out != nullptr && artifacts.is_object())
          *artifacts_out = std::move(artifacts.as_object());
        if (lake && !report.diagnostics.has_errors()) {
          std::vector<std::string> package_files;
          if (auto problem = write_lake_package(*lake, package_dir, package_files))
            report.diagnostics.add(output_write_failure(package_dir, *problem));
          for (auto& file : package_files) read.outputs.push_back(std::move(file));
          if (!package_files.empty())
            generate.lines.push_back({"ok", fmt::format("lake target '{}': models commit to catalog '{}', namespace {}",
                                                        kDbtLakeTarget, lake->catalog_type, lake->ns)});
        }
      } else if (clean && !request.write) {
        generate.lines.push_back({"ok", "dbt profile generated by compute plugin; artifacts pass the secret scan"});
      }
    }
  } else {
    generate.lines.push_back({"info", "skipped: earlier stages reported errors"});
  }

  report.conclude(generate);
  if (inputs != nullptr) {
    for (const auto& p : projects) read.trees.push_back(join_relative(product_dir, p.path));
    read.uncacheable = unpinned_reference(platform);
    *inputs = std::move(read);
  }
  std::size_t models = 0;
  for (const auto& p : projects) models += p.project.models.size();
  if (request.release != nullptr && models >= 4096) request.release->release(std::move(projects));
  return report;
}

}  // namespace floe
