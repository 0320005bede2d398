#include "artifacts/product_artifacts.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>

#include "artifacts/artifact_diagnostics.hpp"
#include "artifacts/lock_file.hpp"
#include "artifacts/platform_pull.hpp"
#include "artifacts/product_consumers.hpp"
#include "artifacts/verification_policy.hpp"
#include "compile/product_compile.hpp"
#include "compile/product_namespace.hpp"
#include "compile/transform_projects.hpp"
#include "config/config_loader.hpp"
#include "contract/contract_diff.hpp"
#include "contract/contract_policy.hpp"
#include "contract/port_contracts.hpp"
#include "contract/version_range.hpp"
#include "base/atomic_file.hpp"
#include "base/input_file.hpp"
#include "core/json_path.hpp"
#include "base/json_text.hpp"
#include "base/paths.hpp"
#include "diag/codes.hpp"
#include "resolve/resolver.hpp"

namespace floe::oci {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

bool is_reference(const std::string& text) { return text.rfind("oci://", 0) == 0 || text.rfind("oci-layout:", 0) == 0; }

// <registry>/<name> as a reference, relative oci-layout: paths taken from `base`.
std::optional<Reference> repository_of(const std::string& registry, const std::string& name, const std::string& base,
                                       const SourceLocation& from, Diagnostics& diags) {
  std::string text = name.empty() ? registry : fmt::format("{}/{}", registry, name);
  auto parsed = parse_reference(text);
  if (!parsed) {
    diags.add(artifact_diagnostic(codes::R907, parsed.error().message, from, "write oci://host/repo or oci-layout:DIR"));
    return std::nullopt;
  }
  return with_layout_base(*parsed, base);
}

// The published contracts of `previous` against this version's: the
// breaking changes, port by port.
std::vector<PortChange> breaking_changes(const PublishedProduct& previous, const std::vector<PortContract>& ports) {
  std::vector<PortChange> out;
  for (const auto& old_port : previous.ports) {
    auto it = std::find_if(ports.begin(), ports.end(), [&](const PortContract& p) { return p.port == old_port.name; });
    if (it == ports.end()) {
      ContractChange removed{true, "port_removed", old_port.name, fmt::format("output port '{}' removed", old_port.name), {}, {}};
      out.push_back({old_port.name, std::move(removed)});
      continue;
    }
    for (auto& change : diff_contracts(old_port.contract, it->contract))
      if (change.breaking) out.push_back({old_port.name, std::move(change)});
  }
  return out;
}

std::string change_text(const PortChange& c) {
  return c.change.kind == "port_removed" ? c.change.message : fmt::format("{}: {}", c.port, c.change.message);
}

// The product's input ports as product.json records them, with the columns
// their dbt sources declare. The dbt projects are read again, quietly:
// validate read them and reported their problems.
std::vector<PublishedInput> inputs_to_publish(const LocatedDocument& product, const std::string& product_dir) {
  std::vector<TransformProject> projects;
  Stage quiet_stage;
  Diagnostics quiet;
  read_transform_projects(product, product_dir, string_at(product.root, {"metadata", "name"}), quiet_stage, projects, quiet);
  std::vector<const dbt::DbtProject*> dbt_projects;
  for (const auto& p : projects) dbt_projects.push_back(&p.project);
  return published_inputs(product, dbt_projects);
}

// Where the product's platform puts its tables, when it selects a catalog:
// the namespace is the one floe run publishes to (compile's naming).
std::optional<PublishedLake> lake_of(const ResolvedPlatform& platform, const std::string& product, const std::string& domain) {
  const json::value* catalog = find_path(platform.values, {"plugins", "catalog"});
  if (catalog == nullptr || !catalog->is_object()) return std::nullopt;
  bool mesh = platform.leaf_kind == TierKind::domain;
  return PublishedLake{string_at(*catalog, {"type"}), string_at(*catalog, {"config", "warehouse"}),
                       product_namespace(product, mesh ? platform.name : domain, mesh)};
}

}  // namespace

