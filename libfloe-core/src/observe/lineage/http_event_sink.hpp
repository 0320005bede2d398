// Events POSTed to an OpenLineage HTTP endpoint by a thread of their own, so
// a slow or absent server never holds up the run. At most `max_queued`
// events wait (memory stays flat however long the run); more are dropped.
// A server that cannot be reached or does not answer within the timeout is
// not tried again in this run (its cost stays one timeout); one that answers
// with an error status loses that event, and the next ones are still sent.
// close() waits at most drain_timeout for the queue to empty, plus one
// timeout for the request in flight.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "observe/lineage/event_sink.hpp"

namespace floe::observe {

struct HttpSinkOptions {
  std::string url;                   // the full POST URL
  std::vector<std::string> headers;  // e.g. "Authorization: Bearer ..." (kept in memory only)
  std::chrono::milliseconds timeout{5000};
  std::chrono::milliseconds drain_timeout{10000};
  std::size_t max_queued = 1024;
};

class HttpEventSink final : public EventSink {
 public:
  explicit HttpEventSink(HttpSinkOptions options);
  ~HttpEventSink() override;

  void send(std::string event) override;
  void close() override;
  SinkStats stats() const override;
  std::string destination() const override { return options_.url; }

 private:
  void deliver_all();
  void drop(std::size_t count, const std::string& why);  // with mutex_ held

  const HttpSinkOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;  // the worker: an event, or stop
  std::condition_variable idle_;  // close(): the queue ran empty
  std::deque<std::string> queue_;
  bool in_flight_ = false;
  bool closing_ = false;
  bool stop_ = false;
  bool unreachable_ = false;
  SinkStats stats_;
  std::thread worker_;
};

}  // namespace floe::observe
