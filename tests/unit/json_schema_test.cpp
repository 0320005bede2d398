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
    "contains": {}, "enum": []})"));
  REQUIRE(problems.size() == 5);
  CHECK(problems[0] == "schema: keyword 'contains' is not supported by floe's schema subset");
  CHECK(problems[1] == R"(schema: type "objekt" is not a JSON Schema type)");
  CHECK(problems[2] == "a: default 3 is invalid: expected string, got integer");
  CHECK(problems[3] == "schema: required key 'missing' is not declared in 'properties'");
  CHECK(problems[4] == "schema: 'enum' must be a non-empty array");
}

TEST_CASE("issues carry a kind, what was expected and the allowed names", "[schema]") {
  auto found = issues(R"({"threads": "eight", "mode": "write", "colour": 1})");
  REQUIRE(found.size() == 4);
  CHECK(found[0].kind == floe::SchemaIssueKind::missing_required);
  CHECK(found[1].kind == floe::SchemaIssueKind::wrong_type);
  CHECK(found[1].expected == "integer");
  CHECK(found[1].actual == "string");
  CHECK(found[2].kind == floe::SchemaIssueKind::not_in_enum);
  CHECK(found[2].allowed == std::vector<std::string>{"read_only", "read_write"});
  CHECK(found[2].actual == "\"write\"");
  CHECK(found[3].kind == floe::SchemaIssueKind::unknown_key);
  CHECK(found[3].on_key);
  CHECK(found[3].allowed == std::vector<std::string>{"path", "threads", "mode", "extensions", "settings"});
}

namespace {
const char* kComposed = R"({
  "type": "object", "additionalProperties": false,
  "properties": {
    "secret": {"$ref": "#/$defs/secret"},
    "registry": {"oneOf": [{"type": "string"}, {"type": "object", "required": ["uri"], "additionalProperties": false,
                                                "properties": {"uri": {"type": "string"}}}]},
    "either": {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^x"}]},
    "labels": {"type": "object", "propertyNames": {"pattern": "^[a-z]+$", "title": "a lower-case word"},
               "additionalProperties": {"type": "string"}},
    "env": {"type": "object", "patternProperties": {"^[A-Z_]+$": {"type": "string"}}, "additionalProperties": false},
    "tags": {"type": "array", "uniqueItems": true}
  },
  "$defs": {"secret": {"oneOf": [
    {"type": "object", "required": ["secret_ref"], "additionalProperties": false, "properties": {"secret_ref": {"type": "string"}}},
    {"type": "object", "required": ["env"], "additionalProperties": false, "properties": {"env": {"type": "string"}}}]}}
})";
std::vector<SchemaIssue> composed(const char* value) { return floe::validate_against_schema(parse(kComposed), parse(value)); }
}  // namespace

