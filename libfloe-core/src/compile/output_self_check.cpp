#include "compile/output_self_check.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <stdexcept>

#include "config/document_schema.hpp"
#include "schema/json_schema.hpp"

namespace floe {

bool output_self_check_enabled() {
  static const bool enabled = [] {
    const char* v = std::getenv("FLOE_CHECK_OUTPUTS");
    return v != nullptr && *v != '\0' && std::string_view(v) != "0";
  }();
  return enabled;
}

void check_own_output(std::string_view kind, const boost::json::value& value, const std::string& path) {
  if (!output_self_check_enabled()) return;
  const boost::json::value* schema = embedded_schema_json(kind);
  if (schema == nullptr) throw std::logic_error(fmt::format("FLOE_CHECK_OUTPUTS: no shipped schema '{}'", kind));
  auto issues = validate_against_schema(*schema, value);
  if (issues.empty()) return;
  std::string listed;
  for (const auto& issue : issues)
    listed += fmt::format("\n  {}: {}", issue.path.empty() ? "(the document)" : issue.path, issue.message);
  throw std::logic_error(fmt::format("FLOE_CHECK_OUTPUTS: {} does not match docs/schemas/{}.schema.json, which floe "
                                     "publishes for it (a bug in floe; nothing was written):{}",
                                     path, kind, listed));
}

}  // namespace floe
