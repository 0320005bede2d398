#include "iceberg/catalog_client.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <mutex>
#include <set>

#include "iceberg/http.hpp"
#include "iceberg/json_node.hpp"

namespace floe::iceberg {
namespace json = boost::json;
using detail::Node;
using Clock = std::chrono::steady_clock;

std::string namespace_str(const Namespace& ns) {
  std::string out;
  for (size_t i = 0; i < ns.size(); ++i) {
    if (i) out += '.';
    out += ns[i];
  }
  return out;
}

std::string TableIdentifier::str() const {
  return ns.empty() ? name : namespace_str(ns) + "." + name;
}

// ---- JSON builders ------------------------------------------------------------

namespace {
json::array namespace_json(const Namespace& ns) {
  json::array a;
  for (const auto& p : ns) a.push_back(json::string(p));
  return a;
}
json::object identifier_json(const TableIdentifier& id) {
  return json::object{{"namespace", namespace_json(id.ns)}, {"name", id.name}};
}
json::object properties_json(const Properties& p) {
  json::object o;
  for (const auto& [k, v] : p) o[k] = v;
  return o;
}
}  // namespace

json::object schema_json(const Schema& schema) {
  json::object o = to_json(schema);
  return o;
}

json::object partition_spec_json(const PartitionSpec& spec) {
  json::array fields;
  int next = 1000;
  for (const auto& f : spec.fields) {
    int id = f.field_id != 0 ? f.field_id : next;
    next = std::max(next, id + 1);
    fields.push_back(json::object{{"field-id", id}, {"source-id", f.source_id}, {"name", f.name},
                                  {"transform", f.transform}});
  }
  return json::object{{"spec-id", spec.spec_id}, {"fields", std::move(fields)}};
}

json::object sort_order_json(const SortOrder& order) {
  json::array fields;
  for (const auto& f : order.fields)
    fields.push_back(json::object{{"source-id", f.source_id}, {"transform", f.transform},
                                  {"direction", f.direction}, {"null-order", f.null_order}});
  return json::object{{"order-id", order.order_id}, {"fields", std::move(fields)}};
}

namespace requirement {
json::object assert_create() { return {{"type", "assert-create"}}; }
json::object table_uuid(const std::string& uuid) { return {{"type", "assert-table-uuid"}, {"uuid", uuid}}; }
json::object ref_snapshot_id(const std::string& ref, std::optional<int64_t> snapshot_id) {
  return {{"type", "assert-ref-snapshot-id"},
          {"ref", ref},
          {"snapshot-id", snapshot_id ? json::value(*snapshot_id) : json::value(nullptr)}};
}
json::object current_schema_id(int schema_id) {
  return {{"type", "assert-current-schema-id"}, {"current-schema-id", schema_id}};
}
json::object last_assigned_field_id(int field_id) {
  return {{"type", "assert-last-assigned-field-id"}, {"last-assigned-field-id", field_id}};
}
json::object default_spec_id(int spec_id) { return {{"type", "assert-default-spec-id"}, {"default-spec-id", spec_id}}; }
}  // namespace requirement

namespace update {
json::object set_properties(const Properties& updates) {
  return {{"action", "set-properties"}, {"updates", properties_json(updates)}};
}
json::object remove_properties(const std::vector<std::string>& keys) {
  json::array a;
  for (const auto& k : keys) a.push_back(json::string(k));
  return {{"action", "remove-properties"}, {"removals", std::move(a)}};
}
json::object add_schema(const Schema& schema) { return {{"action", "add-schema"}, {"schema", schema_json(schema)}}; }
json::object set_current_schema(int schema_id) { return {{"action", "set-current-schema"}, {"schema-id", schema_id}}; }
json::object remove_snapshots(const std::vector<int64_t>& ids) {
  json::array a;
  for (int64_t id : ids) a.push_back(id);
  return {{"action", "remove-snapshots"}, {"snapshot-ids", std::move(a)}};
}
json::object set_snapshot_ref(const SnapshotRef& ref) {
  json::object o{{"action", "set-snapshot-ref"},
                 {"ref-name", ref.name},
                 {"type", ref.type == RefType::branch ? "branch" : "tag"},
                 {"snapshot-id", ref.snapshot_id}};
  if (ref.max_ref_age_ms) o["max-ref-age-ms"] = *ref.max_ref_age_ms;
  if (ref.max_snapshot_age_ms) o["max-snapshot-age-ms"] = *ref.max_snapshot_age_ms;
  if (ref.min_snapshots_to_keep) o["min-snapshots-to-keep"] = *ref.min_snapshots_to_keep;
  return o;
}
json::object remove_snapshot_ref(const std::string& ref_name) {
  return {{"action", "remove-snapshot-ref"}, {"ref-name", ref_name}};
}
json::object set_location(const std::string& location) { return {{"action", "set-location"}, {"location", location}}; }
}  // namespace update

// ---- The client -----------------------------------------------------------------

namespace {

// What a request is, for its error messages and status mapping.
struct Op {
  std::string name;        // "load table"
  std::string identifier;  // "sales.orders"
  std::string ns;          // the namespace involved ("sales"), for 403 messages
  bool is_commit = false;  // 409 = conflict, 500/502/504 = commit state unknown
  bool is_create = false;  // 409 = already exists
};

// Whether a request asks the catalog for storage credentials
// (X-Iceberg-Access-Delegation): never, when the client is configured to
// (table loads and creates), or always (load_table_with_credentials).
enum class Delegation { none, configured, always };

std::string trim_right_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

std::string strip_query(const std::string& url) {
  auto q = url.find('?');
  return q == std::string::npos ? url : url.substr(0, q);
}

// The <title> of an HTML error page, or the first line of a text body.
std::string excerpt(const std::string& body) {
  std::string out;
  auto t = body.find("<title>");
  if (t != std::string::npos) {
    auto e = body.find("</title>", t);
    out = body.substr(t + 7, e == std::string::npos ? std::string::npos : e - t - 7);
  } else {
    out = body.substr(0, body.find('\n'));
  }
  if (out.size() > 300) out = out.substr(0, 300) + "...";
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return out;
}

}  // namespace

struct RestCatalog::Impl {
  ClientOptions options;
  detail::HttpTransport transport;
  std::mutex mutex;  // guards everything below
  bool connected = false;
  CatalogConfig config;
  std::string base;  // uri without trailing '/'
  std::string token_endpoint;
  std::string access_token;  // written under both mutex and secret_mutex
  std::optional<Clock::time_point> token_expiry;
  mutable std::mutex secret_mutex;  // lets redact() read access_token from any thread
  std::vector<std::string> extra_headers;

