// The JSON Schemas of the three lineage backend configurations, as published
// in their descriptors. The host validates a configuration against them and
// fills in their defaults before a plugin sees it. url and endpoint have no
// schema default on purpose: a default filled in by the host could not be
// told apart from a value the platform wrote, and both give way to the
// platform's observability.lineage.endpoint when absent.
#ifndef FLOE_LINEAGE_OPENLINEAGE_CONFIG_SCHEMAS_HPP
#define FLOE_LINEAGE_OPENLINEAGE_CONFIG_SCHEMAS_HPP

namespace floe::lineage_openlineage {

// Keys every backend takes.
#define FLOE_LINEAGE_COMMON_PROPERTIES                                                                         \
  "\"environment\": {\"type\": \"string\", \"pattern\": \"^[A-Za-z0-9][A-Za-z0-9_-]*$\", \"description\": "   \
  "\"Appended to the job namespace (<namespace>.<environment>) so runs of one product in several "             \
  "environments stay apart.\"}"

// Keys of the HTTP transport (http and marquez).
#define FLOE_LINEAGE_HTTP_PROPERTIES                                                                           \
  "\"endpoint\": {\"type\": \"string\", \"pattern\": \"^/?[A-Za-z0-9._~/-]*$\", \"description\": "             \
  "\"Path of the OpenLineage endpoint under url. Default api/v1/lineage; when absent and url has a path "      \
  "of its own, url is the whole endpoint.\"},"                                                                 \
  "\"timeout_seconds\": {\"type\": \"number\", \"minimum\": 0.1, \"maximum\": 300, \"default\": 5, "   \
  "\"description\": \"Longest time one event may take to deliver (connect and answer).\"},"                   \
  "\"drain_timeout\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 600, \"default\": 10, "              \
  "\"description\": \"Longest time, in seconds, the end of a run waits for events still queued; what is "      \
  "left is dropped and counted.\"},"                                                                           \
  "\"allow_insecure_http\": {\"type\": \"boolean\", \"default\": true, \"description\": \"false refuses a "    \
  "plain http:// URL to a host other than the loopback (https:// only).\"},"

inline constexpr char http_config_schema_json[] =
    "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
    "\"url\": {\"type\": \"string\", \"pattern\": \"^https?://[^/?#]+\", \"description\": \"Base URL of the "
    "OpenLineage server. Default: the platform's observability.lineage.endpoint.\"}," FLOE_LINEAGE_HTTP_PROPERTIES
        FLOE_LINEAGE_COMMON_PROPERTIES "}}";

inline constexpr char marquez_config_schema_json[] =
    "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
    "\"url\": {\"type\": \"string\", \"pattern\": \"^https?://[^/?#]+\", \"description\": \"Base URL of the "
    "Marquez API. Default: the platform's observability.lineage.endpoint, else http://localhost:5000.\"},"
    FLOE_LINEAGE_HTTP_PROPERTIES FLOE_LINEAGE_COMMON_PROPERTIES "}}";

inline constexpr char file_config_schema_json[] =
    "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
    "\"path\": {\"type\": \"string\", \"minLength\": 1, \"default\": \"target/openlineage.jsonl\", "
    "\"description\": \"File the events are appended to, one JSON line each. A relative path is relative to "
    "the product directory (where floe.yaml is).\"}," FLOE_LINEAGE_COMMON_PROPERTIES "}}";

#undef FLOE_LINEAGE_HTTP_PROPERTIES
#undef FLOE_LINEAGE_COMMON_PROPERTIES

}  // namespace floe::lineage_openlineage

#endif  // FLOE_LINEAGE_OPENLINEAGE_CONFIG_SCHEMAS_HPP
