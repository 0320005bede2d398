#include "registry_flags.hpp"

#include <boost/json.hpp>
#include <iostream>

namespace floe::cli {
namespace json = boost::json;

void add_registry_flags(CLI::App* cmd, RegistryFlags& flags, bool verification) {
  cmd->add_flag("--plain-http", flags.plain_http, "Talk HTTP, not HTTPS, to a non-loopback registry (loopback hosts use HTTP already)");
  cmd->add_flag("--insecure", flags.insecure, "Do not verify the registry's TLS certificate");
  cmd->add_option("--ca-file", flags.ca_file, "Extra CA certificates (PEM) to trust for the registry")->type_name("FILE");
  cmd->add_option("--username", flags.username, "Registry user (else FLOE_REGISTRY_USERNAME or the docker config)")
      ->type_name("USER");
  cmd->add_flag("--password-stdin", flags.password_stdin, "Read the registry password from standard input");
  cmd->add_option("--timeout", flags.timeout_seconds, "Give up on one registry request after this many seconds (default 300)")
      ->type_name("SECONDS");
  cmd->add_option("--cache-dir", flags.cache_dir, "Blob cache directory (default $XDG_CACHE_HOME/floe/oci)")->type_name("DIR");
  if (verification) {
    cmd->add_option("--verify", flags.verify, "Signature policy for what is pulled: enforce, warn or off (default: the file's "
                                              "verification policy; enforce when --key is given)")
        ->check(CLI::IsMember({"enforce", "warn", "off"}));
    cmd->add_option("--key", flags.keys, "Trusted public key (PEM) for signature checks (repeatable)")->type_name("PUB");
  }
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
  if (flags.timeout_seconds > 0) o["timeout_ms"] = static_cast<std::int64_t>(flags.timeout_seconds * 1000);
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
