// Receiving a blob safely: bytes go to a temporary file beside the
// destination while their SHA-256 is computed; more bytes than the
// descriptor's size fail at once; commit() renames the file into place only
// if the size and digest match. A VerifiedFile destroyed without a
// successful commit removes its temporary file, so a failed, truncated or
// tampered transfer leaves nothing behind.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "base/result.hpp"
#include "core/sha256.hpp"
#include "oci/descriptor.hpp"

namespace floe::oci {

class VerifiedFile {
 public:
  VerifiedFile(std::string dest_path, Descriptor expected);
  ~VerifiedFile();
  VerifiedFile(const VerifiedFile&) = delete;
  VerifiedFile& operator=(const VerifiedFile&) = delete;

  // Creates the parent directories and the temporary file.
  Result<Ok> open();
  // Appends bytes; fails (and stops accepting) once more than expected.size
  // bytes have arrived or the file cannot be written.
  Result<Ok> write(const char* data, std::size_t n);
  // Checks size and digest, flushes and renames into place. Errors:
  // FLOE_ERR_INVALID_ARGUMENT with detail {"kind":"verification"} for a
  // mismatch (message: expected vs got), FLOE_ERR_IO for the file system.
  Result<Ok> commit();
  // Discards what was received (also done by the destructor).
  void abandon();

  std::uint64_t received() const { return received_; }
  const std::string& dest_path() const { return dest_; }

 private:
  std::string dest_;
  Descriptor expected_;
  std::string temp_;
  std::FILE* file_ = nullptr;
  Sha256Stream hash_;
  std::uint64_t received_ = 0;
  bool failed_ = false;
};

// An error for content that did not match its descriptor.
Error verification_error(std::string message);

// True if `e` is a digest/size/signature verification failure.
bool is_verification_error(const Error& e);

}  // namespace floe::oci
