#include "quality_config.hpp"

#include "floe/plugin.hpp"

namespace floe::quality_dbt {

namespace {
double number(const boost::json::object& o, const char* key, double fallback) {
  auto* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  throw floe::sdk::error(FLOE_ERR_INVALID_CONFIG, std::string("key '") + key + "': expected a number");
}
}  // namespace

const std::string& QualityConfig::severity_of(const std::string& kind) const {
  auto it = severity.find(kind);
  return it != severity.end() ? it->second : default_severity;
}

QualityConfig parse_quality_config(const boost::json::object& config) {
  QualityConfig c;
  if (auto* s = config.if_contains("severity"); s != nullptr && s->is_object())
    for (const auto& [kind, level] : s->as_object())
      if (level.is_string()) c.severity[std::string(kind)] = std::string(level.as_string());
  if (auto d = floe::sdk::optional_string(config, "default_severity")) c.default_severity = *d;
  c.warn_score = number(config, "warn_score", c.warn_score);
  c.block_score = number(config, "block_score", c.block_score);
  return c;
}

}  // namespace floe::quality_dbt
