// Every input is hostile (issue 18), through the floe executable: tampered
// OCI layouts (a FIFO or /dev/zero as index.json, an oversized index,
// symlinked blobs and blobs/ directories, a tag named twice, a manifest blob
// that is a FIFO, a blob longer than declared), and the user's own files
// (a FIFO or oversized floe.yaml and manifest.yaml, key files, floe.lock, a
// dbt project with a symlink loop). Each must end at once with its coded
// diagnostic and documented exit code, and leave nothing in the cache or the
// output directory. floe runs under a time limit here: a regression that
// blocks fails the test (timed_out) instead of hanging the suite.
//
// --timeout: a registry that accepts the connection and never answers, and
// a layout whose index lock another process holds, both end at the deadline
// with FLOE-L001 and exit 124.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "../oci/artifact_test_support.hpp"
#include "core/sha256.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr std::chrono::seconds kLimit{30};  // far beyond what any case takes

struct Bounded {
  ProcessResult process;
  json::value report;  // null unless --format json printed one
};

// floe with the workspace's environment, killed after kLimit.
Bounded floe_bounded(const ArtifactWorkspace& ws, std::vector<std::string> args, bool json_report = true) {
  auto env = ws.env();
  env["SOURCE_DATE_EPOCH"] = "1767225600";
  env["NO_COLOR"] = "1";
  if (json_report) args.insert(args.end(), {"--format", "json"});
  Bounded b;
  b.process = run_process(std::string(FLOE_TEST_BIN_DIR) + "/floe", args, env, kLimit);
  INFO("stdout: " << b.process.out.substr(0, 3000) << "\nstderr: " << b.process.err);
  REQUIRE_FALSE(b.process.timed_out);  // blocked: the protection is gone
  if (json_report) REQUIRE_NOTHROW(b.report = json::parse(b.process.out));
  return b;
}

std::string message_of(const json::value& report, const std::string& code) {
  const json::object* d = find_diagnostic(report, code);
  return d ? std::string(d->at("message").as_string()) : std::string();
}

// Every file under `dir` that is not a directory (content, temporary
// leftovers, links): what "nothing landed" compares.
std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (!it->is_directory()) out.insert(fs::relative(it->path(), dir).generic_string());
  return out;
}

void replace_with_fifo(const fs::path& p) {
  std::error_code ec;
  fs::remove(p, ec);
  REQUIRE(::mkfifo(p.c_str(), 0600) == 0);
}

// A published platform in the workspace's OCI layout (examples/registry/platform).
struct PublishedLayout {
  ArtifactWorkspace ws;
  fs::path layout;
  std::string digest;      // the manifest of tag 1.0.0
  std::string layer;       // the digest of its first layer
  fs::path out;            // where pulls write (-o)

