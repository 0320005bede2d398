#include "compile/migrated_yaml.hpp"

#include <boost/json.hpp>

#include <map>
#include <vector>

#include "compile/yaml_emit.hpp"

namespace floe {
namespace {

namespace json = boost::json;

// Follows "$ref": "#/$defs/<name>" (the only form floe's schemas use).
const json::value* resolve(const json::value* node, const json::value& root) {
  for (int hops = 0; node != nullptr && node->is_object() && hops < 16; ++hops) {
    const json::value* ref = node->get_object().if_contains("$ref");
    if (ref == nullptr || !ref->is_string()) return node;
    std::string_view target = ref->get_string();
    constexpr std::string_view kDefs = "#/$defs/";
    if (target.substr(0, kDefs.size()) != kDefs) return nullptr;
    const json::value* defs = root.get_object().if_contains("$defs");
    node = defs != nullptr && defs->is_object() ? defs->get_object().if_contains(target.substr(kDefs.size())) : nullptr;
  }
  return node;
}

const json::value* member(const json::value* node, const char* key) {
  return node != nullptr && node->is_object() ? node->get_object().if_contains(key) : nullptr;
}

json::value ordered(const json::value& v, const json::value* schema, const json::value& root) {
  schema = resolve(schema, root);
  if (v.is_array()) {
    json::array out;
    for (const auto& item : v.get_array()) out.push_back(ordered(item, member(schema, "items"), root));
    return out;
  }
  if (!v.is_object()) return v;
  const json::object& in = v.get_object();
  const json::value* properties = member(schema, "properties");
  const json::value* additional = member(schema, "additionalProperties");
  json::object out;
  if (properties != nullptr && properties->is_object())
    for (const auto& [key, sub] : properties->get_object())
      if (const json::value* child = in.if_contains(key)) out[key] = ordered(*child, &sub, root);
  for (const auto& [key, child] : in)
    if (!out.contains(key)) {
      const json::value* sub = additional != nullptr && additional->is_object() ? additional : nullptr;
      out[key] = ordered(child, sub, root);
    }
  return out;
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

bool is_blank(const std::string& line) { return line.find_first_not_of(" \t") == std::string::npos; }
bool is_comment(const std::string& line) {
  std::size_t first = line.find_first_not_of(" \t");
  return first != std::string::npos && line[first] == '#';
}

// "plugins:" / "plugins: {...}" at column 0 -> "plugins"; "" otherwise.
std::string top_level_key(const std::string& line) {
  if (line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '-' || line[0] == '"' ||
      line[0] == '\'')
    return "";
  std::size_t colon = line.find(':');
  if (colon == std::string::npos || (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '\t'))
    return "";
  std::string key = line.substr(0, colon);
  while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
  return key;
}

struct SourceComments {
  std::string leading;                       // the comment block the file starts with
  std::map<std::string, std::string> above;  // top-level key -> the comment lines directly above it
};

SourceComments read_comments(std::string_view text) {
  SourceComments c;
  std::vector<std::string> lines = split_lines(text);
  std::size_t body = 0;
  while (body < lines.size() && (is_blank(lines[body]) || is_comment(lines[body]))) ++body;
  std::size_t last_comment = body;
  while (last_comment > 0 && !is_comment(lines[last_comment - 1])) --last_comment;
  for (std::size_t i = 0; i < last_comment; ++i) c.leading += lines[i] + "\n";
  for (std::size_t i = body; i < lines.size(); ++i) {
    std::string key = top_level_key(lines[i]);
    if (key.empty()) continue;
    std::size_t from = i;
    while (from > body && lines[from - 1].rfind('#', 0) == 0) --from;
    for (std::size_t j = from; j < i; ++j) c.above[key] += lines[j] + "\n";
  }
  return c;
}

}  // namespace

json::value in_schema_order(const json::value& v, const json::value& schema) { return ordered(v, &schema, schema); }

std::string render_migrated_yaml(const json::value& doc, const json::value& schema, std::string_view source_text) {
  SourceComments comments = read_comments(source_text);
  json::value canonical = in_schema_order(doc, schema);
  std::string text = comments.leading;
  if (!text.empty()) text += "\n";
  std::size_t index = 0;
  for (const auto& [key, value] : canonical.get_object()) {
    // apiVersion and kind together, then a blank line between sections.
    if (index++ >= 2) text += "\n";
    if (auto it = comments.above.find(std::string(key)); it != comments.above.end()) text += it->second;
    text += to_yaml(json::object{{key, value}}, YamlStrings::plain_when_safe);
  }
  return text;
}

}  // namespace floe
