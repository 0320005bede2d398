#include "oci/credentials.hpp"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>

#include "base/child_process.hpp"
#include "core/base64.hpp"
#include "core/json_path.hpp"
#include "base/json_text.hpp"
#include "base/input_file.hpp"


namespace floe::oci {
namespace json = boost::json;
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string docker_config_path(const std::string& dir_override) {
  std::string dir = !dir_override.empty() ? dir_override : env("DOCKER_CONFIG");
  if (dir.empty()) {
    std::string home = env("HOME");
    if (home.empty())
      if (const passwd* pw = getpwuid(getuid())) home = pw->pw_dir;
    dir = home + "/.docker";
  }
  return dir + "/config.json";
}

// Runs `docker-credential-<helper> get` (found on PATH, no shell) with the
// host on stdin; its stdout is {"ServerURL","Username","Secret"} or, on a
// failure, a message such as "credentials not found in native keychain".
Result<Credential> run_helper(const std::string& helper, const std::string& host, std::chrono::milliseconds timeout) {
  std::string program = "docker-credential-" + helper;
  std::string source = "credential helper " + program;
  // floe_base runs it (base/child_process.hpp) with the host on its stdin,
  // and stops it after `timeout`: a helper waiting for a keychain prompt
  // must not hang a publish.
  base::child_command command;
  command.program = base::find_in_path(program);
  command.args = {"get"};
  command.environment = base::environment_with({});
  command.working_directory = ".";
  command.timeout = timeout;
  command.grace = std::chrono::milliseconds(500);
  base::program_output ran;
  base::child_outcome ended;
  if (command.program.empty()) {
    ended.start_error = std::strerror(ENOENT);
  } else {
    ended = base::run_program(command, host + "\n", 1u << 20, 64u << 10, ran);
  }
  using kind = base::child_outcome::kind;
  if (ended.how == kind::not_started)
    return make_error(FLOE_ERR_UNAUTHORIZED,
                      fmt::format("the docker config names credential helper {}, which cannot be run ({}); install "
                                  "it or remove it from the docker config",
                                  program, ended.start_error));
  if (ended.how == kind::timed_out)
    return make_error(FLOE_ERR_UNAUTHORIZED,
                      fmt::format("{} gave no answer for {} within {} ms (is it waiting for a prompt?)", source, host,
                                  timeout.count()));
  const std::string& output = ran.out;
  if (ended.how != kind::exited || ended.code != 0) {
    if (output.find("credentials not found") != std::string::npos) return Credential{};
    std::string first = output.substr(0, output.find('\n')).substr(0, 200);
    return make_error(FLOE_ERR_UNAUTHORIZED, fmt::format("{} failed for {}: {}", source, host, first));
  }
  json::error_code ec;
  auto v = json::parse(output, ec);
  if (ec || !v.is_object())
    return make_error(FLOE_ERR_UNAUTHORIZED, fmt::format("{} printed something that is not JSON", source));
  Credential c;
  c.username = string_at(v.as_object(), {"Username"});
  c.secret = string_at(v.as_object(), {"Secret"});
  c.source = source;
  // docker's convention: Username "<token>" means Secret is an identity token.
  c.kind = c.username == "<token>" ? Credential::Kind::refresh_token : Credential::Kind::basic;
  if (c.kind == Credential::Kind::refresh_token) c.username.clear();
  return c;
}

Result<Credential> from_auths_entry(const json::object& e, const std::string& source) {
  Credential c;
  c.source = source;
  if (auto token = string_at(e, {"identitytoken"}); !token.empty()) {
    c.kind = Credential::Kind::refresh_token;
    c.secret = token;
    return c;
  }
  if (auto token = string_at(e, {"registrytoken"}); !token.empty()) {
    c.kind = Credential::Kind::registry_token;
    c.secret = token;
    return c;
  }
  if (auto auth = string_at(e, {"auth"}); !auth.empty()) {
    auto decoded = base64_decode(auth);
    auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos)
      return make_error(FLOE_ERR_INVALID_CONFIG,
                        fmt::format("{}: the \"auth\" value is not base64 of user:password; run docker login again",
                                    source));
    c.kind = Credential::Kind::basic;
    c.username = decoded->substr(0, colon);
    c.secret = decoded->substr(colon + 1);
    return c;
  }
  c.username = string_at(e, {"username"});
  c.secret = string_at(e, {"password"});
  c.kind = c.username.empty() ? Credential::Kind::anonymous : Credential::Kind::basic;
  return c;
}

Result<Credential> from_docker_config(const std::string& path, const std::string& host,
                                      std::chrono::milliseconds helper_timeout) {
  std::error_code exists_ec;
  if (!std::filesystem::exists(path, exists_ec)) return Credential{};  // no config file: anonymous
  auto v = read_json_file(path, input_limits::kConfigFile);
  if (!v || !v->is_object())
    return make_error(FLOE_ERR_INVALID_CONFIG, fmt::format("docker config {} is not a JSON object", path));
  const auto& cfg = v->as_object();
  if (const auto* helpers = cfg.if_contains("credHelpers"); helpers && helpers->is_object())
    for (const auto& [key, name] : helpers->as_object())
      if (normalize_registry_key(key) == host && name.is_string())
        return run_helper(std::string(name.as_string()), host, helper_timeout);
  if (auto store = string_at(cfg, {"credsStore"}); !store.empty()) return run_helper(store, host, helper_timeout);
  if (const auto* auths = cfg.if_contains("auths"); auths && auths->is_object())
    for (const auto& [key, entry] : auths->as_object())
      if (normalize_registry_key(key) == host && entry.is_object())
        return from_auths_entry(entry.as_object(), fmt::format("docker config {} (auths)", path));
  return Credential{};
}

}  // namespace

std::string normalize_registry_key(std::string_view key) {
  if (auto scheme = key.find("://"); scheme != std::string_view::npos) key.remove_prefix(scheme + 3);
  if (auto slash = key.find('/'); slash != std::string_view::npos) key = key.substr(0, slash);
  return std::string(key);
}

Result<Credential> find_credentials(const CredentialQuery& q) {
  Credential c;
  if (!q.token.empty()) {
    c = {Credential::Kind::refresh_token, "", q.token, "the given token"};
    return c;
  }
  if (!q.username.empty()) {
    c = {Credential::Kind::basic, q.username, q.password, "the given username/password"};
    return c;
  }
  if (auto token = env("FLOE_REGISTRY_TOKEN"); !token.empty()) {
    c = {Credential::Kind::refresh_token, "", token, "FLOE_REGISTRY_TOKEN"};
    return c;
  }
  if (auto user = env("FLOE_REGISTRY_USERNAME"); !user.empty()) {
    if (std::getenv("FLOE_REGISTRY_PASSWORD") == nullptr)
      return make_error(FLOE_ERR_INVALID_CONFIG, "FLOE_REGISTRY_USERNAME is set but FLOE_REGISTRY_PASSWORD is not");
    c = {Credential::Kind::basic, user, env("FLOE_REGISTRY_PASSWORD"), "FLOE_REGISTRY_USERNAME/PASSWORD"};
    return c;
  }
  std::string host = q.host;
  // Docker Hub's credentials are stored under its legacy index name.
  if (host == "docker.io" || host == "registry-1.docker.io") host = "index.docker.io";
  return from_docker_config(docker_config_path(q.docker_config_dir), host, q.helper_timeout);
}

}  // namespace floe::oci
