#include "dbt/yaml_support.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <yaml-cpp/depthguard.h>

#include "base/input_file.hpp"
#include "base/yaml_expansion.hpp"
#include "dbt/dbt_diag.hpp"
#include "diag/codes.hpp"

namespace floe::dbt {

namespace {

bool read_with(const std::string& path, const InputRules& rules, std::string& text, std::string* why) {
  auto read = read_input_file(path, rules);
  if (!read) {
    if (why != nullptr) *why = read.error().message;
    return false;
  }
  text = std::move(*read);
  return true;
}

}  // namespace

bool read_text_file(const std::string& path, std::string& text, std::string* why) {
  return read_with(path, InputRules{input_limits::kDbtFile}, text, why);
}

bool read_listed_file(const std::string& path, std::string& text, std::string* why) {
  InputRules rules{input_limits::kDbtFile};
  rules.listed_regular = true;
  return read_with(path, rules, text, why);
}

SourceLocation mark_location(const std::string& file, const YAML::Mark& mark) {
  SourceLocation where;
  where.file = file;
  if (!mark.is_null()) {
    where.line = mark.line + 1;
    where.column = mark.column + 1;
  }
  return where;
}

namespace {

void add_too_many_values(const std::string& display_path, const YAML::Mark& root_mark, Diagnostics& diags) {
  diags.add(dbt_diag(Severity::error, codes::D006,
                     display_path + ": its YAML aliases expand to more than " + std::to_string(kMaxYamlValues) +
                         " values (a 'billion laughs' file, or an anchor that refers to itself)",
                     mark_location(display_path, root_mark), display_path,
                     "write the values out, or use fewer nested aliases: dbt properties never need this many"));
}

void add_yaml_exception(const std::string& display_path, const YAML::Exception& e, Diagnostics& diags) {
  if (dynamic_cast<const YAML::DeepRecursion*>(&e) != nullptr) {
    diags.add(dbt_diag(Severity::error, codes::D006,
                       display_path + " nests deeper than " + std::to_string(kYamlDepthLimit) + " levels",
                       mark_location(display_path, e.mark), display_path,
                       "dbt properties nest a few levels; this file is probably damaged"));
  } else if (dynamic_cast<const YAML::ParserException*>(&e) != nullptr) {
    diags.add(dbt_diag(Severity::error, codes::D002, "YAML syntax error in " + display_path + ": " + e.msg,
                       mark_location(display_path, e.mark), display_path,
                       "fix the YAML at the position shown (indentation, a missing ':' or an unclosed quote)"));
  } else {
    diags.add(dbt_diag(Severity::error, codes::D002, "YAML error in " + display_path + ": " + e.msg,
                       mark_location(display_path, e.mark), display_path));
  }
}

}  // namespace

bool load_yaml(const std::string& display_path, const std::string& text, YAML::Node& root, Diagnostics& diags) {
  try {
    root = YAML::Load(text);
    if (yaml_expands_within(root)) return true;
    add_too_many_values(display_path, root.Mark(), diags);
  } catch (const YAML::Exception& e) {
    add_yaml_exception(display_path, e, diags);
  }
  return false;
}

bool load_event_tree(const std::string& display_path, std::string_view text, EventTree& tree, Diagnostics& diags) {
  try {
    tree = read_event_tree(text);
    if (tree.status != EventTreeStatus::too_many_values) return true;
    add_too_many_values(display_path, tree.root_mark, diags);
  } catch (const YAML::Exception& e) {
    add_yaml_exception(display_path, e, diags);
  }
  return false;
}

std::string scalar_text(const YAML::Node& node) { return node && node.IsScalar() ? node.Scalar() : std::string(); }

namespace {

// Hand-written matchers rather than a regex: linear, no recursion (std::regex
// overflowed the stack on long digit strings), and libfloe-dbt links no
// regex engine.
std::size_t digits_from(std::string_view s, std::size_t i) {
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i;
}

// [-+]?[0-9]+
bool is_int_text(std::string_view s) {
  const std::size_t start = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
  return s.size() > start && digits_from(s, start) == s.size();
}

// [-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?
bool is_float_text(std::string_view s) {
  std::size_t i = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
  const std::size_t int_end = digits_from(s, i);
  const bool int_digits = int_end > i;
  i = int_end;
  if (i < s.size() && s[i] == '.') {
    const std::size_t frac_end = digits_from(s, i + 1);
    if (!int_digits && frac_end == i + 1) return false;  // "." alone
    i = frac_end;
  } else if (!int_digits) {
    return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t e = i + 1;
    if (e < s.size() && (s[e] == '-' || s[e] == '+')) ++e;
    const std::size_t exp_end = digits_from(s, e);
    if (exp_end == e) return false;
    i = exp_end;
  }
  return i == s.size();
}

boost::json::value plain_scalar_impl(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  static const char* const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
  static const char* const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};
  for (const char* t : yes) {
    if (s == t) return true;
  }
  for (const char* f : no) {
    if (s == f) return false;
  }
  // Cheap first-character test before the regexes: most scalars are words.
  const char c = s[0];
  if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
    if (is_int_text(s)) {
      errno = 0;
      const long long v = std::strtoll(s.c_str(), nullptr, 10);
      if (errno == 0) return static_cast<std::int64_t>(v);
    } else if (is_float_text(s)) {
      return std::strtod(s.c_str(), nullptr);
    }
  }
  return boost::json::value(s);
}

}  // namespace

