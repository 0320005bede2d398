#include "schema/json_schema.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "base/json_text.hpp"
#include "core/regex.hpp"
#include "core/text.hpp"

namespace floe {
namespace {

using boost::json::value;

// Deep enough for any real schema; a guard against "$ref" cycles that never
// consume input (check_schema cannot see every such cycle cheaply).
constexpr int kMaxDepth = 128;

std::string member_path(const std::string& base, const std::string& key) { return base.empty() ? key : base + "." + key; }

// Whether a double has no fractional part. Through std::trunc, not a cast to
// an integer type: casting 1e118 or NaN to long long is undefined behaviour.
bool is_whole(double d) { return std::isfinite(d) && std::trunc(d) == d; }

bool type_matches(const std::string& type, const value& v) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_bool();
  if (type == "null") return v.is_null();
  if (type == "integer") return v.is_int64() || v.is_uint64() || (v.is_double() && is_whole(v.get_double()));
  if (type == "number") return v.is_number();
  return false;
}

double as_double(const value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return v.get_double();
}

std::string render(const value& v) { return boost::json::serialize(v); }
std::string plain(const value& v) { return v.is_string() ? std::string(v.get_string()) : render(v); }
std::string shown_value(const value& v) { return v.is_object() || v.is_array() ? json_type_name(v) : render(v); }

// Whether the value at `path` may be a secret: its key names one, or its
// schema is writeOnly (JSON Schema's mark for values that are sent, never
// shown). A person who pastes a password where a reference belongs must not
// see it echoed into a terminal or a CI log.
bool secret_like(const std::string& path, const boost::json::object& schema) {
  if (const auto* w = schema.if_contains("writeOnly"); w != nullptr && w->is_bool() && w->get_bool()) return true;
  std::size_t cut = path.find_last_of("./[");
  std::string key = cut == std::string::npos ? path : path.substr(cut + 1);
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* word :
       {"password", "passwd", "passphrase", "secret", "token", "api_key", "apikey", "private_key", "credential"})
    if (key.find(word) != std::string::npos) return true;
  return false;
}

// "#", "#/$defs/name", "#/properties/a~1b" (JSON pointer escapes ~0 ~1).
const value* resolve_ref(const value& root, const std::string& ref) {
  if (ref.empty() || ref[0] != '#') return nullptr;
  const value* at = &root;
  std::size_t pos = 1;
  while (pos < ref.size()) {
    if (ref[pos] != '/') return nullptr;
    std::size_t end = ref.find('/', pos + 1);
    std::string token = ref.substr(pos + 1, end == std::string::npos ? std::string::npos : end - pos - 1);
    for (std::size_t i = 0; (i = token.find('~', i)) != std::string::npos; ++i) {
      if (i + 1 >= token.size() || (token[i + 1] != '0' && token[i + 1] != '1')) return nullptr;
      token.replace(i, 2, token[i + 1] == '0' ? "~" : "/");
    }
    if (at->is_object()) {
      at = at->get_object().if_contains(token);
    } else if (at->is_array()) {
      char* tail = nullptr;
      unsigned long index = std::strtoul(token.c_str(), &tail, 10);
      at = (token.empty() || *tail != '\0' || index >= at->get_array().size()) ? nullptr : &at->get_array()[index];
    } else {
      at = nullptr;
    }
    if (at == nullptr) return nullptr;
    pos = end == std::string::npos ? ref.size() : end;
  }
  return at;
}

// A schema pattern, compiled by RE2 (linear time) once per process. A
// hand-written matcher for the common anchored-class shape sat in front of it
// until 2026-11-27: it saved under a millisecond of a cold compile (about 7 %),
// less than owning a second regex engine costs (issue 35).
class SchemaPattern {
 public:
  explicit SchemaPattern(std::string_view text) : regex_(text) {}
  bool ok() const { return regex_.ok(); }
  bool search(std::string_view text) const { return regex_.search(text); }

 private:
  Regex regex_;
};

// Schema patterns read once per process: validating compiled the same RE2
// program again for every string and every key checked (most of a small
// validate's regex time). Keyed by the pattern text, so any schema shares it.
const SchemaPattern& compiled_pattern(std::string_view pattern) {
  static std::mutex lock;
  static std::map<std::string, std::unique_ptr<SchemaPattern>, std::less<>> cache;
  std::lock_guard guard(lock);
  auto it = cache.find(pattern);
  if (it == cache.end()) it = cache.emplace(std::string(pattern), std::make_unique<SchemaPattern>(pattern)).first;
  return *it->second;
}

