// The lineage sinks against a real HTTP receiver on 127.0.0.1 (the tests'
// OpenLineage receiver, not Marquez): delivery with the API key, and each
// fault a lineage server can have (unreachable, an error status, too slow,
// slower than the run), all dropped and counted, never thrown or hung on.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "lineage_receiver.hpp"
#include "observe/lineage/file_event_sink.hpp"
#include "observe/lineage/http_event_sink.hpp"
#include "temp_dir.hpp"

using namespace floe::observe;
using namespace floe::test;
using namespace std::chrono_literals;

namespace {

std::string event(int i) {
  return boost::json::serialize(boost::json::object{{"eventType", "START"}, {"n", i}});
}

HttpSinkOptions options_for(const std::string& url) {
  HttpSinkOptions o;
  o.url = url + "/api/v1/lineage";
  o.timeout = 2000ms;
  o.drain_timeout = 10000ms;
  return o;
}

}  // namespace

TEST_CASE("the HTTP sink posts every event, with the API key as a bearer token", "[lineage][sink]") {
  auto receiver = LineageReceiver::start(LineageReceiver::Mode::ok, 0, "k3y-planted");
  HttpSinkOptions o = options_for(receiver->url());
  o.headers = {"Authorization: Bearer k3y-planted"};
  HttpEventSink sink(o);
  for (int i = 0; i < 40; ++i) sink.send(event(i));
  sink.close();
  CHECK(sink.stats().delivered == 40);
  CHECK(sink.stats().dropped == 0);
  auto records = receiver->records();
  REQUIRE(records.size() == 40);
  CHECK(records.front().at("path") == "/api/v1/lineage");
  CHECK(records.front().at("authorization") == "Bearer k3y-planted");
  CHECK(records.back().at("event").at("n") == 39);  // in order
}

TEST_CASE("an unreachable server costs one attempt: every event is dropped and counted", "[lineage][sink]") {
  HttpEventSink sink(options_for("http://127.0.0.1:" + std::to_string(free_port())));
  for (int i = 0; i < 100; ++i) sink.send(event(i));
  sink.close();
  CHECK(sink.stats().delivered == 0);
  CHECK(sink.stats().dropped == 100);
  CHECK(sink.stats().first_problem.find("127.0.0.1") != std::string::npos);
}

TEST_CASE("a server answering 500 loses those events, and each later event is still tried", "[lineage][sink]") {
  auto receiver = LineageReceiver::start(LineageReceiver::Mode::fail500);
  HttpEventSink sink(options_for(receiver->url()));
  for (int i = 0; i < 10; ++i) sink.send(event(i));
  sink.close();
  CHECK(sink.stats().dropped == 10);
  CHECK(sink.stats().first_problem.find("HTTP 500") != std::string::npos);
  CHECK(receiver->records().size() == 10);
}

TEST_CASE("a server slower than the timeout is given up after one timeout", "[lineage][sink]") {
  auto receiver = LineageReceiver::start(LineageReceiver::Mode::slow, 5.0);
  HttpSinkOptions o = options_for(receiver->url());
  o.timeout = 300ms;
  HttpEventSink sink(o);
  for (int i = 0; i < 20; ++i) sink.send(event(i));
  sink.close();
  CHECK(sink.stats().delivered == 0);
  CHECK(sink.stats().dropped == 20);
  CHECK(sink.stats().first_problem.find("imed out") != std::string::npos);
}

TEST_CASE("events still queued when the drain timeout runs out are dropped and counted", "[lineage][sink]") {
  auto receiver = LineageReceiver::start(LineageReceiver::Mode::slow, 0.2);
  HttpSinkOptions o = options_for(receiver->url());
  o.drain_timeout = 500ms;
  HttpEventSink sink(o);
  for (int i = 0; i < 30; ++i) sink.send(event(i));
  sink.close();
  SinkStats s = sink.stats();
  CHECK(s.delivered + s.dropped == 30);
  CHECK(s.delivered >= 1);
  CHECK(s.dropped >= 20);
  CHECK(s.first_problem.find("drain timeout") != std::string::npos);
}

TEST_CASE("at most max_queued events wait: memory stays flat when the server is slower than the run",
          "[lineage][sink]") {
  auto receiver = LineageReceiver::start(LineageReceiver::Mode::slow, 0.2);
  HttpSinkOptions o = options_for(receiver->url());
  o.max_queued = 4;
  o.drain_timeout = 5000ms;
  HttpEventSink sink(o);
  for (int i = 0; i < 50; ++i) sink.send(event(i));
  sink.close();
  SinkStats s = sink.stats();
  CHECK(s.delivered + s.dropped == 50);
  CHECK(s.delivered <= 6);  // the one in flight and the four queued, give or take the first
  CHECK(s.first_problem.find("more slowly") != std::string::npos);
}

TEST_CASE("the file sink appends one line per event, and an unwritable file drops them, counted", "[lineage][sink]") {
  TempDir tmp;
  {
    FileEventSink sink((tmp.path() / "out" / "events.jsonl").string());
    for (int i = 0; i < 3; ++i) sink.send(event(i));
    sink.close();
    CHECK(sink.stats().delivered == 3);
  }
  {
    FileEventSink sink((tmp.path() / "out" / "events.jsonl").string());
    sink.send(event(3));
    sink.close();
  }
  CHECK(read_file(tmp.path() / "out" / "events.jsonl") ==
        event(0) + "\n" + event(1) + "\n" + event(2) + "\n" + event(3) + "\n");
  write_file(tmp.path() / "blocker", "a file where a directory should be");
  FileEventSink bad((tmp.path() / "blocker" / "events.jsonl").string());
  bad.send(event(0));
  bad.send(event(1));
  bad.close();
  CHECK(bad.stats().dropped == 2);
  CHECK(bad.stats().first_problem.find("cannot open") != std::string::npos);
}
