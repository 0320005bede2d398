// floe.lock: the digests a product's (or a domain manifest's) OCI references
// resolved to, written by `floe init` beside the file that holds the
// reference. While the lock names a digest for a reference, every compile
// uses exactly that content (a pinned pull: from the cache, offline).
//
// {"lockVersion": 1, "pins": [{"reference": "oci://host/repo:1.2.3",
//   "digest": "sha256:...", "name": "...", "version": "1.2.3",
//   "verified_by": "sha256:<key id>" | null}]}
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace floe::oci {

struct LockPin {
  std::string reference;  // as written in the referring file (tag form)
  std::string digest;
  std::string name, version;
  std::string verified_by;  // key id that verified the signature, "" if not verified
};

struct LockFile {
  std::vector<LockPin> pins;
  const LockPin* find(const std::string& reference) const;
  void set(LockPin pin);  // replaces the pin of the same reference
};

// The lock beside `referring_file` (<dir>/floe.lock).
std::string lock_path_for(const std::string& referring_file);

// An absent file is an empty lock; a malformed one is an error naming it.
Result<LockFile> read_lock_file(const std::string& path);
Result<Ok> write_lock_file(const std::string& path, const LockFile& lock);

}  // namespace floe::oci
