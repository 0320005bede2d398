// Events appended to a file, one JSON line each (the lineage-file backend):
// written as they come through a stdio buffer, flushed at close. A file
// that cannot be opened or written drops the events, counted.
#pragma once

#include <cstdio>
#include <string>

#include "observe/lineage/event_sink.hpp"

namespace floe::observe {

class FileEventSink final : public EventSink {
 public:
  // Creates the file's directory when missing; appends to an existing file.
  explicit FileEventSink(std::string path);
  ~FileEventSink() override;

  void send(std::string event) override;
  void close() override;
  SinkStats stats() const override { return stats_; }
  std::string destination() const override { return path_; }

 private:
  void fail(const std::string& why);

  std::string path_;
  std::FILE* file_ = nullptr;
  std::size_t unflushed_ = 0;  // written to the buffer since the last flush
  SinkStats stats_;
};

}  // namespace floe::observe