std::optional<PublishResult> publish_product(const ProductPublishRequest& request, const ArtifactOptions& options,
                                             CompileReport& report) {
  const std::string product_dir = directory_of(request.product_path);
  report.base_dir = product_dir;
  // [1] What validate checks (contracts against the models, input ports) must hold.
  CompileRequest validate;
  validate.product_path = request.product_path;
  validate.write = false;
  validate.plugin_roots = request.plugin_roots;
  validate.sources = request.sources;
  CompileReport checked = compile_product(validate);
  Stage& check = report.stage("Validating the product");
  for (const auto& s : checked.stages)
    for (const auto& line : s.lines)
      if (line.status == "error" || line.status == "warning") check.lines.push_back(line);
  report.diagnostics.append(checked.diagnostics);
  if (checked.diagnostics.has_errors()) {
    check.lines.push_back({"error", "floe validate reports errors: nothing is published"});
    return std::nullopt;
  }
  LocatedDocument product;
  load_data_product(request.product_path, product, report.diagnostics);
  std::vector<PortContract> ports;
  load_port_contracts(product, product_dir, ports, report.diagnostics);
  std::string name = string_at(product.root, {"metadata", "name"}), declared = string_at(product.root, {"metadata", "version"});
  std::string version = request.version.size() > 1 && (request.version[0] == 'v' || request.version[0] == 'V')
                            ? request.version.substr(1) : request.version;
  if (version != declared) {
    report.diagnostics.add(artifact_diagnostic(
        codes::R907, fmt::format("version {} does not match the product's metadata.version {}", request.version, declared),
        product.at("metadata.version"), fmt::format("publish as {}, or set metadata.version to {}", declared, version)));
    return std::nullopt;
  }
  auto new_version = parse_product_version(version);
  if (!new_version) {
    report.diagnostics.add(artifact_diagnostic(codes::R907, fmt::format("'{}' is not a semantic version", version),
                                               product.at("metadata.version"), "use MAJOR.MINOR.PATCH, e.g. 1.2.0"));
    return std::nullopt;
  }
  if (ports.empty()) {
    report.diagnostics.add(artifact_diagnostic(codes::R907, fmt::format("{} names no ODCS contract on an output port: nothing to publish", name),
                                               product.at("output_ports"),
                                               "give an output port a contract: contracts/<port>.odcs.yaml (floe contract init PORT writes one)"));
    return std::nullopt;
  }
  // Files are shipped as written: a contract floe could read only through
  // its alpha rewrite (a C090 note, say logicalType: decimal) would reach
  // consumers whose ODCS tools refuse it.
  bool dialect = false;
  for (const auto& p : ports) {
    std::set<std::string> rewrites;  // validate's read and this one report each note
    for (const auto& d : report.diagnostics.items())
      if (d.code == codes::C090 && d.where.file == p.file) rewrites.insert(d.message);
    if (rewrites.empty()) continue;
    dialect = true;
    Diagnostic d = make_diagnostic(codes::K108, "contract",
                                   fmt::format("{} is not standard ODCS, so consumers' tools would refuse it: {}", p.file,
                                               fmt::join(rewrites, "; ")),
                                   p.reference_where);
    d.hint = "write the values the notes name (logicalType: number with the precision in physicalType, ...); "
             "floe contract lint shows each at its line";
    report.diagnostics.add(std::move(d));
  }
  if (dialect) {
    check.lines.push_back({"error", "a contract is not standard ODCS: nothing is published"});
    return std::nullopt;
  }
  check.lines.push_back({"ok", fmt::format("{} {}: {} contract(s)", name, version, ports.size())});

  // [2] The product.json and contracts to ship.
  PublishedProduct published;
  published.name = name;
  published.version = version;
  published.domain = string_at(product.root, {"metadata", "domain"});
  published.owner = string_at(product.root, {"metadata", "owner"});
  if (ResolvedPlatform platform; resolve_platform(string_at(product.root, {"platform", "ref"}), product_dir,
                                                  product.at("platform.ref"), request.sources, platform, report.diagnostics)) {
    published.allowed_consumers = contract_policy_of(platform).allowed_consumers;
    published.lake = lake_of(platform, name, string_at(product.root, {"metadata", "domain"}));
  }
  published.inputs = inputs_to_publish(product, product_dir);
  fs::path staging = fs::path(product_dir.empty() ? "." : product_dir) / "target" / "product" / version;
  std::error_code ec;
  fs::remove_all(staging, ec);
  fs::create_directories(staging / "contracts", ec);
  for (const auto& p : ports) {
    PublishedPort port{p.port, p.table, fmt::format("contracts/{}.odcs.yaml", p.port), p.contract};
    auto text = read_input_file(p.file, InputRules{input_limits::kConfigFile});
    if (!text || !write_file_atomically((staging / port.contract_file).string(), *text)) {
      report.diagnostics.add(output_write_failure((staging / port.contract_file).string(), "cannot stage the contract"));
      return std::nullopt;
    }
    published.ports.push_back(std::move(port));
  }
  if (auto w = write_file_atomically((staging / "product.json").string(), pretty_json(published_product_json(published))); !w) {
    report.diagnostics.add(output_write_failure((staging / "product.json").string(), w.error().message));
    return std::nullopt;
  }

  // [3] Where, and what was published before.
  std::string registry = request.registry.empty() ? string_at(product.root, {"input_registry"}) : request.registry;
  if (registry.empty()) {
    report.diagnostics.add(artifact_diagnostic(codes::R907, "no registry to publish the product to", product.at(""),
                                               "pass --registry oci://host/prefix (or oci-layout:DIR), or set input_registry in floe.yaml"));
    return std::nullopt;
  }
  auto ref = repository_of(registry, name, request.registry.empty() ? product_dir : std::string("."), product.at("input_registry"),
                           report.diagnostics);
  if (!ref) return std::nullopt;
  ref->tag = tag_for_version(version);
  Stage& compare = report.stage(fmt::format("Comparing with the versions published at {}", ref->repository_uri()));
  auto target = open_target(*ref, options, false);
  auto tags = target->list_tags();
  std::optional<ProductVersion> previous_version;
  std::string previous_tag;
  if (tags)
    for (const auto& t : *tags)
      if (auto v = parse_product_version(t); v && *v < *new_version && (!previous_version || *previous_version < *v)) {
        previous_version = v;
        previous_tag = t;
      }
  if (!previous_version) {
    compare.lines.push_back({"ok", "no earlier version published: nothing to compare"});
  } else {
    Reference prev = *ref;
    prev.tag = previous_tag;
    auto pulled = pull_platform(prev, VerificationPolicy{}, options, product.at("metadata.version"), report.diagnostics, kProductKind);
    PublishedProduct before;
    if (!pulled || !read_published_product(pulled->dir, before, product.at("metadata.version"), report.diagnostics)) return std::nullopt;
    std::vector<PortChange> breaking = breaking_changes(before, ports);
    for (const auto& b : breaking) compare.lines.push_back({"warning", fmt::format("breaking: {}", change_text(b))});
    bool new_major = new_version->major > previous_version->major;
    if (!breaking.empty() && !new_major) {
      std::vector<std::string> texts;
      for (const auto& b : breaking) texts.push_back(change_text(b));
      Diagnostic d = make_diagnostic(
          codes::K110, "contract",
          fmt::format("{} {} breaks consumers of {} {}: {}", name, version, name, previous_tag, fmt::join(texts, "; ")),
          product.at("metadata.version"), fmt::format("a new major version ({}.0.0) for a breaking change", previous_version->major + 1),
          fmt::format("publish as {}.0.0 (consumers pinned to ^{} keep the old contract), or undo the breaking changes",
                      previous_version->major + 1, previous_version->major));
      d.subject = name;
      report.diagnostics.add(std::move(d));
    } else {
      compare.lines.push_back({"ok", breaking.empty() ? fmt::format("compatible with {} {}", name, previous_tag)
                                                      : fmt::format("breaking changes since {}, and {} is a new major", previous_tag, version)});
    }
    // Who in the registry reads what changed (K113), whatever the version rule says.
    auto consumers = find_consumers(*ref, name, options, product.at("metadata.name"), compare, report.diagnostics);
    check_consumers(consumers, before, published, breaking, product.at("output_ports"), compare, report.diagnostics);
    if (report.diagnostics.has_errors()) return std::nullopt;
  }

  // [4] Publish, like a platform.
  Stage& push = report.stage(fmt::format("Publishing {}", ref->str()));
  ArtifactInfo info;
  info.name = name;
  info.version = version;
  info.scope = "product";
  auto result = publish_directory(staging.string(), info, kProductKind, *ref, request.force, request.sign_key, options, options,
                                  push, report.diagnostics);
  return result;
}

