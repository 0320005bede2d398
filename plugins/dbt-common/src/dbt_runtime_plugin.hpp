// The dbt category's methods bound once for every dbt runtime plugin: each
// runtime says only what differs (its descriptor, config, how it runs a
// request, what it reports about itself), and its entry point is
// FLOE_PLUGIN(floe::dbt_common::runtime_plugin<its runtime>).
//
// A Runtime provides:
//   static constexpr floe_plugin_descriptor descriptor;
//   using config_type = ...;
//   static config_type parse_config(const boost::json::object& config);
//   static boost::json::object invoke(Method, const boost::json::object& request, const config_type&,
//                                     const floe::sdk::host&);
//   static boost::json::object metadata(const config_type&, const floe::sdk::host&);   // get_runtime_metadata
//   static boost::json::value health(const config_type&, const floe::sdk::host&);      // health_check
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "dbt_request.hpp"
#include "dbt_target.hpp"
#include "floe/plugin.hpp"

namespace floe::dbt_common {

template <class Runtime>
class runtime_plugin {
 public:
  static constexpr floe_plugin_descriptor descriptor = Runtime::descriptor;

  runtime_plugin(const boost::json::object& config, floe::sdk::host& host)
      : config_(Runtime::parse_config(config)), host_(host) {}

  boost::json::value compile_project(const boost::json::value& request) {
    return Runtime::invoke(Method::compile_project, floe::sdk::as_object(request, "compile_project request"), config_,
                           host_);
  }
  boost::json::value run_models(const boost::json::value& request) {
    return Runtime::invoke(Method::run_models, floe::sdk::as_object(request, "run_models request"), config_, host_);
  }
  boost::json::value test_models(const boost::json::value& request) {
    return Runtime::invoke(Method::test_models, floe::sdk::as_object(request, "test_models request"), config_, host_);
  }
  boost::json::value run_operation(const boost::json::value& request) {
    return Runtime::invoke(Method::run_operation, floe::sdk::as_object(request, "run_operation request"), config_,
                           host_);
  }
  boost::json::value show(const boost::json::value& request) {
    return Runtime::invoke(Method::show, floe::sdk::as_object(request, "show request"), config_, host_);
  }
  // Where the last invocation left (or fetched) the file.
  boost::json::value get_manifest(const boost::json::value& request) {
    return artifact_path(request, "get_manifest request", "manifest.json", "manifest_path");
  }
  boost::json::value get_run_results(const boost::json::value& request) {
    return artifact_path(request, "get_run_results request", "run_results.json", "run_results_path");
  }
  boost::json::value get_runtime_metadata(const boost::json::value& request) {
    const auto& object = floe::sdk::as_object(request, "get_runtime_metadata request");
    if (!object.empty()) throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "get_runtime_metadata takes no keys");
    return Runtime::metadata(config_, host_);
  }
  boost::json::value health_check(const boost::json::value& request) {
    floe::sdk::as_object(request, "health_check request");
    return Runtime::health(config_, host_);
  }

 private:
  typename Runtime::config_type config_;
  floe::sdk::host& host_;
};

}  // namespace floe::dbt_common
