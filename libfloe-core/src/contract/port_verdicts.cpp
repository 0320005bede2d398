#include "contract/port_verdicts.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "contract/contract_verdicts.hpp"
#include "core/atomic_file.hpp"
#include "core/input_file.hpp"
#include "core/sha256.hpp"
#include "core/user_cache.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kHeader = "floe-port-check 1";

std::string verdict_path(const std::string& key) {
  return (fs::path(user_cache_root()) / "contracts" / "ports" / key).string();
}

// Fields are separated by a byte no name, path or YAML text holds.
void field(Sha256Stream& h, std::string_view s) {
  h.update(s.data(), s.size());
  h.update("\x1f", 1);
}

void place(Sha256Stream& h, const SourceLocation& where) {
  field(h, where.file);
  field(h, fmt::format("{}:{}", where.line, where.column));
}

const dbt::DbtModel* find_model(const dbt::DbtProject& project, const std::string& name) {
  auto it = std::lower_bound(project.models.begin(), project.models.end(), name,
                             [](const dbt::DbtModel& m, const std::string& n) { return m.name < n; });
  return it != project.models.end() && it->name == name ? &*it : nullptr;
}

// What the checks read of a model (contract/contract_checks.cpp): its columns
// and their types, its tests by column and type, and catalog.json's columns.
std::string model_facts(const dbt::DbtModel& model, const CatalogTypes& catalog) {
  Sha256Stream h;
  field(h, model.name);
  for (const auto& c : model.columns) {
    field(h, c.name);
    field(h, c.data_type);
  }
  field(h, "\x1e tests");
  for (const auto& t : model.tests) {
    field(h, t.column_name);
    field(h, t.type);
  }
  field(h, "\x1e catalog");
  if (auto it = catalog.find(model.name); it != catalog.end())
    for (const auto& [column, type] : it->second) {
      field(h, column);
      field(h, type);
    }
  return h.hex();
}

// Where findings point in a model's files: the model and each of its columns.
std::string model_places(const dbt::DbtModel& model) {
  Sha256Stream h;
  place(h, model.where);
  place(h, model.yml_where);
  for (const auto& c : model.columns) place(h, c.where);
  return h.hex();
}

}  // namespace

std::string port_verdict_key(std::string_view contract_text, const PortContract& port, const dbt::DbtProject& project,
                             const std::string& project_dir, const ContractPolicy& policy) {
  if (!contract_verdicts_kept()) return {};
  Sha256Stream h;
  field(h, running_build_id());
  field(h, kHeader);
  field(h, contract_text);
  field(h, port.port);
  field(h, port.table);
  field(h, port.file);
  place(h, port.port_where);
  place(h, port.reference_where);
  field(h, project.name);
  field(h, project_dir);
  field(h, std::to_string(static_cast<int>(policy.level)));
  field(h, policy.pii_encryption_required ? "pii-encrypted" : "pii-plain");
  place(h, policy.pii_where);
  for (const auto& rule : policy.classification) {
    field(h, rule.pattern);
    field(h, rule.classification);
    place(h, rule.where);
  }
  field(h, policy.min_freshness_seconds ? fmt::format("{}", *policy.min_freshness_seconds) : "-");
  field(h, policy.min_freshness);
  place(h, policy.min_freshness_where);
  field(h, policy.max_availability ? fmt::format("{}", *policy.max_availability) : "-");
  place(h, policy.max_availability_where);
  return h.hex();
}

std::optional<ContractCheckResult> remembered_port_check(const std::string& key, const dbt::DbtProject& project,
                                                         const CatalogTypes& catalog) {
  if (key.empty()) return std::nullopt;
  auto text = read_input_file(verdict_path(key), InputRules{input_limits::kConfigFile});
  if (!text) return std::nullopt;
  std::istringstream lines(*text);
  std::string line;
  if (!std::getline(lines, line) || line != kHeader) return std::nullopt;
  ContractCheckResult result;
  struct Listed {
    const dbt::DbtModel* model;
    std::string places;
  };
  std::vector<Listed> models;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string kind;
    words >> kind;
    if (kind == "properties") {
      if (!(words >> result.properties)) return std::nullopt;
    } else if (kind == "model") {
      std::string name, facts, places;
      if (!(words >> name >> facts >> places)) return std::nullopt;
      const dbt::DbtModel* model = find_model(project, name);
      if (model == nullptr || model_facts(*model, catalog) != facts) return std::nullopt;  // the model changed
      models.push_back({model, std::move(places)});
    } else if (kind == "finding") {
      boost::system::error_code ec;
      boost::json::value d = boost::json::parse(std::string_view(line).substr(kind.size() + 1), ec);
      if (ec || !d.is_object()) return std::nullopt;
      result.findings.add(diagnostic_from_json(d.as_object()));
    } else {
      return std::nullopt;  // a line this floe does not know
    }
  }
  if (models.empty()) return std::nullopt;
  // Findings point into the models' files: those must not have moved.
  if (!result.findings.empty())
    for (const auto& m : models)
      if (model_places(*m.model) != m.places) return std::nullopt;
  result.ports = 1;
  result.passed = !result.findings.has_errors();
  return result;
}

void remember_port_check(const std::string& key, const PortContract& port, const ContractCheckResult& result,
                         const dbt::DbtProject& project, const CatalogTypes& catalog) {
  if (key.empty() || port.contract.objects.empty()) return;
  for (const auto& f : result.findings.items())
    if (f.code == codes::K101) return;  // its did-you-mean depends on every model of the project
  std::string text = fmt::format("{}\nproperties {}\n", kHeader, result.properties);
  std::vector<std::string> names;
  for (const auto& object : port.contract.objects) names.push_back(object.model());
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (const auto& name : names) {
    const dbt::DbtModel* model = find_model(project, name);
    if (model == nullptr || name.find_first_of(" \t\r\n") != std::string::npos) return;
    text += fmt::format("model {} {} {}\n", name, model_facts(*model, catalog), model_places(*model));
  }
  for (const auto& f : result.findings.items()) text += fmt::format("finding {}\n", boost::json::serialize(diagnostic_to_json(f)));
  // Lost to a crash, it only costs one full check: no fsync.
  (void)write_file_atomically(verdict_path(key), text, Durability::unsynced);
}

}  // namespace floe
