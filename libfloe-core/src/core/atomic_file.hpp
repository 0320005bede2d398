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

}  // namespace floe
