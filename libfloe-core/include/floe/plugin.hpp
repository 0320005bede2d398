// floe/plugin.hpp - the plugin author kit: turns a C++ class into a floe
// plugin with a C ABI. Header-only; needs Boost.JSON (link Boost::json).
//
//   class MyCompute {
//    public:
//     static constexpr floe_plugin_descriptor descriptor = {...};  // category, name, ...
//     MyCompute(const boost::json::object& config, floe::sdk::host& host);
//     boost::json::value generate_dbt_profile(const boost::json::value& request);
//     ...  // one member per method of the category you implement
//   };
//   FLOE_PLUGIN(MyCompute)
//
// Every method of the category becomes a noexcept C trampoline: the request
// is parsed (bad JSON -> FLOE_ERR_INVALID_ARGUMENT), the member is called,
// the returned value is serialised into the caller's buffer. Exceptions
// never cross the boundary: floe::sdk::error keeps its status code, any
// other exception becomes FLOE_ERR_INTERNAL with its what() text. Methods
// the class does not define return FLOE_ERR_NOT_IMPLEMENTED.
#ifndef FLOE_PLUGIN_HPP
#define FLOE_PLUGIN_HPP

#include <boost/json.hpp>

#include <atomic>
#include <concepts>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "floe/plugin.h"

namespace floe::sdk {

// An error with a floe status code; throw it from a method.
class error : public std::runtime_error {
 public:
  error(floe_status code, const std::string& message) : std::runtime_error(message), code_(code) {}
  floe_status code() const noexcept { return code_; }

 private:
  floe_status code_;
};

// The host's services, as handed to init. Valid for the life of the process.
// A later init (another registry, maybe on another thread) rebinds it while
// instances use it (docs/abi.md#threads): the table pointer is atomic, and
// each use reads it once.
class host {
 public:
  host(const floe_host_api* api, const char* plugin_name) : api_(api), name_(plugin_name) {}

  void log(int32_t level, const std::string& message) const {
    const floe_host_api* a = api();
    if (a != nullptr && a->log != nullptr) a->log(a->host_data, level, name_, message.c_str());
  }
  void info(const std::string& message) const { log(FLOE_LOG_INFO, message); }
  void warn(const std::string& message) const { log(FLOE_LOG_WARNING, message); }

  // Resolves a secret reference ("env:NAME", "file:/path"); nullopt if absent.
  // Use it only for values needed at run time, never to write them anywhere.
  std::optional<std::string> secret(const std::string& reference) const {
    const floe_host_api* a = api();
    return fetch(a, a != nullptr ? a->get_secret : nullptr, reference, true);
  }

  // A host setting as JSON ("floe.version"; see floe_host_api.get_config); nullopt if unknown.
  std::optional<boost::json::value> setting(const std::string& key) const {
    const floe_host_api* a = api();
    auto text = fetch(a, a != nullptr ? a->get_config : nullptr, key, false);
    if (!text) return std::nullopt;
    boost::system::error_code ec;
    auto value = boost::json::parse(*text, ec);
    if (ec) return std::nullopt;
    return value;
  }

  // Reports progress of a long-running method ({"type": ..., ...}); a
  // no-op on hosts older than ABI 1.2.
  void emit(const boost::json::object& event) const {
    const floe_host_api* a = api();
    if (a == nullptr || !FLOE_HOST_HAS(a, emit_event) || a->emit_event == nullptr) return;
    std::string text = boost::json::serialize(event);
    a->emit_event(a->host_data, text.data(), text.size());
  }

  // True once the host wants the running operation to stop; long-running
  // methods poll it and throw error(FLOE_ERR_CANCELLED, ...). Always false
  // on hosts older than ABI 1.2.
  bool cancel_requested() const {
    const floe_host_api* a = api();
    return a != nullptr && FLOE_HOST_HAS(a, cancel_requested) && a->cancel_requested != nullptr &&
           a->cancel_requested(a->host_data) != 0;
  }

  const floe_host_api* api() const noexcept { return api_.load(std::memory_order_acquire); }
  void rebind(const floe_host_api* api) noexcept { api_.store(api, std::memory_order_release); }

 private:
  using fetch_fn = floe_status (*)(void*, const char*, floe_buffer*, floe_error*);
  static std::optional<std::string> fetch(const floe_host_api* a, fetch_fn fn, const std::string& key, bool wipe) {
    if (fn == nullptr) return std::nullopt;
    floe_buffer buffer = FLOE_BUFFER_INIT;
    floe_error err = FLOE_ERROR_INIT;
    floe_status status = fn(a->host_data, key.c_str(), &buffer, &err);
    if (err.release != nullptr) err.release(&err);
    if (status != FLOE_OK) return std::nullopt;
    std::string value(buffer.data != nullptr ? buffer.data : "", buffer.length);
    if (wipe && buffer.data != nullptr) std::memset(buffer.data, 0, buffer.length);
    if (buffer.release != nullptr) buffer.release(&buffer);
    return value;
  }

