// floe-bench: measures the performance figures of docs/performance.md.
//
//   floe-bench [--runs N] [--warmup N] [--json [--samples]] [--check] [--keep-fixture]
//              [--floe PATH] [--plugin-lib PATH [--plugin-name NAME]] [--tmpdir DIR]
//
// 1. Builds a fixture: 100 plugin manifests spread over 4 search roots and
//    all 15 categories, each beside its own copy of the bench_compute plugin
//    library (bench_compute.cpp). Only one manifest (compute/bench_compute,
//    in the last root) carries the name the library's descriptor declares, so
//    only that one is loadable; listing loads nothing and never sees the
//    difference. --plugin-lib/--plugin-name swap in another compute plugin
//    (e.g. the reference plugin compute-duckdb) as the library copied and
//    loaded.
// 2. `floe plugins list --json` (and the table form) with FLOE_PLUGIN_PATH
//    set to the 4 roots: wall time per run, spawn to exit. Verifies that all
//    100 are listed with "loaded": false, and once under LD_DEBUG=files that
//    the dynamic loader opened none of the fixture libraries.
// 3. Load + init + one call, in-process: this program re-executes itself
//    (--child-load) once per run, because a plugin library stays loaded for
//    the life of a process. The child times floe_registry_new (the scan),
//    floe_registry_open (dlopen + init + config validation + instance_new)
//    and floe_handle_call with a steady clock, and checks /proc/self/maps:
//    no fixture library mapped after the scan, exactly one after the open.
// 4. `floe --version` wall time, spawn to exit.
//
// Figures are min / median / p95 / max in milliseconds. The program always
// exits 0 after reporting, unless --check is given and a target is missed
// (exit 1), or a verification fails (exit 2: the figures would be wrong).
#include <boost/json.hpp>
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "floe/floe.h"

extern char** environ;

namespace fs = std::filesystem;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

#ifndef FLOE_BENCH_DEFAULT_FLOE
#define FLOE_BENCH_DEFAULT_FLOE ""
#endif
#ifndef FLOE_BENCH_DEFAULT_PLUGIN
#define FLOE_BENCH_DEFAULT_PLUGIN ""
#endif
#ifndef FLOE_BENCH_BUILD_TYPE
#define FLOE_BENCH_BUILD_TYPE "unknown"
#endif

namespace {

// ---- fixture layout ----------------------------------------------------------

constexpr int kRoots = 4;
constexpr int kPlugins = 100;
constexpr const char* kDefaultPluginName = "bench_compute";  // the bench plugin's descriptor name
constexpr std::int64_t kMaxLibraries = 12;  // shared libraries `floe --version` / `plugins list` may map (issue 17)

struct Category {
  const char* name;
  const char* group;
};

constexpr Category kCategories[] = {
    {"compute", FLOE_COMPUTE_GROUP},
    {"orchestrator", FLOE_ORCHESTRATOR_GROUP},
    {"catalog", FLOE_CATALOG_GROUP},
    {"storage", FLOE_STORAGE_GROUP},
    {"telemetry_backend", FLOE_TELEMETRY_BACKEND_GROUP},
    {"lineage_backend", FLOE_LINEAGE_BACKEND_GROUP},
    {"dbt", FLOE_DBT_GROUP},
    {"semantic_layer", FLOE_SEMANTIC_LAYER_GROUP},
    {"ingestion", FLOE_INGESTION_GROUP},
    {"quality", FLOE_QUALITY_GROUP},
    {"rbac", FLOE_RBAC_GROUP},
    {"alert_channel", FLOE_ALERT_CHANNEL_GROUP},
    {"secrets", FLOE_SECRETS_GROUP},
    {"identity", FLOE_IDENTITY_GROUP},
    {"network_security", FLOE_NETWORK_SECURITY_GROUP},
};
constexpr int kCategoryCount = static_cast<int>(sizeof(kCategories) / sizeof(kCategories[0]));

struct FixturePlugin {
  std::string category;
  std::string name;
  std::string library;  // absolute path of its .so copy
};

struct Fixture {
  fs::path dir;                     // the temp directory holding everything
  std::vector<std::string> roots;   // kRoots plugin roots
  fs::path empty_root;              // a root with nothing in it
  fs::path solo_root;               // a root with only the loadable plugin
  fs::path xdg;                     // XDG_DATA_HOME: keeps ~/.local/share out
  fs::path out;                     // captured stdout/stderr of children
  std::vector<FixturePlugin> plugins;
  std::uintmax_t library_bytes = 0;

