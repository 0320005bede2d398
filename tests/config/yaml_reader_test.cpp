#include <catch2/catch.hpp>

#include "config/yaml_reader.hpp"
#include "config/yaml_scalar.hpp"
#include "yaml_reading_dump.hpp"

using boost::json::value;
using floe::resolve_plain_scalar;

namespace {
struct Read {
  bool ok;
  floe::LocatedDocument doc;
  floe::Diagnostics diags;
};
Read read(const std::string& text) {
  Read r;
  r.ok = floe::read_yaml_document(text, "in.yaml", r.doc, r.diags);
  return r;
}
}  // namespace

TEST_CASE("plain scalars resolve by the YAML 1.2 core schema", "[yaml]") {
  CHECK(resolve_plain_scalar("~").is_null());
  CHECK(resolve_plain_scalar("null").is_null());
  CHECK(resolve_plain_scalar("").is_null());
  CHECK(resolve_plain_scalar("True") == value(true));
  CHECK(resolve_plain_scalar("false") == value(false));
  CHECK(resolve_plain_scalar("42") == value(42));
  CHECK(resolve_plain_scalar("-7") == value(-7));
  CHECK(resolve_plain_scalar("0x1F") == value(31));
  CHECK(resolve_plain_scalar("0o17") == value(15));
  CHECK(resolve_plain_scalar("1.5") == value(1.5));
  CHECK(resolve_plain_scalar("1e3") == value(1000.0));
  CHECK(resolve_plain_scalar(".inf").get_double() > 1e308);
  CHECK(resolve_plain_scalar("-9223372036854775808") == value(INT64_MIN));
  CHECK(resolve_plain_scalar("18446744073709551615") == value(UINT64_MAX));
  // YAML 1.1 booleans and timestamps are plain strings in YAML 1.2.
  CHECK(resolve_plain_scalar("yes") == value("yes"));
  CHECK(resolve_plain_scalar("on") == value("on"));
  CHECK(resolve_plain_scalar("2027-03-31") == value("2027-03-31"));
  CHECK(resolve_plain_scalar("1.2.3") == value("1.2.3"));
}

TEST_CASE("quoted, block and !!str scalars stay strings", "[yaml]") {
  auto r = read("a: \"1\"\nb: 'true'\nc: |\n  42\nd: !!str 7\ne: 7\nf: ''\n");
  REQUIRE(r.ok);
  CHECK(r.doc.root.at("a") == value("1"));
  CHECK(r.doc.root.at("b") == value("true"));
  CHECK(r.doc.root.at("c") == value("42\n"));
  CHECK(r.doc.root.at("d") == value("7"));
  CHECK(r.doc.root.at("e") == value(7));
  CHECK(r.doc.root.at("f") == value(""));
}

TEST_CASE("every value and key has a 1-based location", "[yaml]") {
  auto r = read("metadata:\n  name: x\nlist:\n  - a\n  - {k: v}\nempty:\nlast: 1\n");
  REQUIRE(r.ok);
  auto at = [&](const std::string& p) {
    auto w = r.doc.locations.find(p).value_or(floe::SourceLocation{});
    return std::to_string(w.line) + ":" + std::to_string(w.column);
  };
  CHECK(at("") == "1:1");
  CHECK(at("metadata#key") == "1:1");
  CHECK(at("metadata.name#key") == "2:3");
  CHECK(at("metadata.name") == "2:9");
  CHECK(at("list[0]") == "4:5");
  CHECK(at("list[1].k#key") == "5:6");
  CHECK(at("list[1].k") == "5:9");
  // An empty value is placed just after its key, not on the next line.
  CHECK(at("empty") == "6:7");
  CHECK(r.doc.locations.find("last")->file == "in.yaml");
  CHECK_FALSE(r.doc.locations.contains("list[0]#key"));  // a sequence item has no key
  // Nearest-ancestor fallback for paths without their own location.
  CHECK(r.doc.at("metadata.missing").line == 2);
  CHECK(r.doc.key_at("metadata.name").column == 3);
}

TEST_CASE("YAML syntax errors are FLOE-C002 at the parser's position", "[yaml]") {
  auto r = read("a: 1\nb: [1, 2\nc: 3\n");
  CHECK_FALSE(r.ok);
  REQUIRE(r.diags.items().size() == 1);
  const auto& d = r.diags.items()[0];
  CHECK(d.code == "FLOE-C002");
  CHECK(d.where.file == "in.yaml");
  CHECK(d.where.line == 3);
  CHECK(d.message == "YAML syntax error: end of sequence flow not found");
}

// yaml-cpp 0.7's LoadAll never returns on these (jbeder/yaml-cpp#1040): the
// fuzzer found the first as a one-line manifest. Each must end as C002.
TEST_CASE("a ',' where a document's value starts is FLOE-C002, not a hang", "[yaml]") {
  for (const char* text : {",a", ",metadata:\n", "---\n,\n", "# a manifest\n,\n"}) {
    INFO(text);
    auto r = read(text);
    CHECK_FALSE(r.ok);
    REQUIRE(r.diags.items().size() == 1);
    CHECK(r.diags.items()[0].code == "FLOE-C002");
    CHECK(r.diags.items()[0].message.find("unexpected ','") != std::string::npos);
  }
  // Further in, yaml-cpp reports it itself.
  auto later = read("x: 1\n,a:\n");
  CHECK_FALSE(later.ok);
  REQUIRE_FALSE(later.diags.items().empty());
  CHECK(later.diags.items()[0].code == "FLOE-C002");
}

