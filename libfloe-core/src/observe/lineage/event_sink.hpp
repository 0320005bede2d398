// Where OpenLineage events go once built: an HTTP server or a file. A sink
// never blocks the run for long and never throws; what it cannot deliver it
// counts, keeping the first reason, for the run's one warning.
#pragma once

#include <cstddef>
#include <string>

namespace floe::observe {

struct SinkStats {
  std::size_t delivered = 0;
  std::size_t dropped = 0;
  std::string first_problem;  // why the first event was dropped ("" when none was)
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Takes one event (a serialized JSON object) for delivery.
  virtual void send(std::string event) = 0;
  // Delivers what is pending within the sink's own time bound; then stats()
  // is final.
  virtual void close() = 0;
  virtual SinkStats stats() const = 0;
  // Where events go, for messages: a URL or a path (never a credential).
  virtual std::string destination() const = 0;
};

}  // namespace floe::observe