  std::string plugin_path() const {
    std::string s;
    for (const auto& r : roots) s += (s.empty() ? "" : ":") + r;
    return s;
  }
};

std::string abi_text() {
  return fmt::format("{}.{}.{}", FLOE_ABI_VERSION_MAJOR, FLOE_ABI_VERSION_MINOR, FLOE_ABI_VERSION_PATCH);
}

void write_file(const fs::path& path, std::string_view text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  if (!f) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

std::string read_file(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// Plugin i goes to root i / 25 and category i % 15. The loadable one is the
// first compute plugin of the last root.
Fixture make_fixture(const fs::path& tmp_parent, const fs::path& plugin_lib, const std::string& loadable_name) {
  Fixture fx;
  std::string pattern = (tmp_parent / "floe-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error(fmt::format("mkdtemp {}: {}", pattern, std::strerror(errno)));
  fx.dir = fs::canonical(pattern);  // /proc/self/maps and LD_DEBUG print canonical paths
  fx.empty_root = fx.dir / "empty-root";
  fx.xdg = fx.dir / "xdg";
  fx.out = fx.dir / "out";
  fs::create_directories(fx.empty_root);
  fx.solo_root = fx.dir / "solo-root";
  fs::create_directories(fx.xdg);
  fs::create_directories(fx.out);
  fx.library_bytes = fs::file_size(plugin_lib);

  const int per_root = kPlugins / kRoots;
  int loadable = -1;
  for (int i = (kRoots - 1) * per_root; i < kPlugins && loadable < 0; ++i)
    if (i % kCategoryCount == 0) loadable = i;
  for (int r = 0; r < kRoots; ++r) fx.roots.push_back((fx.dir / fmt::format("root-{}", r + 1)).string());

  for (int i = 0; i < kPlugins; ++i) {
    const Category& cat = kCategories[i % kCategoryCount];
    fs::path group = fs::path(fx.roots[static_cast<size_t>(i / per_root)]) / cat.group;
    fs::create_directories(group);
    std::string name = i == loadable ? loadable_name : fmt::format("bench-{:03}", i);
    std::string lib_file = name + ".so";
    fs::copy_file(plugin_lib, group / lib_file, fs::copy_options::overwrite_existing);
    json::object manifest{
        {"manifest_version", 1},
        {"name", name},
        {"category", cat.name},
        {"version", "0.1.0"},
        {"abi_version", abi_text()},
        {"library", lib_file},
        {"description", fmt::format("floe-bench fixture plugin {} of {} ({})", i + 1, kPlugins, cat.name)},
        {"capabilities", json::array{"bench"}},
        {"requirements", json::array()},
    };
    write_file(group / (name + ".plugin.json"), json::serialize(manifest) + "\n");
    fx.plugins.push_back(FixturePlugin{cat.name, name, (group / lib_file).string()});
    if (i == loadable) {
      fs::path solo = fx.solo_root / cat.group;
      fs::create_directories(solo);
      fs::copy_file(plugin_lib, solo / lib_file, fs::copy_options::overwrite_existing);
      write_file(solo / (name + ".plugin.json"), json::serialize(manifest) + "\n");
    }
  }
  return fx;
}

// ---- processes -------------------------------------------------------------

struct ProcResult {
  double wall_ms = 0;
  double user_ms = 0;
  double sys_ms = 0;
  int exit_code = -1;  // -1: killed by a signal
};

// Environment for children: ours, minus everything that changes where floe
// looks for plugins or what the dynamic loader prints, plus `extra`.
std::vector<std::string> child_env(const std::vector<std::string>& extra) {
  static const char* const drop[] = {"FLOE_PLUGIN_PATH=", "VIRTUAL_ENV=", "XDG_DATA_HOME=", "LD_DEBUG=",
                                     "LD_DEBUG_OUTPUT=", "LD_PRELOAD=", "LD_BIND_NOW="};
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view v(*e);
    bool skip = false;
    for (const char* d : drop) skip = skip || v.starts_with(d);
    if (!skip) env.emplace_back(v);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

double ms_of(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) * 1e3 + static_cast<double>(tv.tv_usec) / 1e3;
}

// posix_spawn + wait4; stdin from /dev/null, stdout and stderr to files.
// The clock runs from just before posix_spawn to just after wait4 returns.
ProcResult run(const std::vector<std::string>& args, const std::vector<std::string>& env,
               const std::string& out_path = "/dev/null", const std::string& err_path = "/dev/null") {
  std::vector<char*> argv, envp;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);

  ProcResult r;
  pid_t pid = 0;
  auto start = Clock::now();
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  if (rc != 0) {
    posix_spawn_file_actions_destroy(&actions);
    throw std::runtime_error(fmt::format("cannot run {}: {}", args[0], std::strerror(rc)));
  }
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) throw std::runtime_error(fmt::format("wait4: {}", std::strerror(errno)));
  }
  auto end = Clock::now();
  posix_spawn_file_actions_destroy(&actions);
  r.wall_ms = std::chrono::duration<double, std::milli>(end - start).count();
  r.user_ms = ms_of(usage.ru_utime);
  r.sys_ms = ms_of(usage.ru_stime);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// ---- statistics ------------------------------------------------------------

struct Stats {
  double min = 0, median = 0, p95 = 0, max = 0, mean = 0;
  size_t n = 0;
  std::vector<double> samples;  // in run order
};

// Nearest-rank percentiles over the sorted samples.
Stats stats_of(std::vector<double> v) {
  Stats s;
  s.samples = v;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.n = v.size();
  auto rank = [&](double p) {
    auto k = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v[std::clamp<size_t>(k, 1, v.size()) - 1];
  };
  s.min = v.front();
  s.max = v.back();
  s.median = v.size() % 2 == 1 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2.0;
  s.p95 = rank(95);
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  return s;
}

struct Row {
  std::string key;     // machine name
  std::string label;   // table label
  Stats stats;
  std::optional<double> target_ms;  // checked against the median
  bool indent = false;              // a part of the row above
};

// ---- the child: load + init + one call ---------------------------------------

size_t mapped_fixture_libraries(const std::string& fixture_dir) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  std::vector<std::string> seen;
  while (std::getline(maps, line)) {
    auto pos = line.find(fixture_dir);
    if (pos == std::string::npos) continue;
    std::string path = line.substr(pos);
    if (std::find(seen.begin(), seen.end(), path) == seen.end()) seen.push_back(path);
  }
  return seen.size();
}

struct CError {
  floe_error raw = FLOE_ERROR_INIT;
  ~CError() { floe_error_release(&raw); }
  std::string text(floe_status s) const {
    return fmt::format("{}: {}", floe_status_str(s), raw.message != nullptr ? raw.message : "(no message)");
  }
};

int child_load(const std::string& fixture_dir, const std::string& name) {
  auto ms = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
  };
  CError err;
  floe_registry* registry = nullptr;

