// document_schema(): the JSON Schemas of docs/schemas/, embedded at build
// time (see embed_schemas.cmake), so the library and the shipped schema
// files cannot disagree.
#include "config/document_schema.hpp"

#include <boost/json/parse.hpp>

#include <string>

#include "floe/config_schemas.inc"

namespace floe {
namespace {

template <std::size_t N>
std::string join_pieces(const std::string_view (&pieces)[N]) {
  std::string text;
  for (auto piece : pieces) text += piece;
  return text;
}

}  // namespace

std::string_view document_schema(DocumentKind kind) {
  static const std::string manifest = join_pieces(generated::kManifestSchemaPieces);
  static const std::string product = join_pieces(generated::kDataProductSchemaPieces);
  static const std::string artifacts = join_pieces(generated::kCompiledArtifactsSchemaPieces);
  switch (kind) {
    case DocumentKind::manifest: return manifest;
    case DocumentKind::data_product: return product;
    case DocumentKind::compiled_artifacts: return artifacts;
  }
  return manifest;
}

const boost::json::value& document_schema_json(DocumentKind kind) {
  // The embedded text is docs/schemas/*.json, which tests parse and check.
  static const boost::json::value manifest = boost::json::parse(document_schema(DocumentKind::manifest));
  static const boost::json::value product = boost::json::parse(document_schema(DocumentKind::data_product));
  static const boost::json::value artifacts = boost::json::parse(document_schema(DocumentKind::compiled_artifacts));
  switch (kind) {
    case DocumentKind::manifest: return manifest;
    case DocumentKind::data_product: return product;
    case DocumentKind::compiled_artifacts: return artifacts;
  }
  return manifest;
}

}  // namespace floe