TEST_CASE("more than one YAML document is FLOE-C002", "[yaml]") {
  auto r = read("a: 1\n---\nb: 2\n");
  REQUIRE(r.diags.items().size() == 1);
  CHECK(r.diags.items()[0].code == "FLOE-C002");
  CHECK(r.diags.items()[0].where.line == 3);
  CHECK(r.diags.items()[0].message == "expected a single YAML document, found 2");
}

TEST_CASE("empty documents are FLOE-C004", "[yaml]") {
  for (const char* text : {"", "   \n", "# only a comment\n", "---\n", "~\n"}) {
    auto r = read(text);
    CHECK_FALSE(r.ok);
    REQUIRE(r.diags.items().size() == 1);
    CHECK(r.diags.items()[0].code == "FLOE-C004");
    CHECK(r.diags.items()[0].where.line == 1);
  }
}

TEST_CASE("duplicate keys are FLOE-C005 at the repeated key, the first wins", "[yaml]") {
  auto r = read("metadata:\n  name: a\n  owner: o\n  name: b\n");
  CHECK(r.ok);
  REQUIRE(r.diags.items().size() == 1);
  const auto& d = r.diags.items()[0];
  CHECK(d.code == "FLOE-C005");
  CHECK(d.where.line == 4);
  CHECK(d.where.column == 3);
  CHECK(d.subject == "metadata.name");
  CHECK(d.message == "duplicate key 'name' in 'metadata' (first defined at line 2)");
  CHECK(r.doc.root.at("metadata").at("name") == value("a"));
}

TEST_CASE("alias expansion bombs and self-references are cut off", "[yaml]") {
  const std::string bomb = floe::test::alias_bomb();
  auto r = read(bomb);
  CHECK_FALSE(r.ok);
  REQUIRE_FALSE(r.diags.empty());
  CHECK(r.diags.items()[0].code == "FLOE-C002");
}

TEST_CASE("a value and its key share one location entry, and the file name is shared, not copied", "[yaml]") {
  auto r = read("metadata:\n  name: x\nlist: [a, b]\n");
  REQUIRE(r.ok);
  // "", metadata, metadata.name, list, list[0], list[1]: one entry per value.
  CHECK(r.doc.locations.size() == 6);
  const std::optional<floe::Located> name = r.doc.locations.entry("metadata.name");
  REQUIRE(name.has_value());
  CHECK(name->value.line == 2);
  CHECK(name->key.column == 3);
  CHECK(name->value.file == name->key.file);
  CHECK(name->value.file == floe::intern_file_name("in.yaml"));
  // Set through the "#key" spelling, read back through it; moving an entry moves both.
  floe::LocationMap moved;
  moved.set("a#key", floe::SourceLocation{"x.yaml", 3, 4});
  CHECK_FALSE(moved.contains("a"));
  moved.set("a", floe::SourceLocation{"x.yaml", 3, 7});
  moved.put("b", *moved.entry("a"));
  CHECK(moved.find("b#key")->column == 4);
  CHECK(moved.find("b")->column == 7);
  CHECK(moved.find("b")->file == "x.yaml");
}

TEST_CASE("locations are found by exact path, whatever the keys hold, and move and erase by subtree", "[yaml]") {
  // A key with a '.' or '[' in it: its path reads like a deeper one, and is
  // still found exactly (entries compare the chain of suffixes, not a parse).
  auto r = read("x:\n  'a.b': 1\n  a:\n    b: 2\n  'c[0]': 3\n");
  REQUIRE(r.ok);
  floe::LocationMap& l = r.doc.locations;
  CHECK(l.find("x.a.b")->line == 2);  // the first entry with that path: the key "a.b"
  CHECK(l.find("x.a.b#key")->column == 3);
  CHECK(l.find("x.c[0]")->line == 5);
  CHECK_FALSE(l.contains("x.c"));
  CHECK(l.size() == 6);  // "", x, x.a.b (twice: both keys), x.a, x.c[0]
  // Moving a subtree moves every entry under it, keys included; nothing else.
  auto moved = l.under("x.a");
  CHECK(moved.size() == 3);  // x.a.b (both), x.a; nothing of x.c[0]
  l.erase_under("x");
  CHECK(l.size() == 1);
  for (const auto& [path, where] : moved) l.put("y" + path.substr(1), where);
  CHECK(l.find("y.a#key")->line == 3);
  CHECK(l.find("y.a.b")->line == 4);  // one path now: the later entry's put overwrote the first
  CHECK_FALSE(l.contains("x.a"));
  l.erase("y.a");
  CHECK_FALSE(l.contains("y.a"));
  CHECK(l.contains("y.a.b"));
  l.set("y.a", floe::SourceLocation{"in.yaml", 9, 9});  // set again after an erase
  CHECK(l.find("y.a")->line == 9);
}
