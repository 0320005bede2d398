#include "result_stream.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace floe::cli {
namespace {

std::FILE* g_results = stdout;
int g_results_fd = STDOUT_FILENO;

}  // namespace

void claim_stdout() {
  // Close-on-exec: programs floe starts (plugin helpers, dbt) never get it.
  int fd = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (fd < 0) return;
  std::FILE* stream = ::fdopen(fd, "w");
  if (stream == nullptr || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    if (stream != nullptr) std::fclose(stream);
    else ::close(fd);
    return;
  }
  g_results = stream;
  g_results_fd = fd;
}

std::FILE* result_stream() { return g_results; }
int result_fd() { return g_results_fd; }

}  // namespace floe::cli
