// floe-iceberg-bench: libfloe-iceberg's figures (docs/performance.md#iceberg).
//
//   floe-iceberg-bench [--snapshots N] [--runs N] [--catalog URI] [--json]
//   floe-iceberg-bench [--snapshots N] --write-metadata PATH   (only writes the generated file)
//
// 1. Writes a metadata.json with N snapshots (default 10000) shaped like
//    what Iceberg's Java writer produces (a 20-column schema, a summary of
//    11 entries per snapshot, a snapshot log, 100 metadata-log entries, a
//    branch and tags), then measures reading + parsing it into the model
//    (target < 50 ms), expiry planning over the model (< 20 ms), and the
//    memory: the peak RSS growth while loading, over the file size (< 5x;
//    the peak is reset through /proc/self/clear_refs).
// 2. With --catalog (a running REST catalog, e.g. the fixture jar started
//    by bench/iceberg_bench.sh): the round trip of the client's
//    load_namespace against a bare libcurl GET of the same URL on a reused
//    connection (target: overhead < 1 ms), and the curl CLI's own
//    time_total for the same URL for reference.
// Every figure is the median of --runs runs; wall and CPU (this thread's)
// time both, and the 1-minute load average before and after.
#include <curl/curl.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "iceberg/catalog_client.hpp"
#include "iceberg/expiry.hpp"
#include "iceberg/metadata.hpp"

namespace fs = std::filesystem;
using namespace floe::iceberg;

namespace {

struct Sample {
  double wall_ms = 0, cpu_ms = 0;
};

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

template <class F>
Sample measure(F&& f) {
  auto w0 = std::chrono::steady_clock::now();
  double c0 = thread_cpu_ms();
  f();
  double c1 = thread_cpu_ms();
  auto w1 = std::chrono::steady_clock::now();
  return {std::chrono::duration<double, std::milli>(w1 - w0).count(), c1 - c0};
}

Sample median(std::vector<Sample> v) {
  std::sort(v.begin(), v.end(), [](const Sample& a, const Sample& b) { return a.wall_ms < b.wall_ms; });
  Sample m = v[v.size() / 2];
  std::vector<double> cpu;
  for (const auto& s : v) cpu.push_back(s.cpu_ms);
  std::sort(cpu.begin(), cpu.end());
  m.cpu_ms = cpu[cpu.size() / 2];
  return m;
}

long status_kb(const char* key) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key, 0) == 0) return std::atol(line.c_str() + std::strlen(key));
  return -1;
}

double load_average() {
  double l[1] = {0};
  return getloadavg(l, 1) == 1 ? l[0] : -1;
}

std::string generate(int snapshots) {
  const long long t0 = 1735689600000LL;  // 2025-01-01
  std::ostringstream o;
  o << "{\"format-version\": 2, \"table-uuid\": \"5f7b5a8e-3c36-4c8f-9c0b-2b1f0d7e9a11\", "
       "\"location\": \"s3://warehouse/sales/orders\", \"last-sequence-number\": "
    << snapshots << ", \"last-updated-ms\": " << t0 + snapshots * 60000LL << ", \"last-column-id\": 20, \"current-schema-id\": 0, \"schemas\": [{\"type\": \"struct\", \"schema-id\": 0, \"fields\": [";
  const char* types[] = {"long", "string", "timestamptz", "decimal(18,2)", "boolean"};
  for (int i = 1; i <= 20; ++i)
    o << (i > 1 ? ", " : "") << "{\"id\": " << i << ", \"name\": \"column_" << i << "\", \"required\": " << (i == 1 ? "true" : "false")
      << ", \"type\": \"" << types[i % 5] << "\"}";
  o << "]}], \"default-spec-id\": 0, \"partition-specs\": [{\"spec-id\": 0, \"fields\": [{\"name\": \"column_3_day\", "
       "\"transform\": \"day\", \"source-id\": 3, \"field-id\": 1000}]}], \"last-partition-id\": 1000, "
       "\"default-sort-order-id\": 0, \"sort-orders\": [{\"order-id\": 0, \"fields\": []}], "
       "\"properties\": {\"owner\": \"floe\", \"write.format.default\": \"parquet\", \"history.expire.max-snapshot-age-ms\": \"604800000\"}, "
    << "\"current-snapshot-id\": " << 1000000 + snapshots << ", \"refs\": {\"main\": {\"snapshot-id\": " << 1000000 + snapshots
    << ", \"type\": \"branch\"}";
  for (int tag = 1; tag <= 5; ++tag)
    o << ", \"release-" << tag << "\": {\"snapshot-id\": " << 1000000 + tag * snapshots / 6 << ", \"type\": \"tag\"}";
  o << ", \"audit\": {\"snapshot-id\": " << 1000000 + snapshots / 2
    << ", \"type\": \"branch\", \"min-snapshots-to-keep\": 10, \"max-snapshot-age-ms\": 86400000}}, \"snapshots\": [";
  long long total = 0;
  for (int i = 1; i <= snapshots; ++i) {
    long long id = 1000000 + i, ts = t0 + i * 60000LL;
    total += 1000;
    o << (i > 1 ? ", " : "") << "{\"snapshot-id\": " << id;
    if (i > 1) o << ", \"parent-snapshot-id\": " << id - 1;
    o << ", \"sequence-number\": " << i << ", \"timestamp-ms\": " << ts
      << ", \"manifest-list\": \"s3://warehouse/sales/orders/metadata/snap-" << id << "-1-6f1d2c3b-9e0a-4b7c-8d5e-" << 100000000000LL + id
      << ".avro\", \"schema-id\": 0, \"summary\": {\"operation\": \"append\", \"spark.app.id\": \"local-" << 1700000000000LL + i
      << "\", \"added-data-files\": \"4\", \"added-records\": \"1000\", \"added-files-size\": \"48213\", \"changed-partition-count\": \"1\", "
         "\"total-records\": \""
      << total << "\", \"total-files-size\": \"" << total * 48 << "\", \"total-data-files\": \"" << i * 4
      << "\", \"total-delete-files\": \"0\", \"total-position-deletes\": \"0\", \"total-equality-deletes\": \"0\"}}";
  }
  o << "], \"snapshot-log\": [";
  for (int i = 1; i <= snapshots; ++i)
    o << (i > 1 ? ", " : "") << "{\"timestamp-ms\": " << t0 + i * 60000LL << ", \"snapshot-id\": " << 1000000 + i << "}";
  o << "], \"metadata-log\": [";
  for (int i = 1; i <= 100; ++i)
    o << (i > 1 ? ", " : "") << "{\"timestamp-ms\": " << t0 + i * 60000LL
      << ", \"metadata-file\": \"s3://warehouse/sales/orders/metadata/" << i << "-2c8e4f1a-7b3d-4e9f-a0c1-5d6e7f8a9b0c.metadata.json\"}";
  o << "]}";
  return o.str();
}

