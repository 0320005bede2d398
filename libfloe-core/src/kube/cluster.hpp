// A Kubernetes cluster as floe reaches it: through kubectl, so that the
// kubeconfig, its contexts, client certificates, tokens and exec credential
// plugins are honoured exactly as the user's own kubectl honours them
// (KUBECONFIG and ~/.kube/config included). Each call is one kubectl
// process with a bounded time; what the API server says is parsed from
// `-o json` / `-o name` output, its refusals from stderr.
// docs/deploy.md#platform-deploy.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "base/result.hpp"
#include "kube/command.hpp"

namespace floe {

struct KubeAccess {
  std::string kubectl = "kubectl";
  std::string kubeconfig;           // "" = kubectl's own rules (KUBECONFIG, else ~/.kube/config)
  std::string context;              // "" = the kubeconfig's current-context
  long request_timeout_ms = 10000;  // each request kubectl sends to the API server
};

// An object as kubectl names it: "deployment.apps/dagster-webserver" (and
// its namespace, when it has one).
struct KubeObjectRef {
  std::string kind_name;  // kubectl's `-o name` form: "<resource>[.<group>]/<name>"
  std::string ns;
};

// The server's version (gitVersion), or why no cluster answered: kubectl
// missing, the kubeconfig unreadable, its credential plugin failing, the
// server down or too slow (FLOE_ERR_TIMEOUT).
Result<std::string> kube_server_version(const KubeAccess& access);

struct ApplyOptions {
  bool dry_run = false;          // --dry-run=server: admission runs, nothing is stored
  bool force_conflicts = false;  // take fields another field manager owns
  long timeout_ms = 120000;
};

// What `kubectl apply --server-side` did with the files of a directory:
// the objects the server accepted, and every refusal as kubectl printed it
// (one entry per error: forbidden, invalid, a field-manager conflict).
struct ApplyOutcome {
  std::vector<std::string> applied;  // "-o name" lines
  std::vector<std::string> refusals;
  bool timed_out = false;
  bool ok() const { return refusals.empty() && !timed_out; }
};
Result<ApplyOutcome> kube_apply(const KubeAccess& access, const std::string& dir, const ApplyOptions& options);

// `kubectl diff --server-side`: what applying the directory would change,
// object by object ("Deployment acme/dagster-webserver"), and the unified
// diff itself. Secrets are never rendered by floe, so the diff holds no
// secret value.
struct DiffOutcome {
  std::vector<std::string> changed;
  std::string text;
};
Result<DiffOutcome> kube_diff(const KubeAccess& access, const std::string& dir, long timeout_ms);

// Every object of the given types (each "Kind" for the core group, else
// "Kind.version.group") in all namespaces whose labels match `selector`.
Result<boost::json::array> kube_list(const KubeAccess& access, const std::vector<std::string>& types,
                                     const std::string& selector, long timeout_ms);

// Deletes the objects (apiVersion, kind, metadata.name/namespace each),
// without waiting for finalizers; the ones already gone are no error.
Result<std::vector<std::string>> kube_delete(const KubeAccess& access, const boost::json::array& objects, long timeout_ms);

// "Kind" for the core group, "Kind.version.group" otherwise: how kubectl
// names the type of an object with this apiVersion unambiguously.
std::string kube_type_of(const std::string& api_version, const std::string& kind);

// The first lines of what kubectl said, for a message (errors first).
std::string kubectl_said(const CommandOutcome& outcome, std::size_t limit = 800);

}  // namespace floe
