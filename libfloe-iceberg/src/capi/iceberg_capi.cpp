// The C API of libfloe-iceberg (floe/iceberg.h): strict request checking,
// then the C++ client (src/iceberg/). No exception crosses this boundary.
#include "floe/iceberg.h"

#include <boost/json.hpp>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>
#include <sstream>

#include "base/c_memory.hpp"
#include "iceberg/catalog_client.hpp"
#include "iceberg/expiry.hpp"

namespace json = boost::json;
using namespace floe::iceberg;

struct floe_iceberg_catalog {
  explicit floe_iceberg_catalog(ClientOptions o) : client(std::move(o)) {}
  RestCatalog client;
};

namespace {

// ---- C memory -------------------------------------------------------------------

// Filled as libfloe-core fills its own (base/c_memory.hpp).
floe_status set_error(floe_error* error, floe_status code, std::string_view message, std::string_view detail = {}) noexcept {
  return floe::base::set_c_error(error, code, message, detail);
}

floe_status set_buffer(floe_buffer* buffer, const json::value& v, floe_error* error) {
  std::string text = json::serialize(v);
  if (buffer == nullptr) return set_error(error, FLOE_ERR_INVALID_ARGUMENT, "the result buffer is NULL");
  if (buffer->release != nullptr) buffer->release(buffer);
  if (floe_status status = floe::base::set_c_buffer(buffer, text, error); status != FLOE_OK) return status;
  // The serialized copy may hold credentials too.
  floe::base::wipe(text.data(), text.size());
  return FLOE_OK;
}

floe_status report(floe_error* error, const Error& e) {
  const ErrorInfo& i = e.info();
  json::object d{{"kind", to_string(i.kind)},       {"operation", i.operation},
                 {"identifier", i.identifier},      {"http_status", i.http_status},
                 {"catalog_type", i.catalog_type},  {"catalog_message", i.catalog_message},
                 {"uri", i.uri},                    {"principal", i.principal},
                 {"location", i.location}};
  return set_error(error, to_status(i.kind), e.what(), json::serialize(d));
}

template <class Body>
floe_status guarded(floe_error* error, Body&& body) noexcept {
  try {
    return body();
  } catch (const Error& e) {
    try {
      return report(error, e);
    } catch (...) {
      return set_error(error, to_status(e.kind()), "out of memory while reporting an error");
    }
  } catch (const std::bad_alloc&) {
    return set_error(error, FLOE_ERR_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return set_error(error, FLOE_ERR_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return set_error(error, FLOE_ERR_INTERNAL, "internal error of unknown type");
  }
}

// ---- Request checking -------------------------------------------------------------

enum class K { string, integer, boolean, string_map, string_array, ns, object, object_array, table_ref };

struct KeySpec {
  const char* name;
  K kind;
  bool required;
};

const char* kind_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "boolean";
    case json::kind::int64:
    case json::kind::uint64: return "integer";
    case json::kind::double_: return "number";
    case json::kind::string: return "string";
    case json::kind::array: return "array";
    case json::kind::object: return "object";
  }
  return "value";
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

class Checker {
 public:
  explicit Checker(std::string root) : root_(std::move(root)) {}

  void problem(const std::string& key, const std::string& message, const std::string& did_you_mean = {}) {
    json::object p{{"key", key}, {"message", message}};
    if (!did_you_mean.empty()) p["did_you_mean"] = did_you_mean;
    problems_.push_back(std::move(p));
    text_ += (text_.empty() ? "" : "; ") + key + ": " + message;
    if (!did_you_mean.empty()) text_ += " (did you mean '" + did_you_mean + "'?)";
  }

  void check_object(const json::object& o, const std::vector<KeySpec>& keys, const std::string& path,
                    const char* skip = nullptr) {
    for (const auto& kv : o) {
      std::string_view k(kv.key().data(), kv.key().size());
      if (skip != nullptr && k == skip) continue;
      const KeySpec* spec = nullptr;
      for (const auto& s : keys)
        if (k == s.name) spec = &s;
      std::string key_path = path + "." + std::string(k);
      if (spec == nullptr) {
        std::string best;
        size_t best_d = 3;
        for (const auto& s : keys) {
          size_t d = edit_distance(k, s.name);
          if (d < best_d) {
            best_d = d;
            best = s.name;
          }
        }
        problem(key_path, "unknown key", best);
        continue;
      }
      check_value(kv.value(), spec->kind, key_path);
    }
    for (const auto& s : keys)
      if (s.required && !o.contains(s.name)) problem(path + "." + s.name, "required key missing");
  }

  void check_value(const json::value& v, K kind, const std::string& path) {
    auto expect = [&](const char* what) {
      problem(path, std::string("expected ") + what + ", got " + kind_name(v));
    };
    switch (kind) {
      case K::string:
        if (!v.is_string()) expect("string");
        break;
      case K::integer:
        if (!v.is_int64() && !(v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(INT64_MAX))) expect("integer");
        break;
      case K::boolean:
        if (!v.is_bool()) expect("boolean");
        break;
      case K::object:
        if (!v.is_object()) expect("object");
        break;
      case K::string_map:
        if (!v.is_object()) {
          expect("object of strings");
          break;
        }
        for (const auto& kv : v.get_object())
          if (!kv.value().is_string())
            problem(path + "." + std::string(kv.key()), std::string("expected string, got ") + kind_name(kv.value()));
        break;
      case K::string_array:
      case K::ns: {
        if (!v.is_array()) {
          expect(kind == K::ns ? "array of strings (a namespace)" : "array of strings");
          break;
        }
        const auto& a = v.get_array();
        if (kind == K::ns && a.empty()) problem(path, "a namespace needs at least one level");
        for (size_t i = 0; i < a.size(); ++i) {
          if (!a[i].is_string()) problem(path + "." + std::to_string(i), std::string("expected string, got ") + kind_name(a[i]));
          else if (kind == K::ns && a[i].get_string().empty()) problem(path + "." + std::to_string(i), "empty namespace level");
        }
        break;
      }
      case K::object_array: {
        if (!v.is_array()) {
          expect("array of objects");
          break;
        }
        const auto& a = v.get_array();
        for (size_t i = 0; i < a.size(); ++i)
          if (!a[i].is_object()) problem(path + "." + std::to_string(i), std::string("expected object, got ") + kind_name(a[i]));
        break;
      }
      case K::table_ref:
        if (!v.is_object()) {
          expect("object {\"namespace\", \"name\"}");
          break;
        }
        check_object(v.get_object(), {{"namespace", K::ns, true}, {"name", K::string, true}}, path);
        break;
    }
  }

  bool ok() const { return problems_.empty(); }

  floe_status fail(floe_error* error, const std::string& what) {
    json::object d{{"problems", problems_}};
    return set_error(error, FLOE_ERR_INVALID_ARGUMENT, what + ": " + text_, json::serialize(d));
  }

 private:
  std::string root_;
  json::array problems_;
  std::string text_;
};

// Parses request text into an object, or reports why not.
bool parse_request(const char* text, const char* what, json::object& out, floe_error* error, floe_status& status) {
  if (text == nullptr) {
    status = set_error(error, FLOE_ERR_INVALID_ARGUMENT, std::string(what) + " is NULL");
    return false;
  }
  boost::system::error_code ec;
  json::parse_options opt;
  opt.max_depth = 64;
  json::value v = json::parse(text, ec, {}, opt);
  if (ec) {
    status = set_error(error, FLOE_ERR_INVALID_ARGUMENT, std::string(what) + " is not valid JSON: " + ec.message());
    return false;
  }
  if (!v.is_object()) {
    status = set_error(error, FLOE_ERR_INVALID_ARGUMENT,
                       std::string(what) + " must be a JSON object, got " + kind_name(v));
    return false;
  }
  out = std::move(v.get_object());
  return true;
}

// "api_version" (optional, 1), checked before anything else: a request of
// another version may name operations and keys this library never heard of.
bool check_api_version(Checker& c, const json::object& request) {
  const json::value* v = request.if_contains("api_version");
  if (v == nullptr) return true;
  if ((v->is_int64() && v->get_int64() == 1) || (v->is_uint64() && v->get_uint64() == 1) ||
      (v->is_double() && v->get_double() == 1.0))
    return true;
  c.problem("request.api_version", json::serialize(*v) + " is not supported; this library speaks api_version 1");
  return false;
}

// ---- Conversions --------------------------------------------------------------------

std::string str(const json::object& o, const char* key, std::string fallback = {}) {
  auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : fallback;
}
int64_t integer(const json::object& o, const char* key, int64_t fallback) {
  auto* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  return v->is_int64() ? v->get_int64() : static_cast<int64_t>(v->get_uint64());
}
bool boolean(const json::object& o, const char* key, bool fallback) {
  auto* v = o.if_contains(key);
  return v != nullptr ? v->get_bool() : fallback;
}
Properties props(const json::object& o, const char* key) {
  Properties out;
  if (auto* v = o.if_contains(key))
    for (const auto& kv : v->get_object()) out[std::string(kv.key())] = std::string(kv.value().get_string());
  return out;
}
std::vector<std::string> strings(const json::object& o, const char* key) {
  std::vector<std::string> out;
  if (auto* v = o.if_contains(key))
    for (const auto& s : v->get_array()) out.emplace_back(s.get_string());
  return out;
}
json::array ns_json(const Namespace& ns) {
  json::array a;
  for (const auto& p : ns) a.push_back(json::string(p));
  return a;
}
json::object props_json(const Properties& p) {
  json::object o;
  for (const auto& [k, v] : p) o[k] = v;
  return o;
}
json::array strings_json(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::string(s));
  return a;
}
TableIdentifier table_of(const json::object& o) { return {strings(o, "namespace"), str(o, "name")}; }

json::object load_result_json(const LoadTableResult& r) {
  json::array creds;
  for (const auto& c : r.storage_credentials) creds.push_back(json::object{{"prefix", c.prefix}, {"config", props_json(c.config)}});
  return json::object{
      {"identifier", json::object{{"namespace", ns_json(r.identifier.ns)}, {"name", r.identifier.name}}},
      {"metadata_location", r.metadata_location ? json::value(*r.metadata_location) : json::value(nullptr)},
      {"metadata", to_json(r.metadata)},
      {"config", props_json(r.config)},
      {"storage_credentials", std::move(creds)}};
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// ---- Operations -----------------------------------------------------------------------

const std::vector<KeySpec> kTable = {{"namespace", K::ns, true}, {"name", K::string, true}};
const std::vector<KeySpec> kRetention = {{"older_than_ms", K::integer, false},
                                         {"retention_days", K::integer, false},
                                         {"keep_last", K::integer, false},
                                         {"now_ms", K::integer, false}};

std::vector<KeySpec> with(std::vector<KeySpec> a, const std::vector<KeySpec>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

struct OperationSpec {
  const char* name;
  std::vector<KeySpec> keys;
};

const std::vector<OperationSpec>& operations() {
  static const std::vector<OperationSpec> ops = {
      {"get_config", {}},
      {"create_namespace", {{"namespace", K::ns, true}, {"properties", K::string_map, false}}},
      {"list_namespaces", {{"parent", K::string_array, false}, {"page_size", K::integer, false}, {"page_token", K::string, false}}},
      {"load_namespace", {{"namespace", K::ns, true}}},
      {"namespace_exists", {{"namespace", K::ns, true}}},
      {"update_namespace_properties",
       {{"namespace", K::ns, true}, {"updates", K::string_map, false}, {"removals", K::string_array, false}}},
      {"drop_namespace", {{"namespace", K::ns, true}}},
      {"create_table",
       with(kTable, {{"schema", K::object, true},
                     {"partition_spec", K::object, false},
                     {"write_order", K::object, false},
                     {"properties", K::string_map, false},
                     {"location", K::string, false}})},
      {"list_tables", {{"namespace", K::ns, true}, {"page_size", K::integer, false}, {"page_token", K::string, false}}},
      {"load_table", kTable},
      {"table_exists", kTable},
      {"drop_table", with(kTable, {{"purge", K::boolean, false}})},
      {"rename_table", {{"from", K::table_ref, true}, {"to", K::table_ref, true}}},
      {"commit_table", with(kTable, {{"requirements", K::object_array, true}, {"updates", K::object_array, true}})},
      {"expire_snapshots", with(with(kTable, kRetention), {{"dry_run", K::boolean, false}})},
  };
  return ops;
}

void check_retention(Checker& c, const json::object& o, const std::string& path) {
  bool older = o.contains("older_than_ms"), days = o.contains("retention_days");
  if (older == days) c.problem(path + ".older_than_ms", "give exactly one of older_than_ms and retention_days");
  if (integer(o, "keep_last", 1) < 0 && o.at("keep_last").is_int64()) c.problem(path + ".keep_last", "must be 0 or more");
  if (days && o.at("retention_days").is_int64() && o.at("retention_days").get_int64() < 0)
    c.problem(path + ".retention_days", "must be 0 or more");
  if (auto* k = o.if_contains("keep_last"); k && k->is_int64() && k->get_int64() > INT32_MAX)
    c.problem(path + ".keep_last", "too large");
}

Retention retention_of(const json::object& o) {
  Retention r;
  if (o.contains("older_than_ms")) r.older_than_ms = integer(o, "older_than_ms", 0);
  if (o.contains("retention_days")) r.retention_days = integer(o, "retention_days", 0);
  r.keep_last = static_cast<int>(integer(o, "keep_last", 1));
  r.now_ms = integer(o, "now_ms", now_ms());
  return r;
}

// Re-locates a parse error of a request value at its request key.
template <class F>
auto at_request_key(const std::string& key, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Error& e) {
    ErrorInfo info = e.info();
    info.kind = ErrorKind::invalid_argument;
    info.location = "request." + key + (info.location == "/" ? std::string() : info.location);
    throw Error(std::move(info));
  }
}

json::value run(RestCatalog& c, const std::string& op, const json::object& r) {
  if (op == "get_config") {
    const CatalogConfig& cfg = c.config();
    return json::object{{"defaults", props_json(cfg.defaults)},
                        {"overrides", props_json(cfg.overrides)},
                        {"endpoints", strings_json(cfg.endpoints)},
                        {"prefix", cfg.prefix}};
  }
  if (op == "create_namespace") {
    NamespaceInfo info = c.create_namespace(strings(r, "namespace"), props(r, "properties"));
    return json::object{{"namespace", ns_json(info.ns)}, {"properties", props_json(info.properties)}};
  }
  if (op == "list_namespaces") {
    Namespace parent = strings(r, "parent");
    int size = static_cast<int>(integer(r, "page_size", 0));
    json::array out;
    std::string next;
    if (r.contains("page_token")) {
      Page<Namespace> page = c.list_namespaces_page(parent, str(r, "page_token"), size);
      for (const auto& ns : page.items) out.push_back(ns_json(ns));
      next = page.next_page_token;
    } else {
      for (const auto& ns : c.list_namespaces(parent, size)) out.push_back(ns_json(ns));
    }
    return json::object{{"namespaces", std::move(out)}, {"next_page_token", next.empty() ? json::value(nullptr) : json::value(next)}};
  }
  if (op == "load_namespace") {
    NamespaceInfo info = c.load_namespace(strings(r, "namespace"));
    return json::object{{"namespace", ns_json(info.ns)}, {"properties", props_json(info.properties)}};
  }
  if (op == "namespace_exists") return json::object{{"exists", c.namespace_exists(strings(r, "namespace"))}};
  if (op == "update_namespace_properties") {
    NamespacePropertiesResult res =
        c.update_namespace_properties(strings(r, "namespace"), props(r, "updates"), strings(r, "removals"));
    return json::object{{"updated", strings_json(res.updated)}, {"removed", strings_json(res.removed)},
                        {"missing", strings_json(res.missing)}};
  }
  if (op == "drop_namespace") {
    c.drop_namespace(strings(r, "namespace"));
    return json::object{};
  }
  if (op == "create_table") {
    CreateTableRequest req;
    req.name = str(r, "name");
    req.schema = at_request_key("schema", [&] { return parse_schema(r.at("schema"), "request.schema"); });
    if (auto* p = r.if_contains("partition_spec"))
      req.partition_spec = at_request_key("partition_spec", [&] { return parse_partition_spec(*p, "request.partition_spec"); });
    if (auto* w = r.if_contains("write_order"))
      req.write_order = at_request_key("write_order", [&] { return parse_sort_order(*w, "request.write_order"); });
    req.properties = props(r, "properties");
    req.location = str(r, "location");
    return load_result_json(c.create_table(strings(r, "namespace"), req));
  }
  if (op == "list_tables") {
    Namespace ns = strings(r, "namespace");
    int size = static_cast<int>(integer(r, "page_size", 0));
    json::array out;
    std::string next;
    auto add = [&](const TableIdentifier& t) {
      out.push_back(json::object{{"namespace", ns_json(t.ns)}, {"name", t.name}});
    };
    if (r.contains("page_token")) {
      Page<TableIdentifier> page = c.list_tables_page(ns, str(r, "page_token"), size);
      for (const auto& t : page.items) add(t);
      next = page.next_page_token;
    } else {
      for (const auto& t : c.list_tables(ns, size)) add(t);
    }
    return json::object{{"identifiers", std::move(out)}, {"next_page_token", next.empty() ? json::value(nullptr) : json::value(next)}};
  }
  if (op == "load_table") return load_result_json(c.load_table(table_of(r)));
  if (op == "table_exists") return json::object{{"exists", c.table_exists(table_of(r))}};
  if (op == "drop_table") {
    c.drop_table(table_of(r), boolean(r, "purge", false));
    return json::object{};
  }
  if (op == "rename_table") {
    c.rename_table(table_of(r.at("from").get_object()), table_of(r.at("to").get_object()));
    return json::object{};
  }
  if (op == "commit_table") {
    CommitRequest req;
    req.requirements = r.at("requirements").get_array();
    req.updates = r.at("updates").get_array();
    CommitResult res = c.commit_table(table_of(r), req);
    return json::object{{"metadata_location", res.metadata_location}, {"metadata", to_json(res.metadata)}};
  }
  if (op == "expire_snapshots") {
    ExpireResult res = expire_snapshots(c, table_of(r), retention_of(r), boolean(r, "dry_run", false));
    return json::object{{"plan", to_json(res.plan)},
                        {"committed", res.committed},
                        {"attempts", res.attempts},
                        {"metadata_location", res.metadata_location}};
  }
  throw std::logic_error("operation " + op + " has no implementation");
}

}  // namespace

extern "C" {

FLOE_ICEBERG_EXTERN(uint32_t) floe_iceberg_abi_version(void) { return FLOE_ABI_VERSION; }

FLOE_ICEBERG_EXTERN(floe_status)
floe_iceberg_catalog_open(const char* config_json, floe_iceberg_catalog** catalog, floe_error* error) {
  return guarded(error, [&]() -> floe_status {
    if (catalog == nullptr) return set_error(error, FLOE_ERR_INVALID_ARGUMENT, "the catalog out-pointer is NULL");
    *catalog = nullptr;
    json::object cfg;
    floe_status status = FLOE_OK;
    if (!parse_request(config_json, "the catalog configuration", cfg, error, status)) return status;
    Checker c("config");
    c.check_object(cfg,
                   {{"uri", K::string, true},
                    {"warehouse", K::string, false},
                    {"properties", K::string_map, false},
                    {"client_id", K::string, false},
                    {"client_secret", K::string, false},
                    {"token", K::string, false},
                    {"oauth2_server_uri", K::string, false},
                    {"scope", K::string, false},
                    {"vended_credentials", K::boolean, false},
                    {"headers", K::string_map, false},
                    {"connect_timeout_ms", K::integer, false},
                    {"request_timeout_ms", K::integer, false},
                    {"commit_attempts", K::integer, false},
                    {"ca_file", K::string, false},
                    {"max_response_bytes", K::integer, false}},
                   "config");
    if (c.ok()) {
      std::string uri = str(cfg, "uri");
      if (uri.rfind("http://", 0) != 0 && uri.rfind("https://", 0) != 0)
        c.problem("config.uri", "expected an http:// or https:// URI");
      if (cfg.contains("client_id") != cfg.contains("client_secret"))
        c.problem(cfg.contains("client_id") ? "config.client_secret" : "config.client_id",
                  "OAuth2 client credentials need both client_id and client_secret");
      if (cfg.contains("token") && cfg.contains("client_secret"))
        c.problem("config.token", "give either a token or client credentials, not both");
      for (const char* k : {"connect_timeout_ms", "request_timeout_ms", "commit_attempts"}) {
        int64_t v = integer(cfg, k, 1);
        if (v < 1 || v > 86400000) c.problem(std::string("config.") + k, "must be between 1 and 86400000");
      }
      if (int64_t v = integer(cfg, "max_response_bytes", 1 << 20); v < 1024 || v > (int64_t{1} << 32))
        c.problem("config.max_response_bytes", "must be between 1024 and 4294967296 (bytes)");
      for (const auto& [k, v] : props(cfg, "headers"))
        if (k.find_first_of(":\r\n") != std::string::npos || v.find_first_of("\r\n") != std::string::npos)
          c.problem("config.headers." + k, "a header name or value with ':' or a line break");
    }
    if (!c.ok()) return c.fail(error, "invalid catalog configuration");
    ClientOptions o;
    o.uri = str(cfg, "uri");
    o.warehouse = str(cfg, "warehouse");
    o.properties = props(cfg, "properties");
    o.client_id = str(cfg, "client_id");
    o.client_secret = str(cfg, "client_secret");
    o.token = str(cfg, "token");
    o.oauth2_server_uri = str(cfg, "oauth2_server_uri");
    o.scope = str(cfg, "scope", "catalog");
    o.vended_credentials = boolean(cfg, "vended_credentials", true);
    o.headers = props(cfg, "headers");
    o.connect_timeout = std::chrono::milliseconds(integer(cfg, "connect_timeout_ms", 5000));
    o.request_timeout = std::chrono::milliseconds(integer(cfg, "request_timeout_ms", 30000));
    o.commit_attempts = static_cast<int>(integer(cfg, "commit_attempts", 4));
    o.ca_file = str(cfg, "ca_file");
    o.max_response_bytes = static_cast<std::size_t>(integer(cfg, "max_response_bytes", int64_t{64} << 20));
    *catalog = new floe_iceberg_catalog(std::move(o));
    return FLOE_OK;
  });
}

FLOE_ICEBERG_EXTERN(void) floe_iceberg_catalog_close(floe_iceberg_catalog* catalog) { delete catalog; }

FLOE_ICEBERG_EXTERN(floe_status)
floe_iceberg_catalog_call(floe_iceberg_catalog* catalog, const char* request_json, floe_buffer* result,
                          floe_error* error) {
  return guarded(error, [&]() -> floe_status {
    if (catalog == nullptr) return set_error(error, FLOE_ERR_INVALID_ARGUMENT, "the catalog handle is NULL");
    if (result == nullptr) return set_error(error, FLOE_ERR_INVALID_ARGUMENT, "the result buffer is NULL");
    json::object req;
    floe_status status = FLOE_OK;
    if (!parse_request(request_json, "the request", req, error, status)) return status;
    Checker c("request");
    if (!check_api_version(c, req)) return c.fail(error, "unsupported request");
    req.erase("api_version");
    const json::value* op = req.if_contains("operation");
    std::string names;
    for (const auto& o : operations()) names += (names.empty() ? "" : ", ") + std::string(o.name);
    if (op == nullptr) {
      c.problem("request.operation", "required key missing (one of " + names + ")");
      return c.fail(error, "invalid request");
    }
    if (!op->is_string()) {
      c.problem("request.operation", std::string("expected string, got ") + kind_name(*op));
      return c.fail(error, "invalid request");
    }
    std::string name(op->get_string());
    const OperationSpec* spec = nullptr;
    for (const auto& o : operations())
      if (name == o.name) spec = &o;
    if (spec == nullptr) {
      std::string best;
      size_t best_d = 4;
      for (const auto& o : operations()) {
        size_t d = edit_distance(name, o.name);
        if (d < best_d) {
          best_d = d;
          best = o.name;
        }
      }
      c.problem("request.operation", "unknown operation '" + name + "' (one of " + names + ")", best);
      return c.fail(error, "invalid request");
    }
    c.check_object(req, spec->keys, "request", "operation");
    if (c.ok() && name == "expire_snapshots") check_retention(c, req, "request");
    if (c.ok() && (name == "list_namespaces" || name == "list_tables") && integer(req, "page_size", 1) < 1)
      c.problem("request.page_size", "must be 1 or more");
    if (!c.ok()) return c.fail(error, "invalid " + name + " request");
    return set_buffer(result, run(catalog->client, name, req), error);
  });
}

FLOE_ICEBERG_EXTERN(floe_status)
floe_iceberg_parse_metadata(const char* metadata_json, size_t length, floe_buffer* result, floe_error* error) {
  return guarded(error, [&]() -> floe_status {
    if (metadata_json == nullptr) return set_error(error, FLOE_ERR_INVALID_ARGUMENT, "the metadata document is NULL");
    if (result == nullptr) return set_error(error, FLOE_ERR_INVALID_ARGUMENT, "the result buffer is NULL");
    TableMetadata m = parse_table_metadata(std::string_view(metadata_json, length), "metadata.json");
    // The answer's document only lives to be serialized: one arena, freed at once.
    json::monotonic_resource arena;
    return set_buffer(result, to_json(m, &arena), error);
  });
}

FLOE_ICEBERG_EXTERN(floe_status) floe_iceberg_plan_expiry(const char* request_json, floe_buffer* plan, floe_error* error) {
  return guarded(error, [&]() -> floe_status {
    if (plan == nullptr) return set_error(error, FLOE_ERR_INVALID_ARGUMENT, "the plan buffer is NULL");
    json::object req;
    floe_status status = FLOE_OK;
    if (!parse_request(request_json, "the request", req, error, status)) return status;
    Checker c("request");
    if (!check_api_version(c, req)) return c.fail(error, "unsupported request");
    req.erase("api_version");
    c.check_object(req, with({{"metadata", K::string, false}, {"metadata_file", K::string, false}}, kRetention), "request");
    if (c.ok()) {
      if (req.contains("metadata") == req.contains("metadata_file"))
        c.problem("request.metadata", "give exactly one of metadata and metadata_file");
      check_retention(c, req, "request");
    }
    if (!c.ok()) return c.fail(error, "invalid plan_expiry request");
    TableMetadata m = req.contains("metadata")
                          ? parse_table_metadata(std::string_view(req.at("metadata").get_string()), "request.metadata")
                          : read_table_metadata_file(str(req, "metadata_file"));
    return set_buffer(plan, to_json(plan_expiry(m, retention_of(req))), error);
  });
}

}  // extern "C"
