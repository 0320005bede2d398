// The deploy's cluster step, after the directory is written: apply it with
// server-side apply (field manager "floe"), or only dry-run or diff it, and
// prune what an earlier deploy of the same platform applied and this one no
// longer renders. Every object floe renders carries the labels
// floe.dev/platform=<platform> and app.kubernetes.io/managed-by=floe; prune
// deletes only objects with both labels, managed by the "floe" field
// manager, owned by no other object (a Job a CronJob made is not floe's),
// and absent from this render. docs/deploy.md#applying-to-a-cluster.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "deploy/deploy_files.hpp"
#include "deploy/platform_deploy.hpp"
#include "diag/compile_report.hpp"

namespace floe {

// The labels prune selects on, stamped on every rendered object.
void stamp_platform_labels(std::vector<ObjectFile>& files, const std::string& platform_label);

// Runs the cluster step the request asks for (apply, dry run, diff, prune)
// on `dir`, which holds `files`. Fills result["cluster"]; errors are
// FLOE-R911 (no cluster, kubectl failed) and FLOE-R912 (the API server
// refused objects), each listing what was applied anyway.
void cluster_step(const PlatformDeployRequest& request, const std::string& platform_label, const std::string& dir,
                  const std::vector<ObjectFile>& files, CompileReport& report, boost::json::object& result);

}  // namespace floe
