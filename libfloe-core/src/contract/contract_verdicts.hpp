// Contracts change rarely, and checking one against the ODCS JSON Schema
// (86 KB, with if/then branches per logical type) costs about 1 ms: a product
// with 100 contracted ports paid 0.1 s on every compile for the same answer.
// A contract text that validated with no finding at all is remembered as an
// empty file named by a digest of the text, the schema release and the build
// of floe that judged it, under <user cache>/contracts/valid/ (core/user_cache.hpp).
// Only clean verdicts are kept: a contract with any finding is validated every
// time, so its diagnostics are always current. A cache that cannot be read or
// written only costs time; FLOE_CONTRACT_CACHE=off turns it off.
#pragma once

#include <string>
#include <string_view>

namespace floe {

// Whether verdicts are kept at all: not when the cache is off, nor when this
// build of floe has no build id to tell its verdicts from another's.
bool contract_verdicts_kept();

// The verdict's file name; "" when verdicts are not kept.
std::string contract_verdict_key(std::string_view schema_release, std::string_view text);

bool contract_known_valid(const std::string& key);
void remember_valid_contract(const std::string& key);

}  // namespace floe