  PublishedLayout() : layout(ws.examples / "registry/platform"), out(ws.tmp.path() / "pulled") {
    auto published = floe_bounded(ws, {"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string()});
    REQUIRE(published.process.exit_code == 0);
    digest = std::string(published.report.at("result").at("digest").as_string());
    json::value m = json::parse(read_file(layout_blob(layout, digest)));
    layer = std::string(m.at("layers").at(0).at("digest").as_string());
  }

  std::string ref() const { return "oci-layout:" + layout.string() + ":1.0.0"; }

  // Pulls into a fresh cache and -o: refused with `code` and exit `exit_code`,
  // nothing in the cache, no output directory. Returns the report.
  json::value refused_pull(int exit_code, const std::string& code) {
    std::set<std::string> cache_before = listing(ws.cache);
    auto pull = floe_bounded(ws, {"platform", "pull", ref(), "-o", out.string()});
    INFO("stderr: " << pull.process.err << "\nreport: " << json::serialize(pull.report));
    CHECK(pull.process.exit_code == exit_code);
    CHECK(codes(pull.report) == std::vector<std::string>{code});
    CHECK(pull.process.seconds < 10);
    CHECK(listing(ws.cache) == cache_before);  // nothing landed in the cache
    CHECK_FALSE(fs::exists(out));              // nor in the output directory
    return pull.report;
  }
};

}  // namespace

TEST_CASE("the untampered layout pulls (the cases below start from it)", "[hostile][layout]") {
  PublishedLayout l;
  auto pull = floe_bounded(l.ws, {"platform", "pull", l.ref(), "-o", l.out.string()});
  CHECK(pull.process.exit_code == 0);
  CHECK(fs::exists(l.out / "manifest.json"));
}

TEST_CASE("index.json that is a FIFO: refused at once, exit 7", "[hostile][layout][fifo]") {
  PublishedLayout l;
  replace_with_fifo(l.layout / "index.json");
  auto report = l.refused_pull(7, "FLOE-R904");
  CHECK(message_of(report, "FLOE-R904").find("index.json is not a regular file (a FIFO") != std::string::npos);
}

TEST_CASE("index.json that is a symlink to /dev/zero: refused at once, exit 7", "[hostile][layout]") {
  PublishedLayout l;
  fs::remove(l.layout / "index.json");
  fs::create_symlink("/dev/zero", l.layout / "index.json");
  auto report = l.refused_pull(7, "FLOE-R904");
  CHECK(message_of(report, "FLOE-R904").find("index.json is a symlink") != std::string::npos);
}

TEST_CASE("an index.json over 4 MiB is refused before it is read, exit 7", "[hostile][layout]") {
  PublishedLayout l;
  // Still valid JSON: only its size is wrong.
  write_file(l.layout / "index.json", read_file(l.layout / "index.json") + std::string(4 * 1024 * 1024, ' '));
  auto report = l.refused_pull(7, "FLOE-R904");
  CHECK(message_of(report, "FLOE-R904").find("index.json is larger than 4 MiB") != std::string::npos);
}

TEST_CASE("a blob that is a symlink is not followed, even to identical content, exit 7", "[hostile][layout][symlink]") {
  PublishedLayout l;
  fs::path blob = layout_blob(l.layout, l.layer);
  fs::path elsewhere = l.ws.tmp.path() / "elsewhere" / blob.filename();
  fs::create_directories(elsewhere.parent_path());
  fs::rename(blob, elsewhere);
  fs::create_symlink(elsewhere, blob);
  auto report = l.refused_pull(7, "FLOE-R904");
  CHECK(message_of(report, "FLOE-R904").find("is a symlink") != std::string::npos);
  // The manifest blob too, and a layer pointing at /dev/zero.
  PublishedLayout m;
  fs::path manifest = layout_blob(m.layout, m.digest);
  fs::remove(manifest);
  fs::create_symlink("/dev/zero", manifest);
  m.refused_pull(7, "FLOE-R904");
}

TEST_CASE("a blobs/ directory that is a symlink elsewhere is refused, exit 7", "[hostile][layout][symlink]") {
  PublishedLayout l;
  fs::path elsewhere = l.ws.tmp.path() / "elsewhere-blobs";
  fs::rename(l.layout / "blobs", elsewhere);
  fs::create_directory_symlink(elsewhere, l.layout / "blobs");
  auto report = l.refused_pull(7, "FLOE-R904");
  CHECK(message_of(report, "FLOE-R904").find("blobs is a symlink") != std::string::npos);
  // blobs/sha256/ likewise.
  PublishedLayout s;
  fs::path other = s.ws.tmp.path() / "elsewhere-sha256";
  fs::rename(s.layout / "blobs/sha256", other);
  fs::create_directory_symlink(other, s.layout / "blobs/sha256");
  s.refused_pull(7, "FLOE-R904");
}

TEST_CASE("a tag named twice in index.json for different manifests is an error naming both", "[hostile][layout]") {
  PublishedLayout l;
  // A second, valid manifest (the same one with a trailing newline) under the same tag.
  std::string bytes = read_file(layout_blob(l.layout, l.digest)) + "\n";
  std::string other = "sha256:" + floe::sha256_hex(bytes);
  write_file(layout_blob(l.layout, other), bytes);
  json::value index = json::parse(read_file(l.layout / "index.json"));
  json::object entry = index.at("manifests").at(0).as_object();
  entry["digest"] = other;
  entry["size"] = bytes.size();
  index.at("manifests").as_array().push_back(entry);
  write_file(l.layout / "index.json", json::serialize(index));
  auto report = l.refused_pull(7, "FLOE-R904");
  std::string message = message_of(report, "FLOE-R904");
  CHECK(message.find("names tag '1.0.0' twice") != std::string::npos);
  CHECK(message.find(l.digest) != std::string::npos);
  CHECK(message.find(other) != std::string::npos);
  // By digest, either is unambiguous.
  auto pinned = floe_bounded(l.ws, {"platform", "pull", "oci-layout:" + l.layout.string() + "@" + l.digest});
  CHECK(pinned.process.exit_code == 0);
}

TEST_CASE("a manifest blob that is a FIFO is refused at once, exit 7", "[hostile][layout][fifo]") {
  PublishedLayout l;
  replace_with_fifo(layout_blob(l.layout, l.digest));
  auto report = l.refused_pull(7, "FLOE-R904");
  CHECK(message_of(report, "FLOE-R904").find("is not a regular file") != std::string::npos);
  // A layer blob likewise.
  PublishedLayout m;
  replace_with_fifo(layout_blob(m.layout, m.layer));
  m.refused_pull(7, "FLOE-R904");
}

TEST_CASE("a layer blob longer than its descriptor says is refused before it is copied, exit 7", "[hostile][layout]") {
  PublishedLayout l;
  fs::path blob = layout_blob(l.layout, l.layer);
  write_file(blob, read_file(blob) + std::string(1 << 20, 'x'));
  auto report = l.refused_pull(7, "FLOE-R904");
  CHECK(message_of(report, "FLOE-R904").find("is larger than") != std::string::npos);
}

TEST_CASE("floe.yaml and manifest.yaml that are FIFOs or oversized: FLOE-C001, exit 3, at once", "[hostile][config][fifo]") {
  ArtifactWorkspace ws;
  fs::path product = ws.examples / "customer-360/floe.yaml";
  replace_with_fifo(product);
  auto validate = floe_bounded(ws, {"validate", product.string()});
  CHECK(validate.process.exit_code == 3);
  CHECK(codes(validate.report) == std::vector<std::string>{"FLOE-C001"});
  CHECK(message_of(validate.report, "FLOE-C001").find("is not a regular file (a FIFO") != std::string::npos);

  fs::path manifest = ws.examples / "platform/manifest.yaml";
  replace_with_fifo(manifest);
  auto compile = floe_bounded(ws, {"platform", "compile", manifest.string()});
  CHECK(compile.process.exit_code == 3);
  CHECK(codes(compile.report) == std::vector<std::string>{"FLOE-C001"});
  CHECK_FALSE(fs::exists(ws.examples / "platform/target"));

  // A symlink to /dev/zero, and a file over 16 MiB.
  fs::remove(manifest);
  fs::create_symlink("/dev/zero", manifest);
  CHECK(floe_bounded(ws, {"platform", "compile", manifest.string()}).process.exit_code == 3);
  fs::remove(product);
  write_file(product, "apiVersion: floe.dev/v1\n" + std::string(16 * 1024 * 1024, '#'));
  auto big = floe_bounded(ws, {"validate", product.string()});
  CHECK(big.process.exit_code == 3);
  CHECK(message_of(big.report, "FLOE-C001").find("is larger than 16 MiB") != std::string::npos);
}

TEST_CASE("key files: oversized or a FIFO is FLOE-R907, exit 3, at once", "[hostile][keys][fifo]") {
  PublishedLayout l;
  fs::path big = l.ws.tmp.path() / "big.pub";
  write_file(big, "-----BEGIN PUBLIC KEY-----\n" + std::string(100 * 1024, 'A') + "\n-----END PUBLIC KEY-----\n");
  auto verify = floe_bounded(l.ws, {"artifact", "verify", l.ref(), "--key", big.string()});
  CHECK(verify.process.exit_code == 3);
  CHECK(codes(verify.report) == std::vector<std::string>{"FLOE-R907"});
  CHECK(message_of(verify.report, "FLOE-R907").find("larger than 64 KiB") != std::string::npos);

  fs::path pipe = l.ws.tmp.path() / "pipe.key";
  replace_with_fifo(pipe);
  auto sign = floe_bounded(l.ws, {"artifact", "sign", l.ref(), "--key", pipe.string()});
  CHECK(sign.process.exit_code == 3);
  CHECK(codes(sign.report) == std::vector<std::string>{"FLOE-R907"});
  CHECK(message_of(sign.report, "FLOE-R907").find("is not a regular file") != std::string::npos);
  auto pull = floe_bounded(l.ws, {"platform", "pull", l.ref(), "--key", pipe.string()});
  CHECK(pull.process.exit_code == 3);
  CHECK_FALSE(fs::exists(l.ws.cache / "floe/oci/platforms"));
}

TEST_CASE("a floe.lock that is a FIFO is FLOE-R907, exit 3, at once", "[hostile][lock][fifo]") {
  PublishedLayout l;
  fs::path product = l.ws.examples / "customer-360/floe.yaml";
  std::string text = read_file(product);
  const std::string from = "ref: ../enterprise/domains/sales/manifest.yaml";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), "ref: oci-layout:../registry/platform:1.0.0");
  write_file(product, text);
  replace_with_fifo(product.parent_path() / "floe.lock");
  auto validate = floe_bounded(l.ws, {"validate", product.string()});
  CHECK(validate.process.exit_code == 3);
  CHECK(codes(validate.report) == std::vector<std::string>{"FLOE-R907"});
  CHECK(message_of(validate.report, "FLOE-R907").find("is not a regular file") != std::string::npos);
}

