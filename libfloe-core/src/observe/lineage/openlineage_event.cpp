#include "observe/lineage/openlineage_event.hpp"

#include "floe/core.h"

namespace floe::observe {
namespace json = boost::json;

namespace {

json::object facet(const char* schema_url) { return {{"_producer", producer_uri()}, {"_schemaURL", schema_url}}; }

}  // namespace

std::string producer_uri() { return std::string("https://floe.dev/floe/") + floe_version_string(); }

json::object dataset(const std::string& dataset_namespace, const std::string& name, json::object facets) {
  json::object d{{"namespace", dataset_namespace}, {"name", name}};
  if (!facets.empty()) d["facets"] = std::move(facets);
  return d;
}

json::object schema_facet(const std::vector<Column>& columns) {
  json::array fields;
  for (const auto& c : columns) {
    json::object field{{"name", c.name}};
    if (!c.type.empty()) field["type"] = c.type;
    fields.push_back(std::move(field));
  }
  json::object f = facet(kSchemaFacetSchemaUrl);
  f["fields"] = std::move(fields);
  return f;
}

json::object assertions_facet(const std::vector<Assertion>& assertions) {
  json::array items;
  for (const auto& a : assertions) {
    json::object item{{"assertion", a.assertion}, {"success", a.success}};
    if (!a.column.empty()) item["column"] = a.column;
    if (!a.severity.empty()) item["severity"] = a.severity;
    items.push_back(std::move(item));
  }
  json::object f = facet(kAssertionsFacetSchemaUrl);
  f["assertions"] = std::move(items);
  return f;
}

json::object parent_facet(const std::string& parent_run_id, const JobRef& parent_job) {
  json::object f = facet(kParentFacetSchemaUrl);
  f["run"] = json::object{{"runId", parent_run_id}};
  f["job"] = json::object{{"namespace", parent_job.job_namespace}, {"name", parent_job.name}};
  return f;
}

json::object job_type_facet(const std::string& integration, const std::string& job_type) {
  json::object f = facet(kJobTypeFacetSchemaUrl);
  f["processingType"] = "BATCH";
  f["integration"] = integration;
  f["jobType"] = job_type;
  return f;
}

json::object to_json(const RunEvent& e) {
  json::object run{{"runId", e.run_id}};
  if (!e.run_facets.empty()) run["facets"] = e.run_facets;
  json::object job{{"namespace", e.job.job_namespace}, {"name", e.job.name}};
  if (!e.job_facets.empty()) job["facets"] = e.job_facets;
  return {{"eventType", e.event_type},
          {"eventTime", e.event_time},
          {"producer", producer_uri()},
          {"schemaURL", kRunEventSchemaUrl},
          {"run", std::move(run)},
          {"job", std::move(job)},
          {"inputs", e.inputs},
          {"outputs", e.outputs}};
}

}  // namespace floe::observe
