#include "diag/diagnostic.hpp"

#include "base/json_text.hpp"
#include "base/on_cores.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

namespace floe {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const noexcept {
  return std::any_of(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; });
}

std::size_t Diagnostics::count(Severity s) const noexcept {
  return static_cast<std::size_t>(
      std::count_if(items_.begin(), items_.end(), [s](const Diagnostic& d) { return d.severity == s; }));
}

Diagnostic make_diagnostic(std::string code, std::string category, std::string message, SourceLocation where,
                           std::string expected, std::string hint) {
  Diagnostic d;
  d.code = std::move(code);
  d.category = std::move(category);
  d.message = std::move(message);
  d.where = std::move(where);
  d.expected = std::move(expected);
  d.hint = std::move(hint);
  return d;
}

boost::json::value diagnostic_to_json(const Diagnostic& d) {
  boost::json::object o;
  o["severity"] = severity_name(d.severity);
  o["code"] = d.code;
  if (!d.category.empty()) o["category"] = d.category;
  o["message"] = d.message;
  if (!d.where.file.empty()) o["file"] = d.where.file;
  if (d.where.line > 0) o["line"] = d.where.line;
  if (d.where.column > 0) o["column"] = d.where.column;
  if (!d.subject.empty()) o["subject"] = d.subject;
  if (!d.expected.empty()) o["expected"] = d.expected;
  if (!d.actual.empty()) o["actual"] = d.actual;
  if (!d.hint.empty()) o["hint"] = d.hint;
  if (!d.override_applied.empty()) o["override_applied"] = d.override_applied;
  if (!d.related.empty()) {
    boost::json::array related;
    for (const auto& r : d.related) {
      boost::json::object x{{"file", r.where.file}};
      if (r.where.line > 0) x["line"] = r.where.line;
      if (r.where.column > 0) x["column"] = r.where.column;
      if (!r.what.empty()) x["what"] = r.what;
      related.push_back(std::move(x));
    }
    o["related"] = std::move(related);
  }
  return o;
}

void append_diagnostic_json(std::string& out, const Diagnostic& d) {
  out += '{';
  append_json_string_member(out, "severity", severity_name(d.severity));
  append_json_string_member(out, "code", d.code);
  if (!d.category.empty()) append_json_string_member(out, "category", d.category);
  append_json_string_member(out, "message", d.message);
  if (!d.where.file.empty()) append_json_string_member(out, "file", d.where.file);
  if (d.where.line > 0) append_json_member(out, "line", std::to_string(d.where.line));
  if (d.where.column > 0) append_json_member(out, "column", std::to_string(d.where.column));
  if (!d.subject.empty()) append_json_string_member(out, "subject", d.subject);
  if (!d.expected.empty()) append_json_string_member(out, "expected", d.expected);
  if (!d.actual.empty()) append_json_string_member(out, "actual", d.actual);
  if (!d.hint.empty()) append_json_string_member(out, "hint", d.hint);
  if (!d.override_applied.empty()) append_json_string_member(out, "override_applied", d.override_applied);
  if (!d.related.empty()) {
    append_json_member(out, "related", "[");
    for (const auto& r : d.related) {
      if (out.back() != '[') out += ',';
      out += '{';
      append_json_string_member(out, "file", r.where.file);
      if (r.where.line > 0) append_json_member(out, "line", std::to_string(r.where.line));
      if (r.where.column > 0) append_json_member(out, "column", std::to_string(r.where.column));
      if (!r.what.empty()) append_json_string_member(out, "what", r.what);
      out += '}';
    }
    out += ']';
  }
  out += '}';
}

