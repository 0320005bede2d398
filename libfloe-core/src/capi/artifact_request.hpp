// The requests and reports of the operation entry points (floe_compile_run,
// floe_artifact_run): a request is checked against its shipped schema
// (docs/schemas/compile-request.schema.json, artifact-request.schema.json)
// before anything runs, then read without guessing; the report carries the
// api_version it follows.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "artifacts/artifact_options.hpp"
#include "base/deadline.hpp"
#include "base/result.hpp"
#include "diag/compile_report.hpp"

namespace floe {

// The request and report shapes this library speaks. A request without
// "api_version" means this one.
inline constexpr std::int64_t kApiVersion = 1;

// A request its schema accepted: the operation it names and its keys, with
// the defaults the schema declares filled in.
struct OperationRequest {
  std::string operation;
  boost::json::object keys;
};

// Parses `request_json` and checks it against the embedded schema
// `schema_kind` ("compile-request" or "artifact-request"): the api_version
// first, then the operation, then every key against the operation's entry in
// $defs. Anything wrong is FLOE_ERR_INVALID_ARGUMENT naming the key
// ("request.registry_options.timeout_ms: expected integer, got string", an
// unknown key with a did-you-mean), every problem of the request in one
// message; the error's detail lists them: {"problems": [{"key", "message",
// "did_you_mean"?}]}.
Result<OperationRequest> parse_operation_request(std::string_view request_json, std::string_view schema_kind);

// Reading keys the schema has checked: a present key overwrites `field`; an
// absent one leaves it as it is (the operation's default). A value of another
// type is a floe bug (the schema and the reader disagree) and throws.
void read_key(const boost::json::object& o, std::string_view key, std::string& field);
void read_key(const boost::json::object& o, std::string_view key, bool& field);
void read_key(const boost::json::object& o, std::string_view key, std::vector<std::string>& field);
void read_key(const boost::json::object& o, std::string_view key, std::int64_t& field);
template <class Int>
  requires(std::is_integral_v<Int> && !std::is_same_v<Int, bool> && !std::is_same_v<Int, std::int64_t>)
void read_key(const boost::json::object& o, std::string_view key, Int& field) {
  std::int64_t wide = field;
  read_key(o, key, wide);
  field = static_cast<Int>(wide);  // the schema bounds the value
}

// "registry_options" of the request (absent keys keep their defaults).
oci::ArtifactOptions artifact_options_from_request(const boost::json::object& request);

// The request's "deadline_ms" (the CLI's --timeout) as a deadline starting
// now; null when the request has none. Entry points hold it in a
// DeadlineScope while the operation runs (base/deadline.hpp).
DeadlineHandle deadline_of(const boost::json::object& request);

// When the deadline of the calling thread stopped something, the report
// says so: FLOE-L001 first, and the outcome timed_out.
void note_deadline(CompileReport& report);

// The report both entry points return (operation-report.schema.json): the
// compile report's JSON with "api_version", and "result" and "cache" (what
// the compile cache said) when they are not null, and "sarif" (the SARIF
// log's text, diagnostics_to_sarif_text) when it is not empty.
std::string operation_report(const CompileReport& report, boost::json::value result,
                             boost::json::value cache = nullptr, std::string_view sarif_text = {});

}  // namespace floe
