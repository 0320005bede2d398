#include "endpoint_probe.hpp"

#include "base/http_exchange.hpp"

namespace floe::compute_warehouses {
namespace {

constexpr const char* untried =
    "the credentials were not tried: the check sends no query and no secret "
    "(dbt debug does, where the secrets are)";

}  // namespace

probe_report probe_endpoint(const std::string& service, const std::string& url, std::chrono::milliseconds budget,
                            const answer_judge& judge) {
  auto started = std::chrono::steady_clock::now();
  auto reply = floe::base::exchange("GET", url, {}, "", budget);
  probe_report report;
  report.url = url;
  report.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!reply.answered) {
    report.status = "unhealthy";
    report.message = "cannot reach " + service + " at " + url + " within " + std::to_string(budget.count()) +
                     " ms: " + reply.problem;
    return report;
  }
  probe_verdict verdict =
      judge
          ? judge(reply.status, reply.body)
          : probe_verdict{"healthy", service + " answered at " + url + " (HTTP " + std::to_string(reply.status) + ")"};
  report.status = std::move(verdict.status);
  report.message = std::move(verdict.message);
  report.warnings.emplace_back(untried);
  return report;
}

boost::json::object to_validate_response(const probe_report& report) {
  return {{"status", report.status},
          {"latency_ms", report.latency_ms},
          {"message", report.message},
          {"warnings", boost::json::array(report.warnings.begin(), report.warnings.end())}};
}

boost::json::object to_health_response(const probe_report& report) {
  return {{"state", report.status},
          {"message", report.message},
          {"details",
           {{"endpoint", report.url},
            {"latency_ms", report.latency_ms},
            {"warnings", boost::json::array(report.warnings.begin(), report.warnings.end())}}}};
}

}  // namespace floe::compute_warehouses
