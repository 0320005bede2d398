// The failure tests' client of the public C API: a registry over fixture
// roots that records its log, handles, and the checks of the ownership rules
// every call must keep. Shared by the test files of tests/failure.
#pragma once

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "floe/registry.h"

namespace floe::failure_test {

namespace json = boost::json;
using Catch::Matchers::Contains;

inline const std::string kRoots = FLOE_FAILURE_ROOTS;

// A valid generate_dbt_profile request for the compute fixtures.
constexpr const char* kProfileRequest = R"({"profile_name": "p", "target": "dev"})";

inline std::string root(const std::string& name) { return kRoots + "/" + name; }
// "1.3.0": the ABI this host was built with, as messages print it.
inline std::string host_abi() {
  return std::to_string(FLOE_VERSION_MAJOR_OF(FLOE_ABI_VERSION)) + "." +
         std::to_string(FLOE_VERSION_MINOR_OF(FLOE_ABI_VERSION)) + "." +
         std::to_string(FLOE_VERSION_PATCH_OF(FLOE_ABI_VERSION));
}
inline std::string computes(const std::string& root_name) { return root(root_name) + "/floe.computes/"; }

// True when the C fixture with this flavor (its target name) was ever loaded
// into this process.
inline bool fixture_loaded(const std::string& flavor) {
  const char* loaded = std::getenv("FLOE_FIXTURE_LOADED");
  return loaded != nullptr && (std::string(loaded) + ":").find(":" + flavor + ":") != std::string::npos;
}

struct Outcome {
  floe_status status = FLOE_OK;
  std::string message;
  std::string detail;
  std::string response;
};

// Takes a finished call apart, checking the ownership rules on the way: on
// failure the error carries the same code and a message, and `out` is empty;
// on success `out` holds the response (when the call has one).
inline Outcome finish(floe_status status, floe_error& err, floe_buffer& out, bool has_output = true) {
  Outcome o;
  o.status = status;
  if (status == FLOE_OK) {
    if (has_output) REQUIRE(out.data != nullptr);
    o.response.assign(out.data, out.length);
  } else {
    CHECK(err.code == status);
    REQUIRE(err.message != nullptr);
    o.message = err.message;
    CHECK_FALSE(o.message.empty());
    if (err.detail_json != nullptr) o.detail = err.detail_json;
    CHECK(out.data == nullptr);
  }
  floe_error_release(&err);
  floe_buffer_release(&out);
  return o;
}

class Handle {
 public:
  explicit Handle(floe_handle* h) : h_(h) {}
  Handle(Handle&& other) noexcept : h_(std::exchange(other.h_, nullptr)) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { floe_handle_free(h_); }
  explicit operator bool() const { return h_ != nullptr; }

  Outcome call(const char* method, const char* request = "{}") {
    floe_buffer out = FLOE_BUFFER_INIT;
    floe_error err = FLOE_ERROR_INIT;
    floe_status s = floe_handle_call(h_, method, request, &out, &err);
    return finish(s, err, out);
  }
  Outcome health() {
    floe_buffer out = FLOE_BUFFER_INIT;
    floe_error err = FLOE_ERROR_INIT;
    floe_status s = floe_handle_health_check(h_, &out, &err);
    return finish(s, err, out);
  }
  json::object config() {
    floe_buffer out = FLOE_BUFFER_INIT;
    floe_error err = FLOE_ERROR_INIT;
    Outcome o = finish(floe_handle_config(h_, &out, &err), err, out);
    REQUIRE(o.status == FLOE_OK);
    return json::parse(o.response).as_object();
  }

 private:
  floe_handle* h_;
};

class Registry {
 public:
  // A registry that sees only `roots` (':'-separated): no environment, user,
  // prefix or system root. `isolation` and `call_timeout_ms` as in
  // floe_registry_options (0: the defaults).
  explicit Registry(const std::string& roots, uint32_t isolation = FLOE_ISOLATION_MANIFEST,
                    uint32_t call_timeout_ms = 0) {
    floe_registry_options options = FLOE_REGISTRY_OPTIONS_INIT;
    options.search_flags = FLOE_SEARCH_ENV;
    options.extra_roots = roots.c_str();
    options.isolation = isolation;
    options.call_timeout_ms = call_timeout_ms;
    options.log = [](void* payload, int32_t, const char* source, const char* message) {
      static_cast<Registry*>(payload)->log_.push_back(std::string(source) + ": " + message);
    };
    options.log_payload = this;
    floe_error err = FLOE_ERROR_INIT;
    floe_status s = floe_registry_new(&reg_, &options, &err);
    floe_error_release(&err);
    REQUIRE(s == FLOE_OK);
  }
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;
  ~Registry() { floe_registry_free(reg_); }

