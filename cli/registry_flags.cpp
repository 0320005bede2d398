#include "registry_flags.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include "exit_codes.hpp"

namespace floe::cli {
namespace json = boost::json;

void add_registry_flags(CLI::App* cmd, RegistryFlags& flags, bool verification) {
  cmd->add_flag("--plain-http", flags.plain_http, "Talk HTTP, not HTTPS, to a non-loopback registry (loopback hosts use HTTP already)");
  cmd->add_flag("--insecure", flags.insecure, "Do not verify the registry's TLS certificate");
  cmd->add_option("--ca-file", flags.ca_file, "Extra CA certificates (PEM) to trust for the registry")->type_name("FILE");
  cmd->add_option("--username", flags.username, "Registry user (else FLOE_REGISTRY_USERNAME or the docker config)")
      ->type_name("USER");
  cmd->add_flag("--password-stdin", flags.password_stdin, "Read the registry password from standard input");
  add_timeout_flag(cmd, flags.timeout_seconds);
  cmd->add_option("--cache-dir", flags.cache_dir, "Blob cache directory (default $XDG_CACHE_HOME/floe/oci)")->type_name("DIR");
  if (verification) {
    cmd->add_option("--verify", flags.verify, "Signature policy for what is pulled: enforce, warn or off (default: the file's "
                                              "verification policy; enforce when --key is given)")
        ->check(CLI::IsMember({"enforce", "warn", "off"}));
    cmd->add_option("--key", flags.keys, "Trusted public key (PEM) for signature checks (repeatable)")->type_name("PUB");
  }
}

void add_timeout_flag(CLI::App* cmd, double& seconds) {
  cmd->add_option("--timeout", seconds,
                  "Give up after this many seconds, whatever the command is doing (reading files, registry requests, "
                  "a run's steps): exit 124 (default: no limit; each registry request stops after 300 s)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.001, 604800.0));
}

namespace {

// The library stops at the deadline wherever it checks (reads, requests,
// lock waits, a run's steps). What it cannot interrupt (a plugin stuck
// inside floe's own process, a file system that does not answer) is
// stopped here: kGrace after the deadline the process ends with 124.
constexpr auto kGrace = std::chrono::seconds(60);  // a run's tools get time to stop cleanly (cancel_grace_seconds)

void start_backstop(double seconds) {
  std::thread([seconds] {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds) + kGrace);
    std::string message = fmt::format(
        "error: the --timeout of {:g} s passed {} s ago and floe is still busy with something that did not stop when "
        "asked (a plugin inside floe's process, or a file system that does not answer); exiting without waiting "
        "for it\n",
        seconds, std::chrono::duration_cast<std::chrono::seconds>(kGrace).count());
    std::fflush(nullptr);
    (void)!::write(STDERR_FILENO, message.data(), message.size());
    ::_exit(kExitTimedOut);
  }).detach();
}

}  // namespace

void apply_timeout(double seconds, json::object& request) {
  if (seconds <= 0) return;
  request["deadline_ms"] = std::max<std::int64_t>(1, static_cast<std::int64_t>(seconds * 1000));
  start_backstop(seconds);
}

void apply_registry_flags(const RegistryFlags& flags, json::object& request) {
  json::object o;
  if (flags.plain_http) o["plain_http"] = true;
  if (flags.insecure) o["insecure"] = true;
  if (!flags.ca_file.empty()) o["ca_file"] = flags.ca_file;
  if (!flags.username.empty()) o["username"] = flags.username;
  if (flags.password_stdin) {
    std::string password;
    std::getline(std::cin, password);
    while (!password.empty() && (password.back() == '\r' || password.back() == '\n')) password.pop_back();
    o["password"] = password;
  }
  // --timeout bounds the whole command, so also each request (which may then
  // take longer than the default 300 s, up to the whole deadline).
  if (flags.timeout_seconds > 0) o["timeout_ms"] = static_cast<std::int64_t>(flags.timeout_seconds * 1000);
  apply_timeout(flags.timeout_seconds, request);
  if (!flags.cache_dir.empty()) o["cache_dir"] = flags.cache_dir;
  request["registry_options"] = std::move(o);
  if (!flags.verify.empty()) request["verify"] = flags.verify;
  if (!flags.keys.empty()) {
    json::array keys;
    for (const auto& k : flags.keys) keys.push_back(json::string(k));
    request["keys"] = std::move(keys);
  }
}

}  // namespace floe::cli
