// The two-tier format of the architecture deep-dive (a `platform.yaml` with
// infrastructure/security/storage/observability sections, and a `floe.yaml`
// with top-level name/version, profiles, project-based transforms and a
// schedules list), normalised into floe's current model before validation.
// Each construct is reported as a FLOE-C090 note naming its new spelling, or
// saying that floe has no equivalent (the value is then dropped: lossy).
// Secrets stay references: a credential block keeps its mode as config and
// its secret references under the selection's `secrets`; a literal secret is
// left where the rules refuse it (FLOE-C205). Values keep their source
// locations under their new paths.
#pragma once

#include <boost/json/value.hpp>

#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

// No apiVersion/kind, a top-level `version`, and one of infrastructure,
// security, storage, compute, catalogs or observability.otlp_endpoint.
bool is_two_tier_platform(const boost::json::value& root);

// No apiVersion, not a two-tier platform, and a top-level name/version,
// profiles or schedules, or a transform naming a dbt `project`.
bool is_two_tier_product(const boost::json::value& root);

// version -> metadata.version (metadata.name from the file's directory);
// storage.default / catalogs.default / compute.default -> plugins.storage /
// catalog / compute; security.authentication.<method> -> plugins.identity;
// security.secret_backends.primary -> plugins.secrets;
// observability.otlp_endpoint -> observability.traces.endpoint;
// infrastructure and other named entries: dropped with a note.
void translate_two_tier_manifest(LocatedDocument& doc, Diagnostics& diags);

// name/version -> metadata; no platform -> platform.ref: platform.yaml;
// profiles: dropped with a note; {name, type, project, models: [{path}]}
// -> {name, type: dbt, path: <project dir>/<models dir>}; schedules[0] ->
// schedule. Reads the product directory to find the dbt project `project`
// names.
void translate_two_tier_product(LocatedDocument& doc, Diagnostics& diags);

// Shared by both: apiVersion/kind added in front, and the top-level `key`
// (name, version) moved under metadata (FLOE-C108 when metadata has another
// value). Returns false when the document is not a mapping.
bool add_two_tier_header(LocatedDocument& doc, Diagnostics& diags, const char* kind);
void move_to_two_tier_metadata(LocatedDocument& doc, Diagnostics& diags, const char* key);

}  // namespace floe
