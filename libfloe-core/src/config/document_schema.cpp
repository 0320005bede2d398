// The JSON Schemas of docs/schemas/, embedded at build time (see
// embed_schemas.cmake), so the library and the shipped schema files cannot
// disagree.
#include "config/document_schema.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>

#include <array>
#include <mutex>
#include <optional>
#include <string>

#include "floe/config_schemas.inc"

namespace floe {
namespace {

using generated::kEmbeddedSchemas;
constexpr std::size_t kSchemaCount = std::size(kEmbeddedSchemas);

struct Schema {
  std::string text;
  std::once_flag parsed_once;
  // The parsed schema lives until the process ends, so its nodes go in an
  // arena of its own: allocated without a malloc each and, the arena's
  // pointer being a plain one, never freed one by one (the compile request's
  // schema is parsed on every compile; ~30 % of its parse was malloc/free).
  boost::json::monotonic_resource arena;  // before `parsed`: destroyed after it
  std::optional<boost::json::value> parsed;
};

// Joined on first use; each schema is parsed on its own first use.
struct Schemas {
  std::array<Schema, kSchemaCount> all;
  Schemas() {
    for (std::size_t i = 0; i < kSchemaCount; ++i)
      for (std::size_t p = 0; p < kEmbeddedSchemas[i].piece_count; ++p) all[i].text += kEmbeddedSchemas[i].pieces[p];
  }
};

std::array<Schema, kSchemaCount>& schemas() {
  static Schemas embedded;
  return embedded.all;
}

Schema* find(std::string_view kind) {
  for (std::size_t i = 0; i < kSchemaCount; ++i)
    if (kEmbeddedSchemas[i].kind == kind) return &schemas()[i];
  return nullptr;
}

std::string_view kind_name(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::manifest: return "manifest";
    case DocumentKind::data_product: return "data-product";
    case DocumentKind::compiled_artifacts: return "compiled-artifacts";
  }
  return "manifest";
}

}  // namespace

std::string_view embedded_schema(std::string_view kind) {
  const Schema* s = find(kind);
  return s != nullptr ? std::string_view(s->text) : std::string_view();
}

const boost::json::value* embedded_schema_json(std::string_view kind) {
  Schema* s = find(kind);
  if (s == nullptr) return nullptr;
  // The embedded text is docs/schemas/*.json, which tests parse and check.
  std::call_once(s->parsed_once,
                 [s] { s->parsed.emplace(boost::json::parse(s->text, boost::json::storage_ptr(&s->arena))); });
  return &*s->parsed;
}

std::vector<std::string_view> embedded_schema_kinds() {
  std::vector<std::string_view> kinds;
  for (const auto& s : kEmbeddedSchemas) kinds.push_back(s.kind);
  return kinds;
}

std::string_view document_schema(DocumentKind kind) { return embedded_schema(kind_name(kind)); }

const boost::json::value& document_schema_json(DocumentKind kind) { return *embedded_schema_json(kind_name(kind)); }

}  // namespace floe
