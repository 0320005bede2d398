// Is what a compile wrote to target/ still what a compile of the current
// inputs would write? `floe compile` answers an unchanged product from the
// record below instead of compiling again, and `floe run` (issue 11) uses the
// same check to tell fresh compiled artifacts from stale ones.
//
// The record, <output dir>/.floe-compile-cache.json, holds:
// - the key: floe's version, the request (every option as given), the working
//   directory, the compile date (policy overrides expire by date),
//   SOURCE_DATE_EPOCH and the environment that picks plugins;
// - every input file with its size and SHA-256: floe.yaml, each platform
//   manifest of the chain, each selected plugin's manifest, and
//   every .sql/.yml/.yaml file of each dbt project plus its
//   target/manifest.json ("trees": a file added or removed is a change too);
// - each selected plugin's library by size, mtime and inode (an installed
//   upgrade replaces the file);
// - the outputs, written or found already up to date, with their SHA-256 (an
//   edited or deleted output is a change);
// - the report that compile returned.
// Text inputs are compared by content, never timestamps: touching one changes
// nothing.
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace floe {

// What the compile read and wrote, gathered while it runs.
struct CompileInputs {
  std::vector<std::string> files;    // read as a whole
  // Compared by size, modification time and inode instead of content: the
  // selected plugins' libraries (hashing megabytes would cost more than a compile).
  std::vector<std::string> binaries;
  std::vector<std::string> trees;    // dbt project directories: their dbt files, whatever they are
  std::vector<std::string> outputs;  // written, or already holding what would have been written
  std::string uncacheable;           // why this compile must not be reused ("" = it may be)
};

// <output_dir>/.floe-compile-cache.json
std::string compile_cache_path(const std::string& output_dir);

// The key of a compile: `request` is the operation's request as given.
boost::json::value compile_cache_key(const boost::json::object& request);

struct CacheLookup {
  std::optional<boost::json::value> report;  // the recorded report: every input is unchanged
  std::string note;                          // why the record was not used ("" = there was none)
};

// Reads the record at `path` and checks it against `key` and every recorded
// file. A record that cannot be read or is malformed is ignored (note says so).
CacheLookup lookup_compile_cache(const std::string& path, const boost::json::value& key);

// Writes the record of a successful compile (atomically); files that vanished
// meanwhile make it fail, and then no record is left.
Result<Ok> record_compile_cache(const std::string& path, const boost::json::value& key, const CompileInputs& inputs,
                                const boost::json::value& report);

// Removes the record (a compile that did not succeed must not leave an old
// one that still matches); no error when there is none.
void forget_compile_cache(const std::string& path);

}  // namespace floe
