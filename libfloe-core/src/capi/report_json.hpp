// A compile report as the C API hands it out, written as text.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

#include "diag/compile_report.hpp"

namespace floe {

// serialize_json of an object with `head`'s members, compile_report_to_json(r)'s
// and `tail`'s, written without building the report's DOM: a large project
// has tens of thousands of diagnostics, and building and freeing their DOM
// cost more than writing them (tests/compile compares the two).
// `sarif_text`, when not empty, is the last member, "sarif" (JSON text already).
std::string compile_report_json_text(const CompileReport& r, const boost::json::object& head,
                                     const boost::json::object& tail, std::string_view sarif_text = {});

}  // namespace floe
