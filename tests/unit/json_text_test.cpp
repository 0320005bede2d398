// serialize_json: the library's JSON responses are valid UTF-8 whatever bytes
// the strings in them hold (user files and file names may hold any).
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "capi/report_json.hpp"
#include "base/json_text.hpp"

TEST_CASE("serialize_json keeps valid UTF-8 and replaces every invalid sequence with U+FFFD", "[json]") {
  const boost::json::value ok = {{"name", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"}, {"n", 1}};
  CHECK(floe::serialize_json(ok) == boost::json::serialize(ok));

  const std::string replacement = "\xEF\xBF\xBD";
  const struct {
    const char* bytes;
    std::string shown;
  } cases[] = {
      {"a\xE9z", "a" + replacement + "z"},                       // Latin-1
      {"\xFF\xFE", replacement + replacement},                   // never valid
      {"\xC0\xAF", replacement + replacement},                   // overlong '/'
      {"\xED\xA0\x80", replacement + replacement + replacement}, // a surrogate
      {"\xF4\x90\x80\x80", replacement + replacement + replacement + replacement},  // above U+10FFFF
      {"x\xE2\x82", "x" + replacement + replacement},            // truncated at the end
  };
  for (const auto& c : cases) {
    // Behind ASCII of every length up to two words and more: valid_utf8
    // checks ASCII eight bytes at a time.
    for (std::size_t pad = 0; pad < 20; ++pad) {
      const std::string ascii(pad, 'p');
      const boost::json::value v = {{"message", ascii + c.bytes + ascii}, {"ok", ascii + "\xC3\xA9" + ascii}};
      const std::string text = floe::serialize_json(v);
      boost::system::error_code ec;
      const boost::json::value back = boost::json::parse(text, ec);
      INFO(pad);
      REQUIRE_FALSE(ec);
      CHECK(back.at("message").as_string() == ascii + c.shown + ascii);
      CHECK(back.at("ok").as_string() == ascii + "\xC3\xA9" + ascii);
    }
  }
}

TEST_CASE("append_json_string escapes every byte as boost::json::serialize does", "[json]") {
  // Every byte at every place in a word and past it: plain text is skipped
  // eight bytes at a time.
  for (int c = 0; c < 256; ++c)
    for (std::size_t before = 0; before < 18; ++before) {
      const std::string s = std::string(before, 'a') + static_cast<char>(c) + std::string(17 - before, 'b');
      std::string mine;
      floe::append_json_string(mine, s);
      CAPTURE(c, before);
      REQUIRE(mine == boost::json::serialize(boost::json::value(s)));
    }
  // And neighbours that are one off what must be escaped ('!', ']', 0x1f, 0x20, 0x7f, 0x80).
  const std::string edges = "!]\x1f \x7f\x80\xff\\\"#[^_`{|}~ 0123456789abcdefghij";
  std::string mine;
  floe::append_json_string(mine, edges);
  CHECK(mine == boost::json::serialize(boost::json::value(edges)));
  std::string mixed;
  floe::append_json_string(mixed, "\"quoted\" \\ tab\t nl\n \x01\x1f caf\xC3\xA9 \xE9 /");
  CHECK(mixed == boost::json::serialize(boost::json::value("\"quoted\" \\ tab\t nl\n \x01\x1f caf\xC3\xA9 \xE9 /")));
}

TEST_CASE("compile_report_json_text writes what serialize_json of the report's DOM writes", "[json]") {
  floe::CompileReport r;
  floe::Stage& load = r.stage("Loading \"platform\"");
  load.lines.push_back({"ok", "Platform: acme \xE9"});
  floe::Stage& last = r.stage("Enforcing governance");
  last.lines.push_back({"error", "3 errors"});
  floe::Diagnostic full;
  full.severity = floe::Severity::error;
  full.code = "FLOE-E201";
  full.category = "naming";
  full.message = "model 'stg_x' \"breaks\" the rule\n\tsecond line \x02 \xFF";
  full.where = floe::SourceLocation{"models/a b/\xC3\xA9.sql", 12, 3};
  full.subject = "stg_x";
  full.expected = "bronze_*";
  full.actual = "stg_";
  full.hint = "rename it \\ like this";
  full.override_applied = "waiver W-1";
  full.related.push_back({floe::SourceLocation{"models/\"x\".yml", 4, 9}, "column 'x' of model \"x\""});
  full.related.push_back({floe::SourceLocation{"floe.yaml", 0, 0}, ""});
  r.diagnostics.add(full);
  floe::Diagnostic bare;
  bare.severity = floe::Severity::warning;
  bare.code = "FLOE-D010";
  bare.message = "m";
  r.diagnostics.add(bare);
  floe::Diagnostic note;
  note.severity = floe::Severity::note;
  note.code = "FLOE-I001";
  note.message = "n";
  note.where = floe::SourceLocation{"f", 0, 7};
  r.diagnostics.add(note);
  r.enforcement_json = R"({"passed":false,"coverage":75,"models":[1,2],"x":null})";  // as floe writes it: no doubles
  r.written = {"target/a.json", "target/\xE9.yml"};
  r.conclude(last);

  const boost::json::object head{{"api_version", 1}};
  boost::json::object tail{{"result", boost::json::parse(R"({"k": [true, 1.5, "\u00e9"]})")}, {"cache", "hit"}};
  boost::json::object whole = head;
  const boost::json::value report = floe::compile_report_to_json(r);
  for (const auto& [key, value] : report.as_object()) whole[key] = value;
  for (const auto& [key, value] : tail) whole[key] = value;
  CHECK(floe::compile_report_json_text(r, head, tail) == floe::serialize_json(whole));

  const floe::CompileReport empty;
  CHECK(floe::compile_report_json_text(empty, {}, {}) == floe::serialize_json(floe::compile_report_to_json(empty)));
}
