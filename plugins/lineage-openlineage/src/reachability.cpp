#include "reachability.hpp"

#include <unistd.h>

#include <filesystem>

#include "http_endpoint.hpp"
#include "tcp_probe.hpp"

namespace floe::lineage_openlineage {
namespace {

boost::json::object report(const char* status, double latency_ms, const std::string& message) {
  return {{"status", status}, {"latency_ms", latency_ms}, {"message", message}, {"warnings", boost::json::array()}};
}

}  // namespace

boost::json::object probe_http(const std::string& url, std::chrono::milliseconds budget) {
  auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  };
  std::string host, port;
  if (!split_authority(url, host, port)) return report("unhealthy", 0, "cannot tell the host of " + url);
  std::string problem = floe::plugin_support::tcp_connect_problem(host, port, started + budget);
  if (!problem.empty()) return report("unhealthy", elapsed(), problem);
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
