#include "schema/json_schema.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <set>

#include "core/json_text.hpp"

namespace floe {
namespace {

using boost::json::value;

std::string join_path(const std::string& base, const std::string& key) { return base.empty() ? key : base + "." + key; }

bool type_matches(const std::string& type, const value& v) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_bool();
  if (type == "null") return v.is_null();
  if (type == "integer") return v.is_int64() || v.is_uint64() || (v.is_double() && v.get_double() == static_cast<double>(static_cast<long long>(v.get_double())));
  if (type == "number") return v.is_number();
  return false;
}

double as_double(const value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return v.get_double();
}

std::string render(const value& v) { return boost::json::serialize(v); }

void validate(const value& schema, const value& v, const std::string& path, std::vector<SchemaIssue>& out) {
  if (!schema.is_object()) return;  // `true`-like schemas accept anything
  const auto& s = schema.get_object();
  auto where = [&](std::string message) { out.push_back(SchemaIssue{path, std::move(message)}); };

  if (auto t = s.find("type"); t != s.end()) {
    std::vector<std::string> types;
    if (t->value().is_string()) types.emplace_back(t->value().get_string());
    if (t->value().is_array())
      for (const auto& x : t->value().get_array())
        if (x.is_string()) types.emplace_back(x.get_string());
    if (!types.empty() && std::none_of(types.begin(), types.end(), [&](const auto& ty) { return type_matches(ty, v); })) {
      where(fmt::format("expected {}, got {}", fmt::join(types, " or "), json_type_name(v)));
      return;  // further checks would only repeat the type problem
    }
  }
  if (auto e = s.find("enum"); e != s.end() && e->value().is_array()) {
    const auto& options = e->value().get_array();
    if (std::find(options.begin(), options.end(), v) == options.end()) {
      std::vector<std::string> shown;
      for (const auto& o : options) shown.push_back(render(o));
      where(fmt::format("{} is not allowed; expected one of {}", render(v), fmt::join(shown, ", ")));
    }
  }
  if (auto c = s.find("const"); c != s.end() && c->value() != v)
    where(fmt::format("expected {}, got {}", render(c->value()), render(v)));
  if (v.is_number()) {
    if (auto m = s.find("minimum"); m != s.end() && m->value().is_number() && as_double(v) < as_double(m->value()))
      where(fmt::format("{} is below the minimum {}", render(v), render(m->value())));
    if (auto m = s.find("maximum"); m != s.end() && m->value().is_number() && as_double(v) > as_double(m->value()))
      where(fmt::format("{} is above the maximum {}", render(v), render(m->value())));
  }
  if (v.is_string()) {
    const auto& str = v.get_string();
    if (auto m = s.find("minLength"); m != s.end() && m->value().is_int64() &&
                                      static_cast<int64_t>(str.size()) < m->value().get_int64())
      where(fmt::format("must be at least {} characters long", m->value().get_int64()));
    if (auto m = s.find("maxLength"); m != s.end() && m->value().is_int64() &&
                                      static_cast<int64_t>(str.size()) > m->value().get_int64())
      where(fmt::format("must be at most {} characters long", m->value().get_int64()));
    if (auto p = s.find("pattern"); p != s.end() && p->value().is_string()) {
      try {
        std::regex re(std::string(p->value().get_string()), std::regex::ECMAScript);
        if (!std::regex_search(str.begin(), str.end(), re))
          where(fmt::format("{} does not match the pattern {}", render(v), render(p->value())));
      } catch (const std::regex_error&) {
        // check_schema reports invalid patterns.
      }
    }
  }
  if (v.is_array()) {
    const auto& arr = v.get_array();
    if (auto m = s.find("minItems"); m != s.end() && m->value().is_int64() &&
                                     static_cast<int64_t>(arr.size()) < m->value().get_int64())
      where(fmt::format("must have at least {} items", m->value().get_int64()));
    if (auto m = s.find("maxItems"); m != s.end() && m->value().is_int64() &&
                                     static_cast<int64_t>(arr.size()) > m->value().get_int64())
      where(fmt::format("must have at most {} items", m->value().get_int64()));
    if (auto items = s.find("items"); items != s.end())
      for (size_t i = 0; i < arr.size(); ++i) validate(items->value(), arr[i], fmt::format("{}[{}]", path, i), out);
  }
  if (v.is_object()) {
    const auto& obj = v.get_object();
    const boost::json::object* props = nullptr;
    if (auto p = s.find("properties"); p != s.end() && p->value().is_object()) props = &p->value().get_object();
    if (auto r = s.find("required"); r != s.end() && r->value().is_array())
      for (const auto& key : r->value().get_array())
        if (key.is_string() && !obj.contains(key.get_string()))
          out.push_back(SchemaIssue{join_path(path, std::string(key.get_string())), "required key is missing"});
    auto additional = s.find("additionalProperties");
    for (const auto& [key, member] : obj) {
      std::string child = join_path(path, std::string(key));
      if (props != nullptr) {
        if (auto ps = props->find(key); ps != props->end()) {
          validate(ps->value(), member, child, out);
          continue;
        }
      }
      if (additional == s.end()) continue;
      if (additional->value().is_bool() && !additional->value().get_bool()) {
        std::string known;
        if (props != nullptr) {
          std::vector<std::string> names;
          for (const auto& [k, unused] : *props) names.emplace_back(k);
          known = fmt::format("; known keys: {}", fmt::join(names, ", "));
        }
        out.push_back(SchemaIssue{child, fmt::format("unknown key{}", known)});
      } else if (additional->value().is_object()) {
        validate(additional->value(), member, child, out);
      }
    }
  }
}

const std::set<std::string> kKeywords = {"$schema", "$id", "title", "description", "type", "properties", "required",
                                         "additionalProperties", "enum", "const", "minimum", "maximum", "minLength",
                                         "maxLength", "pattern", "items", "minItems", "maxItems", "default",
                                         "examples", "format", "deprecated", "readOnly", "writeOnly"};
const std::set<std::string> kTypes = {"object", "array", "string", "integer", "number", "boolean", "null"};

void check(const value& schema, const std::string& path, std::vector<std::string>& out) {
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
  const boost::json::object* props = nullptr;
  if (auto p = s.find("properties"); p != s.end()) {
    if (!p->value().is_object()) {
      out.push_back(fmt::format("{}: 'properties' must be an object", at));
    } else {
      props = &p->value().get_object();
      for (const auto& [key, sub] : *props) check(sub, join_path(path, std::string(key)), out);
    }
  }
  if (auto r = s.find("required"); r != s.end()) {
    if (!r->value().is_array()) {
      out.push_back(fmt::format("{}: 'required' must be an array of strings", at));
    } else {
      for (const auto& key : r->value().get_array()) {
        if (!key.is_string()) out.push_back(fmt::format("{}: 'required' must hold strings", at));
        else if (props != nullptr && !props->contains(key.get_string()))
          out.push_back(fmt::format("{}: required key '{}' is not declared in 'properties'", at,
                                    std::string(key.get_string())));
      }
    }
  }
  if (auto e = s.find("enum"); e != s.end() && (!e->value().is_array() || e->value().get_array().empty()))
    out.push_back(fmt::format("{}: 'enum' must be a non-empty array", at));
  if (auto p = s.find("pattern"); p != s.end()) {
    if (!p->value().is_string()) {
      out.push_back(fmt::format("{}: 'pattern' must be a string", at));
    } else {
      try {
        std::regex re(std::string(p->value().get_string()), std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        out.push_back(fmt::format("{}: 'pattern' is not a valid regular expression: {}", at, e.what()));
      }
    }
  }
  if (auto i = s.find("items"); i != s.end()) check(i->value(), path + "[]", out);
  if (auto a = s.find("additionalProperties"); a != s.end() && a->value().is_object())
    check(a->value(), path + ".*", out);
  if (auto d = s.find("default"); d != s.end()) {
    boost::json::object without_default = s;
    without_default.erase("default");
    for (const auto& issue : validate_against_schema(without_default, d->value()))
      out.push_back(fmt::format("{}: default {} is invalid: {}", at, render(d->value()), issue.message));
  }
}

}  // namespace

std::vector<SchemaIssue> validate_against_schema(const value& schema, const value& v) {
  std::vector<SchemaIssue> out;
  validate(schema, v, "", out);
  return out;
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
  check(schema, "", out);
  return out;
}

}  // namespace floe
