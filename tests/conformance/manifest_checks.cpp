#include "manifest_checks.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "categories.hpp"

namespace floe::conformance {

namespace json = boost::json;

namespace {

json::value tokens(const char* const* list) {
  json::array out;
  for (size_t i = 0; list != nullptr && list[i] != nullptr && i < 256; ++i) out.emplace_back(list[i]);
  return out;
}

// Token lists are sets: order does not matter, content does.
json::value sorted(json::value v) {
  if (v.is_array()) {
    auto& a = v.get_array();
    std::sort(a.begin(), a.end(), [](const json::value& x, const json::value& y) {
      return json::serialize(x) < json::serialize(y);
    });
  }
  return v;
}

}  // namespace

void check_manifest_matches(Report& report, const json::object& manifest, const floe_plugin_descriptor& d) {
  const Category* category = category_by_id(d.category);
  const std::pair<const char*, json::value> fields[] = {
      {"name", json::value(d.name != nullptr ? d.name : "")},
      {"category", json::value(category != nullptr ? category->name : "")},
      {"version", json::value(d.version != nullptr ? d.version : "")},
      {"abi_version", json::value(version_text(d.abi_version))},
      {"description", json::value(d.description != nullptr ? d.description : "")},
      {"capabilities", tokens(d.capabilities)},
      {"requirements", tokens(d.requirements)},
  };
  for (const auto& [field, from_descriptor] : fields) {
    const json::value* in_manifest = manifest.if_contains(field);
    json::value said = in_manifest != nullptr ? *in_manifest : json::value(nullptr);
    report.check(sorted(said) == sorted(from_descriptor), std::string("manifest.") + field,
                 "the manifest and the descriptor both say " + json::serialize(from_descriptor),
                 "the manifest says " + json::serialize(said) + " but the loaded descriptor says " +
                     json::serialize(from_descriptor) + " (write the manifest with `floe plugins manifest`)");
  }
}

}  // namespace floe::conformance
