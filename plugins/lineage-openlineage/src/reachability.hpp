// validate_connection for the lineage backends: whether the HTTP server
// accepts a TCP connection within the budget (OpenLineage endpoints answer
// only POSTs, so a connection is what can be checked without sending an
// event), and whether the directory of an event file is writable.
#ifndef FLOE_LINEAGE_OPENLINEAGE_REACHABILITY_HPP
#define FLOE_LINEAGE_OPENLINEAGE_REACHABILITY_HPP

#include <boost/json.hpp>

#include <chrono>
#include <string>

namespace floe::lineage_openlineage {

// {"status", "latency_ms", "message", "warnings"} for connecting to the
// host and port of `url`.
boost::json::object probe_http(const std::string& url, std::chrono::milliseconds budget);

// The same for appending to `path` (its directory exists or can be made,
// and is writable; the file, when it exists, is a writable regular file).
boost::json::object probe_file(const std::string& path);

}  // namespace floe::lineage_openlineage

#endif  // FLOE_LINEAGE_OPENLINEAGE_REACHABILITY_HPP
