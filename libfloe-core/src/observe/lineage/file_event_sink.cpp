#include "observe/lineage/file_event_sink.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace floe::observe {

FileEventSink::FileEventSink(std::string path) : path_(std::move(path)) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
  file_ = std::fopen(path_.c_str(), "ae");
  if (file_ == nullptr) stats_.first_problem = fmt::format("cannot open {}: {}", path_, std::strerror(errno));
}

FileEventSink::~FileEventSink() { close(); }

void FileEventSink::fail(const std::string& why) {
  if (stats_.first_problem.empty()) stats_.first_problem = why;
}

void FileEventSink::send(std::string event) {
  if (file_ == nullptr) {
    ++stats_.dropped;
    return;
  }
  event.push_back('\n');
  if (std::fwrite(event.data(), 1, event.size(), file_) != event.size()) {
    ++stats_.dropped;
    fail(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
    return;
  }
  ++unflushed_;
}

void FileEventSink::close() {
  if (file_ == nullptr) return;
  // Lines still in the buffer are lost together when the flush fails.
  bool flushed = std::fflush(file_) == 0;
  int error = errno;
  flushed = std::fclose(file_) == 0 && flushed;
  file_ = nullptr;
  if (flushed) {
    stats_.delivered += unflushed_;
  } else {
    stats_.dropped += unflushed_;
    fail(fmt::format("cannot write {}: {}", path_, std::strerror(error)));
  }
  unflushed_ = 0;
}

}  // namespace floe::observe
