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
// and may keep state for the life of a plugin instance (dbt-core's session):
//   using state_type = ...;   // then invoke takes a state_type& last
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <type_traits>

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
    return invoke(Method::compile_project, floe::sdk::as_object(request, "compile_project request"));
  }
  boost::json::value run_models(const boost::json::value& request) {
    return invoke(Method::run_models, floe::sdk::as_object(request, "run_models request"));
  }
  boost::json::value test_models(const boost::json::value& request) {
    return invoke(Method::test_models, floe::sdk::as_object(request, "test_models request"));
  }
  boost::json::value run_operation(const boost::json::value& request) {
    return invoke(Method::run_operation, floe::sdk::as_object(request, "run_operation request"));
  }
  boost::json::value show(const boost::json::value& request) {
    return invoke(Method::show, floe::sdk::as_object(request, "show request"));
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
  struct no_state {};
  template <class R>
  struct state_of {
    using type = no_state;
  };
  template <class R>
    requires requires { typename R::state_type; }
  struct state_of<R> {
    using type = typename R::state_type;
  };

  boost::json::object invoke(Method method, const boost::json::object& request) {
    if constexpr (std::is_same_v<typename state_of<Runtime>::type, no_state>)
      return Runtime::invoke(method, request, config_, host_);
    else
      return Runtime::invoke(method, request, config_, host_, state_);
  }

  typename Runtime::config_type config_;
  floe::sdk::host& host_;
  typename state_of<Runtime>::type state_;
};

}  // namespace floe::dbt_common
