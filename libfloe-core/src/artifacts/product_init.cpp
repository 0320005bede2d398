#include "artifacts/product_init.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <sstream>
#include <vector>

#include "config/yaml_reader.hpp"

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
  std::size_t end = begin + 1;
  char first = text[begin];
  if (first == '|' || first == '>')
    return make_error(FLOE_ERR_INVALID_ARGUMENT, "platform.ref is a block scalar; edit it by hand");
  if (first == '"' || first == '\'') {
    // The closing quote: '' is an escaped quote in single quotes, \" in double.
    for (; end < end_of_line; ++end) {
      if (first == '"' && text[end] == '\\') {
        ++end;
      } else if (text[end] == first) {
        if (first == '\'' && end + 1 < end_of_line && text[end + 1] == '\'') {
          ++end;
        } else {
          break;
        }
      }
    }
    if (end >= end_of_line)
      return make_error(FLOE_ERR_INVALID_ARGUMENT, "platform.ref is a quoted scalar spanning lines; edit it by hand");
    ++end;
  } else {
    // A plain scalar ends at " #" (a comment) or the end of the line, and
    // inside a flow collection ({ref: x, ...}) also at ",", "}" or "]".
    bool in_flow = text.find_first_of("{[", start) < begin;
    end = begin;
    while (end < end_of_line && !(text[end] == '#' && (text[end - 1] == ' ' || text[end - 1] == '\t')) &&
           !(in_flow && (text[end] == ',' || text[end] == '}' || text[end] == ']')))
      ++end;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r')) --end;
  }
  return text.substr(0, begin) + '"' + value + '"' + text.substr(end);
}

namespace {

// Walks two parsed documents side by side: false when their shapes differ;
// otherwise every leaf that differs is counted in `changed`, the last one
// kept in `before` / `after`.
bool compare_documents(const boost::json::value& a, const boost::json::value& b, int& changed,
                       const boost::json::value*& before, const boost::json::value*& after) {
  std::vector<std::pair<const boost::json::value*, const boost::json::value*>> pending{{&a, &b}};
  while (!pending.empty()) {
    auto [x, y] = pending.back();
    pending.pop_back();
    if (x->is_object() && y->is_object()) {
      const auto& ox = x->as_object();
      const auto& oy = y->as_object();
      if (ox.size() != oy.size()) return false;
      for (const auto& [key, value] : ox) {
        const auto* other = oy.if_contains(key);
        if (other == nullptr) return false;
        pending.emplace_back(&value, other);
      }
    } else if (x->is_array() && y->is_array()) {
      const auto& ax = x->as_array();
      const auto& ay = y->as_array();
      if (ax.size() != ay.size()) return false;
      for (std::size_t i = 0; i < ax.size(); ++i) pending.emplace_back(&ax[i], &ay[i]);
    } else if (x->is_structured() || y->is_structured()) {
      return false;
    } else if (*x != *y) {
      ++changed;
      before = x;
      after = y;
    }
  }
  return true;
}

}  // namespace

Result<std::string> set_platform_ref(const std::string& text, const std::string& file, int line, int column,
                                     const std::string& current, const std::string& value) {
  auto edited = replace_scalar_at(text, line, column, value);
  if (!edited) return edited;
  LocatedDocument original, rewritten;
  Diagnostics ignored;
  if (!read_yaml_document(text, file, original, ignored))
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("{} does not parse as it is", file));
  bool same_shape = read_yaml_document(*edited, file, rewritten, ignored);
  int changed = 0;
  const boost::json::value* before = nullptr;
  const boost::json::value* after = nullptr;
  same_shape = same_shape && compare_documents(original.root, rewritten.root, changed, before, after);
  if (!same_shape || changed != 1 || !before->is_string() || before->as_string() != current || !after->is_string() ||
      after->as_string() != value)
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("rewriting platform.ref in place would change more of {} than that value (its "
                                  "layout, a plain scalar on several lines say, is not one floe edits); nothing was "
                                  "written",
                                  file));
  return edited;
}

}  // namespace floe::oci
