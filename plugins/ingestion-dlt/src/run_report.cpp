#include "run_report.hpp"

#include <cmath>

namespace floe::ingestion_dlt {
namespace {

std::optional<std::string> text(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

std::optional<std::int64_t> integer(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_int64()) return std::nullopt;
  return v->get_int64();
}

std::optional<run_problem> problem_of(const boost::json::object& event) {
  auto code = text(event, "code");
  auto message = text(event, "message");
  if (!code || !message) return std::nullopt;
  return run_problem{*code, *message, text(event, "file"), integer(event, "line"), text(event, "column")};
}

boost::json::array problems_json(const std::vector<run_problem>& problems) {
  boost::json::array out;
  for (const auto& p : problems) {
    boost::json::object item{{"code", p.code}, {"message", p.message}};
    if (p.file) item["file"] = *p.file;
    if (p.line) item["line"] = *p.line;
    if (p.column) item["column"] = *p.column;
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

void run_report::add_event(const boost::json::object& event) {
  auto type = text(event, "type");
  if (!type) return;
  if (*type == "error" || *type == "warning") {
    if (auto problem = problem_of(event)) (*type == "error" ? errors_ : warnings_).push_back(std::move(*problem));
  } else if (*type == "file_read") {
    auto path = text(event, "path");
    auto rows = integer(event, "rows");
    if (!path || !rows) return;
    boost::json::object file{{"path", *path}, {"rows", *rows}};
    // An append source's file whose content an earlier run appended: skipped.
    if (auto at = text(event, "already_appended")) file["already_appended"] = *at;
    files_.push_back(std::move(file));
  } else if (*type == "result") {
    const auto* tables = event.if_contains("tables");
    if (tables == nullptr || !tables->is_array()) return;
    boost::json::array checked;
    for (const auto& table : tables->get_array()) {
      if (!table.is_object()) return;
      auto name = text(table.get_object(), "name");
      auto rows = integer(table.get_object(), "rows");
      if (!name || !rows) return;
      checked.push_back({{"name", *name}, {"rows", *rows}});
    }
    tables_ = std::move(checked);
    bytes_written_ = integer(event, "bytes_written").value_or(0);
  }
}

boost::json::object run_report::response(double duration_seconds) const {
  std::int64_t rows = 0;
  if (tables_)
    for (const auto& table : *tables_) rows += table.get_object().at("rows").get_int64();
  return {
      {"success", tables_.has_value() && errors_.empty()},
      {"rows_loaded", rows},
      {"bytes_written", bytes_written_},
      {"duration_seconds", std::round(duration_seconds * 1000.0) / 1000.0},
      {"tables", tables_.value_or(boost::json::array())},
      {"files", files_},
      {"errors", problems_json(errors_)},
      {"warnings", problems_json(warnings_)},
  };
}

}  // namespace floe::ingestion_dlt
