#include <boost/json.hpp>
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include <sstream>

#include "run_process.hpp"
#include "temp_dir.hpp"

using floe::test::run_process;
using floe::test::TempDir;
using floe::test::write_file;

namespace {

// Only the given root: no user, virtualenv or system plugins leak into tests.
std::map<std::string, std::string> isolated(const std::string& root) {
  return {{"FLOE_PLUGIN_PATH", root}, {"XDG_DATA_HOME", root + "/no-xdg"}, {"VIRTUAL_ENV", ""}, {"NO_COLOR", ""}};
}

void add_manifest(const std::filesystem::path& root, const std::string& group, const std::string& name,
                  const std::string& category) {
  write_file(root / group / (name + ".plugin.json"),
             fmt::format(R"({{"manifest_version": 1, "name": "{}", "category": "{}", "version": "2.1.0",
                            "abi_version": "1.0.0", "library": "{}.so", "description": "the {} plugin"}})",
                         name, category, name, name));
  // Not a real library: listing must never load it.
  write_file(root / group / (name + ".so"), "not an ELF file");
}

}  // namespace

TEST_CASE("version: floe --version prints the release and ABI on stdout", "[cli]") {
  auto r = run_process(floe::test::floe_executable(), {"--version"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "floe 0.1.0 (ABI 1.10.0)\n");
  CHECK(r.err.empty());
}

TEST_CASE("help: every command has --help", "[cli]") {
  for (auto args : std::vector<std::vector<std::string>>{{"--help"},
                                                         {"plugins", "--help"},
                                                         {"plugins", "list", "--help"},
                                                         {"plugins", "info", "--help"},
                                                         {"plugins", "doctor", "--help"},
                                                         {"plugins", "call", "--help"},
                                                         {"plugins", "compose", "--help"},
                                                         {"plugins", "manifest", "--help"}}) {
    auto r = run_process(floe::test::floe_executable(), args);
    INFO(fmt::format("{}", fmt::join(args, " ")));
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("Usage:") != std::string::npos);
  }
}

namespace {

// Every command and subcommand in `floe --help-all`: a command is a line of
// its own name at the margin, its subcommands the names under its
// "  Subcommands:" (4 spaces in).
std::vector<std::vector<std::string>> commands_in_help_all(const std::string& help) {
  std::vector<std::vector<std::string>> out;
  std::istringstream lines(help);
  std::string command;
  bool in_subcommands = false;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.find_first_of(" :") == std::string::npos && line.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") == std::string::npos) {
      command = line;
      in_subcommands = false;
      out.push_back({command});
    } else if (line == "  Subcommands:") {
      in_subcommands = true;
    } else if (in_subcommands && line.starts_with("    ") && line.size() > 4 && line[4] != ' ') {
      std::istringstream words(line);
      std::string sub;
      words >> sub;
      out.push_back({command, sub});
    } else if (!line.starts_with("    ")) {
      in_subcommands = false;
    }
  }
  return out;
}

}  // namespace

// main.cpp adds only the command groups a command line names: a command, or
// a subcommand another group adds to it (platform publish, contract test),
// left out of its entry would be unknown when named first. --help-all builds
// every group, so what it lists is what each command line must find.
TEST_CASE("help: every command and subcommand --help-all lists answers its own --help", "[cli]") {
  auto all = run_process(floe::test::floe_executable(), {"--help-all"});
  REQUIRE(all.exit_code == 0);
  auto commands = commands_in_help_all(all.out);
  size_t top = 0, subs = 0;
  for (const auto& words : commands) {
    std::string named = fmt::format("{}", fmt::join(words, " "));
    INFO(named);
    std::vector<std::string> args = words;
    args.push_back("--help");
    auto r = run_process(floe::test::floe_executable(), args);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("Usage: floe " + named) != std::string::npos);
    (words.size() == 1 ? top : subs) += 1;
    if (words.size() > 1) continue;
    // Global options before the command name do not hide it.
    args.insert(args.begin(), {"-v", "--plugin-path", "/nonexistent"});
    auto verbose = run_process(floe::test::floe_executable(), args);
    CHECK(verbose.exit_code == 0);
    CHECK(verbose.out.find("Usage: floe " + named) != std::string::npos);
  }
  CHECK(top >= 15);
  CHECK(subs >= 25);
  for (const char* sub : {"contract test", "platform publish", "platform pull"}) {
    INFO(sub);
    CHECK(std::count_if(commands.begin(), commands.end(),
                        [&](const auto& words) { return fmt::format("{}", fmt::join(words, " ")) == sub; }) == 1);
  }
}

