#include "config/yaml_documents.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>

namespace floe {
namespace {

// Notes where each document's first node is, and nothing else: the tree is
// built later, by YAML::Load, once the text is known to end.
class DocumentStarts final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override { first_ = true; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, true); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, false); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override {
    node(mark, false);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(mark, false);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(mark, false);
  }
  void OnMapEnd() override {}

  YAML::Mark last_start;
  bool last_is_null = false;

 private:
  void node(const YAML::Mark& mark, bool null) {
    if (!first_) return;
    first_ = false;
    last_start = mark;
    last_is_null = null;
  }
  bool first_ = false;
};

bool same_place(const YAML::Mark& a, const YAML::Mark& b) { return a.pos == b.pos && a.line == b.line && a.column == b.column; }

}  // namespace

YamlDocuments count_yaml_documents(std::string_view text) {
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  DocumentStarts starts;
  YamlDocuments out;
  bool previous_null = false;
  while (parser.HandleNextDocument(starts)) {
    // Two null documents at one place: the parser consumed nothing and will
    // not (yaml-cpp#1040). A real second document starts further on.
    if (starts.last_is_null && previous_null && !out.starts.empty() && same_place(out.starts.back(), starts.last_start)) {
      out.stuck_at = starts.last_start;
      std::size_t pos = static_cast<std::size_t>(starts.last_start.pos);
      out.stuck_on = pos < text.size() ? text[pos] : '\0';
      out.starts.pop_back();
      break;
    }
    out.starts.push_back(starts.last_start);
    previous_null = starts.last_is_null;
  }
  return out;
}

}  // namespace floe
