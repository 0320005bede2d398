// Real registries for tests of the OCI client: Debian's docker-registry
// (2.8.2) on a free loopback port, anonymous, with htpasswd Basic auth, or
// with token auth served by tests/oci/token_server.py; and a FaultProxy
// (tests/oci/fault_proxy.py) in front of one to inject failures. Every
// process is started with fork/exec (its PID is the server's own) and
// stopped by PID in the destructor, so a failing test leaves nothing behind.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace floe::test {

// A child process whose stdout and stderr go to a log file.
class ChildProcess {
 public:
  // argv[0] is an absolute path; the environment is inherited.
  ChildProcess(const std::vector<std::string>& argv, const std::string& log_path);
  ~ChildProcess();  // stop()
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // SIGTERM, then SIGKILL after a grace period; always reaped.
  void stop();
  // SIGKILL at once, reaped: the process crashes (no shutdown hook runs).
  void kill();
  bool running();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// A TCP port nobody listened on a moment ago (bind to port 0, read, close).
int free_port();

// The status code of GET `path` on 127.0.0.1:port, or -1 if nothing answers.
int http_status(int port, const std::string& path);

// Polls until `port` answers HTTP from `child` or a process it started
// (within ~10 s) or `child` dies; false on either failure.
bool wait_for_http(int port, const std::string& path, ChildProcess& child);

class RegistryServer {
 public:
  // tls: anonymous, served over HTTPS with a self-signed certificate for
  // 127.0.0.1 (ca_file() is the certificate to trust).
  enum class Auth { anonymous, basic, token, tls };

  // Throws std::runtime_error (with the log tail) if the registry does not
  // answer GET /v2/ within ~10 s.
  static std::unique_ptr<RegistryServer> start(Auth auth);
  ~RegistryServer();
  RegistryServer(const RegistryServer&) = delete;
  RegistryServer& operator=(const RegistryServer&) = delete;

  Auth auth() const { return auth_; }
  std::string host() const;                         // "127.0.0.1:PORT"
  std::string uri(const std::string& repo) const;  // "oci://127.0.0.1:PORT/repo"
  std::string storage_dir() const;
  std::string ca_file() const { return dir_ + "/tls-cert.pem"; }
  std::string dir() const { return dir_; }  // the temp dir (configs, logs)

  static constexpr const char* user() { return "ciuser"; }
  static constexpr const char* pass() { return "cipass"; }
  // Token mode: an identity token the token server trades for ciuser's access.
  static constexpr const char* refresh_token() { return "ci-refresh-token"; }

  // Token mode: requests the token server answered so far.
  int token_requests() const;
  std::string log_tail() const;

 private:
  RegistryServer() = default;
  void launch();

  Auth auth_ = Auth::anonymous;
  std::string dir_;
  int port_ = 0;
  int token_port_ = 0;
  std::unique_ptr<ChildProcess> registry_;
  std::unique_ptr<ChildProcess> token_server_;
};

// What the FaultProxy does to requests whose path contains `match`.
struct FaultScenario {
  std::string match;           // "" = every request
  int fail_first = 0;          // answer the first N matching requests with fail_status
  int fail_status = 500;
  int retry_after_s = -1;      // >= 0: failures carry Retry-After: N
  bool truncate_blobs = false;  // blob GETs: half the bytes, consistent Content-Length
  bool corrupt_blobs = false;   // blob GETs: one byte flipped, same length
  int cut_blobs_first = 0;      // first N blob GETs: half the body, then the connection drops
  std::string warning;          // non-empty: every answer carries Warning: 299 - "<warning>"
  double delay_s = 0;           // sleep before answering
  bool redirect_blobs = false;  // blob GETs: 307 to another port that serves the bytes
  // Non-empty (a JSON array of descriptors): answer GET .../referrers/<d>
  // as a registry with the referrers API, one descriptor per page.
  std::string referrers_json;
  bool referrers_filter = false;  // apply ?artifactType= and send OCI-Filters-Applied
};

struct ProxyLogEntry {
  std::string server;  // "proxy" or "redirect"
  std::string method, path;
  int status = 0;
  bool authorization = false;  // an Authorization header came with the request
};

class FaultProxy {
 public:
  static std::unique_ptr<FaultProxy> start(const RegistryServer& upstream, const FaultScenario& scenario);
  // In front of any HTTP server on 127.0.0.1 ("127.0.0.1:PORT"), e.g. an OTLP collector.
  static std::unique_ptr<FaultProxy> start(const std::string& upstream_host, const FaultScenario& scenario);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  std::string host() const;  // "127.0.0.1:PORT"
  std::string uri(const std::string& repo) const;
  std::vector<ProxyLogEntry> requests() const;

 private:
  FaultProxy() = default;
  std::string dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace floe::test
