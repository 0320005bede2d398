#include "observe/lineage/lineage_observer.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <cctype>
#include <filesystem>
#include <set>

#include "core/json_path.hpp"
#include "core/uuid.hpp"
#include "diag/codes.hpp"
#include "observe/lineage/dataset_names.hpp"

namespace floe::observe {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// dbt writes its node times in UTC without a zone ("2026-11-23T09:15:03.123456");
// OpenLineage wants RFC 3339, which needs one.
std::string with_zone(std::string t) {
  std::size_t time = t.find('T');
  bool zoned = t.ends_with("Z") || (time != std::string::npos && t.find_first_of("+-", time) != std::string::npos);
  if (!zoned) t += "Z";
  return t;
}

// When an event happened: the tool's own time for it when there is one
// (dbt's started_at / finished_at), else when floe saw it.
std::string time_of(const json::object& e, const char* key = nullptr) {
  if (key != nullptr)
    if (std::string t = string_at(e, {key}); !t.empty()) return with_zone(std::move(t));
  return string_at(e, {"at"});
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

bool builds_relation(const std::string& resource_type) {
  return resource_type == "model" || resource_type == "seed" || resource_type == "snapshot";
}

// dbt's node status -> the terminal event of its run.
const char* terminal_of_node(const std::string& status) {
  if (status == "error" || status == "fail" || status == "runtime error") return "FAIL";
  if (status == "skipped") return "ABORT";
  return "COMPLETE";
}

// A step's status -> the terminal event of its run.
const char* terminal_of_step(const std::string& status) {
  if (status == "success") return "COMPLETE";
  if (status == "failed") return "FAIL";
  return "ABORT";  // cancelled, or skipped after it began
}

const json::object* ingestion_source(const json::object& artifacts, const std::string& name) {
  const json::value* sources = find_path(artifacts, {"ingestion", "sources"});
  if (sources == nullptr || !sources->is_array()) return nullptr;
  for (const auto& s : sources->as_array())
    if (s.is_object() && string_at(s, {"name"}) == name) return &s.as_object();
  return nullptr;
}

// An Iceberg table named as OpenLineage names a table in object storage:
// namespace scheme://bucket, name the path (its location).
std::optional<json::object> table_dataset(const std::string& table_location) {
  auto scheme = table_location.find("://");
  if (scheme == std::string::npos) return std::nullopt;
  auto path = table_location.find('/', scheme + 3);
  if (path == std::string::npos || path + 1 == table_location.size()) return std::nullopt;
  return dataset(table_location.substr(0, path), table_location.substr(path + 1));
}

// The same, from the location of one of its metadata files.
std::optional<json::object> iceberg_dataset(const std::string& metadata_location) {
  auto metadata = metadata_location.rfind("/metadata/");
  if (metadata == std::string::npos) return std::nullopt;
  return table_dataset(metadata_location.substr(0, metadata));
}

}  // namespace

LineageObserver::LineageObserver(LineageNames names, std::unique_ptr<EventSink> sink, const json::object& artifacts,
                                 std::string product_dir, CompileReport& report)
    : names_(std::move(names)),
      sink_(std::move(sink)),
      artifacts_(artifacts),
      product_dir_(std::move(product_dir)),
      report_(report),
      default_schema_(default_schema(artifacts)) {}

void LineageObserver::on_event(const json::object& e) {
  std::string type = string_at(e, {"type"});
  if (type == "run_started") run_started(e);
  else if (type == "step_started") step_started(e);
  else if (type == "node_started") node_started(e);
  else if (type == "node_finished") node_finished(e);
  else if (type == "step_finished") step_finished(e);
  else if (type == "run_finished") run_finished(e);
  else if (type == "contract_check") contract_check(e);
  else if (type.starts_with("ingestion."))  // the source's load has really begun
    if (auto it = steps_.find(string_at(e, {"step"})); it != steps_.end() && !it->second.start_sent)
      send_start(it->second);
}

void LineageObserver::send(RunEvent event) { sink_->send(json::serialize(to_json(event))); }

void LineageObserver::run_started(const json::object& e) {
  product_run_id_ = string_at(e, {"run_id"});
  product_started_ = true;
  RunEvent start{"START", time_of(e), product_run_id_, {names_.job_namespace, names_.run_job}, {}, {}, {}, {}};
  start.job_facets["jobType"] = job_type_facet("FLOE", "JOB");
  send(std::move(start));
}

LineageObserver::ChildRun LineageObserver::open_child(const std::string& job, const std::string& started_at,
                                                      json::object job_facets) {
  ChildRun run;
  run.run_id = uuid_v7();
  run.job = {names_.job_namespace, job};
  run.started_at = started_at;
  run.job_facets = std::move(job_facets);
  return run;
}

void LineageObserver::send_start(ChildRun& run) {
  RunEvent start{"START", run.started_at, run.run_id, run.job, {}, run.job_facets, run.inputs, run.outputs};
  start.run_facets["parent"] = parent_facet(product_run_id_, {names_.job_namespace, names_.run_job});
  send(std::move(start));
  run.start_sent = true;
}

void LineageObserver::send_end(ChildRun& run, const std::string& event_type, const std::string& at) {
  if (!run.start_sent) send_start(run);
  RunEvent end{event_type, at, run.run_id, run.job, {}, {}, std::move(run.inputs), std::move(run.outputs)};
  end.run_facets["parent"] = parent_facet(product_run_id_, {names_.job_namespace, names_.run_job});
  send(std::move(end));
}

std::string LineageObserver::project_dir_of(const std::string& step) const {
  std::string project = step.find(':') != std::string::npos ? step.substr(step.find(':') + 1) : "";
  const json::value* projects = find_path(artifacts_, {"dbt", "projects"});
  if (projects != nullptr && projects->is_array())
    for (const auto& p : projects->as_array())
      if (project.empty() || string_at(p, {"name"}) == project)
        return (fs::path(product_dir_) / string_at(p, {"path"}, ".")).lexically_normal().string();
  return product_dir_;
}

const DbtLineageFacts& LineageObserver::facts() {
  // dbt has parsed the project and written its manifest by the time it runs
  // the first node of a step.
  if (!facts_) facts_ = std::make_unique<DbtLineageFacts>(dbt_dir_);
  return *facts_;
}

std::string LineageObserver::compute_namespace(const std::string& dbt_dir) {
  auto it = namespaces_.find(dbt_dir);
  if (it == namespaces_.end()) {
    std::string ns = compute_dataset_namespace(artifacts_, dbt_dir);
    it = namespaces_.emplace(dbt_dir, ns.empty() ? std::string("floe") : ns).first;
  }
  return it->second;
}

std::string LineageObserver::dataset_of_ref(const std::string& name) const {
  auto it = relations_.find(name);
  return it != relations_.end() ? it->second : default_schema_ + "." + name;
}

json::array LineageObserver::model_inputs(const dbt::DbtModel* model) const {
  json::array inputs;
  if (model == nullptr) return inputs;
  const std::string& ns = namespaces_.at(dbt_dir_);
  std::set<std::string> seen;
  for (const auto& ref : model->refs)
    if (std::string name = dataset_of_ref(ref); seen.insert(name).second) inputs.push_back(dataset(ns, name));
  for (const auto& source : model->sources)
    if (std::string name = source.source_name + "." + source.table_name; seen.insert(name).second)
      inputs.push_back(dataset(ns, name));
  return inputs;
}

void LineageObserver::step_started(const json::object& e) {
  std::string step = string_at(e, {"step"});
  std::string kind = string_at(e, {"kind"});
  if (kind == "ingestion") {
    open_ingestion(step, time_of(e));
  } else if (kind == "contract") {
    // The data contracts' checks: a job of their own beside the data tests.
    json::object facets{{"jobType", job_type_facet("FLOE", "CONTRACT_TEST")}};
    steps_[step] = open_child(names_.quality_job + ".contracts", time_of(e), std::move(facets));
    contract_assertions_.clear();
  } else if (kind == "catalog" && step == "inputs") {
    // Input ports read from the lake: a job from the producers' Iceberg
    // tables to the dbt sources that read them.
    steps_[step] = open_child(names_.run_job + ".inputs", time_of(e), json::object{{"jobType", job_type_facet("FLOE", "READ")}});
  } else if (kind == "catalog" && step.rfind("publish", 0) == 0) {
    // The write-audit-publish commit of the product's tables to the lake:
    // a job whose outputs are the Iceberg tables it committed.
    std::string job = names_.run_job + ".publish" + (step.find(':') == std::string::npos ? "" : "." + step.substr(step.find(':') + 1));
    steps_[step] = open_child(job, time_of(e), json::object{{"jobType", job_type_facet("FLOE", "PUBLISH")}});
  } else if (kind == "transform" || kind == "quality") {
    dbt_step_ = step;
    dbt_dir_ = project_dir_of(step);
    compute_namespace(dbt_dir_);
    facts_.reset();
    if (kind == "transform") assertions_.erase(dbt_dir_);  // a new build: its tests replace any earlier ones
    if (kind == "quality") {
      std::string job = step.find(':') == std::string::npos ? names_.quality_job
                                                            : names_.quality_job + "." + step.substr(step.find(':') + 1);
      json::object facets{{"jobType", job_type_facet("DBT", "TEST")}};
      steps_[step] = open_child(job, time_of(e), std::move(facets));
      unattributed_tests_ = 0;
    }
  }
}

void LineageObserver::open_ingestion(const std::string& step, const std::string& at) {
  std::string source = step.substr(step.find(':') + 1);
  ChildRun run = open_child(names_.ingestion_prefix + source, at, {});
  std::string plugin = upper(string_at(artifacts_, {"plugins", "ingestion", "type"}, "ingestion"));
  run.job_facets["jobType"] = job_type_facet(plugin, "INGESTION");
  if (const json::object* s = ingestion_source(artifacts_, source)) {
    std::string path = string_at(*s, {"path"});
    if (!path.empty())
      run.inputs.push_back(dataset("file", (fs::path(product_dir_) / path).lexically_normal().string()));
    std::vector<Column> columns;
    if (const json::value* list = find_path(*s, {"contract", "columns"}); list != nullptr && list->is_array())
      for (const auto& c : list->as_array()) columns.push_back({string_at(c, {"name"}), string_at(c, {"type"})});
    json::object facets;
    if (!columns.empty()) facets["schema"] = schema_facet(columns);
    run.outputs.push_back(dataset(compute_namespace(product_dir_), "raw." + string_at(*s, {"destination"}, source),
                                  std::move(facets)));
  }
  steps_[step] = std::move(run);
}

void LineageObserver::node_started(const json::object& e) {
  if (dbt_step_.empty()) return;
  std::string resource_type = string_at(e, {"resource_type"});
  if (!builds_relation(resource_type)) {
    if (auto q = steps_.find(dbt_step_); q != steps_.end() && !q->second.start_sent) send_start(q->second);
    return;
  }
  std::string name = string_at(e, {"name"});
  std::string relation = relation_dataset_name(string_at(e, {"relation"}));
  if (relation.empty()) relation = default_schema_ + "." + name;
  // Only relations dataset_of_ref would not guess are kept: memory stays
  // flat for projects that build into the default schema.
  if (relation != default_schema_ + "." + name) relations_[name] = relation;
  else relations_.erase(name);
  json::object facets{{"jobType", job_type_facet("DBT", upper(resource_type))}};
  ChildRun run = open_child(names_.model_prefix + name, time_of(e, "started_at"), std::move(facets));
  const std::string& ns = namespaces_.at(dbt_dir_);
  if (resource_type == "model") run.inputs = model_inputs(facts().model(name));
  run.outputs.push_back(dataset(ns, relation));
  send_start(run);
  nodes_[string_at(e, {"unique_id"})] = std::move(run);
}

void LineageObserver::node_finished(const json::object& e) {
  if (dbt_step_.empty()) return;
  std::string resource_type = string_at(e, {"resource_type"});
  std::string status = string_at(e, {"status"});
  std::string unique_id = string_at(e, {"unique_id"});
  std::string name = string_at(e, {"name"});
  if (resource_type == "test") {
    if (status == "skipped") return;
    auto target = facts().test_target(name);
    if (!target) {
      ++unattributed_tests_;
      return;
    }
    assertions_[dbt_dir_][target->model->name].push_back(
        {target->test->type, status == "pass", target->test->column_name, status == "warn" ? "warn" : "error"});
    return;
  }
  if (!builds_relation(resource_type)) return;
  auto it = nodes_.find(unique_id);
  if (it == nodes_.end()) return;  // never started: dbt skipped it
  const char* terminal = terminal_of_node(status);
  if (std::string(terminal) == "COMPLETE" && !it->second.outputs.empty()) {
    json::object& output = it->second.outputs.front().as_object();
    output["facets"] = json::object{{"schema", schema_facet(facts().columns(unique_id, facts().model(name)))}};
  }
  send_end(it->second, terminal, time_of(e, "finished_at"));
  nodes_.erase(it);
}

void LineageObserver::contract_check(const json::object& e) {
  if (string_at(e, {"result"}) == "not_run") return;  // nothing was asserted
  auto it = steps_.find(string_at(e, {"step"}));
  if (it == steps_.end()) return;
  if (!it->second.start_sent) send_start(it->second);
  contract_assertions_[string_at(e, {"model"})].push_back(
      {string_at(e, {"check"}), e.contains("success") && e.at("success") == true, string_at(e, {"column"}),
       string_at(e, {"severity"}) == "error" ? "error" : "warn"});
}

void LineageObserver::finish_quality(const std::string& event_type, const std::string& at) {
  auto it = steps_.find(dbt_step_);
  if (it == steps_.end()) return;
  const std::string& ns = namespaces_.at(dbt_dir_);
  for (auto& [model, results] : assertions_[dbt_dir_]) {
    json::object input = dataset(ns, dataset_of_ref(model));
    input["inputFacets"] = json::object{{"dataQualityAssertions", assertions_facet(results)}};
    it->second.inputs.push_back(std::move(input));
  }
  send_end(it->second, event_type, at);
  steps_.erase(it);
  assertions_.erase(dbt_dir_);
}

void LineageObserver::step_finished(const json::object& e) {
  std::string step = string_at(e, {"step"});
  std::string kind = string_at(e, {"kind"});
  std::string status = string_at(e, {"status"});
  auto it = steps_.find(step);
  if (it != steps_.end() && !it->second.start_sent && status == "skipped") {
    steps_.erase(it);  // it never began: no run to tell of
  } else if (kind == "ingestion" && it != steps_.end()) {
    const json::value* files = find_path(e, {"summary", "files"});
    if (files != nullptr && files->is_array() && !files->as_array().empty()) {
      it->second.inputs.clear();
      for (const auto& f : files->as_array())
        if (std::string path = string_at(f, {"path"}); !path.empty()) it->second.inputs.push_back(dataset("file", path));
    }
    send_end(it->second, terminal_of_step(status), time_of(e));
    steps_.erase(it);
  } else if (kind == "catalog" && it != steps_.end()) {
    // Each Iceberg table by its storage location: the tables a publish
    // committed are its outputs; the tables the inputs step read, its
    // inputs, and the dbt sources it filled, its outputs.
    if (const json::value* tables = find_path(e, {"summary", "tables"}); tables != nullptr && tables->is_array())
      for (const auto& t : tables->as_array()) {
        // A multi-table commit answers no metadata file; the table's location names it as well.
        if (auto d = iceberg_dataset(string_at(t, {"metadata_location"}))) it->second.outputs.push_back(std::move(*d));
        else if (auto at = table_dataset(string_at(t, {"location"}))) it->second.outputs.push_back(std::move(*at));
      }
    if (const json::value* read = find_path(e, {"summary", "inputs"}); read != nullptr && read->is_array())
      for (const auto& r : read->as_array()) {
        if (auto d = iceberg_dataset(string_at(r, {"metadata_location"}))) it->second.inputs.push_back(std::move(*d));
        it->second.outputs.push_back(dataset(compute_namespace(product_dir_), string_at(r, {"source"})));
      }
    send_end(it->second, terminal_of_step(status), time_of(e));
    steps_.erase(it);
  } else if (kind == "quality") {
    finish_quality(terminal_of_step(status), time_of(e));
  } else if (kind == "contract" && it != steps_.end()) {
    const std::string& ns = compute_namespace(project_dir_of(step));
    for (auto& [model, results] : contract_assertions_) {
      json::object input = dataset(ns, dataset_of_ref(model));
      input["inputFacets"] = json::object{{"dataQualityAssertions", assertions_facet(results)}};
      it->second.inputs.push_back(std::move(input));
    }
    send_end(it->second, terminal_of_step(status), time_of(e));
    steps_.erase(it);
    contract_assertions_.clear();
  }
  if (kind == "transform" || kind == "quality") {
    // Nodes dbt started and never finished: a cancelled or killed dbt.
    for (auto& [id, run] : nodes_) send_end(run, "ABORT", time_of(e));
    nodes_.clear();
    dbt_step_.clear();
    facts_.reset();
  }
}

void LineageObserver::run_finished(const json::object& e) {
  for (auto* open : {&steps_, &nodes_}) {
    for (auto& [key, run] : *open)
      if (run.start_sent) send_end(run, "ABORT", time_of(e));
    open->clear();
  }
  if (!product_started_) return;
  std::string status = string_at(e, {"status"});
  const char* terminal = status == "success" ? "COMPLETE" : status == "cancelled" ? "ABORT" : "FAIL";
  send({terminal, time_of(e), product_run_id_, {names_.job_namespace, names_.run_job}, {}, {}, {}, {}});
  product_started_ = false;
}

void LineageObserver::close() {
  sink_->close();
  SinkStats stats = sink_->stats();
  if (stats.dropped == 0) return;
  Diagnostic d = make_diagnostic(
      codes::X120, "lineage",
      fmt::format("{} of {} OpenLineage event(s) were not delivered to {}: {}", stats.dropped,
                  stats.dropped + stats.delivered, sink_->destination(), stats.first_problem),
      {(fs::path(product_dir_) / "target" / "compiled_artifacts.json").string(), 0, 0}, {},
      "check that the lineage server is up and reachable from here (floe plugins call lineage_backend <type> "
      "validate_connection); the run itself is not affected");
  d.severity = Severity::warning;
  report_.diagnostics.add(std::move(d));
}

}  // namespace floe::observe