  std::atomic<const floe_host_api*> api_;
  const char* name_;
};

// Typed access to request and config members with errors that name the key.
inline const boost::json::object& as_object(const boost::json::value& v, std::string_view what) {
  if (!v.is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, std::string(what) + ": expected a JSON object");
  return v.get_object();
}
inline std::optional<std::string> optional_string(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_string())
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + std::string(key) + "': expected a string");
  return std::string(it->value().get_string());
}
inline std::string required_string(const boost::json::object& o, std::string_view key) {
  auto v = optional_string(o, key);
  if (!v) throw error(FLOE_ERR_INVALID_ARGUMENT, "missing required key '" + std::string(key) + "'");
  return *v;
}
inline std::optional<std::int64_t> optional_int(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (auto p = it->value().if_int64()) return *p;
  if (auto p = it->value().if_uint64()) return static_cast<std::int64_t>(*p);
  throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + std::string(key) + "': expected an integer");
}

namespace detail {

inline char* copy_cstr(std::string_view s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p == nullptr) return nullptr;
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

inline void release_error(floe_error* e) {
  std::free(e->message);
  std::free(e->detail_json);
  e->message = nullptr;
  e->detail_json = nullptr;
  e->release = nullptr;
}

inline void release_buffer(floe_buffer* b) {
  if (b->data != nullptr) std::memset(b->data, 0, b->length);  // buffers may hold secrets
  std::free(b->data);
  b->data = nullptr;
  b->length = 0;
  b->release = nullptr;
}

inline floe_status fill_error(floe_error* e, floe_status code, std::string_view message) noexcept {
  if (e == nullptr) return code;
  if (e->release != nullptr) e->release(e);
  e->code = code;
  e->message = copy_cstr(message);
  e->detail_json = nullptr;
  e->release = &release_error;
  return code;
}

inline void fill_buffer(floe_buffer* out, std::string_view text) {
  char* p = copy_cstr(text);
  if (p == nullptr) throw std::bad_alloc();
  out->data = p;
  out->length = text.size();
  out->release = &release_buffer;
}

// Runs `body`, turning every exception into a floe error.
template <class Body>
floe_status guard(floe_error* err, Body&& body) noexcept {
  try {
    body();
    return FLOE_OK;
  } catch (const error& e) {
    return fill_error(err, e.code(), e.what());
  } catch (const std::bad_alloc&) {
    return fill_error(err, FLOE_ERR_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return fill_error(err, FLOE_ERR_INTERNAL, std::string("plugin raised an exception: ") + e.what());
  } catch (...) {
    return fill_error(err, FLOE_ERR_INTERNAL, "plugin raised an exception of unknown type");
  }
}

inline boost::json::value parse_request(const char* text, size_t length) {
  if (text == nullptr) return boost::json::object();
  boost::system::error_code ec;
  auto value = boost::json::parse(std::string_view(text, length), ec);
  if (ec) throw error(FLOE_ERR_INVALID_ARGUMENT, "request is not valid JSON: " + ec.message());
  if (!value.is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "request must be a JSON object");
  return value;
}

template <class Impl, class Call>
floe_status method_trampoline(floe_instance* instance, const char* request, size_t length,
                              floe_buffer* out, floe_error* err) noexcept {
  return guard(err, [&] {
    if (instance == nullptr || out == nullptr) throw error(FLOE_ERR_INVALID_ARGUMENT, "null instance or output buffer");
    boost::json::value req = parse_request(request, length);
    boost::json::value response = Call{}(*reinterpret_cast<Impl*>(instance), req);
    fill_buffer(out, boost::json::serialize(response));
  });
}

template <class Name>
floe_status not_implemented(floe_instance*, const char*, size_t, floe_buffer*, floe_error* err) noexcept {
  return fill_error(err, FLOE_ERR_NOT_IMPLEMENTED, std::string("method '") + Name{}() + "' is not implemented by this plugin");
}

}  // namespace detail
}  // namespace floe::sdk

// A required method of the category: a plugin class without it does not
// compile (an optional one it lacks is bound to a NOT_IMPLEMENTED answer).
#define FLOE_SDK_BIND_REQUIRED(table, Impl, name)                                                  \
  static_assert(requires(Impl & self, const ::boost::json::value& request) {                       \
                  { self.name(request) } -> std::convertible_to<::boost::json::value>;             \
                },                                                                                 \
                "the plugin class lacks `boost::json::value " #name "(const boost::json::value&)`: " \
                "a required method of its category (docs/plugins/<category>.md); answer "          \
                "FLOE_ERR_NOT_IMPLEMENTED from it yourself if the plugin truly cannot");           \
  FLOE_SDK_BIND(table, Impl, name)

