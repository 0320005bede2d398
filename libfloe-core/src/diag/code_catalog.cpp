// The table behind describe_code(): every code of the issue-3 contract.
#include "diag/code_catalog.hpp"

#include <string_view>
#include <unordered_map>

namespace floe {

const CodeInfo* describe_code(const std::string& code) {
  static const std::unordered_map<std::string_view, CodeInfo> table{
      {"FLOE-C001", {"FileUnreadable", "A file is missing or cannot be read."}},
      {"FLOE-C002", {"YamlSyntaxError", "A YAML file has a syntax error."}},
      {"FLOE-C003", {"WrongApiVersionOrKind", "A document has the wrong apiVersion or kind."}},
      {"FLOE-C004", {"EmptyDocument", "A document is empty."}},
      {"FLOE-C005", {"DuplicateKey", "A mapping has the same key twice."}},
      {"FLOE-C090", {"FormatTranslated", "A key in an older or shorter spelling (Python alpha, seed shorthand, two-tier format) was translated to the current format, or has no equivalent."}},
      {"FLOE-C101", {"UnknownKey", "A key is not part of the schema."}},
      {"FLOE-C102", {"MissingRequiredKey", "A required key is missing."}},
      {"FLOE-C103", {"WrongType", "A value has the wrong type."}},
      {"FLOE-C104", {"ValueNotAllowed", "A value is not one of the allowed values."}},
      {"FLOE-C105", {"PatternMismatch", "A value does not match its required pattern or format."}},
      {"FLOE-C106", {"NumberOutOfRange", "A number is outside its allowed range."}},
      {"FLOE-C107", {"WrongItemCount", "A list has too few or too many items, or duplicates."}},
      {"FLOE-C108", {"ConflictingSpellings", "One field is given in two spellings with different values."}},
      {"FLOE-C201", {"ParentOnNonDomain", "parent_manifest is set on a manifest that is not a domain."}},
      {"FLOE-C202", {"DomainWithoutParent", "A domain manifest has no parent_manifest."}},
      {"FLOE-C203", {"ApprovedPluginsOutsideEnterprise", "approved_plugins is set outside an enterprise manifest."}},
      {"FLOE-C204", {"ApprovedProductsOutsideDomain", "approved_products is set outside a domain manifest."}},
      {"FLOE-C205", {"SecretValueInManifest", "A secret value is written in the manifest instead of a secret reference."}},
      {"FLOE-C206", {"InvalidNamingPattern", "A custom naming pattern is not a valid or safe regular expression."}},
      {"FLOE-C207", {"CustomPatternWithoutPatterns", "Naming pattern custom has no custom_patterns."}},
      {"FLOE-C208", {"EndpointNotHttp", "An endpoint is not an http(s) URL."}},
      {"FLOE-C209", {"InvalidOverrideDate", "A policy override's expires is not a valid date."}},
      {"FLOE-C210", {"RetentionBoundsInverted", "data_retention_bounds has min_days above max_days."}},
      {"FLOE-C212", {"EnvironmentSpecificKey", "A manifest has an environment-specific key."}},
      {"FLOE-C213", {"InvalidPluginApproval", "approved_plugins names an unknown category or a plugin twice."}},
      {"FLOE-C214", {"OverrideWithoutReason", "A policy override has no reason."}},
      {"FLOE-C301", {"CredentialInProduct", "A data product file holds an endpoint or credential."}},
      {"FLOE-C302", {"InvalidCron", "A schedule's cron expression is invalid."}},
      {"FLOE-C303", {"UnknownTimezone", "A schedule's timezone is not a known IANA name."}},
      {"FLOE-C304", {"DuplicateName", "Two sources or ports have the same name."}},
      {"FLOE-C305", {"UnsupportedTransform", "A transform type is not supported."}},
      {"FLOE-C306", {"MergeWithoutKeys", "A merge write_mode has no merge_keys."}},
      {"FLOE-C307", {"InvalidFreshness", "An SLA freshness is not an ISO-8601 duration."}},
      {"FLOE-I401", {"ReferenceNotFound", "A parent or platform reference cannot be found."}},
      {"FLOE-I402", {"ReferenceCycle", "Manifest references form a cycle."}},
      {"FLOE-I403", {"ParentNotEnterprise", "A domain's parent is not an enterprise manifest."}},
      {"FLOE-I404", {"PluginNotApproved", "A plugin is not in the enterprise's approved list."}},
      {"FLOE-I405", {"EnterpriseFieldRedefined", "An enterprise-only field is redefined below the enterprise."}},
      {"FLOE-I406", {"SecurityPolicyWeakened", "A security policy is weaker than its parent's."}},
      {"FLOE-I407", {"GovernancePolicyWeakened", "A governance policy is weaker than its parent's."}},
      {"FLOE-I408", {"RetentionOutsideBounds", "Data retention is outside the enterprise bounds."}},
      {"FLOE-I409", {"ProductNotApproved", "The product is not approved by its domain."}},
      {"FLOE-I410", {"ProductReferencesEnterprise", "A product references an enterprise manifest directly."}},
      {"FLOE-E201", {"NamingConventionViolation", "Model name does not follow the naming convention."}},
      {"FLOE-E210", {"TestCoverageInsufficient", "Model test coverage is below the minimum."}},
      {"FLOE-E211", {"LayerTestCoverageInsufficient", "Model test coverage is below its layer's threshold."}},
      {"FLOE-E212", {"RequiredTestsMissing", "Model lacks test types its layer requires."}},
      {"FLOE-E220", {"MissingModelDescription", "Model has no description."}},
      {"FLOE-E221", {"MissingColumnDescription", "Column has no description."}},
      {"FLOE-E222", {"PlaceholderDescription", "Description is a placeholder."}},
      {"FLOE-E301", {"InvalidModelReference", "ref() names a model the project does not have."}},
      {"FLOE-E302", {"CircularDependency", "Models ref() each other in a cycle."}},
      {"FLOE-E303", {"UndeclaredSource", "source() names a source table no .yml declares."}},
      {"FLOE-E400", {"MissingRequiredTags", "Model lacks tags a custom rule requires."}},
      {"FLOE-E401", {"MissingMetaField", "Model lacks a meta field a custom rule requires."}},
      {"FLOE-E402", {"MissingTestTypes", "Model has too few columns with the test types a custom rule requires."}},
      {"FLOE-E403", {"ForbiddenMaterialization", "Model uses a materialization a custom rule forbids."}},
      {"FLOE-E410", {"PolicyOverrideExpired", "A policy override has expired; the findings it covered apply again."}},
      {"FLOE-S501", {"CredentialInOutput", "Compiled output would contain a credential-looking value."}},
      {"FLOE-P601", {"PluginNotInstalled", "A selected plugin is not installed."}},
      {"FLOE-P602", {"PluginCallFailed", "A plugin call failed."}},
  };
  auto it = table.find(code);
  return it == table.end() ? nullptr : &it->second;
}

}  // namespace floe
