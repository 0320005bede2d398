#include "artifacts/product_init.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <sstream>
#include <vector>

namespace floe::oci {

Result<std::string> init_reference(const std::string& platform, const std::string& current_ref) {
  if (looks_like_oci_reference(platform)) {
    if (auto parsed = parse_reference(platform); !parsed) return std::move(parsed).error();
    return platform;
  }
  std::string tag = tag_for_version(platform);
  if (!is_valid_tag(tag))
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("--platform '{}' is neither a version nor an oci:// or oci-layout: reference", platform));
  std::string repository;
  if (looks_like_oci_reference(current_ref)) {
    if (auto parsed = parse_reference(current_ref)) repository = parsed->repository_uri();
  }
  if (repository.empty()) {
    const char* env = std::getenv("FLOE_PLATFORM_REGISTRY");
    repository = env ? env : "";
  }
  if (repository.empty())
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("cannot tell which registry holds platform version {}: floe.yaml's platform.ref is not "
                                  "an OCI reference and FLOE_PLATFORM_REGISTRY is not set; pass the whole reference, "
                                  "e.g. --platform=oci://registry.example.com/floe-platform:{}",
                                  platform, tag));
  auto parsed = parse_reference(repository);
  if (!parsed) return std::move(parsed).error();
  parsed->tag = tag;
  parsed->digest.clear();
  return parsed->str();
}

Result<std::string> replace_scalar_at(const std::string& text, int line, int column, const std::string& value) {
  std::size_t start = 0;
  for (int l = 1; l < line; ++l) {
    start = text.find('\n', start);
    if (start == std::string::npos) return make_error(FLOE_ERR_INVALID_ARGUMENT, "the location is past the end of the file");
    ++start;
  }
  std::size_t end_of_line = text.find('\n', start);
  if (end_of_line == std::string::npos) end_of_line = text.size();
  std::size_t begin = start + static_cast<std::size_t>(column - 1);
  if (begin >= end_of_line) return make_error(FLOE_ERR_INVALID_ARGUMENT, "the location is past the end of its line");
  std::size_t end;
  char first = text[begin];
  if (first == '"' || first == '\'') {
    end = text.find(first, begin + 1);
    if (end == std::string::npos || end > end_of_line)
      return make_error(FLOE_ERR_INVALID_ARGUMENT, "platform.ref is a quoted scalar spanning lines; edit it by hand");
    ++end;
  } else {
    end = text.find(" #", begin);
    if (end == std::string::npos || end > end_of_line) end = end_of_line;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r')) --end;
  }
  return text.substr(0, begin) + '"' + value + '"' + text.substr(end);
}

}  // namespace floe::oci
