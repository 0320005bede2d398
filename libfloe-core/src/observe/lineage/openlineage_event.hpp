// OpenLineage run events and the standard facets floe fills in, shaped as
// the spec says (OpenLineage 2-0-2; facet versions in the schema URLs
// below). Every event names its producer (this floe release) and the schema
// it follows.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace floe::observe {

// The spec version of the events, and of each facet floe writes.
inline constexpr const char* kRunEventSchemaUrl = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
inline constexpr const char* kParentFacetSchemaUrl =
    "https://openlineage.io/spec/facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet";
inline constexpr const char* kSchemaFacetSchemaUrl =
    "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";
inline constexpr const char* kAssertionsFacetSchemaUrl =
    "https://openlineage.io/spec/facets/1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/"
    "DataQualityAssertionsDatasetFacet";
inline constexpr const char* kJobTypeFacetSchemaUrl =
    "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet";

// "https://floe.dev/floe/<version>": the producer of every event and facet.
std::string producer_uri();

struct JobRef {
  std::string job_namespace;
  std::string name;
};

struct Column {
  std::string name;
  std::string type;  // "" when unknown (a documented column not yet in a catalog)
};

struct Assertion {
  std::string assertion;  // the test: not_null, unique, accepted_values, ...
  bool success = false;
  std::string column;     // "" for a test of the whole dataset
  std::string severity;   // "error" or "warn"
};

// {"namespace", "name"} of a dataset, plus its facets when given.
boost::json::object dataset(const std::string& dataset_namespace, const std::string& name,
                            boost::json::object facets = {});

boost::json::object schema_facet(const std::vector<Column>& columns);
boost::json::object assertions_facet(const std::vector<Assertion>& assertions);
boost::json::object parent_facet(const std::string& parent_run_id, const JobRef& parent_job);
// processingType BATCH; integration e.g. "FLOE", "DBT", "DLT"; job_type e.g. "JOB", "MODEL".
boost::json::object job_type_facet(const std::string& integration, const std::string& job_type);

struct RunEvent {
  std::string event_type;  // START, COMPLETE, FAIL, ABORT
  std::string event_time;  // RFC 3339, UTC
  std::string run_id;      // a UUID
  JobRef job;
  boost::json::object run_facets;
  boost::json::object job_facets;
  boost::json::array inputs;
  boost::json::array outputs;
};

boost::json::object to_json(const RunEvent& event);

}  // namespace floe::observe
