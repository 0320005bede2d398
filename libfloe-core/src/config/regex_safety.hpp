// Checking user-written regular expressions (custom naming patterns) before
// they are run against every model name: they must compile, and must not
// nest unbounded quantifiers, which backtrack exponentially on near-misses.
#pragma once

#include <string>

namespace floe {

// "" when `pattern` is a valid ECMAScript regex without nested unbounded
// quantifiers such as (a+)+, (\w*)* or (x+y?){2,}; otherwise what is wrong.
std::string regex_problem(const std::string& pattern);

}  // namespace floe
