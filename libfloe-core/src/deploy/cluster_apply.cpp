#include "deploy/cluster_apply.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <set>

#include "core/json_path.hpp"
#include "diag/codes.hpp"
#include "kube/cluster.hpp"

namespace floe {

namespace json = boost::json;

namespace {

constexpr const char* kPlatformLabel = "floe.dev/platform";
constexpr const char* kManagedByLabel = "app.kubernetes.io/managed-by";

// The types the host renders in some deploy: a prune looks for all of
// them, so an object of a type this render no longer has is still found.
const std::vector<std::string> kHostTypes = {
    "Namespace",          "ServiceAccount",      "ConfigMap",        "Service",
    "Deployment.v1.apps", "StatefulSet.v1.apps", "CronJob.v1.batch", "Job.v1.batch",
    "Role.v1.rbac.authorization.k8s.io",         "RoleBinding.v1.rbac.authorization.k8s.io",
    "NetworkPolicy.v1.networking.k8s.io"};

std::string identity(const json::value& object) {
  std::string type = kube_type_of(string_at(object, {"apiVersion"}), string_at(object, {"kind"}));
  std::string ns = string_at(object, {"metadata", "namespace"});
  return ns.empty() ? fmt::format("{} {}", type, string_at(object, {"metadata", "name"}))
                    : fmt::format("{} {}/{}", type, ns, string_at(object, {"metadata", "name"}));
}

bool managed_by_floe(const json::value& object) {
  const json::value* fields = find_path(object, {"metadata", "managedFields"});
  if (fields == nullptr || !fields->is_array()) return false;
  for (const auto& f : fields->as_array())
    if (string_at(f, {"manager"}) == "floe") return true;
  return false;
}

bool owned(const json::value& object) {
  const json::value* owners = find_path(object, {"metadata", "ownerReferences"});
  return owners != nullptr && owners->is_array() && !owners->as_array().empty();
}

class ClusterStep {
 public:
  ClusterStep(const PlatformDeployRequest& request, const std::string& platform, const std::string& dir,
              const std::vector<ObjectFile>& files, CompileReport& report)
      : request_(request), platform_(platform), dir_(dir), files_(files), report_(report) {}

  json::object run();

 private:
  void fail(const char* code, const std::string& message, std::string expected, std::string hint) {
    report_.diagnostics.add(make_diagnostic(code, "deploy", message, {request_.manifest_path, 0, 0}, std::move(expected),
                                            std::move(hint)));
    stage_->lines.push_back({"error", message});
    stage_->ok = false;
  }
  void unreachable(const Error& e) {
    fail(codes::R911, e.message, "a Kubernetes API server kubectl can reach with the kubeconfig's current (or --context) context",
         "check `kubectl version` with the same --kubeconfig/--context; the manifests are written, apply them when the "
         "cluster answers");
  }
  void refused(const std::vector<std::string>& refusals, std::size_t applied);
  bool diff(json::object& out);
  json::array prune_candidates(bool& ok);
  void prune(json::object& out);

