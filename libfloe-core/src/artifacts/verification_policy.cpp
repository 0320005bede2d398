#include "artifacts/verification_policy.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/located_document.hpp"
#include "config/yaml_reader.hpp"
#include "base/input_file.hpp"

namespace floe::oci {
namespace fs = std::filesystem;
namespace json = boost::json;

const char* verify_mode_name(VerifyMode m) {
  switch (m) {
    case VerifyMode::warn: return "warn";
    case VerifyMode::enforce: return "enforce";
    case VerifyMode::off: break;
  }
  return "off";
}

std::optional<VerifyMode> parse_verify_mode(const std::string& text) {
  if (text == "off") return VerifyMode::off;
  if (text == "warn") return VerifyMode::warn;
  if (text == "enforce") return VerifyMode::enforce;
  return std::nullopt;
}

Result<VerificationPolicy> policy_from_file(const std::string& file) {
  VerificationPolicy policy;
  auto text = read_input_file(file, InputRules{input_limits::kConfigFile});
  if (!text) {
    // No referring file (a command-line reference): the default. A file that
    // cannot be read (not a regular file, too large, the deadline passed)
    // must not quietly turn verification off.
    if (text.error().code == FLOE_ERR_NOT_FOUND) return policy;
    return std::move(text).error();
  }
  LocatedDocument doc;
  Diagnostics ignored;  // the file was validated by its own loader; a broken one yields the default here
  if (!read_yaml_document(*text, file, doc, ignored) || !doc.root.is_object()) return policy;
  const auto& root = doc.root.as_object();
  std::string section = root.contains("platform") ? "platform" : "artifacts";
  auto* holder = root.if_contains(section);
  if (!holder || !holder->is_object()) return policy;
  auto* v = holder->as_object().if_contains("verification");
  if (!v || !v->is_object()) return policy;
  std::string path = section + ".verification";
  fs::path base = fs::path(file).parent_path();
  for (const auto& k : v->as_object().contains("keys") && v->at("keys").is_array() ? v->at("keys").as_array()
                                                                                  : json::array{}) {
    if (!k.is_string()) continue;
    fs::path key(std::string(k.as_string()));
    policy.keys.push_back((key.is_absolute() || base.empty() ? key : base / key).lexically_normal().string());
  }
  policy.mode = policy.keys.empty() ? VerifyMode::off : VerifyMode::enforce;
  if (auto* m = v->as_object().if_contains("policy"); m && m->is_string()) {
    auto mode = parse_verify_mode(std::string(m->as_string()));
    if (!mode)
      return make_error(FLOE_ERR_INVALID_CONFIG,
                        fmt::format("{}: {}.policy must be enforce, warn or off", file, path));
    policy.mode = *mode;
  }
  policy.at = doc.at(path);
  return policy;
}

VerificationPolicy override_policy(VerificationPolicy base, const std::string& mode, const std::vector<std::string>& keys) {
  if (!keys.empty()) {
    base.keys = keys;
    if (mode.empty() && base.mode == VerifyMode::off) base.mode = VerifyMode::enforce;
  }
  if (auto m = parse_verify_mode(mode)) base.mode = *m;
  if (!mode.empty() || !keys.empty()) base.at = {};
  return base;
}

}  // namespace floe::oci
