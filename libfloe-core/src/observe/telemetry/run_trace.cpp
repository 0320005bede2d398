#include "observe/telemetry/run_trace.hpp"

#include <chrono>

#include "core/json_path.hpp"
#include "observe/telemetry/unix_time.hpp"

namespace floe::observe::telemetry {
namespace json = boost::json;

namespace {

// Bounds on what one span carries, so a chatty tool cannot grow a span
// without limit.
constexpr std::size_t kMaxEventsPerStep = 32;
constexpr std::size_t kMaxMessage = 1024;

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

std::uint64_t time_at(const json::object& e, const char* key, std::uint64_t fallback) {
  return unix_nanos(string_at(e, {key})).value_or(fallback);
}

double number_at(const json::object& e, const char* key) {
  const json::value* v = e.if_contains(key);
  return v != nullptr && v->is_number() ? v->to_number<double>() : 0.0;
}

std::string clipped(std::string text) {
  if (text.size() > kMaxMessage) text.resize(kMaxMessage);
  return text;
}

}  // namespace

int status_code_of(const std::string& status) {
  if (status == "success" || status == "pass") return kStatusOk;
  if (status == "failed" || status == "error" || status == "fail" || status == "cancelled") return kStatusError;
  return kStatusUnset;  // skipped, warn, and anything new
}

RunTrace::RunTrace(std::string trace_id, std::string root_span_id, std::string db_system, SpanSink sink)
    : trace_id_(std::move(trace_id)), db_system_(std::move(db_system)), sink_(std::move(sink)) {
  root_.trace_id = trace_id_;
  root_.span_id = std::move(root_span_id);
}

void RunTrace::on_event(const json::object& e) {
  std::string type = string_at(e, {"type"});
  std::uint64_t at = time_at(e, "at", now_ns());
  if (type == "run_started") {
    root_.name = "floe " + string_at(e, {"operation"});
    root_.start_ns = at;
    add_attribute(root_.attributes, "floe.run_id", value_or_null(e, {"run_id"}));
    add_attribute(root_.attributes, "floe.operation", value_or_null(e, {"operation"}));
  } else if (type == "step_started") {
    start_step(e, at);
  } else if (type == "node_started") {
    std::string id = string_at(e, {"unique_id"});
    if (!id.empty()) nodes_[id] = OpenNode{ids_.new_span_id(), time_at(e, "started_at", at)};
  } else if (type == "node_finished") {
    finish_node(e, at);
  } else if (type == "log") {
    log_to_step(e, at);
  } else if (type == "step_finished") {
    finish_step(e, at);
  } else if (type == "run_finished") {
    finish_run(e, at);
  }
}

void RunTrace::start_step(const json::object& e, std::uint64_t at) {
  OpenStep step;
  step.kind = string_at(e, {"kind"});
  step.span.trace_id = trace_id_;
  step.span.span_id = ids_.new_span_id();
  step.span.parent_span_id = root_.span_id;
  step.span.name = string_at(e, {"step"});
  step.span.start_ns = at;
  add_attribute(step.span.attributes, "floe.step", value_or_null(e, {"step"}));
  add_attribute(step.span.attributes, "floe.step.kind", value_or_null(e, {"kind"}));
  if (step.kind == "transform" || step.kind == "quality" || step.kind == "ingestion")
    add_attribute(step.span.attributes, "db.system", json::string(db_system_));
  step_ = std::move(step);
}

void RunTrace::finish_node(const json::object& e, std::uint64_t at) {
  std::string id = string_at(e, {"unique_id"});
  Span span;
  span.trace_id = trace_id_;
  span.parent_span_id = step_ ? step_->span.span_id : root_.span_id;
  span.name = id.empty() ? string_at(e, {"name"}) : id;
  span.end_ns = time_at(e, "finished_at", at);
  if (auto open = nodes_.find(id); open != nodes_.end()) {
    span.span_id = open->second.span_id;
    span.start_ns = open->second.start_ns;
    nodes_.erase(open);
  } else {
    span.span_id = ids_.new_span_id();
    double seconds = number_at(e, "execution_time");
    span.start_ns = time_at(e, "started_at", span.end_ns - static_cast<std::uint64_t>(seconds * 1e9));
  }
  std::string status = string_at(e, {"status"});
  add_attribute(span.attributes, "dbt.unique_id", json::string(id));
  add_attribute(span.attributes, "dbt.resource_type", value_or_null(e, {"resource_type"}));
  add_attribute(span.attributes, "dbt.node.name", value_or_null(e, {"name"}));
  add_attribute(span.attributes, "dbt.materialized", value_or_null(e, {"materialized"}));
  add_attribute(span.attributes, "dbt.relation", value_or_null(e, {"relation"}));
  add_attribute(span.attributes, "dbt.status", json::string(status));
  add_attribute(span.attributes, "dbt.execution_time", value_or_null(e, {"execution_time"}));
  add_attribute(span.attributes, "db.system", json::string(db_system_));
  add_attribute(span.attributes, "floe.step", value_or_null(e, {"step"}));
  span.status_code = status_code_of(status);
  if (span.status_code == kStatusError) span.status_message = clipped(string_at(e, {"message"}));
  sink_(span);
}

void RunTrace::log_to_step(const json::object& e, std::uint64_t at) {
  if (!step_ || step_->span.events.size() >= kMaxEventsPerStep) return;
  json::array attributes;
  add_attribute(attributes, "log.level", value_or_null(e, {"level"}));
  add_attribute(attributes, "log.message", json::string(clipped(string_at(e, {"message"}))));
  add_attribute(attributes, "floe.source", value_or_null(e, {"source"}));
  step_->span.events.push_back(span_event("log", at, std::move(attributes)));
}

void RunTrace::finish_step(const json::object& e, std::uint64_t at) {
  if (!step_) return;
  // Nodes dbt started but never finished (it was stopped) end with their step.
  for (auto& [id, node] : nodes_) {
    Span span;
    span.trace_id = trace_id_;
    span.span_id = node.span_id;
    span.parent_span_id = step_->span.span_id;
    span.name = id;
    span.start_ns = node.start_ns;
    span.end_ns = at;
    add_attribute(span.attributes, "dbt.unique_id", json::string(id));
    add_attribute(span.attributes, "db.system", json::string(db_system_));
    span.status_code = kStatusError;
    span.status_message = "dbt reported no result for this node";
    sink_(span);
  }
  nodes_.clear();
  Span& span = step_->span;
  span.end_ns = at;
  std::string status = string_at(e, {"status"});
  add_attribute(span.attributes, "floe.step.status", json::string(status));
  if (const json::value* summary = e.if_contains("summary"); summary != nullptr && summary->is_object())
    for (const auto& [key, value] : summary->as_object())
      if (value.is_number() || value.is_bool()) add_attribute(span.attributes, "floe." + std::string(key), value);
  span.status_code = status_code_of(status);
  if (span.status_code == kStatusError)
    span.status_message = clipped(status == "cancelled" ? std::string("cancelled") : string_at(e, {"message"}));
  sink_(span);
  step_.reset();
}

void RunTrace::finish_run(const json::object& e, std::uint64_t at) {
  if (step_) finish_step(json::object{{"status", "cancelled"}}, at);
  root_.end_ns = at;
  std::string status = string_at(e, {"status"});
  add_attribute(root_.attributes, "floe.run.status", json::string(status));
  add_attribute(root_.attributes, "floe.run.outcome", value_or_null(e, {"outcome"}));
  root_.status_code = status_code_of(status);
  if (root_.status_code == kStatusError)
    root_.status_message = status == "cancelled" ? "the run was stopped" : "the run failed: " + string_at(e, {"outcome"});
  sink_(root_);
}

}  // namespace floe::observe::telemetry
