#include "registry_fixture.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "run_process.hpp"
#include "temp_dir.hpp"

extern char** environ;

namespace floe::test {
namespace fs = std::filesystem;
namespace {

// The helper scripts live in tests/oci beside this directory's sibling.
// Not __FILE__: a compiler launcher (ccache with base_dir) makes it relative
// to the build directory, which the tests do not run in.
fs::path scripts_dir() { return fs::path(FLOE_TEST_SOURCE_DIR) / "tests" / "oci"; }

constexpr const char* kPython = "/usr/bin/python3";

std::string make_temp_dir(const char* prefix) {
  std::string pattern = (fs::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::string tail(const std::string& path, std::size_t bytes = 2000) {
  std::string text = read_file(path);
  return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

void must_run(const std::string& program, const std::vector<std::string>& args, const std::string& out_path = "") {
  auto r = run_process(program, args);
  if (r.exit_code != 0) throw std::runtime_error(program + " failed: " + r.err);
  if (!out_path.empty()) write_file(out_path, r.out);
}

// The inodes of the TCP sockets listening on `port` (IPv4 and IPv6), from
// /proc/net/tcp{,6}: "sl local_address rem_address st ... inode", the port
// in hex after the address, LISTEN is state 0A.
std::vector<std::string> listening_inodes(int port) {
  std::vector<std::string> inodes;
  char want[8];
  std::snprintf(want, sizeof want, ":%04X", port);
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string sl, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
      fields >> sl >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode;
      if (state == "0A" && local.size() > 5 && local.ends_with(want)) inodes.push_back(inode);
    }
  }
  return inodes;
}

pid_t parent_of(pid_t pid) {
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");  // "" once it has exited
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so from the last ')'.
  auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(stat.substr(close + 1));
  std::string state;
  pid_t ppid = 0;
  rest >> state >> ppid;
  return ppid;
}

// Whether `pid` or a process it started listens on `port`. Another test's
// server can take a port between free_port() and our server's bind, and it
// answers HTTP just as well (seen in CI: a token-auth test was served 404s by
// another test's anonymous registry).
bool listens_on(pid_t pid, int port) {
  std::vector<std::string> inodes = listening_inodes(port);
  if (inodes.empty()) return false;
  // Processes come and go while /proc is read: every step takes an
  // error_code, so one that exits midway is skipped, not thrown on.
  std::error_code ec;
  for (fs::directory_iterator proc("/proc", ec), end; !ec && proc != end; proc.increment(ec)) {
    const std::string name = proc->path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    bool holds = false;
    std::error_code fd_ec;
    for (fs::directory_iterator fd(proc->path() / "fd", fd_ec); !holds && !fd_ec && fd != end; fd.increment(fd_ec)) {
      std::error_code link_ec;
      const std::string target = fs::read_symlink(fd->path(), link_ec).string();
      for (const auto& inode : inodes) holds = holds || target == "socket:[" + inode + "]";
    }
    if (!holds) continue;
    for (pid_t p = static_cast<pid_t>(std::stol(name)); p > 1; p = parent_of(p))
      if (p == pid) return true;
  }
  return false;
}

}  // namespace

// The status code of GET `path` on 127.0.0.1:port, or -1 if nothing answers.
int http_status(int port, const std::string& path) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  int status = -1;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    std::string req = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size())) {
      char buf[64] = {0};
      ssize_t n = ::recv(fd, buf, sizeof buf - 1, 0);
      if (n > 12 && std::strncmp(buf, "HTTP/", 5) == 0) status = std::atoi(buf + 9);
    }
  }
  ::close(fd);
  return status;
}