  auto t0 = Clock::now();
  floe_status s = floe_registry_new(&registry, nullptr, &err.raw);
  auto t1 = Clock::now();
  if (s != FLOE_OK) {
    fmt::print(stderr, "floe_registry_new: {}\n", err.text(s));
    return 3;
  }
  size_t after_scan = mapped_fixture_libraries(fixture_dir);

  floe_handle* handle = nullptr;
  auto t2 = Clock::now();
  s = floe_registry_open(registry, "compute", name.c_str(), R"({"threads": 2})", &handle, &err.raw);
  auto t3 = Clock::now();
  if (s != FLOE_OK) {
    fmt::print(stderr, "floe_registry_open: {}\n", err.text(s));
    return 3;
  }
  floe_buffer out = FLOE_BUFFER_INIT;
  const char* request = R"({"profile_name": "bench", "target": "dev"})";
  auto t4 = Clock::now();
  s = floe_handle_call(handle, "generate_dbt_profile", request, &out, &err.raw);
  auto t5 = Clock::now();
  if (s != FLOE_OK) {
    fmt::print(stderr, "floe_handle_call: {}\n", err.text(s));
    return 3;
  }
  std::string response(out.data, out.length);
  floe_buffer_release(&out);

  // A second call on the warm instance: what every later call costs.
  auto t6 = Clock::now();
  s = floe_handle_call(handle, "generate_dbt_profile", request, &out, &err.raw);
  auto t7 = Clock::now();
  floe_buffer_release(&out);
  if (s != FLOE_OK) {
    fmt::print(stderr, "floe_handle_call (second): {}\n", err.text(s));
    return 3;
  }
  size_t after_open = mapped_fixture_libraries(fixture_dir);
  floe_registry_free(registry);

  json::object report{{"scan_ms", ms(t0, t1)},
                      {"open_ms", ms(t2, t3)},
                      {"call_ms", ms(t4, t5)},
                      {"load_init_call_ms", ms(t2, t3) + ms(t4, t5)},
                      {"second_call_ms", ms(t6, t7)},
                      {"mapped_after_scan", after_scan},
                      {"mapped_after_open", after_open},
                      {"response", json::parse(response)}};
  fmt::print("{}\n", json::serialize(report));
  return 0;
}

// ---- the parent --------------------------------------------------------------

struct Options {
  int runs = 50;
  int warmup = 3;
  bool json = false;
  bool check = false;
  bool keep_fixture = false;
  bool samples = false;
  std::string floe = FLOE_BENCH_DEFAULT_FLOE;
  std::string plugin_lib = FLOE_BENCH_DEFAULT_PLUGIN;
  std::string plugin_name = kDefaultPluginName;
  std::string tmpdir;
  std::string examples = FLOE_BENCH_DEFAULT_EXAMPLES;    // copied: customer-360 and its platform chain
  std::string generator = FLOE_BENCH_DEFAULT_GENERATOR;  // bench/gen_dbt_project.py
};

