// What the quality plugins' configurations (plugins.quality.config) share:
// the severity of each kind of check and the score thresholds, and the score
// itself. quality-dbt's kinds are dbt's test kinds; quality-great-
// expectations judges the same kinds plus the output ports' contract checks.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <map>
#include <string>

namespace floe::quality_common {

// The JSON Schema properties every quality plugin's config has; a plugin's
// schema splices them into its own "properties" (adjacent string literals).
#define FLOE_QUALITY_SCORING_PROPERTIES                                                                            \
  "\"severity\": {\"type\": \"object\", \"description\": \"Severity of a failing check by its kind (not_null, "       \
  "unique, accepted_values, relationships, a custom generic test's name, singular, unit_test, or a plugin's own "  \
  "kinds): error, warn or info. Kinds not listed take default_severity.\", "                                        \
  "\"additionalProperties\": {\"enum\": [\"error\", \"warn\", \"info\"]}}, "                                         \
  "\"default_severity\": {\"enum\": [\"error\", \"warn\", \"info\"], \"default\": \"error\", "                          \
  "\"description\": \"Severity of a failing check whose kind severity does not name.\"}, "                           \
  "\"warn_score\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 100, \"default\": 95, "                      \
  "\"description\": \"A quality score below this is a warning.\"}, "                                               \
  "\"block_score\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 100, \"default\": 0, "                      \
  "\"description\": \"A quality score below this blocks (the run fails); 0 never blocks.\"}"

struct QualityConfig {
  std::map<std::string, std::string> severity;  // check kind -> error | warn | info
  std::string default_severity = "error";
  double warn_score = 95;
  double block_score = 0;

  const std::string& severity_of(const std::string& kind) const;
};

// The scoring keys of `config`; other keys are the plugin's to read. Throws
// floe::sdk::error (INVALID_CONFIG) for a threshold that is not a number.
QualityConfig parse_quality_config(const boost::json::object& config);

// 100 x the share of checks that passed, counting error and warn checks
// (info checks do not weigh); 100 with no check.
double quality_score(const boost::json::array& checks);

// calculate_quality_score's answer to `request` ({"results", "config"?}):
// `config`'s thresholds unless the request's config overrides them.
boost::json::object score_response(const boost::json::value& request, const QualityConfig& config);

// Throws INVALID_ARGUMENT naming the first key of `o` not in `keys`.
void only_keys(const boost::json::object& o, std::initializer_list<const char*> keys);

}  // namespace floe::quality_common
