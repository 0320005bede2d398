#include "project_compare.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <sstream>
#include <stdexcept>

namespace floe::test {
namespace {

std::string tests_text(const floe::dbt::DbtModel& m) {
  std::vector<std::string> parts;
  for (const auto& t : m.tests) parts.push_back(t.type + "(" + t.column_name + ")");
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string columns_text(const floe::dbt::DbtModel& m) {
  std::vector<std::string> parts;
  for (const auto& c : m.columns) {
    parts.push_back(fmt::format("{}:'{}'[{}]", c.name, c.description, fmt::join(c.tags, ",")));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string sources_text(const std::vector<floe::dbt::DbtSourceRef>& sources) {
  std::vector<std::string> parts;
  for (const auto& s : sources) parts.push_back(s.source_name + "." + s.table_name);
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string meta_text(const std::map<std::string, std::string>& meta) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : meta) parts.push_back(k + "=" + v);
  return fmt::format("{}", fmt::join(parts, ", "));
}

void field(std::vector<std::string>& out, const std::string& model, const char* what, const std::string& a,
           const std::string& b) {
  if (a != b) out.push_back(fmt::format("{}: {} differ:\n    {}\n    {}", model, what, a, b));
}

}  // namespace

const floe::dbt::DbtModel& model_named(const floe::dbt::DbtProject& project, const std::string& name) {
  for (const auto& m : project.models)
    if (m.name == name) return m;
  throw std::runtime_error("no model " + name);
}

std::vector<std::string> project_differences(const floe::dbt::DbtProject& a, const floe::dbt::DbtProject& b) {
  std::vector<std::string> out;
  field(out, "project", "name", a.name, b.name);
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.models.size() || j < b.models.size()) {
    if (j == b.models.size() || (i < a.models.size() && a.models[i].name < b.models[j].name)) {
      out.push_back("model only in the first: " + a.models[i++].name);
      continue;
    }
    if (i == a.models.size() || b.models[j].name < a.models[i].name) {
      out.push_back("model only in the second: " + b.models[j++].name);
      continue;
    }
    const auto& x = a.models[i++];
    const auto& y = b.models[j++];
    field(out, x.name, "unique_id", x.unique_id, y.unique_id);
    field(out, x.name, "path", x.path, y.path);
    field(out, x.name, "materialized", x.materialized, y.materialized);
    field(out, x.name, "description", x.description, y.description);
    field(out, x.name, "tags", fmt::format("{}", fmt::join(x.tags, ",")), fmt::format("{}", fmt::join(y.tags, ",")));
    field(out, x.name, "meta", meta_text(x.meta), meta_text(y.meta));
    field(out, x.name, "columns", columns_text(x), columns_text(y));
    field(out, x.name, "tests", tests_text(x), tests_text(y));
    field(out, x.name, "refs", fmt::format("{}", fmt::join(x.refs, ",")), fmt::format("{}", fmt::join(y.refs, ",")));
    field(out, x.name, "sources", sources_text(x.sources), sources_text(y.sources));
    if (x.refs.size() != x.ref_locations.size() || y.refs.size() != y.ref_locations.size()) {
      out.push_back(x.name + ": ref_locations not parallel to refs");
    }
    if (x.sources.size() != x.source_locations.size() || y.sources.size() != y.source_locations.size()) {
      out.push_back(x.name + ": source_locations not parallel to sources");
    }
  }
  std::vector<std::string> sa;
  std::vector<std::string> sb;
  for (const auto& s : a.sources) sa.push_back(s.source_name + "." + s.table_name);
  for (const auto& s : b.sources) sb.push_back(s.source_name + "." + s.table_name);
  field(out, "project", "sources", fmt::format("{}", fmt::join(sa, ",")), fmt::format("{}", fmt::join(sb, ",")));
  return out;
}

namespace {

std::string at(const SourceLocation& w) { return fmt::format("{}:{}:{}", w.file, w.line, w.column); }

}  // namespace

// Every field of the project, locations included, one per line: two reads
// that print the same gave the same project.
std::string described(const dbt::DbtProject& p) {
  std::ostringstream out;
  out << p.name << '|' << p.profile << '|' << p.root << '|' << p.origin << '\n';
  for (const auto& m : p.models) {
    out << "model " << m.unique_id << ' ' << m.name << ' ' << m.path << ' ' << at(m.where) << ' ' << at(m.yml_where)
        << ' ' << m.materialized << " [" << m.description << "] tags " << fmt::format("{}", fmt::join(m.tags, ","))
        << '\n';
    for (const auto& [k, v] : m.meta) out << "  meta " << k << '=' << v << '\n';
    for (const auto& c : m.columns)
      out << "  column " << c.name << " [" << c.description << "] " << fmt::format("{}", fmt::join(c.tags, ","))
          << ' ' << at(dbt::column_location(m, c)) << ' ' << c.data_type << '\n';
    for (const auto& t : m.tests) out << "  test " << t.type << ' ' << t.column_name << '\n';
    for (std::size_t i = 0; i < m.refs.size(); ++i) out << "  ref " << m.refs[i] << ' ' << at(m.ref_locations[i]) << '\n';
    for (std::size_t i = 0; i < m.sources.size(); ++i)
      out << "  source " << m.sources[i].source_name << '.' << m.sources[i].table_name << ' '
          << at(m.source_locations[i]) << '\n';
  }
  for (const auto& s : p.sources) {
    out << "source " << s.source_name << '.' << s.table_name << ' ' << at(s.where) << '\n';
    for (const auto& c : s.columns) out << "  column " << c.name << " [" << c.description << "] " << c.data_type << '\n';
  }
  for (const auto& s : p.seeds) out << "seed " << s << '\n';
  return out.str();
}

}  // namespace floe::test