[[noreturn]] void usage_error(const std::string& message) {
  fmt::print(stderr, "floe-bench: {}\n", message);
  fmt::print(stderr,
             "usage: floe-bench [--runs N] [--warmup N] [--json [--samples]] [--check] [--keep-fixture]\n"
             "                  [--floe PATH] [--plugin-lib PATH [--plugin-name NAME]] [--tmpdir DIR]\n"
             "                  [--examples DIR] [--generator PATH]\n");
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  const char* t = std::getenv("TMPDIR");
  o.tmpdir = t != nullptr && *t != '\0' ? t : "/tmp";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage_error(a + " needs a value");
      return argv[++i];
    };
    auto count = [&](int min) {
      std::string v = value();
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (end == v.c_str() || *end != '\0' || n < min || n > 100000)
        usage_error(fmt::format("{}: bad count '{}'", a, v));
      return static_cast<int>(n);
    };
    if (a == "--runs") o.runs = count(1);
    else if (a == "--warmup") o.warmup = count(0);
    else if (a == "--json") o.json = true;
    else if (a == "--check") o.check = true;
    else if (a == "--keep-fixture") o.keep_fixture = true;
    else if (a == "--samples") o.samples = true;
    else if (a == "--floe") o.floe = value();
    else if (a == "--plugin-lib") o.plugin_lib = value();
    else if (a == "--plugin-name") o.plugin_name = value();
    else if (a == "--tmpdir") o.tmpdir = value();
    else if (a == "--examples") o.examples = value();
    else if (a == "--generator") o.generator = value();
    else if (a == "-h" || a == "--help") {
      fmt::print(
          "floe-bench: measures `floe plugins list` over 100 plugins, plugin load + init + call,\n"
          "the edit-compile loop (libraries loaded, customer-360 compile cold and unchanged,\n"
          "a 1k-model validate) and CLI start-up (docs/performance.md).\n\n"
          "  --runs N          measured runs per figure (default 50)\n"
          "  --warmup N        unmeasured runs before each figure (default 3)\n"
          "  --json            print the results as JSON instead of a table\n"
          "  --check           exit 1 if a median misses its target\n"
          "  --keep-fixture    keep the temp fixture and print how to reuse it\n"
          "  --samples         with --json: also every sample, in run order\n"
          "  --floe PATH       the floe CLI (default: the one built with this program)\n"
          "  --plugin-lib PATH the compute plugin to load (default: the bench plugin built with this program)\n"
          "  --plugin-name N   its descriptor name (default: bench_compute)\n"
          "  --tmpdir DIR      where the fixture is created (default: $TMPDIR or /tmp)\n"
          "  --examples DIR    floe's examples/ (customer-360 is compiled from a copy)\n"
          "  --generator PATH  bench/gen_dbt_project.py (writes the 1k-model project)\n");
      std::exit(0);
    } else usage_error(fmt::format("unknown argument '{}'", a));
  }
  if (o.floe.empty() || !fs::exists(o.floe)) usage_error(fmt::format("floe CLI not found at '{}'; use --floe", o.floe));
  if (o.plugin_lib.empty() || !fs::exists(o.plugin_lib))
    usage_error(fmt::format("bench plugin not found at '{}'; use --plugin-lib", o.plugin_lib));
  return o;
}

std::string self_exe() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot read /proc/self/exe");
  return p.string();
}

std::string cpu_model() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line))
    if (line.starts_with("model name")) {
      auto pos = line.find(':');
      return pos == std::string::npos ? line : line.substr(line.find_first_not_of(" \t", pos + 1));
    }
  return "unknown";
}

// The 1-minute load average: other work on the machine inflates wall times
// (it is reported with the figures, never used to correct them).
double load_average() {
  std::ifstream f("/proc/loadavg");
  double one = -1;
  f >> one;
  return one;
}

class Failure : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

void verify(bool ok, const std::string& what) {
  if (!ok) throw Failure(what);
}

void note(const Options& o, const std::string& msg) {
  if (!o.json) fmt::print(stderr, "{}\n", msg);
}

// Times `runs` executions of `args` after `warmup` unmeasured ones; every
// run must exit with `expected_exit`. `before_each` (untimed) prepares a run.
std::vector<double> time_runs(const Options& o, const std::vector<std::string>& args,
                              const std::vector<std::string>& env, std::vector<double>* cpu_ms = nullptr,
                              int expected_exit = 0, const std::function<void()>& before_each = {}) {
  for (int i = 0; i < o.warmup; ++i) {
    if (before_each) before_each();
    verify(run(args, env).exit_code == expected_exit, fmt::format("{} failed", args[1]));
  }
  std::vector<double> wall;
  for (int i = 0; i < o.runs; ++i) {
    if (before_each) before_each();
    ProcResult r = run(args, env);
    verify(r.exit_code == expected_exit, fmt::format("`{}` exited with {}", fmt::join(args, " "), r.exit_code));
    wall.push_back(r.wall_ms);
    if (cpu_ms != nullptr) cpu_ms->push_back(r.user_ms + r.sys_ms);
  }
  return wall;
}

json::object stats_json(const Stats& s) {
  return {{"runs", s.n}, {"min_ms", s.min}, {"median_ms", s.median}, {"p95_ms", s.p95}, {"max_ms", s.max},
          {"mean_ms", s.mean}};
}

// Runs the --child-load mode `o.runs` times (after `o.warmup` unmeasured
// runs) and collects what each child measured, checking its /proc/self/maps
// findings on every run.
struct ChildSeries {
  std::vector<double> scan, open, call, lic, second, total, wall;
  json::value response;
};

