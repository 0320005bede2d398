#include "plugin/plugin_server.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "core/c_memory.hpp"
#include "base/json_text.hpp"
#include "plugin/helper_protocol.hpp"
#include "plugin/host_api.hpp"
#include "plugin/in_process_plugin.hpp"

namespace floe {
namespace {

using wire::FrameReader;
using wire::FrameWriter;
using wire::Kind;

// The answer pipe, shared by the serving loop and the plugin's own threads
// (log lines, host queries). A query is answered only while floe waits for
// a call: that is when floe reads this pipe and answers.
struct Channel {
  std::mutex mutex;
  bool in_call = false;

  void send(FrameWriter& frame) { (void)wire::write_frame(wire::kAnswerFd, frame.bytes(), std::nullopt); }

  void begin_call() {
    std::lock_guard<std::mutex> lock(mutex);
    in_call = true;
  }
  // Ends the call and sends its answer, atomically with respect to queries.
  void finish_call(FrameWriter& answer) {
    std::lock_guard<std::mutex> lock(mutex);
    in_call = false;
    send(answer);
  }
};

Channel& channel() {
  static auto* c = new Channel();  // plugin threads may log until exit
  return *c;
}

void forward_log(void*, int32_t level, const char*, const char* message) {
  try {
    FrameWriter frame(Kind::log);
    frame.i32(level).str(message != nullptr ? message : "");
    std::lock_guard<std::mutex> lock(channel().mutex);
    channel().send(frame);
  } catch (...) {
    // Logging must never throw into a plugin.
  }
}

void forward_event(void*, const char* event_json, size_t length) {
  try {
    if (event_json == nullptr) return;
    FrameWriter frame(Kind::event);
    frame.str(std::string_view(event_json, length));
    std::lock_guard<std::mutex> lock(channel().mutex);
    // Like a query, an event means something only during a call.
    if (channel().in_call) channel().send(frame);
  } catch (...) {
    // Events are advisory: never throw into a plugin.
  }
}

floe_status ask_host(char what, const char* name, const char* key, floe_buffer* out, floe_error* error) {
  if (key == nullptr) return set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, fmt::format("{}: key is NULL", name));
  try {
    Channel& c = channel();
    std::lock_guard<std::mutex> lock(c.mutex);
    if (!c.in_call)
      return set_c_error(error, FLOE_ERR_INVALID_STATE,
                         fmt::format("{}: an isolated plugin reaches the host only during one of its calls", name));
    FrameWriter query(Kind::query);
    query.u8(static_cast<uint8_t>(what)).str(key);
    c.send(query);
    std::string payload;
    if (wire::read_frame(wire::kRequestFd, payload, std::nullopt) != wire::Io::ok)
      return set_c_error(error, FLOE_ERR_UNAVAILABLE, fmt::format("{}: floe has gone away", name));
    FrameReader reply(std::move(payload));
    floe_status status = reply.i32();
    std::string value = reply.str();
    if (reply.kind() != Kind::reply || !reply.ok())
      return set_c_error(error, FLOE_ERR_INTERNAL, fmt::format("{}: malformed reply from floe", name));
    status = status == FLOE_OK ? set_c_buffer(out, value, error) : set_c_error(error, status, value);
    std::fill(value.begin(), value.end(), '\0');
    reply.wipe();  // a secret passed through it
    return status;
  } catch (...) {
    return set_c_error(error, FLOE_ERR_INTERNAL, fmt::format("{}: out of memory", name));
  }
}

// The table the plugin gets: floe's answers, fetched over the pipes.
const floe_host_api* forwarding_host() {
  static const floe_host_api table = [] {
    floe_host_api t = base_host_table();
    t.log = &forward_log;
    t.get_config = [](void*, const char* key, floe_buffer* out, floe_error* error) {
      return ask_host('c', "get_config", key, out, error);
    };
    t.get_secret = [](void*, const char* reference, floe_buffer* out, floe_error* error) {
      return ask_host('s', "get_secret", reference, out, error);
    };
    t.emit_event = &forward_event;
    t.cancel_requested = [](void*) -> int32_t {
      floe_buffer answer = FLOE_BUFFER_INIT;
      floe_status status = ask_host('x', "cancel_requested", "", &answer, nullptr);
      bool stop = status == FLOE_OK && answer.length == 1 && answer.data[0] == '1';
      floe_buffer_release(&answer);
      return stop ? 1 : 0;
    };
    return t;
  }();
  return &table;
}

FrameWriter error_frame(const Error& e, const std::string& kind = {}) {
  FrameWriter f(Kind::error);
  f.i32(e.code).str(kind).str(e.message).str(e.detail.empty() ? std::string() : serialize_json(boost::json::value(e.detail)));
  return f;
}

FrameWriter ok_frame(uint64_t id, std::string_view payload = {}) {
  FrameWriter f(Kind::ok);
  f.u64(id).str(payload);
  return f;
}

// floe is gone when nobody holds the lifeline's write end any more.
void watch_lifeline() {
  std::thread([] {
    char byte;
    while (::read(wire::kLifelineFd, &byte, 1) < 0 && errno == EINTR) {
    }
    _exit(0);
  }).detach();
}

class Server {
 public:
  explicit Server(std::string manifest_file) : manifest_file_(std::move(manifest_file)) {}

