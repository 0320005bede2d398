#include "abi_checks.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <regex>
#include <vector>

#include "kit_host.hpp"
#include "schema_checks.hpp"

namespace floe::conformance {
namespace {

const std::regex kNamePattern("[a-z0-9][a-z0-9_-]*");
const std::regex kSemver(
    R"(^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$)");

void check_tokens(Report& report, const char* what, const char* const* tokens, bool requirements) {
  if (tokens == nullptr) {
    report.pass(std::string("descriptor.") + what, "none");
    return;
  }
  std::vector<std::string> bad;
  size_t n = 0;
  for (; tokens[n] != nullptr && n < 256; ++n) {
    std::string t = tokens[n];
    bool printable = !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c > ' ' && c < 127; });
    if (!printable) {
      bad.push_back("'" + shown(t) + "' is not a non-empty ASCII token");
      continue;
    }
    if (requirements && category_by_name(t.substr(0, t.find(':'))) == nullptr)
      bad.push_back("'" + t + "' does not start with a category name");
  }
  if (n == 256) bad.push_back("no NULL terminator within 256 entries");
  if (bad.empty())
    report.pass(std::string("descriptor.") + what, std::to_string(n) + " well-formed token(s)");
  for (const auto& b : bad) report.fail(std::string("descriptor.") + what, b);
}

}  // namespace

