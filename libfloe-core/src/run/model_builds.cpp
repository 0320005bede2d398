#include "run/model_builds.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <ctime>

#include "base/atomic_file.hpp"
#include "base/input_file.hpp"
#include "core/json_path.hpp"
#include "base/json_text.hpp"

namespace floe::run {
namespace json = boost::json;

ModelBuilds::ModelBuilds(std::string path) : path_(std::move(path)) {
  auto parsed = read_json_file(path_, input_limits::kConfigFile);
  if (!parsed || !parsed.value().is_object()) return;
  const json::value* models = parsed.value().as_object().if_contains("models");
  if (models == nullptr || !models->is_object()) return;
  for (const auto& [name, at] : models->as_object())
    if (at.is_string() && parse_utc_timestamp(std::string(at.as_string())))
      finished_at_[std::string(name)] = std::string(at.as_string());
}

void ModelBuilds::on_event(const json::object& e) {
  if (string_at(e, {"type"}) != "node_finished" || string_at(e, {"resource_type"}) != "model" ||
      string_at(e, {"status"}) != "success")
    return;
  std::string name = string_at(e, {"name"});
  std::string at = string_at(e, {"finished_at"});
  if (at.empty()) at = string_at(e, {"at"});
  if (name.empty() || !parse_utc_timestamp(at)) return;
  finished_at_[name] = at;
  changed_ = true;
}

std::optional<std::chrono::system_clock::time_point> ModelBuilds::last_built(const std::string& model) const {
  auto it = finished_at_.find(model);
  return it == finished_at_.end() ? std::nullopt : parse_utc_timestamp(it->second);
}

void ModelBuilds::save() const {
  if (!changed_) return;
  json::object models;
  for (const auto& [name, at] : finished_at_) models[name] = at;
  // A cache: losing it only makes the next freshness check say it cannot tell.
  (void)write_file_atomically(path_, json::serialize(json::object{{"models", std::move(models)}}) + "\n",
                              Durability::unsynced);
}

std::optional<std::chrono::system_clock::time_point> parse_utc_timestamp(const std::string& text) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &consumed) != 6 || consumed != 19)
    return std::nullopt;
  std::size_t rest = 19;
  double fraction = 0;
  if (rest < text.size() && text[rest] == '.') {
    std::size_t end = text.find_first_not_of("0123456789", rest + 1);
    fraction = std::stod("0" + text.substr(rest, end - rest));
    rest = end == std::string::npos ? text.size() : end;
  }
  // dbt writes a naive UTC time, floe a "Z"; an offset other than UTC is not ours
  if (rest < text.size() && text.substr(rest) != "Z" && text.substr(rest) != "+00:00") return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::time_t seconds = timegm(&tm);
  if (seconds == static_cast<std::time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(seconds) +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::duration<double>(fraction));
}

}  // namespace floe::run
