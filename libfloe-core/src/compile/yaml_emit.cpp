#include "compile/yaml_emit.hpp"

#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>

#include <string>

#include "config/yaml_scalar.hpp"

namespace floe {
namespace {

void emit(YAML::Emitter& out, const boost::json::value& v, YamlStrings strings) {
  switch (v.kind()) {
    case boost::json::kind::object:
      // Empty containers read best inline ("settings: {}").
      if (v.as_object().empty()) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& [k, child] : v.as_object()) {
        out << YAML::Key << std::string(k) << YAML::Value;
        emit(out, child, strings);
      }
      out << YAML::EndMap;
      break;
    case boost::json::kind::array:
      if (v.as_array().empty()) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& child : v.as_array()) emit(out, child, strings);
      out << YAML::EndSeq;
      break;
    case boost::json::kind::string: {
      // Quote strings that YAML would otherwise read as another type
      // ("true", "4", "") or that carry Jinja braces. plain_when_safe
      // leaves the syntax's quoting to yaml-cpp, which would write "1.0" plain.
      std::string s(v.as_string());
      if (strings == YamlStrings::plain_when_safe && resolve_plain_scalar(s).is_string()) out << s;
      else out << YAML::DoubleQuoted << s;
      break;
    }
    case boost::json::kind::bool_: out << v.as_bool(); break;
    case boost::json::kind::int64: out << v.as_int64(); break;
    case boost::json::kind::uint64: out << v.as_uint64(); break;
    case boost::json::kind::double_: out << v.as_double(); break;
    case boost::json::kind::null: out << YAML::Null; break;
  }
}

}  // namespace

std::string to_yaml(const boost::json::value& v, YamlStrings strings) {
  YAML::Emitter out;
  out.SetIndent(2);
  emit(out, v, strings);
  std::string text = out.c_str();
  if (text.empty() || text.back() != '\n') text += '\n';
  return text;
}

}  // namespace floe
