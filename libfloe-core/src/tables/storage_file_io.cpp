#include "tables/storage_file_io.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/json_path.hpp"
#include "core/secret_reference.hpp"

namespace floe::tables {
namespace json = boost::json;

std::optional<json::object> s3_file_io(Registry& registry, const json::object& artifacts, std::string& why) {
  const json::value* selection = find_path(artifacts, {"plugins", "storage"});
  std::string type = selection != nullptr ? string_at(*selection, {"type"}) : std::string();
  if (type != "s3") {
    why = type.empty() ? "the platform selects no storage plugin"
                       : fmt::format("the platform's storage is '{}', and floe deletes table files on S3 only", type);
    return std::nullopt;
  }
  json::object config;
  if (const json::value* c = find_path(*selection, {"config"}); c != nullptr && c->is_object()) config = c->as_object();
  auto opened = registry.open("storage", type, json::serialize(config));
  if (!opened) {
    why = fmt::format("the storage plugin '{}' cannot be opened: {}", type, opened.error().message);
    return std::nullopt;
  }
  json::object request;
  if (json::object secrets = selection_secret_references(*selection); !secrets.empty()) request["secrets"] = secrets;
  auto answer = registry.call_value(*opened.value(), "get_fileio_config", request);
  registry.close(opened.value());
  if (!answer || !answer.value().is_object()) {
    why = fmt::format("the storage plugin '{}' cannot describe its FileIO: {}", type,
                      answer ? std::string("its answer is not a JSON object") : answer.error().message);
    return std::nullopt;
  }
  return std::move(answer.value().as_object());
}

}  // namespace floe::tables
