#include "contract/odcs_schema.hpp"

#include <boost/json/parse.hpp>

#include <array>
#include <mutex>
#include <string>

#include "floe/odcs_schema.inc"

namespace floe {
namespace {

using generated_odcs::kEmbeddedSchemas;
constexpr std::size_t kCount = std::size(kEmbeddedSchemas);

struct Schemas {
  std::array<std::string, kCount> text;
  std::array<boost::json::value, kCount> parsed;
  Schemas() {
    for (std::size_t i = 0; i < kCount; ++i) {
      for (std::size_t p = 0; p < kEmbeddedSchemas[i].piece_count; ++p) text[i] += kEmbeddedSchemas[i].pieces[p];
      // The embedded text is the released file, which a test parses and checks.
      parsed[i] = boost::json::parse(text[i]);
    }
  }
};

const Schemas& schemas() {
  static const Schemas all;
  return all;
}

std::size_t index_of(std::string_view release) {
  for (std::size_t i = 0; i < kCount; ++i)
    if (kEmbeddedSchemas[i].kind == "odcs-" + std::string(release)) return i;
  return kCount;
}

}  // namespace

std::string_view odcs_schema_release(std::string_view api_version) {
  return api_version == "v3.2.0" ? kOdcsReleases[1] : kOdcsReleases[0];
}

const boost::json::value& odcs_schema_json(std::string_view api_version) {
  return schemas().parsed[index_of(odcs_schema_release(api_version))];
}

std::string_view odcs_schema_text(std::string_view release) {
  std::size_t i = index_of(release);
  return i < kCount ? std::string_view(schemas().text[i]) : std::string_view();
}

}  // namespace floe
