#include "quality_config.hpp"

#include "floe/plugin.hpp"

namespace floe::quality_common {

namespace json = boost::json;

namespace {
double number(const json::object& o, const char* key, double fallback) {
  auto* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  throw floe::sdk::error(FLOE_ERR_INVALID_CONFIG, std::string("key '") + key + "': expected a number");
}

std::string str(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}
}  // namespace

const std::string& QualityConfig::severity_of(const std::string& kind) const {
  auto it = severity.find(kind);
  return it != severity.end() ? it->second : default_severity;
}

QualityConfig parse_quality_config(const json::object& config) {
  QualityConfig c;
  if (auto* s = config.if_contains("severity"); s != nullptr && s->is_object())
    for (const auto& [kind, level] : s->as_object())
      if (level.is_string()) c.severity[std::string(kind)] = std::string(level.as_string());
  if (auto d = floe::sdk::optional_string(config, "default_severity")) c.default_severity = *d;
  c.warn_score = number(config, "warn_score", c.warn_score);
  c.block_score = number(config, "block_score", c.block_score);
  return c;
}

double quality_score(const json::array& checks) {
  int counted = 0, passed = 0;
  for (const auto& c : checks) {
    if (!c.is_object()) continue;
    const json::object& check = c.as_object();
    if (str(check, "severity") == "info") continue;
    ++counted;
    if (auto* p = check.if_contains("passed"); p != nullptr && p->is_bool() && p->as_bool()) ++passed;
  }
  return counted == 0 ? 100.0 : 100.0 * passed / counted;
}

json::object score_response(const json::value& request, const QualityConfig& config) {
  const auto& o = floe::sdk::as_object(request, "calculate_quality_score request");
  only_keys(o, {"results", "config"});
  auto* results = o.if_contains("results");
  if (results == nullptr || !results->is_array())
    throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "key 'results': expected an array of checks");
  QualityConfig thresholds = config;
  if (auto* c = o.if_contains("config")) {
    const auto& given = floe::sdk::as_object(*c, "key 'config'");
    only_keys(given, {"warn_score", "block_score"});
    json::object merged{{"warn_score", thresholds.warn_score}, {"block_score", thresholds.block_score}};
    for (const auto& [k, v] : given) merged[k] = v;
    QualityConfig parsed = parse_quality_config(merged);
    thresholds.warn_score = parsed.warn_score;
    thresholds.block_score = parsed.block_score;
  }
  double score = quality_score(results->as_array());
  return {{"score", score},
          {"warning", score < thresholds.warn_score},
          {"blocked", thresholds.block_score > 0 && score < thresholds.block_score}};
}

void only_keys(const json::object& o, std::initializer_list<const char*> keys) {
  for (const auto& [k, v] : o) {
    bool known = false;
    for (const char* key : keys) known = known || k == key;
    if (!known) throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(k) + "' in the request");
  }
}

}  // namespace floe::quality_common
