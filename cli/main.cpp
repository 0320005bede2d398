// floe: the command-line shell over libfloe-core.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "artifact_commands.hpp"
#include "c_api.hpp"
#include "compile_commands.hpp"
#include "exit_codes.hpp"
#include "migrate_command.hpp"
#include "plugins_command.hpp"
#include "result_stream.hpp"
#include "iceberg_commands.hpp"
#include "run_commands.hpp"
#include "terminal.hpp"

namespace {

// floe is a short-lived process that builds and drops large trees (dbt
// projects, reports of thousands of findings). glibc's defaults hand memory
// back to the kernel and consolidate fast bins on every large request; with
// fast bins off and a generous top pad and trim threshold, a 1k-model
// validate spends ~15% less CPU (docs/performance.md), small commands the same.
// At most two arenas: a large manifest is read by three threads at once, and
// memory freed in one thread's arena is not reused by another's (a 10k-model
// validate peaked at 148 MB with one arena per thread, 136 MB with two, at
// the same CPU).
constexpr int kTopPad = 64 * 1024 * 1024;
// The heap's first growth, all of it advised for huge pages below: the
// kernel grows a heap past its end by a mapping of its own that lacks the
// advice, so only what the first growth reserved is advised. Address space
// only: a page counts when it is touched. (Advised for the top pad alone, a
// 100k-model validate took ~250,000 small-page faults as the heap grew past
// 64 MiB, 0.4 s of its 2.7 s; with this, ~60,000, from the second arena.)
constexpr int kFirstGrowth = 1024 * 1024 * 1024;
// Above the first growth: a trim would shrink the advised mapping, and the
// heap would grow again by one without the advice.
constexpr int kTrimThreshold = kFirstGrowth + kFirstGrowth / 2;

void tune_allocator() {
  mallopt(M_ARENA_MAX, 2);
  mallopt(M_MXFAST, 0);
  mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
  mallopt(M_TOP_PAD, kTopPad);
}

// Every first touch of a heap page is a page fault, about a microsecond in a
// VM: a 1k-model validate touched ~3,200 pages, ~4 ms of its ~30. The main
// heap is grown once by kFirstGrowth and its 2 MiB-aligned part marked
// for transparent huge pages, so where THP is on ("madvise", Debian's
// default, or "always") the kernel backs it 2 MiB per fault (~1,000 faults
// in all, ~3.5 ms less wall; peak memory +3 MB at 1k models, the same at
// 10k: docs/performance.md). Where THP is off the advice changes nothing.
// `floe --version`, which touches a page or two, returns before this.
void prefer_huge_heap_pages() {
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  const auto start = reinterpret_cast<std::uintptr_t>(sbrk(0));
  // Blocks below the mmap threshold come from the heap; once the free space
  // at its top is used up, the next one grows it by the top pad. Volatile, so
  // the compiler keeps the calls.
  void* volatile held[4] = {};
  mallopt(M_TOP_PAD, kFirstGrowth);
  for (auto& block : held) {
    block = malloc(100 * 1024);
    if (reinterpret_cast<std::uintptr_t>(sbrk(0)) != start) break;
  }
  mallopt(M_TOP_PAD, kTopPad);
  const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
  for (auto& block : held) free(block);
  const std::uintptr_t from = (start + kHugePage - 1) & ~(kHugePage - 1);
  if (start != std::uintptr_t(-1) && end > from) madvise(reinterpret_cast<void*>(from), end - from, MADV_HUGEPAGE);
}

using AddCommands = void (*)(CLI::App&, const floe::cli::GlobalOptions&, const floe::cli::Terminal&);

void add_migrate(CLI::App& app, const floe::cli::GlobalOptions&, const floe::cli::Terminal& term) {
  floe::cli::add_migrate_command(app, term);
}

// Every group of commands, in the order `floe --help` lists them.
const AddCommands kAllGroups[] = {&floe::cli::add_plugins_command, &floe::cli::add_compile_commands,
                                  &floe::cli::add_artifact_commands, &add_migrate,
                                  &floe::cli::add_run_commands, &floe::cli::add_iceberg_commands};

// The groups each top-level command needs. Building the whole tree (~100
// options, each a few std::function and strings) costs about a millisecond,
// more than `floe plugins list` spends on its own work, so a command line adds
// only what its command needs: its own group, and the group whose command it
// adds subcommands to (the artifact commands add `platform publish` and
// `platform pull` to the compile group's `platform`; the run commands add
// `contract test`). The compile group is split, so `floe compile` builds
// neither the contract and platform commands (~1 M instructions) nor
// validate, explain and schema (~0.5 M, a sixth of an unchanged compile). A name
// missing here only costs that millisecond (every group is added);
// tests/cli/cli_test.cpp runs `--help` of every command `floe --help` lists,
// so a group missing from an entry fails there.
struct CommandGroups {
  std::initializer_list<std::string_view> commands;
  std::initializer_list<AddCommands> groups;
};

const CommandGroups kCommandGroups[] = {
    {{"plugins"}, {&floe::cli::add_plugins_command}},
    {{"compile"}, {&floe::cli::add_product_compile_command}},
    {{"validate"}, {&floe::cli::add_product_validate_command}},
    {{"explain"}, {&floe::cli::add_explain_command}},
    {{"schema"}, {&floe::cli::add_schema_command}},
    {{"platform", "product", "init", "artifact", "cache"},
     {&floe::cli::add_platform_commands, &floe::cli::add_artifact_commands}},
    {{"contract"}, {&floe::cli::add_contract_group, &floe::cli::add_run_commands}},
    {{"migrate"}, {&add_migrate}},
    {{"run", "test"}, {&floe::cli::add_run_commands}},
    {{"iceberg"}, {&floe::cli::add_iceberg_commands}},
};

// The command a command line names (its first word that is not a global
// option), or "" when that cannot be told without the parser: no command,
// --help, an option floe does not know.
std::string_view command_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--plugin-path") {
      ++i;
      continue;
    }
    if (arg.starts_with("--plugin-path=") || arg == "-v" || arg == "--verbose") continue;
    return arg.starts_with("-") ? std::string_view() : arg;
  }
  return {};
}