std::vector<std::string> schema_types(const boost::json::object& s) {
  std::vector<std::string> types;
  if (auto t = s.find("type"); t != s.end()) {
    if (t->value().is_string()) types.emplace_back(t->value().get_string());
    if (t->value().is_array())
      for (const auto& x : t->value().get_array())
        if (x.is_string()) types.emplace_back(x.get_string());
  }
  return types;
}

class Validator {
 public:
  explicit Validator(const value& root) : root_(root) {}

  std::vector<SchemaIssue> run(const value& schema, const value& v, const std::string& path) {
    std::vector<SchemaIssue> out;
    validate(schema, v, path, out, 0);
    return out;
  }

  // The schema `schema` refers to through "$ref", followed to the end.
  const value& deref(const value& schema) const {
    const value* s = &schema;
    for (int hops = 0; hops < kMaxDepth && s->is_object(); ++hops) {
      const auto* ref = s->get_object().if_contains("$ref");
      if (ref == nullptr || !ref->is_string()) break;
      const value* target = resolve_ref(root_, std::string(ref->get_string()));
      if (target == nullptr) break;
      s = target;
    }
    return *s;
  }

 private:
  void validate(const value& schema, const value& v, const std::string& path, std::vector<SchemaIssue>& out,
                int depth) {
    if (!schema.is_object() || depth > kMaxDepth) return;  // `true`-like schemas accept anything
    const auto& s = schema.get_object();
    const bool hidden = v.is_string() && secret_like(path, s);
    auto add = [&](SchemaIssueKind kind, std::string message, std::string expected,
                   std::vector<std::string> allowed = {}) {
      if (hidden) message = replace_all(std::move(message), render(v), "the value (not shown: it may be a secret)");
      out.push_back(SchemaIssue{path, std::move(message), kind, std::move(expected),
                                hidden ? std::string("a string") : shown_value(v), std::move(allowed), false});
    };

    if (auto r = s.find("$ref"); r != s.end() && r->value().is_string()) {
      // check_schema reports refs that do not resolve.
      if (const value* target = resolve_ref(root_, std::string(r->value().get_string()))) {
        std::size_t before = out.size();
        validate(*target, v, path, out, depth + 1);
        if (out.size() != before) return;  // the referenced schema already said what is wrong
      }
    }
    std::vector<std::string> types = schema_types(s);
    if (!types.empty() && std::none_of(types.begin(), types.end(), [&](const auto& ty) { return type_matches(ty, v); })) {
      std::string expected = fmt::format("{}", fmt::join(types, " or "));
      out.push_back(SchemaIssue{path, fmt::format("expected {}, got {}", expected, json_type_name(v)),
                                SchemaIssueKind::wrong_type, expected, json_type_name(v), {}, false});
      return;  // further checks would only repeat the type problem
    }
    if (auto e = s.find("enum"); e != s.end() && e->value().is_array()) {
      const auto& options = e->value().get_array();
      if (std::find(options.begin(), options.end(), v) == options.end()) {
        std::vector<std::string> shown, allowed;
        for (const auto& o : options) {
          shown.push_back(render(o));
          allowed.push_back(plain(o));
        }
        std::string expected = fmt::format("one of {}", fmt::join(shown, ", "));
        add(SchemaIssueKind::not_in_enum, fmt::format("{} is not allowed; expected {}", render(v), expected), expected,
            std::move(allowed));
      }
    }
    if (auto c = s.find("const"); c != s.end() && c->value() != v)
      add(SchemaIssueKind::not_in_enum, fmt::format("expected {}, got {}", render(c->value()), render(v)),
          render(c->value()), {plain(c->value())});
    if (auto a = s.find("oneOf"); a != s.end() && a->value().is_array()) alternatives(a->value().get_array(), true, v, path, out, depth);
    if (auto a = s.find("anyOf"); a != s.end() && a->value().is_array()) alternatives(a->value().get_array(), false, v, path, out, depth);
    if (auto a = s.find("allOf"); a != s.end() && a->value().is_array())
      for (const auto& b : a->value().get_array()) validate(b, v, path, out, depth + 1);
    if (auto i = s.find("if"); i != s.end()) {
      const char* branch = passes(i->value(), v, path, depth) ? "then" : "else";
      if (auto b = s.find(branch); b != s.end()) validate(b->value(), v, path, out, depth + 1);
    }
    if (auto n = s.find("not"); n != s.end() && passes(n->value(), v, path, depth))
      add(SchemaIssueKind::pattern, "matches a shape that is not allowed here", "a value of another shape");
    if (v.is_number()) number_checks(s, v, add);
    if (v.is_string()) string_checks(s, v, add);
    if (v.is_array()) array_checks(s, v.get_array(), path, out, depth, add);
    if (v.is_object()) {
      object_checks(s, v.get_object(), path, out, depth, add);
      if (auto u = s.find("unevaluatedProperties"); u != s.end() && u->value() == false && !s.contains("additionalProperties"))
        unevaluated_keys(s, v, path, out, depth);
    }
  }