  // Opens an instance; on failure `outcome` holds the error and the handle is empty.
  std::pair<Outcome, Handle> open(const char* category, const char* name, const char* config = nullptr) {
    floe_handle* h = nullptr;
    floe_error err = FLOE_ERROR_INIT;
    floe_buffer none = FLOE_BUFFER_INIT;
    floe_status s = floe_registry_open(reg_, category, name, config, &h, &err);
    Outcome o = finish(s, err, none, false);
    if (s != FLOE_OK) CHECK(h == nullptr);
    return {std::move(o), Handle(s == FLOE_OK ? h : nullptr)};
  }

  // Opens and expects failure with `status`; returns the message.
  std::string open_fails(const char* category, const char* name, floe_status status, const char* config = nullptr) {
    auto [outcome, handle] = open(category, name, config);
    INFO("open " << category << "/" << name << ": " << outcome.message);
    CHECK(outcome.status == status);
    CHECK_FALSE(handle);
    return outcome.message;
  }

  Handle open_ok(const char* category, const char* name, const char* config = nullptr) {
    auto [outcome, handle] = open(category, name, config);
    INFO("open " << category << "/" << name << ": " << outcome.message);
    REQUIRE(outcome.status == FLOE_OK);
    REQUIRE(handle);
    return std::move(handle);
  }

  json::object doctor(bool load_all) {
    floe_buffer out = FLOE_BUFFER_INIT;
    floe_error err = FLOE_ERROR_INIT;
    Outcome o = finish(floe_registry_doctor(reg_, load_all ? 1 : 0, &out, &err), err, out);
    REQUIRE(o.status == FLOE_OK);
    return json::parse(o.response).as_object();
  }

  json::object list() {
    floe_buffer out = FLOE_BUFFER_INIT;
    floe_error err = FLOE_ERROR_INIT;
    Outcome o = finish(floe_registry_list(reg_, &out, &err), err, out);
    REQUIRE(o.status == FLOE_OK);
    return json::parse(o.response).as_object();
  }

  Outcome info(const char* category, const char* name) {
    floe_buffer out = FLOE_BUFFER_INIT;
    floe_error err = FLOE_ERROR_INIT;
    return finish(floe_registry_info(reg_, category, name, &out, &err), err, out);
  }

  // The working plugin of this root still opens and answers.
  void good_still_works(const std::string& flavor) {
    Handle good = open_ok("compute", "good");
    Outcome profile = good.call("generate_dbt_profile", R"({"profile_name": "p", "target": "dev"})");
    REQUIRE(profile.status == FLOE_OK);
    CHECK_THAT(profile.response, Contains("\"flavor\": \"" + flavor + "\""));
    Outcome health = good.health();
    REQUIRE(health.status == FLOE_OK);
    CHECK(json::parse(health.response).at("state") == "healthy");
  }

  const std::vector<std::string>& log() const { return log_; }

 private:
  floe_registry* reg_ = nullptr;
  std::vector<std::string> log_;
};

// The doctor's problems about a file whose path contains `path_part`.
inline std::vector<json::object> problems_about(const json::object& doctor, const std::string& path_part) {
  std::vector<json::object> found;
  for (const auto& p : doctor.at("problems").as_array()) {
    const auto& o = p.as_object();
    if (std::string(o.at("path").as_string()).find(path_part) != std::string::npos) found.push_back(o);
  }
  return found;
}

// Exactly one problem about `path_part`, of kind `kind`; returns its message.
inline std::string problem(const json::object& doctor, const std::string& path_part, const std::string& kind) {
  auto found = problems_about(doctor, path_part);
  INFO("problems: " << json::serialize(doctor.at("problems")));
  REQUIRE(found.size() == 1);
  CHECK(found[0].at("kind") == kind.c_str());
  return std::string(found[0].at("message").as_string());
}

inline bool listed(const json::object& list, const std::string& name) {
  for (const auto& p : list.at("plugins").as_array())
    if (p.at("name") == name.c_str()) return true;
  return false;
}


inline bool logged(const Registry& reg, const std::string& line) {
  const auto& log = reg.log();
  return std::find(log.begin(), log.end(), line) != log.end();
}

// A line whose message (after "source: ") is `message`, whatever the source.
inline bool logged_message(const Registry& reg, const std::string& message) {
  const auto& log = reg.log();
  return std::any_of(log.begin(), log.end(), [&](const std::string& line) {
    return line.size() > message.size() && line.compare(line.size() - message.size(), message.size(), message) == 0 &&
           line.compare(line.size() - message.size() - 2, 2, ": ") == 0;
  });
}

}  // namespace floe::failure_test
