#include "dagster_deployment.hpp"

#include <fmt/format.h>

#include "dagster_names.hpp"
#include "floe/plugin.hpp"

namespace floe::orchestrator_dagster {

namespace json = boost::json;
using floe::sdk::error;

namespace {

constexpr const char* kConfigDir = "/opt/dagster/dagster_home";  // DAGSTER_HOME: dagster.yaml, workspace.yaml
constexpr int kCodePort = 4000;

// A Kubernetes name for a product's code server, at most 52 characters.
std::string code_server_name(const std::string& location) {
  std::string out = "code-";
  for (char c : location) {
    char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
    if (ok) out += l;
    else if (out.back() != '-') out += '-';
  }
  while (out.back() == '-') out.pop_back();
  if (out.size() > 52) {
    std::uint32_t h = 2166136261u;
    for (unsigned char c : location) h = (h ^ c) * 16777619u;
    out = out.substr(0, 43);
    while (out.back() == '-') out.pop_back();
    out += fmt::format("-{:08x}", h);
  }
  return out;
}

std::string dagster_yaml() {
  // Runs are launched inside the code servers (DefaultRunLauncher) and
  // queued by the daemon; compute logs go to the pod's writable /tmp.
  return "# Written by floe platform deploy (plugins/orchestrator-dagster).\n"
         "storage:\n"
         "  postgres:\n"
         "    postgres_db:\n"
         "      username: dagster\n"
         "      password: {env: DAGSTER_PG_PASSWORD}\n"
         "      hostname: dagster-postgresql\n"
         "      db_name: dagster\n"
         "      port: 5432\n"
         "run_coordinator:\n"
         "  module: dagster.core.run_coordinator\n"
         "  class: QueuedRunCoordinator\n"
         "run_launcher:\n"
         "  module: dagster.core.launcher\n"
         "  class: DefaultRunLauncher\n"
         "compute_logs:\n"
         "  module: dagster.core.storage.local_compute_log_manager\n"
         "  class: LocalComputeLogManager\n"
         "  config: {base_dir: /tmp/dagster-compute-logs}\n"
         "telemetry:\n"
         "  enabled: false\n";
}

}  // namespace

json::value dagster_workloads(const deployment_settings& settings, const json::object& request) {
  json::value password{{"secret_ref", "dagster-postgres-password"}};
  json::array notes;
  bool given = false;
  if (const json::value* secrets = request.if_contains("secrets"); secrets != nullptr && secrets->is_object()) {
    if (const json::value* p = secrets->as_object().if_contains("postgres_password"); p != nullptr && p->is_object()) {
      password = *p;
      given = true;
    }
  }
  if (!given)
    notes.push_back("the instance database's password is the reference {secret_ref: dagster-postgres-password} "
                    "(set plugins.orchestrator.secrets.postgres_password to use another)");

  std::string workspace = "# Written by floe platform deploy: one gRPC code server per product.\nload_from:\n";
  json::array code_servers;
  const json::value* products = request.if_contains("products");
  if (products != nullptr && !products->is_array()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'products': expected an array");
  for (const auto& p : products != nullptr ? products->as_array() : json::array{}) {
    if (!p.is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'products': every product is an object");
    const auto& o = p.as_object();
    std::string name = floe::sdk::required_string(o, "name");
    std::string image = floe::sdk::required_string(o, "image");
    std::string domain = floe::sdk::optional_string(o, "domain").value_or("");
    std::string location = names_of(domain, name).group;
    std::string server = code_server_name(location);
    // Runs launched by Dagster execute in the code server: it reads what a
    // run of the product reads.
    json::object secret_env{{"DAGSTER_PG_PASSWORD", password}};
    if (const json::value* e = o.if_contains("secret_env"); e != nullptr && e->is_object())
      for (const auto& [k, v] : e->as_object()) secret_env[k] = v;
    workspace += fmt::format("  - grpc_server:\n      host: {}\n      port: {}\n      location_name: {}\n", server, kCodePort, location);
    code_servers.push_back(json::object{
        {"name", server},
        {"component", "code-server"},
        {"image", image},
        {"command", json::array{"dagster", "api", "grpc", "-h", "0.0.0.0", "-p", std::to_string(kCodePort), "-f",
                                "/product/dagster/" + location + "/definitions.py", "-d",
                                "/product/dagster/" + location}},
        // The webserver and the daemon load the code location from it.
        {"ports", json::array{json::object{{"name", "grpc"}, {"port", kCodePort}, {"clients", json::array{"webserver", "daemon"}}}}},
        // Runs execute here: what a run of the product reaches.
        {"uses", json::array{"catalog", "storage", "telemetry", "lineage"}},
        {"env", json::object{{"DAGSTER_HOME", kConfigDir}, {"HOME", "/tmp"}}},
        {"secret_env", std::move(secret_env)},
        {"config_files", json::object{{"mount", kConfigDir}, {"files", json::object{{"dagster.yaml", dagster_yaml()}}}}},
        {"writable_paths", json::array{"/product/target", "/product/dagster/" + location}},
        {"resources", json::object{{"cpu_request", "250m"}, {"cpu_limit", "2"}, {"memory_request", "512Mi"}, {"memory_limit", "2Gi"}}}});
  }
  if (code_servers.empty()) {
    workspace += "  []\n";
    notes.push_back("no products were given: the workspace has no code location (floe platform deploy --product FLOE_YAML)");
  }
  json::object files{{"dagster.yaml", dagster_yaml()}, {"workspace.yaml", workspace}};
  // The instance database: the webserver, the daemon and the runs in the
  // code servers, nothing else. The webserver's UI: no pod (port-forward).
  json::array database_clients{"webserver", "daemon"};
  if (!code_servers.empty()) database_clients.push_back("code-server");
  json::object common_env{{"DAGSTER_HOME", kConfigDir}, {"HOME", "/tmp"}};
  json::object pg_secret{{"DAGSTER_PG_PASSWORD", password}};
  json::array workloads{
      json::object{{"name", "dagster-webserver"},
                   {"component", "webserver"},
                   {"image", settings.image},
                   {"command", json::array{"dagster-webserver", "-h", "0.0.0.0", "-p", "3000", "-w",
                                           std::string(kConfigDir) + "/workspace.yaml"}},
                   {"ports", json::array{json::object{{"name", "http"}, {"port", 3000}}}},
                   {"env", common_env},
                   {"secret_env", pg_secret},
                   {"config_files", json::object{{"mount", kConfigDir}, {"files", files}}},
                   {"health", json::object{{"path", "/server_info"}, {"port", 3000}}},
                   {"resources", json::object{{"cpu_request", "250m"}, {"cpu_limit", "1"}, {"memory_request", "512Mi"}, {"memory_limit", "1Gi"}}}},
      json::object{{"name", "dagster-daemon"},
                   {"component", "daemon"},
                   {"image", settings.image},
                   {"command", json::array{"dagster-daemon", "run", "-w", std::string(kConfigDir) + "/workspace.yaml"}},
                   {"env", common_env},
                   {"secret_env", pg_secret},
                   {"config_files", json::object{{"mount", kConfigDir}, {"files", files}}},
                   {"resources", json::object{{"cpu_request", "100m"}, {"cpu_limit", "500m"}, {"memory_request", "256Mi"}, {"memory_limit", "1Gi"}}}},
      json::object{{"name", "dagster-postgresql"},
                   {"component", "database"},
                   {"image", settings.postgres_image},
                   {"ports", json::array{json::object{{"name", "postgres"}, {"port", 5432}, {"clients", std::move(database_clients)}}}},
                   {"env", json::object{{"POSTGRES_USER", "dagster"}, {"POSTGRES_DB", "dagster"}, {"PGDATA", "/var/lib/postgresql/data/pgdata"}}},
                   {"secret_env", json::object{{"POSTGRES_PASSWORD", password}}},
                   {"writable_paths", json::array{"/var/run/postgresql"}},
                   {"persistent", json::object{{"path", "/var/lib/postgresql/data"}, {"size", settings.postgres_storage}}},
                   {"run_as_user", 999},
                   {"resources", json::object{{"cpu_request", "250m"}, {"cpu_limit", "1"}, {"memory_request", "256Mi"}, {"memory_limit", "1Gi"}}}}};
  for (auto& s : code_servers) workloads.push_back(std::move(s));
  json::object out{{"workloads", std::move(workloads)}};
  if (!notes.empty()) out["notes"] = std::move(notes);
  return out;
}

}  // namespace floe::orchestrator_dagster
