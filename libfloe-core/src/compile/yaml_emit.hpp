// JSON values written as block YAML (profiles.yml and other files dbt and
// people read). Key order is kept, so output is as deterministic as its input.
#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace floe {

// quoted: every string double-quoted (profiles.yml: nothing for dbt to
// misread). plain_when_safe: quotes only strings a YAML 1.2 reader would
// otherwise read as something else ("1.0", "true", "") or that YAML syntax
// needs quoted, as people write files (floe migrate).
enum class YamlStrings { quoted, plain_when_safe };

// Through yaml-cpp's emitter (indent 2). A hand-written writer of the common
// case sat in front of it until 2026-11-27: it saved ~0.2 ms of a cold
// compile (3.6 %), less than a second YAML emitter costs to own (issue 35).
std::string to_yaml(const boost::json::value& v, YamlStrings strings = YamlStrings::quoted);



}  // namespace floe
