#include "status/cluster_workloads.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <map>

#include "core/json_path.hpp"

namespace floe {

namespace json = boost::json;

namespace {

std::int64_t int_at(const json::value& v, std::initializer_list<std::string_view> path, std::int64_t fallback = 0) {
  const json::value* x = find_path(v, path);
  return x != nullptr && x->is_int64() ? x->as_int64() : fallback;
}

const json::value* condition(const json::value& object, const std::string& type) {
  const json::value* list = find_path(object, {"status", "conditions"});
  if (list == nullptr || !list->is_array()) return nullptr;
  for (const auto& c : list->as_array())
    if (string_at(c, {"type"}) == type) return &c;
  return nullptr;
}

bool condition_true(const json::value& object, const std::string& type) {
  const json::value* c = condition(object, type);
  return c != nullptr && string_at(*c, {"status"}) == "True";
}

// Why a pod is not running and ready, in one line ("" when it is).
std::string pod_waiting(const json::value& pod) {
  std::string phase = string_at(pod, {"status", "phase"});
  if (phase == "Succeeded") return "";
  if (phase == "Running" && condition_true(pod, "Ready")) return "";
  if (phase == "Failed")
    return fmt::format("Failed: {}", string_at(pod, {"status", "message"}, string_at(pod, {"status", "reason"}, "no reason given")));
  if (const json::value* statuses = find_path(pod, {"status", "containerStatuses"}); statuses != nullptr && statuses->is_array())
    for (const auto& c : statuses->as_array())
      if (const json::value* waiting = find_path(c, {"state", "waiting"}); waiting != nullptr)
        return fmt::format("{}: {} {}", phase, string_at(*waiting, {"reason"}), string_at(*waiting, {"message"}));
  if (const json::value* scheduled = condition(pod, "PodScheduled"); scheduled != nullptr && string_at(*scheduled, {"status"}) != "True")
    return fmt::format("{}: {}: {}", phase, string_at(*scheduled, {"reason"}), string_at(*scheduled, {"message"}));
  if (string_at(pod, {"spec", "nodeName"}).empty())
    return fmt::format("{}: no node has taken it (no scheduler has bound it to a node)", phase);
  return phase == "Running" ? "Running, not ready" : phase;
}

std::string key_of(const std::string& ns, const std::string& name) { return ns + "/" + name; }

WorkloadStatus rollout(const json::value& o) {
  WorkloadStatus w;
  w.desired = int_at(o, {"spec", "replicas"}, 1);
  w.updated = int_at(o, {"status", "updatedReplicas"});
  w.ready = int_at(o, {"status", "readyReplicas"});
  w.available = int_at(o, {"status", "availableReplicas"});
  w.healthy = w.available >= w.desired && w.updated >= w.desired;
  w.state = w.healthy ? "available" : w.updated < w.desired ? "progressing" : "unavailable";
  if (!w.healthy)
    w.message = fmt::format("{} of {} replica(s) available ({} updated, {} ready)", w.available, w.desired, w.updated, w.ready);
  return w;
}

// A Job's outcome: complete, failed or active.
void job_outcome(const json::value& job, WorkloadStatus& w) {
  if (condition_true(job, "Complete")) {
    w.state = "complete";
    w.healthy = true;
  } else if (const json::value* failed = condition(job, "Failed"); failed != nullptr && string_at(*failed, {"status"}) == "True") {
    w.state = "failed";
    w.healthy = false;
    w.message = fmt::format("the job {} failed: {}", string_at(job, {"metadata", "name"}), string_at(*failed, {"message"}));
  } else {
    w.state = "active";
    w.healthy = true;
  }
}

}  // namespace

Result<std::vector<WorkloadStatus>> cluster_workloads(const KubeAccess& access, const std::string& platform, long timeout_ms) {
  auto controllers = kube_list(access, {"Deployment.v1.apps", "StatefulSet.v1.apps", "CronJob.v1.batch", "Job.v1.batch"},
                               "floe.dev/platform=" + platform, timeout_ms);
  if (!controllers) return controllers.error();
  // Pods and the Jobs CronJobs made carry the pod template's labels.
  auto running = kube_list(access, {"Pod", "Job.v1.batch"},
                           fmt::format("app.kubernetes.io/part-of={},app.kubernetes.io/managed-by=floe", platform), timeout_ms);
  if (!running) return running.error();
  std::map<std::string, std::vector<std::string>> waiting;  // ns/app name -> "pod: why"
  std::map<std::string, const json::value*> last_job;       // ns/cronjob -> its newest Job
  for (const auto& item : running.value()) {
    std::string ns = string_at(item, {"metadata", "namespace"});
    if (string_at(item, {"kind"}) == "Pod") {
      if (std::string why = pod_waiting(item); !why.empty())
        waiting[key_of(ns, string_at(item, {"metadata", "labels", "app.kubernetes.io/name"}))].push_back(
            fmt::format("{}: {}", string_at(item, {"metadata", "name"}), why));
      continue;
    }
    const json::value* owners = find_path(item, {"metadata", "ownerReferences"});
    if (owners == nullptr || !owners->is_array()) continue;
    for (const auto& owner : owners->as_array()) {
      if (string_at(owner, {"kind"}) != "CronJob") continue;
      const json::value*& newest = last_job[key_of(ns, string_at(owner, {"name"}))];
      if (newest == nullptr || string_at(*newest, {"metadata", "creationTimestamp"}) < string_at(item, {"metadata", "creationTimestamp"}))
        newest = &item;
    }
  }
  std::vector<WorkloadStatus> out;
  for (const auto& o : controllers.value()) {
    std::string kind = string_at(o, {"kind"});
    if (kind == "Job" && find_path(o, {"metadata", "ownerReferences"}) != nullptr) continue;  // a CronJob's run, shown with it
    WorkloadStatus w;
    if (kind == "Deployment" || kind == "StatefulSet") {
      w = rollout(o);
    } else if (kind == "CronJob") {
      w.schedule = string_at(o, {"spec", "schedule"});
      w.last_schedule = string_at(o, {"status", "lastScheduleTime"});
      w.last_success = string_at(o, {"status", "lastSuccessfulTime"});
      const json::value* suspend = find_path(o, {"spec", "suspend"});
      auto job = last_job.find(key_of(string_at(o, {"metadata", "namespace"}), string_at(o, {"metadata", "name"})));
      if (job != last_job.end()) {
        job_outcome(*job->second, w);
      } else {
        w.state = "scheduled";
        w.healthy = true;
      }
      if (suspend != nullptr && suspend->is_bool() && suspend->as_bool()) w.state = "suspended";
    } else {
      job_outcome(o, w);
    }
    w.kind = kind;
    w.ns = string_at(o, {"metadata", "namespace"});
    w.name = string_at(o, {"metadata", "name"});
    std::string app = string_at(o, {"metadata", "labels", "app.kubernetes.io/name"}, w.name);
    if (auto p = waiting.find(key_of(w.ns, app)); p != waiting.end()) w.waiting_pods = p->second;
    if (!w.healthy && !w.waiting_pods.empty()) w.message += fmt::format("; {}", fmt::join(w.waiting_pods, "; "));
    if (!w.healthy && w.waiting_pods.empty() && (kind == "Deployment" || kind == "StatefulSet") && w.available == 0)
      w.message += "; no pod of it exists yet (its controller has not created one)";
    out.push_back(std::move(w));
  }
  return out;
}

json::array workloads_json(const std::vector<WorkloadStatus>& workloads) {
  json::array out;
  for (const auto& w : workloads) {
    json::object row{{"kind", w.kind}, {"namespace", w.ns}, {"name", w.name}, {"state", w.state}, {"healthy", w.healthy}};
    if (w.kind == "Deployment" || w.kind == "StatefulSet") {
      row["desired"] = w.desired;
      row["updated"] = w.updated;
      row["ready"] = w.ready;
      row["available"] = w.available;
    }
    if (w.kind == "CronJob") {
      row["schedule"] = w.schedule;
      if (!w.last_schedule.empty()) row["last_schedule"] = w.last_schedule;
      if (!w.last_success.empty()) row["last_success"] = w.last_success;
    }
    json::array pods;
    for (const auto& p : w.waiting_pods) pods.push_back(json::string(p));
    row["waiting_pods"] = std::move(pods);
    if (!w.message.empty()) row["message"] = w.message;
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace floe