boost::json::value yaml_plain_scalar_to_json(const std::string& s) { return plain_scalar_impl(s); }

boost::json::value yaml_to_json(const YAML::Node& node) {
  if (!node || node.IsNull()) return nullptr;
  if (node.IsScalar()) {
    // yaml-cpp tags quoted scalars "!" and plain ones "?".
    if (node.Tag() == "!") return boost::json::value(node.Scalar());
    return plain_scalar_impl(node.Scalar());
  }
  if (node.IsSequence()) {
    boost::json::array a;
    for (const auto& item : node) a.push_back(yaml_to_json(item));
    return a;
  }
  boost::json::object o;
  for (const auto& kv : node) o[kv.first.Scalar()] = yaml_to_json(kv.second);
  return o;
}

void append_string_list(const YAML::Node& node, std::vector<std::string>& out) {
  if (!node) return;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
  } else if (node.IsSequence()) {
    for (const auto& item : node) {
      if (item.IsScalar()) out.push_back(item.Scalar());
    }
  }
}

boost::json::value yaml_to_json(const fastyaml::NodeRef& node) {
  if (!node || node.IsNull()) return nullptr;
  if (node.IsScalar()) {
    if (node.quoted()) return boost::json::value(node.Scalar());
    return yaml_plain_scalar_to_json(std::string(node.Scalar()));
  }
  if (node.IsSequence()) {
    boost::json::array a;
    node.each_item([&](const fastyaml::NodeRef& item) { a.push_back(yaml_to_json(item)); });
    return a;
  }
  boost::json::object o;
  node.each_pair([&](std::string_view key, const fastyaml::NodeRef& value) { o[key] = yaml_to_json(value); });
  return o;
}

void append_string_list(const fastyaml::NodeRef& node, std::vector<std::string>& out) {
  if (!node) return;
  if (node.IsScalar()) {
    out.emplace_back(node.Scalar());
  } else if (node.IsSequence()) {
    node.each_item([&](const fastyaml::NodeRef& item) {
      if (item.IsScalar()) out.emplace_back(item.Scalar());
    });
  }
}

bool load_yaml_tree(const std::string& display_path, std::string_view text, EventTree& tree, Diagnostics& diags) {
  tree = EventTree{};
  if (fastyaml::parse(text, tree.doc)) {
    if (tree.doc.root == fastyaml::npos) tree.status = EventTreeStatus::empty;
    else {
      tree.root_mark.line = tree.doc.nodes[tree.doc.root].line;
      tree.root_mark.column = tree.doc.nodes[tree.doc.root].column;
    }
    return true;
  }
  return load_event_tree(display_path, text, tree, diags);
}

void normalize_tags(std::vector<std::string>& tags) {
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
}

}  // namespace floe::dbt
