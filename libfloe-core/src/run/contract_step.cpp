#include "run/contract_step.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <filesystem>

#include "contract/data_check_sql.hpp"
#include "contract/data_checks.hpp"
#include "contract/data_contract.hpp"
#include "core/json_path.hpp"
#include "base/json_text.hpp"
#include "base/input_file.hpp"
#include "diag/codes.hpp"
#include "run/dbt_steps.hpp"

namespace floe::run {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

struct PortChecks {
  std::string port;
  DataContract contract;
  std::vector<DataCheck> checks;
};

// A measured value in the check's words: "26.4 h", "3 rows", "2.5 %".
std::string measured_text(const DataCheck& c, double v) {
  auto n = [](double x) {
    return std::floor(x) == x && std::fabs(x) < 1e15 ? fmt::format("{}", static_cast<long long>(x))
                                                     : fmt::format("{:.4g}", x);
  };
  if (c.kind == DataCheck::Kind::freshness) {
    if (v >= 86400) return fmt::format("{:.1f} d old", v / 86400);
    if (v >= 3600) return fmt::format("{:.1f} h old", v / 3600);
    if (v >= 60) return fmt::format("{:.1f} min old", v / 60);
    return fmt::format("{} s old", n(v));
  }
  if (c.percent) return n(v) + " %";
  if (c.kind == DataCheck::Kind::sql) return n(v);
  return n(v) + (v == 1 ? " row" : " rows");
}

class Judge {
 public:
  Judge(RunContext& ctx, Stage& stage) : ctx_(ctx), stage_(stage) {}

  void cannot(const PortChecks& p, const DataCheck& c, const std::string& why) {
    ++skipped_;
    Diagnostic d = make_diagnostic(codes::X112, "contract",
                                   fmt::format("port '{}': check '{}' was not run: {}", p.port, c.name, why), c.where,
                                   {}, "write the rule so floe can measure it (docs/contracts.md#checks-at-run-time)");
    d.severity = Severity::warning;
    d.subject = p.port;
    ctx_.report.diagnostics.add(std::move(d));
    stage_.lines.push_back({"warning", fmt::format("{}: {} (not run: {})", p.port, c.name, why)});
    publish(p, c, json::value(nullptr), "", false, "not_run");
  }

  void measured(const PortChecks& p, const DataCheck& c, double value) {
    bool ok = check_passes(c, value);
    std::string shown = measured_text(c, value);
    publish(p, c, value, shown, ok, ok ? "pass" : "fail");
    if (ok) {
      ++passed_;
      stage_.lines.push_back({"ok", fmt::format("{}: {} ({})", p.port, c.name, shown)});
      return;
    }
    ++(c.blocking ? failed_ : warned_);
    Diagnostic d = make_diagnostic(
        codes::X111, "contract",
        fmt::format("port '{}' breaks its data contract: {} (measured {})", p.port, c.name, shown), c.where,
        fmt::format("{} {}", c.kind == DataCheck::Kind::freshness ? "an age" : c.metric, threshold_text(c)),
        c.kind == DataCheck::Kind::freshness
            ? "run the product (or its ingestion) again, or find why its sources stopped delivering"
            : "fix the data or the model; a rule that no longer holds needs a new contract version");
    d.severity = c.blocking ? Severity::error : Severity::warning;
    d.subject = p.port;
    d.actual = shown;
    ctx_.report.diagnostics.add(std::move(d));
    stage_.lines.push_back({c.blocking ? "error" : "warning", fmt::format("{}: {} (measured {})", p.port, c.name, shown)});
  }

  json::object summary() const {
    return {{"passed", passed_}, {"failed", failed_}, {"warned", warned_}, {"not_run", skipped_}};
  }
  int failed() const { return failed_; }
  std::string totals() const {
    return fmt::format("{} check(s) passed, {} failed, {} warned, {} not run", passed_, failed_, warned_, skipped_);
  }

 private:
  void publish(const PortChecks& p, const DataCheck& c, json::value value, const std::string& measured, bool success,
               const char* result) {
    ctx_.bus.publish({{"type", "contract_check"},
                      {"step", ctx_.current_step},
                      {"port", p.port},
                      {"contract", p.contract.id},
                      {"model", c.model},
                      {"column", c.column},
                      {"check", c.name},
                      {"metric", c.metric},
                      {"threshold", threshold_text(c)},
                      {"value", std::move(value)},
                      {"measured", measured},
                      {"result", result},
                      {"success", success},
                      {"severity", c.blocking ? "error" : "warning"}});
  }

