#include "artifacts/lock_file.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <filesystem>

#include "base/atomic_file.hpp"
#include "core/json_path.hpp"
#include "base/json_text.hpp"
#include "base/deadline.hpp"
#include "base/input_file.hpp"
#include "oci/descriptor.hpp"

namespace floe::oci {
namespace fs = std::filesystem;
namespace json = boost::json;

const LockPin* LockFile::find(const std::string& reference) const {
  for (const auto& p : pins)
    if (p.reference == reference) return &p;
  return nullptr;
}

void LockFile::set(LockPin pin) {
  for (auto& p : pins)
    if (p.reference == pin.reference) {
      p = std::move(pin);
      return;
    }
  pins.push_back(std::move(pin));
}

std::string lock_path_for(const std::string& referring_file) {
  fs::path dir = fs::path(referring_file).parent_path();
  return (dir.empty() ? fs::path("floe.lock") : dir / "floe.lock").string();
}

Result<LockFile> read_lock_file(const std::string& path) {
  LockFile lock;
  std::error_code exists_ec;
  if (!fs::exists(path, exists_ec)) return lock;
  auto bad = [&](const std::string& why) {
    return make_error(FLOE_ERR_INVALID_CONFIG,
                      fmt::format("{} is not a valid floe lock file ({}); delete it and run floe init again", path, why));
  };
  auto v = read_json_file(path, input_limits::kConfigFile);
  if (!v && is_deadline_error(v.error())) return std::move(v).error();
  if (!v) return bad(v.error().message);
  if (!v->is_object()) return bad("not a JSON object");
  auto* pins = v->as_object().if_contains("pins");
  if (!pins || !pins->is_array()) return bad("no pins array");
  for (const auto& p : pins->as_array()) {
    LockPin pin{string_at(p, {"reference"}), string_at(p, {"digest"}), string_at(p, {"name"}),
                string_at(p, {"version"}), string_at(p, {"verified_by"})};
    if (pin.reference.empty() || !is_sha256_digest(pin.digest)) return bad("a pin lacks a reference or a sha256 digest");
    lock.pins.push_back(std::move(pin));
  }
  return lock;
}

Result<Ok> write_lock_file(const std::string& path, const LockFile& lock) {
  json::array pins;
  for (const auto& p : lock.pins) {
    json::object o;
    o["reference"] = p.reference;
    o["digest"] = p.digest;
    o["name"] = p.name;
    o["version"] = p.version;
    o["verified_by"] = p.verified_by.empty() ? json::value(nullptr) : json::value(p.verified_by);
    pins.push_back(std::move(o));
  }
  json::object root{{"lockVersion", 1}, {"pins", std::move(pins)}};
  return write_file_atomically(path, pretty_json(root) + "\n");
}

}  // namespace floe::oci
