// Builds dbt projects and policies in memory for the enforcement tests, so
// each test states only what it is about.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "dbt/dbt_project.hpp"
#include "resolve/governance_policy.hpp"
#include "enforce/policy_enforcer.hpp"

namespace floe::test {

inline SourceLocation at(std::string file, int line = 0, int column = 0) { return {std::move(file), line, column}; }

class Model {
 public:
  explicit Model(std::string name, std::string dir = "models") {
    m_.name = name;
    m_.unique_id = "model.shop." + name;
    m_.path = dir + "/" + name + ".sql";
    m_.where = at(m_.path, 1, 1);
  }
  Model& yml(std::string file, int line) {
    m_.yml_where = at(std::move(file), line, 5);
    return *this;
  }
  Model& description(std::string d) {
    m_.description = std::move(d);
    return *this;
  }
  // `line`, `column`: its entry in the model's properties file (yml()); 0: none.
  Model& column(std::string name, std::string description = "described", int line = 0, int column = 0) {
    m_.columns.push_back({std::move(name), std::move(description), {}, line, column});
    return *this;
  }
  Model& test(std::string type, std::string column = "") {
    m_.tests.push_back({std::move(type), std::move(column)});
    return *this;
  }
  Model& ref(std::string name, int line = 0) {
    m_.refs.push_back(name);
    m_.ref_locations.push_back(line > 0 ? at(m_.path, line, 8) : SourceLocation{});
    return *this;
  }
  Model& source(std::string source, std::string table, int line = 0) {
    m_.sources.push_back({std::move(source), std::move(table)});
    m_.source_locations.push_back(line > 0 ? at(m_.path, line, 6) : SourceLocation{});
    return *this;
  }
  Model& materialized(std::string m) {
    m_.materialized = std::move(m);
    return *this;
  }
  Model& tag(std::string t) {
    m_.tags.push_back(std::move(t));
    return *this;
  }
  Model& meta(std::string key, std::string json) {
    m_.meta[std::move(key)] = std::move(json);
    return *this;
  }
  operator dbt::DbtModel() const { return m_; }  // NOLINT: builder converts implicitly by design

 private:
  dbt::DbtModel m_;
};

inline dbt::DbtProject project(std::vector<dbt::DbtModel> models, std::vector<dbt::DbtSource> sources = {}) {
  dbt::DbtProject p;
  p.name = "shop";
  p.root = ".";
  p.origin = "files";
  std::sort(models.begin(), models.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  p.models = std::move(models);
  p.sources = std::move(sources);
  return p;
}

// A strict policy with every optional rule off: a test switches on the one
// rule it is about.
inline GovernancePolicy quiet_policy() {
  GovernancePolicy p;
  p.level = EnforcementLevel::strict;
  p.naming.enforcement = EnforcementLevel::off;
  p.naming.where = at("manifest.yaml", 12, 5);
  p.gates.where = at("manifest.yaml", 20, 3);
  return p;
}

inline std::vector<Diagnostic> with_code(const EnforcementResult& r, const std::string& code) {
  std::vector<Diagnostic> out;
  for (const auto& d : r.findings.items())
    if (d.code == code) out.push_back(d);
  return out;
}

inline std::string loc_text(const SourceLocation& w) {
  return w.file + ":" + std::to_string(w.line) + ":" + std::to_string(w.column);
}

inline constexpr const char* kToday = "2026-06-15";

}  // namespace floe::test
