#include "deploy/value_slots.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace floe {

namespace json = boost::json;

std::string values_key(const std::string& name) {
  std::string out = name;
  for (char& c : out)
    if (c == '-' || c == '.') c = '_';
  return out;
}

json::value ValueSlots::slot(const std::vector<std::string>& path, json::value value) {
  if (!helm_) return value;
  json::object* at = &values_;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    json::value& next = (*at)[path[i]];
    if (!next.is_object()) next = json::object{};
    at = &next.as_object();
  }
  bool quote = value.is_string();
  (*at)[path.back()] = std::move(value);
  std::string expression = ".Values";
  for (const auto& p : path) expression += "." + p;
  // A placeholder YAML writes as a plain scalar and no value can contain.
  std::string placeholder = fmt::format("floe-helm-slot-{:05}", expressions_.size());
  expressions_[placeholder] = quote ? fmt::format("{{{{ {} | quote }}}}", expression) : fmt::format("{{{{ {} }}}}", expression);
  return json::value(placeholder);
}

std::string ValueSlots::templated(std::string yaml) const {
  if (!helm_) return yaml;
  for (const auto& [placeholder, expression] : expressions_) {
    for (const std::string& form : {"\"" + placeholder + "\"", placeholder}) {
      for (auto at = yaml.find(form); at != std::string::npos; at = yaml.find(form, at + expression.size()))
        yaml.replace(at, form.size(), expression);
    }
  }
  return yaml;
}

}  // namespace floe
