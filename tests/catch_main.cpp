// The one main() of every Catch2 test program. A run whose filter matches no
// test fails: ctest runs each test by name, and a name Catch and ctest read
// differently (ctest splits names at ';') must not pass without running.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
  Catch::Session session;
  if (int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
  auto& config = session.configData();
  config.warnings = static_cast<Catch::WarnAbout::What>(config.warnings | Catch::WarnAbout::NoTests);
  return session.run();
}
