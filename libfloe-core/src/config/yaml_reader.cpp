#include "config/yaml_reader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <unordered_map>

#include "config/config_diagnostic.hpp"
#include "config/yaml_documents.hpp"
#include "config/yaml_scalar.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace {

// Aliases let a small file expand into a huge tree ("billion laughs"), and
// yaml-cpp accepts an anchor that refers to itself; both are cut off here.
constexpr std::size_t kMaxValues = 1'000'000;
constexpr int kMaxDepth = 200;

constexpr const char* kStrTag = "tag:yaml.org,2002:str";

class Converter {
 public:
  Converter(LocatedDocument& doc, Diagnostics& diags) : doc_(doc), diags_(diags) {}

  // False when the document had to be abandoned (too deep, too large).
  bool convert(const YAML::Node& node, const std::string& path, boost::json::value& out, int depth) {
    if (depth > kMaxDepth || ++values_ > kMaxValues) {
      if (!abandoned_)
        diags_.add(error(codes::C002, path,
                         depth > kMaxDepth ? "YAML nesting is too deep (a self-referencing alias?)"
                                           : "YAML aliases expand to more than a million values",
                         node.Mark()));
      abandoned_ = true;
      return false;
    }
    remember(path, node.Mark());
    switch (node.Type()) {
      case YAML::NodeType::Map: return convert_map(node, path, out, depth);
      case YAML::NodeType::Sequence: {
        auto& arr = out.emplace_array();
        std::size_t i = 0;
        for (const auto& item : node) {
          arr.emplace_back(nullptr);
          if (!convert(item, index_path(path, i++), arr.back(), depth + 1)) return false;
        }
        return true;
      }
      case YAML::NodeType::Scalar:
        // Quoted and block scalars carry the non-specific tag "!": always strings.
        if (node.Tag() == "!" || node.Tag() == kStrTag) out = boost::json::string(node.Scalar());
        else out = resolve_plain_scalar(node.Scalar());
        return true;
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined: out = nullptr; return true;
    }
    return true;
  }

  void remember(const std::string& path, const YAML::Mark& mark) {
    doc_.locations[path] = SourceLocation{doc_.file, mark.line + 1, mark.column + 1};
  }

  Diagnostic error(const char* code, const std::string& path, std::string message, const YAML::Mark& mark) {
    Diagnostic d = config_diagnostic(doc_, Severity::error, code, path, Anchor::value, std::move(message));
    d.where = SourceLocation{doc_.file, mark.line + 1, mark.column + 1};
    return d;
  }

 private:
  bool convert_map(const YAML::Node& node, const std::string& path, boost::json::value& out, int depth) {
    auto& obj = out.emplace_object();
    std::unordered_map<std::string, YAML::Mark> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      // Copies: the iterator hands out a temporary pair of node handles.
      const YAML::Node key_node = it->first;
      const YAML::Node value_node = it->second;
      if (!key_node.IsScalar()) {
        diags_.add(error(codes::C002, path, "mapping keys must be plain scalars, not collections", key_node.Mark()));
        continue;
      }
      std::string key = key_node.Scalar();
      std::string child = join_path(path, key);
      if (auto first = seen.find(key); first != seen.end()) {
        Diagnostic d = error(codes::C005, child,
                             fmt::format("duplicate key '{}' in {} (first defined at line {})", key,
                                         path.empty() ? "the top-level mapping" : fmt::format("'{}'", path),
                                         first->second.line + 1),
                             key_node.Mark());
        d.hint = fmt::format("remove one of the '{}' entries; only the first is used", key);
        diags_.add(std::move(d));
        continue;
      }
      seen.emplace(key, key_node.Mark());
      remember(child + "#key", key_node.Mark());
      boost::json::value converted;
      if (!convert(value_node, child, converted, depth + 1)) return false;
      // An empty value ("key:" then a newline) gets the mark of whatever
      // follows it; point at the key's line instead.
      if (value_node.IsNull() && value_node.Mark().line != key_node.Mark().line)
        doc_.locations[child] = SourceLocation{doc_.file, key_node.Mark().line + 1,
                                               key_node.Mark().column + static_cast<int>(key.size()) + 2};
      obj.emplace(key, std::move(converted));
    }
    return true;
  }

  LocatedDocument& doc_;
  Diagnostics& diags_;
  std::size_t values_ = 0;
  bool abandoned_ = false;
};

}  // namespace

bool read_yaml_document(std::string_view text, const std::string& file, LocatedDocument& doc, Diagnostics& diags) {
  doc.file = file;
  doc.root = nullptr;
  doc.locations.clear();
  auto syntax_error = [&](const std::string& what, const YAML::Mark& mark) {
    Diagnostic d = config_diagnostic(doc, Severity::error, codes::C002, "", Anchor::value,
                                     fmt::format("YAML syntax error: {}", what));
    d.where = SourceLocation{file, mark.line + 1, mark.column + 1};
    d.hint = "check indentation, unclosed brackets or quotes, and that ':' is followed by a space";
    diags.add(std::move(d));
    return false;
  };
  YamlDocuments documents;
  YAML::Node first;
  try {
    documents = count_yaml_documents(text);
    if (documents.stuck_at)
      return syntax_error(fmt::format("unexpected '{}' where a value starts (quote the value if it is text)",
                                      documents.stuck_on),
                          *documents.stuck_at);
    if (!documents.starts.empty()) first = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return syntax_error(e.msg, e.mark);
  }
  Converter converter(doc, diags);
  if (documents.starts.size() > 1) {
    diags.add(converter.error(codes::C002, "",
                              fmt::format("expected a single YAML document, found {}", documents.starts.size()),
                              documents.starts[1]));
  }
  if (documents.starts.empty() || first.IsNull()) {
    Diagnostic d = config_diagnostic(doc, Severity::error, codes::C004, "", Anchor::value,
                                     "the document is empty");
    d.where = SourceLocation{file, 1, 1};
    d.hint = "start from the example in docs/configuration.md (apiVersion, kind, metadata, ...)";
    diags.add(std::move(d));
    return false;
  }
  return converter.convert(first, "", doc.root, 0);
}

}  // namespace floe