// Adds the groups `command` needs, or every group when it is "" or unknown
// (help lists them all; a misspelt command gets CLI11's own error).
void add_command_groups(CLI::App& app, const floe::cli::GlobalOptions& global, const floe::cli::Terminal& term,
                        std::string_view command) {
  for (const auto& entry : kCommandGroups)
    for (std::string_view name : entry.commands)
      if (name == command) {
        for (AddCommands add : entry.groups) add(app, global, term);
        return;
      }
  for (AddCommands add : kAllGroups) add(app, global, term);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace floe::cli;
  tune_allocator();
  // Before anything prints: plugin code that writes to stdout must not mix
  // with floe's results (docs/abi.md#plugins-and-stdout).
  claim_stdout();
  Terminal term;
  GlobalOptions global;

  // A plugin that crashes is named, and floe exits 9, instead of dying silently.
  floe_install_crash_handler(kExitPluginCrashed, nullptr);

  const std::string version = fmt::format("floe {} (ABI {}.{}.{})", floe_version_string(),
                                          FLOE_VERSION_MAJOR_OF(floe_abi_version()),
                                          FLOE_VERSION_MINOR_OF(floe_abi_version()),
                                          FLOE_VERSION_PATCH_OF(floe_abi_version()));
  // `floe --version` alone is asked by scripts and editors to probe for floe:
  // answered before the command tree (~100 options) is built.
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    fmt::print(result_stream(), "{}\n", version);
    return kExitOk;
  }

  prefer_huge_heap_pages();
  CLI::App app("floe: platform manifests, data products and plugins", "floe");
  app.set_version_flag("--version", version);
  app.set_help_all_flag("--help-all", "Print the help of every command and subcommand and exit");
  app.add_option("--plugin-path", global.plugin_paths, "Plugin root searched before all others (repeatable)")
      ->type_name("DIR");
  app.add_flag("-v,--verbose", global.verbose, "Show informational log lines on stderr");
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 1 internal, 2 usage, 3 invalid input, 4 policy violation, 5 plugin, 6 network, "
             "7 verification, 8 I/O, 9 a plugin crashed, 10 a run step failed, 11 data tests failed, 12 the product "
             "is busy, 124 --timeout passed, 130 interrupted (docs/cli.md).");
  add_command_groups(app, global, term, command_word(argc, argv));

  // Help and --version are results: they go where results go, not to fd 1.
  auto print_and_exit = [&app](const CLI::Error& e) {
    std::ostringstream out, err;
    int code = app.exit(e, out, err);
    fmt::print(result_stream(), "{}", out.str());
    fmt::print(stderr, "{}", err.str());
    return code;
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return print_and_exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return print_and_exit(e);
  } catch (const CLI::CallForVersion& e) {
    return print_and_exit(e);
  } catch (const CLI::ParseError& e) {
    term.error(e.what());
    fmt::print(stderr, "Run with --help for usage.\n");
    return kExitUsage;
  } catch (const CommandFailure& e) {
    if (*e.what() != '\0') term.error(e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    term.error(fmt::format("unexpected failure: {}", e.what()));
    return kExitInternal;
  }
  return kExitOk;
}
