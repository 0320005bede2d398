#include "config/yaml_event_reader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <istream>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/text_stream.hpp"
#include "config/config_diagnostic.hpp"
#include "config/yaml_scalar.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace {

using Handle = LocationMap::Handle;
constexpr Handle kNone = LocationMap::kNone;
constexpr const char* kStrTag = "tag:yaml.org,2002:str";


struct Abandoned {};  // thrown out of the parser when a limit is reached

boost::json::value scalar_value(const std::string& tag, const std::string& text) {
  // Quoted and block scalars carry the non-specific tag "!": always strings.
  if (tag == "!" || tag == kStrTag) return boost::json::string(text);
  return resolve_plain_scalar(text);
}

// A finished anchored value, for the aliases that follow it.
struct Anchored {
  bool done = false;          // false while the anchored collection is still open
  boost::json::value value;
  bool scalar = false, null = false;
  std::string text;           // a scalar's text (what it is as a mapping key)
  YAML::Mark mark;
  Handle first = kNone, end = kNone;  // its location entries: itself, then its descendants
  std::size_t values = 1;     // values it holds, itself included
  int height = 0;             // how much deeper than itself it nests
};

// An open collection.
struct Frame {
  bool map = false;
  boost::json::value value;   // the object or array being filled
  Handle self = kNone;        // its location entry
  int depth = 0;
  YAML::Mark mark;
  YAML::anchor_t anchor = YAML::NullAnchor;
  std::size_t values_before = 0;
  int height = 0;
  // Read only for the anchors in it: a collection used as a key, or a value
  // under a refused key. yaml-cpp's loader would not convert it: it reports
  // nothing, and its locations are erased when its outermost frame closes.
  bool discard = false;
  bool erase_when_closed = false;
  bool is_key = false;        // the collection is a mapping key
  std::size_t index = 0;      // a sequence's next item
  bool want_key = true;       // a map's next node is a key
  bool skip_value = false;    // ... whose value is dropped (a repeated or refused key)
  std::string key;
  YAML::Mark key_mark;
  std::unordered_map<std::string, int> seen;  // key -> its first line (0-based)
};