  // Whether `v` fits `schema`, remembered per (schema, value) for this run:
  // if/then and unevaluatedProperties ask the same branches twice (the
  // answer does not depend on the path, only the issues would).
  bool passes(const value& schema, const value& v, const std::string& path, int depth) {
    auto key = std::pair(&schema, &v);
    if (auto it = passes_.find(key); it != passes_.end()) return it->second;
    std::vector<SchemaIssue> probe;
    validate(schema, v, path, probe, depth + 1);
    // A cache, bounded: a 10 MB contract asks ~560,000 times, and keeping
    // every answer was the largest allocation of reading it (32 MB). The
    // repeated questions come close together (one object's if/then and
    // unevaluatedProperties), so forgetting the old answers costs little.
    if (passes_.size() >= kMaxRemembered) passes_.clear();
    passes_.emplace(key, probe.empty());
    return probe.empty();
  }

  template <typename Add>
  void number_checks(const boost::json::object& s, const value& v, Add& add) {
    if (v.is_number()) {
      if (auto m = s.find("minimum"); m != s.end() && m->value().is_number() && as_double(v) < as_double(m->value()))
        add(SchemaIssueKind::range, fmt::format("{} is below the minimum {}", render(v), render(m->value())),
            fmt::format(">= {}", render(m->value())));
      if (auto m = s.find("maximum"); m != s.end() && m->value().is_number() && as_double(v) > as_double(m->value()))
        add(SchemaIssueKind::range, fmt::format("{} is above the maximum {}", render(v), render(m->value())),
            fmt::format("<= {}", render(m->value())));
      if (auto m = s.find("exclusiveMinimum"); m != s.end() && m->value().is_number() && as_double(v) <= as_double(m->value()))
        add(SchemaIssueKind::range, fmt::format("{} is not above {}", render(v), render(m->value())),
            fmt::format("> {}", render(m->value())));
      if (auto m = s.find("exclusiveMaximum"); m != s.end() && m->value().is_number() && as_double(v) >= as_double(m->value()))
        add(SchemaIssueKind::range, fmt::format("{} is not below {}", render(v), render(m->value())),
            fmt::format("< {}", render(m->value())));
      if (auto m = s.find("multipleOf"); m != s.end() && m->value().is_number() && as_double(m->value()) > 0) {
        double q = as_double(v) / as_double(m->value());
        if (!is_whole(q))
          add(SchemaIssueKind::range, fmt::format("{} is not a multiple of {}", render(v), render(m->value())),
              fmt::format("a multiple of {}", render(m->value())));
      }
    }
  }

  // unevaluatedProperties: false (draft 2019-09): a key is known when this
  // schema or a subschema that applies to the value (through $ref, allOf, a
  // matching anyOf/oneOf branch, if/then/else) declares it. ODCS closes its
  // objects this way instead of with additionalProperties.
  void unevaluated_keys(const boost::json::object& s, const value& v, const std::string& path,
                        std::vector<SchemaIssue>& out, int depth) {
    std::set<std::string> evaluated, known;
    bool all = false;
    const auto& obj = v.get_object();
    collect_evaluated(s, v, path, evaluated, known, all, depth, true);
    if (all) return;
    for (const auto& [key, unused] : obj) {
      if (evaluated.count(std::string(key))) continue;
      std::vector<std::string> listed(known.begin(), known.end());
      out.push_back(SchemaIssue{member_path(path, std::string(key)),
                                fmt::format("unknown key; known keys: {}", fmt::join(listed, ", ")),
                                SchemaIssueKind::unknown_key, fmt::format("one of {}", fmt::join(listed, ", ")),
                                std::string(key), listed, true});
    }
  }

