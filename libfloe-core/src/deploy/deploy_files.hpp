// The rendered deployment on disk: one YAML file per group of objects
// (namespaces first, so `kubectl apply -f DIR` creates them before what
// lives in them), or a Helm chart with the same files as templates plus
// Chart.yaml and values.yaml. Written with replace_directory_atomically:
// a reader sees the old directory or the complete new one.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "deploy/value_slots.hpp"

namespace floe {

struct ObjectFile {
  std::string name;  // "00-namespaces.yaml"
  std::vector<boost::json::object> objects;
};

struct ChartInfo {
  std::string name, version, description;
};

// The files' text by relative path (Kubernetes: the object files; Helm:
// Chart.yaml, values.yaml and templates/<file>).
std::vector<std::pair<std::string, std::string>> deploy_file_texts(const std::vector<ObjectFile>& files,
                                                                   const ValueSlots& slots, bool helm,
                                                                   const ChartInfo& chart, const std::string& banner);

Result<Ok> write_deploy_directory(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& texts);

}  // namespace floe