  explicit Impl(ClientOptions o)
      : options(std::move(o)),
        transport(detail::TransportOptions{options.connect_timeout, options.request_timeout, options.ca_file,
                                            options.max_response_bytes}) {
    base = trim_right_slash(options.uri);
  }

  bool uses_oauth() const { return !options.client_id.empty() || !options.client_secret.empty(); }

  // Replaces every secret the client knows with [redacted].
  std::string redact(std::string text) const {
    std::vector<std::string> secrets{options.client_secret, options.token};
    {
      std::lock_guard<std::mutex> lock(secret_mutex);
      secrets.push_back(access_token);
    }
    if (auto it = options.properties.find("credential"); it != options.properties.end()) secrets.push_back(it->second);
    if (auto it = options.properties.find("token"); it != options.properties.end()) secrets.push_back(it->second);
    for (const auto& s : secrets) {
      if (s.size() < 4) continue;
      for (size_t p = text.find(s); p != std::string::npos; p = text.find(s, p)) text.replace(p, s.size(), "[redacted]");
    }
    return text;
  }

  void log(const std::string& line) const {
    if (options.log) options.log(redact(line));
  }

  [[noreturn]] void fail(ErrorKind kind, const Op& op, std::string detail, int status = 0, std::string uri = {}) const {
    ErrorInfo info;
    info.kind = kind;
    info.operation = op.name;
    info.identifier = op.identifier;
    info.http_status = status;
    info.detail = redact(std::move(detail));
    info.uri = std::move(uri);
    info.principal = options.client_id;
    throw Error(std::move(info));
  }

  [[noreturn]] void transport_failed(const detail::TransportError& e, const Op& op, const std::string& url) const {
    if (e.failure == detail::TransportFailure::timeout)
      fail(ErrorKind::timeout, op,
           e.message + " (request timeout " + std::to_string(options.request_timeout.count()) + " ms, connect timeout " +
               std::to_string(options.connect_timeout.count()) + " ms)",
           0, strip_query(url));
    if (e.failure == detail::TransportFailure::too_large) fail(ErrorKind::malformed, op, e.message, 0, strip_query(url));
    fail(ErrorKind::unavailable, op, e.message, 0, strip_query(url));
  }

  // ---- Tokens

