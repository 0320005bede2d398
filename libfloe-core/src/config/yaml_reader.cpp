#include "config/yaml_reader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "config/config_diagnostic.hpp"
#include "config/yaml_documents.hpp"
#include "config/yaml_event_reader.hpp"
#include "config/yaml_scalar.hpp"
#include "base/fast_yaml.hpp"
#include "core/utf8.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace {

// The conversion from the fast parser's tree (base/fast_yaml.hpp), for files
// inside its subset: almost every manifest, floe.yaml and contract. yaml-cpp
// spends ~40k instructions per kilobyte where this spends a tenth, and a
// product with 100 contracted ports reads 100 such files per compile.
// Results must be identical to yaml-cpp's path (config/yaml_event_reader.hpp;
// tests/config/yaml_fast_path_test.cpp reads every YAML file of the
// repository both ways).
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
    if (depth > kMaxYamlDepth) return false;
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
  try {
    documents = count_yaml_documents(text);
    if (documents.stuck_at)
      return syntax_error(fmt::format("unexpected '{}' where a value starts (quote the value if it is text)",
                                      documents.stuck_on),
                          *documents.stuck_at);
  } catch (const YAML::Exception& e) {
    return syntax_error(e.msg, e.mark);
  }
  if (documents.starts.size() > 1) {
    Diagnostic d = config_diagnostic(doc, Severity::error, codes::C002, "", Anchor::value,
                                     fmt::format("expected a single YAML document, found {}", documents.starts.size()));
    d.where = SourceLocation{file, documents.starts[1].line + 1, documents.starts[1].column + 1};
    diags.add(std::move(d));
  }
  // Converted from yaml-cpp's events: its node graph would be ~49x the file.
  Diagnostics converted;
  bool usable = false;
  if (!documents.starts.empty()) {
    try {
      usable = convert_yaml_events(text, doc, converted);
    } catch (const YAML::Exception& e) {
      doc.root = nullptr;
      doc.locations.clear();
      return syntax_error(e.msg, e.mark);
    }
  }
  if (documents.starts.empty() || (usable && doc.root.is_null())) {
    doc.locations.clear();
    Diagnostic d = config_diagnostic(doc, Severity::error, codes::C004, "", Anchor::value,
                                     "the document is empty");
    d.where = SourceLocation{file, 1, 1};
    d.hint = "start from the example in docs/configuration.md (apiVersion, kind, metadata, ...)";
    diags.add(std::move(d));
    return false;
  }
  diags.append(converted);
  return usable;
}

}  // namespace floe
