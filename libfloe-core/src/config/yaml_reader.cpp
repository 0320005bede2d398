#include "config/yaml_reader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <unordered_map>

#include "config/config_diagnostic.hpp"
#include "config/yaml_documents.hpp"
#include "config/yaml_scalar.hpp"
#include "base/fast_yaml.hpp"
#include "core/utf8.hpp"
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
    doc_.locations.set(path, SourceLocation{doc_.file, mark.line + 1, mark.column + 1});
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
        doc_.locations.set(child, SourceLocation{doc_.file, key_node.Mark().line + 1,
                                                 key_node.Mark().column + static_cast<int>(key.size()) + 2});
      obj.emplace(key, std::move(converted));
    }
    return true;
  }

  LocatedDocument& doc_;
  Diagnostics& diags_;
  std::size_t values_ = 0;
  bool abandoned_ = false;
};

// The same conversion from the fast parser's tree (base/fast_yaml.hpp), for
// files inside its subset: almost every manifest, floe.yaml and contract.
// yaml-cpp spends ~40k instructions per kilobyte where this spends a tenth,
// and a product with 100 contracted ports reads 100 such files per compile.
// Results must be identical to Converter's (tests/config/yaml_fast_path_test.cpp
// reads every YAML file of the repository both ways).
class SubsetConverter {
 public:
  SubsetConverter(std::string_view text, const fastyaml::Document& tree, LocatedDocument& doc)
      : text_(text), tree_(tree), nodes_(tree.nodes), doc_(doc), file_(intern_file_name(doc.file)) {
    line_offsets_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') line_offsets_.push_back(static_cast<std::uint32_t>(i + 1));
  }

  // False when the tree nests deeper than Converter allows: yaml-cpp's path
  // then reads the file and reports it. `self` is the node's location entry,
  // already added by the caller (paths are never built as strings here).
  bool convert(std::uint32_t index, LocationMap::Handle self, boost::json::value& out, int depth) {
    if (depth > kMaxDepth) return false;
    const fastyaml::Node& node = nodes_[index];
    switch (node.kind) {
      case fastyaml::Kind::map: {
        // Not reserved to the exact size: grown as yaml-cpp's path grows them, so code
        // that adds a key keeps the spare room it always had.
        auto& obj = out.emplace_object();
        for (std::uint32_t k = node.first; k != fastyaml::npos;) {
          const fastyaml::Node& key = nodes_[k];
          const std::uint32_t v = key.next;
          const fastyaml::Node& value = nodes_[v];
          suffix_.assign(depth == 0 ? "" : ".");
          suffix_ += tree_.text(key);
          const LocationMap::Handle child =
              doc_.locations.add_child(self, suffix_, file_, value.line + 1, value.column + 1);
          doc_.locations.set_key(child, file_, key.line + 1, key.column + 1);
          boost::json::value converted;
          if (!convert(v, child, converted, depth + 1)) return false;
          // As Converter: an empty value points just past the key's colon,
          // unless the text ends right there (yaml-cpp then marks the key).
          if (const std::size_t at = offset_of(value); implicitly_empty(value, at))
            doc_.locations.set_value(child, file_, key.line + 1,
                                     at >= text_.size() ? key.column + 1 : key.column + static_cast<int>(key.text_size) + 2);
          obj.emplace(tree_.text(key), std::move(converted));
          k = value.next;
        }
        return true;
      }
      case fastyaml::Kind::sequence: {
        auto& arr = out.emplace_array();
        std::size_t i = 0;
        for (std::uint32_t item = node.first; item != fastyaml::npos; item = nodes_[item].next) {
          arr.emplace_back(nullptr);
          suffix_ = fmt::format("[{}]", i++);
          const LocationMap::Handle child =
              doc_.locations.add_child(self, suffix_, file_, nodes_[item].line + 1, nodes_[item].column + 1);
          if (!convert(item, child, arr.back(), depth + 1)) return false;
        }
        return true;
      }
      case fastyaml::Kind::scalar:
        if (node.quoted) out = boost::json::string(tree_.text(node));
        else out = resolve_plain_scalar(tree_.text(node));
        return true;
      case fastyaml::Kind::null: out = nullptr; return true;
    }
    return true;
  }

