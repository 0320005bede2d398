// --select / --exclude of floe run: dbt's node selectors, except items of
// the form "ingestion:<source>", which pick ingestion sources. A selection
// of ingestion sources only runs those sources and no dbt; a selection of
// dbt nodes only runs dbt (docs/run.md#selection).
#pragma once

#include <string>
#include <vector>

namespace floe::run {

struct Selection {
  std::vector<std::string> dbt_select, dbt_exclude;
  std::vector<std::string> sources, excluded_sources;  // "ingestion:" items, without the prefix
  bool runs_ingestion = true;
  bool runs_dbt = true;

  bool source_selected(const std::string& name) const;
};

Selection make_selection(const std::vector<std::string>& select, const std::vector<std::string>& exclude);

}  // namespace floe::run
