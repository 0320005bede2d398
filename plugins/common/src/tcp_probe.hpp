// Whether a TCP server accepts a connection within a time budget: what the
// reference plugins' validate_connection checks for services they cannot
// ask anything cheaper (an OpenLineage endpoint, a warehouse's host, a Spark
// Thrift server). Never blocks past the deadline, resolves the name first.
#ifndef FLOE_PLUGIN_SUPPORT_TCP_PROBE_HPP
#define FLOE_PLUGIN_SUPPORT_TCP_PROBE_HPP

#include <chrono>
#include <string>

namespace floe::plugin_support {

// "" when some address of host:port accepted a connection before
// `deadline`, else why not ("cannot resolve HOST: ...", "cannot connect to
// HOST:PORT: Connection refused", "... no answer in time"). A host in
// brackets ([::1]) is taken without them.
std::string tcp_connect_problem(std::string host, const std::string& port,
                                std::chrono::steady_clock::time_point deadline);

}  // namespace floe::plugin_support

#endif  // FLOE_PLUGIN_SUPPORT_TCP_PROBE_HPP
