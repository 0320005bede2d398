// Rendering a compile-family report (floe/compile.h) for people: numbered
// stages with ✓/✗ lines like the design's example, then every problem with
// file:line:column, code, expected value and fix.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <cstdio>

#include <string>
#include <string_view>

#include "terminal.hpp"

namespace floe::cli {

void print_report(const boost::json::value& report, const Terminal& term);

// Only the problems and notes, on stderr (when stdout carries a result).
void print_diagnostics(const boost::json::value& report, const Terminal& term);

// Diagnostics (the report's shape) as print_diagnostics writes them, to `stream`.
void print_diagnostic_list(const boost::json::array& list, const Terminal& term, std::FILE* stream);

// The exit code for a report's "outcome" (docs/cli.md#exit-codes).
int exit_code_for_outcome(const boost::json::value& report);

// Prints the report as --format asks (text, json: the whole report, sarif:
// its "sarif" member) and throws CommandFailure with the outcome's exit code
// unless it is 0.
void finish_report(const boost::json::value& report, const std::string& format, const Terminal& term);

// The same for a report as the library wrote it, parsing only what the
// format reads: text all but the `enforcement` member (the printer never
// reads it), json and sarif only the outcome (the report, or its `sarif`
// member, is printed as the library wrote it). A 100k-model validate's
// report is ~115 MB, which a DOM and a second serialization made ~400 MB
// more at the peak.
void finish_report_text(std::string_view text, const std::string& format, const Terminal& term);

}  // namespace floe::cli