  void collect_evaluated(const boost::json::object& s, const value& v, const std::string& path,
                         std::set<std::string>& evaluated, std::set<std::string>& known, bool& all, int depth, bool top) {
    if (depth > kMaxDepth || all) return;
    if (!top && (s.contains("additionalProperties") || s.contains("unevaluatedProperties"))) {
      all = true;  // that subschema judged every remaining key itself
      return;
    }
    const auto& obj = v.get_object();
    if (const auto* p = s.if_contains("properties"); p && p->is_object())
      for (const auto& [k, unused] : p->get_object()) {
        known.emplace(k);
        if (obj.contains(k)) evaluated.emplace(k);
      }
    if (const auto* p = s.if_contains("patternProperties"); p && p->is_object())
      for (const auto& [pattern, unused] : p->get_object())
        for (const auto& [key, unused2] : obj)
          if (compiled_pattern(pattern).search(key)) evaluated.emplace(key);
    auto follow = [&](const value& sub) {
      if (sub.is_object()) collect_evaluated(sub.get_object(), v, path, evaluated, known, all, depth + 1, false);
    };
    if (const auto* r = s.if_contains("$ref"); r && r->is_string())
      if (const value* target = resolve_ref(root_, std::string(r->get_string()))) follow(*target);
    if (const auto* a = s.if_contains("allOf"); a && a->is_array())
      for (const auto& b : a->get_array()) follow(b);
    for (const char* word : {"anyOf", "oneOf"})
      if (const auto* a = s.if_contains(word); a && a->is_array())
        for (const auto& b : a->get_array())
          if (passes(b, v, path, depth)) follow(b);
    if (const auto* i = s.if_contains("if")) {
      if (passes(*i, v, path, depth)) {
        follow(*i);
        if (const auto* t = s.if_contains("then")) follow(*t);
      } else if (const auto* e = s.if_contains("else")) {
        follow(*e);
      }
    }
  }

  template <typename Add>
  void string_checks(const boost::json::object& s, const value& v, Add& add) {
    const auto& str = v.get_string();
    if (auto m = s.find("minLength"); m != s.end() && m->value().is_int64() &&
                                      static_cast<int64_t>(str.size()) < m->value().get_int64())
      add(SchemaIssueKind::range, fmt::format("must be at least {} characters long", m->value().get_int64()),
          fmt::format("at least {} characters", m->value().get_int64()));
    if (auto m = s.find("maxLength"); m != s.end() && m->value().is_int64() &&
                                      static_cast<int64_t>(str.size()) > m->value().get_int64())
      add(SchemaIssueKind::range, fmt::format("must be at most {} characters long", m->value().get_int64()),
          fmt::format("at most {} characters", m->value().get_int64()));
    if (auto p = s.find("pattern"); p != s.end() && p->value().is_string()) {
      // An invalid pattern matches nothing here; check_schema reports it.
      const SchemaPattern& re = compiled_pattern(p->value().get_string());
      if (re.ok() && !re.search(str)) {
        const auto* title = s.if_contains("title");
        std::string expected = title != nullptr && title->is_string()
                                   ? std::string(title->get_string())
                                   : fmt::format("a string matching {}", std::string(p->value().get_string()));
        add(SchemaIssueKind::pattern, fmt::format("{} does not match the pattern {}", render(v), render(p->value())),
            expected);
      }
    }
  }

