// The files a source path names: the file itself, or every regular file a
// glob(3) pattern (*, ?, [...]; no **) matches, in sorted order. Checked
// before dlt starts, so a missing file costs no Python start-up.
#ifndef FLOE_INGESTION_DLT_SOURCE_FILES_HPP
#define FLOE_INGESTION_DLT_SOURCE_FILES_HPP

#include <string>
#include <vector>

namespace floe::ingestion_dlt {

struct source_files {
  std::vector<std::string> files;
  std::string problem;  // set when there is nothing to load: why
};

source_files match_source_files(const std::string& path_or_pattern);

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_SOURCE_FILES_HPP
