// The one clock compiled output sees: SOURCE_DATE_EPOCH when set (so builds
// are reproducible byte for byte), else the current time.
#pragma once

#include <cstdint>
#include <string>

namespace floe {

struct CompileClock {
  std::int64_t epoch_seconds = 0;
  bool from_source_date_epoch = false;

  static CompileClock now();            // honours SOURCE_DATE_EPOCH
  std::string iso8601() const;          // "2026-11-21T10:00:00Z"
  std::string date() const;             // "2026-11-21"
};

}  // namespace floe
