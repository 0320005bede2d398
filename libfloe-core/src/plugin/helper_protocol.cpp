#include "plugin/helper_protocol.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "base/c_memory.hpp"
#include "base/child_spawn.hpp"
#include "base/json_text.hpp"

namespace floe::wire {
namespace {

using Clock = std::chrono::steady_clock;

// Waits until `fd` is ready for `events`; false when the deadline passed.
bool wait_ready(int fd, short events, Deadline deadline) {
  for (;;) {
    int timeout = -1;
    if (deadline) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now()).count();
      if (left <= 0) return false;
      timeout = left > 1'000'000 ? 1'000'000 : static_cast<int>(left);
    }
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, timeout);
    if (n > 0) return true;  // ready, or hung up / in error: the read or write says which
    if (n < 0 && errno != EINTR) return true;
  }
}

Io read_exactly(int fd, char* p, size_t n, Deadline deadline) {
  while (n > 0) {
    if (!wait_ready(fd, POLLIN, deadline)) return Io::timed_out;
    ssize_t got = ::read(fd, p, n);
    if (got == 0) return Io::closed;
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return Io::closed;
    }
    p += got;
    n -= static_cast<size_t>(got);
  }
  return Io::ok;
}


void wipe_bytes(std::string& s) { base::wipe(s.data(), s.size()); }

}  // namespace

FrameWriter::FrameWriter(Kind kind) {
  bytes_.assign(sizeof(uint32_t), '\0');
  bytes_.push_back(static_cast<char>(kind));
}

FrameWriter& FrameWriter::raw(const void* p, size_t n) {
  bytes_.append(static_cast<const char*>(p), n);
  return *this;
}

FrameWriter& FrameWriter::str(std::string_view s) {
  auto n = static_cast<uint32_t>(s.size());
  raw(&n, sizeof n);
  bytes_.append(s);
  return *this;
}

std::string_view FrameWriter::bytes() {
  auto n = static_cast<uint32_t>(bytes_.size() - sizeof(uint32_t));
  std::memcpy(bytes_.data(), &n, sizeof n);
  return bytes_;
}

FrameReader::FrameReader(std::string payload) : payload_(std::move(payload)) {
  if (!payload_.empty()) kind_ = static_cast<Kind>(payload_.front());
}

void FrameWriter::wipe() { wipe_bytes(bytes_); }
void FrameReader::wipe() { wipe_bytes(payload_); }

std::string FrameReader::str() {
  uint32_t n = raw<uint32_t>();
  if (!ok_ || payload_.size() - pos_ < n) {
    ok_ = false;
    return {};
  }
  std::string s = payload_.substr(pos_, n);
  pos_ += n;
  return s;
}

Io read_frame(int fd, std::string& payload, Deadline deadline) {
  uint32_t n = 0;
  if (Io r = read_exactly(fd, reinterpret_cast<char*>(&n), sizeof n, deadline); r != Io::ok) return r;
  if (n == 0 || n > kMaxFrame) return Io::closed;
  payload.resize(n);
  return read_exactly(fd, payload.data(), n, deadline);
}

Io write_frame(int fd, std::string_view bytes, Deadline deadline) {
  const char* p = bytes.data();
  size_t n = bytes.size();
  while (n > 0) {
    if (!wait_ready(fd, POLLOUT, deadline)) return Io::timed_out;
    ssize_t put = base::detail::write_without_sigpipe(fd, p, n);
    if (put < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return Io::closed;
    }
    p += put;
    n -= static_cast<size_t>(put);
  }
  return Io::ok;
}

std::string summary_to_json(const PluginSummary& s) {
  boost::json::array capabilities, requirements, implemented;
  for (const auto& c : s.capabilities) capabilities.emplace_back(c);
  for (const auto& r : s.requirements) requirements.emplace_back(r);
  for (bool i : s.implemented) implemented.emplace_back(i);
  return boost::json::serialize(boost::json::object{{"floe_version", FLOE_VERSION_STRING},
                                                    {"abi_version", s.abi_version},
                                                    {"name", s.name},
                                                    {"version", s.version},
                                                    {"description", s.description},
                                                    {"capabilities", capabilities},
                                                    {"requirements", requirements},
                                                    {"config_schema", s.config_schema},
                                                    {"implemented", implemented}});
}

Result<PluginSummary> summary_from_json(std::string_view text, const PluginManifest& manifest) {
  auto bad = [&](std::string_view why) {
    return make_error(FLOE_ERR_INTERNAL,
                      fmt::format("{}/{}: the plugin host helper sent a malformed description ({})", manifest.category,
                                  manifest.name, why));
  };
  auto parsed = parse_json(text, "plugin description");
  if (!parsed || !parsed->is_object()) return bad("not a JSON object");
  const auto& doc = parsed->get_object();
  try {
    if (boost::json::value_to<std::string>(doc.at("floe_version")) != FLOE_VERSION_STRING)
      return make_error(FLOE_ERR_LOAD_FAILED,
                        fmt::format("{}/{}: the plugin host helper is floe {}, this library is floe {}; reinstall floe "
                                    "so the two match",
                                    manifest.category, manifest.name, boost::json::serialize(doc.at("floe_version")),
                                    FLOE_VERSION_STRING));
    PluginSummary s;
    s.manifest = manifest;
    s.category = category_by_name(manifest.category);
    s.abi_version = boost::json::value_to<uint32_t>(doc.at("abi_version"));
    s.name = boost::json::value_to<std::string>(doc.at("name"));
    s.version = boost::json::value_to<std::string>(doc.at("version"));
    s.description = boost::json::value_to<std::string>(doc.at("description"));
    s.capabilities = boost::json::value_to<std::vector<std::string>>(doc.at("capabilities"));
    s.requirements = boost::json::value_to<std::vector<std::string>>(doc.at("requirements"));
    s.config_schema = doc.at("config_schema");
    s.implemented = boost::json::value_to<std::vector<bool>>(doc.at("implemented"));
    if (s.category == nullptr || s.implemented.size() != s.category->methods.size()) return bad("method list");
    return s;
  } catch (const std::exception& e) {
    return bad(e.what());
  }
}

}  // namespace floe::wire
