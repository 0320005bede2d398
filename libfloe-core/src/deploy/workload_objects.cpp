#include "deploy/workload_objects.hpp"

#include <boost/json.hpp>
#include <algorithm>

#include "kube/names.hpp"

namespace floe {

namespace json = boost::json;

namespace {

// What a workload without its own resources gets (the small preset of the
// reference compute plugin).
const WorkloadResources kDefaultResources{"100m", "500m", "256Mi", "512Mi"};

json::object metadata(const std::string& name, const std::string& ns, json::object labels) {
  return json::object{{"name", name}, {"namespace", ns}, {"labels", std::move(labels)}};
}

json::array env_of(const Workload& w, const std::string& secret_name) {
  json::array env;
  for (const auto& [name, value] : w.env) env.push_back(json::object{{"name", name}, {"value", value}});
  for (const auto& [name, reference] : w.secret_env)
    env.push_back(json::object{
        {"name", name},
        {"valueFrom", json::object{{"secretKeyRef", json::object{{"name", secret_name}, {"key", name}}}}}});
  return env;
}

json::object probe(const std::pair<std::string, int>& health, int initial_delay) {
  return json::object{{"httpGet", json::object{{"path", health.first}, {"port", health.second}}},
                      {"initialDelaySeconds", initial_delay},
                      {"periodSeconds", 10},
                      {"timeoutSeconds", 5}};
}

json::array strings(const std::vector<std::string>& list) {
  json::array out;
  for (const auto& s : list) out.push_back(json::string(s));
  return out;
}

}  // namespace

json::object workload_labels(const std::string& name, const std::string& component, const std::string& platform) {
  return json::object{{"app.kubernetes.io/name", name},
                      {"app.kubernetes.io/component", component},
                      {"app.kubernetes.io/part-of", platform},
                      {"app.kubernetes.io/managed-by", "floe"}};
}

json::object resource_block(const WorkloadResources& r, const std::vector<std::string>& path, ValueSlots& slots) {
  auto at = [&](const char* key) {
    std::vector<std::string> p = path;
    p.push_back(key);
    return p;
  };
  return json::object{
      {"requests", json::object{{"cpu", slots.slot(at("cpu_request"), json::string(r.cpu_request))},
                                {"memory", slots.slot(at("memory_request"), json::string(r.memory_request))}}},
      {"limits", json::object{{"cpu", slots.slot(at("cpu_limit"), json::string(r.cpu_limit))},
                              {"memory", slots.slot(at("memory_limit"), json::string(r.memory_limit))}}}};
}

Result<std::vector<json::object>> workload_objects(const Workload& w, const WorkloadPlacement& where,
                                                   const PodHardening& hardening, ValueSlots& slots) {
  std::vector<json::object> out;
  json::object labels = workload_labels(w.name, w.component, where.platform);
  json::object selector{{"app.kubernetes.io/name", w.name}, {"app.kubernetes.io/part-of", where.platform}};
  std::string key = values_key(w.name);

  out.push_back(where.service_account);

  // Writable paths: the workload's, and /tmp, which most images need with a
  // read-only root file system.
  std::vector<std::string> writable = w.writable_paths;
  if (std::find(writable.begin(), writable.end(), "/tmp") == writable.end()) writable.push_back("/tmp");
  auto volumes = hardening.writable(writable);
  if (!volumes) return volumes.error();
  json::array pod_volumes = volumes.value().first, mounts = volumes.value().second;

  if (!w.config_files.empty()) {
    json::object data;
    for (const auto& [file, content] : w.config_files) data[file] = content;
    out.push_back(json::object{{"apiVersion", "v1"},
                               {"kind", "ConfigMap"},
                               {"metadata", metadata(w.name + "-config", where.namespace_name, labels)},
                               {"data", std::move(data)}});
    pod_volumes.push_back(json::object{{"name", "config"}, {"configMap", json::object{{"name", w.name + "-config"}}}});
    mounts.push_back(json::object{{"name", "config"}, {"mountPath", w.config_mount}, {"readOnly", true}});
  }
  if (w.persistent) mounts.push_back(json::object{{"name", "data"}, {"mountPath", w.persistent->first}});

  std::string container_name = k8s_label_name(w.component);
  json::object container{{"name", container_name.empty() ? w.name : container_name},
                         {"image", slots.slot({"workloads", key, "image"}, json::string(w.image))},
                         {"imagePullPolicy", "IfNotPresent"}};
  if (!w.command.empty()) container["command"] = strings(w.command);
  if (!w.args.empty()) container["args"] = strings(w.args);
  if (!w.ports.empty()) {
    json::array ports;
    for (const auto& p : w.ports)
      ports.push_back(json::object{{"name", p.name}, {"containerPort", p.port}, {"protocol", "TCP"}});
    container["ports"] = std::move(ports);
  }
  if (json::array env = env_of(w, where.secret_name); !env.empty()) container["env"] = std::move(env);
  container["resources"] = resource_block(w.resources.value_or(kDefaultResources), {"workloads", key, "resources"}, slots);
  container["securityContext"] = hardening.container_security_context;
  container["volumeMounts"] = std::move(mounts);
  if (w.health) {
    container["readinessProbe"] = probe(*w.health, 5);
    container["livenessProbe"] = probe(*w.health, 30);
  }

  json::object pod_spec{{"serviceAccountName", w.name},
                        {"automountServiceAccountToken", false},
                        {"securityContext", hardening.pod_context(w.run_as_user)},
                        {"containers", json::array{std::move(container)}},
                        {"volumes", std::move(pod_volumes)}};
  json::object spec{{"replicas", slots.slot({"workloads", key, "replicas"}, w.replicas)},
                    {"selector", json::object{{"matchLabels", selector}}},
                    {"template", json::object{{"metadata", json::object{{"labels", labels}}}, {"spec", std::move(pod_spec)}}}};
  json::object controller{{"apiVersion", "apps/v1"},
                          {"kind", w.persistent ? "StatefulSet" : "Deployment"},
                          {"metadata", metadata(w.name, where.namespace_name, labels)}};
  if (w.persistent) {
    spec["serviceName"] = w.name;
    spec["volumeClaimTemplates"] = json::array{json::object{
        {"metadata", json::object{{"name", "data"}}},
        {"spec", json::object{{"accessModes", json::array{"ReadWriteOnce"}},
                              {"resources", json::object{{"requests", json::object{{"storage", w.persistent->second}}}}}}}}};
  }
  controller["spec"] = std::move(spec);
  out.push_back(std::move(controller));

  if (!w.ports.empty()) {
    json::array ports;
    for (const auto& p : w.ports)
      ports.push_back(json::object{{"name", p.name}, {"port", p.port}, {"targetPort", p.name}, {"protocol", "TCP"}});
    out.push_back(json::object{{"apiVersion", "v1"},
                               {"kind", "Service"},
                               {"metadata", metadata(w.name, where.namespace_name, labels)},
                               {"spec", json::object{{"type", "ClusterIP"}, {"selector", selector}, {"ports", std::move(ports)}}}});
  }
  return out;
}

}  // namespace floe
