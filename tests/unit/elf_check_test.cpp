#include <catch2/catch.hpp>

#include <filesystem>

#include "plugin/elf_check.hpp"
#include "temp_dir.hpp"

using floe::test::TempDir;

TEST_CASE("a real shared library passes the ELF check, broken copies are named precisely", "[elf]") {
  const std::string real = std::string(FLOE_TEST_LIB_DIR) + "/libfloe-core.so";
  REQUIRE(std::filesystem::exists(real));
  CHECK(floe::elf_problem(real).empty());

  TempDir dir;
  std::string content = floe::test::read_file(real);
  auto truncated = dir.path() / "truncated.so";
  // Cut inside the loadable segments (a cut in trailing debug sections would still load).
  floe::test::write_file(truncated, content.substr(0, 8192));
  CHECK(floe::elf_problem(truncated.string()).find("is truncated (") != std::string::npos);

  auto header_only = dir.path() / "header.so";
  floe::test::write_file(header_only, content.substr(0, 40));
  CHECK(floe::elf_problem(header_only.string()).find("its ELF header is incomplete") != std::string::npos);

  auto text = dir.path() / "text.so";
  floe::test::write_file(text, "#!/bin/sh\necho not a library\n");
  CHECK(floe::elf_problem(text.string()) == text.string() + " is not an ELF shared library (corrupt or wrong file type)");

  CHECK(floe::elf_problem((dir.path() / "absent.so").string()).find("cannot open") == 0);
}
