#include "oci/registry_auth.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <boost/json.hpp>
#include <algorithm>
#include <sstream>

#include "core/base64.hpp"

namespace floe::oci {
Scopes Scopes::repository(const std::string& name, std::set<std::string> actions) {
  Scopes s;
  s.add("repository:" + name, actions);
  return s;
}

Scopes& Scopes::add(const std::string& resource, const std::set<std::string>& actions) {
  by_resource_[resource].insert(actions.begin(), actions.end());
  return *this;
}

Scopes& Scopes::merge(const std::string& scope_param) {
  std::istringstream in(scope_param);
  for (std::string one; in >> one;) {
    auto colon = one.rfind(':');
    if (colon == std::string::npos || colon == 0) continue;
    std::set<std::string> actions;
    std::istringstream acts(one.substr(colon + 1));
    for (std::string a; std::getline(acts, a, ',');)
      if (!a.empty()) actions.insert(a);
    add(one.substr(0, colon), actions);
  }
  return *this;
}

std::vector<std::string> Scopes::strings() const {
  std::vector<std::string> out;
  for (const auto& [resource, actions] : by_resource_)
    out.push_back(resource + ":" + fmt::format("{}", fmt::join(actions, ",")));
  return out;
}

std::string Scopes::key() const { return fmt::format("{}", fmt::join(strings(), " ")); }

RegistryAuth::RegistryAuth(std::string host, HttpTransport& http, CredentialQuery query)
    : host_(std::move(host)), http_(http), query_(std::move(query)) {}

Result<Ok> RegistryAuth::load_credential() {
  if (credential_) return Ok{};
  auto c = find_credentials(query_);
  if (!c) return std::move(c).error();
  credential_ = std::move(c).value();
  return Ok{};
}

std::optional<std::string> RegistryAuth::authorization(const Scopes& scopes) const {
  using Kind = Credential::Kind;
  if (credential_->kind == Kind::registry_token) return "Authorization: Bearer " + credential_->secret;
  if (mode_ == Mode::basic && credential_->kind == Kind::basic)
    return "Authorization: Basic " + base64_encode(credential_->username + ":" + credential_->secret);
  if (mode_ == Mode::bearer)
    if (auto it = tokens_.find(scopes.key()); it != tokens_.end()) return "Authorization: Bearer " + it->second;
  return std::nullopt;
}

Result<HttpResponse> RegistryAuth::send(const HttpRequest& request, const Scopes& scopes, BodySink* sink) {
  if (auto c = load_credential(); !c) return std::move(c).error();
  Scopes want = scopes;
  bool widened = false, refetched = false;
  while (true) {
    // Once the host is known to use tokens, get one before sending, so a
    // large body is not sent just to be refused.
    if (mode_ == Mode::bearer && credential_->kind != Credential::Kind::registry_token &&
        !tokens_.count(want.key())) {
      auto t = fetch_token(want);
      if (!t) return std::move(t).error();
      tokens_[want.key()] = std::move(t).value();
    }
    HttpRequest r = request;
    auto auth = authorization(want);
    if (auth) r.headers.push_back(*auth);
    auto resp = http_.send(r, sink);
    if (!resp || resp->status != 401) return resp;

    std::optional<AuthChallenge> basic, bearer;
    for (const auto& h : resp->header_values("WWW-Authenticate"))
      for (auto& c : parse_www_authenticate(h)) {
        if (c.scheme == "bearer" && !bearer) bearer = c;
        if (c.scheme == "basic" && !basic) basic = c;
      }
    if (bearer && credential_->kind != Credential::Kind::registry_token) {
      std::string error = bearer->param("error");
      if (auth && mode_ == Mode::bearer) {
        // Our token was refused: widen once for missing actions, refetch
        // once for an expired/invalid token, then give up.
        if (error == "insufficient_scope") {
          if (widened) return denied(want);
          widened = true;
        } else {
          if (refetched) return rejected(401);
          refetched = true;
        }
        tokens_.erase(want.key());
      }
      mode_ = Mode::bearer;
      bearer_ = *bearer;
      want.merge(bearer->param("scope"));
      continue;
    }
    if (basic) {
      if (credential_->kind != Credential::Kind::basic) return missing_credentials();
      if (mode_ == Mode::basic) return rejected(401);
      mode_ = Mode::basic;
      continue;
    }
    if (auth) return rejected(401);
    return missing_credentials();
  }
}

Result<std::string> RegistryAuth::fetch_token(const Scopes& scopes) {
  std::string realm = bearer_.param("realm"), service = bearer_.param("service");
  if (realm.rfind("https://", 0) != 0 && realm.rfind("http://", 0) != 0)
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("registry {} asked for a token from realm \"{}\", which is not an http(s) URL",
                                  host_, realm));
  HttpRequest r;
  using Kind = Credential::Kind;
  if (credential_->kind == Kind::refresh_token) {
    // OAuth2 refresh-token grant, as docker and oras-go send it.
    r.method = "POST";
    r.url = realm;
    r.headers.push_back("Content-Type: application/x-www-form-urlencoded");
    r.body = "grant_type=refresh_token&refresh_token=" + url_escape(credential_->secret) +
             "&service=" + url_escape(service) + "&client_id=floe";
    if (!scopes.strings().empty()) r.body += "&scope=" + url_escape(scopes.key());
  } else {
    r.url = realm + (realm.find('?') == std::string::npos ? "?" : "&") + "service=" + url_escape(service);
    for (const auto& s : scopes.strings()) r.url += "&scope=" + url_escape(s);
    if (credential_->kind == Kind::basic)
      r.headers.push_back("Authorization: Basic " + base64_encode(credential_->username + ":" + credential_->secret));
  }
  auto resp = http_.send(r);
  if (!resp) return std::move(resp).error();
  if (resp->status == 401 || resp->status == 403) {
    if (credential_->kind == Kind::anonymous) return missing_credentials();
    return rejected(resp->status);
  }
  if (resp->status != 200)
    return make_error(resp->status >= 500 ? FLOE_ERR_UNAVAILABLE : FLOE_ERR_UNAUTHORIZED,
                      fmt::format("the token service of registry {} ({}) answered {}: {}", host_, url_authority(realm),
                                  resp->status, describe_error_body(*resp)));
  boost::json::error_code ec;
  auto v = boost::json::parse(resp->body, ec);
  if (!ec && v.is_object())
    for (const char* key : {"token", "access_token"})
      if (const auto* t = v.as_object().if_contains(key); t && t->is_string() && !t->as_string().empty()) {
        // It goes into an Authorization header: a CR or LF would inject
        // headers into every later request.
        if (!std::all_of(t->as_string().begin(), t->as_string().end(), [](char c) { return c > 0x20 && c < 0x7f; }))
          return make_error(FLOE_ERR_INVALID_ARGUMENT,
                            fmt::format("the token service of registry {} answered a token with characters a header "
                                        "cannot carry (control characters, spaces or non-ASCII); refused",
                                        host_));
        return std::string(t->as_string());
      }
  return make_error(FLOE_ERR_INVALID_ARGUMENT,
                    fmt::format("the token service of registry {} answered without a token", host_));
}

