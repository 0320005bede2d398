// Documentation rule: FLOE-E220 model without a description, E221 column
// without a description, E222 (warning) a description that is a placeholder.
// Placeholders are checked where descriptions are required: model
// descriptions under require_descriptions, column ones under
// require_column_descriptions.
#include <fmt/format.h>

#include <array>

#include "enforce/enforce_detail.hpp"
#include "diag/codes.hpp"

namespace floe::enforce {

namespace {

// Words and phrases that mean "not written yet", matched case-insensitively
// on whole words ("todos_table" or "tbdx" do not count; "fill-in" does).
constexpr std::array<std::string_view, 13> kPlaceholders{
    "tbd",          "todo",             "fixme",         "xxx",                 "tba",
    "fill in",      "placeholder",      "coming soon",   "add description",     "description pending",
    "update later", "to be documented", "lorem ipsum"};

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

char lower_char(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Does `term` (lower-case words separated by single spaces) start at `pos`,
// where a word starts? Any run of non-word characters in the text matches a
// space of the term. Returns the end of the match, or npos.
std::size_t match_term(std::string_view text, std::size_t pos, std::string_view term) {
  std::size_t i = pos;
  for (std::size_t t = 0; t < term.size(); ++t) {
    if (term[t] == ' ') {
      if (i >= text.size() || word_char(text[i])) return std::string_view::npos;
      while (i < text.size() && !word_char(text[i])) ++i;
      continue;
    }
    if (i >= text.size() || lower_char(text[i]) != term[t]) return std::string_view::npos;
    ++i;
  }
  return i == text.size() || !word_char(text[i]) ? i : std::string_view::npos;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::string quoted_excerpt(std::string_view s) {
  // Long descriptions are cut: the finding only needs to show the placeholder.
  constexpr std::size_t kMax = 60;
  if (s.size() <= kMax) return fmt::format("\"{}\"", s);
  return fmt::format("\"{}...\"", s.substr(0, kMax));
}

}  // namespace

std::string find_placeholder(std::string_view text) {
  // One pass over word starts, no allocation: descriptions of 50k models
  // and their columns go through here.
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if (!word_char(text[pos]) || (pos > 0 && word_char(text[pos - 1]))) continue;
    char first = lower_char(text[pos]);
    for (std::string_view term : kPlaceholders) {
      if (term.front() != first) continue;
      std::size_t end = match_term(text, pos, term);
      if (end != std::string_view::npos) return std::string(text.substr(pos, end - pos));
    }
  }
  return {};
}

void check_documentation(const RuleContext& ctx, Diagnostics& out) {
  const QualityGates& gates = ctx.policy.gates;
  if (!gates.require_descriptions && !gates.require_column_descriptions) return;
  for (const dbt::DbtModel& m : ctx.subjects()) {
    const SourceLocation& doc = doc_location(m);
    if (gates.require_descriptions) {
      Diagnostic d;
      d.category = "documentation";
      d.subject = m.name;
      d.where = doc;
      if (blank(m.description)) {
        d.code = codes::E220;
        d.message = fmt::format("'{}' has no description", m.name);
        d.expected = "a model description (quality_gates.require_descriptions)";
        d.hint = m.yml_where.file.empty()
                     ? fmt::format("document it in a schema .yml: models: [{{name: {}, description: \"...\"}}]", m.name)
                     : fmt::format("add a description to its entry in {}", m.yml_where.file);
        out.add(std::move(d));
      } else if (std::string word = find_placeholder(m.description); !word.empty()) {
        d.severity = Severity::warning;
        d.code = codes::E222;
        d.message = fmt::format("'{}' has a placeholder description ('{}')", m.name, word);
        d.expected = "a description of what the model holds";
        d.actual = quoted_excerpt(m.description);
        d.hint = fmt::format("replace '{}' with what the model contains and its grain", word);
        out.add(std::move(d));
      }
    }
    if (!gates.require_column_descriptions) continue;
    for (const auto& c : m.columns) {
      Diagnostic d;
      d.category = "documentation";
      d.subject = m.name;
      d.where = c.line == 0 ? doc : dbt::column_location(m, c);
      if (blank(c.description)) {
        d.code = codes::E221;
        d.message = fmt::format("column '{}' of '{}' has no description", c.name, m.name);
        d.expected = "a description for every documented column (quality_gates.require_column_descriptions)";
        d.hint = fmt::format("add a description under columns: - name: {}", c.name);
        out.add(std::move(d));
      } else if (std::string word = find_placeholder(c.description); !word.empty()) {
        d.severity = Severity::warning;
        d.code = codes::E222;
        d.message = fmt::format("column '{}' of '{}' has a placeholder description ('{}')", c.name, m.name, word);
        d.expected = "a description of what the column holds";
        d.actual = quoted_excerpt(c.description);
        d.hint = fmt::format("replace '{}' with what the column means and its unit or allowed values", word);
        out.add(std::move(d));
      }
    }
  }
}

}  // namespace floe::enforce