ChildSeries run_children(const Options& o, const std::string& me, const Fixture& fx,
                         const std::vector<std::string>& env) {
  std::string child_out = (fx.out / "child.json").string();
  std::string child_err = (fx.out / "child.err").string();
  ChildSeries c;
  for (int i = -o.warmup; i < o.runs; ++i) {
    ProcResult r = run({me, "--child-load", fx.dir.string(), o.plugin_name}, env, child_out, child_err);
    verify(r.exit_code == 0, fmt::format("child run exited with {}: {}", r.exit_code, read_file(child_err)));
    json::value rep = json::parse(read_file(child_out));
    verify(rep.at("mapped_after_scan").to_number<int64_t>() == 0,
           "a fixture plugin library was mapped after floe_registry_new (the scan must load nothing)");
    verify(rep.at("mapped_after_open").to_number<int64_t>() == 1,
           "after floe_registry_open exactly one fixture plugin library must be mapped");
    if (i < 0) continue;
    auto num = [&](const char* key) { return rep.at(key).to_number<double>(); };
    c.scan.push_back(num("scan_ms"));
    c.open.push_back(num("open_ms"));
    c.call.push_back(num("call_ms"));
    c.lic.push_back(num("load_init_call_ms"));
    c.second.push_back(num("second_call_ms"));
    c.total.push_back(num("scan_ms") + num("load_init_call_ms"));
    c.wall.push_back(r.wall_ms);
    c.response = rep.at("response");
  }
  return c;
}

// The shared libraries the dynamic loader maps for `args` (LD_DEBUG=files:
// start-up dependencies and dlopen alike), the dynamic loader itself excluded.
std::set<std::string> libraries_loaded(const std::vector<std::string>& args, std::vector<std::string> env,
                                       const fs::path& scratch) {
  env.emplace_back("LD_DEBUG=files");
  std::string trace_path = (scratch / "libraries.ld_debug").string();
  verify(run(args, env, "/dev/null", trace_path).exit_code == 0, fmt::format("{} under LD_DEBUG=files failed", args[1]));
  std::set<std::string> libraries;
  std::istringstream trace(read_file(trace_path));
  for (std::string line; std::getline(trace, line);) {
    auto at = line.find("file=");
    auto end = line.find(" [", at);
    if (at == std::string::npos || end == std::string::npos) continue;
    if (line.find("needed by", end) == std::string::npos && line.find("dynamically loaded by", end) == std::string::npos)
      continue;
    libraries.insert(line.substr(at + 5, end - at - 5));
  }
  verify(libraries.count("libfloe-core.so.1") == 1, "LD_DEBUG=files did not show libfloe-core: the count means nothing");
  return libraries;
}

bool optimised_build() {
  std::string_view t = FLOE_BENCH_BUILD_TYPE;
  return t == "Release" || t == "RelWithDebInfo" || t == "MinSizeRel";
}