  void fetch_token_locked() {
    Op op{"get OAuth2 token", {}, {}, false, false};
    if (options.client_id.empty() || options.client_secret.empty())
      fail(ErrorKind::invalid_argument, op, "OAuth2 client credentials need both client_id and client_secret");
    detail::HttpRequest req;
    req.method = "POST";
    req.url = token_endpoint;
    req.headers.push_back("Content-Type: application/x-www-form-urlencoded");
    req.headers.push_back("Accept: application/json");
    req.body = "grant_type=client_credentials&client_id=" + detail::url_encode(options.client_id) +
               "&client_secret=" + detail::url_encode(options.client_secret);
    if (!options.scope.empty()) req.body += "&scope=" + detail::url_encode(options.scope);
    req.has_body = true;
    detail::HttpResponse res;
    try {
      res = transport.perform(req);
    } catch (const detail::TransportError& e) {
      transport_failed(e, op, token_endpoint);
    }
    log("POST " + strip_query(token_endpoint) + " " + std::to_string(res.status));
    if (res.status != 200) {
      std::string detail = "the token endpoint refused the client credentials";
      boost::system::error_code ec;
      json::value v = json::parse(res.body, ec);
      if (!ec && v.is_object()) {
        const auto& o = v.get_object();
        if (auto* e = o.if_contains("error"); e && e->is_string()) detail += std::string(": ") + e->get_string().c_str();
        if (auto* d = o.if_contains("error_description"); d && d->is_string())
          detail += std::string(" (") + d->get_string().c_str() + ")";
      }
      ErrorKind kind = res.status == 400 || res.status == 401 || res.status == 403 ? ErrorKind::unauthorized
                       : res.status >= 500                                         ? ErrorKind::server
                                                                                   : ErrorKind::unauthorized;
      fail(kind, op, detail, static_cast<int>(res.status), strip_query(token_endpoint));
    }
    boost::system::error_code ec;
    json::value v = json::parse(res.body, ec);
    if (ec || !v.is_object()) fail(ErrorKind::malformed, op, "the token response is not a JSON object", 200, token_endpoint);
    const auto& o = v.get_object();
    const json::value* at = o.if_contains("access_token");
    if (at == nullptr || !at->is_string() || at->get_string().empty())
      fail(ErrorKind::malformed, op, "the token response has no access_token", 200, token_endpoint);
    // The token goes into an Authorization header: a CR or LF in it would
    // inject headers into every later request (RFC 6750's b64token is
    // visible ASCII without spaces).
    if (!std::all_of(at->get_string().begin(), at->get_string().end(), [](char c) { return c > 0x20 && c < 0x7f; }))
      fail(ErrorKind::malformed, op,
           "the token response's access_token holds characters a header cannot carry (control characters, spaces "
           "or non-ASCII); refused",
           200, token_endpoint);
    {
      std::lock_guard<std::mutex> lock(secret_mutex);
      access_token = std::string(at->get_string());
    }
    token_expiry.reset();
    if (const json::value* ex = o.if_contains("expires_in")) {
      int64_t seconds = -1;
      if (ex->is_int64()) seconds = ex->get_int64();
      else if (ex->is_uint64()) seconds = static_cast<int64_t>(std::min<uint64_t>(ex->get_uint64(), 1u << 30));
      else if (ex->is_double()) seconds = static_cast<int64_t>(ex->get_double());
      if (seconds >= 0) {
        // Refresh `margin` before expiry, but never sooner than half the lifetime.
        auto lifetime = std::chrono::seconds(seconds);
        auto margin = std::min<std::chrono::seconds>(options.token_refresh_margin, lifetime / 2);
        token_expiry = Clock::now() + lifetime - margin;
      }
    }
  }

  std::string bearer_locked() {
    if (uses_oauth()) {
      if (access_token.empty() || (token_expiry && Clock::now() >= *token_expiry)) fetch_token_locked();
      return access_token;
    }
    if (!options.token.empty()) return options.token;
    if (auto it = config.merged.find("token"); it != config.merged.end()) return it->second;
    return {};
  }

  // ---- Requests

  std::string url(const std::string& path) const {
    std::string u = base + "/v1/";
    if (!config.prefix.empty()) u += detail::url_encode(config.prefix) + "/";
    return u + path;
  }

  // Sends one request; `raw` = no JSON expected (HEAD). Returns the parsed
  // JSON body (null for 204/HEAD). On 401/419 with OAuth2: refresh the token
  // once and send again.
  std::pair<long, json::value> send(const Op& op, const std::string& method, const std::string& full_url,
                                    const std::string* body, Delegation delegation, bool head_ok_404 = false) {
    for (int attempt = 0;; ++attempt) {
      detail::HttpRequest req;
      req.method = method;
      req.url = full_url;
      std::string bearer;
      {
        std::lock_guard<std::mutex> lock(mutex);
        bearer = bearer_locked();
        req.headers = extra_headers;
      }
      if (!bearer.empty()) req.headers.push_back("Authorization: Bearer " + bearer);
      req.headers.push_back("Accept: application/json");
      if (delegation == Delegation::always || (delegation == Delegation::configured && options.vended_credentials))
        req.headers.push_back("X-Iceberg-Access-Delegation: vended-credentials");
      if (body != nullptr) {
        req.headers.push_back("Content-Type: application/json");
        req.body = *body;
        req.has_body = true;
      }
      detail::HttpResponse res;
      try {
        res = transport.perform(req);
      } catch (const detail::TransportError& e) {
        transport_failed(e, op, full_url);
      }
      log(method + " " + strip_query(full_url) + " " + std::to_string(res.status) + " " +
          std::to_string(static_cast<long>(res.seconds * 1e6)) + " us");
      if ((res.status == 401 || res.status == 419) && attempt == 0 && uses_oauth()) {
        std::lock_guard<std::mutex> lock(mutex);
        log("HTTP " + std::to_string(res.status) + ": refreshing the OAuth2 token once");
        fetch_token_locked();
        continue;
      }
      if (res.status == 204 || (method == "HEAD" && res.status < 300)) return {res.status, nullptr};
      if (head_ok_404 && res.status == 404) return {404, nullptr};
      if (res.status >= 200 && res.status < 300) {
        if (res.body.empty()) return {res.status, nullptr};
        try {
          return {res.status, detail::parse_json(res.body, op.identifier, op.name, 256)};
        } catch (Error& e) {
          ErrorInfo info = e.info();
          info.detail = "the catalog's response is not valid JSON (" + info.location + ")";
          info.location.clear();
          info.uri = strip_query(full_url);
          throw Error(std::move(info));
        }
      }
      http_failed(op, res, full_url, attempt > 0);
    }
  }

