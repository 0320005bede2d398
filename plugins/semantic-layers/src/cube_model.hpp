// Cube data model files (YAML, one per model: cubes with dimensions,
// measures and joins) for the models a semantic layer describes.
#pragma once

#include <string>
#include <vector>

#include "semantic_models.hpp"

namespace floe::semantic_layers {

// The file's text for one model: a cube named after it on its relation;
// category, boolean and time columns as dimensions (the primary key as a
// number or string dimension with primary_key), number columns as sum
// measures, a count, and a many_to_one join per relationships test.
std::string cube_yaml(const SemanticModel& model);

}  // namespace floe::semantic_layers
