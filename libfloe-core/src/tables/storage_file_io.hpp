// The selected storage's FileIO (its plugin's get_fileio_config answer:
// plain properties, secret ones as references), for the catalog methods
// that read, write or delete table files themselves (commit_data_files,
// expire_snapshots). Never a secret value: the catalog plugin resolves the
// references through the host when it sends a request.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "plugin/registry.hpp"

namespace floe::tables {

// nullopt, with `why` set, when the platform's storage is not S3 (what the
// catalog plugins read and delete through) or its plugin cannot be opened
// or asked.
std::optional<boost::json::object> s3_file_io(Registry& registry, const boost::json::object& artifacts,
                                              std::string& why);

}  // namespace floe::tables
