#include "s3_server.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "run_process.hpp"
#include "temp_dir.hpp"

namespace floe::test {
namespace fs = std::filesystem;

std::string versitygw_binary() {
  if (const char* env = std::getenv("FLOE_VERSITYGW"); env != nullptr && *env != '\0') return env;
  return (fs::path(FLOE_TEST_SOURCE_DIR) / ".cache" / "versitygw" / "versitygw").string();
}

std::unique_ptr<S3Server> S3Server::start() {
  std::string binary = versitygw_binary();
  if (!fs::exists(binary))
    throw std::runtime_error(binary + " does not exist: run scripts/build-versitygw (scripts/bootstrap does)");
  std::unique_ptr<S3Server> s(new S3Server());
  std::string pattern = (fs::temp_directory_path() / "floe-s3-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  s->dir_ = pattern;
  fs::create_directories(s->dir_ + "/data");
  // The keys come by environment; /usr/bin/env execs versitygw in place, so
  // the child's PID is the server's.
  for (int attempt = 0;; ++attempt) {  // the port may be taken between free_port() and the bind
    s->port_ = free_port();
    s->process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/env", std::string("ROOT_ACCESS_KEY=") + access_key(),
                                 std::string("ROOT_SECRET_KEY=") + secret_key(), binary, "--port",
                                 "127.0.0.1:" + std::to_string(s->port_), "posix", s->dir_ + "/data"},
        s->dir_ + "/versitygw.log");
    if (wait_for_http(s->port_, "/", *s->process_)) return s;
    s->process_.reset();
    if (attempt >= 2) throw std::runtime_error("versitygw did not start:\n" + s->log_tail());
  }
}

S3Server::~S3Server() {
  process_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string S3Server::host() const { return "127.0.0.1:" + std::to_string(port_); }
std::string S3Server::endpoint() const { return "http://" + host(); }
std::string S3Server::bucket_dir(const std::string& name) const { return dir_ + "/data/" + name; }

void S3Server::create_bucket(const std::string& name) const {
  auto r = run_process("/usr/bin/curl",
                       {"-sS", "-X", "PUT", "-w", "\n%{http_code}", "-H",
                        "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                        "--aws-sigv4", std::string("aws:amz:") + region() + ":s3", "--user",
                        std::string(access_key()) + ":" + secret_key(), endpoint() + "/" + name});
  if (r.exit_code != 0 || r.out.size() < 3 || r.out.substr(r.out.size() - 3) != "200")
    throw std::runtime_error("versitygw did not create bucket '" + name + "': " + r.out + r.err);
}

std::string S3Server::log_tail() const {
  std::string text = read_file(dir_ + "/versitygw.log");
  return text.size() > 3000 ? text.substr(text.size() - 3000) : text;
}

}  // namespace floe::test
