// The one place where what a run reports on its way reaches the host: the
// runner's events as structured events ("ingestion.started", "ingestion.file_read",
// "ingestion.step", "ingestion.result", "ingestion.warning", "ingestion.error";
// floe_host_api.emit_event) and as log lines, and dlt's own output lines.
#ifndef FLOE_INGESTION_DLT_EVENT_FORWARDING_HPP
#define FLOE_INGESTION_DLT_EVENT_FORWARDING_HPP

#include <boost/json.hpp>

#include <string_view>

#include "floe/plugin.hpp"

namespace floe::ingestion_dlt {

// Emits the event, and logs progress at info, warnings at warning; errors at
// debug, since the run response carries them and the caller reports them.
void forward_event(const floe::sdk::host& host, const boost::json::object& event);

// A line dlt (or Python) wrote on `stream` ("stdout", "stderr"), at debug.
void forward_output(const floe::sdk::host& host, std::string_view stream, std::string_view line);

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_EVENT_FORWARDING_HPP