  RunContext& ctx_;
  Stage& stage_;
  int passed_ = 0, failed_ = 0, warned_ = 0, skipped_ = 0;
};

std::vector<PortChecks> port_checks(RunContext& ctx, Stage& stage) {
  std::vector<PortChecks> out;
  const json::value* ports = find_path(ctx.artifacts, {"ports", "output"});
  if (ports == nullptr || !ports->is_array()) return out;
  for (const auto& port : ports->as_array()) {
    const json::value* file = port.is_object() ? port.as_object().if_contains("contract") : nullptr;
    if (file == nullptr || !file->is_string()) continue;  // no contract, or the inline shorthand
    PortChecks p;
    p.port = string_at(port.as_object(), {"name"});
    std::string path = (fs::path(ctx.product_dir) / std::string(file->as_string())).lexically_normal().string();
    Diagnostics found;
    if (!load_contract(path, p.contract, found)) {
      // The compile checked it: only a file changed since can get here.
      std::string first = found.items().empty() ? "unreadable" : found.items().front().message;
      Diagnostic d = make_diagnostic(codes::X112, "contract",
                                     fmt::format("port '{}': its contract cannot be read: {}", p.port, first),
                                     {path, 0, 0}, {}, "floe contract lint " + path);
      d.severity = Severity::warning;
      ctx.report.diagnostics.add(std::move(d));
      stage.lines.push_back({"warning", fmt::format("{}: contract not read", p.port)});
      continue;
    }
    p.checks = data_checks(p.contract);
    out.push_back(std::move(p));
  }
  return out;
}

// Which dbt project builds `model`: the only one, or the one whose
// manifest.json has it.
std::size_t project_of(const RunContext& ctx, const std::vector<json::object>& projects,
                       std::vector<std::vector<std::string>>& models_cache, const std::string& model) {
  if (projects.size() <= 1) return 0;
  if (models_cache.empty()) {
    for (const auto& project : projects) {
      std::vector<std::string> names;
      auto manifest = read_json_file((fs::path(project_directory(ctx, project)) / "target" / "manifest.json").string(),
                                     input_limits::kDbtManifest);
      if (manifest && manifest->is_object())
        if (const json::value* nodes = manifest->as_object().if_contains("nodes"); nodes && nodes->is_object())
          for (const auto& [id, node] : nodes->as_object())
            if (std::string_view(id).starts_with("model.")) names.push_back(string_at(node.as_object(), {"name"}));
      models_cache.push_back(std::move(names));
    }
  }
  for (std::size_t i = 0; i < models_cache.size(); ++i)
    for (const auto& n : models_cache[i])
      if (n == model) return i;
  return 0;
}

}  // namespace

bool has_port_contracts(const RunContext& ctx) {
  const json::value* ports = find_path(ctx.artifacts, {"ports", "output"});
  if (ports == nullptr || !ports->is_array()) return false;
  for (const auto& port : ports->as_array())
    if (port.is_object() && port.as_object().contains("contract") && port.as_object().at("contract").is_string())
      return true;
  return false;
}

