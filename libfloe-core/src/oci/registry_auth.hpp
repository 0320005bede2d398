// The registry auth state machine (docker token spec, as oras-go runs it):
// send anonymously (or with Basic once the host is known to want Basic); on
// a 401 read the challenge; Basic -> resend with the user and password;
// Bearer -> get a token from the realm for the sorted scope set (with Basic
// credentials, a refresh-token grant, or anonymously), cache it per scope
// set and resend; insufficient_scope -> ask once for the wider scopes;
// invalid_token -> refetch once. Anything else is FLOE_ERR_UNAUTHORIZED with
// a message naming the registry and the credential source, never a secret.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "base/result.hpp"
#include "oci/auth_challenge.hpp"
#include "oci/credentials.hpp"
#include "oci/http_transport.hpp"

namespace floe::oci {

// Token scopes ("repository:acme/platform:pull,push"), actions sorted so the
// same set always gives the same cache key (2.8.2 hints them in any order).
class Scopes {
 public:
  Scopes() = default;
  // repository:<name>:<actions>, e.g. Scopes::repository("acme/x", {"pull"}).
  static Scopes repository(const std::string& name, std::set<std::string> actions);
  Scopes& add(const std::string& resource, const std::set<std::string>& actions);
  // Adds the space-separated scopes of a challenge's scope parameter.
  Scopes& merge(const std::string& scope_param);
  std::vector<std::string> strings() const;  // sorted
  std::string key() const;                   // strings joined by ' '

 private:
  std::map<std::string, std::set<std::string>> by_resource_;  // "repository:acme/x" -> actions
};

class RegistryAuth {
 public:
  RegistryAuth(std::string host, HttpTransport& http, CredentialQuery query);

  // Sends `request`, authenticating as the registry asks. Any status other
  // than a 401 we cannot get past comes back as a response.
  Result<HttpResponse> send(const HttpRequest& request, const Scopes& scopes, BodySink* sink = nullptr);

 private:
  enum class Mode { unknown, basic, bearer };
  Result<Ok> load_credential();
  std::optional<std::string> authorization(const Scopes& scopes) const;
  Result<std::string> fetch_token(const Scopes& scopes);
  Error rejected(long status) const;
  Error missing_credentials() const;
  Error denied(const Scopes& scopes) const;

  std::string host_;
  HttpTransport& http_;
  CredentialQuery query_;
  std::optional<Credential> credential_;
  Mode mode_ = Mode::unknown;
  AuthChallenge bearer_;                       // the last Bearer challenge (realm, service)
  std::map<std::string, std::string> tokens_;  // Scopes::key() -> token
};

}  // namespace floe::oci
