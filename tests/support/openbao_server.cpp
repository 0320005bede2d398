#include "openbao_server.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "temp_dir.hpp"

namespace floe::test {
namespace fs = std::filesystem;

std::string openbao_binary() {
  if (const char* env = std::getenv("FLOE_BAO"); env != nullptr && *env != '\0') return env;
  return (fs::path(FLOE_TEST_SOURCE_DIR) / ".venv" / "bin" / "bao").string();
}

std::unique_ptr<OpenBaoServer> OpenBaoServer::start() {
  std::string binary = openbao_binary();
  if (!fs::exists(binary))
    throw std::runtime_error(binary + " does not exist: run scripts/install-openbao (scripts/bootstrap does)");
  std::unique_ptr<OpenBaoServer> s(new OpenBaoServer());
  std::string pattern = (fs::temp_directory_path() / "floe-openbao-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  s->dir_ = pattern;
  std::random_device random;
  s->root_token_ = "floe-test-root-" + std::to_string(random());
  // Ports may be taken between free_port() and the server's bind; port+1 too.
  for (int attempt = 0;; ++attempt) {
    s->port_ = free_port();
    s->process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{binary, "server", "-dev", "-dev-no-store-token", "-dev-root-token-id=" + s->root_token_,
                                 "-dev-listen-address=127.0.0.1:" + std::to_string(s->port_)},
        s->dir_ + "/bao.log");
    if (wait_for_http(s->port_, "/v1/sys/health", *s->process_)) {
      // It answers 503 while it unseals and mounts secret/; 200 is ready.
      for (int i = 0; i < 100 && http_status(s->port_, "/v1/sys/health") != 200; ++i) usleep(50 * 1000);
      if (http_status(s->port_, "/v1/sys/health") == 200) return s;
    }
    s->process_.reset();
    if (attempt >= 2) throw std::runtime_error("the OpenBao dev server did not start:\n" + s->log_tail());
  }
}

OpenBaoServer::~OpenBaoServer() {
  stop();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void OpenBaoServer::stop() { process_.reset(); }

std::string OpenBaoServer::address() const { return "http://127.0.0.1:" + std::to_string(port_); }

ProcessResult OpenBaoServer::bao(const std::vector<std::string>& args) const {
  return run_process(openbao_binary(), args,
                     {{"BAO_ADDR", address()}, {"BAO_TOKEN", root_token_}, {"VAULT_ADDR", ""}, {"VAULT_TOKEN", ""}});
}

std::string OpenBaoServer::log_tail() const {
  std::string text = read_file(dir_ + "/bao.log");
  return text.size() > 3000 ? text.substr(text.size() - 3000) : text;
}

}  // namespace floe::test
