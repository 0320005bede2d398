#include "deploy/product_objects.hpp"

#include <boost/json.hpp>

#include "deploy/workload_objects.hpp"

namespace floe {

namespace json = boost::json;

namespace {

// The image's working directory holds the product (floe.yaml at its root).
constexpr const char* kProductDir = "/product";

}  // namespace

Result<std::vector<json::object>> product_objects(const ProductJob& job, const ProductPlacement& where, SelectedPlugin& rbac,
                                                  const PodHardening& hardening, ValueSlots& slots) {
  std::vector<json::object> out;
  std::string account = job.job_name + "-runner";
  auto sa = rbac.ask_for("generate_service_account", json::object{{"name", account}, {"namespace", job.namespace_name}},
                         "manifest", json::kind::object);
  if (!sa) return sa.error();
  out.push_back(sa.value().as_object());
  if (!where.secret_name.empty()) {
    std::string role = job.job_name + "-secret-reader";
    json::array rules{json::object{{"apiGroups", json::array{""}},
                                   {"resources", json::array{"secrets"}},
                                   {"verbs", json::array{"get"}},
                                   {"resourceNames", json::array{json::string(where.secret_name)}}}};
    auto r = rbac.ask_for("generate_role", json::object{{"name", role}, {"namespace", job.namespace_name}, {"rules", rules}},
                          "manifest", json::kind::object);
    if (!r) return r.error();
    out.push_back(r.value().as_object());
    auto b = rbac.ask_for("generate_role_binding",
                          json::object{{"name", role}, {"namespace", job.namespace_name}, {"role", role},
                                       {"subjects", json::array{json::string(account)}}},
                          "manifest", json::kind::object);
    if (!b) return b.error();
    out.push_back(b.value().as_object());
  }

  std::string key = values_key(job.job_name);
  json::object labels = workload_labels(job.job_name, "product-run", where.platform);
  labels["floe.dev/product"] = job.product;
  auto volumes = hardening.writable(where.writable);
  if (!volumes) return volumes.error();
  json::object container{{"name", "floe-run"},
                         {"image", slots.slot({"products", key, "image"}, json::string(job.image))},
                         {"imagePullPolicy", "IfNotPresent"},
                         {"command", json::array{"floe"}},
                         {"args", json::array{"run", "floe.yaml"}},
                         {"workingDir", kProductDir}};
  json::array env{json::object{{"name", "HOME"}, {"value", "/tmp"}}};
  for (const auto& [name, reference] : job.secret_env)
    env.push_back(json::object{
        {"name", name},
        {"valueFrom", json::object{{"secretKeyRef", json::object{{"name", where.secret_name}, {"key", name}}}}}});
  container["env"] = std::move(env);
  container["resources"] = resource_block(job.resources, {"products", key, "resources"}, slots);
  container["securityContext"] = hardening.container_security_context;
  container["volumeMounts"] = volumes.value().second;
  json::object pod{{"metadata", json::object{{"labels", labels}}},
                   {"spec", json::object{{"restartPolicy", "Never"},
                                         {"serviceAccountName", account},
                                         {"automountServiceAccountToken", false},
                                         {"securityContext", hardening.pod_context(std::nullopt)},
                                         {"dnsConfig", json::object{{"searches", json::array{json::string(
                                                                        where.services_namespace + ".svc.cluster.local")}}}},
                                         {"containers", json::array{std::move(container)}},
                                         {"volumes", volumes.value().first}}}};
  // A failed run is not retried by Kubernetes: floe run keeps its results
  // and the next scheduled run picks up cleanly (docs/run.md).
  json::object job_spec{{"backoffLimit", 0}, {"ttlSecondsAfterFinished", 86400}, {"template", std::move(pod)}};
  json::object metadata{{"name", job.job_name}, {"namespace", job.namespace_name}, {"labels", labels}};
  if (job.scheduled) {
    json::object spec{{"schedule", slots.slot({"products", key, "schedule"}, json::string(job.cron))},
                      {"timeZone", job.timezone},
                      {"suspend", slots.slot({"products", key, "suspend"}, !job.enabled)},
                      {"concurrencyPolicy", "Forbid"},
                      {"successfulJobsHistoryLimit", 3},
                      {"failedJobsHistoryLimit", 3},
                      {"jobTemplate", json::object{{"metadata", json::object{{"labels", labels}}}, {"spec", std::move(job_spec)}}}};
    out.push_back(json::object{{"apiVersion", "batch/v1"}, {"kind", "CronJob"}, {"metadata", std::move(metadata)}, {"spec", std::move(spec)}});
  } else {
    out.push_back(json::object{{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"metadata", std::move(metadata)}, {"spec", std::move(job_spec)}});
  }
  return out;
}

}  // namespace floe
