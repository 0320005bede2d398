#include "connection_check.hpp"

#include <chrono>

#include "curl_functions.hpp"

namespace floe::telemetry_otlp {
namespace json = boost::json;
using plugin_support::curl_functions;
using plugin_support::open_curl;

namespace {

std::size_t discard(char*, std::size_t size, std::size_t n, void*) { return size * n; }

json::object answer(const char* status, double latency_ms, std::string message, json::array warnings = {}) {
  return {{"status", status}, {"latency_ms", latency_ms}, {"message", std::move(message)}, {"warnings", std::move(warnings)}};
}

}  // namespace

json::object check_connection(const exporter_settings& settings, const std::map<std::string, std::string>& header_values,
                              long timeout_ms) {
  if (settings.protocol == "grpc")
    return answer("degraded", 0, settings.endpoint + " speaks OTLP over gRPC, which this check (and floe run) does not",
                  json::array{"floe run exports OTLP/HTTP only; point it at the receiver's HTTP port (4318)"});
  std::string problem;
  const curl_functions* lib = open_curl(problem);
  if (lib == nullptr) return answer("unhealthy", 0, problem);
  std::string url = settings.endpoint;
  if (!url.empty() && url.back() == '/') url.pop_back();
  url += "/v1/traces";
  CURL* curl = lib->easy_init();
  if (curl == nullptr) return answer("unhealthy", 0, "libcurl could not be initialised");
  curl_slist* headers = lib->slist_append(nullptr, "Content-Type: application/json");
  for (const auto& [k, v] : settings.headers) headers = lib->slist_append(headers, (k + ": " + v).c_str());
  for (const auto& [k, v] : header_values) headers = lib->slist_append(headers, (k + ": " + v).c_str());
  char detail[CURL_ERROR_SIZE] = {0};
  lib->easy_setopt(curl, CURLOPT_URL, url.c_str());
  lib->easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  lib->easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  lib->easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
  lib->easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  lib->easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  lib->easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  lib->easy_setopt(curl, CURLOPT_POSTFIELDS, "{}");
  lib->easy_setopt(curl, CURLOPT_WRITEFUNCTION, &discard);
  auto started = std::chrono::steady_clock::now();
  CURLcode code = lib->easy_perform(curl);
  double latency = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  long status = 0;
  lib->easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  lib->slist_free_all(headers);
  lib->easy_cleanup(curl);
  if (code != CURLE_OK)
    return answer("unhealthy", latency,
                  url + ": " + (code == CURLE_OPERATION_TIMEDOUT
                                    ? "no answer within " + std::to_string(timeout_ms) + " ms"
                                    : std::string(detail[0] != '\0' ? detail : lib->easy_strerror(code))));
  if (status < 200 || status > 299)
    return answer("unhealthy", latency,
                  url + " answered HTTP " + std::to_string(status) +
                      (status == 401 || status == 403 ? ": the credentials were refused" : ""));
  return answer("healthy", latency, url + " accepted an empty OTLP/JSON export");
}

}  // namespace floe::telemetry_otlp