CompileReport product_publish_operation(const ProductPublishRequest& request, const ArtifactOptions& options,
                                        json::value& result) {
  CompileReport report;
  auto published = publish_product(request, options, report);
  if (published) result = publish_result_json(*published);
  report.conclude(report.stages.empty() ? report.stage("Publishing") : report.stages.back());
  return report;
}

ProductFetcher make_product_fetcher(FetcherSettings settings, std::string product_path) {
  return [settings = std::move(settings), product_path = std::move(product_path)](
             const std::string& product, const std::string& range, const SourceLocation& from,
             Diagnostics& diags) -> std::optional<PublishedProduct> {
    const std::string dir = directory_of(product_path);
    std::optional<Reference> ref;
    if (is_reference(product)) {
      ref = repository_of(product, "", dir, from, diags);
    } else {
      LocatedDocument doc;
      Diagnostics ignored;
      load_data_product(product_path, doc, ignored);
      std::string registry = string_at(doc.root, {"input_registry"});
      if (registry.empty()) {
        diags.add(make_diagnostic(codes::K120, "contract",
                                  fmt::format("input port names product '{}', but floe.yaml names no input_registry to find it in", product),
                                  from, "input_registry: oci://host/prefix (or oci-layout:DIR), or an oci:// reference as product",
                                  "set input_registry in floe.yaml to where the producer is published"));
        return std::nullopt;
      }
      ref = repository_of(registry, product, dir, from, diags);
    }
    if (!ref) return std::nullopt;
    std::string key = fmt::format("{}@{}", ref->repository_uri(), range);
    std::string lock_path = lock_path_for(product_path);
    auto lock = read_lock_file(lock_path);
    if (!lock) {
      diags.add(artifact_diagnostic(codes::R907, lock.error().message, from, ""));
      return std::nullopt;
    }
    if (const LockPin* pin = lock->find(key)) {
      ref->tag = pin->version;
      ref->digest = pin->digest;
    } else {
      auto target = open_target(*ref, settings.options, false);
      auto tags = target->list_tags();
      if (!tags) {
        if (tags.error().code == FLOE_ERR_NOT_FOUND) {
          diags.add(make_diagnostic(codes::K120, "contract", fmt::format("product '{}' is not published at {}", product, ref->repository_uri()),
                                    from, "a product published with floe product publish", "publish the producer first, or correct the name"));
        } else {
          diags.add(artifact_diagnostic(tags.error(), ref->str(), from));
        }
        return std::nullopt;
      }
      auto best = highest_in_range(*tags, range);
      if (!best) {
        std::vector<std::string> versions;
        for (const auto& t : *tags)
          if (parse_product_version(t)) versions.push_back(t);
        diags.add(make_diagnostic(codes::K120, "contract",
                                  fmt::format("no published version of '{}' matches {} (published: {})", product, range,
                                              versions.empty() ? "none" : fmt::format("{}", fmt::join(versions, ", "))),
                                  from, fmt::format("a version in {}", range), "widen the range, or publish a matching version"));
        return std::nullopt;
      }
      ref->tag = *best;
    }
    VerificationPolicy policy = override_policy(VerificationPolicy{}, settings.verify_mode, settings.keys);
    auto pulled = pull_platform(*ref, policy, settings.options, from, diags, kProductKind);
    if (!pulled) return std::nullopt;
    PublishedProduct out;
    if (!read_published_product(pulled->dir, out, from, diags)) return std::nullopt;
    out.reference = pulled->reference.str();
    if (lock->find(key) == nullptr) {
      lock->set(LockPin{key, pulled->digest, out.name, out.version, pulled->verified_by});
      (void)write_lock_file(lock_path, *lock);  // a lock that cannot be written only costs the pin
    }
    return out;
  };
}

}  // namespace floe::oci
