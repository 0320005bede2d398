#include "compile/contract_commands.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <boost/json.hpp>
#include <filesystem>
#include <memory>

#include "compile/transform_projects.hpp"
#include "compile/yaml_emit.hpp"
#include "config/config_loader.hpp"
#include "contract/contract_diff.hpp"
#include "contract/contract_generator.hpp"
#include "contract/data_contract.hpp"
#include "base/atomic_file.hpp"
#include "core/json_path.hpp"
#include "base/paths.hpp"
#include "diag/codes.hpp"
#include "resolve/resolver.hpp"

namespace floe {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string beside(const std::string& dir, const std::string& rel) {
  if (fs::path(rel).is_absolute() || dir.empty() || dir == ".") return rel;
  return (fs::path(dir) / rel).lexically_normal().string();
}

const json::object* find_port(const LocatedDocument& product, const std::string& name, std::string& path) {
  const json::value* ports = find_path(product.root, {"output_ports"});
  if (ports == nullptr || !ports->is_array()) return nullptr;
  for (std::size_t i = 0; i < ports->as_array().size(); ++i) {
    const json::value& p = ports->as_array()[i];
    if (p.is_object() && string_at(p, {"name"}) == name) {
      path = index_path("output_ports", i);
      return &p.as_object();
    }
  }
  return nullptr;
}

ContractSeed seed_of(const LocatedDocument& product, const json::object& port) {
  ContractSeed seed;
  seed.product = string_at(product.root, {"metadata", "name"});
  seed.version = string_at(product.root, {"metadata", "version"});
  seed.domain = string_at(product.root, {"metadata", "domain"});
  seed.owner = string_at(product.root, {"metadata", "owner"});
  seed.port = string_at(json::value(port), {"name"});
  seed.port_description = string_at(json::value(port), {"description"});
  seed.freshness = string_at(product.root, {"slas", "freshness"});
  if (const json::value* a = find_path(product.root, {"slas", "availability"}); a && a->is_number())
    seed.availability = a->to_number<double>();
  return seed;
}

}  // namespace

