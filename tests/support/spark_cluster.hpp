// A real Spark standalone cluster for tests: one master and N workers from
// the pyspark package of .cache/spark-venv (scripts/bootstrap-spark), each a
// JVM started with spark-class on 127.0.0.1 (free ports for RPC and web UI),
// working in a temporary directory, stopped by PID when the object goes away.
// A job whose master is master_url() runs on the workers' executors.
//
//   auto spark = floe::test::SparkCluster::start(2);  // 20-60 s; once per test program
//   // "master: " + spark->master_url()
//
// Readiness is the master's own word: its web UI's /json/ lists the workers
// ALIVE.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "registry_fixture.hpp"

namespace floe::test {

class SparkCluster {
 public:
  // Throws std::runtime_error naming scripts/bootstrap-spark when pyspark is
  // missing, with the logs when the master or a worker is not up in time.
  static std::unique_ptr<SparkCluster> start(int workers);
  ~SparkCluster();
  SparkCluster(const SparkCluster&) = delete;
  SparkCluster& operator=(const SparkCluster&) = delete;

  std::string master_url() const;  // "spark://127.0.0.1:PORT"
  int master_port() const { return master_port_; }
  // Workers the master lists ALIVE right now (-1 when it does not answer).
  int alive_workers() const;
  // Applications (SparkSessions) that ran on the cluster and finished.
  int completed_apps() const;
  // Stops worker `index` (SIGTERM, then SIGKILL): a machine of the cluster lost.
  void stop_worker(std::size_t index);
  // SIGKILLs worker `index`: it crashes; its executors notice the lost
  // worker and exit, and the driver loses them.
  void kill_worker(std::size_t index);
  // Stops the master (the workers stay; jobs can no longer be submitted).
  void stop_master();
  std::string log_tail() const;

 private:
  SparkCluster() = default;
  std::unique_ptr<ChildProcess> launch(const std::vector<std::string>& args, const std::string& log);
  std::string dir_;
  int master_port_ = 0, master_ui_port_ = 0;
  std::unique_ptr<ChildProcess> master_;
  std::vector<std::unique_ptr<ChildProcess>> workers_;
};

// <source>/.cache/spark-venv, or $FLOE_SPARK_VENV.
std::string spark_venv();

}  // namespace floe::test