bool wait_for_http(int port, const std::string& path, ChildProcess& child) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    // An answer counts only from `child` (or what it started): if another
    // server took the port first, the child exits ("address already in use")
    // and the caller starts it again on another port.
    if (http_status(port, path) > 0 && listens_on(child.pid(), port)) return true;
    if (!child.running()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& log_path) {
  std::vector<char*> args;
  std::vector<std::string> argv_copy = argv;
  for (auto& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);
  int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0) throw std::runtime_error("cannot open " + log_path + ": " + std::strerror(errno));
  pid_ = ::fork();
  if (pid_ == 0) {
    // Only async-signal-safe calls between fork and exec. PDEATHSIG stops
    // the server even if the test process dies without running destructors.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, STDIN_FILENO);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execve(args[0], args.data(), environ);
    ::_exit(127);
  }
  int fork_errno = errno;
  ::close(log_fd);
  if (pid_ < 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(fork_errno));
}

ChildProcess::~ChildProcess() { stop(); }

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

void ChildProcess::kill() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void ChildProcess::stop() {
  if (!running()) return;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::unique_ptr<RegistryServer> RegistryServer::start(Auth auth) {
  std::unique_ptr<RegistryServer> s(new RegistryServer());
  s->auth_ = auth;
  s->dir_ = make_temp_dir("floe-registry");
  if (auth == Auth::basic) {
    must_run("/usr/bin/htpasswd", {"-Bbn", user(), pass()}, s->dir_ + "/htpasswd");  // bcrypt: all 2.8.2 accepts
  }
  if (auth == Auth::token) {
    must_run("/usr/bin/openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", s->dir_ + "/key.pem",
                                  "-out", s->dir_ + "/cert.pem", "-days", "2", "-subj", "/CN=ci-token-issuer"});
  }
  if (auth == Auth::tls) {
    must_run("/usr/bin/openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", s->dir_ + "/tls-key.pem",
                                  "-out", s->ca_file(), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                                  "subjectAltName=IP:127.0.0.1"});
  }
  // The port may be taken between free_port() and the registry's bind:
  // then start again on another one.
  for (int attempt = 0;; ++attempt) {
    try {
      s->launch();
      return s;
    } catch (const std::runtime_error&) {
      bool collision = read_file(s->dir_ + "/registry.log").find("address already in use") != std::string::npos ||
                       read_file(s->dir_ + "/token.log").find("Address already in use") != std::string::npos;
      if (!collision || attempt >= 3) throw;
    }
  }
}

void RegistryServer::launch() {
  registry_.reset();
  token_server_.reset();
  port_ = free_port();
  std::ostringstream cfg;
  cfg << "version: 0.1\n"
      << "log: {level: warn}\n"
      << "storage:\n  filesystem: {rootdirectory: " << storage_dir() << "}\n  delete: {enabled: true}\n"
      << "http: {addr: \"127.0.0.1:" << port_ << "\", secret: floe-test-not-secret";
  if (auth_ == Auth::tls) cfg << ", tls: {certificate: " << ca_file() << ", key: " << dir_ << "/tls-key.pem}";
  cfg << "}\n";
  if (auth_ == Auth::basic) cfg << "auth:\n  htpasswd: {realm: floe-test, path: " << dir_ << "/htpasswd}\n";
  if (auth_ == Auth::token) {
    token_port_ = free_port();
    cfg << "auth:\n  token: {realm: \"http://127.0.0.1:" << token_port_
        << "/token\", service: ci-registry, issuer: ci-token-issuer, rootcertbundle: " << dir_ << "/cert.pem}\n";
    write_file(dir_ + "/token-requests.log", "");
    token_server_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kPython, (scripts_dir() / "token_server.py").string(), std::to_string(token_port_),
                                 dir_ + "/key.pem", dir_ + "/cert.pem", dir_ + "/token-requests.log"},
        dir_ + "/token.log");
    if (!wait_for_http(token_port_, "/health", *token_server_))
      throw std::runtime_error("the token server did not start:\n" + tail(dir_ + "/token.log"));
  }
  write_file(dir_ + "/config.yml", cfg.str());
  registry_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"/usr/bin/docker-registry", "serve", dir_ + "/config.yml"},
      dir_ + "/registry.log");
  if (!wait_for_http(port_, "/v2/", *registry_))
    throw std::runtime_error("docker-registry did not answer GET /v2/ on port " + std::to_string(port_) +
                             " within 10 s:\n" + tail(dir_ + "/registry.log"));
}