CompileReport contract_init(const ContractInitRequest& request, json::value& result) {
  CompileReport report;
  const std::string product_dir = directory_of(request.product_path);
  report.base_dir = product_dir;
  Stage& load = report.stage(fmt::format("Reading {}", request.product_path));
  LocatedDocument product;
  if (!load_data_product(request.product_path, product, report.diagnostics)) {
    report.conclude(load);
    return report;
  }
  std::string port_path;
  const json::object* port = find_port(product, request.port, port_path);
  if (port == nullptr) {
    std::vector<std::string> names;
    if (const json::value* ports = find_path(product.root, {"output_ports"}); ports && ports->is_array())
      for (const auto& p : ports->as_array()) names.push_back(string_at(p, {"name"}));
    std::string close = closest_match(request.port, names);
    report.diagnostics.add(make_diagnostic(
        codes::K111, "usage", fmt::format("{} has no output port '{}'", request.product_path, request.port),
        product.at("output_ports"), names.empty() ? "an output port declared in output_ports" : fmt::format("one of {}", fmt::join(names, ", ")),
        close.empty() ? "declare the port under output_ports (name, table) first" : fmt::format("did you mean '{}'?", close)));
    report.conclude(load);
    return report;
  }
  std::string table = string_at(json::value(*port), {"table"});
  load.lines.push_back({"ok", fmt::format("output port {} publishes {}", request.port, table)});

  // Classification rules come from the platform; a platform that does not
  // resolve here (an unpublished reference, offline) only costs them.
  std::unique_ptr<ContractPolicy> policy;
  std::string ref = string_at(product.root, {"platform", "ref"});
  if (!ref.empty()) {
    ResolvedPlatform platform;
    Diagnostics quiet;
    if (resolve_platform(ref, product_dir, product.at("platform.ref"), request.sources, platform, quiet)) {
      policy = std::make_unique<ContractPolicy>(contract_policy_of(platform));
      load.lines.push_back({"ok", fmt::format("classification rules of {} {}", platform.name, platform.version)});
    } else {
      load.lines.push_back({"warning", fmt::format("platform {} did not resolve: no classifications are written", ref)});
    }
  }

  Stage& model_stage = report.stage("Reading the dbt model");
  std::vector<TransformProject> projects;
  read_transform_projects(product, product_dir, string_at(product.root, {"metadata", "name"}), model_stage, projects,
                          report.diagnostics);
  const dbt::DbtModel* model = nullptr;
  const TransformProject* owner = nullptr;
  for (const auto& p : projects)
    for (const auto& m : p.project.models)
      if (m.name == table) {
        model = &m;
        owner = &p;
      }
  if (model == nullptr) {
    if (!projects.empty())
      report.diagnostics.add(make_diagnostic(codes::K101, "contract",
                                             fmt::format("output port '{}' publishes '{}', which no dbt project of the product has",
                                                         request.port, table),
                                             product.at(join_path(port_path, "table")), "a model of the product's dbt project",
                                             "set the port's table to the dbt model it publishes"));
    report.conclude(model_stage);
    return report;
  }
  CatalogTypes catalog = read_catalog_types(beside(product_dir, owner->path));
  json::value contract = generate_contract(seed_of(product, *port), *model, catalog, policy.get());
  std::string yaml = fmt::format("# The data contract of output port '{}' of {} (ODCS {}), written by `floe contract init`\n"
                                 "# from the dbt model {}. Edit it: it is the promise consumers build on.\n{}",
                                 request.port, string_at(product.root, {"metadata", "name"}),
                                 string_at(contract, {"apiVersion"}), model->name, to_yaml(contract, YamlStrings::plain_when_safe));
  model_stage.lines.push_back({"ok", fmt::format("{}: {} columns, {} tests", model->name, model->columns.size(), model->tests.size())});
  if (model->columns.empty())
    model_stage.lines.push_back({"warning", "the model documents no columns: the contract has none (document them, or run dbt docs generate)"});

  // What floe writes must be a contract floe (and ODCS) accepts.
  DataContract check;
  Diagnostics own;
  if (!load_contract_text(yaml, "(generated)", check, own)) {
    for (auto d : own.items()) {
      d.severity = Severity::error;
      report.diagnostics.add(std::move(d));
    }
    report.conclude(model_stage);
    return report;
  }

  Stage& write = report.stage("Writing the contract");
  std::string out = request.output.empty() ? beside(product_dir, fmt::format("contracts/{}.odcs.yaml", request.port)) : request.output;
  json::object r{{"port", request.port}, {"table", table}, {"contract", contract}, {"yaml", yaml}, {"file", nullptr}};
  if (out != "-") {
    std::error_code ec;
    if (fs::exists(out, ec) && !request.force) {
      report.diagnostics.add(make_diagnostic(codes::K112, "usage",
                                             fmt::format("{} exists; floe contract init replaces a contract only when asked", out),
                                             SourceLocation{out, 0, 0}, "an output path that does not exist, or --force",
                                             "pass --force to replace it (consumers rely on it: diff first), or -o FILE"));
      write.lines.push_back({"error", fmt::format("not written: {} exists", out)});
    } else if (fs::create_directories(fs::path(out).parent_path().empty() ? "." : fs::path(out).parent_path(), ec), ec) {
      report.diagnostics.add(output_write_failure(out, ec.message()));
    } else if (auto written = write_file_atomically(out, yaml); !written) {
      report.diagnostics.add(output_write_failure(out, written.error().message));
    } else {
      report.written.push_back(out);
      r["file"] = out;
      write.lines.push_back({"ok", fmt::format("wrote {}", out)});
      write.lines.push_back({"info", fmt::format("name it in floe.yaml: {}.contract: {}", port_path,
                                                 fs::path(out).lexically_relative(product_dir.empty() ? "." : product_dir).string())});
    }
  }
  result = std::move(r);
  report.conclude(write);
  return report;
}

CompileReport contract_diff(const ContractDiffRequest& request, json::value& result) {
  CompileReport report;
  Stage& load = report.stage("Reading the contracts");
  DataContract old_contract, new_contract;
  bool ok = load_contract(request.old_path, old_contract, report.diagnostics);
  ok = load_contract(request.new_path, new_contract, report.diagnostics) && ok;
  if (!ok) {
    report.conclude(load);
    return report;
  }
  load.lines.push_back({"ok", fmt::format("{} {} -> {} {}", old_contract.id, old_contract.version, new_contract.id, new_contract.version)});
  std::vector<ContractChange> changes = diff_contracts(old_contract, new_contract);
  Stage& diff = report.stage("Comparing");
  for (const auto& c : changes) diff.lines.push_back({c.breaking ? "warning" : "ok", fmt::format("{}: {}", c.breaking ? "breaking" : "non-breaking", c.message)});
  if (changes.empty()) diff.lines.push_back({"ok", "no change"});
  json::value j = contract_changes_to_json(changes);
  j.as_object()["old"] = request.old_path;
  j.as_object()["new"] = request.new_path;
  result = std::move(j);
  report.conclude(diff);
  return report;
}

CompileReport contract_lint(const std::vector<std::string>& paths, json::value& result) {
  CompileReport report;
  Stage& stage = report.stage("Validating against the ODCS JSON Schema");
  json::array list;
  for (const auto& p : paths) {
    DataContract c;
    bool valid = load_contract(p, c, report.diagnostics);
    stage.lines.push_back({valid ? "ok" : "error", fmt::format("{}: {}", p, valid ? "valid" : "invalid")});
    list.push_back(json::object{{"file", p}, {"valid", valid}, {"id", c.id}, {"version", c.version}});
  }
  result = json::object{{"contracts", std::move(list)}};
  report.conclude(stage);
  return report;
}

}  // namespace floe
