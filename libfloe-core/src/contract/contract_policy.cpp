#include "contract/contract_policy.hpp"

#include <boost/json.hpp>

#include "contract/sla_values.hpp"
#include "core/json_path.hpp"
#include "enforce/enforce_detail.hpp"

namespace floe {
namespace {

namespace json = boost::json;

SourceLocation where_of(const ResolvedPlatform& p, const std::string& path) {
  const Provenance* origin = p.origin_of(path);
  return origin != nullptr ? origin->where : SourceLocation{};
}

}  // namespace

std::string ContractPolicy::classification_of(const std::string& column, const ClassificationRule** rule) const {
  for (const auto& r : classification)
    if (enforce::glob_match(r.pattern, column)) {
      if (rule != nullptr) *rule = &r;
      return r.classification;
    }
  return {};
}

ContractPolicy contract_policy_of(const ResolvedPlatform& platform) {
  ContractPolicy out;
  out.level = platform.policy.level;
  const json::value values(platform.values);
  out.pii_encryption_required = string_at(values, {"governance", "pii_encryption"}) == "required";
  out.pii_where = where_of(platform, "governance.pii_encryption");
  if (const json::value* rules = find_path(values, {"governance", "classification", "columns"}); rules && rules->is_array())
    for (std::size_t i = 0; i < rules->as_array().size(); ++i) {
      const json::value& r = rules->as_array()[i];
      out.classification.push_back({string_at(r, {"pattern"}), string_at(r, {"classification"}),
                                    where_of(platform, index_path("governance.classification.columns", i))});
    }
  out.min_freshness = string_at(values, {"governance", "data_contracts", "min_freshness"});
  if (!out.min_freshness.empty()) {
    out.min_freshness_seconds = duration_seconds(out.min_freshness);
    out.min_freshness_where = where_of(platform, "governance.data_contracts.min_freshness");
  }
  if (const json::value* a = find_path(values, {"governance", "data_contracts", "max_availability"}); a && a->is_number()) {
    out.max_availability = a->to_number<double>();
    out.max_availability_where = where_of(platform, "governance.data_contracts.max_availability");
  }
  if (const json::value* c = find_path(values, {"governance", "data_contracts", "allowed_consumers"}); c && c->is_array()) {
    for (const auto& d : c->as_array())
      if (d.is_string()) out.allowed_consumers.emplace_back(d.as_string());
    out.allowed_consumers_where = where_of(platform, "governance.data_contracts.allowed_consumers");
  }
  return out;
}

}  // namespace floe