  [[noreturn]] void http_failed(const Op& op, const detail::HttpResponse& res, const std::string& full_url,
                                bool refreshed) const {
    ErrorInfo info;
    info.operation = op.name;
    info.identifier = op.identifier;
    info.http_status = static_cast<int>(res.status);
    info.principal = options.client_id;
    info.uri = strip_query(full_url);
    boost::system::error_code ec;
    json::value v = json::parse(res.body, ec);
    bool parsed = false;
    if (!ec && v.is_object()) {
      if (const json::value* e = v.get_object().if_contains("error"); e && e->is_object()) {
        const auto& eo = e->get_object();
        if (auto* t = eo.if_contains("type"); t && t->is_string()) info.catalog_type = std::string(t->get_string());
        if (auto* m = eo.if_contains("message"); m && m->is_string())
          info.catalog_message = redact(std::string(m->get_string()));
        parsed = true;
      }
    }
    if (!parsed) {
      std::string what = res.body.empty() ? std::string("an empty body")
                                          : "a non-JSON body (" + (res.content_type.empty() ? std::string("no content type") : res.content_type) + ")";
      info.detail = "the catalog answered with " + what;
      if (!res.body.empty()) {
        std::string ex = redact(excerpt(res.body));
        if (!ex.empty()) info.detail += ": " + ex;
      }
    }
    long s = res.status;
    if (s == 400) info.kind = ErrorKind::invalid_argument;
    else if (s == 401 || s == 419) {
      info.kind = ErrorKind::unauthorized;
      std::string d = refreshed ? "rejected again after a token refresh" : (uses_oauth() ? "" : "no OAuth2 client credentials to refresh with");
      if (!d.empty()) info.detail = info.detail.empty() ? d : info.detail + "; " + d;
    } else if (s == 403) {
      info.kind = ErrorKind::forbidden;
      std::string d = "the principal lacks the privilege";
      if (!op.ns.empty()) d += " on namespace '" + op.ns + "'";
      info.detail = info.detail.empty() ? d : info.detail + "; " + d;
    } else if (s == 404) info.kind = ErrorKind::not_found;
    else if (s == 406) info.kind = ErrorKind::unsupported;
    else if (s == 409) info.kind = op.is_create ? ErrorKind::already_exists : ErrorKind::conflict;
    else if (op.is_commit && (s == 500 || s == 502 || s == 504)) info.kind = ErrorKind::commit_state_unknown;
    else if (s >= 500) info.kind = ErrorKind::server;
    else info.kind = ErrorKind::server;
    throw Error(std::move(info));
  }

  // ---- Config

