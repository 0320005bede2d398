// A TEST DOUBLE of Infisical's REST API (infisical_api_double.py) for the
// infisical secrets plugin's tests: started on a free loopback port, stopped
// by PID. Its secrets hold kPlanted, which no output but a secret's value
// may contain; its credentials are the ones below.
#pragma once

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "registry_fixture.hpp"
#include "run_process.hpp"
#include "temp_dir.hpp"

namespace floe::test {

inline const std::string kInfisicalSource = FLOE_TEST_SOURCE_DIR;
inline const std::string kPlanted = "planted-infisical-3b9e-never-printed";
inline const std::string kToken = "st.static-token-91c2-not-for-output";
inline const std::string kClientId = "b1c2d3e4-floe-identity";
inline const std::string kClientSecret = "client-secret-77aa-not-for-output";

// The double on a free loopback port, stopped by PID when this goes.
class InfisicalDouble {
 public:
  explicit InfisicalDouble(int ttl_seconds = 3600) {
    std::filesystem::path port_file = dir_.path() / "port";
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{venv_python(), kInfisicalSource + "/tests/plugins/infisical_api_double.py",
                                 port_file.string(), log_file().string(), "--planted", kPlanted, "--token", kToken,
                                 "--client-id", kClientId, "--client-secret", kClientSecret, "--ttl",
                                 std::to_string(ttl_seconds)},
        (dir_.path() / "double.log").string());
    for (int i = 0; i < 200 && !std::filesystem::exists(port_file) && process_->running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE(std::filesystem::exists(port_file));
    address_ = "http://127.0.0.1:" + read_file(port_file);
  }
  const std::string& address() const { return address_; }
  // Every request so far, as the double logged it (no credential, no value).
  boost::json::array requests() const {
    boost::json::array out;
    if (!std::filesystem::exists(log_file())) return out;
    std::string text = read_file(log_file());
    for (std::size_t at = 0, end; (end = text.find('\n', at)) != std::string::npos; at = end + 1)
      out.push_back(boost::json::parse(text.substr(at, end - at)));
    return out;
  }
  void revoke_tokens() const {
    auto r = run_process(venv_python(),
                         {"-c",
                          "import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1], "
                          "method='POST'), timeout=5)",
                          address_ + "/__double/revoke"});
    REQUIRE(r.exit_code == 0);
  }
  void stop() { process_->stop(); }

 private:
  std::filesystem::path log_file() const { return dir_.path() / "requests.jsonl"; }
  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
  std::string address_;
};

}  // namespace floe::test
