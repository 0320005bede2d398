// The table behind describe_code(), built from codes.def.
#include "diag/code_catalog.hpp"

#include <iterator>
#include <unordered_map>

namespace floe {
namespace {

constexpr CodeInfo kCodes[] = {
#define FLOE_CODE(id, rule, outcome, severity_class, description, document) \
  {"FLOE-" #id, #rule, Outcome::outcome, SeverityClass::severity_class, description, document},
#include "diag/codes.def"
#undef FLOE_CODE
};

}  // namespace

const CodeInfo* code_table_begin() { return std::begin(kCodes); }
const CodeInfo* code_table_end() { return std::end(kCodes); }

const CodeInfo* describe_code(std::string_view code) {
  static const std::unordered_map<std::string_view, const CodeInfo*> index = [] {
    std::unordered_map<std::string_view, const CodeInfo*> m;
    for (const CodeInfo& c : kCodes) m.emplace(c.code, &c);
    return m;
  }();
  auto it = index.find(code);
  return it == index.end() ? nullptr : it->second;
}

}  // namespace floe
