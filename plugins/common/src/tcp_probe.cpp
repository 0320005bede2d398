#include "tcp_probe.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace floe::plugin_support {
namespace {

// Connects without blocking past `deadline`; "" on success, else why not.
std::string try_connect(const addrinfo& address, std::chrono::steady_clock::time_point deadline) {
  int fd = ::socket(address.ai_family, address.ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, address.ai_protocol);
  if (fd < 0) return std::strerror(errno);
  std::string problem;
  if (::connect(fd, address.ai_addr, address.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) {
      problem = std::strerror(errno);
    } else {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd p{fd, POLLOUT, 0};
      int ready = left.count() > 0 ? ::poll(&p, 1, static_cast<int>(left.count())) : 0;
      int error = 0;
      socklen_t length = sizeof error;
      if (ready <= 0)
        problem = "no answer in time";
      else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)
        problem = std::strerror(error != 0 ? error : errno);
    }
  }
  ::close(fd);
  return problem;
}

}  // namespace

std::string tcp_connect_problem(std::string host, const std::string& port,
                                std::chrono::steady_clock::time_point deadline) {
  if (host.starts_with("[") && host.ends_with("]")) host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return "cannot resolve " + host + ": " + ::gai_strerror(rc);
  std::string problem = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    problem = try_connect(*a, deadline);
    if (problem.empty()) break;
  }
  ::freeaddrinfo(found);
  return problem.empty() ? problem : "cannot connect to " + host + ":" + port + ": " + problem;
}

}  // namespace floe::plugin_support
