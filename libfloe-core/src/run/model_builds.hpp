// When each dbt model of a product was last built successfully, kept across
// runs in target/floe_model_builds.json ({"models": {name: finished_at}}):
// a data contract's freshness SLA on a whole table (no column to take the
// newest row from) is judged by it, by `floe test` after a `floe run` too.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace floe::run {

class ModelBuilds {
 public:
  // Reads what earlier runs kept at `path`; a missing or unreadable file is
  // an empty history (the file is floe's own cache, not user input).
  explicit ModelBuilds(std::string path);

  // A node_finished event of a model that succeeded updates its time.
  void on_event(const boost::json::object& event);

  // The last successful build of `model`, if any run recorded one.
  std::optional<std::chrono::system_clock::time_point> last_built(const std::string& model) const;

  // Writes the history back (atomically) when this run changed it.
  void save() const;

 private:
  std::string path_;
  std::map<std::string, std::string> finished_at_;  // RFC 3339, UTC
  bool changed_ = false;
};

// A time from "2026-11-24T02:40:00.123456Z" (dbt's and floe's UTC stamps);
// nullopt when it is not one.
std::optional<std::chrono::system_clock::time_point> parse_utc_timestamp(const std::string& text);

}  // namespace floe::run