int bench(const Options& o) {
  if (!optimised_build())
    fmt::print(stderr, "floe-bench: warning: this is a {} build; the targets are meant for optimised builds "
                       "(RelWithDebInfo or Release), so its figures say little about them\n", FLOE_BENCH_BUILD_TYPE);
  double load_before = load_average();
  Fixture fx = make_fixture(o.tmpdir, o.plugin_lib, o.plugin_name);
  auto cleanup = [&] {
    if (o.keep_fixture) return;
    std::error_code ec;
    fs::remove_all(fx.dir, ec);
  };

  std::vector<Row> rows;
  json::object verification;
  std::vector<std::string> fixture_env = child_env({"FLOE_PLUGIN_PATH=" + fx.plugin_path(),
                                                    "XDG_DATA_HOME=" + fx.xdg.string()});
  try {
    note(o, fmt::format("fixture: {} plugins in {} roots under {} ({} copies of a {} KiB library)", fx.plugins.size(),
                        fx.roots.size(), fx.dir.string(), fx.plugins.size(), fx.library_bytes / 1024));

    // -- 2. plugins list: correctness first, then timing ------------------------
    std::string list_out = (fx.out / "list.json").string();
    std::string list_err = (fx.out / "list.err").string();
    ProcResult first = run({o.floe, "plugins", "list", "--json"}, fixture_env, list_out, list_err);
    verify(first.exit_code == 0, fmt::format("floe plugins list --json exited with {}: {}", first.exit_code,
                                             read_file(list_err)));
    json::value listed = json::parse(read_file(list_out));
    const auto& plugins = listed.at("plugins").as_array();
    size_t fixture_listed = 0, loaded_true = 0;
    for (const auto& p : plugins) {
      if (p.at("loaded").as_bool()) ++loaded_true;
      if (p.at("manifest").as_string().starts_with(fx.dir.string())) ++fixture_listed;
    }
    verify(fixture_listed == fx.plugins.size(),
           fmt::format("floe plugins list found {} of the {} fixture plugins", fixture_listed, fx.plugins.size()));
    verify(loaded_true == 0, fmt::format("floe plugins list reports {} plugin(s) loaded", loaded_true));
    verification["list_total_plugins"] = plugins.size();
    verification["list_fixture_plugins"] = fixture_listed;
    verification["list_loaded_true"] = loaded_true;

    // LD_DEBUG=files prints every object the dynamic loader opens (startup
    // dependencies and dlopen alike) to stderr.
    std::string ld_err = (fx.out / "list.ld_debug").string();
    auto ld_env = fixture_env;
    ld_env.emplace_back("LD_DEBUG=files");
    ProcResult traced = run({o.floe, "plugins", "list", "--json"}, ld_env, "/dev/null", ld_err);
    std::string trace = read_file(ld_err);
    verify(traced.exit_code == 0, "floe plugins list under LD_DEBUG=files failed");
    verify(trace.find("libfloe-core") != std::string::npos,
           "LD_DEBUG=files printed nothing about libfloe-core: the loader trace is not working, "
           "so it cannot show that no plugin was loaded");
    verify(trace.find(fx.dir.string()) == std::string::npos,
           "LD_DEBUG=files shows that `floe plugins list` opened a fixture plugin library");
    verification["list_ld_debug_fixture_libraries_opened"] = 0;

    note(o, fmt::format("verified: list shows all {} fixture plugins, none loaded (JSON and LD_DEBUG=files)",
                        fixture_listed));

    std::vector<double> list_cpu;
    rows.push_back({"list_json", "floe plugins list --json (100 plugins)",
                    stats_of(time_runs(o, {o.floe, "plugins", "list", "--json"}, fixture_env, &list_cpu)), 30.0,
                    false});
    rows.push_back({"list_json_cpu", "user+sys CPU of the above", stats_of(list_cpu), std::nullopt, true});
    rows.push_back({"list_table", "floe plugins list (table, 100 plugins)",
                    stats_of(time_runs(o, {o.floe, "plugins", "list"}, fixture_env)), 30.0, false});
    auto empty_env = child_env({"FLOE_PLUGIN_PATH=" + fx.empty_root.string(), "XDG_DATA_HOME=" + fx.xdg.string()});
    rows.push_back({"list_json_empty", "floe plugins list --json (empty fixture root)",
                    stats_of(time_runs(o, {o.floe, "plugins", "list", "--json"}, empty_env)), std::nullopt, false});

    // -- 3. load + init + call, one fresh process per run -----------------------
    std::string me = self_exe();
    ChildSeries full = run_children(o, me, fx, fixture_env);
    // Positive control: the same trace does show the library when it is loaded.
    auto child_ld_env = fixture_env;
    child_ld_env.emplace_back("LD_DEBUG=files");
    std::string child_trace = (fx.out / "child.ld_debug").string();
    ProcResult traced_child = run({me, "--child-load", fx.dir.string(), o.plugin_name}, child_ld_env, "/dev/null",
                                  child_trace);
    verify(traced_child.exit_code == 0, "child run under LD_DEBUG=files failed");
    verify(read_file(child_trace).find(o.plugin_name + ".so") != std::string::npos,
           "LD_DEBUG=files does not show the plugin the child loaded: the negative check above proves nothing");
    verification["child_mapped_after_scan"] = 0;
    verification["child_mapped_after_open"] = 1;
    verification["child_ld_debug_shows_loaded_plugin"] = true;
    verification["sample_response"] = full.response;
    note(o, "verified: child maps no plugin after the scan, exactly one after open; LD_DEBUG shows it");
    // The same with bench_compute as the only plugin installed: the scan
    // shrinks, the load does not change.
    auto solo_env = child_env({"FLOE_PLUGIN_PATH=" + fx.solo_root.string(), "XDG_DATA_HOME=" + fx.xdg.string()});
    ChildSeries solo = run_children(o, me, fx, solo_env);

    rows.push_back({"load_init_call", "load + init + instance + 1st call (in-process)", stats_of(full.lic), 2.0,
                    false});
    rows.push_back({"open", "floe_registry_open (dlopen, init, schema, instance)", stats_of(full.open), std::nullopt,
                    true});
    rows.push_back({"first_call", "floe_handle_call, first", stats_of(full.call), std::nullopt, true});
    rows.push_back({"second_call", "floe_handle_call, second (warm)", stats_of(full.second), std::nullopt, true});
    rows.push_back({"registry_scan", "floe_registry_new: scan, 100 plugins installed", stats_of(full.scan),
                    std::nullopt, false});
    rows.push_back({"end_to_end", "registry_new + open + call, 100 plugins installed", stats_of(full.total),
                    std::nullopt, false});
    rows.push_back({"child_wall", "whole child process, spawn to exit", stats_of(full.wall), std::nullopt, true});
    rows.push_back({"load_init_call_solo", "load + init + instance + 1st call, 1 plugin installed",
                    stats_of(solo.lic), std::nullopt, false});
    rows.push_back({"registry_scan_solo", "floe_registry_new: scan, 1 plugin installed", stats_of(solo.scan),
                    std::nullopt, false});
    rows.push_back({"end_to_end_solo", "registry_new + open + call, 1 plugin installed", stats_of(solo.total),
                    std::nullopt, false});

    // -- 4. the edit-compile loop (issue 17) ----------------------------------------
    // The real install's plugins only (the in-tree duckdb): what a user's
    // `floe plugins list` scans.
    auto installed_env = child_env({"XDG_DATA_HOME=" + fx.xdg.string()});
    for (const auto& [key, args] : {std::pair<std::string, std::vector<std::string>>{"version", {o.floe, "--version"}},
                                    {"list", {o.floe, "plugins", "list"}}}) {
      std::set<std::string> libs = libraries_loaded(args, installed_env, fx.out);
      verification[fmt::format("libraries_{}", key)] = libs.size();
      verification[fmt::format("libraries_{}_names", key)] = json::value_from(std::vector<std::string>(libs.begin(), libs.end()));
    }
    std::vector<double> list_installed_cpu;
    rows.push_back({"list_installed", "floe plugins list (installed plugins only)",
                    stats_of(time_runs(o, {o.floe, "plugins", "list"}, installed_env, &list_installed_cpu)), 3.0, false});
    rows.push_back({"list_installed_cpu", "user+sys CPU of the above", stats_of(list_installed_cpu), std::nullopt, true});

    // customer-360 against its 3-tier chain, in a copy of the examples.
    fs::path examples = fx.dir / "examples";
    fs::copy(o.examples, examples, fs::copy_options::recursive);
    std::string product = (examples / "customer-360" / "floe.yaml").string();
    fs::path record = examples / "customer-360" / "target" / ".floe-compile-cache.json";
    std::string compile_out = (fx.out / "compile.json").string();
    std::vector<std::string> compile_args{o.floe, "compile", product, "--format", "json"};
    // Cold: nothing in target/ (no record, no outputs), as after a clean checkout.
    auto forget = [&] { fs::remove_all(record.parent_path()); };
    forget();
    verify(run(compile_args, installed_env, compile_out).exit_code == 0, "customer-360: floe compile failed");
    verify(json::parse(read_file(compile_out)).at("cache").at("used") == false, "customer-360: the first compile was cached");
    verify(run(compile_args, installed_env, compile_out).exit_code == 0, "customer-360: floe compile failed");
    verify(json::parse(read_file(compile_out)).at("cache").at("used") == true,
           "customer-360: an unchanged compile was not answered from the record");
    note(o, "verified: customer-360 compiles, and compiles again from its record when unchanged");
    std::vector<std::string> compile_text{o.floe, "compile", product};
    std::vector<double> cold_cpu, unchanged_cpu, validate_cpu;
    rows.push_back({"compile_cold", "customer-360 floe compile, cold (empty target/)",
                    stats_of(time_runs(o, compile_text, installed_env, &cold_cpu, 0, forget)), 10.0, false});
    rows.push_back({"compile_cold_cpu", "user+sys CPU of the above", stats_of(cold_cpu), std::nullopt, true});
    rows.push_back({"compile_unchanged", "customer-360 floe compile, unchanged",
                    stats_of(time_runs(o, compile_text, installed_env, &unchanged_cpu)), 3.0, false});
    rows.push_back({"compile_unchanged_cpu", "user+sys CPU of the above", stats_of(unchanged_cpu), std::nullopt, true});

    // 1k models with every rule on (bench/compile_bench.sh's input: findings expected, exit 4).
    fs::path p1k = fx.dir / "p1k";
    std::string gen_log = (fx.out / "gen.log").string();
    verify(run({"/usr/bin/env", "python3", o.generator, "--models", "1000", "--out", p1k.string(), "--violations", "5"},
               child_env({}), gen_log, gen_log)
                   .exit_code == 0,
           "bench/gen_dbt_project.py failed: " + read_file(gen_log));
    write_file(p1k / "floe.yaml", fmt::format("apiVersion: floe.dev/v1\nkind: DataProduct\n"
                                              "metadata: {{name: synthetic, version: 1.0.0, owner: bench@example.com}}\n"
                                              "platform: {{ref: {}}}\ntransforms: [{{type: dbt, path: .}}]\n",
                                              (examples / "platform" / "manifest.yaml").string()));
    rows.push_back({"validate_1k", "floe validate, 1k models, every rule on",
                    stats_of(time_runs(o, {o.floe, "validate", (p1k / "floe.yaml").string()}, installed_env,
                                       &validate_cpu, 4)),
                    30.0, false});
    rows.push_back({"validate_1k_cpu", "user+sys CPU of the above", stats_of(validate_cpu), std::nullopt, true});

    // -- 5. CLI start-up ----------------------------------------------------------
    std::string ver_out = (fx.out / "version.txt").string();
    verify(run({o.floe, "--version"}, fixture_env, ver_out).exit_code == 0, "floe --version failed");
    std::string version = read_file(ver_out);
    verify(version.starts_with("floe "), fmt::format("unexpected `floe --version` output: {}", version));
    while (!version.empty() && version.back() == '\n') version.pop_back();
    verification["version_output"] = version;
    std::vector<double> ver_cpu;
    rows.push_back({"version", "floe --version (CLI start-up)",
                    stats_of(time_runs(o, {o.floe, "--version"}, fixture_env, &ver_cpu)), 2.0, false});
    rows.push_back({"version_cpu", "user+sys CPU of the above", stats_of(ver_cpu), std::nullopt, true});
  } catch (const Failure& e) {
    fmt::print(stderr, "floe-bench: verification failed: {}\n", e.what());
    fmt::print(stderr, "floe-bench: fixture kept at {}\n", fx.dir.string());
    return 2;
  } catch (...) {
    cleanup();
    throw;
  }

  // -- 6. report --------------------------------------------------------------------
  double load_after = load_average();
  bool all_met = true;
  utsname un{};
  uname(&un);
  json::object machine{{"cpu", cpu_model()},
                       {"online_cpus", sysconf(_SC_NPROCESSORS_ONLN)},
                       {"kernel", fmt::format("{} {}", un.sysname, un.release)},
                       {"loadavg_1min_before", load_before},
                       {"loadavg_1min_after", load_after}};
  for (const char* key : {"libraries_version", "libraries_list"})
    all_met = all_met && verification.at(key).to_number<std::int64_t>() <= kMaxLibraries;
  json::array results;
  for (const auto& r : rows) {
    json::object j = stats_json(r.stats);
    if (o.samples) j["samples_ms"] = json::value_from(r.stats.samples);
    j["name"] = r.key;
    j["label"] = r.label;
    if (r.target_ms) {
      bool met = r.stats.median < *r.target_ms;
      all_met = all_met && met;
      j["target_ms"] = *r.target_ms;
      j["met"] = met;
      j["p95_within_target"] = r.stats.p95 < *r.target_ms;
    }
    results.push_back(std::move(j));
  }

  if (o.json) {
    json::object doc{{"floe_version", floe_version_string()},
                     {"build_type", FLOE_BENCH_BUILD_TYPE},
                     {"optimised_build", optimised_build()},
                     {"machine", machine},
                     {"runs", o.runs},
                     {"warmup", o.warmup},
                     {"fixture",
                      {{"plugins", fx.plugins.size()},
                       {"roots", fx.roots.size()},
                       {"categories", kCategoryCount},
                       {"library_bytes", fx.library_bytes},
                       {"plugin_library", o.plugin_lib},
                       {"plugin_name", o.plugin_name},
                       {"path", o.keep_fixture ? fx.dir.string() : ""}}},
                     {"verification", verification},
                     {"results", results},
                     {"all_targets_met", all_met}};
    fmt::print("{}\n", json::serialize(doc));
  } else {
    fmt::print("floe {} ({} build) on {}, {} online CPUs, {}\n", floe_version_string(), FLOE_BENCH_BUILD_TYPE,
               cpu_model(), sysconf(_SC_NPROCESSORS_ONLN), fmt::format("{} {}", un.sysname, un.release));
    fmt::print("loaded plugin: compute/{} ({}, {} KiB)\n", o.plugin_name, o.plugin_lib, fx.library_bytes / 1024);
    fmt::print("{} runs per figure after {} warm-up runs; 1-min load average {:.2f} before, {:.2f} after\n", o.runs,
               o.warmup, load_before, load_after);
    for (const auto& [key, what] : {std::pair{"libraries_version", "floe --version"}, {"libraries_list", "floe plugins list"}}) {
      auto n = verification.at(key).to_number<std::int64_t>();
      fmt::print("shared libraries loaded by {}: {} (target <= {}) {}\n", what, n, kMaxLibraries,
                 n <= kMaxLibraries ? "ok" : "MISSED");
    }
    fmt::print("times in ms; a target applies to the median\n\n");
    fmt::print("{:<56} {:>8} {:>8} {:>8} {:>8}  {:>7}  {}\n", "measurement", "min", "median", "p95", "max", "target",
               "status");
    for (const auto& r : rows) {
      std::string label = (r.indent ? "  " : "") + r.label;
      std::string target = r.target_ms ? fmt::format("< {:g}", *r.target_ms) : "";
      std::string status;
      if (r.target_ms) status = r.stats.median < *r.target_ms ? "ok" : "MISSED";
      fmt::print("{:<56} {:>8.3f} {:>8.3f} {:>8.3f} {:>8.3f}  {:>7}  {}\n", label, r.stats.min, r.stats.median,
                 r.stats.p95, r.stats.max, target, status);
    }
    fmt::print("\nall targets {}\n", all_met ? "met" : "NOT met");
  }
  if (o.keep_fixture) {
    fmt::print(stderr, "fixture kept: {}\n", fx.dir.string());
    fmt::print(stderr, "reuse: FLOE_PLUGIN_PATH={} XDG_DATA_HOME={} {} plugins list --json\n", fx.plugin_path(),
               fx.xdg.string(), o.floe);
  }
  cleanup();
  return o.check && !all_met ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc == 4 && std::string_view(argv[1]) == "--child-load") return child_load(argv[2], argv[3]);
    return bench(parse_options(argc, argv));
  } catch (const std::exception& e) {
    fmt::print(stderr, "floe-bench: {}\n", e.what());
    return 2;
  }
}
