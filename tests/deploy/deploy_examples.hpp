// What the deploy tests share: the examples they deploy, and the error
// codes of a report.
#pragma once

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace floe::test {

inline const std::string kSource = FLOE_TEST_SOURCE_DIR;
inline const std::string kEnterprise = kSource + "/examples/enterprise/manifest.yaml";
inline const std::string kCustomer360 = kSource + "/examples/customer-360/floe.yaml";
inline const std::string kCampaigns = kSource + "/examples/campaign-analytics/floe.yaml";
inline const std::string kTwoTier = kSource + "/examples/platform/manifest.yaml";
inline const std::string kTwoTierProduct = kSource + "/examples/platform/tests/compliant-product/floe.yaml";

// The codes of the report's errors, in order.
inline std::vector<std::string> error_codes(const boost::json::value& report) {
  std::vector<std::string> out;
  for (const auto& d : report.at("diagnostics").as_array())
    if (d.at("severity") == "error") out.emplace_back(d.at("code").as_string());
  return out;
}

}  // namespace floe::test
