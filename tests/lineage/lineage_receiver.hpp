// The OpenLineage receiver of the lineage tests (openlineage_receiver.py,
// NOT Marquez: none can be installed here), started on a free loopback port
// with the virtualenv's Python and stopped by PID when the object goes. It
// validates every event against tests/fixtures/openlineage and records it.
#pragma once

#include <boost/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "registry_fixture.hpp"
#include "temp_dir.hpp"

namespace floe::test {

// One request the receiver took: "path", "authorization" (or null),
// "event" (or null) and "errors" (schema violations, [] when valid).
using LineageRecord = boost::json::object;

class LineageReceiver {
 public:
  enum class Mode { ok, fail500, slow };
  // Throws std::runtime_error when it does not come up within ~10 s.
  static std::unique_ptr<LineageReceiver> start(Mode mode = Mode::ok, double delay_s = 0,
                                                const std::string& api_key = "");
  ~LineageReceiver();

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<LineageRecord> records() const;

 private:
  LineageReceiver() = default;
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

// The same validation of a JSON-lines file (the file backend's output).
std::vector<LineageRecord> check_lineage_file(const std::filesystem::path& file);

// Each record's schema errors, "line N: ..." (empty when every event is valid).
std::vector<std::string> schema_errors(const std::vector<LineageRecord>& records);

}  // namespace floe::test
