// Parsing the library's reports for the text printer, which reads only some
// of their members.
#pragma once

#include <boost/json/value.hpp>

#include <initializer_list>
#include <string_view>

namespace floe::cli {

// Parses the JSON object `text` like boost::json::parse into output_arena()
// (output_arena.hpp), except that the top-level members named in `skipped` are
// stepped over by the parser instead of built: a 1k-model validate's report
// is 1.2 MB, 40 % of it the `enforcement` member the text printer never
// reads. Throws boost::system::system_error on invalid JSON, as parse does.
boost::json::value parse_report_without(std::string_view text, std::initializer_list<std::string_view> skipped);

}  // namespace floe::cli
