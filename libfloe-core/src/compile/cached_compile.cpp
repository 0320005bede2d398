#include "compile/cached_compile.hpp"

#include <fmt/format.h>

#include <set>
#include <string_view>

#include "base/deadline.hpp"
#include "base/paths.hpp"

namespace floe {

namespace {

void add_cache_stage(CompileReport& report, const std::string& status, std::string text) {
  report.stages.push_front(Stage{"Checking the compile cache", true, {{status, std::move(text)}}});
}

// Nothing was written this time: the recorded "wrote X" and "X is
// unchanged" lines become "X is up to date".
void mark_up_to_date(CompileReport& report) {
  std::set<std::string> written(report.written.begin(), report.written.end());
  constexpr std::string_view kUnchanged = " is unchanged";
  for (auto& stage : report.stages)
    for (auto& line : stage.lines) {
      std::string_view t = line.text;
      if (t.starts_with("wrote ") && written.count(std::string(t.substr(6))))
        line.text = fmt::format("{} is up to date", t.substr(6));
      else if (t.ends_with(kUnchanged))
        line.text = fmt::format("{} is up to date", t.substr(0, t.size() - kUnchanged.size()));
    }
  report.written.clear();
}

}  // namespace

CachedCompile compile_product_cached(const CompileRequest& request, const boost::json::value& key) {
  CachedCompile out;
  out.record = compile_cache_path(compile_output_dir(request));
  CacheLookup cached = lookup_compile_cache(out.record, key);
  if (cached.report) {
    out.used = true;
    out.report = compile_report_from_json(*cached.report);
    out.report.base_dir = directory_of(request.product_path);
    mark_up_to_date(out.report);
    add_cache_stage(out.report, "ok",
                    fmt::format("unchanged since the last compile: every input, the platform, the options and floe "
                                "are the same; answered from {}",
                                out.record));
    return out;
  }
  CompileInputs inputs;
  out.report = compile_product(request, &inputs, &out.artifacts);
  // A compile the operation's deadline cut short (a read refused half way)
  // is never reused, whatever it reported.
  bool reusable = out.report.outcome == Outcome::ok && !inputs.outputs.empty() && inputs.uncacheable.empty() &&
                  !deadline_stopped_something();
  if (!reusable || !record_compile_cache(out.record, key, inputs, compile_report_to_json(out.report)))
    forget_compile_cache(out.record);
  out.note = !inputs.uncacheable.empty() ? fmt::format("not recorded for reuse: {}", inputs.uncacheable) : cached.note;
  if (!out.note.empty()) add_cache_stage(out.report, "info", out.note);
  return out;
}

}  // namespace floe