  void connect_locked_unlocked() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (connected) return;
      if (base.empty()) fail(ErrorKind::invalid_argument, Op{"connect", {}, {}, false, false}, "no catalog uri");
      for (const auto& [k, v] : options.headers) extra_headers.push_back(k + ": " + v);
      token_endpoint = !options.oauth2_server_uri.empty() ? options.oauth2_server_uri : std::string();
      if (token_endpoint.empty())
        if (auto it = options.properties.find("oauth2-server-uri"); it != options.properties.end()) token_endpoint = it->second;
      if (token_endpoint.empty()) token_endpoint = base + "/v1/oauth/tokens";
    }
    Op op{"get config", {}, {}, false, false};
    std::string u = base + "/v1/config";
    if (!options.warehouse.empty()) u += "?warehouse=" + detail::url_encode(options.warehouse);
    auto [status, body] = send(op, "GET", u, nullptr, Delegation::none);
    CatalogConfig cfg;
    Node root(body, "config", op.name);
    auto read_map = [&](std::string_view key, Properties& out) {
      if (auto n = root.find(key)) {
        for (const auto& kv : n->object()) out[std::string(kv.key())] = n->find(kv.key(), false)->string();
      }
    };
    if (body.is_null()) fail(ErrorKind::malformed, op, "GET /v1/config returned no body", static_cast<int>(status), u);
    try {
      read_map("defaults", cfg.defaults);
      read_map("overrides", cfg.overrides);
      if (auto e = root.find("endpoints")) {
        const auto& arr = e->array();
        for (size_t i = 0; i < arr.size(); ++i) cfg.endpoints.push_back(e->at(i).string());
      }
    } catch (Error& e) {
      ErrorInfo info = e.info();
      info.uri = u;
      throw Error(std::move(info));
    }
    cfg.merged = cfg.defaults;
    for (const auto& [k, v] : options.properties) cfg.merged[k] = v;
    for (const auto& [k, v] : cfg.overrides) cfg.merged[k] = v;
    if (auto it = cfg.merged.find("prefix"); it != cfg.merged.end()) cfg.prefix = it->second;
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = cfg.overrides.find("uri"); it != cfg.overrides.end() && !it->second.empty())
      base = trim_right_slash(it->second);
    if (options.oauth2_server_uri.empty()) {
      if (auto it = cfg.merged.find("oauth2-server-uri"); it != cfg.merged.end() && !it->second.empty())
        token_endpoint = it->second;
    }
    for (const auto& [k, v] : cfg.merged)
      if (k.rfind("header.", 0) == 0 && k.size() > 7 && v.find_first_of("\r\n") == std::string::npos)
        extra_headers.push_back(k.substr(7) + ": " + v);
    config = std::move(cfg);
    connected = true;
  }

  void ensure_connected() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (connected) return;
    }
    connect_locked_unlocked();
  }

  std::string ns_path(const Namespace& ns) const {
    std::string joined;
    for (size_t i = 0; i < ns.size(); ++i) {
      if (i) joined += '\x1f';
      joined += ns[i];
    }
    return detail::url_encode(joined);
  }

  void check_namespace(const Namespace& ns, const std::string& operation) const {
    Op op{operation, namespace_str(ns), namespace_str(ns), false, false};
    if (ns.empty()) fail(ErrorKind::invalid_argument, op, "the namespace is empty");
    for (const auto& p : ns)
      if (p.empty()) fail(ErrorKind::invalid_argument, op, "a namespace level is empty");
  }

  void check_table(const TableIdentifier& id, const std::string& operation) const {
    check_namespace(id.ns, operation);
    if (id.name.empty())
      fail(ErrorKind::invalid_argument, Op{operation, id.str(), namespace_str(id.ns), false, false},
           "the table name is empty");
  }

  std::string table_path(const TableIdentifier& id) const {
    return "namespaces/" + ns_path(id.ns) + "/tables/" + detail::url_encode(id.name);
  }

  LoadTableResult load_table(const TableIdentifier& id, Delegation delegation) {
    check_table(id, "load table");
    ensure_connected();
    Op op{"load table", id.str(), namespace_str(id.ns), false, false};
    std::string u = url(table_path(id));
    auto [status, v] = send(op, "GET", u, nullptr, delegation);
    return parse_load_result(op, id, v, u);
  }

  LoadTableResult parse_load_result(const Op& op, const TableIdentifier& id, json::value& body,
                                    const std::string& u) const {
    if (!body.is_object()) fail(ErrorKind::malformed, op, "the catalog returned no table", 0, strip_query(u));
    LoadTableResult r;
    r.identifier = id;
    Node root(body, op.identifier, op.name);
    try {
      if (auto ml = root.find("metadata-location")) r.metadata_location = ml->string();
      Node md = root.at("metadata");
      md.object();
      if (auto c = root.find("config"))
        for (const auto& kv : c->object()) r.config[std::string(kv.key())] = c->find(kv.key(), false)->string();
      if (auto sc = root.find("storage-credentials")) {
        const auto& arr = sc->array();
        for (size_t i = 0; i < arr.size(); ++i) {
          Node c = sc->at(i);
          StorageCredential cred;
          cred.prefix = c.at("prefix").string();
          Node cc = c.at("config");
          for (const auto& kv : cc.object()) cred.config[std::string(kv.key())] = cc.find(kv.key(), false)->string();
          r.storage_credentials.push_back(std::move(cred));
        }
      }
    } catch (Error& e) {
      ErrorInfo info = e.info();
      info.uri = strip_query(u);
      throw Error(std::move(info));
    }
    try {
      r.metadata = parse_table_metadata(body.get_object().at("metadata"), op.identifier);
    } catch (Error& e) {
      ErrorInfo info = e.info();
      info.operation = op.name;
      info.identifier = op.identifier;
      info.location = "/metadata" + (info.location == "/" ? std::string() : info.location);
      info.uri = strip_query(u);
      throw Error(std::move(info));
    }
    r.metadata_json = std::move(body.get_object().at("metadata").as_object());
    return r;
  }
};

