// libcurl and libcrypto are opened the first time a command needs them
// (libfloe-core/src/core/lazy_library.hpp). A missing or broken one is an
// error naming it for the commands that need it (FLOE-R909, exit 8) and
// nothing at all for the others. LD_LIBRARY_PATH is searched before the
// system's libraries, so a directory holding a bad libcurl.so.4 or
// libcrypto.so.3 stands in for a broken installation.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <filesystem>

#include "run_process.hpp"
#include "temp_dir.hpp"

using floe::test::run_process;
using floe::test::TempDir;
using floe::test::write_file;
namespace fs = std::filesystem;

namespace {

const fs::path kExamples = fs::path(FLOE_TEST_SOURCE_DIR) / "examples";

// A shared library without any of libcurl's or libcrypto's functions, built
// here with the C compiler: what an unrelated or truncated build looks like.
void build_empty_library(const fs::path& path) {
  fs::path source = path.parent_path() / "empty.c";
  write_file(source, "int floe_test_not_curl(void) { return 0; }\n");
  auto cc = run_process("/usr/bin/cc", {"-shared", "-fPIC", "-o", path.string(), source.string()});
  INFO(cc.err);
  REQUIRE(cc.exit_code == 0);
}

struct BadLibraries {
  TempDir tmp;
  fs::path dir = tmp.path() / "lib";
  std::map<std::string, std::string> env() const {
    return {{"LD_LIBRARY_PATH", dir.string()}, {"NO_COLOR", "1"}, {"SOURCE_DATE_EPOCH", "1767225600"}};
  }
};

}  // namespace

TEST_CASE("lazy libraries: an unusable libcurl or libcrypto fails the commands that need it, by name",
          "[cli][lazy]") {
  BadLibraries bad;
  fs::create_directories(bad.dir);
  SECTION("not a shared library at all") {
    write_file(bad.dir / "libcurl.so.4", "");
    write_file(bad.dir / "libcrypto.so.3", "");
  }
  SECTION("a shared library without the functions floe needs") {
    build_empty_library(bad.dir / "libcurl.so.4");
    fs::copy_file(bad.dir / "libcurl.so.4", bad.dir / "libcrypto.so.3");
  }

  // Offline commands do not notice.
  auto version = run_process(floe::test::floe_executable(), {"--version"}, bad.env());
  CHECK(version.exit_code == 0);
  auto validate = run_process(floe::test::floe_executable(),
                              {"validate", (kExamples / "customer-360" / "floe.yaml").string()}, bad.env());
  INFO(validate.out << validate.err);
  CHECK(validate.exit_code == 0);
  TempDir out;
  auto compile = run_process(
      floe::test::floe_executable(),
      {"compile", (kExamples / "customer-360" / "floe.yaml").string(), "-o", out.path().string()}, bad.env());
  CHECK(compile.exit_code == 0);
  CHECK(fs::exists(out.path() / "compiled_artifacts.json"));
  CHECK(run_process(floe::test::floe_executable(), {"plugins", "list"}, bad.env()).exit_code == 0);

  // A registry command: libcurl is opened before any connection, so no registry is needed.
  TempDir work;
  auto publish =
      run_process(floe::test::floe_executable(),
                  {"platform", "publish", "1.0.0", (kExamples / "platform" / "manifest.yaml").string(), "--registry",
                   "oci://127.0.0.1:9/acme/platform", "-o", (work.path() / "compiled").string(), "--format", "json"},
                  bad.env());
  INFO(publish.out << publish.err);
  CHECK(publish.exit_code == 8);
  CHECK(publish.out.find("FLOE-R909") != std::string::npos);
  CHECK(publish.out.find("libcurl.so.4 cannot be used") != std::string::npos);

  // A key command: libcrypto.
  auto keygen =
      run_process(floe::test::floe_executable(),
                  {"artifact", "keygen", "--prefix", (work.path() / "k").string(), "--format", "json"}, bad.env());
  INFO(keygen.out << keygen.err);
  CHECK(keygen.exit_code == 8);
  CHECK(keygen.out.find("libcrypto.so.3 cannot be used") != std::string::npos);
  CHECK_FALSE(fs::exists(work.path() / "k.key"));
}
