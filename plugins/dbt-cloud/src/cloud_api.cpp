#include "cloud_api.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <thread>

#include "floe/plugin.hpp"
#include "http_client.hpp"
#include "json_fields.hpp"

namespace floe::dbt_cloud {
namespace json = boost::json;
using dbt_common::obj;
using dbt_common::str;
using floe::sdk::error;

namespace {

std::int64_t integer(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v != nullptr && v->is_int64() ? v->get_int64() : v != nullptr && v->is_uint64() ? static_cast<std::int64_t>(v->get_uint64()) : 0;
}

// dbt Cloud's own words for a refused request: status.user_message, else
// the start of the body.
std::string said(const std::string& body) {
  boost::system::error_code ec;
  json::value doc = json::parse(body, ec);
  if (!ec && doc.is_object())
    if (const json::object* status = obj(doc.get_object(), "status"))
      if (std::string message = str(*status, "user_message"); !message.empty()) return message;
  std::string start = body.substr(0, 200);
  std::replace(start.begin(), start.end(), '\n', ' ');
  return start;
}

}  // namespace

CloudApi::CloudApi(const CloudConfig& config, std::string token, std::function<bool()> cancelled)
    : config_(config), token_(std::move(token)), cancelled_(std::move(cancelled)) {}

CloudApi::~CloudApi() { std::fill(token_.begin(), token_.end(), '\0'); }

std::optional<CloudApi::Answer> CloudApi::call(const std::string& method, const std::string& path,
                                               const std::string& body, int retries, bool missing_ok,
                                               bool stoppable) {
  HttpRequest request;
  request.method = method;
  request.url = config_.base_url + "/api/v2/accounts/" + std::to_string(config_.account_id) + path;
  request.body = body;
  request.headers = {"Authorization: Token " + token_, "Accept: application/json",
                     "Content-Type: application/json", "User-Agent: floe-dbt-cloud/0.1.0"};
  request.timeout = config_.request_timeout;
  if (stoppable) request.cancelled = cancelled_;
  // Whatever a server sends back is shown without the token, should it echo it.
  auto scrub = [this](std::string text) {
    for (std::size_t at; !token_.empty() && (at = text.find(token_)) != std::string::npos;) text.replace(at, token_.size(), "***");
    return text;
  };
  const std::string what = method + " " + path;
  std::string last_problem;
  bool last_timed_out = false;
  for (int attempt = 0;; ++attempt) {
    HttpOutcome outcome = perform(request);
    if (outcome.how == HttpOutcome::kind::cancelled)
      throw error(FLOE_ERR_CANCELLED, "stopped on request while waiting for dbt Cloud (" + what + ")");
    last_timed_out = outcome.how == HttpOutcome::kind::timed_out;
    if (outcome.how == HttpOutcome::kind::answered) {
      long status = outcome.status;
      if (status >= 200 && status < 300) return Answer{status, std::move(outcome.body)};
      std::string reason = "HTTP " + std::to_string(status) + ": " + scrub(said(outcome.body));
      if (status == 404 && missing_ok) return std::nullopt;
      if (status == 401 || status == 403)
        throw error(FLOE_ERR_UNAUTHORIZED, "dbt Cloud refused the API token from " + config_.token_reference + " (" +
                                               what + ": " + reason + "); check that it is valid and may run job " +
                                               std::to_string(config_.job_id));
      if (status == 404)
        throw error(FLOE_ERR_NOT_FOUND, "dbt Cloud has no " + what + " (" + reason + "); check account_id " +
                                            std::to_string(config_.account_id) + " and job_id " +
                                            std::to_string(config_.job_id));
      if (status != 429 && status < 500) throw error(FLOE_ERR_INVALID_ARGUMENT, "dbt Cloud refused " + what + " (" + reason + ")");
      last_problem = reason;
    } else {
      last_problem = scrub(outcome.problem);
    }
    if (attempt >= retries) break;
    // Backoff 1 s, 2 s, 4 s, ... up to 30 s, cut short by a cancel request.
    auto wait = std::chrono::milliseconds(1000) * (1 << std::min(attempt, 5));
    auto until = std::chrono::steady_clock::now() + std::min<std::chrono::milliseconds>(wait, std::chrono::seconds(30));
    while (std::chrono::steady_clock::now() < until) {
      if (stoppable && cancelled_ && cancelled_())
        throw error(FLOE_ERR_CANCELLED, "stopped on request while waiting for dbt Cloud (" + what + ")");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  std::string tries = std::to_string(retries + 1) + (retries == 0 ? " try" : " tries");
  if (last_timed_out)
    throw error(FLOE_ERR_TIMEOUT, "dbt Cloud did not answer " + what + " within " +
                                      std::to_string(config_.request_timeout.count()) +
                                      " s (plugins.dbt.config.request_timeout_seconds; " + tries + ")");
  throw error(FLOE_ERR_UNAVAILABLE, "dbt Cloud at " + config_.base_url + " could not serve " + what + " (" + tries +
                                        "; last: " + last_problem + ")");
}

CloudRun CloudApi::run_of(const Answer& answer, const std::string& what) const {
  boost::system::error_code ec;
  json::value doc = json::parse(answer.body, ec);
  const json::object* data = !ec && doc.is_object() ? obj(doc.get_object(), "data") : nullptr;
  if (data == nullptr || integer(*data, "id") == 0)
    throw error(FLOE_ERR_UNAVAILABLE, "dbt Cloud answered " + what + " without a run (no data.id)");
  CloudRun run;
  run.id = integer(*data, "id");
  run.status = static_cast<int>(integer(*data, "status"));
  run.status_humanized = str(*data, "status_humanized");
  run.status_message = str(*data, "status_message");
  run.dbt_version = str(*data, "dbt_version");
  run.href = str(*data, "href");
  return run;
}

CloudRun CloudApi::trigger(const std::vector<std::string>& steps) {
  json::array step_list;
  for (const auto& s : steps) step_list.emplace_back(s);
  json::object body{{"cause", config_.cause}, {"steps_override", std::move(step_list)}};
  std::string path = "/jobs/" + std::to_string(config_.job_id) + "/run/";
  return run_of(*call("POST", path, json::serialize(body), config_.max_retries, false), "POST " + path);
}

CloudRun CloudApi::get(std::int64_t run_id) {
  std::string path = "/runs/" + std::to_string(run_id) + "/";
  return run_of(*call("GET", path, "", config_.max_retries, false), "GET " + path);
}

void CloudApi::cancel(std::int64_t run_id) {
  call("POST", "/runs/" + std::to_string(run_id) + "/cancel/", "", 0, true, false);
}

json::object CloudApi::job() {
  std::string path = "/jobs/" + std::to_string(config_.job_id) + "/";
  auto answer = call("GET", path, "", config_.max_retries, false);
  boost::system::error_code ec;
  json::value doc = json::parse(answer->body, ec);
  const json::object* data = !ec && doc.is_object() ? obj(doc.get_object(), "data") : nullptr;
  if (data == nullptr) throw error(FLOE_ERR_UNAVAILABLE, "dbt Cloud answered GET " + path + " without a job (no data)");
  return *data;
}

std::optional<std::string> CloudApi::artifact(std::int64_t run_id, const std::string& path) {
  auto answer = call("GET", "/runs/" + std::to_string(run_id) + "/artifacts/" + path, "", config_.max_retries, true);
  if (!answer) return std::nullopt;
  return std::move(answer->body);
}

}  // namespace floe::dbt_cloud
