// What commit_data_files learns of each data file before it commits: the
// file's Parquet footer, read through the FileIO (its last bytes only), is
// checked against the request (a file that is not Parquet, or whose rows or
// size differ from what the request says, is refused: the table's counts
// would lie; a count the request left out, -1, is taken from the file) and
// gives the manifest its column statistics, so that readers skip a file
// whose bounds exclude their filter.
#pragma once

#include <string>
#include <vector>

#include "iceberg/metadata.hpp"
#include "iceberg/overwrite.hpp"
#include "table_file_io.hpp"

namespace floe::catalog_rest {

// A footer larger than this is not read (Parquet writers keep footers to
// kilobytes; a file with a 16 MiB footer has thousands of columns).
constexpr std::size_t kMaxFooterBytes = std::size_t{16} << 20;

// Fills `file.metrics` from its footer, `schema` naming the fields (null:
// counts checked, no statistics). Throws floe::sdk::error naming `table`
// and the file: INVALID_ARGUMENT for a file that is not what the request
// says, UNAVAILABLE for a store that cannot be read.
void read_footer(const std::string& table, const iceberg::Schema* schema, iceberg::DataFile& file, const FileIo& io);

// read_footer for many tables' files (table t's through ios[t]),
// kFileIoParallel reads at a time; the first table's error (in their
// order) is thrown.
void read_all_footers(const std::vector<std::string>& tables, const std::vector<const iceberg::Schema*>& schemas,
                      std::vector<std::vector<iceberg::DataFile>*>& files, const std::vector<FileIo>& ios);

}  // namespace floe::catalog_rest
