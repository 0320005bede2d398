// SARIF output held to the official SARIF 2.1.0 JSON Schema (OASIS; fetched
// from Maven Central into .cache/sarif/ by scripts/fetch-sarif-schema, part
// of scripts/bootstrap-test-tools), validated by the project virtualenv's
// jsonschema (check_sarif.py).
#pragma once

#include <string>

namespace floe::test {

// Every problem of `sarif` (a SARIF log as text) against the schema, one per
// line; "" when it is valid. A missing schema or validator is a problem too:
// the check never passes without running.
std::string sarif_schema_problems(const std::string& sarif);

}  // namespace floe::test
