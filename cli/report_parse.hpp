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

// The same, keeping only the top-level members named in `kept`.
boost::json::value parse_report_only(std::string_view text, std::initializer_list<std::string_view> kept);

// The value of the top-level member `key` of the JSON object `text`, as the
// text it is written as there (nothing parsed into values), or an empty view
// when there is no such member. For printing a member of a large report as
// it is: a 100k-model validate's SARIF is ~100 MB, which a DOM makes several
// times that. Checks nothing: parse `text` too to know it is valid JSON.
std::string_view raw_member(std::string_view text, std::string_view key);

}  // namespace floe::cli
