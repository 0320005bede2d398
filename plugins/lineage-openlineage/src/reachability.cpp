#include "reachability.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "http_endpoint.hpp"

namespace floe::lineage_openlineage {
namespace {

boost::json::object report(const char* status, double latency_ms, const std::string& message) {
  return {{"status", status}, {"latency_ms", latency_ms}, {"message", message}, {"warnings", boost::json::array()}};
}

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
      if (ready <= 0) problem = "no answer in time";
      else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)
        problem = std::strerror(error != 0 ? error : errno);
    }
  }
  ::close(fd);
  return problem;
}

}  // namespace

boost::json::object probe_http(const std::string& url, std::chrono::milliseconds budget) {
  auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  };
  std::string host, port;
  if (!split_authority(url, host, port)) return report("unhealthy", 0, "cannot tell the host of " + url);
  if (host.starts_with("[") && host.ends_with("]")) host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return report("unhealthy", elapsed(), "cannot resolve " + host + ": " + ::gai_strerror(rc));
  std::string problem = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    problem = try_connect(*a, started + budget);
    if (problem.empty()) break;
  }
  ::freeaddrinfo(found);
  if (!problem.empty()) return report("unhealthy", elapsed(), "cannot connect to " + host + ":" + port + ": " + problem);
  return report("healthy", elapsed(), "the OpenLineage server at " + host + ":" + port + " accepts connections");
}

boost::json::object probe_file(const std::string& path) {
  namespace fs = std::filesystem;
  auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  };
  fs::path file(path);
  std::error_code ec;
  if (fs::exists(file, ec) && (!fs::is_regular_file(file, ec) || ::access(path.c_str(), W_OK) != 0))
    return report("unhealthy", elapsed(), path + " exists and is not a writable file");
  // The nearest existing directory decides whether the file can be made.
  fs::path dir = file.parent_path();
  while (!dir.empty() && !fs::exists(dir, ec) && dir != dir.parent_path()) dir = dir.parent_path();
  if (dir.empty()) dir = ".";
  if (!fs::is_directory(dir, ec) || ::access(dir.c_str(), W_OK | X_OK) != 0)
    return report("unhealthy", elapsed(), "cannot write events under " + dir.string());
  return report("healthy", elapsed(), "events are appended to " + path);
}

}  // namespace floe::lineage_openlineage
