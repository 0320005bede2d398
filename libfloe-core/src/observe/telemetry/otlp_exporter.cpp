#include "observe/telemetry/otlp_exporter.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "core/json_path.hpp"
#include "observe/json_poster.hpp"

namespace floe::observe::telemetry {
namespace json = boost::json;

namespace {

// A 200 answer may still reject part of a request (OTLP "partial success"):
// {"partialSuccess": {"rejectedSpans" | "rejectedDataPoints": "N", "errorMessage": "..."}}.
std::size_t rejected(const std::string& answer, bool spans, std::string& message) {
  boost::system::error_code ec;
  json::value parsed = json::parse(answer, ec);
  if (ec || !parsed.is_object()) return 0;
  const json::value* partial = parsed.as_object().if_contains("partialSuccess");
  if (partial == nullptr || !partial->is_object()) return 0;
  message = string_at(*partial, {"errorMessage"});
  const json::value* n = partial->as_object().if_contains(spans ? "rejectedSpans" : "rejectedDataPoints");
  if (n == nullptr) return 0;
  if (n->is_string()) return static_cast<std::size_t>(std::strtoull(n->as_string().c_str(), nullptr, 10));
  if (n->is_int64() && n->as_int64() > 0) return static_cast<std::size_t>(n->as_int64());
  return 0;
}

}  // namespace

OtlpExporter::OtlpExporter(ExportSettings settings) : settings_(std::move(settings)) {
  thread_ = std::thread([this] { deliver(); });
}

OtlpExporter::~OtlpExporter() { finish(); }

void OtlpExporter::send_spans(std::string body, std::size_t spans) { enqueue({true, std::move(body), spans}); }

void OtlpExporter::send_metrics(std::string body, std::size_t points) { enqueue({false, std::move(body), points}); }

void OtlpExporter::count_dropped(const Request& r) {
  (r.spans ? count_.spans_dropped : count_.points_dropped) += r.items;
}

void OtlpExporter::enqueue(Request request) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failed_ || closing_) {
      count_dropped(request);
      return;
    }
    if (queue_.size() >= settings_.max_queued) {
      count_dropped(request);
      if (count_.problem.empty())
        count_.problem = fmt::format("the collector at {} did not keep up ({} requests waiting)", settings_.traces_url,
                                     queue_.size());
      return;
    }
    queue_.push_back(std::move(request));
  }
  wake_.notify_one();
}

void OtlpExporter::deliver() {
  JsonPoster poster(settings_.timeout);
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
    if (queue_.empty()) return;  // closing, and nothing left
    Request request = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    PostOutcome outcome =
        poster.post(request.spans ? settings_.traces_url : settings_.metrics_url, request.body, settings_.headers);
    std::string partial_message;
    std::size_t refused = outcome.problem.empty() ? rejected(outcome.body, request.spans, partial_message) : 0;
    lock.lock();
    if (!outcome.problem.empty()) {
      failed_ = true;
      if (count_.problem.empty()) count_.problem = outcome.problem;
      count_dropped(request);
      for (const auto& left : queue_) count_dropped(left);
      queue_.clear();
      continue;
    }
    refused = std::min(refused, request.items);
    if (refused > 0) {
      if (count_.problem.empty())
        count_.problem = fmt::format("the collector refused part of a request{}{}", partial_message.empty() ? "" : ": ",
                                     partial_message);
      count_dropped({request.spans, {}, refused});
    }
    (request.spans ? count_.spans_sent : count_.points_sent) += request.items - refused;
  }
}

DeliveryCount OtlpExporter::finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  return count_;
}

}  // namespace floe::observe::telemetry