TEST_CASE("usage errors exit 2 with the reason on stderr", "[cli]") {
  auto r = run_process(floe::test::floe_executable(), {"plugins", "frobnicate"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("error:") == 0);
  auto missing = run_process(floe::test::floe_executable(), {"plugins", "info", "compute"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("NAME is required") != std::string::npos);
  auto bad_pair = run_process(floe::test::floe_executable(), {"plugins", "compose", "duckdb"});
  CHECK(bad_pair.exit_code == 2);
  CHECK(bad_pair.err.find("'duckdb' is not CATEGORY=NAME") != std::string::npos);
}

TEST_CASE("plugins list --json reads manifests only and writes JSON on stdout", "[cli]") {
  TempDir dir;
  add_manifest(dir.path(), "floe.computes", "duckdb", "compute");
  add_manifest(dir.path(), "floe.secrets", "dotenv", "secrets");
  auto r = run_process(floe::test::floe_executable(), {"plugins", "list", "--json"}, isolated(dir.str()));
  REQUIRE(r.exit_code == 0);
  auto doc = boost::json::parse(r.out);
  std::vector<std::string> found;
  for (const auto& p : doc.at("plugins").as_array())
    if (p.at("root").as_string() == dir.str()) {
      found.emplace_back(p.at("category").as_string().c_str() + std::string("/") + p.at("name").as_string().c_str());
      CHECK(p.at("loaded") == false);
    }
  CHECK(found == std::vector<std::string>{"compute/duckdb", "secrets/dotenv"});

  auto human = run_process(floe::test::floe_executable(), {"plugins", "list"}, isolated(dir.str()));
  CHECK(human.exit_code == 0);
  CHECK(human.out.find("CATEGORY") == 0);
  // Columns are as wide as the longest value of every plugin found, the
  // build tree's own included: compare with the spaces collapsed.
  std::string collapsed;
  for (char c : human.out)
    if (c != ' ' || collapsed.empty() || collapsed.back() != ' ') collapsed.push_back(c);
  CHECK(collapsed.find("\nsecrets dotenv 2.1.0 the dotenv plugin") != std::string::npos);
  CHECK(human.out.find("\x1b[") == std::string::npos);  // not a terminal: no colour
}

TEST_CASE("a plugin that fails to load is reported, the command says how to find out more", "[cli]") {
  TempDir dir;
  add_manifest(dir.path(), "floe.computes", "duckdb", "compute");
  auto info = run_process(floe::test::floe_executable(), {"plugins", "info", "compute", "duckdb"}, isolated(dir.str()));
  CHECK(info.exit_code == 5);
  CHECK(info.out.empty());
  CHECK(info.err.find("is not an ELF shared library (corrupt or wrong file type)") != std::string::npos);

  auto missing =
      run_process(floe::test::floe_executable(), {"plugins", "info", "compute", "nonesuch"}, isolated(dir.str()));
  CHECK(missing.exit_code == 5);
  CHECK(missing.err.find("plugin compute/nonesuch not found. Searched, in order:") != std::string::npos);
  CHECK(missing.err.find(dir.str() + " (FLOE_PLUGIN_PATH): floe.computes/ has duckdb") != std::string::npos);

  auto doctor =
      run_process(floe::test::floe_executable(), {"plugins", "doctor", "--load", "--json"}, isolated(dir.str()));
  CHECK(doctor.exit_code == 5);
  auto doc = boost::json::parse(doctor.out);
  bool reported = false;
  for (const auto& p : doc.at("problems").as_array())
    reported |= p.at("kind") == "load_failed" && p.at("name") == "duckdb";
  CHECK(reported);
}

TEST_CASE("doctor exits 0 when nothing is wrong and 5 when a plugin is broken", "[cli]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "floe.computes");
  auto clean = run_process(floe::test::floe_executable(), {"plugins", "doctor"}, isolated(dir.str()));
  CHECK(clean.exit_code == 0);
  CHECK(clean.out.find(dir.str() + " (FLOE_PLUGIN_PATH)") != std::string::npos);
  write_file(dir.path() / "floe.computes" / "x.plugin.json", "{}");
  auto broken = run_process(floe::test::floe_executable(), {"plugins", "doctor"}, isolated(dir.str()));
  CHECK(broken.exit_code == 5);
  CHECK(broken.out.find("[manifest_invalid]") != std::string::npos);
  CHECK(broken.out.find("missing required key 'name'") != std::string::npos);
}

TEST_CASE("colour only on a terminal, never with NO_COLOR", "[cli]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "floe.computes");
  // `script` gives the child a pseudo-terminal.
  std::string command = fmt::format("{} plugins doctor", floe::test::floe_executable());
  auto env = isolated(dir.str());
  auto tty = run_process("/usr/bin/script", {"-qec", command, "/dev/null"}, env);
  CHECK(tty.out.find("\x1b[1m") != std::string::npos);
  env["NO_COLOR"] = "1";
  auto no_color = run_process("/usr/bin/script", {"-qec", command, "/dev/null"}, env);
  CHECK(no_color.exit_code == 0);
  CHECK(no_color.out.find("Search roots") != std::string::npos);
  CHECK(no_color.out.find("\x1b[") == std::string::npos);
}

TEST_CASE("a command whose operation fails before a result (a missing file) exits with the diagnostic's code, never 1",
          "[cli][bad-input]") {
  const std::string contract = std::string(FLOE_TEST_SOURCE_DIR) + "/examples/customer-360/contracts/customer_profile.odcs.yaml";
  for (const char* format : {"text", "json"}) {
    auto r = run_process(floe::test::floe_executable(),
                         {"contract", "diff", "/nonexistent/old.odcs.yaml", contract, "--format", format});
    INFO(format << ": " << r.out << r.err);
    CHECK(r.exit_code == 3);
    CHECK((r.out + r.err).find("FLOE-C001") != std::string::npos);
    CHECK((r.out + r.err).find("unexpected failure") == std::string::npos);
  }
}