TEST_CASE("a dbt project with a symlink loop: FLOE-D008, exit 3, no hang", "[hostile][dbt][symlink]") {
  ArtifactWorkspace ws;
  fs::path models = ws.examples / "customer-360/models";
  fs::create_directory_symlink(models, models / "loop");
  auto validate = floe_bounded(ws, {"validate", (ws.examples / "customer-360/floe.yaml").string()});
  CHECK(validate.process.exit_code == 3);
  CHECK(codes(validate.report) == std::vector<std::string>{"FLOE-D008"});
  // And one that leads outside the project.
  fs::remove(models / "loop");
  fs::create_directory_symlink(ws.tmp.path(), models / "outside");
  auto outside = floe_bounded(ws, {"validate", (ws.examples / "customer-360/floe.yaml").string()});
  CHECK(outside.process.exit_code == 3);
  CHECK(codes(outside.report) == std::vector<std::string>{"FLOE-D007"});
}

TEST_CASE("the --timeout deadline: a registry that never answers ends at the deadline, FLOE-L001, exit 124", "[hostile][timeout]") {
  ArtifactWorkspace ws;
  // Listening, so connections complete (in the kernel's backlog), but never
  // accepted nor answered.
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(s >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(s, 16) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  const std::string host = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  auto pull = floe_bounded(ws, {"platform", "pull", "oci://" + host + "/floe/platform:1.0.0", "--timeout", "1"});
  ::close(s);
  INFO("stderr: " << pull.process.err);
  CHECK(pull.process.exit_code == 124);
  CHECK(pull.report.at("outcome") == "timed_out");
  CHECK(codes(pull.report) == std::vector<std::string>{"FLOE-L001"});
  CHECK(message_of(pull.report, "FLOE-L001").find("deadline (1 s) passed") != std::string::npos);
  CHECK(pull.process.seconds < 8);
  CHECK_FALSE(fs::exists(ws.cache / "floe/oci/platforms"));
}

TEST_CASE("the --timeout deadline: waiting on a layout lock another process holds ends at the deadline, exit 124", "[hostile][timeout]") {
  ArtifactWorkspace ws;
  fs::path layout = ws.examples / "registry/platform";
  fs::create_directories(layout);
  int fd = ::open((layout / ".floe-index.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX) == 0);
  auto publish = floe_bounded(ws, {"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string(),
                                   "--timeout", "1.5"});
  ::close(fd);
  INFO("stderr: " << publish.process.err);
  CHECK(publish.process.exit_code == 124);
  CHECK(codes(publish.report) == std::vector<std::string>{"FLOE-L001"});
  CHECK(publish.process.seconds < 8);
  CHECK_FALSE(fs::exists(layout / "index.json"));
  CHECK_FALSE(fs::exists(layout / "oci-layout"));
  // The text form says it too.
  int again = ::open((layout / ".floe-index.lock").c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(::flock(again, LOCK_EX) == 0);
  auto text = floe_bounded(ws, {"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string(),
                                "--timeout", "1"},
                           false);
  ::close(again);
  CHECK(text.process.exit_code == 124);
  CHECK(text.process.err.find("FLOE-L001") != std::string::npos);
}
