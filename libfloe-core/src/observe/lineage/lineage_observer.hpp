// A run's OpenLineage events, made from its events as they come (docs/run.md
// #lineage): the product run itself, each dbt model, seed and snapshot, each
// ingestion source and the data tests, each a run of its own job with
// START and COMPLETE, FAIL or ABORT, the node and source runs linked to the
// product's run by the parent facet. Events go to the sink as they are made;
// what is held is the open runs, the relations of nodes built outside the
// default schema and the test results of the step in progress, never a
// record of the events.
#pragma once

#include <boost/json/object.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "diag/compile_report.hpp"
#include "observe/lineage/dbt_lineage_facts.hpp"
#include "observe/lineage/event_sink.hpp"
#include "observe/lineage/openlineage_event.hpp"
#include "observe/run_observer.hpp"

namespace floe::observe {

// Job names of a product's runs (the backend's get_namespace_mapping).
struct LineageNames {
  std::string job_namespace;
  std::string run_job;
  std::string model_prefix;
  std::string ingestion_prefix;
  std::string quality_job;
};

class LineageObserver final : public RunObserver {
 public:
  LineageObserver(LineageNames names, std::unique_ptr<EventSink> sink, const boost::json::object& artifacts,
                  std::string product_dir, CompileReport& report);

  void on_event(const boost::json::object& event) override;
  // Delivers what is pending; a warning (X120) when events were dropped.
  void close() override;

 private:
  // A run of a job below the product's run, open until its terminal event.
  struct ChildRun {
    std::string run_id;
    JobRef job;
    std::string started_at;
    bool start_sent = false;
    boost::json::object job_facets;
    boost::json::array inputs, outputs;
  };

  void run_started(const boost::json::object& e);
  void step_started(const boost::json::object& e);
  void step_finished(const boost::json::object& e);
  void node_started(const boost::json::object& e);
  void node_finished(const boost::json::object& e);
  void run_finished(const boost::json::object& e);

  ChildRun open_child(const std::string& job, const std::string& started_at, boost::json::object job_facets);
  void send_start(ChildRun& run);
  void send_end(ChildRun& run, const std::string& event_type, const std::string& at);
  void send(RunEvent event);

  // The project and facts of a dbt step ("transform", "quality:<project>").
  std::string project_dir_of(const std::string& step) const;
  const DbtLineageFacts& facts();
  std::string compute_namespace(const std::string& dbt_dir);
  std::string dataset_of_ref(const std::string& name) const;
  boost::json::array model_inputs(const dbt::DbtModel* model) const;
  void open_ingestion(const std::string& step, const std::string& at);
  void finish_quality(const std::string& event_type, const std::string& at);
  // A data contract's check (the run's contracts step) as an assertion on its model.
  void contract_check(const boost::json::object& e);

  const LineageNames names_;
  std::unique_ptr<EventSink> sink_;
  const boost::json::object& artifacts_;
  const std::string product_dir_;
  CompileReport& report_;
  std::string default_schema_;

  std::string product_run_id_;
  bool product_started_ = false;
  std::map<std::string, ChildRun> steps_;  // ingestion sources and data tests, by step name
  std::map<std::string, ChildRun> nodes_;  // dbt models, seeds and snapshots, by unique_id
  std::string dbt_step_;                 // the dbt step in progress, "" outside one
  std::string dbt_dir_;                  // its project directory
  std::unique_ptr<DbtLineageFacts> facts_;
  std::map<std::string, std::string> namespaces_;  // dbt dir -> dataset namespace
  std::map<std::string, std::string> relations_;   // node name -> schema.table, where not <default schema>.<name>
  // dbt project dir -> model name -> test results: gathered from the
  // transform's dbt build when it ran the tests, else from the quality
  // step's dbt test; sent with the quality step's job.
  std::map<std::string, std::map<std::string, std::vector<Assertion>>> assertions_;
  std::map<std::string, std::vector<Assertion>> contract_assertions_;  // model name -> results (contracts step)
  std::size_t unattributed_tests_ = 0;
};

}  // namespace floe::observe
