#include "cloud_run.hpp"

#include <boost/json/parse.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

#include "cloud_api.hpp"
#include "cloud_steps.hpp"
#include "dbt_target.hpp"
#include "json_fields.hpp"
#include "run_results.hpp"

namespace floe::dbt_cloud {
namespace json = boost::json;
namespace fs = std::filesystem;
using dbt_common::Method;
using floe::sdk::error;

namespace {

// Writes `text` to `path` whole or not at all (a run record must never
// point at half a file).
void write_atomically(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  fs::path part = path;
  part += ".floe-part";
  {
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw error(FLOE_ERR_IO, "cannot write " + part.string());
  }
  std::error_code ec;
  fs::rename(part, path, ec);
  if (ec) throw error(FLOE_ERR_IO, "cannot write " + path.string() + ": " + ec.message());
}

// Stops floe's part of a run it gives up on: cancels the cloud run, then
// fails with `code` saying whether the cancel went through.
[[noreturn]] void abandon(CloudApi& api, const CloudRun& run, floe_status code, const std::string& why) {
  std::string cancelled;
  try {
    api.cancel(run.id);
    cancelled = "floe cancelled dbt Cloud run " + std::to_string(run.id);
  } catch (const error& e) {
    cancelled = "floe could not cancel dbt Cloud run " + std::to_string(run.id) + " (" + e.what() + "): cancel it in dbt Cloud";
  }
  throw error(code, why + "; " + cancelled + (run.href.empty() ? "" : " (" + run.href + ")"));
}

CloudRun wait_for(CloudApi& api, CloudRun run, const CloudConfig& config, const floe::sdk::host& host) {
  using clock = std::chrono::steady_clock;
  const auto deadline = config.timeout.count() > 0 ? clock::now() + config.timeout : clock::time_point::max();
  while (!run.finished()) {
    for (auto next = clock::now() + config.poll_interval; clock::now() < next;) {
      if (host.cancel_requested())
        abandon(api, run, FLOE_ERR_CANCELLED, "dbt Cloud run " + std::to_string(run.id) + " was stopped on request");
      if (clock::now() >= deadline)
        abandon(api, run, FLOE_ERR_TIMEOUT, "dbt Cloud run " + std::to_string(run.id) + " did not finish within " +
                                                std::to_string(config.timeout.count()) +
                                                " s (plugins.dbt.config.timeout_seconds)");
      std::this_thread::sleep_for(std::min<clock::duration>(std::chrono::milliseconds(100), next - clock::now()));
    }
    try {
      run = api.get(run.id);
    } catch (const error& e) {
      if (e.code() != FLOE_ERR_CANCELLED) throw;
      abandon(api, run, FLOE_ERR_CANCELLED, "dbt Cloud run " + std::to_string(run.id) + " was stopped on request");
    }
  }
  return run;
}

std::string failure_of(const CloudRun& run) {
  std::string id = "dbt Cloud run " + std::to_string(run.id);
  std::string said = run.status_message.empty() ? "" : ": " + run.status_message;
  if (run.status == 30) return id + " was cancelled in dbt Cloud" + said;
  return id + " ended in " + (run.status_humanized.empty() ? "error" : run.status_humanized) + said;
}

// The API token, resolved through the host for one call.
std::string api_token(const CloudConfig& config, const floe::sdk::host& host) {
  std::optional<std::string> token = host.secret(config.token_reference);
  if (!token || token->empty())
    throw error(FLOE_ERR_NOT_FOUND, "the dbt Cloud API token is not available: plugins.dbt.config.api_token refers to " +
                                        config.token_reference + ", which is not set");
  return std::move(*token);
}

}  // namespace

json::object cloud_metadata(const CloudConfig& config, const floe::sdk::host& host) {
  CloudApi api(config, api_token(config, host), [&host] { return host.cancel_requested(); });
  json::object job = api.job();
  return {{"dbt_version", dbt_common::str(job, "dbt_version")},
          {"adapters", json::object()},
          {"executable", config.base_url + "/api/v2/accounts/" + std::to_string(config.account_id) + "/jobs/" +
                             std::to_string(config.job_id) + "/"},
          {"job_name", dbt_common::str(job, "name")}};
}

json::object invoke_cloud(Method method, const json::object& request, const CloudConfig& config,
                          const floe::sdk::host& host) {
  dbt_common::DbtCall call = dbt_common::parse_dbt_call(method, request);
  // A job runs in dbt Cloud's environment, with its own packages: not the
  // project floe installs its operations' macros into.
  if (method == Method::run_operation)
    throw floe::sdk::error(FLOE_ERR_INVALID_STATE,
                           "dbt Cloud cannot run macro '" + call.macro +
                               "': a job runs in dbt Cloud's own environment, without the packages floe installs "
                               "locally; select dbt-core or fusion to write the product's tables to the catalog");
  // A query's rows would come back only in a job's logs, minutes later.
  if (method == Method::show)
    throw floe::sdk::error(FLOE_ERR_INVALID_STATE,
                           "dbt Cloud cannot run a query for floe's checks of the built tables: a job returns no rows; "
                           "select dbt-core or fusion to check the product's data contracts at run time");
  CloudApi api(config, api_token(config, host), [&host] { return host.cancel_requested(); });

  auto started = std::chrono::steady_clock::now();
  CloudRun run = api.trigger({cloud_step(call)});
  host.info("dbt Cloud run " + std::to_string(run.id) + " of job " + std::to_string(config.job_id) + " queued" +
            (run.href.empty() ? "" : ": " + run.href));
  run = wait_for(api, run, config, host);

  fs::path target = dbt_common::dbt_target_dir(call.project_dir);
  json::object response{{"success", run.status == 10},
                        {"exit_code", run.status == 10 ? 0 : 1},
                        {"dbt_version", run.dbt_version},
                        {"cloud_run_id", run.id},
                        {"cloud_run_url", run.href}};
  if (method != Method::test_models) {
    auto manifest = api.artifact(run.id, "manifest.json");
    if (manifest) write_atomically(target / "manifest.json", *manifest);
    response["manifest_path"] = manifest ? (target / "manifest.json").string() : std::string();
  }
  if (method != Method::compile_project) {
    std::optional<dbt_common::RunResultsSummary> summary;
    if (auto text = api.artifact(run.id, "run_results.json")) {
      write_atomically(target / "run_results.json", *text);
      boost::system::error_code ec;
      json::value doc = json::parse(*text, ec);
      if (!ec && doc.is_object()) {
        for (const auto& event : dbt_common::node_events_from_run_results(doc.get_object())) host.emit(event);
        if (const json::object* meta = dbt_common::obj(doc.get_object(), "metadata"); meta != nullptr && run.dbt_version.empty())
          response["dbt_version"] = dbt_common::str(*meta, "dbt_version");
      }
      std::string why;
      summary = dbt_common::read_run_results((target / "run_results.json").string(), "", why);
    }
    response["run_results_path"] = summary ? (target / "run_results.json").string() : std::string();
    if (method == Method::run_models) response["models_run"] = summary ? summary->models_run : 0;
    response["tests_run"] = summary ? summary->tests_run : 0;
    response["failures"] = summary ? summary->failures : 0;
    response["nodes"] = summary ? summary->nodes : json::array();
  }
  response["execution_time_seconds"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (run.status != 10) response["error"] = failure_of(run);
  return response;
}

}  // namespace floe::dbt_cloud
