// From a product's `transforms` to the dbt projects compile enforces.
// A transform's `path` names a dbt project directory, or (as every seed
// example does: `path: models/`) a directory or .sql file inside one: floe
// walks up to the dbt_project.yml, never above the product directory (or
// above the `../` prefix the path starts with), and enforces only the models
// under the path. Several transforms into one project read it once.
#pragma once

#include <string>
#include <vector>

#include "diag/compile_report.hpp"
#include "config/located_document.hpp"
#include "dbt/dbt_project.hpp"

namespace floe {

struct TransformProject {
  dbt::DbtProject project;          // its models are the selected ones only
  std::string path;                 // the project directory, relative to floe.yaml ("." or "sales_dbt")
  std::vector<std::string> select;  // what the transforms name inside the project ("models/bronze"); empty: all
};

// Reads every dbt transform's project into `out` (in transforms order, one
// entry per project) and reports on `stage`. False when one could not be read.
bool read_transform_projects(const LocatedDocument& product, const std::string& product_dir,
                             const std::string& product_name, Stage& stage, std::vector<TransformProject>& out,
                             Diagnostics& diags);

// Where the results of parsing a dbt project's files are kept between reads
// (libfloe-dbt's parse cache); none with FLOE_PARSE_CACHE=off.
dbt::ParseCacheOptions parse_cache_for(const std::string& project_dir);

// Whether a model at `model_path` ("models/bronze/a.sql") is under one of
// `select` (empty: everything is).
bool is_selected(const std::string& model_path, const std::vector<std::string>& select);

// Keeps the models under tp.select; the others are named in
// outside_selection (ref() to them is not dangling).
void restrict_to_selection(TransformProject& tp);

}  // namespace floe
