#include "connection_check.hpp"

#include <chrono>

#include "base/http_exchange.hpp"

namespace floe::telemetry_otlp {
namespace json = boost::json;

namespace {

json::object answer(const char* status, double latency_ms, std::string message, json::array warnings = {}) {
  return {{"status", status}, {"latency_ms", latency_ms}, {"message", std::move(message)}, {"warnings", std::move(warnings)}};
}

}  // namespace

json::object check_connection(const exporter_settings& settings, const std::map<std::string, std::string>& header_values,
                              long timeout_ms) {
  if (settings.protocol == "grpc")
    return answer("degraded", 0, settings.endpoint + " speaks OTLP over gRPC, which this check (and floe run) does not",
                  json::array{"floe run exports OTLP/HTTP only; point it at the receiver's HTTP port (4318)"});
  std::string url = settings.endpoint;
  if (!url.empty() && url.back() == '/') url.pop_back();
  url += "/v1/traces";
  base::HttpCall call;
  call.method = "POST";
  call.url = url;
  call.headers.push_back("Content-Type: application/json");
  for (const auto& [k, v] : settings.headers) call.headers.push_back(k + ": " + v);
  for (const auto& [k, v] : header_values) call.headers.push_back(k + ": " + v);
  call.body = "{}";
  call.timeout = std::chrono::milliseconds(timeout_ms);
  call.connect_timeout = call.timeout;
  call.keep_body = false;  // only its status matters
  base::HttpReply reply = base::exchange(call);
  double latency = reply.latency_ms;
  if (!reply.answered) return answer("unhealthy", latency, url + ": " + reply.problem);
  long status = reply.status;
  if (status < 200 || status > 299)
    return answer("unhealthy", latency,
                  url + " answered HTTP " + std::to_string(status) +
                      (status == 401 || status == 403 ? ": the credentials were refused" : ""));
  return answer("healthy", latency, url + " accepted an empty OTLP/JSON export");
}

}  // namespace floe::telemetry_otlp
