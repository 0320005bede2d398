#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "schema/json_schema.hpp"

using boost::json::parse;
using floe::SchemaIssue;

namespace {
const char* kSchema = R"({
  "type": "object", "additionalProperties": false, "required": ["path"],
  "properties": {
    "path": {"type": "string", "minLength": 1},
    "threads": {"type": "integer", "minimum": 1, "maximum": 64, "default": 4},
    "mode": {"type": "string", "enum": ["read_only", "read_write"]},
    "extensions": {"type": "array", "items": {"type": "string", "pattern": "^[a-z_]+$"}},
    "settings": {"type": "object", "properties": {"memory_limit": {"type": "string", "default": "1GB"}}}
  }})";

std::vector<SchemaIssue> issues(const char* value) { return floe::validate_against_schema(parse(kSchema), parse(value)); }
}  // namespace

TEST_CASE("a valid config has no issues", "[schema]") {
  CHECK(issues(R"({"path": "/tmp/x", "threads": 8, "mode": "read_only", "extensions": ["httpfs"]})").empty());
}

TEST_CASE("every issue names its key", "[schema]") {
  auto found = issues(R"({"threads": "eight", "mode": "write", "extensions": ["ok", "Bad-Name"], "colour": 1})");
  REQUIRE(found.size() == 5);
  CHECK(found[0].path == "path");
  CHECK(found[0].message == "required key is missing");
  CHECK(found[1].path == "threads");
  CHECK(found[1].message == "expected integer, got string");
  CHECK(found[2].path == "mode");
  CHECK(found[2].message == R"("write" is not allowed; expected one of "read_only", "read_write")");
  CHECK(found[3].path == "extensions[1]");
  CHECK(found[3].message == R"("Bad-Name" does not match the pattern "^[a-z_]+$")");
  CHECK(found[4].path == "colour");
  CHECK(found[4].message == "unknown key; known keys: path, threads, mode, extensions, settings");
}

TEST_CASE("bounds are checked", "[schema]") {
  auto found = issues(R"({"path": "", "threads": 65})");
  REQUIRE(found.size() == 2);
  CHECK(found[0].message == "must be at least 1 characters long");
  CHECK(found[1].message == "65 is above the maximum 64");
}

TEST_CASE("defaults fill absent keys, recursively, and never overwrite", "[schema]") {
  auto value = parse(R"({"path": "p", "settings": {}})");
  floe::apply_schema_defaults(parse(kSchema), value);
  CHECK(value.at("threads") == 4);
  CHECK(value.at("settings").at("memory_limit") == "1GB");
  auto given = parse(R"({"path": "p", "threads": 2})");
  floe::apply_schema_defaults(parse(kSchema), given);
  CHECK(given.at("threads") == 2);
}

TEST_CASE("check_schema accepts the subset and reports what it cannot use", "[schema]") {
  CHECK(floe::check_schema(parse(kSchema)).empty());
  auto problems = floe::check_schema(parse(R"({
    "type": "objekt", "required": ["missing"], "properties": {"a": {"type": "string", "default": 3}},
    "not": {}, "enum": []})"));
  REQUIRE(problems.size() == 5);
  CHECK(problems[0] == "schema: keyword 'not' is not supported by floe's schema subset");
  CHECK(problems[1] == R"(schema: type "objekt" is not a JSON Schema type)");
  CHECK(problems[2] == "a: default 3 is invalid: expected string, got integer");
  CHECK(problems[3] == "schema: required key 'missing' is not declared in 'properties'");
  CHECK(problems[4] == "schema: 'enum' must be a non-empty array");
}
