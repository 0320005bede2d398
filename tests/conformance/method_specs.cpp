#include "method_specs.hpp"

namespace floe::conformance {
namespace {

const std::vector<MethodSpec>& all_specs() {
  static const std::vector<MethodSpec> specs = {
#include "method_specs.inc"
  };
  return specs;
}

}  // namespace

const MethodSpec* method_spec(std::string_view category, std::string_view method) {
  for (const auto& s : all_specs())
    if (category == s.category && method == s.method) return &s;
  return nullptr;
}

std::string kinds_text(unsigned kinds) {
  if (kinds == kAnyKind) return "any JSON value";
  static const std::pair<JsonKind, const char*> names[] = {{kString, "a string"},   {kInteger, "an integer"},
                                                           {kNumber, "a number"},   {kBoolean, "a boolean"},
                                                           {kObject, "an object"}, {kArray, "an array"}};
  std::string out;
  for (const auto& [bit, name] : names)
    if ((kinds & bit) != 0) out += (out.empty() ? "" : " or ") + std::string(name);
  return out;
}

}  // namespace floe::conformance