RestCatalog::RestCatalog(ClientOptions options) : impl_(new Impl(std::move(options))) {}
RestCatalog::~RestCatalog() = default;

const CatalogConfig& RestCatalog::connect() {
  impl_->ensure_connected();
  return impl_->config;
}
const CatalogConfig& RestCatalog::config() { return connect(); }

std::string RestCatalog::base_uri() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->base;
}
const std::string& RestCatalog::principal() const { return impl_->options.client_id; }

NamespaceInfo RestCatalog::create_namespace(const Namespace& ns, const Properties& properties) {
  impl_->check_namespace(ns, "create namespace");
  impl_->ensure_connected();
  Op op{"create namespace", namespace_str(ns), namespace_str(ns), false, true};
  std::string body = json::serialize(json::object{{"namespace", namespace_json(ns)}, {"properties", properties_json(properties)}});
  std::string u = impl_->url("namespaces");
  auto [status, v] = impl_->send(op, "POST", u, &body, Delegation::none);
  NamespaceInfo info{ns, properties};
  if (v.is_object()) {
    Node root(v, op.identifier, op.name);
    if (auto p = root.find("properties")) {
      info.properties.clear();
      for (const auto& kv : p->object()) info.properties[std::string(kv.key())] = p->find(kv.key(), false)->string();
    }
  }
  return info;
}

Page<Namespace> RestCatalog::list_namespaces_page(const Namespace& parent, const std::string& page_token, int page_size) {
  impl_->ensure_connected();
  Op op{"list namespaces", parent.empty() ? std::string() : namespace_str(parent), namespace_str(parent), false, false};
  std::string u = impl_->url("namespaces") + "?pageToken=" + detail::url_encode(page_token);
  if (page_size > 0) u += "&pageSize=" + std::to_string(page_size);
  if (!parent.empty()) u += "&parent=" + impl_->ns_path(parent);
  auto [status, v] = impl_->send(op, "GET", u, nullptr, Delegation::none);
  Page<Namespace> page;
  Node root(v, op.identifier.empty() ? "namespaces" : op.identifier, op.name);
  try {
    Node list = root.at("namespaces");
    const auto& arr = list.array();
    for (size_t i = 0; i < arr.size(); ++i) {
      Node n = list.at(i);
      Namespace ns;
      const auto& parts = n.array();
      for (size_t j = 0; j < parts.size(); ++j) ns.push_back(n.at(j).string());
      page.items.push_back(std::move(ns));
    }
    if (auto t = root.find("next-page-token")) page.next_page_token = t->string();
  } catch (Error& e) {
    ErrorInfo info = e.info();
    info.uri = strip_query(u);
    throw Error(std::move(info));
  }
  return page;
}

namespace {

// Every page of a listing, in order: `fetch(token)` gives one page, `fail`
// throws. A catalog that pages past max_pages or repeats a page token (a
// loop) is malformed.
template <class T, class Fetch, class Fail>
std::vector<T> every_page(Fetch&& fetch, int max_pages, Fail&& fail) {
  std::vector<T> out;
  std::set<std::string> seen;
  std::string token;
  for (int i = 0;; ++i) {
    if (i >= max_pages) fail("more than " + std::to_string(max_pages) + " pages");
    Page<T> page = fetch(token);
    for (auto& item : page.items) out.push_back(std::move(item));
    if (page.next_page_token.empty()) return out;
    if (!seen.insert(page.next_page_token).second) fail("the catalog repeated a page token (a loop)");
    token = page.next_page_token;
  }
}

}  // namespace

std::vector<Namespace> RestCatalog::list_namespaces(const Namespace& parent, int page_size, int max_pages) {
  return every_page<Namespace>(
      [&](const std::string& token) { return list_namespaces_page(parent, token, page_size); }, max_pages,
      [&](const std::string& detail) {
        impl_->fail(ErrorKind::malformed, Op{"list namespaces", namespace_str(parent), {}, false, false}, detail);
      });
}

NamespaceInfo RestCatalog::load_namespace(const Namespace& ns) {
  impl_->check_namespace(ns, "load namespace");
  impl_->ensure_connected();
  Op op{"load namespace", namespace_str(ns), namespace_str(ns), false, false};
  std::string u = impl_->url("namespaces/" + impl_->ns_path(ns));
  auto [status, v] = impl_->send(op, "GET", u, nullptr, Delegation::none);
  NamespaceInfo info{ns, {}};
  Node root(v, op.identifier, op.name);
  if (auto p = root.find("properties"))
    for (const auto& kv : p->object()) info.properties[std::string(kv.key())] = p->find(kv.key(), false)->string();
  return info;
}

bool RestCatalog::namespace_exists(const Namespace& ns) {
  impl_->check_namespace(ns, "check namespace");
  impl_->ensure_connected();
  Op op{"check namespace", namespace_str(ns), namespace_str(ns), false, false};
  auto [status, v] = impl_->send(op, "HEAD", impl_->url("namespaces/" + impl_->ns_path(ns)), nullptr, Delegation::none, true);
  return status != 404;
}

