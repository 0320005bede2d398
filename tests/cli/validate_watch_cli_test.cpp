// `floe validate --watch` through the executable: the first report, a line
// per save with what appeared and went away (text) or an object per line
// (--format json), Ctrl-C ending it with the last round's exit code.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::trunc) << text;
}

// A product of three models, one misnamed (an error that stays).
fs::path make_product(const fs::path& dir) {
  fs::remove_all(dir);
  write(dir / "floe.yaml", "apiVersion: floe.dev/v1\nkind: DataProduct\n"
                           "metadata: {name: watched, version: 1.0.0, owner: data@example.com}\n"
                           "platform: {ref: '" + std::string(FLOE_TEST_SOURCE_DIR) +
                               "/examples/platform/manifest.yaml'}\n"
                               "transforms: [{type: dbt, path: .}]\n");
  write(dir / "dbt_project.yml", "name: watched\nversion: '1.0.0'\nconfig-version: 2\nprofile: watched\n");
  write(dir / "models/bronze_orders.sql", "select 1 as order_id\n");
  write(dir / "models/silver_orders.sql", "select * from {{ ref('bronze_orders') }}\n");
  write(dir / "models/orders_raw.sql", "select 1 as x\n");
  return dir / "floe.yaml";
}

// floe with its stdout on a pipe, read line by line.
class Floe {
 public:
  explicit Floe(std::vector<std::string> args, const fs::path& cache) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(fds[1], 1);
      int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 2);
      ::close(fds[0]);
      ::setenv("XDG_CACHE_HOME", cache.c_str(), 1);
      std::vector<char*> argv;
      std::string floe = std::string(FLOE_TEST_BIN_DIR) + "/floe";
      argv.push_back(floe.data());
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(floe.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~Floe() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(out_);
  }
  // The next line holding `needle` (the lines before it in `skipped`), 30 s at most.
  std::string line_with(const std::string& needle, std::string* skipped = nullptr) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
      for (std::size_t nl; (nl = buffer_.find('\n')) != std::string::npos;) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        if (line.find(needle) != std::string::npos) return line;
        if (skipped != nullptr) *skipped += line + "\n";
      }
      pollfd p{out_, POLLIN, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      REQUIRE(left.count() > 0);
      REQUIRE(::poll(&p, 1, static_cast<int>(left.count())) > 0);
      char chunk[65536];
      const ssize_t n = ::read(out_, chunk, sizeof chunk);
      REQUIRE(n > 0);
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  // The exit code of a floe that ends on its own (30 s at most).
  int exit_code() {
    int status = 0;
    pid_t done = 0;
    for (int i = 0; i < 300 && (done = ::waitpid(pid_, &status, WNOHANG)) == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE(done == pid_);  // else the destructor kills it
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  // Ctrl-C; the exit code.
  int interrupt() {
    ::kill(pid_, SIGINT);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string buffer_;
};

}  // namespace

TEST_CASE("floe validate --watch prints the report, then what each save changed, and Ctrl-C exits with the outcome",
          "[cli][watch]") {
  const fs::path dir = fs::temp_directory_path() / ("floe-watch-cli-" + std::to_string(::getpid()));
  const fs::path product = make_product(dir / "p");
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // older than the parse cache's doubt

  SECTION("text") {
    Floe floe({"validate", "--watch", product.string()}, dir / "cache");
    std::string report;
    floe.line_with("watching for changes", &report);
    CHECK(report.find("FAILED (policy_violation") != std::string::npos);
    write(dir / "p/models/silver_orders.sql", "select * from {{ ref('bronze_missing') }}\n");
    std::string details;
    const std::string line = floe.line_with("silver_orders.sql:");
    CHECK(line.find("1 new, 0 gone") != std::string::npos);
    CHECK(line.find("judged in") != std::string::npos);
    floe.line_with("watching for changes", &details);
    CHECK(details.find("FLOE-E301") != std::string::npos);
    CHECK(details.find("bronze_missing") != std::string::npos);
    write(dir / "p/models/silver_orders.sql", "select * from {{ ref('bronze_orders') }}\n");
    CHECK(floe.line_with("silver_orders.sql:").find("0 new, 1 gone") != std::string::npos);
    CHECK(floe.line_with("fixed").find("FLOE-E301") != std::string::npos);
    CHECK(floe.interrupt() == 4);
  }
  SECTION("json lines") {
    Floe floe({"validate", "--watch", "--format", "json", product.string()}, dir / "cache");
    boost::json::value first = boost::json::parse(floe.line_with("\"round\":0"));
    CHECK(first.at("full") == true);
    CHECK(first.at("report").at("outcome") == "policy_violation");
    write(dir / "p/models/bronze_orders.sql", "select 1 as order_id -- saved again\n");
    boost::json::value next = boost::json::parse(floe.line_with("\"round\":1"));
    CHECK(next.at("full") == false);
    CHECK(next.at("appeared").as_array().empty());
    CHECK(next.at("resolved").as_array().empty());
    CHECK(next.at("changed").as_array().size() == 1);
    CHECK(floe.interrupt() == 4);
  }
  SECTION("sarif is refused") {
    Floe floe({"validate", "--watch", "--format", "sarif", product.string()}, dir / "cache");
    CHECK(floe.exit_code() == 2);
  }
  fs::remove_all(dir);
}