  template <typename Add>
  void array_checks(const boost::json::object& s, const boost::json::array& arr, const std::string& path,
                    std::vector<SchemaIssue>& out, int depth, Add& add) {
    if (auto m = s.find("minItems"); m != s.end() && m->value().is_int64() &&
                                     static_cast<int64_t>(arr.size()) < m->value().get_int64())
      add(SchemaIssueKind::items, fmt::format("must have at least {} items", m->value().get_int64()),
          fmt::format("at least {} items", m->value().get_int64()));
    if (auto m = s.find("maxItems"); m != s.end() && m->value().is_int64() &&
                                     static_cast<int64_t>(arr.size()) > m->value().get_int64())
      add(SchemaIssueKind::items, fmt::format("must have at most {} items", m->value().get_int64()),
          fmt::format("at most {} items", m->value().get_int64()));
    if (auto items = s.find("items"); items != s.end())
      for (size_t i = 0; i < arr.size(); ++i) validate(items->value(), arr[i], fmt::format("{}[{}]", path, i), out, depth + 1);
    if (auto u = s.find("uniqueItems"); u != s.end() && u->value().is_bool() && u->value().get_bool()) {
      for (size_t j = 1; j < arr.size(); ++j) {
        auto first = std::find(arr.begin(), arr.begin() + static_cast<std::ptrdiff_t>(j), arr[j]);
        if (first != arr.begin() + static_cast<std::ptrdiff_t>(j))
          out.push_back(SchemaIssue{fmt::format("{}[{}]", path, j),
                                    fmt::format("{} is a duplicate of item [{}]", render(arr[j]), first - arr.begin()),
                                    SchemaIssueKind::items, "unique items", render(arr[j]), {}, false});
      }
    }
  }

  template <typename Add>
  void object_checks(const boost::json::object& s, const boost::json::object& obj, const std::string& path,
                     std::vector<SchemaIssue>& out, int depth, Add& add) {
    const boost::json::object* props = nullptr;
    if (auto p = s.find("properties"); p != s.end() && p->value().is_object()) props = &p->value().get_object();
    const boost::json::object* pattern_props = nullptr;
    if (auto p = s.find("patternProperties"); p != s.end() && p->value().is_object())
      pattern_props = &p->value().get_object();
    if (auto m = s.find("minProperties"); m != s.end() && m->value().is_int64() &&
                                          static_cast<int64_t>(obj.size()) < m->value().get_int64())
      add(SchemaIssueKind::items, fmt::format("must have at least {} keys", m->value().get_int64()),
          fmt::format("at least {} keys", m->value().get_int64()));
    if (auto m = s.find("maxProperties"); m != s.end() && m->value().is_int64() &&
                                          static_cast<int64_t>(obj.size()) > m->value().get_int64())
      add(SchemaIssueKind::items, fmt::format("must have at most {} keys", m->value().get_int64()),
          fmt::format("at most {} keys", m->value().get_int64()));
    if (auto r = s.find("required"); r != s.end() && r->value().is_array())
      for (const auto& key : r->value().get_array())
        if (key.is_string() && !obj.contains(key.get_string()))
          out.push_back(SchemaIssue{member_path(path, std::string(key.get_string())), "required key is missing",
                                    SchemaIssueKind::missing_required,
                                    fmt::format("key '{}'", std::string(key.get_string())), "", {}, false});
    const value* names = s.if_contains("propertyNames");
    auto additional = s.find("additionalProperties");
    for (const auto& [key, member] : obj) {
      std::string child = member_path(path, std::string(key));
      if (names != nullptr)
        // A validator of its own: passes_ is keyed by address, and this value is a temporary.
        for (auto issue : Validator(root_).run(*names, value(key), child)) {
          issue.path = child;
          issue.on_key = true;
          issue.actual = std::string(key);
          issue.message = fmt::format("key {}", issue.message);
          out.push_back(std::move(issue));
        }
      if (props != nullptr) {
        if (auto ps = props->find(key); ps != props->end()) {
          validate(ps->value(), member, child, out, depth + 1);
          continue;
        }
      }
      bool matched_pattern = false;
      if (pattern_props != nullptr)
        for (const auto& [pattern, sub] : *pattern_props) {
          if (!compiled_pattern(pattern).search(key)) continue;  // an invalid pattern matches nothing (check_schema reports it)
          matched_pattern = true;
          validate(sub, member, child, out, depth + 1);
        }
      if (matched_pattern || additional == s.end()) continue;
      if (additional->value().is_bool() && !additional->value().get_bool()) {
        std::vector<std::string> known;
        if (props != nullptr)
          for (const auto& [k, unused] : *props) known.emplace_back(k);
        std::string listed = known.empty() ? "" : fmt::format("; known keys: {}", fmt::join(known, ", "));
        out.push_back(SchemaIssue{child, fmt::format("unknown key{}", listed), SchemaIssueKind::unknown_key,
                                  known.empty() ? "no keys here" : fmt::format("one of {}", fmt::join(known, ", ")),
                                  std::string(key), known, true});
      } else if (additional->value().is_object()) {
        validate(additional->value(), member, child, out, depth + 1);
      }
    }
  }