class EventConverter final : public YAML::EventHandler {
 public:
  EventConverter(LocatedDocument& doc, Diagnostics& diags)
      : doc_(doc), diags_(diags), file_(intern_file_name(doc.file)) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (key_expected()) {
      refuse_key(mark);
      if (anchor != YAML::NullAnchor) remember_leaf(anchor, nullptr, mark, nullptr, kNone);
      return;
    }
    leaf(mark, anchor, nullptr, nullptr);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& text) override {
    if (key_expected()) {
      if (anchor != YAML::NullAnchor) remember_leaf(anchor, scalar_value(tag, text), mark, &text, kNone);
      take_key(text, mark);
      return;
    }
    leaf(mark, anchor, scalar_value(tag, text), &text);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto found = anchors_.find(anchor);
    if (found == anchors_.end() || !found->second.done)
      abandon(parent_path(), "YAML nesting is too deep (a self-referencing alias?)", mark);
    const Anchored& a = found->second;
    if (key_expected()) {
      // yaml-cpp's loader shares the anchored node: the key is that node.
      if (a.scalar) take_key(a.text, a.mark);
      else refuse_key(a.mark);
      return;
    }
    const int depth = stack_.empty() ? 0 : stack_.back().depth + 1;
    if (depth + a.height > kMaxYamlDepth)
      abandon(parent_path(), "YAML nesting is too deep (a self-referencing alias?)", mark);
    if (values_ + a.values > kMaxYamlValues)
      abandon(parent_path(), "YAML aliases expand to more than a million values", mark);
    values_ += a.values;
    bool refused = false;
    const Handle entry = value_entry(a.mark, refused);
    if (a.first != kNone) doc_.locations.copy_children(a.first, a.end, entry);
    if (a.null) point_empty_value_at_key(entry, a.mark);
    if (refused) doc_.locations.erase_from(entry);
    note_height(a.height + 1);
    place(boost::json::value(a.value));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(false, mark, anchor);
  }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(true, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapEnd() override { close(); }

 private:
  bool key_expected() const { return !stack_.empty() && stack_.back().map && stack_.back().want_key; }

  // Where an abandoned conversion stood: the innermost collection.
  std::string parent_path() const { return stack_.empty() ? std::string() : doc_.locations.path_of(stack_.back().self); }

  Diagnostic error(const char* code, const std::string& path, std::string message, const YAML::Mark& mark) {
    Diagnostic d = config_diagnostic(doc_, Severity::error, code, path, Anchor::value, std::move(message));
    d.where = SourceLocation{doc_.file, mark.line + 1, mark.column + 1};
    return d;
  }

  [[noreturn]] void abandon(const std::string& path, const char* message, const YAML::Mark& mark) {
    diags_.add(error(codes::C002, path, message, mark));
    throw Abandoned{};
  }

  // Every converted value counts, and none may nest deeper than the limit.
  void count(int depth, const YAML::Mark& mark) {
    if (depth > kMaxYamlDepth) abandon(parent_path(), "YAML nesting is too deep (a self-referencing alias?)", mark);
    if (++values_ > kMaxYamlValues) abandon(parent_path(), "YAML aliases expand to more than a million values", mark);
  }

  // The location entry of a new value in the innermost collection (or of the
  // root), its key's position included. A value under a refused key gets a
  // detached entry (`refused` is set): the caller erases it, and what it
  // added under it, once read.
  Handle value_entry(const YAML::Mark& mark, bool& refused) {
    refused = false;
    if (stack_.empty()) return doc_.locations.add_child(kNone, "", file_, mark.line + 1, mark.column + 1);
    Frame& top = stack_.back();
    if (!top.map) {
      suffix_ = fmt::format("[{}]", top.index++);
      return doc_.locations.add_child(top.self, suffix_, file_, mark.line + 1, mark.column + 1);
    }
    if (top.skip_value && !top.discard) {
      refused = true;
      return doc_.locations.add_child(kNone, "", file_, mark.line + 1, mark.column + 1);
    }
    suffix_.assign(top.depth == 0 ? "" : ".");
    suffix_ += top.key;
    const Handle entry = doc_.locations.add_child(top.self, suffix_, file_, mark.line + 1, mark.column + 1);
    doc_.locations.set_key(entry, file_, top.key_mark.line + 1, top.key_mark.column + 1);
    return entry;
  }

  // "key:" and a line break: yaml-cpp marks the null on whatever follows;
  // point just past the key's colon instead.
  void point_empty_value_at_key(Handle entry, const YAML::Mark& value_mark) {
    if (stack_.empty() || !stack_.back().map) return;
    const Frame& top = stack_.back();
    if (value_mark.line == top.key_mark.line) return;
    doc_.locations.set_value(entry, file_, top.key_mark.line + 1,
                             top.key_mark.column + static_cast<int>(top.key.size()) + 2);
  }

  void note_height(int height) {
    if (!stack_.empty()) stack_.back().height = std::max(stack_.back().height, height);
  }

  // The value goes into the innermost collection, or becomes the root.
  void place(boost::json::value value) {
    if (stack_.empty()) {
      doc_.root = std::move(value);
      return;
    }
    Frame& top = stack_.back();
    if (!top.map) {
      top.value.get_array().push_back(std::move(value));
      return;
    }
    if (!top.skip_value) top.value.get_object().emplace(top.key, std::move(value));
    top.want_key = true;
    top.skip_value = false;
  }

  void remember_leaf(YAML::anchor_t anchor, boost::json::value value, const YAML::Mark& mark,
                     const std::string* text, Handle entry) {
    Anchored& a = anchors_[anchor];
    a = Anchored{};
    a.done = true;
    a.null = value.is_null();
    a.scalar = text != nullptr;
    if (text != nullptr) a.text = *text;
    a.value = std::move(value);
    a.mark = mark;
    if (entry != kNone) {
      a.first = entry;
      a.end = entry + 1;
    }  // a key's anchor has no entry of its own
  }

  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor, boost::json::value value, const std::string* text) {
    count(stack_.empty() ? 0 : stack_.back().depth + 1, mark);
    bool refused = false;
    const Handle entry = value_entry(mark, refused);
    if (value.is_null()) point_empty_value_at_key(entry, mark);
    if (anchor != YAML::NullAnchor) remember_leaf(anchor, value, mark, text, entry);
    if (refused) doc_.locations.erase_from(entry);
    note_height(1);
    place(std::move(value));
  }

  void take_key(const std::string& key, const YAML::Mark& mark) {
    Frame& top = stack_.back();
    top.want_key = false;
    top.key = key;
    top.key_mark = mark;
    if (top.discard) return;  // not converted: nothing to report
    auto [first, added] = top.seen.try_emplace(key, mark.line);
    if (added) return;
    const std::string path = doc_.locations.path_of(top.self);
    Diagnostic d = error(codes::C005, join_path(path, key),
                         fmt::format("duplicate key '{}' in {} (first defined at line {})", key,
                                     path.empty() ? "the top-level mapping" : fmt::format("'{}'", path),
                                     first->second + 1),
                         mark);
    d.hint = fmt::format("remove one of the '{}' entries; only the first is used", key);
    diags_.add(std::move(d));
    top.skip_value = true;
  }

  void refuse_key(const YAML::Mark& mark) {
    Frame& top = stack_.back();
    if (!top.discard)
      diags_.add(error(codes::C002, doc_.locations.path_of(top.self),
                       "mapping keys must be plain scalars, not collections", mark));
    top.want_key = false;
    top.skip_value = true;
  }

  void open(bool map, const YAML::Mark& mark, YAML::anchor_t anchor) {
    Frame f;
    f.map = map;
    f.mark = mark;
    f.anchor = anchor;
    if (map) f.value.emplace_object();
    else f.value.emplace_array();
    if (key_expected()) {
      refuse_key(mark);
      f.depth = stack_.back().depth + 1;
      f.discard = f.erase_when_closed = f.is_key = true;
      f.self = doc_.locations.add_child(kNone, "", file_, mark.line + 1, mark.column + 1);
    } else {
      f.depth = stack_.empty() ? 0 : stack_.back().depth + 1;
      f.values_before = values_;
      count(f.depth, mark);
      f.self = value_entry(mark, f.erase_when_closed);
      f.discard = f.erase_when_closed || (!stack_.empty() && stack_.back().discard);
    }
    if (anchor != YAML::NullAnchor) anchors_[anchor] = Anchored{};  // open: an alias to it now refers to itself
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.anchor != YAML::NullAnchor) {
      Anchored& a = anchors_[f.anchor];
      a.done = true;
      a.value = f.value;
      a.mark = f.mark;
      a.values = f.is_key ? 1 : values_ - f.values_before;
      a.height = f.height;
      a.first = f.self;
      a.end = doc_.locations.next_handle();
    }
    if (f.erase_when_closed) doc_.locations.erase_from(f.self);
    if (f.is_key) return;  // its value is skipped (refuse_key)
    note_height(f.height + 1);
    place(std::move(f.value));
  }

  LocatedDocument& doc_;
  Diagnostics& diags_;
  const std::string* file_;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  std::size_t values_ = 0;
  std::string suffix_;  // scratch: ".key" or "[i]"
};

}  // namespace

bool convert_yaml_events(std::string_view text, LocatedDocument& doc, Diagnostics& diags) {
  Diagnostics found;
  doc.root = nullptr;
  doc.locations.clear();
  TextStreamBuffer buffer(text);
  std::istream in(&buffer);
  YAML::Parser parser(in);
  EventConverter converter(doc, found);
  try {
    parser.HandleNextDocument(converter);
  } catch (const Abandoned&) {
    diags.append(found);
    doc.root = nullptr;
    return false;
  }
  diags.append(found);
  return true;
}

}  // namespace floe
