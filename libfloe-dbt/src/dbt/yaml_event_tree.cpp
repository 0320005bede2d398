#include "dbt/yaml_event_tree.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <istream>
#include <unordered_map>
#include <vector>

#include "base/text_stream.hpp"
#include "base/yaml_expansion.hpp"

namespace floe::dbt {
namespace {

using fastyaml::Kind;
using fastyaml::Node;
using fastyaml::npos;


struct TooManyValues {};

class TreeBuilder final : public YAML::EventHandler {
 public:
  explicit TreeBuilder(EventTree& tree) : tree_(tree), nodes_(tree.doc.nodes) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const std::uint32_t index = add(Kind::null, mark);
    anchored(anchor, index);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& text) override {
    const std::uint32_t index = add(Kind::scalar, mark);
    Node& node = nodes_[index];
    node.quoted = tag == "!";  // quoted and block scalars; the dbt readers type the rest
    node.in_arena = true;
    node.text_at = static_cast<std::uint32_t>(tree_.doc.arena.size());
    node.text_size = static_cast<std::uint32_t>(text.size());
    tree_.doc.arena += text;
    anchored(anchor, index);
  }

  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
    auto found = anchors_.find(anchor);
    if (found == anchors_.end() || found->second.end == npos) throw TooManyValues{};  // refers to itself
    const auto [first, end] = found->second;
    if (nodes_.size() + (end - first) > kMaxYamlValues) throw TooManyValues{};
    // The anchor's nodes were added in one run, its root first: copied, with
    // links inside the run moved by the same distance.
    const std::uint32_t at = static_cast<std::uint32_t>(nodes_.size());
    const std::uint32_t shift = at - first;
    for (std::uint32_t i = first; i < end; ++i) {
      Node copy = nodes_[i];
      if (copy.first != npos) copy.first += shift;
      copy.next = i == first || copy.next == npos ? npos : copy.next + shift;
      nodes_.push_back(copy);
    }
    link(at);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Kind::sequence, mark, anchor);
  }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Kind::map, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    std::uint32_t index;
    std::uint32_t last = npos;  // its last child so far
    std::uint32_t children = 0;
    YAML::anchor_t anchor;
  };

  std::uint32_t add(Kind kind, const YAML::Mark& mark) {
    if (nodes_.size() >= kMaxYamlValues) throw TooManyValues{};
    const auto index = static_cast<std::uint32_t>(nodes_.size());
    Node& node = nodes_.emplace_back();
    node.kind = kind;
    node.line = mark.line;
    node.column = mark.column;
    if (index == 0) tree_.root_mark = mark;
    link(index);
    return index;
  }

  // Appends the node at `index` to the innermost open collection.
  void link(std::uint32_t index) {
    if (open_.empty()) {
      if (tree_.doc.root == npos) tree_.doc.root = index;
      return;
    }
    Open& parent = open_.back();
    if (parent.last == npos) nodes_[parent.index].first = index;
    else nodes_[parent.last].next = index;
    parent.last = index;
    ++parent.children;
  }

  void anchored(YAML::anchor_t anchor, std::uint32_t index) {
    if (anchor != YAML::NullAnchor) anchors_[anchor] = {index, index + 1};
  }

  void open(Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    const std::uint32_t index = add(kind, mark);
    if (anchor != YAML::NullAnchor) anchors_[anchor] = {index, npos};  // open: an alias now refers to itself
    open_.push_back(Open{index, npos, 0, anchor});
  }

  void close() {
    const Open done = open_.back();
    open_.pop_back();
    nodes_[done.index].count = nodes_[done.index].kind == Kind::map ? done.children / 2 : done.children;
    if (done.anchor != YAML::NullAnchor) anchors_[done.anchor].end = static_cast<std::uint32_t>(nodes_.size());
  }

  struct Range {
    std::uint32_t first, end;
  };
  EventTree& tree_;
  std::vector<Node>& nodes_;
  std::vector<Open> open_;
  std::unordered_map<YAML::anchor_t, Range> anchors_;
};

}  // namespace

EventTree read_event_tree(std::string_view text) {
  EventTree tree;
  tree.doc.source = text;
  TextStreamBuffer buffer(text);
  std::istream in(&buffer);
  YAML::Parser parser(in);
  TreeBuilder builder(tree);
  try {
    if (!parser.HandleNextDocument(builder) || tree.doc.root == npos) tree.status = EventTreeStatus::empty;
  } catch (const TooManyValues&) {
    tree.status = EventTreeStatus::too_many_values;
  }
  return tree;
}

}  // namespace floe::dbt
