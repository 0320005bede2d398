#include "contract/port_verdicts.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <iterator>
#include <string_view>
#include <system_error>

#include "contract/contract_verdicts.hpp"
#include "base/atomic_file.hpp"
#include "base/input_file.hpp"
#include "core/sha256.hpp"
#include "core/user_cache.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace {

constexpr std::string_view kHeader = "floe-port-check 1";

std::string verdict_path(const std::string& key) { return user_cache_root() + "/contracts/ports/" + key; }

// The fields of a digest, written into one buffer and hashed at once (a
// port's facts are ~70 short names: hashing them one call each cost more
// than the hashing). Fields are separated by a byte no name, path or YAML
// text holds.
class Fields {
 public:
  Fields& add(std::string_view s) {
    text_.append(s);
    text_ += '\x1f';
    return *this;
  }
  Fields& place(const SourceLocation& where) {
    add(where.file);
    fmt::format_to(std::back_inserter(text_), "{}:{}\x1f", where.line, where.column);
    return *this;
  }
  std::string digest() const { return sha256_hex(text_); }

 private:
  std::string text_;
};

// What the checks read of a model (contract/contract_checks.cpp): its columns
// and their types, its tests by column and type, and catalog.json's columns.
std::string model_facts(const dbt::DbtModel& model, const CatalogTypes& catalog) {
  Fields f;
  f.add(model.name);
  for (const auto& c : model.columns) f.add(c.name).add(c.data_type);
  f.add("\x1e tests");
  for (const auto& t : model.tests) f.add(t.column_name).add(t.type);
  f.add("\x1e catalog");
  if (auto it = catalog.find(model.name); it != catalog.end())
    for (const auto& [column, type] : it->second) f.add(column).add(type);
  return f.digest();
}

// Where findings point in a model's files: the model and each of its columns.
std::string model_places(const dbt::DbtModel& model) {
  Fields f;
  f.place(model.where).place(model.yml_where);
  for (const auto& c : model.columns) f.place(dbt::column_location(model, c));
  return f.digest();
}

// The next space-separated word of `line` from `at`, "" at the end.
std::string_view next_word(std::string_view line, std::size_t& at) {
  while (at < line.size() && line[at] == ' ') ++at;
  const std::size_t start = at;
  while (at < line.size() && line[at] != ' ') ++at;
  return line.substr(start, at - start);
}

}  // namespace

std::string port_verdict_context(const dbt::DbtProject& project, const std::string& project_dir,
                                 const ContractPolicy& policy) {
  if (!contract_verdicts_kept()) return {};
  Fields f;
  f.add(running_build_id()).add(kHeader).add(project.name).add(project_dir);
  f.add(std::to_string(static_cast<int>(policy.level)));
  f.add(policy.pii_encryption_required ? "pii-encrypted" : "pii-plain").place(policy.pii_where);
  for (const auto& rule : policy.classification) f.add(rule.pattern).add(rule.classification).place(rule.where);
  f.add(policy.min_freshness_seconds ? fmt::format("{}", *policy.min_freshness_seconds) : "-");
  f.add(policy.min_freshness).place(policy.min_freshness_where);
  f.add(policy.max_availability ? fmt::format("{}", *policy.max_availability) : "-");
  f.place(policy.max_availability_where);
  return f.digest();
}

std::string port_verdict_key(std::string_view contract_text, const PortContract& port, const std::string& context) {
  if (context.empty()) return {};
  Fields f;
  f.add(context).add(contract_text).add(port.port).add(port.table).add(port.file);
  f.place(port.port_where).place(port.reference_where);
  return f.digest();
}

std::string port_verdict_key(std::string_view contract_text, const PortContract& port, const dbt::DbtProject& project,
                             const std::string& project_dir, const ContractPolicy& policy) {
  return port_verdict_key(contract_text, port, port_verdict_context(project, project_dir, policy));
}

std::optional<ContractCheckResult> remembered_port_check(const std::string& key, const dbt::DbtProject& project,
                                                         const CatalogTypes& catalog) {
  if (key.empty()) return std::nullopt;
  auto text = read_input_file(verdict_path(key), InputRules{input_limits::kConfigFile});
  if (!text) return std::nullopt;
  std::string_view rest(*text);
  auto next_line = [&rest](std::string_view& line) {
    if (rest.empty()) return false;
    const std::size_t end = rest.find('\n');
    line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    return true;
  };
  std::string_view line;
  if (!next_line(line) || line != kHeader) return std::nullopt;
  ContractCheckResult result;
  struct Listed {
    const dbt::DbtModel* model;
    std::string_view places;
  };
  std::vector<Listed> models;
  while (next_line(line)) {
    std::size_t at = 0;
    const std::string_view kind = next_word(line, at);
    if (kind == "properties") {
      const std::string_view count = next_word(line, at);
      auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), result.properties);
      if (count.empty() || ec != std::errc{} || end != count.data() + count.size()) return std::nullopt;
    } else if (kind == "model") {
      const std::string_view name = next_word(line, at), facts = next_word(line, at), places = next_word(line, at);
      if (places.empty()) return std::nullopt;
      const dbt::DbtModel* model = project.find_model(name);
      if (model == nullptr || model_facts(*model, catalog) != facts) return std::nullopt;  // the model changed
      models.push_back({model, places});
    } else if (kind == "finding" && line.size() > kind.size()) {
      boost::system::error_code ec;
      boost::json::value d = boost::json::parse(line.substr(kind.size() + 1), ec);
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
    const dbt::DbtModel* model = project.find_model(name);
    if (model == nullptr || name.find_first_of(" \t\r\n") != std::string::npos) return;
    text += fmt::format("model {} {} {}\n", name, model_facts(*model, catalog), model_places(*model));
  }
  for (const auto& f : result.findings.items()) text += fmt::format("finding {}\n", boost::json::serialize(diagnostic_to_json(f)));
  // Lost to a crash, it only costs one full check: no fsync.
  (void)write_file_atomically(verdict_path(key), text, Durability::unsynced);
}

}  // namespace floe
