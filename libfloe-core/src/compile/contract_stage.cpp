#include "compile/contract_stage.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <optional>

#include "contract/contract_checks.hpp"
#include "contract/port_verdicts.hpp"
#include "base/input_file.hpp"
#include "base/on_cores.hpp"
#include "base/paths.hpp"

namespace floe {
namespace {

namespace fs = std::filesystem;

// Where each port is checked: the dbt project that has its table (the last
// one that has it; the first project when none does, and the check then
// names the model as missing), with that project's catalog.json types.
struct Owner {
  const TransformProject* project = nullptr;
  std::string dir;
  const CatalogTypes* catalog = nullptr;
  const std::string* verdict_context = nullptr;  // port_verdict_context of the project, once per project
};

// One port's way through the stage: its remembered outcome, or its contract
// loaded with what loading it reported.
struct PortState {
  std::string key;
  std::optional<ContractCheckResult> remembered;
  Diagnostics loading;
};

void load_or_recall(PortContract& port, const Owner& owner, PortState& state) {
  auto text = read_input_file(port.file, InputRules{input_limits::kConfigFile});
  if (!text) {
    load_contract(port.file, port.contract, state.loading);  // says why it cannot be read
    return;
  }
  state.key = port_verdict_key(*text, port, *owner.verdict_context);
  state.remembered = remembered_port_check(state.key, owner.project->project, *owner.catalog);
  if (!state.remembered) load_contract_text(*text, port.file, port.contract, state.loading);
}

}  // namespace

void check_port_contracts_stage(std::vector<PortContract>& ports, const std::vector<TransformProject>& projects,
                                const std::string& product_dir, const ResolvedPlatform& platform, Stage& stage,
                                Diagnostics& diags, CompileInputs& read) {
  const ContractPolicy policy = contract_policy_of(platform);
  std::map<std::string, CatalogTypes> catalogs;  // by project directory: catalog.json is read once per project
  std::map<std::string, std::string> verdict_contexts;  // by project directory
  std::vector<Owner> owners(ports.size());
  for (std::size_t i = 0; i < ports.size(); ++i) {
    Owner& owner = owners[i];
    owner.project = &projects.front();
    for (const auto& p : projects)
      if (p.project.find_model(ports[i].table) != nullptr) owner.project = &p;
    owner.dir = join_relative(product_dir, owner.project->path);
    auto [catalog, fresh] = catalogs.try_emplace(owner.dir);
    if (fresh) {
      catalog->second = read_catalog_types(owner.dir);
      if (!catalog->second.empty()) read.files.push_back((fs::path(owner.dir) / "target" / "catalog.json").string());
    }
    owner.catalog = &catalog->second;
    auto [context, first] = verdict_contexts.try_emplace(owner.dir);
    if (first) context->second = port_verdict_context(owner.project->project, owner.dir, policy);
    owner.verdict_context = &context->second;
  }

  // Contracts are independent files: read, recalled or loaded on every core.
  std::vector<PortState> states(ports.size());
  for_each_on_cores(ports.size(), 8, [&](std::size_t i) { load_or_recall(ports[i], owners[i], states[i]); });
  for (const auto& state : states) diags.append(state.loading);

  const std::string shown_base = product_dir.empty() ? "." : product_dir;
  for (std::size_t i = 0; i < ports.size(); ++i) {
    const PortContract& port = ports[i];
    const Owner& owner = owners[i];
    ContractCheckResult result;
    if (states[i].remembered) {
      result = std::move(*states[i].remembered);
    } else {
      result = check_port_contract(port, owner.project->project, *owner.catalog, policy);
      if (states[i].loading.empty()) remember_port_check(states[i].key, port, result, owner.project->project, *owner.catalog);
    }
    if (result.findings.empty())
      stage.lines.push_back({"ok", fmt::format("{}: {} holds ({} columns checked against {})", port.port,
                                               fs::path(port.file).lexically_relative(shown_base).string(),
                                               result.properties, port.table)});
    for (const auto& f : result.findings.items()) {
      if (f.severity == Severity::note) continue;
      std::string text = fmt::format("{}: {}", port.port, f.message);
      if (!f.hint.empty()) text += fmt::format("\n      Fix: {}", f.hint);
      stage.lines.push_back({f.severity == Severity::error ? "error" : "warning", std::move(text)});
    }
    if (!result.passed) stage.ok = false;
    diags.append(result.findings);
  }
}

}  // namespace floe
