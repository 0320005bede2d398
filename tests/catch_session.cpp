// Catch2's implementation and the session every Catch2 test program runs. A
// run whose filter matches no test fails: ctest runs each test by name, and a
// name Catch and ctest read differently (ctest splits names at ';') must not
// pass without running.
//
// Its own library, apart from main() (catch_main.cpp), so that the sanitizer
// trees link it as one shared library instead of a copy of Catch's ~16 MB
// (instrumented) in each of the ~70 test programs (tests/CMakeLists.txt).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>

int floe_catch_session_run(int argc, char* argv[]) {
  // Every compiled_artifacts.json a test makes, in-process or through the
  // CLI (which inherits it), is held to its published schema
  // (compile/output_self_check.hpp).
  ::setenv("FLOE_CHECK_OUTPUTS", "1", 0);
  Catch::Session session;
  if (int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
  auto& config = session.configData();
  config.warnings = static_cast<Catch::WarnAbout::What>(config.warnings | Catch::WarnAbout::NoTests);
  return session.run();
}
