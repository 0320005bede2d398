// JSON values written as block YAML (profiles.yml and other files dbt and
// people read). Key order is kept, so output is as deterministic as its input.
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>

namespace floe {

// quoted: every string double-quoted (profiles.yml: nothing for dbt to
// misread). plain_when_safe: quotes only strings a YAML 1.2 reader would
// otherwise read as something else ("1.0", "true", "") or that YAML syntax
// needs quoted, as people write files (floe migrate).
enum class YamlStrings { quoted, plain_when_safe };

std::string to_yaml(const boost::json::value& v, YamlStrings strings = YamlStrings::quoted);

// What to_yaml writes, always through yaml-cpp's emitter. to_yaml writes the
// common case itself (yaml-cpp's emitter was ~3.7 M instructions of a ~33 M
// cold compile, for one profiles.yml) and must give these exact bytes:
// tests compare the two.
std::string to_yaml_by_yaml_cpp(const boost::json::value& v, YamlStrings strings = YamlStrings::quoted);

// to_yaml's own writer: the text for documents of the common case (plain-word
// keys, printable ASCII strings, integers), nullopt for the rest.
std::optional<std::string> to_yaml_directly(const boost::json::value& v, YamlStrings strings = YamlStrings::quoted);

}  // namespace floe
