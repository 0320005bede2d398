#include "core/uuid.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <random>

namespace floe {

std::string uuid_v7() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  auto ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  std::uint64_t high = (ms << 16) | 0x7000u | (random() & 0x0fffu);
  std::uint64_t low = (random() & 0x3fffffffffffffffull) | 0x8000000000000000ull;
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", high >> 32, (high >> 16) & 0xffffu, high & 0xffffu,
                     low >> 48, low & 0xffffffffffffull);
}

}  // namespace floe
