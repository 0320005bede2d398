// floe_validate_watch through the public C API: a real project edited on
// disk while the watch runs on its own thread. After every round, the
// diagnostics the watch says stand (the first report's, with each round's
// appeared added and resolved taken away) are exactly what a fresh validate
// reports, and an edit of a model file is judged without a whole validate.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "floe/floe.h"

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string example(const std::string& rel) { return std::string(FLOE_TEST_SOURCE_DIR) + "/examples/" + rel; }

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::trunc) << text;
}

// A diagnostic as a comparable line.
std::string key_of(const json::value& d) {
  auto field = [&](const char* k) {
    const json::value* v = d.as_object().if_contains(k);
    return v == nullptr ? std::string() : v->is_string() ? std::string(v->as_string()) : json::serialize(*v);
  };
  return field("severity") + "|" + field("code") + "|" + field("file") + ":" + field("line") + ":" +
         field("column") + "|" + field("message") + "|" + field("hint");
}

std::map<std::string, int> multiset(const json::array& diagnostics) {
  std::map<std::string, int> out;
  for (const auto& d : diagnostics) ++out[key_of(d)];
  return out;
}

// The watch on its own thread; rounds collected as they come.
class Watching {
 public:
  explicit Watching(std::string request) : request_(std::move(request)) {
    thread_ = std::thread([this] {
      floe_watch_observer observer = FLOE_WATCH_OBSERVER_INIT;
      observer.on_round = [](void* self, const char* text, size_t length) {
        auto& w = *static_cast<Watching*>(self);
        std::lock_guard<std::mutex> lock(w.mutex_);
        w.rounds_.push_back(json::parse(std::string_view(text, length)));
        w.changed_.notify_all();
      };
      observer.should_stop = [](void* self) -> int32_t { return static_cast<Watching*>(self)->stop_ ? 1 : 0; };
      observer.user_data = this;
      floe_error error = FLOE_ERROR_INIT;
      status_ = floe_validate_watch(request_.c_str(), &observer, &error);
      floe_error_release(&error);
    });
  }
  ~Watching() {
    stop_ = true;
    thread_.join();
  }
  // The next round, waiting up to 30 s for it.
  json::value next() {
    std::unique_lock<std::mutex> lock(mutex_);
    REQUIRE(changed_.wait_for(lock, std::chrono::seconds(30), [&] { return rounds_.size() > seen_; }));
    return rounds_[seen_++];
  }
  floe_status status() const { return status_; }

 private:
  std::string request_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<json::value> rounds_;
  std::size_t seen_ = 0;
  std::atomic<bool> stop_{false};
  floe_status status_ = FLOE_OK;
};

json::value validate(const std::string& request) {
  floe_buffer out = FLOE_BUFFER_INIT;
  floe_error error = FLOE_ERROR_INIT;
  REQUIRE(floe_compile_run(request.c_str(), &out, &error) == FLOE_OK);
  json::value report = json::parse(std::string_view(out.data, out.length));
  floe_buffer_release(&out);
  floe_error_release(&error);
  return report;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool has_code(const json::array& list, const std::string& code) {
  for (const auto& d : list)
    if (d.at("code") == code.c_str()) return true;
  return false;
}

}  // namespace

