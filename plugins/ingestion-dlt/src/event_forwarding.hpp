// The one place where what a run reports on its way reaches the host: the
// runner's events and dlt's own output lines, as host log lines today.
// When the host API gains a structured event callback, only this changes.
#ifndef FLOE_INGESTION_DLT_EVENT_FORWARDING_HPP
#define FLOE_INGESTION_DLT_EVENT_FORWARDING_HPP

#include <boost/json.hpp>

#include <string_view>

#include "floe/plugin.hpp"

namespace floe::ingestion_dlt {

// Progress at info, warnings at warning; errors at debug, since the run
// response carries them and the caller reports them.
void forward_event(const floe::sdk::host& host, const boost::json::object& event);

// A line dlt (or Python) wrote on `stream` ("stdout", "stderr"), at debug.
void forward_output(const floe::sdk::host& host, std::string_view stream, std::string_view line);

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_EVENT_FORWARDING_HPP
