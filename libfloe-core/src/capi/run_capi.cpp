// floe/run.h: running a product behind one JSON entry point.
#include <fmt/format.h>

#include <boost/json.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "capi/artifact_request.hpp"
#include "capi/compile_first.hpp"
#include "capi/compile_operations.hpp"
#include "capi/guarded.hpp"
#include "core/c_memory.hpp"
#include "floe/run.h"
#include "run/product_run.hpp"

namespace {
namespace json = boost::json;

using floe::read_key;

// Each operation once: its name (run-request.schema.json's "operation"
// const) and what it runs. tests/unit/operation_table_test.cpp holds the two
// to each other.
const std::map<std::string_view, floe::run::Operation>& run_operations() {
  static const std::map<std::string_view, floe::run::Operation> table{
      {"run", floe::run::Operation::run},
      {"test", floe::run::Operation::test},
  };
  return table;
}

floe_status run_product_operation(const floe::OperationRequest& request, const floe_run_observer* observer,
                                  floe_buffer* out, floe_error* error) {
  const json::object& req = request.keys;
  // --timeout: bounds the whole run; when it passes the run stops as on a
  // cancel request (the running tool is stopped, results so far are kept).
  const floe::DeadlineHandle deadline = floe::deadline_of(req);
  floe::DeadlineScope deadline_scope(deadline);
  auto operation = run_operations().find(request.operation);
  // The schema names an operation the table does not: a floe bug.
  if (operation == run_operations().end())
    return floe::set_c_error(error, FLOE_ERR_INTERNAL, fmt::format("operation '{}' is not implemented", request.operation));
  floe::run::RunRequest r;
  r.operation = operation->second;
  read_key(req, "product", r.product_path);
  read_key(req, "platform", r.platform_override);
  read_key(req, "plugin_path", r.plugin_roots);
  read_key(req, "select", r.select);
  read_key(req, "exclude", r.exclude);
  read_key(req, "full_refresh", r.full_refresh);
  read_key(req, "fail_fast", r.fail_fast);
  read_key(req, "wait", r.wait);
  read_key(req, "local", r.local);
  read_key(req, "changed", r.changed);
  std::string checks = "all";
  read_key(req, "checks", checks);
  r.run_tests = checks != "contracts";
  r.run_contracts = checks != "tests";
  auto first = floe::compile_first(req);
  r.sources = std::move(first.sources);
  r.fetch_products = std::move(first.fetch_products);
  r.compile_key = std::move(first.compile_key);

  floe::run::RunCaller caller;
  // Only the members the caller's struct has are read (it may be older).
  auto has = [&](std::size_t end) { return observer != nullptr && observer->struct_size >= end; };
  bool has_user_data = has(offsetof(floe_run_observer, user_data) + sizeof(void*));
  if (has_user_data && observer->on_event != nullptr) {
    caller.on_event = [observer](const json::object& event) {
      std::string text = json::serialize(event);
      observer->on_event(observer->user_data, text.data(), text.size());
    };
  }
  if (has_user_data && observer->should_cancel != nullptr) {
    caller.cancelled = [observer, deadline] {
      return floe::deadline_passed(deadline) || observer->should_cancel(observer->user_data) != 0;
    };
  } else if (deadline) {
    caller.cancelled = [deadline] { return floe::deadline_passed(deadline); };
  }
  floe::run::RunOutput output = floe::run::run_product(r, caller);
  floe::note_deadline(output.report);
  return floe::set_c_buffer_owning(out, floe::operation_report(output.report, json::value(std::move(output.record))), error);
}

}  // namespace

namespace floe {

std::vector<std::string> run_operation_names() { return operation_names_of(run_operations()); }

}  // namespace floe

extern "C" {

FLOE_EXTERN(floe_status) floe_product_run(const char* request_json, const floe_run_observer* observer,
                                          floe_buffer* report, floe_error* error) {
  if (request_json == nullptr || report == nullptr)
    return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "request_json and report must not be NULL");
  if (observer != nullptr && observer->struct_size < offsetof(floe_run_observer, on_event))
    return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT,
                             "observer->struct_size is too small: initialise it with FLOE_RUN_OBSERVER_INIT");
  return floe::guarded(error, [&] {
    auto request = floe::parse_operation_request(request_json, "run-request");
    if (!request) return floe::set_c_error(error, request.error());
    return run_product_operation(*request, observer, report, error);
  });
}

}  // extern "C"
