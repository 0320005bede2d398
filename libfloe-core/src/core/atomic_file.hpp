// Writing files so that nothing half-written is ever left on disk: content
// goes to a temporary file in the same directory, is flushed, then renamed
// over the target (rename is atomic within a file system).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace floe {

// Creates parent directories as needed.
Result<Ok> write_file_atomically(const std::string& path, std::string_view content);

// The same, unless `path` already holds exactly `content`: then nothing is
// written (true when written, false when it was already so). Replacing a file
// is not free (the old one's blocks are freed: 4 ms per file on the ext4
// with discard these figures were taken on), and an untouched output keeps
// its mtime for whatever watches it.
Result<bool> write_file_if_changed(const std::string& path, std::string_view content);

}  // namespace floe