size_t discard(char*, size_t size, size_t count, void*) { return size * count; }

}  // namespace

int main(int argc, char** argv) {
  int snapshots = 10000, runs = 30;
  std::string catalog_uri;
  bool as_json = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--snapshots" && i + 1 < argc) snapshots = std::atoi(argv[++i]);
    else if (a == "--runs" && i + 1 < argc) runs = std::atoi(argv[++i]);
    else if (a == "--catalog" && i + 1 < argc) catalog_uri = argv[++i];
    else if (a == "--json") as_json = true;
    else if (a == "--write-metadata" && i + 1 < argc) {
      std::ofstream(argv[++i], std::ios::binary) << generate(snapshots);
      return 0;
    }
    else {
      std::fprintf(stderr, "usage: floe-iceberg-bench [--snapshots N] [--runs N] [--catalog URI] [--json]\n");
      return 2;
    }
  }
  double load_before = load_average();
  fs::path dir = fs::temp_directory_path() / ("floe-iceberg-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path file = dir / "00042-metadata.json";
  {
    std::ofstream(file, std::ios::binary) << generate(snapshots);
  }
  const double file_mb = static_cast<double>(fs::file_size(file)) / (1024.0 * 1024.0);

  // Memory: peak RSS growth of one load (file text + DOM + model), model kept.
  long rss_before = status_kb("VmRSS:");
  { std::ofstream("/proc/self/clear_refs") << "5"; }
  long hwm_reset = status_kb("VmHWM:");
  TableMetadata kept = read_table_metadata_file(file.string());
  long hwm_after = status_kb("VmHWM:");
  long rss_after = status_kb("VmRSS:");
  const double peak_mb = static_cast<double>(hwm_after - std::max(hwm_reset, rss_before)) / 1024.0;
  const double retained_mb = static_cast<double>(rss_after - rss_before) / 1024.0;

  std::vector<Sample> load, plan;
  size_t removed = 0;
  for (int i = 0; i < runs + 2; ++i) {
    Sample s = measure([&] {
      TableMetadata m = read_table_metadata_file(file.string());
      if (m.snapshots.size() != static_cast<size_t>(snapshots)) std::abort();
    });
    if (i >= 2) load.push_back(s);
  }
  Retention r;
  r.older_than_ms = kept.snapshots[kept.snapshots.size() / 2].timestamp_ms;
  r.keep_last = 100;
  r.now_ms = kept.snapshots.back().timestamp_ms + 1;
  for (int i = 0; i < runs + 2; ++i) {
    Sample s = measure([&] { removed = plan_expiry(kept, r).remove.size(); });
    if (i >= 2) plan.push_back(s);
  }
  Sample load_m = median(load), plan_m = median(plan);

  // Round trip against a catalog.
  Sample floe_rt{}, curl_rt{};
  double curl_cli_ms = -1;
  std::string rt_url;
  if (!catalog_uri.empty()) {
    ClientOptions o;
    o.uri = catalog_uri;
    RestCatalog client(o);
    Namespace ns{"floe_bench_" + std::to_string(::getpid())};
    client.create_namespace(ns, {{"owner", "bench"}});
    rt_url = catalog_uri + "/v1/namespaces/" + ns[0];
    std::vector<Sample> f, c;
    CURL* h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, rt_url.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &discard);
    curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    for (int i = 0; i < runs * 10 + 20; ++i) {
      // Interleaved, so load changes hit both alike.
      Sample a = measure([&] { client.load_namespace(ns); });
      Sample b = measure([&] {
        if (curl_easy_perform(h) != CURLE_OK) std::abort();
      });
      if (i >= 20) {
        f.push_back(a);
        c.push_back(b);
      }
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    floe_rt = median(f);
    curl_rt = median(c);
    // The curl CLI's own time_total (process start excluded), median of runs.
    std::vector<double> cli;
    for (int i = 0; i < runs; ++i) {
      std::string cmd = "curl -s -o /dev/null -w '%{time_total}' '" + rt_url + "'";
      FILE* p = popen(cmd.c_str(), "r");
      char buf[64] = {0};
      if (p != nullptr && std::fgets(buf, sizeof buf, p) != nullptr) cli.push_back(std::atof(buf) * 1e3);
      if (p != nullptr) pclose(p);
    }
    std::sort(cli.begin(), cli.end());
    if (!cli.empty()) curl_cli_ms = cli[cli.size() / 2];
    client.drop_namespace(ns);
  }
  double load_after = load_average();
  fs::remove_all(dir);

  if (as_json) {
    std::printf(
        "{\"snapshots\": %d, \"runs\": %d, \"file_mb\": %.2f, \"load_wall_ms\": %.2f, \"load_cpu_ms\": %.2f, "
        "\"plan_wall_ms\": %.3f, \"plan_cpu_ms\": %.3f, \"plan_removed\": %zu, \"peak_mb\": %.2f, \"retained_mb\": %.2f, "
        "\"peak_over_file\": %.2f, \"roundtrip_floe_ms\": %.3f, \"roundtrip_libcurl_ms\": %.3f, \"roundtrip_overhead_ms\": %.3f, "
        "\"roundtrip_floe_cpu_ms\": %.3f, \"roundtrip_libcurl_cpu_ms\": %.3f, \"curl_cli_time_total_ms\": %.3f, "
        "\"load_average_before\": %.2f, \"load_average_after\": %.2f}\n",
        snapshots, runs, file_mb, load_m.wall_ms, load_m.cpu_ms, plan_m.wall_ms, plan_m.cpu_ms, removed, peak_mb,
        retained_mb, peak_mb / file_mb, floe_rt.wall_ms, curl_rt.wall_ms, floe_rt.wall_ms - curl_rt.wall_ms,
        floe_rt.cpu_ms, curl_rt.cpu_ms, curl_cli_ms, load_before, load_after);
    return 0;
  }
  std::printf("metadata.json with %d snapshots: %.2f MB (median of %d runs)\n", snapshots, file_mb, runs);
  std::printf("  load (read + parse into the model)  %8.2f ms wall  %8.2f ms CPU   target < 50 ms\n", load_m.wall_ms, load_m.cpu_ms);
  std::printf("  expiry planning (%zu removed)      %8.3f ms wall  %8.3f ms CPU   target < 20 ms\n", removed, plan_m.wall_ms, plan_m.cpu_ms);
  std::printf("  memory: peak +%.2f MB (%.2fx the file), %.2f MB kept by the model   target < 5x\n", peak_mb,
              peak_mb / file_mb, retained_mb);
  if (!catalog_uri.empty()) {
    std::printf("catalog round trip, GET %s (median of %d)\n", rt_url.c_str(), runs * 10);
    std::printf("  floe load_namespace  %7.3f ms wall  %7.3f ms CPU\n", floe_rt.wall_ms, floe_rt.cpu_ms);
    std::printf("  bare libcurl GET     %7.3f ms wall  %7.3f ms CPU\n", curl_rt.wall_ms, curl_rt.cpu_ms);
    std::printf("  overhead             %7.3f ms                     target < 1 ms\n", floe_rt.wall_ms - curl_rt.wall_ms);
    std::printf("  curl CLI time_total  %7.3f ms (new connection each run, process start excluded)\n", curl_cli_ms);
  }
  std::printf("1-minute load average: %.2f before, %.2f after (%u cores)\n", load_before, load_after,
              static_cast<unsigned>(std::thread::hardware_concurrency()));
  return 0;
}