  FrameWriter handle(FrameReader& request) {
    switch (request.kind()) {
      case Kind::init: return init();
      case Kind::instance_new: {
        std::string config = request.str();
        if (!request.ok() || !plugin_) break;
        channel().begin_call();
        auto made = plugin_->instance_new(config);
        if (!made) return error_frame(made.error());
        live_.insert(made.value());
        return ok_frame(made.value());
      }
      case Kind::call: {
        uint64_t id = request.u64();
        std::string method = request.str(), body = request.str();
        if (!request.ok() || !plugin_ || live_.count(id) == 0) break;
        channel().begin_call();
        auto answer = plugin_->call(id, method, body);
        return answer ? ok_frame(id, answer.value()) : error_frame(answer.error());
      }
      case Kind::instance_free: {
        uint64_t id = request.u64();
        if (!request.ok() || !plugin_ || live_.erase(id) == 0) break;
        channel().begin_call();
        auto freed = plugin_->instance_free(id);
        return freed ? ok_frame(id) : error_frame(freed.error());
      }
      default: break;
    }
    return error_frame(make_error(FLOE_ERR_INTERNAL, "floe-plugin-host: a request out of order or malformed"));
  }

 private:
  FrameWriter init() {
    if (plugin_) return error_frame(make_error(FLOE_ERR_INTERNAL, "floe-plugin-host: init sent twice"));
    auto manifest = read_plugin_manifest(manifest_file_);
    if (!manifest) return error_frame(manifest.error(), "manifest_invalid");
    std::string kind;
    channel().begin_call();
    auto loaded = load_plugin(manifest.value(), forwarding_host(), kind);
    if (!loaded) return error_frame(loaded.error(), kind);
    plugin_ = std::make_unique<InProcessPlugin>(std::move(loaded).value());
    return ok_frame(0, wire::summary_to_json(plugin_->summary()));
  }

  std::string manifest_file_;
  std::unique_ptr<InProcessPlugin> plugin_;
  std::set<InstanceId> live_;
};

}  // namespace

int serve_plugin(const std::string& manifest_file) {
  // Programs a plugin starts must not inherit the protocol's pipes.
  for (int fd : {wire::kRequestFd, wire::kAnswerFd, wire::kLifelineFd}) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  watch_lifeline();
  Server server(manifest_file);
  std::string payload;
  while (wire::read_frame(wire::kRequestFd, payload, std::nullopt) == wire::Io::ok) {
    FrameReader request(std::move(payload));
    FrameWriter answer = server.handle(request);
    channel().finish_call(answer);
  }
  return 0;  // floe closed the pipe: the registry is done with this plugin
}

}  // namespace floe
