// What crosses the pipes between floe and floe-plugin-host, the helper that
// runs an isolated plugin (docs/abi.md#isolation). Both ends come from one
// build, so integers travel in host byte order.
//
// A frame is a uint32 length, then that many bytes: one kind byte and the
// kind's fields (u32/i32/u64 as raw bytes, strings as a u32 length and the
// bytes). floe writes requests on the helper's fd 3 and reads answers on its
// fd 4; fd 5 is a lifeline floe never writes (the helper ends when it reads
// end-of-file there: floe is gone). The helper's stdout is its stderr, so a
// plugin that prints cannot corrupt the protocol.
//
//   floe -> helper                        helper -> floe
//   I init                                O ok: u64 instance id, str payload
//   N instance_new: str config            E error: i32 status, str problem kind,
//   C call: u64 instance, str method,       str message, str detail JSON
//     str request                         L log: i32 level, str message
//   F instance_free: u64 instance         Q query: u8 'c'|'s'|'x' (get_config,
//   R reply to a query: i32 status,         get_secret, cancel_requested), str key
//     str value (or the message)          V event: str JSON (emit_event)
//
// Each request gets exactly one O or E; before it, any number of L and V, and
// of Q each answered by one R (a 'x' query: value "1" when the caller wants
// the running call to stop, else "0").
#pragma once

#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "plugin/plugin_endpoint.hpp"

namespace floe::wire {

inline constexpr int kProtocolVersion = 1;
inline constexpr int kRequestFd = 3;
inline constexpr int kAnswerFd = 4;
inline constexpr int kLifelineFd = 5;
// A frame longer than this is a broken peer, not a big answer.
inline constexpr uint32_t kMaxFrame = 1u << 30;

enum class Kind : char {
  init = 'I',
  instance_new = 'N',
  call = 'C',
  instance_free = 'F',
  reply = 'R',
  ok = 'O',
  error = 'E',
  log = 'L',
  query = 'Q',
  event = 'V',
};

class FrameWriter {
 public:
  explicit FrameWriter(Kind kind);
  FrameWriter& u8(uint8_t v) { return raw(&v, sizeof v); }
  FrameWriter& i32(int32_t v) { return raw(&v, sizeof v); }
  FrameWriter& u64(uint64_t v) { return raw(&v, sizeof v); }
  FrameWriter& str(std::string_view s);
  // The whole frame, length prefix included.
  std::string_view bytes();
  // Overwrites the bytes (a frame that carried a secret).
  void wipe();

 private:
  FrameWriter& raw(const void* p, size_t n);
  std::string bytes_;
};

class FrameReader {
 public:
  explicit FrameReader(std::string payload);
  Kind kind() const { return kind_; }
  uint8_t u8() { return raw<uint8_t>(); }
  int32_t i32() { return raw<int32_t>(); }
  uint64_t u64() { return raw<uint64_t>(); }
  std::string str();
  // False once a read went past the end: the frame was malformed.
  bool ok() const { return ok_; }
  // Overwrites the bytes (a frame that carried a secret).
  void wipe();

 private:
  template <class T>
  T raw() {
    T v{};
    if (payload_.size() - pos_ < sizeof v) {
      ok_ = false;
      return v;
    }
    std::memcpy(&v, payload_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  std::string payload_;
  Kind kind_{};
  size_t pos_ = 1;  // after the kind byte
  bool ok_ = true;
};

enum class Io { ok, closed, timed_out };
using Deadline = std::optional<std::chrono::steady_clock::time_point>;  // none: wait forever

// Reads one frame's payload (kind byte and fields). `closed` on end-of-file,
// an error, or a frame longer than kMaxFrame.
Io read_frame(int fd, std::string& payload, Deadline deadline);
// Writes a whole frame. Never raises SIGPIPE: a peer that is gone is `closed`.
Io write_frame(int fd, std::string_view bytes, Deadline deadline);

// The plugin description the helper sends after init (JSON), and its reading
// on floe's side, where the manifest comes from discovery.
std::string summary_to_json(const PluginSummary& summary);
Result<PluginSummary> summary_from_json(std::string_view text, const PluginManifest& manifest);

}  // namespace floe::wire