  // oneOf / anyOf. When no alternative fits, report what is most useful: a
  // type error naming every accepted type; unknown keys against the union of
  // the object alternatives' keys (so a misspelt "secret_rf" gets a
  // did-you-mean); else the issues of the alternative that came closest.
  void alternatives(const boost::json::array& branches, bool exactly_one, const value& v, const std::string& path,
                    std::vector<SchemaIssue>& out, int depth) {
    std::vector<std::vector<SchemaIssue>> results;
    std::size_t passing = 0;
    for (const auto& b : branches) {
      results.push_back({});
      validate(b, v, path, results.back(), depth + 1);
      if (results.back().empty()) ++passing;
    }
    if (passing == 1 || (passing > 1 && !exactly_one)) return;
    if (passing > 1) {
      out.push_back(SchemaIssue{path, "matches more than one of the alternatives", SchemaIssueKind::pattern,
                                "exactly one alternative", shown_value(v), {}, false});
      return;
    }
    auto type_mismatch = [&](const std::vector<SchemaIssue>& r) {
      return r.size() == 1 && r[0].kind == SchemaIssueKind::wrong_type && r[0].path == path;
    };
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < results.size(); ++i)
      if (!type_mismatch(results[i])) candidates.push_back(i);
    if (candidates.empty()) {
      std::vector<std::string> types;
      for (const auto& r : results)
        if (std::find(types.begin(), types.end(), r[0].expected) == types.end()) types.push_back(r[0].expected);
      std::string expected = fmt::format("{}", fmt::join(types, " or "));
      out.push_back(SchemaIssue{path, fmt::format("expected {}, got {}", expected, json_type_name(v)),
                                SchemaIssueKind::wrong_type, expected, json_type_name(v), {}, false});
      return;
    }
    if (v.is_object() && candidates.size() > 1 && !discriminate(v, path, results, candidates, out)) return;
    if (v.is_object() && candidates.size() > 1) {
      std::vector<std::string> known;
      for (std::size_t i : candidates) {
        const value& b = deref(branches[i]);
        if (const auto* p = b.is_object() ? b.get_object().if_contains("properties") : nullptr; p && p->is_object())
          for (const auto& [k, unused] : p->get_object())
            if (std::find(known.begin(), known.end(), std::string(k)) == known.end()) known.emplace_back(k);
      }
      std::size_t before = out.size();
      for (const auto& [key, unused] : v.get_object())
        if (std::find(known.begin(), known.end(), std::string(key)) == known.end())
          out.push_back(SchemaIssue{member_path(path, std::string(key)),
                                    fmt::format("unknown key; known keys: {}", fmt::join(known, ", ")),
                                    SchemaIssueKind::unknown_key, fmt::format("one of {}", fmt::join(known, ", ")),
                                    std::string(key), known, true});
      if (out.size() != before) return;
    }
    std::size_t best = *std::min_element(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
      return results[a].size() < results[b].size();
    });
    for (auto& issue : results[best]) out.push_back(std::move(issue));
  }

  // Object alternatives told apart by a const/enum member (a rule's "type"):
  // keep only the candidates whose discriminator matched. When none matched,
  // report that member once, listing every value the alternatives accept,
  // and return false (nothing more to say about this value).
  bool discriminate(const value& v, const std::string& path, const std::vector<std::vector<SchemaIssue>>& results,
                    std::vector<std::size_t>& candidates, std::vector<SchemaIssue>& out) {
    std::vector<std::string> members;
    for (std::size_t i : candidates)
      for (const auto& issue : results[i])
        if (issue.kind == SchemaIssueKind::not_in_enum && issue.path != path &&
            std::find(members.begin(), members.end(), issue.path) == members.end())
          members.push_back(issue.path);
    for (const auto& member : members) {
      auto miss = [&](std::size_t i) {
        return std::any_of(results[i].begin(), results[i].end(), [&](const SchemaIssue& issue) {
          return issue.kind == SchemaIssueKind::not_in_enum && issue.path == member;
        });
      };
      std::vector<std::size_t> matched;
      std::copy_if(candidates.begin(), candidates.end(), std::back_inserter(matched), [&](std::size_t i) { return !miss(i); });
      if (!matched.empty()) {
        candidates = std::move(matched);
        continue;
      }
      std::vector<std::string> allowed;
      for (std::size_t i : candidates)
        for (const auto& issue : results[i])
          if (issue.kind == SchemaIssueKind::not_in_enum && issue.path == member)
            for (const auto& a : issue.allowed)
              if (std::find(allowed.begin(), allowed.end(), a) == allowed.end()) allowed.push_back(a);
      std::string key = member.substr(path.empty() ? 0 : path.size() + 1);
      const value* actual = v.get_object().if_contains(key);
      std::vector<std::string> shown;
      for (const auto& a : allowed) shown.push_back(render(value(a)));
      std::string expected = fmt::format("one of {}", fmt::join(shown, ", "));
      out.push_back(SchemaIssue{member,
                                fmt::format("{} is not allowed; expected {}", actual ? render(*actual) : "(absent)", expected),
                                SchemaIssueKind::not_in_enum, expected, actual ? render(*actual) : "", std::move(allowed), false});
      return false;
    }
    return true;
  }

  const value& root_;
  static constexpr std::size_t kMaxRemembered = 1 << 14;
  std::map<std::pair<const value*, const value*>, bool> passes_;
};

