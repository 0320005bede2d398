// The deployment's calls into plugins: one selected plugin of a category,
// opened with its manifest config, asked a method and answered as JSON.
// An answer that is not JSON, or lacks the key the ABI promises, is the
// plugin's failure (FLOE_ERR_PLUGIN_FAILED, naming it), never an exception.
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>

#include "base/result.hpp"
#include "plugin/registry.hpp"

namespace floe {

class SelectedPlugin {
 public:
  SelectedPlugin(Registry& registry, std::string category, std::string name, const boost::json::object& config);
  SelectedPlugin(const SelectedPlugin&) = delete;
  SelectedPlugin& operator=(const SelectedPlugin&) = delete;
  ~SelectedPlugin();

  const std::string& label() const { return label_; }  // "rbac/k8s"
  // The open error, if opening failed.
  const Error* open_error() const { return open_error_ ? &*open_error_ : nullptr; }

  // The whole answer, parsed.
  Result<boost::json::value> ask(const std::string& method, const boost::json::value& request);
  // One key of the answer, of the given kind (object or array).
  Result<boost::json::value> ask_for(const std::string& method, const boost::json::value& request, const std::string& key,
                                     boost::json::kind kind);

 private:
  Registry& registry_;
  std::string label_;
  Instance* instance_ = nullptr;
  std::optional<Error> open_error_;
};

}  // namespace floe
