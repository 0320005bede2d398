// Standard base64 (RFC 4648, with padding): signatures in cosign annotations,
// `auth` entries of docker config files, HTTP Basic credentials.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace floe {

std::string base64_encode(std::string_view bytes);

// Strict: the standard alphabet, padded to a multiple of 4, nothing else
// (no whitespace); nullopt otherwise.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace floe
