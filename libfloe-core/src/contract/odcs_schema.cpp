#include "contract/odcs_schema.hpp"

#include <boost/json/parse.hpp>

#include <string>

#include "floe/odcs_schema.inc"

namespace floe {

std::string_view odcs_schema_text() {
  static const std::string text = [] {
    std::string joined;
    const auto& schema = generated_odcs::kEmbeddedSchemas[0];
    for (std::size_t i = 0; i < schema.piece_count; ++i) joined += schema.pieces[i];
    return joined;
  }();
  return text;
}

const boost::json::value& odcs_schema_json() {
  // The embedded text is the released file, which a test parses and checks.
  static const boost::json::value parsed = boost::json::parse(odcs_schema_text());
  return parsed;
}

}  // namespace floe
