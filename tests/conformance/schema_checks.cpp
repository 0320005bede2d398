#include "schema_checks.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "call_checks.hpp"

namespace floe::conformance {

namespace json = boost::json;

namespace {

const std::set<std::string> kSchemaKeywords = {
    "type",     "properties", "required", "additionalProperties", "enum",     "const",   "minimum",
    "maximum",  "minLength",  "maxLength", "pattern",             "items",    "minItems", "maxItems",
    "default",  "description", "title",   "$schema",              "$id",      "$comment", "examples",
    "format",   "deprecated", "readOnly", "writeOnly"};
const std::set<std::string> kSchemaTypes = {"object", "array", "string", "integer", "number", "boolean", "null"};

bool is_type(const json::value& v, const std::string& type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_bool();
  if (type == "null") return v.is_null();
  if (type == "number") return v.is_number();
  if (type == "integer") {
    if (v.is_int64() || v.is_uint64()) return true;
    if (!v.is_double()) return false;
    double d = v.get_double();
    return d == static_cast<double>(static_cast<long long>(d));
  }
  return false;
}

double number(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return v.get_double();
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string at(const std::string& path) { return path.empty() ? "(root)" : path; }

// Why `v` does not satisfy `schema` (empty when it does).
void validate(const json::value& schema, const json::value& v, const std::string& path, std::vector<std::string>& out) {
  if (!schema.is_object()) return;
  const auto& s = schema.get_object();
  if (auto t = s.if_contains("type")) {
    std::vector<std::string> types;
    if (t->is_string()) types.emplace_back(t->get_string());
    if (t->is_array())
      for (const auto& x : t->get_array())
        if (x.is_string()) types.emplace_back(x.get_string());
    if (!types.empty() && std::none_of(types.begin(), types.end(), [&](const auto& ty) { return is_type(v, ty); })) {
      out.push_back(at(path) + ": " + json::serialize(v) + " is not of type " + json::serialize(*t));
      return;
    }
  }
  if (auto e = s.if_contains("enum"); e && e->is_array()) {
    const auto& options = e->get_array();
    if (std::find(options.begin(), options.end(), v) == options.end())
      out.push_back(at(path) + ": " + json::serialize(v) + " is not one of " + json::serialize(*e));
  }
  if (auto c = s.if_contains("const"); c && *c != v)
    out.push_back(at(path) + ": " + json::serialize(v) + " is not " + json::serialize(*c));
  if (v.is_number()) {
    if (auto m = s.if_contains("minimum"); m && m->is_number() && number(v) < number(*m))
      out.push_back(at(path) + ": " + json::serialize(v) + " is below the minimum " + json::serialize(*m));
    if (auto m = s.if_contains("maximum"); m && m->is_number() && number(v) > number(*m))
      out.push_back(at(path) + ": " + json::serialize(v) + " is above the maximum " + json::serialize(*m));
  }
  if (v.is_string()) {
    size_t n = utf8_length(v.get_string());
    if (auto m = s.if_contains("minLength"); m && m->is_number() && static_cast<double>(n) < number(*m))
      out.push_back(at(path) + ": shorter than minLength " + json::serialize(*m));
    if (auto m = s.if_contains("maxLength"); m && m->is_number() && static_cast<double>(n) > number(*m))
      out.push_back(at(path) + ": longer than maxLength " + json::serialize(*m));
    if (auto p = s.if_contains("pattern"); p && p->is_string()) {
      try {
        std::regex re(std::string(p->get_string()), std::regex::ECMAScript);
        std::string str(v.get_string());
        if (!std::regex_search(str, re)) out.push_back(at(path) + ": does not match the pattern " + json::serialize(*p));
      } catch (const std::regex_error&) {
        // reported by check_schema
      }
    }
  }
  if (v.is_array()) {
    const auto& a = v.get_array();
    if (auto m = s.if_contains("minItems"); m && m->is_number() && static_cast<double>(a.size()) < number(*m))
      out.push_back(at(path) + ": fewer items than minItems " + json::serialize(*m));
    if (auto m = s.if_contains("maxItems"); m && m->is_number() && static_cast<double>(a.size()) > number(*m))
      out.push_back(at(path) + ": more items than maxItems " + json::serialize(*m));
    if (auto items = s.if_contains("items"))
      for (size_t i = 0; i < a.size(); ++i) validate(*items, a[i], path + "[" + std::to_string(i) + "]", out);
  }
  if (v.is_object()) {
    const auto& o = v.get_object();
    const json::object* props = nullptr;
    if (auto p = s.if_contains("properties"); p && p->is_object()) props = &p->get_object();
    if (auto r = s.if_contains("required"); r && r->is_array())
      for (const auto& k : r->get_array())
        if (k.is_string() && !o.contains(k.get_string()))
          out.push_back(at(path) + ": required key '" + std::string(k.get_string()) + "' is missing");
    const json::value* additional = s.if_contains("additionalProperties");
    for (const auto& [key, member] : o) {
      std::string child = path.empty() ? std::string(key) : path + "." + std::string(key);
      if (props != nullptr && props->contains(key)) {
        validate(props->at(key), member, child, out);
      } else if (additional != nullptr && additional->is_bool() && !additional->get_bool()) {
        out.push_back(child + ": key not allowed (additionalProperties is false)");
      } else if (additional != nullptr && additional->is_object()) {
        validate(*additional, member, child, out);
      }
    }
  }
}

bool is_count(const json::value& v) {
  return (v.is_int64() && v.get_int64() >= 0) || v.is_uint64();
}

// Mistakes in a schema itself.
void check_schema(const json::value& schema, const std::string& path, std::vector<std::string>& out) {
  std::string where = path.empty() ? "(root)" : path;
  if (schema.is_bool()) return;
  if (!schema.is_object()) {
    out.push_back(where + ": a schema must be an object or a boolean, not " + json::serialize(schema));
    return;
  }
  const auto& s = schema.get_object();
  for (const auto& [key, unused] : s)
    if (!kSchemaKeywords.count(std::string(key)))
      out.push_back(where + ": keyword '" + std::string(key) + "' is outside floe's schema subset (ignored by hosts)");
  std::vector<std::string> types;
  if (auto t = s.if_contains("type")) {
    std::vector<json::value> listed;
    if (t->is_array())
      listed.assign(t->get_array().begin(), t->get_array().end());
    else
      listed.push_back(*t);
    if (t->is_array() && listed.empty()) out.push_back(where + ": 'type' is an empty array");
    for (const auto& ty : listed) {
      if (ty.is_string() && kSchemaTypes.count(std::string(ty.get_string())))
        types.emplace_back(ty.get_string());
      else
        out.push_back(where + ": type " + json::serialize(ty) + " is not a JSON Schema type name");
    }
  }
  auto typed_ok = [&](const json::value& v) {
    return types.empty() || std::any_of(types.begin(), types.end(), [&](const auto& ty) { return is_type(v, ty); });
  };
  const json::object* props = nullptr;
  if (auto p = s.if_contains("properties")) {
    if (!p->is_object()) {
      out.push_back(where + ": 'properties' must be an object");
    } else {
      props = &p->get_object();
      for (const auto& [key, sub] : *props) check_schema(sub, path.empty() ? std::string(key) : path + "." + std::string(key), out);
    }
  }
  if (auto r = s.if_contains("required")) {
    if (!r->is_array()) {
      out.push_back(where + ": 'required' must be an array of strings");
    } else {
      std::set<std::string> seen;
      for (const auto& k : r->get_array()) {
        if (!k.is_string()) {
          out.push_back(where + ": 'required' holds " + json::serialize(k) + ", not a key name");
          continue;
        }
        std::string key(k.get_string());
        if (!seen.insert(key).second) out.push_back(where + ": 'required' lists '" + key + "' twice");
        if (props == nullptr || !props->contains(key))
          out.push_back(where + ": required key '" + key + "' is not declared in 'properties'");
      }
    }
  }
  if (auto e = s.if_contains("enum")) {
    if (!e->is_array() || e->get_array().empty()) {
      out.push_back(where + ": 'enum' must be a non-empty array");
    } else {
      for (const auto& option : e->get_array())
        if (!typed_ok(option)) out.push_back(where + ": enum value " + json::serialize(option) + " does not match 'type'");
    }
  }
  if (auto c = s.if_contains("const"); c && !typed_ok(*c))
    out.push_back(where + ": const " + json::serialize(*c) + " does not match 'type'");
  for (const char* k : {"minimum", "maximum"})
    if (auto m = s.if_contains(k); m && !m->is_number()) out.push_back(where + ": '" + k + "' must be a number");
  for (const char* k : {"minLength", "maxLength", "minItems", "maxItems"})
    if (auto m = s.if_contains(k); m && !is_count(*m))
      out.push_back(where + ": '" + k + "' must be a non-negative integer");
  for (auto [lo, hi] : {std::pair{"minimum", "maximum"}, std::pair{"minLength", "maxLength"},
                        std::pair{"minItems", "maxItems"}}) {
    auto a = s.if_contains(lo);
    auto b = s.if_contains(hi);
    if (a && b && a->is_number() && b->is_number() && number(*a) > number(*b))
      out.push_back(where + ": '" + lo + "' is greater than '" + hi + "'");
  }
  if (auto p = s.if_contains("pattern")) {
    if (!p->is_string()) {
      out.push_back(where + ": 'pattern' must be a string");
    } else {
      try {
        std::regex re(std::string(p->get_string()), std::regex::ECMAScript);
      } catch (const std::regex_error&) {
        out.push_back(where + ": 'pattern' " + json::serialize(*p) + " is not a valid regular expression");
      }
    }
  }
  for (const char* k : {"description", "title"})
    if (auto d = s.if_contains(k); d && !d->is_string()) out.push_back(where + ": '" + k + "' must be a string");
  if (auto i = s.if_contains("items")) check_schema(*i, path + "[]", out);
  if (auto a = s.if_contains("additionalProperties"); a && !a->is_bool()) check_schema(*a, path + ".*", out);
  if (auto d = s.if_contains("default")) {
    json::object without = s;
    without.erase("default");
    std::vector<std::string> why;
    validate(without, *d, path, why);
    for (const auto& w : why) out.push_back(where + ": default " + json::serialize(*d) + " is invalid: " + w);
  }
}

}  // namespace

void check_config_schema(Report& report, const char* schema_text) {
  if (schema_text == nullptr) {
    report.pass("schema", "the plugin takes no configuration (config_schema_json is NULL)");
    return;
  }
  std::string why;
  auto schema = parse(schema_text, &why);
  if (!schema) {
    report.fail("schema.json", "config_schema_json is not valid JSON: " + why);
    return;
  }
  report.pass("schema.json", "config_schema_json is valid JSON");
  if (!schema->is_object()) {
    report.fail("schema.object", "config_schema_json must be a JSON object, not " + shown(schema_text));
    return;
  }
  if (auto t = schema->get_object().if_contains("type"))
    report.check(*t == "object", "schema.type", "the configuration is an object",
                 "the top-level type must be \"object\" (a configuration is a JSON object), not " + json::serialize(*t));
  else
    report.warn("schema.type", "the top-level schema has no \"type\": \"object\"");
  std::vector<std::string> problems;
  check_schema(*schema, "", problems);
  if (problems.empty()) report.pass("schema.subset", "a valid schema in floe's subset; every default validates");
  for (const auto& p : problems) report.fail("schema.subset", p);
}

}  // namespace floe::conformance