  const PlatformDeployRequest& request_;
  const std::string& platform_;
  const std::string& dir_;
  const std::vector<ObjectFile>& files_;
  CompileReport& report_;
  Stage* stage_ = nullptr;
};

void ClusterStep::refused(const std::vector<std::string>& refusals, std::size_t applied) {
  for (const auto& r : refusals) {
    bool conflict = r.find("conflict") != std::string::npos;
    bool forbidden = r.find("(Forbidden)") != std::string::npos;
    std::string hint = conflict    ? "another field manager owns these fields: take them with --force-conflicts when floe's "
                                     "value must win (docs/deploy.md#conflicts), or change the manifest to agree"
                       : forbidden ? "the kubeconfig's user lacks this RBAC right: grant it, or apply with an account that has "
                                     "it (kubectl auth can-i shows what it may do)"
                                   : "the API server refused the object: read its message; if floe rendered it, report it";
    fail(codes::R912,
         fmt::format("the API server refused: {} ({} other object(s) were {}; they are listed in the report)", r, applied,
                     request_.dry_run ? "accepted in the dry run" : "applied"),
         "every rendered object accepted", hint);
  }
}

bool ClusterStep::diff(json::object& out) {
  auto d = kube_diff(request_.kube, dir_, request_.apply_timeout_ms);
  if (!d) {
    unreachable(d.error());
    return false;
  }
  out["changed"] = json_strings(d.value().changed);
  out["diff"] = d.value().text;
  stage_->lines.push_back({d.value().changed.empty() ? "ok" : "info",
                           d.value().changed.empty() ? std::string("the cluster holds exactly what was rendered")
                                                     : fmt::format("{} object(s) differ from the cluster: {}",
                                                                   d.value().changed.size(), fmt::join(d.value().changed, ", "))});
  return true;
}

// This platform's objects in the cluster that floe applied and this render
// no longer has: namespaces last, and nothing inside a namespace that goes.
json::array ClusterStep::prune_candidates(bool& ok) {
  std::set<std::string> types(kHostTypes.begin(), kHostTypes.end()), rendered;
  for (const auto& f : files_)
    for (const auto& o : f.objects) {
      types.insert(kube_type_of(string_at(o, {"apiVersion"}), string_at(o, {"kind"})));
      rendered.insert(identity(o));
    }
  auto listed = kube_list(request_.kube, std::vector<std::string>(types.begin(), types.end()),
                          fmt::format("{}={},{}=floe", kPlatformLabel, platform_, kManagedByLabel), request_.apply_timeout_ms);
  if (!listed) {
    unreachable(listed.error());
    ok = false;
    return {};
  }
  std::set<std::string> leaving_namespaces;
  std::vector<const json::value*> stale;
  for (const auto& item : listed.value()) {
    if (owned(item) || !managed_by_floe(item) || rendered.count(identity(item)) != 0) continue;
    stale.push_back(&item);
    if (string_at(item, {"kind"}) == "Namespace") leaving_namespaces.insert(string_at(item, {"metadata", "name"}));
  }
  json::array out, namespaces;
  for (const json::value* item : stale) {
    json::object ref{{"apiVersion", string_at(*item, {"apiVersion"})},
                     {"kind", string_at(*item, {"kind"})},
                     {"metadata", json::object{{"name", string_at(*item, {"metadata", "name"})}}}};
    std::string ns = string_at(*item, {"metadata", "namespace"});
    if (!ns.empty()) {
      if (leaving_namespaces.count(ns) != 0) continue;  // goes with its namespace
      ref["metadata"].as_object()["namespace"] = ns;
    }
    (ref["kind"] == "Namespace" ? namespaces : out).push_back(std::move(ref));
  }
  for (auto& n : namespaces) out.push_back(std::move(n));
  return out;
}

void ClusterStep::prune(json::object& out) {
  bool ok = true;
  json::array stale = prune_candidates(ok);
  if (!ok) return;
  std::vector<std::string> names;
  for (const auto& o : stale) names.push_back(identity(o));
  if (request_.dry_run || !request_.apply) {
    out["would_prune"] = json_strings(names);
    stage_->lines.push_back({"info", names.empty() ? std::string("nothing to prune")
                                                   : fmt::format("would prune {}", fmt::join(names, ", "))});
    return;
  }
  auto deleted = kube_delete(request_.kube, stale, request_.apply_timeout_ms);
  if (!deleted) return unreachable(deleted.error());
  out["pruned"] = json_strings(names);
  stage_->lines.push_back({"ok", names.empty() ? std::string("nothing to prune") : fmt::format("pruned {}", fmt::join(names, ", "))});
}

json::object ClusterStep::run() {
  std::string what = !request_.apply ? "Comparing {} with the cluster" : request_.dry_run ? "Dry-running {} on the cluster"
                                                                                          : "Applying {} to the cluster";
  stage_ = &report_.stage(fmt::format(fmt::runtime(what), dir_));
  json::object out{{"dry_run", request_.dry_run || !request_.apply}};
  auto version = kube_server_version(request_.kube);
  if (!version) {
    unreachable(version.error());
    return out;
  }
  out["server_version"] = version.value();
  stage_->lines.push_back({"ok", fmt::format("Kubernetes {} answered", version.value())});
  if (!request_.apply) {  // --diff alone
    if (diff(out) && request_.prune) prune(out);
    return out;
  }
  if (request_.dry_run && !diff(out)) return out;
  ApplyOptions options;
  options.dry_run = request_.dry_run;
  options.force_conflicts = request_.force_conflicts;
  options.timeout_ms = request_.apply_timeout_ms;
  auto applied = kube_apply(request_.kube, dir_, options);
  if (!applied) {
    unreachable(applied.error());
    return out;
  }
  const ApplyOutcome& a = applied.value();
  out["applied"] = json_strings(a.applied);
  out["refused"] = json_strings(a.refusals);
  stage_->lines.push_back({"ok", fmt::format("{} {} object(s)", request_.dry_run ? "the server accepted" : "applied", a.applied.size())});
  if (a.timed_out) {
    fail(codes::R911,
         fmt::format("kubectl apply did not finish in time; {} object(s) were applied before it was stopped (listed in the report)",
                     a.applied.size()),
         "the API server answering within the deploy's time", "apply again: server-side apply is idempotent");
    return out;
  }
  refused(a.refusals, a.applied.size());
  // Prune only after everything was accepted: a partial apply must not
  // delete what the refused objects would have replaced.
  if (request_.prune && a.ok()) prune(out);
  return out;
}

}  // namespace

void stamp_platform_labels(std::vector<ObjectFile>& files, const std::string& platform_label) {
  for (auto& f : files)
    for (auto& o : f.objects) {
      json::value& metadata = o["metadata"];
      if (!metadata.is_object()) metadata = json::object{};
      json::value& labels = metadata.as_object()["labels"];
      if (!labels.is_object()) labels = json::object{};
      labels.as_object()[kPlatformLabel] = platform_label;
      labels.as_object()[kManagedByLabel] = "floe";
    }
}

void cluster_step(const PlatformDeployRequest& request, const std::string& platform_label, const std::string& dir,
                  const std::vector<ObjectFile>& files, CompileReport& report, json::object& result) {
  result["cluster"] = ClusterStep(request, platform_label, dir, files, report).run();
  report.conclude(report.stages.back());
}

}  // namespace floe
