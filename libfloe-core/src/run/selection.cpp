#include "run/selection.hpp"

#include <algorithm>

namespace floe::run {

namespace {
constexpr std::string_view kIngestion = "ingestion:";

void split(const std::vector<std::string>& items, std::vector<std::string>& dbt, std::vector<std::string>& sources) {
  for (const auto& item : items) {
    if (item.rfind(kIngestion, 0) == 0)
      sources.push_back(item.substr(kIngestion.size()));
    else
      dbt.push_back(item);
  }
}
}  // namespace

bool Selection::source_selected(const std::string& name) const {
  bool in = sources.empty() || std::find(sources.begin(), sources.end(), name) != sources.end() ||
            std::find(sources.begin(), sources.end(), "*") != sources.end();
  return in && std::find(excluded_sources.begin(), excluded_sources.end(), name) == excluded_sources.end();
}

Selection make_selection(const std::vector<std::string>& select, const std::vector<std::string>& exclude) {
  Selection s;
  split(select, s.dbt_select, s.sources);
  split(exclude, s.dbt_exclude, s.excluded_sources);
  if (!select.empty()) {
    s.runs_ingestion = !s.sources.empty();
    s.runs_dbt = !s.dbt_select.empty();
  }
  return s;
}

}  // namespace floe::run