// Binds member `name` of Impl into table slot `name`, or a NOT_IMPLEMENTED stub.
#define FLOE_SDK_BIND(table, Impl, name)                                                          \
  if constexpr (requires(Impl & self, const ::boost::json::value& request) {                       \
                  { self.name(request) } -> std::convertible_to<::boost::json::value>;             \
                }) {                                                                              \
    (table).name = &::floe::sdk::detail::method_trampoline<                                       \
        Impl, decltype([](Impl& self, const ::boost::json::value& request) -> ::boost::json::value { \
          return self.name(request);                                                              \
        })>;                                                                                      \
  } else {                                                                                        \
    (table).name = &::floe::sdk::detail::not_implemented<decltype([] { return #name; })>;         \
  }

#include "floe/plugin_methods.hpp"

namespace floe::sdk::detail {

template <class Impl>
struct plugin_glue {
  static constexpr const floe_plugin_descriptor& desc = Impl::descriptor;

  // The host table of the most recent init. Every table stays valid for the
  // life of the process, so instances made by an earlier host stay safe.
  static host& the_host() {
    static host h(nullptr, Impl::descriptor.name);
    return h;
  }

  static floe_status instance_new(floe_plugin*, const char* config, size_t length, floe_instance** out,
                                  floe_error* err) noexcept {
    return guard(err, [&] {
      if (out == nullptr) throw error(FLOE_ERR_INVALID_ARGUMENT, "null instance_out");
      boost::json::value cfg = config == nullptr ? boost::json::value(boost::json::object()) : parse_request(config, length);
      const boost::json::object& obj = as_object(cfg, "plugin configuration");
      Impl* impl = nullptr;
      if constexpr (std::is_constructible_v<Impl, const boost::json::object&, host&>)
        impl = new Impl(obj, the_host());
      else
        impl = new Impl(obj);
      *out = reinterpret_cast<floe_instance*>(impl);
    });
  }

  static void instance_free(floe_plugin*, floe_instance* instance) noexcept {
    delete reinterpret_cast<Impl*>(instance);
  }

  static floe_status health_check(floe_instance* instance, const char* request, size_t length, floe_buffer* out,
                                  floe_error* err) noexcept {
    return guard(err, [&] {
      if (instance == nullptr || out == nullptr) throw error(FLOE_ERR_INVALID_ARGUMENT, "null instance or output buffer");
      boost::json::value req = parse_request(request, length);
      boost::json::value result;
      if constexpr (requires(Impl & self) { self.health_check(req); })
        result = reinterpret_cast<Impl*>(instance)->health_check(req);
      else
        result = {{"state", "healthy"}, {"message", "loaded; the plugin offers no deeper check"}, {"details", boost::json::object()}};
      fill_buffer(out, boost::json::serialize(result));
    });
  }

  static floe_status init(uint32_t host_abi, const floe_host_api* api, floe_plugin* out, floe_error* err) noexcept {
    if (out == nullptr) return fill_error(err, FLOE_ERR_INVALID_ARGUMENT, "null plugin_out");
    if (FLOE_VERSION_MAJOR_OF(host_abi) != FLOE_ABI_VERSION_MAJOR)
      return fill_error(err, FLOE_ERR_INCOMPATIBLE_ABI,
                        "plugin '" + std::string(desc.name) + "' was built for floe ABI " +
                            std::to_string(FLOE_ABI_VERSION_MAJOR) + ".x; the host offers " +
                            std::to_string(FLOE_VERSION_MAJOR_OF(host_abi)) + ".x");
    return guard(err, [&] {
      the_host().rebind(api);
      static const auto table = method_table<Impl, Impl::descriptor.category>::make();
      floe_plugin full{};
      full.struct_size = sizeof(floe_plugin);
      full.abi_version = FLOE_ABI_VERSION;
      full.descriptor = &Impl::descriptor;
      full.instance_new = &instance_new;
      full.instance_free = &instance_free;
      full.health_check = &health_check;
      full.methods = &table;
      // A class may declare the oldest host it runs on:
      // static constexpr uint32_t min_host_abi = FLOE_MAKE_VERSION(1, 2, 3);
      if constexpr (requires { Impl::min_host_abi; }) full.min_host_abi = Impl::min_host_abi;
      // Write only the prefix the host knows (it may be older than us).
      uint32_t n = out->struct_size < sizeof(full) ? out->struct_size : static_cast<uint32_t>(sizeof(full));
      uint32_t host_size = out->struct_size;
      std::memcpy(out, &full, n);
      out->struct_size = host_size;
    });
  }
};

}  // namespace floe::sdk::detail

// Exports the plugin's init function. Use once per plugin library.
#define FLOE_PLUGIN(Impl)                                                                     \
  FLOE_PLUGIN_EXPORT floe_status floe_plugin_init(uint32_t host_abi_version,                  \
                                                  const floe_host_api* host,                  \
                                                  floe_plugin* plugin_out, floe_error* error) { \
    return ::floe::sdk::detail::plugin_glue<Impl>::init(host_abi_version, host, plugin_out, error); \
  }

#endif  // FLOE_PLUGIN_HPP