  LocationMap::Handle add_root(std::uint32_t index) {
    return doc_.locations.add_child(LocationMap::kNone, "", file_, nodes_[index].line + 1, nodes_[index].column + 1);
  }

 private:
  // "key:" with nothing after it (yaml-cpp marks such a null on the next
  // token's line), as opposed to a written "~" or "null".
  bool implicitly_empty(const fastyaml::Node& node, std::size_t at) const {
    if (node.kind != fastyaml::Kind::null) return false;
    return at >= text_.size() || text_[at] == '\n' || text_[at] == '#' || text_[at] == ' ';
  }

  std::size_t offset_of(const fastyaml::Node& node) const {
    const auto line = static_cast<std::size_t>(node.line);
    return line < line_offsets_.size() ? line_offsets_[line] + static_cast<std::size_t>(node.column) : text_.size();
  }

  std::string_view text_;
  const fastyaml::Document& tree_;
  const std::vector<fastyaml::Node>& nodes_;
  LocatedDocument& doc_;
  const std::string* file_;  // doc_.file, interned once for every position
  std::vector<std::uint32_t> line_offsets_;  // input files are at most 16 MiB
  std::string suffix_;                       // scratch: ".key" or "[i]"
};

bool read_common_subset(std::string_view text, LocatedDocument& doc) {
  fastyaml::Document tree;
  if (text.size() >= 0xFFFFFFFFu) return false;  // positions are 32-bit: yaml-cpp's path (and its limits)
  if (!fastyaml::parse(text, tree) || tree.root == fastyaml::npos || tree.nodes[tree.root].kind == fastyaml::Kind::null)
    return false;  // outside the subset, or empty: yaml-cpp's path reads it and says what is wrong
  // An entry per value (a key shares its value's): exactly, since a grown
  // vector of a large document's entries would hold twice its size for a moment.
  std::size_t keys = 0;
  for (const fastyaml::Node& node : tree.nodes)
    if (node.kind == fastyaml::Kind::map) keys += node.count;
  doc.locations.reserve(tree.nodes.size() - keys);
  SubsetConverter converter(text, tree, doc);
  if (converter.convert(tree.root, converter.add_root(tree.root), doc.root, 0)) return true;
  doc.root = nullptr;
  doc.locations.clear();
  return false;
}

}  // namespace

bool read_yaml_document(std::string_view text, const std::string& file, LocatedDocument& doc, Diagnostics& diags) {
  doc.file = file;
  doc.root = nullptr;
  doc.locations.clear();
  // YAML files floe reads are UTF-8 (what it writes is JSON, which must be):
  // a stray Latin-1 byte in a description would become an artifact that is
  // not valid JSON.
  if (auto bad = first_invalid_utf8(text)) {
    Diagnostic d = config_diagnostic(doc, Severity::error, codes::C002, "", Anchor::value,
                                     fmt::format("the file is not valid UTF-8: byte 0x{:02X} does not start or "
                                                 "continue a UTF-8 character",
                                                 bad->byte));
    d.where = SourceLocation{file, static_cast<int>(bad->line), static_cast<int>(bad->column)};
    d.expected = "UTF-8 text (YAML 1.2)";
    d.hint = "save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8), or replace the character";
    diags.add(std::move(d));
    return false;
  }
  if (read_common_subset(text, doc)) return true;
  return read_yaml_document_with_yaml_cpp(text, file, doc, diags);
}

bool read_yaml_document_with_yaml_cpp(std::string_view text, const std::string& file, LocatedDocument& doc,
                                      Diagnostics& diags) {
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