const std::set<std::string> kKeywords = {
    "$schema", "$id", "$defs", "$ref", "$comment", "title", "description", "type", "properties", "required",
    "additionalProperties", "patternProperties", "propertyNames", "minProperties", "maxProperties", "enum", "const",
    "minimum", "maximum", "minLength", "maxLength", "pattern", "items", "minItems", "maxItems", "uniqueItems", "oneOf",
    "anyOf", "default", "examples", "format", "deprecated", "readOnly", "writeOnly",
    // Draft 2019-09 applicators the ODCS schema uses (contract/odcs_schema).
    "allOf", "if", "then", "else", "not", "unevaluatedProperties", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"};
const std::set<std::string> kTypes = {"object", "array", "string", "integer", "number", "boolean", "null"};

void check_regex(const value& pattern, const std::string& at, const char* what, std::vector<std::string>& out) {
  if (!pattern.is_string()) {
    out.push_back(fmt::format("{}: '{}' must be a string", at, what));
    return;
  }
  // Compiled once per process: validation uses the same compiled patterns.
  if (compiled_pattern(pattern.get_string()).ok()) return;
  if (std::string problem = regex_problem(pattern.get_string()); !problem.empty())
    out.push_back(fmt::format("{}: '{}' is {}", at, what, problem));
}

void check(const value& root, const value& schema, const std::string& path, std::vector<std::string>& out) {
  std::string at = path.empty() ? "schema" : path;
  if (schema.is_bool()) return;
  if (!schema.is_object()) {
    out.push_back(fmt::format("{}: must be an object or a boolean", at));
    return;
  }
  const auto& s = schema.get_object();
  for (const auto& [key, v] : s)
    if (!kKeywords.count(std::string(key)))
      out.push_back(fmt::format("{}: keyword '{}' is not supported by floe's schema subset", at, std::string(key)));
  if (auto t = s.find("type"); t != s.end()) {
    std::vector<value> types;
    if (t->value().is_array()) types.assign(t->value().get_array().begin(), t->value().get_array().end());
    else types.push_back(t->value());
    for (const auto& ty : types)
      if (!ty.is_string() || !kTypes.count(std::string(ty.get_string())))
        out.push_back(fmt::format("{}: type {} is not a JSON Schema type", at, render(ty)));
  }
  if (auto r = s.find("$ref"); r != s.end()) {
    if (!r->value().is_string() || resolve_ref(root, std::string(r->value().get_string())) == nullptr)
      out.push_back(fmt::format("{}: $ref {} does not resolve within this schema", at, render(r->value())));
  }
  if (auto d = s.find("$defs"); d != s.end()) {
    if (!d->value().is_object()) out.push_back(fmt::format("{}: '$defs' must be an object", at));
    else
      for (const auto& [key, sub] : d->value().get_object()) check(root, sub, member_path(path, "$defs." + std::string(key)), out);
  }
  const boost::json::object* props = nullptr;
  if (auto p = s.find("properties"); p != s.end()) {
    if (!p->value().is_object()) {
      out.push_back(fmt::format("{}: 'properties' must be an object", at));
    } else {
      props = &p->value().get_object();
      for (const auto& [key, sub] : *props) check(root, sub, member_path(path, std::string(key)), out);
    }
  }
  if (auto p = s.find("patternProperties"); p != s.end()) {
    if (!p->value().is_object()) {
      out.push_back(fmt::format("{}: 'patternProperties' must be an object", at));
    } else {
      for (const auto& [pattern, sub] : p->value().get_object()) {
        check_regex(value(pattern), at, "patternProperties", out);
        check(root, sub, fmt::format("{}./{}/", path, std::string(pattern)), out);
      }
    }
  }
  if (auto n = s.find("propertyNames"); n != s.end()) check(root, n->value(), path + ".<key>", out);
  for (const char* word : {"if", "then", "else", "not"})
    if (auto sub = s.find(word); sub != s.end()) check(root, sub->value(), fmt::format("{}<{}>", path, word), out);
  for (const char* word : {"oneOf", "anyOf", "allOf"}) {
    auto a = s.find(word);
    if (a == s.end()) continue;
    if (!a->value().is_array() || a->value().get_array().empty()) {
      out.push_back(fmt::format("{}: '{}' must be a non-empty array of schemas", at, word));
      continue;
    }
    std::size_t i = 0;
    for (const auto& sub : a->value().get_array()) check(root, sub, fmt::format("{}<{}{}>", path, word, i++), out);
  }
  if (auto r = s.find("required"); r != s.end()) {
    if (!r->value().is_array()) {
      out.push_back(fmt::format("{}: 'required' must be an array of strings", at));
    } else {
      for (const auto& key : r->value().get_array()) {
        if (!key.is_string()) out.push_back(fmt::format("{}: 'required' must hold strings", at));
        // Keys declared by an allOf/$ref/if branch are checked there.
        else if (props != nullptr && !props->contains(key.get_string()) && !s.contains("allOf") && !s.contains("$ref"))
          out.push_back(fmt::format("{}: required key '{}' is not declared in 'properties'", at,
                                    std::string(key.get_string())));
      }
    }
  }
  if (auto e = s.find("enum"); e != s.end() && (!e->value().is_array() || e->value().get_array().empty()))
    out.push_back(fmt::format("{}: 'enum' must be a non-empty array", at));
  if (auto p = s.find("pattern"); p != s.end()) check_regex(p->value(), at, "pattern", out);
  if (auto u = s.find("uniqueItems"); u != s.end() && !u->value().is_bool())
    out.push_back(fmt::format("{}: 'uniqueItems' must be a boolean", at));
  if (auto i = s.find("items"); i != s.end()) check(root, i->value(), path + "[]", out);
  if (auto a = s.find("additionalProperties"); a != s.end() && a->value().is_object())
    check(root, a->value(), path + ".*", out);
  if (auto d = s.find("default"); d != s.end()) {
    boost::json::object without_default = s;
    without_default.erase("default");
    for (const auto& issue : Validator(root).run(without_default, d->value(), ""))
      out.push_back(fmt::format("{}: default {} is invalid: {}", at, render(d->value()), issue.message));
  }
}

}  // namespace

std::vector<SchemaIssue> validate_against_schema(const value& schema, const value& v) {
  return Validator(schema).run(schema, v, "");
}

std::vector<SchemaIssue> validate_against_schema(const value& root, const value& schema, const value& v) {
  return Validator(root).run(schema, v, "");
}

void apply_schema_defaults(const value& schema, value& v) {
  if (!schema.is_object() || !v.is_object()) return;
  auto p = schema.get_object().find("properties");
  if (p == schema.get_object().end() || !p->value().is_object()) return;
  auto& obj = v.get_object();
  for (const auto& [key, sub] : p->value().get_object()) {
    if (!sub.is_object()) continue;
    auto existing = obj.find(key);
    if (existing == obj.end()) {
      if (auto d = sub.get_object().find("default"); d != sub.get_object().end()) obj[key] = d->value();
    } else {
      apply_schema_defaults(sub, existing->value());
    }
  }
}

std::vector<std::string> check_schema(const value& schema) {
  std::vector<std::string> out;
  check(schema, schema, "", out);
  return out;
}

}  // namespace floe