TEST_CASE("$ref, oneOf, anyOf, propertyNames, patternProperties and uniqueItems", "[schema]") {
  CHECK(floe::check_schema(parse(kComposed)).empty());
  CHECK(composed(R"({"secret": {"env": "X"}, "registry": "oci://r", "either": "xy", "labels": {"team": "a"},
                     "env": {"HOME_DIR": "/h"}, "tags": [1, 2]})").empty());
  CHECK(composed(R"({"registry": {"uri": "oci://r"}, "either": 3})").empty());

  auto misspelt = composed(R"({"secret": {"secret_rf": "x"}})");
  REQUIRE(misspelt.size() == 1);
  CHECK(misspelt[0].path == "secret.secret_rf");
  CHECK(misspelt[0].kind == floe::SchemaIssueKind::unknown_key);
  CHECK(misspelt[0].allowed == std::vector<std::string>{"secret_ref", "env"});

  auto type = composed(R"({"registry": 5})");
  REQUIRE(type.size() == 1);
  CHECK(type[0].message == "expected string or object, got integer");

  auto closest = composed(R"({"registry": {}})");
  REQUIRE(closest.size() == 1);
  CHECK(closest[0].path == "registry.uri");
  CHECK(closest[0].kind == floe::SchemaIssueKind::missing_required);

  auto any = composed(R"({"either": "yz"})");
  REQUIRE(any.size() == 1);
  CHECK(any[0].kind == floe::SchemaIssueKind::pattern);

  auto names = composed(R"({"labels": {"Team": "a"}, "env": {"home": "x"}, "tags": ["a", "b", "a"]})");
  REQUIRE(names.size() == 3);
  CHECK(names[0].path == "labels.Team");
  CHECK(names[0].on_key);
  CHECK(names[0].expected == "a lower-case word");
  CHECK(names[1].path == "env.home");
  CHECK(names[1].kind == floe::SchemaIssueKind::unknown_key);
  CHECK(names[2].path == "tags[2]");
  CHECK(names[2].kind == floe::SchemaIssueKind::items);
  CHECK(names[2].message == R"("a" is a duplicate of item [0])");
}

TEST_CASE("check_schema reports unresolvable $ref and empty alternatives", "[schema]") {
  auto problems = floe::check_schema(parse(R"({"properties": {"a": {"$ref": "#/$defs/nope"}, "b": {"oneOf": []}},
                                               "patternProperties": {"(": {}}, "uniqueItems": "yes"})"));
  REQUIRE(problems.size() == 4);
  CHECK(problems[0] == R"(a: $ref "#/$defs/nope" does not resolve within this schema)");
  CHECK(problems[1] == "b: 'oneOf' must be a non-empty array of schemas");
  CHECK(problems[2].rfind("schema: 'patternProperties' is not a valid regular expression", 0) == 0);
  CHECK(problems[3] == "schema: 'uniqueItems' must be a boolean");
}

// The draft 2019-09 applicators the ODCS data contract schema closes its objects with.
TEST_CASE("allOf, if/then/else and unevaluatedProperties judge keys through every branch that applies", "[schema]") {
  auto schema = parse(R"({
    "$defs": {"base": {"properties": {"name": {"type": "string"}}}},
    "type": "object",
    "properties": {"kind": {"type": "string"}, "size": {"type": "number", "exclusiveMinimum": 0}},
    "allOf": [{"$ref": "#/$defs/base"},
              {"if": {"properties": {"kind": {"const": "text"}}}, "then": {"properties": {"encoding": {"type": "string"}}},
               "else": {"properties": {"scale": {"type": "integer"}}}}],
    "unevaluatedProperties": false})");
  CHECK(floe::validate_against_schema(schema, parse(R"({"name": "a", "kind": "text", "encoding": "utf8"})")).empty());
  CHECK(floe::validate_against_schema(schema, parse(R"({"kind": "number", "scale": 2})")).empty());
  auto found = floe::validate_against_schema(schema, parse(R"({"kind": "number", "encoding": "utf8", "size": 0})"));
  REQUIRE(found.size() == 2);
  CHECK(found[0].path == "size");
  CHECK(found[0].expected == "> 0");
  CHECK(found[1].path == "encoding");
  CHECK(found[1].kind == floe::SchemaIssueKind::unknown_key);
  CHECK(std::find(found[1].allowed.begin(), found[1].allowed.end(), "scale") != found[1].allowed.end());
  auto wrong = floe::validate_against_schema(schema, parse(R"({"kind": "text", "encoding": 7})"));
  REQUIRE(wrong.size() == 1);
  CHECK(wrong[0].path == "encoding");
  CHECK(wrong[0].kind == floe::SchemaIssueKind::wrong_type);
}

TEST_CASE("a value that may be a secret is never echoed in an issue", "[schema]") {
  auto schema = parse(R"({"type": "object", "properties": {
      "api_token": {"type": "string", "pattern": "^env:"},
      "hint": {"type": "string", "writeOnly": true, "enum": ["a", "b"]},
      "auth": {"type": "object", "properties": {"client_secret": {"type": "string", "minLength": 40, "pattern": "^file:/"}}},
      "mode": {"type": "string", "enum": ["fast", "safe"]}}})");
  auto found = floe::validate_against_schema(
      schema,
      parse(R"({"api_token": "s3cr3t-token-value", "hint": "planted-hint", "auth": {"client_secret": "planted-secret"},
                        "mode": "slow"})"));
  REQUIRE(found.size() == 5);
  for (const auto& issue : found) {
    INFO(issue.path << ": " << issue.message);
    CHECK(issue.message.find("s3cr3t") == std::string::npos);
    CHECK(issue.message.find("planted") == std::string::npos);
    CHECK(issue.actual.find("planted") == std::string::npos);
    CHECK(issue.actual.find("s3cr3t") == std::string::npos);
  }
  bool said_hidden = false, named_mode = false;
  for (const auto& issue : found) {
    said_hidden |= issue.message.find("the value (not shown: it may be a secret) does not match") != std::string::npos;
    named_mode |= issue.message == R"("slow" is not allowed; expected one of "fast", "safe")";  // not a secret: shown
  }
  CHECK(said_hidden);
  CHECK(named_mode);
}

TEST_CASE("integer and multipleOf judge huge and fractional doubles without an integer cast", "[schema]") {
  // Found by the json_schema fuzz target: 1.88889e+118 cast to long long is undefined behaviour.
  auto integer = parse(R"({"type": "integer"})");
  CHECK(floe::validate_against_schema(integer, parse("1.88889e+118")).empty());  // no fractional part: an integer
  CHECK(floe::validate_against_schema(integer, parse("3.0")).empty());
  CHECK(floe::validate_against_schema(integer, parse("2.5")).size() == 1);
  auto multiple = parse(R"({"multipleOf": 0.5})");
  CHECK(floe::validate_against_schema(multiple, parse("1e300")).empty());
  CHECK(floe::validate_against_schema(multiple, parse("1.25")).size() == 1);
}