StepOutcome contract_step(RunContext& ctx, Instance& dbt, const std::vector<json::object>& projects,
                          const ModelBuilds& builds) {
  return run_step(ctx, "contracts", "contract", "Checking the data contracts of the output ports on the built tables",
                  [&](Stage& stage, StepOutcome& o) {
    Judge judge(ctx, stage);
    std::vector<PortChecks> ports = port_checks(ctx, stage);
    // What the query measures, per project: (port, check) by the id the row carries.
    struct Pending {
      const PortChecks* port;
      const DataCheck* check;
      std::string expression;
    };
    std::vector<std::vector<Pending>> per_project(std::max<std::size_t>(projects.size(), 1));
    std::vector<std::vector<std::string>> models_cache;
    auto now = std::chrono::system_clock::now();
    for (const auto& p : ports) {
      for (const auto& c : p.checks) {
        if (!c.unsupported.empty()) {
          judge.cannot(p, c, c.unsupported);
          continue;
        }
        if (c.kind == DataCheck::Kind::freshness && c.column.empty()) {
          auto built = builds.last_built(c.model);
          if (!built) {
            judge.cannot(p, c, fmt::format("no successful build of {} is recorded yet (floe run records it)", c.model));
            continue;
          }
          judge.measured(p, c, std::chrono::duration<double>(now - *built).count());
          continue;
        }
        std::string why;
        auto expression = check_expression(c, why);
        if (!expression) {
          judge.cannot(p, c, why);
          continue;
        }
        per_project[project_of(ctx, projects, models_cache, c.model)].push_back({&p, &c, std::move(*expression)});
      }
    }

    double tool_seconds = 0;
    // One query per project; when it fails (a rule's own SQL, most likely),
    // each check again on its own, so the report names the one that broke.
    auto query = [&](const json::object& project, const std::vector<const Pending*>& checks,
                     std::string& error) -> std::optional<json::array> {
      std::vector<std::pair<std::string, std::string>> items;
      for (std::size_t i = 0; i < checks.size(); ++i) items.emplace_back(fmt::format("c{}", i), checks[i]->expression);
      json::object request = dbt_invocation(ctx, project);
      request["inline"] = checks_query(items);
      request["limit"] = static_cast<std::int64_t>(checks.size());
      auto answer = ctx.registry.call_value(dbt, "show", request);
      if (!answer) {
        error = answer.error().message;
        if (answer.error().code == FLOE_ERR_CANCELLED) o.status = StepStatus::cancelled;
        return std::nullopt;
      }
      json::value parsed = std::move(answer).value();
      if (!parsed.is_object()) {
        error = "the dbt runtime's answer to show is not a JSON object";
        return std::nullopt;
      }
      tool_seconds += parsed.as_object().contains("execution_time_seconds") &&
                              parsed.at("execution_time_seconds").is_number()
                          ? parsed.at("execution_time_seconds").to_number<double>()
                          : 0.0;
      if (parsed.as_object().contains("success") && parsed.at("success") == true && parsed.as_object().contains("rows") &&
          parsed.at("rows").is_array())
        return parsed.at("rows").as_array();
      error = string_at(parsed.as_object(), {"error"}, "dbt show failed");
      return std::nullopt;
    };
    auto apply = [&](const std::vector<const Pending*>& checks, const json::array& rows) {
      std::vector<const json::value*> values(checks.size(), nullptr);
      for (const auto& row : rows) {
        if (!row.is_object()) continue;
        std::string id = string_at(row.as_object(), {"floe_check"});
        std::size_t index = id.size() > 1 ? std::strtoul(id.c_str() + 1, nullptr, 10) : checks.size();
        if (index < checks.size()) values[index] = row.as_object().if_contains("floe_value");
      }
      for (std::size_t i = 0; i < checks.size(); ++i) {
        const Pending& pending = *checks[i];
        const json::value* v = values[i];
        if (v != nullptr && v->is_number()) {
          judge.measured(*pending.port, *pending.check, v->to_number<double>());
        } else if (pending.check->kind == DataCheck::Kind::freshness) {
          judge.measured(*pending.port, *pending.check, std::numeric_limits<double>::infinity());  // no rows: never fresh
        } else if (pending.check->percent) {
          judge.measured(*pending.port, *pending.check, 0);  // a share of no rows
        } else {
          judge.cannot(*pending.port, *pending.check, "the query returned no value");
        }
      }
    };
    for (std::size_t i = 0; i < per_project.size() && o.status != StepStatus::cancelled; ++i) {
      if (per_project[i].empty()) continue;
      std::vector<const Pending*> all;
      for (const auto& pending : per_project[i]) all.push_back(&pending);
      const json::object& project = projects.empty() ? json::object() : projects[i];
      std::string error;
      if (auto rows = query(project, all, error)) {
        apply(all, *rows);
        continue;
      }
      if (o.status == StepStatus::cancelled) break;
      for (const Pending* one : all) {
        std::string own_error;
        if (auto rows = query(project, {one}, own_error)) apply({one}, *rows);
        else judge.cannot(*one->port, *one->check, fmt::format("the query failed: {}", own_error));
        if (o.status == StepStatus::cancelled) break;
      }
    }

    stage.lines.insert(stage.lines.begin(), {judge.failed() == 0 ? "ok" : "error", judge.totals()});
    o.summary = judge.summary();
    o.summary["tool_seconds"] = tool_seconds;
    if (judge.failed() > 0 && o.status != StepStatus::cancelled) {
      o.status = StepStatus::failed;
      o.message = judge.totals();
    }
  });
}

}  // namespace floe::run
