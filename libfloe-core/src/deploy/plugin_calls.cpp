#include "deploy/plugin_calls.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace floe {

namespace json = boost::json;

SelectedPlugin::SelectedPlugin(Registry& registry, std::string category, std::string name, const json::object& config)
    : registry_(registry), label_(category + "/" + name) {
  auto opened = registry_.open(category, name, json::serialize(config));
  if (opened) instance_ = opened.value();
  else open_error_ = opened.error();
}

SelectedPlugin::~SelectedPlugin() {
  if (instance_ != nullptr) registry_.close(instance_);
}

Result<json::value> SelectedPlugin::ask(const std::string& method, const json::value& request) {
  if (instance_ == nullptr) return *open_error_;
  auto answer = request.is_object() ? registry_.call_value(*instance_, method, request.as_object())
                                    : make_error(FLOE_ERR_INVALID_ARGUMENT, "a plugin request is a JSON object");
  if (!answer) {
    Error e = answer.error();
    if (e.message.find(label_) == std::string::npos) e.message = fmt::format("{} {}: {}", label_, method, e.message);
    return e;
  }
  json::value parsed = std::move(answer).value();
  if (!parsed.is_object())
    return make_error(FLOE_ERR_PLUGIN_FAILED, fmt::format("{} answered {} with something that is not a JSON object", label_, method));
  return parsed;
}

Result<json::value> SelectedPlugin::ask_for(const std::string& method, const json::value& request, const std::string& key,
                                            json::kind kind) {
  auto answer = ask(method, request);
  if (!answer) return answer;
  const json::value* v = answer.value().as_object().if_contains(key);
  if (v == nullptr || v->kind() != kind)
    return make_error(FLOE_ERR_PLUGIN_FAILED, fmt::format("{} answered {} without '{}' ({})", label_, method, key,
                                                          kind == json::kind::object ? "an object" : "an array"));
  return *v;
}

}  // namespace floe
