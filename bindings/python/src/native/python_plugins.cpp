// The host side of plugins written in Python: what the bridge plugin
// (src/bridge/python_bridge.cpp, one copy per Python plugin) calls once Python
// runs in the process. bridge_init describes the class its sidecar names
// (floe._authoring.describe) and fills the floe_plugin: a descriptor, an
// instance per configuration, and a method table whose slot I calls the
// category's method I on the Python instance. Every entry takes the GIL
// itself (the host calls with it released, from any thread) and turns
// whatever Python raises into a status: no exception crosses the C ABI.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "gil.hpp"
#include "floe/plugin.h"

namespace nb = nanobind;

namespace floe::python {
namespace {

constexpr size_t kMaxMethods = 32;  // more than any category has (categories.py)

struct BridgePlugin {
  const floe_host_api* host = nullptr;
  std::string name, version, description;
  std::optional<std::string> config_schema;
  std::vector<std::string> capability_text, requirement_text;
  std::vector<const char*> capabilities, requirements;  // NULL-terminated views of the above
  floe_plugin_descriptor descriptor{};
  std::vector<std::string> methods;  // the category's, in table order
  std::vector<floe_method> table;    // the method table: header words, then one slot per method
  nb::object cls;                    // touched with the GIL held only
};

struct BridgeInstance {
  BridgePlugin* plugin;
  nb::object object;  // the Python instance; touched with the GIL held only
};

// Fills `error` with message and detail in memory of its own (the host's
// set_error has no detail).
void release_error(floe_error* error) {
  std::free(error->message);
  std::free(error->detail_json);
  error->message = error->detail_json = nullptr;
  error->release = nullptr;
}

char* copy_of(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out != nullptr) std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

floe_status fail(floe_error* error, floe_status status, const std::string& message,
                 const std::optional<std::string>& detail = std::nullopt) {
  if (error == nullptr) return status;
  error->code = status;
  error->message = copy_of(message);
  error->detail_json = detail ? copy_of(*detail) : nullptr;
  error->release = &release_error;
  return status;
}

// The Python exception being handled, as text (inside a catch).
std::string python_error_text(const nb::python_error& e) { return e.what(); }

nb::module_ authoring() { return nb::module_::import_("floe._authoring"); }

// (status, payload, detail) from floe._authoring -> a filled buffer or error.
floe_status finish_call(BridgePlugin* plugin, nb::handle answer, floe_buffer* out, floe_error* error) {
  auto status = nb::cast<int>(answer[0]);
  auto payload = nb::cast<std::string>(answer[1]);
  if (status == FLOE_OK) return plugin->host->set_buffer(out, payload.data(), payload.size(), error);
  std::optional<std::string> detail;
  if (!answer[2].is_none()) detail = nb::cast<std::string>(answer[2]);
  return fail(error, status, payload, detail);
}

floe_status call_slot(floe_instance* instance, size_t slot, const char* request, size_t length, floe_buffer* out,
                      floe_error* error) {
  auto* self = reinterpret_cast<BridgeInstance*>(instance);
  if (self == nullptr) return fail(error, FLOE_ERR_INVALID_ARGUMENT, "no instance");
  GilHeld gil;
  try {
    const std::string& method = slot == SIZE_MAX ? std::string("health_check") : self->plugin->methods.at(slot);
    nb::object answer = authoring().attr("call_method")(self->object, method, std::string(request, length));
    return finish_call(self->plugin, answer, out, error);
  } catch (nb::python_error& e) {
    return fail(error, FLOE_ERR_PLUGIN_FAILED, "the Python plugin bridge failed: " + python_error_text(e));
  } catch (const std::exception& e) {
    return fail(error, FLOE_ERR_PLUGIN_FAILED, std::string("the Python plugin bridge failed: ") + e.what());
  }
}

template <size_t I>
floe_status method_slot(floe_instance* instance, const char* request, size_t length, floe_buffer* out,
                        floe_error* error) {
  return call_slot(instance, I, request, length, out, error);
}

template <size_t... I>
constexpr std::array<floe_method, sizeof...(I)> make_slots(std::index_sequence<I...>) {
  return {&method_slot<I>...};
}
constexpr auto kSlots = make_slots(std::make_index_sequence<kMaxMethods>{});

floe_status health_check(floe_instance* instance, const char* request, size_t length, floe_buffer* out,
                         floe_error* error) {
  return call_slot(instance, SIZE_MAX, request, length, out, error);
}

BridgePlugin* plugin_of(floe_plugin* p) { return static_cast<BridgePlugin*>(p->private_data); }

floe_status instance_new(floe_plugin* p, const char* config, size_t length, floe_instance** out, floe_error* error) {
  BridgePlugin* plugin = plugin_of(p);
  GilHeld gil;
  try {
    nb::object answer = authoring().attr("new_instance")(plugin->cls, std::string(config, length));
    auto status = nb::cast<int>(answer[0]);
    if (status != FLOE_OK) {
      std::optional<std::string> detail;
      if (!answer[2].is_none()) detail = nb::cast<std::string>(answer[2]);
      return fail(error, status, nb::cast<std::string>(answer[1]), detail);
    }
    *out = reinterpret_cast<floe_instance*>(new BridgeInstance{plugin, nb::borrow(answer[1])});
    return FLOE_OK;
  } catch (nb::python_error& e) {
    return fail(error, FLOE_ERR_PLUGIN_FAILED, "the Python plugin bridge failed: " + python_error_text(e));
  }
}

void instance_free(floe_plugin*, floe_instance* instance) {
  if (instance == nullptr) return;
  GilHeld gil;
  delete reinterpret_cast<BridgeInstance*>(instance);
}

std::vector<std::string> strings(nb::handle list) {
  std::vector<std::string> out;
  for (nb::handle item : list) out.push_back(nb::cast<std::string>(item));
  return out;
}

// Describes the class and builds the plugin; the caller holds the GIL.
floe_status describe(BridgePlugin& plugin, const char* sidecar) {
  nb::object d = authoring().attr("describe")(std::string(sidecar));
  plugin.cls = d["class"];
  plugin.name = nb::cast<std::string>(d["name"]);
  plugin.version = nb::cast<std::string>(d["version"]);
  plugin.description = nb::cast<std::string>(d["description"]);
  if (!d["config_schema"].is_none()) plugin.config_schema = nb::cast<std::string>(d["config_schema"]);
  plugin.capability_text = strings(d["capabilities"]);
  plugin.requirement_text = strings(d["requirements"]);
  plugin.methods = strings(d["methods"]);
  if (plugin.methods.size() > kMaxMethods) return FLOE_ERR_INTERNAL;
  for (const auto& c : plugin.capability_text) plugin.capabilities.push_back(c.c_str());
  plugin.capabilities.push_back(nullptr);
  for (const auto& r : plugin.requirement_text) plugin.requirements.push_back(r.c_str());
  plugin.requirements.push_back(nullptr);
  plugin.descriptor = {sizeof(floe_plugin_descriptor), FLOE_ABI_VERSION, nb::cast<uint32_t>(d["category_id"]), 0,
                       plugin.name.c_str(), plugin.version.c_str(), plugin.description.c_str(),
                       plugin.capabilities.data(), plugin.requirements.data(),
                       plugin.config_schema ? plugin.config_schema->c_str() : nullptr};
  // A category table is FLOE_METHOD_TABLE_HEADER (two uint32_t: one pointer-sized
  // word) followed by one floe_method per method, in the category's order.
  static_assert(sizeof(floe_method) == 2 * sizeof(uint32_t));
  plugin.table.assign(plugin.methods.size() + 1, nullptr);
  uint32_t header[2] = {static_cast<uint32_t>(plugin.table.size() * sizeof(floe_method)), 1};
  std::memcpy(static_cast<void*>(plugin.table.data()), header, sizeof(header));
  for (size_t i = 0; i < plugin.methods.size(); ++i) plugin.table[i + 1] = kSlots[i];
  return FLOE_OK;
}

// The bridge's init, for the plugin its sidecar names.
floe_status bridge_init(const char* sidecar, uint32_t host_abi_version, const floe_host_api* host, floe_plugin* out,
                        floe_error* error) {
  if (FLOE_VERSION_MAJOR_OF(host_abi_version) != FLOE_ABI_VERSION_MAJOR)
    return host->set_error(error, FLOE_ERR_INCOMPATIBLE_ABI, "the Python plugin bridge speaks floe ABI 1.x");
  // Plugins live until the process ends (the host never unloads them).
  auto plugin = std::make_unique<BridgePlugin>();
  plugin->host = host;
  GilHeld gil;
  try {
    if (describe(*plugin, sidecar) != FLOE_OK)
      return host->set_error(error, FLOE_ERR_LOAD_FAILED, "the Python plugin's category has too many methods");
  } catch (nb::python_error& e) {
    return fail(error, FLOE_ERR_LOAD_FAILED, std::string("Python plugin ") + sidecar + ": " + python_error_text(e));
  }
  out->abi_version = FLOE_ABI_VERSION;
  out->descriptor = &plugin->descriptor;
  out->instance_new = &instance_new;
  out->instance_free = &instance_free;
  out->health_check = &health_check;
  out->methods = plugin->table.data();
  // `release` and later members are left as the host set them: a host of
  // ABI 1.0 hands a shorter struct (struct_size), and the bridge frees nothing.
  out->private_data = plugin.release();
  return FLOE_OK;
}

}  // namespace

void bind_python_plugins(nb::module_& m) {
  m.def("bridge_entry", [] { return nb::capsule(reinterpret_cast<void*>(&bridge_init), "floe.bridge_init"); },
        "The bridge plugin's entry (a capsule of bridge_init), for src/bridge/python_bridge.cpp.");
}

}  // namespace floe::python
