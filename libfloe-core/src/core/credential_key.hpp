// Which configuration keys name a credential: one judgement for the
// manifest's check (FLOE-C205), the scan of compiled output (FLOE-S501) and
// what `floe explain` shows, so that a key one of them calls a secret is a
// secret to all of them.
#pragma once

#include <string_view>

namespace floe {

// Whether a literal value under `key` is a credential. The key's last word
// decides (case-insensitive; '-', '.' and camelCase boundaries count as
// '_'): password, passwd, passphrase, pass, pwd, secret(s), token,
// credential(s), and compounds such as api_key, private_key, access_key,
// client_secret, account_key, sas_token, connection_string. So `pass`,
// `client-secret`, `clientSecret` and Iceberg's `credential` are
// credentials, and `token_endpoint` or `secret_store` are not.
bool is_credential_key(std::string_view key);

// Whether `key` holds a credential map, every literal of which but an
// identity is a secret: credential(s) as its last word (`credentials: {user:
// x, key: ...}`). Not `secrets`: dbt-duckdb's secrets are definitions whose
// provider, scope and url_style are plain settings.
bool is_credential_map_key(std::string_view key);

// Keys that say who or where, not what proves it: below a credential map
// (`credentials: {user: analyst, pass: ...}`) their values are not secrets,
// every other literal is.
bool is_identity_key(std::string_view key);

}  // namespace floe
