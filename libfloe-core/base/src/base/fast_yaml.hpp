// A small, fast parser for the plain block-YAML subset that dbt properties
// files, floe's own files and ODCS contracts use: block mappings and sequences (indentless too), plain / single- /
// double-quoted one-line scalars, one-line flow sequences and mappings,
// comments and `|` / `>` block scalars. It builds a flat node tree with
// yaml-cpp's marks (0-based line and column of each node's first token).
//
// Anything outside the subset (anchors, aliases, tags, directives, several
// documents, complex or duplicate keys, tabs, CR, multi-line plain or quoted
// scalars, empty sequence entries, syntax errors, ...) makes parse() return
// false, and the caller falls back to yaml-cpp for the whole file, so
// results and diagnostics outside the subset are yaml-cpp's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace floe::fastyaml {

inline constexpr std::uint32_t npos = 0xFFFFFFFFu;

enum class Kind : std::uint8_t { null, scalar, sequence, map };

// 32 bytes: a 10 MB contract is ~730,000 nodes, so a node does not hold a
// string of its own. A scalar's text is a slice of the input where it stands
// there as is (plain scalars, quoted ones without escapes), else of the
// document's arena (decoded escapes, block scalars).
struct Node {
  Kind kind = Kind::null;
  bool quoted = false;             // a quoted or block scalar (yaml-cpp tag "!"); plain ones are "?"
  bool in_arena = false;           // the text is in Document::arena, not in the input
  int line = 0;                    // 0-based, as YAML::Mark
  int column = 0;                  // 0-based, as YAML::Mark
  std::uint32_t first = npos;      // first child (map: key, value, key, value, ...)
  std::uint32_t next = npos;       // next sibling
  std::uint32_t count = 0;         // items, or pairs of a map
  std::uint32_t text_at = 0, text_size = 0;  // a scalar's value
};

struct Document {
  std::vector<Node> nodes;
  std::uint32_t root = npos;  // npos: an empty document
  std::string_view source;    // the parsed text: it must outlive the document
  std::string arena;
  std::string_view text(const Node& n) const {
    return (n.in_arena ? std::string_view(arena) : source).substr(n.text_at, n.text_size);
  }
};

// False when `text` is outside the subset (doc is then unspecified).
// `doc` refers to `text`: keep it alive while `doc` is used.
bool parse(std::string_view text, Document& doc);

// A read-only view with the part of YAML::Node's interface the dbt readers use.
class NodeRef {
 public:
  NodeRef() = default;
  NodeRef(const Document* doc, std::uint32_t index) : doc_(doc), index_(index) {}

  explicit operator bool() const { return index_ != npos; }
  bool IsNull() const { return node().kind == Kind::null; }
  bool IsScalar() const { return node().kind == Kind::scalar; }
  bool IsSequence() const { return node().kind == Kind::sequence; }
  bool IsMap() const { return node().kind == Kind::map; }
  bool quoted() const { return node().quoted; }
  std::string_view Scalar() const;
  int line() const { return node().line; }
  int column() const { return node().column; }
  std::size_t size() const { return node().count; }
  // The value of `key` in a map; an invalid ref when absent or not a map.
  NodeRef operator[](std::string_view key) const;

  template <class F>
  void each_item(F&& f) const {
    for (std::uint32_t i = node().first; i != npos; i = doc_->nodes[i].next) f(NodeRef(doc_, i));
  }
  template <class F>
  void each_pair(F&& f) const {
    for (std::uint32_t k = node().first; k != npos;) {
      const std::uint32_t v = doc_->nodes[k].next;
      f(doc_->text(doc_->nodes[k]), NodeRef(doc_, v));
      k = doc_->nodes[v].next;
    }
  }

 private:
  const Node& node() const { return doc_->nodes[index_]; }
  const Document* doc_ = nullptr;
  std::uint32_t index_ = npos;
};

}  // namespace floe::fastyaml