NamespacePropertiesResult RestCatalog::update_namespace_properties(const Namespace& ns, const Properties& updates,
                                                                   const std::vector<std::string>& removals) {
  impl_->check_namespace(ns, "update namespace properties");
  impl_->ensure_connected();
  Op op{"update namespace properties", namespace_str(ns), namespace_str(ns), false, false};
  json::array rm;
  for (const auto& k : removals) rm.push_back(json::string(k));
  std::string body = json::serialize(json::object{{"updates", properties_json(updates)}, {"removals", std::move(rm)}});
  auto [status, v] = impl_->send(op, "POST", impl_->url("namespaces/" + impl_->ns_path(ns) + "/properties"), &body, Delegation::none);
  NamespacePropertiesResult r;
  if (v.is_object()) {
    Node root(v, op.identifier, op.name);
    auto read = [&](std::string_view key, std::vector<std::string>& out) {
      if (auto n = root.find(key)) {
        const auto& arr = n->array();
        for (size_t i = 0; i < arr.size(); ++i) out.push_back(n->at(i).string());
      }
    };
    read("updated", r.updated);
    read("removed", r.removed);
    read("missing", r.missing);
  }
  return r;
}

void RestCatalog::drop_namespace(const Namespace& ns) {
  impl_->check_namespace(ns, "drop namespace");
  impl_->ensure_connected();
  Op op{"drop namespace", namespace_str(ns), namespace_str(ns), false, false};
  impl_->send(op, "DELETE", impl_->url("namespaces/" + impl_->ns_path(ns)), nullptr, Delegation::none);
}

LoadTableResult RestCatalog::create_table(const Namespace& ns, const CreateTableRequest& request) {
  TableIdentifier id{ns, request.name};
  impl_->check_table(id, "create table");
  if (request.schema.fields.empty())
    impl_->fail(ErrorKind::invalid_argument, Op{"create table", id.str(), namespace_str(ns), false, true},
                "the schema has no fields");
  impl_->ensure_connected();
  Op op{"create table", id.str(), namespace_str(ns), false, true};
  json::object o{{"name", request.name}, {"schema", schema_json(request.schema)}};
  if (request.partition_spec) o["partition-spec"] = partition_spec_json(*request.partition_spec);
  if (request.write_order) o["write-order"] = sort_order_json(*request.write_order);
  if (!request.properties.empty()) o["properties"] = properties_json(request.properties);
  if (!request.location.empty()) o["location"] = request.location;
  std::string body = json::serialize(o);
  std::string u = impl_->url("namespaces/" + impl_->ns_path(ns) + "/tables");
  auto [status, v] = impl_->send(op, "POST", u, &body, Delegation::configured);
  return impl_->parse_load_result(op, id, v, u);
}

Page<TableIdentifier> RestCatalog::list_tables_page(const Namespace& ns, const std::string& page_token, int page_size) {
  impl_->check_namespace(ns, "list tables");
  impl_->ensure_connected();
  Op op{"list tables", namespace_str(ns), namespace_str(ns), false, false};
  std::string u = impl_->url("namespaces/" + impl_->ns_path(ns) + "/tables") + "?pageToken=" + detail::url_encode(page_token);
  if (page_size > 0) u += "&pageSize=" + std::to_string(page_size);
  auto [status, v] = impl_->send(op, "GET", u, nullptr, Delegation::none);
  Page<TableIdentifier> page;
  Node root(v, op.identifier, op.name);
  try {
    Node list = root.at("identifiers");
    const auto& arr = list.array();
    for (size_t i = 0; i < arr.size(); ++i) {
      Node n = list.at(i);
      TableIdentifier id;
      Node nsn = n.at("namespace");
      const auto& parts = nsn.array();
      for (size_t j = 0; j < parts.size(); ++j) id.ns.push_back(nsn.at(j).string());
      id.name = n.at("name").string();
      page.items.push_back(std::move(id));
    }
    if (auto t = root.find("next-page-token")) page.next_page_token = t->string();
  } catch (Error& e) {
    ErrorInfo info = e.info();
    info.uri = strip_query(u);
    throw Error(std::move(info));
  }
  return page;
}

std::vector<TableIdentifier> RestCatalog::list_tables(const Namespace& ns, int page_size, int max_pages) {
  return every_page<TableIdentifier>(
      [&](const std::string& token) { return list_tables_page(ns, token, page_size); }, max_pages,
      [&](const std::string& detail) {
        impl_->fail(ErrorKind::malformed, Op{"list tables", namespace_str(ns), {}, false, false}, detail);
      });
}

LoadTableResult RestCatalog::load_table(const TableIdentifier& id) { return impl_->load_table(id, Delegation::configured); }

