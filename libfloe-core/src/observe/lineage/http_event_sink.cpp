#include "observe/lineage/http_event_sink.hpp"

#include <fmt/format.h>

#include "observe/json_poster.hpp"

namespace floe::observe {

HttpEventSink::HttpEventSink(HttpSinkOptions options) : options_(std::move(options)) {
  worker_ = std::thread([this] { deliver_all(); });
}

HttpEventSink::~HttpEventSink() { close(); }

void HttpEventSink::drop(std::size_t count, const std::string& why) {
  stats_.dropped += count;
  if (stats_.first_problem.empty()) stats_.first_problem = why;
}

void HttpEventSink::send(std::string event) {
  std::lock_guard lock(mutex_);
  if (unreachable_ || closing_) {
    drop(1, "the server was not reachable");
    return;
  }
  if (queue_.size() >= options_.max_queued) {
    drop(1, fmt::format("the server took events more slowly than the run made them ({} waiting)", queue_.size()));
    return;
  }
  queue_.push_back(std::move(event));
  wake_.notify_one();
}

void HttpEventSink::deliver_all() {
  JsonPoster poster(options_.timeout);
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    std::string event = std::move(queue_.front());
    queue_.pop_front();
    in_flight_ = true;
    lock.unlock();
    PostOutcome outcome = poster.post(options_.url, event, options_.headers);
    lock.lock();
    in_flight_ = false;
    if (outcome.problem.empty()) {
      ++stats_.delivered;
    } else if (outcome.status != 0) {
      drop(1, outcome.problem);  // the server is there; the next event may well be taken
    } else {
      unreachable_ = true;
      drop(1 + queue_.size(), outcome.problem);
      queue_.clear();
    }
    if (queue_.empty()) idle_.notify_all();
  }
}

void HttpEventSink::close() {
  std::unique_lock lock(mutex_);
  if (!worker_.joinable()) return;
  closing_ = true;
  idle_.wait_for(lock, options_.drain_timeout, [&] { return queue_.empty() && !in_flight_; });
  if (!queue_.empty())
    drop(queue_.size(), fmt::format("{} event(s) were still waiting when the run's drain timeout ({} s) ran out",
                                    queue_.size(), std::chrono::duration<double>(options_.drain_timeout).count()));
  queue_.clear();
  stop_ = true;
  wake_.notify_all();
  lock.unlock();
  worker_.join();  // at most the request in flight: one timeout
}

SinkStats HttpEventSink::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace floe::observe