Error RegistryAuth::rejected(long status) const {
  if (credential_->kind == Credential::Kind::anonymous) return missing_credentials();
  return make_error(FLOE_ERR_UNAUTHORIZED,
                    fmt::format("registry {} rejected the credentials from {} ({} {}); check them or run docker login",
                                host_, credential_->source, status, status == 403 ? "FORBIDDEN" : "UNAUTHORIZED"),
                    {{"registry", host_}, {"credential_source", credential_->source}});
}

Error RegistryAuth::missing_credentials() const {
  return make_error(FLOE_ERR_UNAUTHORIZED,
                    fmt::format("registry {} requires credentials and none were found; set "
                                "FLOE_REGISTRY_USERNAME/FLOE_REGISTRY_PASSWORD (or FLOE_REGISTRY_TOKEN) or run "
                                "docker login {}",
                                host_, host_),
                    {{"registry", host_}, {"credential_source", "anonymous"}});
}

Error RegistryAuth::denied(const Scopes& scopes) const {
  bool anonymous = credential_->kind == Credential::Kind::anonymous;
  std::string who = anonymous ? "anonymous access" : "the credentials from " + credential_->source;
  return make_error(FLOE_ERR_UNAUTHORIZED,
                    fmt::format("registry {} does not grant {} to {}; {}", host_, scopes.key(), who,
                                anonymous ? "log in (docker login, or FLOE_REGISTRY_USERNAME/PASSWORD) to push"
                                          : "ask for access to the repository"),
                    {{"registry", host_}, {"credential_source", anonymous ? "anonymous" : credential_->source}});
}

}  // namespace floe::oci
