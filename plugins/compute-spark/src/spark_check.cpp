#include "spark_check.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <regex>

#include "base/child_process.hpp"
#include "tcp_probe.hpp"

namespace floe::compute_spark {
namespace {

using compute_warehouses::probe_report;
using clock = std::chrono::steady_clock;

double since(clock::time_point started) {
  return std::chrono::duration<double, std::milli>(clock::now() - started).count();
}

probe_report verdict(const char* status, clock::time_point started, std::string message) {
  probe_report r;
  r.status = status;
  r.latency_ms = since(started);
  r.message = std::move(message);
  return r;
}

std::string locate_java(const java_search& search, std::string& tried) {
  if (search.java_home && !search.java_home->empty()) {
    std::string candidate = *search.java_home + "/bin/java";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    tried = candidate + " (from JAVA_HOME) is not an executable; ";
  }
  std::string found;
  if (search.path) {
    std::string path = *search.path;
    std::size_t start = 0;
    while (start <= path.size() && found.empty()) {
      std::size_t end = path.find(':', start);
      std::string dir = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
      std::string candidate = (dir.empty() ? "." : dir) + "/java";
      if (::access(candidate.c_str(), X_OK) == 0) found = candidate;
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  if (found.empty()) tried += "no java on PATH";
  return found;
}

// The major version `java -version` reports, 0 with `problem` when it
// cannot tell. A JVM start costs ~0.3 s, and health checks are polled:
// answers are remembered for the process by path and modification time (a
// JDK upgraded in place is asked again), for ten minutes.
int java_version(const std::string& java, clock::time_point deadline, std::string& problem) {
  struct remembered {
    std::filesystem::file_time_type modified;
    clock::time_point asked;
    int major;
  };
  static std::mutex mutex;
  static std::map<std::string, remembered> answers;
  std::error_code ec;
  auto modified = std::filesystem::last_write_time(java, ec);
  {
    std::lock_guard lock(mutex);
    auto it = answers.find(java);
    if (!ec && it != answers.end() && it->second.modified == modified &&
        clock::now() - it->second.asked < std::chrono::minutes(10))
      return it->second.major;
  }
  base::child_command command;
  command.program = java;
  command.args = {"-version"};
  command.working_directory = "/";
  command.environment = base::environment_with({});
  command.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
  if (command.timeout.count() <= 0) command.timeout = std::chrono::milliseconds(1);
  command.grace = std::chrono::milliseconds(200);
  std::string output;
  base::child_line_handlers handlers;
  handlers.err = [&](std::string_view line) { output.append(line).push_back('\n'); };
  handlers.out = handlers.err;
  auto outcome = base::run_child(command, handlers);
  using kind = base::child_outcome::kind;
  if (outcome.how == kind::timed_out) {
    problem = "gave no answer in time";
    return 0;
  }
  if (outcome.how != kind::exited || outcome.code != 0) {
    problem = "failed" + (outcome.start_error.empty() ? "" : ": " + outcome.start_error);
    return 0;
  }
  int major = java_major_version(output);
  if (major == 0) {
    problem = "printed no version";
    return 0;
  }
  if (!ec) {
    std::lock_guard lock(mutex);
    answers[java] = {modified, clock::now(), major};
  }
  return major;
}

probe_report check_session(const spark_config& config, const java_search& search, clock::time_point started,
                           clock::time_point deadline) {
  std::string tried;
  std::string java = locate_java(search, tried);
  if (java.empty())
    return verdict("unhealthy", started,
                   "method session starts Spark in the dbt process and needs Java 17 or newer: " + tried +
                       " (Debian: apt-get install default-jdk-headless; or set JAVA_HOME)");
  std::string version_problem;
  int major = java_version(java, deadline, version_problem);
  if (major == 0) return verdict("unhealthy", started, java + " -version " + version_problem);
  if (major < 17)
    return verdict("unhealthy", started,
                   java + " is Java " + std::to_string(major) + "; Spark 4 needs Java 17 or newer (set JAVA_HOME)");
  std::string java_text = "Java " + std::to_string(major) + " at " + java;

  // A standalone or Kubernetes master must accept connections; local and
  // yarn (found through the Hadoop configuration) have no address here.
  static const std::regex remote(R"(^(spark|k8s)://(?:https?://)?\[?([^\]/:]+)\]?:(\d+))");
  std::smatch m;
  if (std::regex_search(config.master, m, remote)) {
    std::string problem = plugin_support::tcp_connect_problem(m[2].str(), m[3].str(), deadline);
    if (!problem.empty()) return verdict("unhealthy", started, "the Spark master " + config.master + ": " + problem);
    return verdict("healthy", started, java_text + "; the master " + config.master + " accepts connections");
  }
  if (config.master.starts_with("local"))
    return verdict("healthy", started, java_text + "; Spark runs in the dbt process (master " + config.master + ")");
  probe_report r =
      verdict("degraded", started, java_text + "; the master '" + config.master + "' cannot be checked from here");
  r.warnings.push_back("only spark:// and k8s:// masters are checked for reachability");
  return r;
}

}  // namespace

java_search java_search_from_environment() {
  java_search s;
  if (const char* home = std::getenv("JAVA_HOME")) s.java_home = home;
  if (const char* path = std::getenv("PATH")) s.path = path;
  return s;
}

int java_major_version(const std::string& output) {
  static const std::regex version(R"(version \"(\d+)(?:\.(\d+))?)");
  std::smatch m;
  if (!std::regex_search(output, m, version)) return 0;
  int first = std::stoi(m[1].str());
  return first == 1 && m[2].matched ? std::stoi(m[2].str()) : first;
}

probe_report check_spark(const spark_config& config, const java_search& java, std::chrono::milliseconds budget) {
  auto started = clock::now();
  auto deadline = started + budget;
  if (config.session()) return check_session(config, java, started, deadline);
  if (config.method == "http") {
    std::string url = "https://" + *config.host + ":" + std::to_string(config.port_or_default()) + "/";
    return compute_warehouses::probe_endpoint("Spark (HTTP Thrift)", url, budget);
  }
  std::string port = std::to_string(config.port_or_default());
  std::string problem = plugin_support::tcp_connect_problem(*config.host, port, deadline);
  if (!problem.empty()) return verdict("unhealthy", started, "the Spark " + config.method + " server: " + problem);
  return verdict("healthy", started,
                 "the Spark " + config.method + " server at " + *config.host + ":" + port + " accepts connections");
}

}  // namespace floe::compute_spark
