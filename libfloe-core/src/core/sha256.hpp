// SHA-256 digests (OpenSSL), hex-encoded: identifies exactly which bytes a
// compiled artifact was made from.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace floe {

std::string sha256_hex(std::string_view bytes);
// Streams the file; nullopt when it cannot be read.
std::optional<std::string> sha256_file_hex(const std::string& path);

}  // namespace floe