void append_diagnostics_json(std::string& out, const std::vector<Diagnostic>& items) {
  // ~300 bytes each: a 100k-model project's 92k findings are ~25 MB of JSON,
  // written twice (the report's diagnostics, the enforcement result); in
  // parts, each core writes a share into a string of its own.
  constexpr std::size_t kPart = 4096;
  const std::size_t parts = (items.size() + kPart - 1) / kPart;
  out += '[';
  if (parts <= 1) {
    for (const auto& d : items) {
      if (out.back() != '[') out += ',';
      append_diagnostic_json(out, d);
    }
  } else {
    std::vector<std::string> written(parts);
    for_each_on_cores(parts, 2, [&](std::size_t part) {
      std::string& text = written[part];
      const std::size_t end = std::min(items.size(), (part + 1) * kPart);
      text.reserve((end - part * kPart) * 320);
      for (std::size_t i = part * kPart; i < end; ++i) {
        if (i != 0) text += ',';
        append_diagnostic_json(text, items[i]);
      }
    });
    for (auto& text : written) out += text;
  }
  out += ']';
}

Diagnostic diagnostic_from_json(const boost::json::object& o) {
  auto text = [&](const char* key) {
    auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  auto number = [&](const char* key) {
    auto* v = o.if_contains(key);
    return v != nullptr && v->is_int64() ? static_cast<int>(v->as_int64()) : 0;
  };
  Diagnostic d;
  std::string severity = text("severity");
  d.severity = severity == "warning" ? Severity::warning : severity == "note" ? Severity::note : Severity::error;
  d.code = text("code");
  d.category = text("category");
  d.message = text("message");
  d.where = SourceLocation{text("file"), number("line"), number("column")};
  d.subject = text("subject");
  d.expected = text("expected");
  d.actual = text("actual");
  d.hint = text("hint");
  d.override_applied = text("override_applied");
  if (auto* related = o.if_contains("related"); related != nullptr && related->is_array())
    for (const auto& r : related->as_array()) {
      if (!r.is_object()) continue;
      Diagnostic inner = diagnostic_from_json(r.as_object());
      std::string what;
      if (auto* w = r.as_object().if_contains("what"); w != nullptr && w->is_string()) what = std::string(w->as_string());
      d.related.push_back({inner.where, std::move(what)});
    }
  return d;
}

bool is_terminal_safe(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) continue;
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return false;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F)
      return false;
  }
  return true;
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
      out += fmt::format("\\x{:02X}", c);
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      out += fmt::format("\\u{:04X}", static_cast<unsigned char>(text[++i]));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// The diagnostic's lines, fields as they are (format_diagnostic makes them
// safe for a terminal).
static std::string format_diagnostic_raw(const Diagnostic& d) {
  std::string where;
  if (!d.where.file.empty()) {
    where = d.where.file;
    if (d.where.line > 0) where += fmt::format(":{}", d.where.line);
    if (d.where.line > 0 && d.where.column > 0) where += fmt::format(":{}", d.where.column);
    where += ": ";
  }
  std::string out = fmt::format("{}{} {}: {}", where, severity_name(d.severity), d.code, d.message);
  if (!d.expected.empty()) out += fmt::format("\n    expected: {}", d.expected);
  if (!d.actual.empty()) out += fmt::format("\n    found:    {}", d.actual);
  if (!d.hint.empty()) out += fmt::format("\n    fix:      {}", d.hint);
  if (!d.override_applied.empty()) out += fmt::format("\n    override: {}", d.override_applied);
  for (const auto& r : d.related) {
    std::string at = r.where.file;
    if (r.where.line > 0) at += fmt::format(":{}", r.where.line);
    if (r.where.line > 0 && r.where.column > 0) at += fmt::format(":{}", r.where.column);
    out += fmt::format("\n    see:      {}{}", at, r.what.empty() ? "" : ": " + r.what);
  }
  return out;
}

std::string format_diagnostic(const Diagnostic& d) { return terminal_safe(format_diagnostic_raw(d)); }

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  // A typo is plausible within a third of the word's length (at least 1, at most 3 edits).
  std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const auto& c : candidates) {
    // The distance is at least the difference in length: a candidate beyond
    // the limit by that alone is skipped unmeasured, so a 4 MB value costs
    // one comparison of lengths per candidate, not 4 MB x its length.
    std::size_t length_gap = word.size() > c.size() ? word.size() - c.size() : c.size() - word.size();
    if (length_gap >= best_distance) continue;
    std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace floe
