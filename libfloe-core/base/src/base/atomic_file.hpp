// Writing files so that nothing half-written is ever left on disk: content
// goes to a temporary file in the same directory, is flushed, then renamed
// over the target (rename is atomic within a file system).
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace floe {

// synced: the content is on disk before the rename (lock files, published
// artifacts, what the user asked to write).
// unsynced: only all-or-nothing, for what floe rebuilds when a crash of the
// machine loses it: the compile record, and a product's outputs in target/,
// which the record lists by digest, so a compile after the crash finds an
// output that did not reach the disk and writes it again. Saves an fsync
// (0.2 to 10 ms each here, a journal commit; the largest cost of a cold
// compile was its four).
enum class Durability { synced, unsynced };

// Creates parent directories as needed.
Result<Ok> write_file_atomically(const std::string& path, std::string_view content,
                                 Durability durability = Durability::synced);

// Receives the content piece by piece; false when it could not be written
// (the producer may stop then).
using ContentSink = std::function<bool(std::string_view)>;

// The same for content produced piece by piece, too large to be held whole
// for nothing (a cache of tens of MB): `produce` hands every piece to the
// sink and returns false to abandon the write (nothing is left on disk then,
// nor when it throws: the exception is passed on).
// `mode` is the file's permission bits (0600 for what only its user reads).
Result<Ok> write_file_atomically(const std::string& path, const std::function<bool(const ContentSink&)>& produce,
                                 mode_t mode, Durability durability);

// The same, unless `path` already holds exactly `content`: then nothing is
// written (true when written, false when it was already so). Replacing a file
// is not free (the old one's blocks are freed: 4 ms per file on the ext4
// with discard these figures were taken on), and an untouched output keeps
// its mtime for whatever watches it.
Result<bool> write_file_if_changed(const std::string& path, std::string_view content,
                                   Durability durability = Durability::synced);

}  // namespace floe