LoadTableResult RestCatalog::load_table_with_credentials(const TableIdentifier& id) {
  return impl_->load_table(id, Delegation::always);
}

bool RestCatalog::table_exists(const TableIdentifier& id) {
  impl_->check_table(id, "check table");
  impl_->ensure_connected();
  Op op{"check table", id.str(), namespace_str(id.ns), false, false};
  auto [status, v] = impl_->send(op, "HEAD", impl_->url(impl_->table_path(id)), nullptr, Delegation::none, true);
  return status != 404;
}

void RestCatalog::drop_table(const TableIdentifier& id, bool purge) {
  impl_->check_table(id, "drop table");
  impl_->ensure_connected();
  Op op{"drop table", id.str(), namespace_str(id.ns), false, false};
  impl_->send(op, "DELETE", impl_->url(impl_->table_path(id)) + (purge ? "?purgeRequested=true" : "?purgeRequested=false"),
              nullptr, Delegation::none);
}

void RestCatalog::rename_table(const TableIdentifier& from, const TableIdentifier& to) {
  impl_->check_table(from, "rename table");
  impl_->check_table(to, "rename table");
  impl_->ensure_connected();
  Op op{"rename table", from.str() + " to " + to.str(), namespace_str(from.ns), false, true};
  std::string body = json::serialize(json::object{{"source", identifier_json(from)}, {"destination", identifier_json(to)}});
  impl_->send(op, "POST", impl_->url("tables/rename"), &body, Delegation::none);
}

CommitResult RestCatalog::commit_table(const TableIdentifier& id, const CommitRequest& request) {
  impl_->check_table(id, "commit");
  impl_->ensure_connected();
  Op op{"commit", id.str(), namespace_str(id.ns), true, false};
  std::string body = json::serialize(json::object{
      {"identifier", identifier_json(id)}, {"requirements", request.requirements}, {"updates", request.updates}});
  std::string u = impl_->url(impl_->table_path(id));
  auto [status, v] = impl_->send(op, "POST", u, &body, Delegation::none);
  CommitResult r;
  if (!v.is_object()) impl_->fail(ErrorKind::malformed, op, "the commit response has no body", static_cast<int>(status), u);
  Node root(v, op.identifier, op.name);
  try {
    r.metadata_location = root.at("metadata-location").string();
    root.at("metadata").object();
    r.metadata = parse_table_metadata(v.get_object().at("metadata"), op.identifier);
  } catch (Error& e) {
    ErrorInfo info = e.info();
    info.operation = op.name;
    info.identifier = op.identifier;
    if (info.location.rfind("/metadata", 0) != 0 && info.location != "/")
      info.location = "/metadata" + info.location;
    info.uri = strip_query(u);
    throw Error(std::move(info));
  }
  return r;
}

void RestCatalog::commit_transaction(const std::vector<TableChange>& changes) {
  json::array table_changes;
  std::string names;
  for (const auto& change : changes) {
    impl_->check_table(change.id, "commit transaction");
    table_changes.push_back(json::object{{"identifier", identifier_json(change.id)},
                                         {"requirements", change.commit.requirements},
                                         {"updates", change.commit.updates}});
    names += (names.empty() ? "" : ", ") + change.id.str();
  }
  if (changes.empty()) return;
  impl_->ensure_connected();
  Op op{"commit transaction", names, namespace_str(changes.front().id.ns), true, false};
  std::string body = json::serialize(json::object{{"table-changes", std::move(table_changes)}});
  impl_->send(op, "POST", impl_->url("transactions/commit"), &body, Delegation::none);
}

bool RestCatalog::offers_transactions() {
  const auto& endpoints = config().endpoints;
  return std::find(endpoints.begin(), endpoints.end(), "POST /v1/{prefix}/transactions/commit") != endpoints.end();
}

CommitResult RestCatalog::commit_table(const TableIdentifier& id, const CommitPlanner& planner) {
  const int max_attempts = std::max(1, impl_->options.commit_attempts);
  for (int attempt = 1;; ++attempt) {
    LoadTableResult current = load_table(id);
    std::optional<CommitRequest> request = planner(current);
    if (!request) {
      CommitResult r;
      r.metadata_location = current.metadata_location.value_or("");
      r.metadata = std::move(current.metadata);
      r.attempts = attempt - 1;
      return r;
    }
    try {
      CommitResult r = commit_table(id, *request);
      r.attempts = attempt;
      return r;
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::conflict) throw;
      if (attempt >= max_attempts) {
        ErrorInfo info = e.info();
        info.detail = "gave up after " + std::to_string(attempt) + " attempts, each re-planned against the reloaded table";
        throw Error(std::move(info));
      }
      impl_->log("commit " + id.str() + ": HTTP 409 (another writer committed first): reloading and re-planning, attempt " +
                 std::to_string(attempt + 1) + " of " + std::to_string(max_attempts));
    }
  }
}

}  // namespace floe::iceberg