RawPlugin raw_load(Report& report, const Category& category, const std::string& name, const std::string& library,
                   const std::string& entrypoint) {
  RawPlugin raw;
  report.running("abi.dlopen");
  raw.library = ::dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (raw.library == nullptr) {
    const char* e = ::dlerror();
    report.fail("abi.dlopen", library + ": " + (e ? e : "unknown error"));
    return raw;
  }
  report.pass("abi.dlopen", library);
  void* sym = ::dlsym(raw.library, entrypoint.c_str());
  if (sym == nullptr) {
    report.fail("abi.init_symbol", "'" + entrypoint + "' is not exported");
    return raw;
  }
  report.pass("abi.init_symbol", "'" + entrypoint + "' is exported");
  static_assert(sizeof(sym) == sizeof(raw.init));
  std::memcpy(&raw.init, &sym, sizeof sym);

  // An older host knows floe_plugin only up to `release`: init must write no
  // byte past the struct_size it was given and must leave struct_size alone.
  struct Guarded {
    floe_plugin plugin;
    unsigned char tail[64];
  };
  Guarded g;
  std::memset(static_cast<void*>(&g), 0xA5, sizeof g);
  const uint32_t older = offsetof(floe_plugin, release);
  std::memset(static_cast<void*>(&g.plugin), 0, older);
  g.plugin.struct_size = older;
  report.running("abi.init");
  floe_error err = FLOE_ERROR_INIT;
  floe_status s = raw.init(FLOE_ABI_VERSION, &kKitHost, &g.plugin, &err);
  std::string message = err.message != nullptr ? err.message : "";
  if (err.release != nullptr) err.release(&err);
  if (s != FLOE_OK) {
    report.fail("abi.init", "init returned " + status_name(s) + (message.empty() ? "" : ": " + message));
    return raw;
  }
  report.pass("abi.init", "init succeeded for a host of ABI " + version_text(FLOE_ABI_VERSION));
  const auto* bytes = reinterpret_cast<const unsigned char*>(&g);
  size_t overwritten = 0;
  for (size_t i = older; i < sizeof g; ++i) overwritten += bytes[i] != 0xA5;
  report.check(overwritten == 0, "abi.struct_size_respected",
               "init wrote nothing past struct_size " + std::to_string(older),
               "init wrote " + std::to_string(overwritten) + " byte(s) past the struct_size " + std::to_string(older) +
                   " it was given (a host built against an older ABI would be corrupted)");
  uint32_t seen_size;
  std::memcpy(&seen_size, &g.plugin.struct_size, sizeof seen_size);
  report.check(seen_size == older, "abi.struct_size_kept", "init left floe_plugin.struct_size as the host set it",
               "init changed floe_plugin.struct_size from " + std::to_string(older) + " to " + std::to_string(seen_size));

  // A host of the next major version: init should refuse it cleanly.
  floe_plugin other{};
  other.struct_size = sizeof other;
  report.running("abi.refuses_other_major");
  err = FLOE_ERROR_INIT;
  s = raw.init(FLOE_MAKE_VERSION(FLOE_ABI_VERSION_MAJOR + 1, 0, 0), &kKitHost, &other, &err);
  message = err.message != nullptr ? err.message : "";
  if (err.release != nullptr) err.release(&err);
  if (s == FLOE_ERR_INCOMPATIBLE_ABI && !message.empty())
    report.pass("abi.refuses_other_major", "init refuses a host of ABI " +
                                               std::to_string(FLOE_ABI_VERSION_MAJOR + 1) + ".x: " + shown(message));
  else
    report.warn("abi.refuses_other_major",
                "init answered " + status_name(s) + " to a host of ABI " + std::to_string(FLOE_ABI_VERSION_MAJOR + 1) +
                    ".x; it should return FLOE_ERR_INCOMPATIBLE_ABI with a message (hosts check too)");

  // The real handshake, as this host.
  raw.plugin = floe_plugin{};
  raw.plugin.struct_size = sizeof raw.plugin;
  report.running("abi.init");
  err = FLOE_ERROR_INIT;
  s = raw.init(FLOE_ABI_VERSION, &kKitHost, &raw.plugin, &err);
  if (err.release != nullptr) err.release(&err);
  if (s != FLOE_OK) {
    report.fail("abi.init", "second init returned " + status_name(s));
    return raw;
  }
  const floe_plugin& p = raw.plugin;
  uint32_t host_abi = floe_abi_version();
  bool abi_ok = FLOE_VERSION_MAJOR_OF(p.abi_version) == FLOE_VERSION_MAJOR_OF(host_abi) &&
                FLOE_VERSION_MINOR_OF(p.abi_version) <= FLOE_VERSION_MINOR_OF(host_abi);
  report.check(abi_ok, "abi.version", "plugin ABI " + version_text(p.abi_version) + " loads in host ABI " + version_text(host_abi),
               "plugin ABI " + version_text(p.abi_version) + " is not loadable by host ABI " + version_text(host_abi) +
                   " (same major, plugin minor <= host minor)");

  const floe_plugin_descriptor* d = p.descriptor;
  if (d == nullptr) {
    report.fail("descriptor", "init returned no descriptor");
    return raw;
  }
  report.check(d->struct_size >= sizeof(floe_plugin_descriptor), "descriptor.struct_size",
               std::to_string(d->struct_size) + " bytes",
               std::to_string(d->struct_size) + " bytes; a v1 descriptor has " +
                   std::to_string(sizeof(floe_plugin_descriptor)));
  report.check(d->abi_version == p.abi_version, "descriptor.abi_version",
               "matches floe_plugin.abi_version (" + version_text(d->abi_version) + ")",
               "descriptor says " + version_text(d->abi_version) + " but floe_plugin.abi_version says " +
                   version_text(p.abi_version));
  report.check(d->category == category.id, "descriptor.category",
               std::string(category.name) + " (" + std::to_string(category.id) + ")",
               "descriptor category is " + std::to_string(d->category) + ", expected " + category.name + " (" +
                   std::to_string(category.id) + ")");
  report.check(d->reserved == 0, "descriptor.reserved", "zero", "reserved is " + std::to_string(d->reserved) + ", must be 0");
  std::string dname = d->name != nullptr ? d->name : "";
  report.check(d->name != nullptr && dname.size() <= 64 && std::regex_match(dname, kNamePattern), "descriptor.name",
               "'" + dname + "' matches [a-z0-9][a-z0-9_-]*",
               "'" + shown(dname) + "' does not match [a-z0-9][a-z0-9_-]* (at most 64 characters)");
  report.check(dname == name, "descriptor.name_matches", "the descriptor is named '" + name + "'",
               "asked for '" + name + "' but the descriptor says '" + dname + "'");
  std::string version = d->version != nullptr ? d->version : "";
  report.check(std::regex_match(version, kSemver), "descriptor.version", "'" + version + "' is semver",
               "'" + shown(version) + "' is not a semantic version (MAJOR.MINOR.PATCH)");
  std::string description = d->description != nullptr ? d->description : "";
  report.check(!description.empty() && description.find('\n') == std::string::npos, "descriptor.description",
               "one line", "the description must be one non-empty line");
  check_tokens(report, "capabilities", d->capabilities, false);
  check_tokens(report, "requirements", d->requirements, true);
  check_config_schema(report, d->config_schema_json);

  report.check(p.instance_new != nullptr && p.instance_free != nullptr && p.health_check != nullptr,
               "abi.functions", "instance_new, instance_free and health_check are set",
               "instance_new, instance_free and health_check must all be set");
  if (p.methods == nullptr) {
    report.fail("abi.methods", "floe_plugin.methods is NULL");
    return raw;
  }
  TablePrefix header{};
  std::memcpy(&header, p.methods, kFirstSlot);
  report.check(header.struct_size >= category.table_size, "abi.methods.struct_size",
               std::to_string(header.struct_size) + " bytes (" + category.name + " v1 table: " +
                   std::to_string(category.table_size) + ")",
               std::to_string(header.struct_size) + " bytes; the " + category.name + " v1 table has " +
                   std::to_string(category.table_size));
  report.check(header.struct_version >= category.table_version, "abi.methods.struct_version",
               std::to_string(header.struct_version),
               std::to_string(header.struct_version) + ", expected at least " + std::to_string(category.table_version));
  raw.ok = abi_ok && header.struct_size >= category.table_size && p.instance_new != nullptr &&
           p.instance_free != nullptr && p.health_check != nullptr;
  return raw;
}

}  // namespace floe::conformance
