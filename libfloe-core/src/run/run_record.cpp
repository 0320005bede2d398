#include "run/run_record.hpp"

#include <boost/json.hpp>

#include "base/atomic_file.hpp"
#include "base/json_text.hpp"
#include "core/sha256.hpp"

namespace floe::run {
namespace json = boost::json;

namespace {
// The record's own format version; readers accept the same major.
constexpr const char* kRecordVersion = "1.0";
}  // namespace

RunRecord::RunRecord(json::object head) : record_(std::move(head)) {
  record_["record_version"] = kRecordVersion;
  record_["status"] = "running";
  record_["steps"] = json::array();
  record_["artifacts"] = json::object();
}

void RunRecord::describe(const json::object& members) {
  for (const auto& [k, v] : members) record_[k] = v;
}

json::object* RunRecord::step(const std::string& name) {
  for (auto& s : record_["steps"].as_array())
    if (s.as_object().at("name").as_string() == name) return &s.as_object();
  return nullptr;
}

void RunRecord::on_event(const json::object& event) {
  const std::string type(event.at("type").as_string());
  auto str = [&](const char* key) { return event.contains(key) ? event.at(key) : json::value(nullptr); };
  if (type == "run_started") {
    record_["started_at"] = str("at");
  } else if (type == "step_started") {
    record_["steps"].as_array().push_back(json::object{{"name", str("step")},
                                                       {"kind", str("kind")},
                                                       {"status", "running"},
                                                       {"started_at", str("at")},
                                                       {"nodes", json::array()}});
  } else if (type == "node_finished") {
    if (auto* s = event.if_contains("step"); s && s->is_string())
      if (json::object* st = step(std::string(s->as_string()))) {
        json::object node;
        for (const char* key : {"unique_id", "resource_type", "status", "execution_time", "message", "started_at",
                                "finished_at", "relation"})
          if (auto* v = event.if_contains(key)) node[key] = *v;
        st->at("nodes").as_array().push_back(std::move(node));
      }
  } else if (type == "step_finished") {
    if (json::object* st = step(std::string(event.at("step").as_string()))) {
      (*st)["status"] = str("status");
      (*st)["finished_at"] = str("at");
      (*st)["duration_s"] = str("duration_s");
      if (auto* m = event.if_contains("message")) (*st)["message"] = *m;
      if (auto* m = event.if_contains("summary")) (*st)["summary"] = *m;
    }
  } else if (type == "run_finished") {
    record_["status"] = str("status");
    record_["outcome"] = str("outcome");
    record_["finished_at"] = str("at");
    record_["duration_s"] = str("duration_s");
    record_["tool_seconds"] = str("tool_seconds");
    record_["floe_overhead_s"] = str("floe_overhead_s");
  }
}

void RunRecord::add_artifact(const std::string& name, const std::string& path) {
  auto digest = sha256_file_hex(path);
  record_["artifacts"].as_object()[name] =
      json::object{{"path", path}, {"sha256", digest ? json::value("sha256:" + *digest) : json::value(nullptr)}};
}

Result<Ok> RunRecord::write(const std::string& path) const {
  return write_file_atomically(path, pretty_json(record_));
}

}  // namespace floe::run
