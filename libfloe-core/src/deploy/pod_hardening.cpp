#include "deploy/pod_hardening.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace floe {

namespace json = boost::json;

Result<PodHardening> PodHardening::ask(SelectedPlugin& network) {
  PodHardening h;
  h.network = &network;
  auto pod = network.ask_for("generate_pod_security_context", json::object{}, "security_context", json::kind::object);
  if (!pod) return pod.error();
  auto container = network.ask_for("generate_container_security_context", json::object{}, "security_context", json::kind::object);
  if (!container) return container.error();
  h.pod_security_context = pod.value().as_object();
  h.container_security_context = container.value().as_object();
  return h;
}

Result<std::pair<json::array, json::array>> PodHardening::writable(const std::vector<std::string>& paths) const {
  if (paths.empty()) return std::pair<json::array, json::array>{};
  json::array list;
  for (const auto& p : paths) list.push_back(json::string(p));
  auto answer = network->ask("generate_writable_volumes", json::object{{"paths", std::move(list)}});
  if (!answer) return answer.error();
  const json::object& o = answer.value().as_object();
  const json::value* volumes = o.if_contains("volumes");
  const json::value* mounts = o.if_contains("mounts");
  if (volumes == nullptr || !volumes->is_array() || mounts == nullptr || !mounts->is_array())
    return make_error(FLOE_ERR_PLUGIN_FAILED,
                      fmt::format("{} answered generate_writable_volumes without 'volumes' and 'mounts' arrays", network->label()));
  return std::pair<json::array, json::array>{volumes->as_array(), mounts->as_array()};
}

json::object PodHardening::pod_context(std::optional<long> run_as_user) const {
  json::object context = pod_security_context;
  if (run_as_user) {
    context["runAsUser"] = *run_as_user;
    context["runAsGroup"] = *run_as_user;
    context["fsGroup"] = *run_as_user;
  }
  return context;
}

}  // namespace floe
