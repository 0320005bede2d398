// dbt Semantic Layer (MetricFlow) definitions for the models a semantic
// layer describes: semantic_models with entities, dimensions and measures,
// a simple metric per measure, and the day-grain time spine MetricFlow
// requires (a model written beside them, built with dbt's date_spine macro).
#pragma once

#include <string>
#include <vector>

#include "semantic_models.hpp"

namespace floe::semantic_layers {

struct DbtSemanticFiles {
  std::string semantic_yaml;   // semantic_models, metrics, and the time spine's model properties
  std::string time_spine_sql;  // the time spine model
  std::vector<std::string> notes;  // models left out, and why
};

DbtSemanticFiles dbt_semantic_files(const std::vector<SemanticModel>& models, const std::string& time_spine_model);

}  // namespace floe::semantic_layers
