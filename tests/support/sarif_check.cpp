#include "sarif_check.hpp"

#include <filesystem>
#include <fstream>

#include "run_process.hpp"
#include "temp_dir.hpp"

namespace floe::test {

std::string sarif_schema_problems(const std::string& sarif) {
  namespace fs = std::filesystem;
  const fs::path source(FLOE_TEST_SOURCE_DIR);
  const fs::path schema = source / ".cache" / "sarif" / "sarif-schema-2.1.0.json";
  if (!fs::exists(schema))
    return "the official SARIF 2.1.0 schema is not at " + schema.string() + " (scripts/fetch-sarif-schema)";
  TempDir dir;
  const fs::path log = dir.path() / "floe.sarif";
  std::ofstream(log, std::ios::binary) << sarif;
  ProcessResult r = run_process(venv_python(), {(source / "tests" / "support" / "check_sarif.py").string(),
                                                schema.string(), log.string()});
  if (r.exit_code == 0) return "";
  return r.out.empty() ? "check_sarif.py exited " + std::to_string(r.exit_code) + ": " + r.err : r.out;
}

}  // namespace floe::test