RegistryServer::~RegistryServer() {
  registry_.reset();
  token_server_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string RegistryServer::host() const { return "127.0.0.1:" + std::to_string(port_); }
std::string RegistryServer::uri(const std::string& repo) const { return "oci://" + host() + "/" + repo; }
std::string RegistryServer::storage_dir() const { return dir_ + "/data"; }

int RegistryServer::token_requests() const {
  std::ifstream in(dir_ + "/token-requests.log");
  int n = 0;
  for (std::string line; std::getline(in, line);) n += !line.empty();
  return n;
}

std::string RegistryServer::log_tail() const {
  return tail(dir_ + "/registry.log") + (auth_ == Auth::token ? tail(dir_ + "/token.log") : "");
}

namespace {
std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string scenario_json(const FaultScenario& s) {
  std::ostringstream o;
  o << "{\"match\":" << json_string(s.match) << ",\"fail_first\":" << s.fail_first
    << ",\"fail_status\":" << s.fail_status << ",\"retry_after_s\":" << s.retry_after_s
    << ",\"truncate_blobs\":" << (s.truncate_blobs ? "true" : "false")
    << ",\"corrupt_blobs\":" << (s.corrupt_blobs ? "true" : "false") << ",\"delay_s\":" << s.delay_s
    << ",\"cut_blobs_first\":" << s.cut_blobs_first << ",\"warning\":" << json_string(s.warning)
    << ",\"redirect_blobs\":" << (s.redirect_blobs ? "true" : "false")
    << ",\"referrers_filter\":" << (s.referrers_filter ? "true" : "false");
  if (!s.referrers_json.empty()) o << ",\"referrers\":" << s.referrers_json;
  o << "}";
  return o.str();
}
}  // namespace

std::unique_ptr<FaultProxy> FaultProxy::start(const RegistryServer& upstream, const FaultScenario& scenario) {
  return start(upstream.host(), scenario);
}

std::unique_ptr<FaultProxy> FaultProxy::start(const std::string& upstream_host, const FaultScenario& scenario) {
  std::unique_ptr<FaultProxy> p(new FaultProxy());
  p->dir_ = make_temp_dir("floe-fault-proxy");
  write_file(p->dir_ + "/requests.log", "");
  for (int attempt = 0;; ++attempt) {
    p->port_ = free_port();
    p->process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kPython, (scripts_dir() / "fault_proxy.py").string(), std::to_string(p->port_),
                                 std::to_string(free_port()), upstream_host, scenario_json(scenario),
                                 p->dir_ + "/requests.log"},
        p->dir_ + "/proxy.log");
    if (wait_for_http(p->port_, "/__health", *p->process_)) return p;
    p->process_.reset();
    if (attempt >= 3) throw std::runtime_error("the fault proxy did not start:\n" + tail(p->dir_ + "/proxy.log"));
  }
}

FaultProxy::~FaultProxy() {
  process_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string FaultProxy::host() const { return "127.0.0.1:" + std::to_string(port_); }
std::string FaultProxy::uri(const std::string& repo) const { return "oci://" + host() + "/" + repo; }

std::vector<ProxyLogEntry> FaultProxy::requests() const {
  std::vector<ProxyLogEntry> out;
  std::ifstream in(dir_ + "/requests.log");
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    ProxyLogEntry e;
    std::string status, auth;
    std::getline(fields, e.server, '\t');
    std::getline(fields, e.method, '\t');
    std::getline(fields, e.path, '\t');
    std::getline(fields, status, '\t');
    std::getline(fields, auth, '\t');
    e.status = std::atoi(status.c_str());
    e.authorization = auth == "1";
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace floe::test
