#include "polaris_workload.hpp"

#include <string>

#include "cluster_address.hpp"

namespace floe::catalog_rest {

namespace json = boost::json;

json::value catalog_workloads(const variant& v, const catalog_settings& settings, const json::object& request) {
  auto here = plugin_support::in_cluster(settings.uri);
  if (v.kind != flavor::polaris || !here) {
    json::object out{{"workloads", json::array{}}};
    if (v.kind != flavor::polaris && here)
      out["notes"] = json::array{json::string("the rest catalog at " + settings.uri + " is not deployed by floe: run your "
                                              "Iceberg REST catalog as a Service named '" + here->service + "'")};
    return out;
  }
  // Polaris makes its first principal from POLARIS_BOOTSTRAP_CREDENTIALS
  // ("<realm>,<client id>,<client secret>"): a secret as a whole.
  json::value bootstrap{{"secret_ref", "polaris-bootstrap-credentials"}};
  if (const json::value* secrets = request.if_contains("secrets"); secrets != nullptr && secrets->is_object())
    if (const json::value* b = secrets->as_object().if_contains("bootstrap_credentials"); b != nullptr && b->is_object())
      bootstrap = *b;
  std::string realm = settings.realm.empty() ? "POLARIS" : settings.realm;
  json::array notes{
      json::string("Polaris keeps its catalogs in memory (polaris.persistence.type in-memory): they are lost when its pod "
                   "restarts; give it a database for production"),
      json::string("Polaris's first principal comes from the Secret key POLARIS_BOOTSTRAP_CREDENTIALS, '" + realm + "," +
                   (settings.client_id.empty() ? std::string("<client id>") : settings.client_id) +
                   ",<client secret>' (plugins.catalog.secrets.bootstrap_credentials names its reference)")};
  json::array ports{json::object{{"name", "api"}, {"port", here->port}}, json::object{{"name", "management"}, {"port", 8182}}};
  json::object polaris{
      {"name", here->service},
      {"component", "catalog"},
      {"image", "docker.io/apache/polaris:1.2.0-incubating"},
      {"ports", std::move(ports)},
      {"env", json::object{{"QUARKUS_HTTP_PORT", std::to_string(here->port)},
                           {"QUARKUS_MANAGEMENT_PORT", "8182"},
                           {"POLARIS_PERSISTENCE_TYPE", "in-memory"},
                           {"POLARIS_REALM_CONTEXT_REALMS", realm}}},
      {"secret_env", json::object{{"POLARIS_BOOTSTRAP_CREDENTIALS", std::move(bootstrap)}}},
      {"health", json::object{{"path", "/q/health/ready"}, {"port", 8182}}},
      {"run_as_user", 10000},
      // It writes the tables' metadata files to the platform's storage.
      {"uses", json::array{"storage"}},
      {"resources", json::object{{"cpu_request", "250m"}, {"cpu_limit", "2"}, {"memory_request", "512Mi"}, {"memory_limit", "2Gi"}}}};
  return json::object{{"workloads", json::array{std::move(polaris)}}, {"notes", std::move(notes)}};
}

}  // namespace floe::catalog_rest
