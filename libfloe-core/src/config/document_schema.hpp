// The parsed JSON Schema of each document kind (parsed once, on first use).
#pragma once

#include <boost/json/value.hpp>

#include "config/config_loader.hpp"

namespace floe {

const boost::json::value& document_schema_json(DocumentKind kind);

}  // namespace floe
