// Coverage rule (FLOE-E210 / E211): enough of each model is tested.
// column mode: documented columns with >= 1 test on them / documented columns;
// model mode: a model is covered when it has any test.
#include <fmt/format.h>

#include <algorithm>

#include "enforce/enforce_detail.hpp"
#include "diag/codes.hpp"
#include "core/text.hpp"

namespace floe::enforce {

namespace {

// Warehouses fold identifier case, and dbt users write the same column as
// "Order_ID" in one yml and "order_id" in a test: compare case-insensitively.
bool contains(const std::vector<std::string_view>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return ascii_iequals(n, name); });
}

struct Threshold {
  double percent = 0;
  const char* code = codes::E210;         // E210 (minimum) or E211 (layer)
  const std::string* layer = nullptr;     // the layer whose threshold applies
};

Threshold threshold_for(const QualityGates& gates, const std::string& layer) {
  if (!layer.empty()) {
    auto it = gates.layer_thresholds.find(layer);
    if (it != gates.layer_thresholds.end()) return {it->second, codes::E211, &it->first};
  }
  return {gates.minimum_test_coverage, codes::E210, nullptr};
}

std::string source_of(const Threshold& t) {
  return t.layer ? "layer_thresholds." + *t.layer : std::string("minimum_test_coverage");
}

Diagnostic coverage_finding(const dbt::DbtModel& m, const Threshold& t) {
  Diagnostic d;
  d.code = t.code;
  d.category = "coverage";
  d.where = doc_location(m);
  d.subject = m.name;
  return d;
}

}  // namespace

void check_coverage_of(const RuleContext& ctx, std::size_t first, std::size_t end, Diagnostics& out) {
  const QualityGates& gates = ctx.policy.gates;
  bool model_mode = gates.coverage_mode == "model";
  // Reused per model; the names live in the project, so views suffice.
  std::vector<std::string_view> tested, seen, untested;
  for (std::size_t at = first; at < end; ++at) {
    const dbt::DbtModel& m = ctx.subject(at);
    std::string layer = layer_of(m.name, ctx.policy.naming.pattern);
    Threshold t = threshold_for(gates, layer);
    if (t.percent <= 0) continue;
    auto who = [&] {
      return layer.empty() ? fmt::format("'{}'", m.name) : fmt::format("'{}' ({} layer)", m.name, layer);
    };
    std::string required = format_percent(t.percent);

    if (model_mode) {
      if (!m.tests.empty()) continue;
      Diagnostic d = coverage_finding(m, t);
      d.message = fmt::format("{} has no tests, below the required {}% test coverage", who(), required);
      d.expected = fmt::format("at least one test on the model or a column ({} {}%, coverage_mode model)",
                               source_of(t), required);
      d.actual = "0 tests";
      d.hint = "add a test to it in its schema .yml, e.g. not_null and unique on its key column";
      out.add(std::move(d));
      continue;
    }

    if (m.columns.empty()) {
      // Nothing documented to measure: only a model with no tests at all is
      // reported, since a tested model's coverage is simply unknown.
      if (!m.tests.empty()) continue;
      Diagnostic d = coverage_finding(m, t);
      d.message = fmt::format("{} has no documented columns and no tests, below the required {}% test coverage",
                              who(), required);
      d.expected = fmt::format("at least {}% of documented columns tested ({})", required, source_of(t));
      d.actual = "0 documented columns, 0 tests";
      d.hint = "document its columns in a schema .yml and add tests to them";
      out.add(std::move(d));
      continue;
    }

    // Linear lookups: a model has tens of columns and tests, where scanning
    // beats hashing; a column documented twice (two yml files) counts once.
    tested.clear();
    seen.clear();
    untested.clear();
    for (const auto& test : m.tests)
      if (!test.column_name.empty() && !contains(tested, test.column_name)) tested.push_back(test.column_name);
    std::size_t covered = 0;
    for (const auto& c : m.columns) {
      if (contains(seen, c.name)) continue;
      seen.push_back(c.name);
      if (contains(tested, c.name))
        ++covered;
      else
        untested.push_back(c.name);
    }
    std::size_t total = seen.size();
    if (static_cast<double>(covered) * 100.0 >= t.percent * static_cast<double>(total)) continue;

    double pct = static_cast<double>(covered) * 100.0 / static_cast<double>(total);
    Diagnostic d = coverage_finding(m, t);
    d.message = fmt::format("{} has {:.1f}% test coverage, below the required {}%", who(), pct, required);
    d.expected = fmt::format("at least {}% of documented columns tested ({})", required, source_of(t));
    d.actual = fmt::format("{:.1f}% ({}/{} columns tested)", pct, covered, total);
    std::size_t shown = std::min<std::size_t>(untested.size(), 5);
    d.hint = "add tests to: ";
    for (std::size_t i = 0; i < shown; ++i) {
      if (i > 0) d.hint += ", ";
      d.hint += untested[i];
    }
    if (untested.size() > shown) d.hint += fmt::format(" (and {} more)", untested.size() - shown);
    out.add(std::move(d));
  }
}

}  // namespace floe::enforce
