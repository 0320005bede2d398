// floe's logical column types (as written in a floe.yaml contract) and the
// dlt data type each is loaded as. The one table of that mapping; the
// runner converts values by the dlt type it is given.
#ifndef FLOE_INGESTION_DLT_COLUMN_TYPES_HPP
#define FLOE_INGESTION_DLT_COLUMN_TYPES_HPP

#include <optional>
#include <string>
#include <string_view>

namespace floe::ingestion_dlt {

struct dlt_column_type {
  std::string_view data_type;  // dlt's: text, bigint, decimal, double, bool, date, timestamp, time, json
  bool timezone = false;       // for timestamp: TIMESTAMP WITH TIME ZONE
};

std::optional<dlt_column_type> dlt_type_of(std::string_view floe_type);

// Every accepted floe type name, comma-separated, for messages.
std::string floe_type_names();

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_COLUMN_TYPES_HPP