TEST_CASE("floe_validate_watch: every round leaves what a fresh validate reports, edits of models judged alone",
          "[capi][watch]") {
  const fs::path dir = fs::temp_directory_path() / ("floe-watch-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  ::setenv("XDG_CACHE_HOME", (dir / "cache").c_str(), 1);
  const fs::path p = dir / "product";
  write(p / "floe.yaml", "apiVersion: floe.dev/v1\nkind: DataProduct\n"
                         "metadata: {name: watched, version: 1.0.0, owner: data@example.com}\n"
                         "platform: {ref: '" + example("platform/manifest.yaml") + "'}\n"
                         "transforms: [{type: dbt, path: .}]\n");
  write(p / "dbt_project.yml", "name: watched\nversion: '1.0.0'\nconfig-version: 2\nprofile: watched\n"
                               "model-paths: ['models']\n");
  write(p / "models/bronze/bronze_orders.sql", "select 1 as order_id, 2 as amount\n");
  write(p / "models/silver/silver_orders.sql", "select * from {{ ref('bronze_orders') }}\n");
  write(p / "models/gold/gold_revenue.sql", "select sum(amount) from {{ ref('silver_orders') }}\n");
  write(p / "models/orders_raw.sql", "select 1 as x\n");  // no layer prefix: an error that stays throughout
  const std::string models_yml =
      "version: 2\nmodels:\n"
      "  - name: bronze_orders\n    description: Orders as they land.\n"
      "    columns:\n      - name: order_id\n        description: The order.\n        data_tests: [not_null, unique]\n"
      "  - name: silver_orders\n    description: Orders cleaned.\n"
      "    columns:\n      - name: order_id\n        description: The order.\n        data_tests: [not_null, unique]\n";
  write(p / "models/_models.yml", models_yml);
  // Older than the parse cache's two seconds of doubt.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));

  const std::string request =
      json::serialize(json::object{{"operation", "validate"}, {"product", (p / "floe.yaml").string()}});
  std::map<std::string, int> standing;
  auto apply = [&](const json::value& round) {
    for (const auto& d : round.at("appeared").as_array()) ++standing[key_of(d)];
    for (const auto& d : round.at("resolved").as_array())
      if (--standing[key_of(d)] == 0) standing.erase(key_of(d));
  };
  auto same_as_fresh = [&](const json::value& round) {
    json::value fresh = validate(request);
    CHECK(standing == multiset(fresh.at("diagnostics").as_array()));
    CHECK(round.at("outcome") == fresh.at("outcome"));
    CHECK(round.at("counts").at("errors") == fresh.at("counts").at("errors"));
    CHECK(round.at("counts").at("warnings") == fresh.at("counts").at("warnings"));
  };

  Watching watch(request);
  json::value first = watch.next();
  CHECK(first.at("round") == 0);
  CHECK(first.at("full") == true);
  REQUIRE(first.as_object().contains("report"));
  CHECK(first.at("report").at("outcome") == "policy_violation");
  apply(first);
  same_as_fresh(first);
  const auto errors_before = first.at("counts").at("errors").as_int64();
  CHECK(errors_before > 0);

  SECTION("model edits are judged alone, whole reads and whole validates where they must be") {
    // 1. A ref() to a model that does not exist: FLOE-E301 appears.
    write(p / "models/silver/silver_orders.sql",
          "select * from {{ ref('bronze_orders') }} join {{ ref('bronze_missing') }} using (order_id)\n");
    json::value r1 = watch.next();
    CHECK(r1.at("full") == false);
    CHECK(has_code(r1.at("appeared").as_array(), "FLOE-E301"));
    CHECK(r1.at("resolved").as_array().empty());
    apply(r1);
    same_as_fresh(r1);

    // 2. A placeholder description in the properties file.
    std::string tbd = models_yml;
    tbd.replace(tbd.find("Orders cleaned."), 15, "TBD");
    write(p / "models/_models.yml", tbd);
    json::value r2 = watch.next();
    CHECK(r2.at("full") == false);
    CHECK_FALSE(r2.at("appeared").as_array().empty());
    apply(r2);
    same_as_fresh(r2);

    // 3. The ref() fixed: FLOE-E301 goes away.
    write(p / "models/silver/silver_orders.sql", "select * from {{ ref('bronze_orders') }}\n");
    json::value r3 = watch.next();
    CHECK(r3.at("full") == false);
    CHECK(has_code(r3.at("resolved").as_array(), "FLOE-E301"));
    apply(r3);
    same_as_fresh(r3);

    // 4. A new model (the project read whole again, still no whole validate).
    write(p / "models/gold/gold_margin.sql", "select * from {{ ref('silver_orders') }}\n");
    json::value r4 = watch.next();
    CHECK(r4.at("full") == false);
    CHECK_FALSE(r4.at("appeared").as_array().empty());
    apply(r4);
    same_as_fresh(r4);

    // 5. A cycle through three models: FLOE-E302, found on the whole project.
    write(p / "models/bronze/bronze_orders.sql", "select * from {{ ref('gold_revenue') }}\n");
    json::value r5 = watch.next();
    CHECK(r5.at("full") == false);
    CHECK(has_code(r5.at("appeared").as_array(), "FLOE-E302"));
    apply(r5);
    same_as_fresh(r5);

    // 6. A properties file that does not parse: a whole validate says so.
    write(p / "models/_models.yml", "version: 2\nmodels: [\n");
    json::value r6 = watch.next();
    CHECK(r6.at("full") == true);
    apply(r6);
    same_as_fresh(r6);

    // 7. floe.yaml saved again: a whole validate, nothing changed.
    write(p / "models/_models.yml", models_yml);
    apply(watch.next());
    std::string product_text;
    {
      std::ifstream in(p / "floe.yaml");
      product_text.assign(std::istreambuf_iterator<char>(in), {});
    }
    write(p / "floe.yaml", product_text);
    json::value r7 = watch.next();
    CHECK(r7.at("full") == true);
    CHECK(r7.at("appeared").as_array().empty());
    CHECK(r7.at("resolved").as_array().empty());
    apply(r7);
    same_as_fresh(r7);
  }
  SECTION("a folder removed and made again (a branch checked out) is still watched") {
    const std::string gold = read_text(p / "models/gold/gold_revenue.sql");
    fs::remove_all(p / "models/gold");
    apply(watch.next());  // gold_revenue is gone: read whole
    write(p / "models/gold/gold_revenue.sql", gold);
    apply(watch.next());
    write(p / "models/gold/gold_revenue.sql", "select * from {{ ref('bronze_missing') }}\n");
    json::value r = watch.next();
    CHECK(r.at("full") == false);
    CHECK(has_code(r.at("appeared").as_array(), "FLOE-E301"));
    apply(r);
    same_as_fresh(r);
  }
  SECTION("a model swapped for a symlink out of the project is FLOE-D007, and what it points at is never read") {
    // An editor's save by rename: the symlink is made under a hidden name
    // and moved over the model, so the watch sees the model's name change.
    write(dir / "outside/leak.sql", "select * from {{ ref('bronze_leaked_name') }}\n");
    fs::create_symlink(dir / "outside/leak.sql", p / "models/silver/.silver_orders.sql.new");
    fs::rename(p / "models/silver/.silver_orders.sql.new", p / "models/silver/silver_orders.sql");
    json::value r = watch.next();
    CHECK(has_code(r.at("appeared").as_array(), "FLOE-D007"));
    // Had the file behind the symlink been read, its ref() would be FLOE-E301.
    CHECK_FALSE(has_code(r.at("appeared").as_array(), "FLOE-E301"));
    CHECK(json::serialize(r).find("bronze_leaked_name") == std::string::npos);
    apply(r);
    same_as_fresh(r);
    // The model saved back as a file (renamed over the symlink): D007 goes away.
    write(p / "models/silver/.silver_orders.sql.new", "select * from {{ ref('bronze_orders') }}\n");
    fs::rename(p / "models/silver/.silver_orders.sql.new", p / "models/silver/silver_orders.sql");
    json::value back = watch.next();
    CHECK(has_code(back.at("resolved").as_array(), "FLOE-D007"));
    apply(back);
    same_as_fresh(back);
    CHECK_FALSE(standing.empty());
    for (const auto& [key, count] : standing) CHECK(key.find("FLOE-D007") == std::string::npos);
  }
  SECTION("editors' temporaries and dbt's own outputs start no round") {
    write(p / "models/silver/.silver_orders.sql.swp", "x");
    write(p / "target/manifest.json", "{}");
    write(p / "models/silver/sedX1b2c3", "x");
    write(p / "models/silver/silver_orders.sql", "select * from {{ ref('bronze_orders') }} -- saved\n");
    json::value r = watch.next();
    CHECK(r.at("full") == false);
    CHECK(r.at("appeared").as_array().empty());
    CHECK(r.at("resolved").as_array().empty());
    apply(r);
    same_as_fresh(r);
  }
  fs::remove_all(dir);
}

TEST_CASE("floe_validate_watch: refuses what is not a validate request, a deadline and a short observer", "[capi][watch]") {
  floe_watch_observer observer = FLOE_WATCH_OBSERVER_INIT;
  floe_error error = FLOE_ERROR_INIT;
  CHECK(floe_validate_watch(R"({"operation": "compile"})", &observer, &error) == FLOE_ERR_INVALID_ARGUMENT);
  REQUIRE(error.message != nullptr);
  CHECK(std::string(error.message).find("runs \"validate\"") != std::string::npos);
  floe_error_release(&error);
  observer.struct_size = 8;
  CHECK(floe_validate_watch(R"({"operation": "validate"})", &observer, &error) == FLOE_ERR_INVALID_ARGUMENT);
  floe_error_release(&error);
  CHECK(floe_validate_watch(R"({"operation": "validate"})", nullptr, &error) == FLOE_ERR_INVALID_ARGUMENT);
  floe_error_release(&error);
  observer.struct_size = sizeof observer;
  CHECK(floe_validate_watch(R"({"operation": "validate", "deadline_ms": 1000})", &observer, &error) ==
        FLOE_ERR_INVALID_ARGUMENT);
  REQUIRE(error.message != nullptr);
  CHECK(std::string(error.message).find("deadline_ms") != std::string::npos);
  floe_error_release(&error);
}
