// The REST client against the real Apache Iceberg REST fixture (one server
// for the program): config, namespaces, tables, commits, rename, drop, and
// the C API end to end.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <cstdlib>

#include "catalog_support.hpp"
#include "floe/iceberg.h"
#include "iceberg/catalog_client.hpp"

using namespace floe::iceberg;
using floe::test::error_of;
using floe::test::IcebergRestServer;
using floe::test::options_for;
using floe::test::simple_schema;
using floe::test::unique_name;
namespace json = boost::json;

namespace {
IcebergRestServer& server() { return IcebergRestServer::shared(); }
}  // namespace

TEST_CASE("catalog: a missing fixture jar is a clear error naming scripts/fetch-iceberg-rest") {
  ::setenv("FLOE_ICEBERG_REST_JAR", "/nonexistent/iceberg-open-api.jar", 1);
  CHECK_THROWS_WITH(IcebergRestServer::start(), Catch::Contains("scripts/fetch-iceberg-rest") &&
                                                    Catch::Contains("/nonexistent/iceberg-open-api.jar"));
  ::unsetenv("FLOE_ICEBERG_REST_JAR");
}

TEST_CASE("catalog: GET /v1/config merges defaults, client properties and overrides") {
  ClientOptions o = options_for(server().uri());
  o.properties = {{"clients", "2"}, {"client.only", "x"}};
  RestCatalog catalog(o);
  const CatalogConfig& cfg = catalog.connect();
  CHECK_FALSE(cfg.endpoints.empty());
  CHECK(cfg.merged.at("clients") == "2");
  CHECK(cfg.prefix.empty());

  // Through a proxy that adds defaults, overrides and a prefix the client must use.
  floe::test::IcebergFaultScenario s;
  s.config_defaults = {{"clients", "4"}, {"default.only", "d"}};
  s.config_overrides = {{"clients", "8"}, {"prefix", "wh-1"}};
  auto proxy = floe::test::IcebergFaultProxy::start(server(), s);
  ClientOptions po = options_for(proxy->uri());
  po.properties = {{"clients", "2"}};
  RestCatalog via(po);
  const CatalogConfig& merged = via.connect();
  CHECK(merged.merged.at("clients") == "8");        // overrides win
  CHECK(merged.merged.at("default.only") == "d");   // defaults fill in
  CHECK(merged.prefix == "wh-1");
  std::string ns = unique_name("prefixed");
  via.create_namespace({ns});
  CHECK(via.namespace_exists({ns}));
  bool prefixed = false;
  for (const auto& r : proxy->requests())
    if (r.path == "/v1/wh-1/namespaces" && r.method == "POST") prefixed = true;
  CHECK(prefixed);
  via.drop_namespace({ns});
}

TEST_CASE("catalog: namespaces are created (nested too), listed with a parent and pages, loaded, updated and dropped") {
  RestCatalog catalog(options_for(server().uri()));
  std::string top = unique_name("floe_ns");
  NamespaceInfo created = catalog.create_namespace({top}, {{"owner", "team-a"}, {"comment", "c"}});
  CHECK(created.properties.at("owner") == "team-a");
  catalog.create_namespace({top, "child"});
  catalog.create_namespace({top, "child2"});

  auto all = catalog.list_namespaces();
  CHECK(std::find(all.begin(), all.end(), Namespace{top}) != all.end());
  auto children = catalog.list_namespaces({top});
  CHECK(children == std::vector<Namespace>{{top, "child"}, {top, "child2"}});
  auto first = catalog.list_namespaces_page({top}, "", 1);
  CHECK(first.items.size() == 1);
  CHECK_FALSE(first.next_page_token.empty());
  CHECK(catalog.list_namespaces({top}, 1) == children);  // every page, one at a time

  NamespaceInfo loaded = catalog.load_namespace({top});
  CHECK(loaded.properties.at("comment") == "c");
  CHECK(catalog.namespace_exists({top, "child"}));
  CHECK_FALSE(catalog.namespace_exists({top, "nope"}));

  NamespacePropertiesResult u = catalog.update_namespace_properties({top}, {{"owner", "team-b"}}, {"comment", "absent"});
  CHECK(u.updated == std::vector<std::string>{"owner"});
  CHECK(u.removed == std::vector<std::string>{"comment"});
  CHECK(u.missing == std::vector<std::string>{"absent"});
  loaded = catalog.load_namespace({top});
  CHECK(loaded.properties.at("owner") == "team-b");
  CHECK(loaded.properties.count("comment") == 0);

  Error exists = error_of([&] { catalog.create_namespace({top}); });
  CHECK(exists.kind() == ErrorKind::already_exists);
  CHECK(exists.info().http_status == 409);
  CHECK(exists.info().catalog_type == "AlreadyExistsException");
  CHECK_THAT(exists.what(), Catch::Contains("create namespace " + top));

  catalog.drop_namespace({top, "child"});
  catalog.drop_namespace({top, "child2"});
  catalog.drop_namespace({top});
  Error gone = error_of([&] { catalog.load_namespace({top}); });
  CHECK(gone.kind() == ErrorKind::not_found);
  CHECK(gone.info().catalog_type == "NoSuchNamespaceException");
  CHECK_THAT(gone.what(), Catch::Contains("load namespace " + top) && Catch::Contains("HTTP 404"));
  CHECK(error_of([&] { catalog.create_namespace({}); }).kind() == ErrorKind::invalid_argument);
}

TEST_CASE("catalog: a table is created with a nested schema, a partition spec, a sort order and properties, then loaded and listed") {
  RestCatalog catalog(options_for(server().uri()));
  std::string ns = unique_name("floe_tables");
  catalog.create_namespace({ns});
  CreateTableRequest req;
  req.name = "orders";
  req.schema = simple_schema();
  NestedField ts;
  ts.id = 3;
  ts.name = "ts";
  ts.type.primitive = "timestamptz";
  NestedField items;
  items.id = 4;
  items.name = "items";
  items.type.kind = TypeKind::list;
  items.type.element_id = 5;
  Type element;
  element.kind = TypeKind::struct_type;
  NestedField sku;
  sku.id = 6;
  sku.name = "sku";
  sku.required = true;
  sku.type.primitive = "string";
  element.fields = {sku};
  items.type.children = {element};
  NestedField attrs;
  attrs.id = 7;
  attrs.name = "attrs";
  attrs.type.kind = TypeKind::map;
  attrs.type.key_id = 8;
  attrs.type.value_id = 9;
  Type k, v;
  k.primitive = "string";
  v.primitive = "decimal(12,2)";
  attrs.type.children = {k, v};
  req.schema.fields.push_back(ts);
  req.schema.fields.push_back(items);
  req.schema.fields.push_back(attrs);
  req.schema.identifier_field_ids = {1};
  PartitionSpec spec;
  spec.fields = {{3, 0, "ts_day", "day"}, {1, 0, "id_bucket", "bucket[8]"}};
  req.partition_spec = spec;
  SortOrder order;
  order.order_id = 1;
  order.fields = {{1, "identity", "asc", "nulls-first"}};
  req.write_order = order;
  req.properties = {{"floe.product", "orders"}, {"format-version", "2"}};
  LoadTableResult created = catalog.create_table({ns}, req);
  CHECK(created.metadata_location.has_value());
  CHECK(created.metadata.format_version == 2);
  const Schema* schema = created.metadata.current_schema();
  REQUIRE(schema != nullptr);
  REQUIRE(schema->fields.size() == 5);
  CHECK(schema->fields[3].type.kind == TypeKind::list);
  CHECK(schema->fields[3].type.children.at(0).fields.at(0).name == "sku");
  CHECK(schema->fields[4].type.children.at(1).primitive == "decimal(12, 2)");  // the catalog's spelling
  CHECK(created.metadata.properties.at("floe.product") == "orders");

  LoadTableResult loaded = catalog.load_table({{ns}, "orders"});
  REQUIRE(loaded.metadata.partition_specs.size() == 1);
  const auto& fields = loaded.metadata.partition_specs[0].fields;
  REQUIRE(fields.size() == 2);
  CHECK(fields[0].transform == "day");
  CHECK(fields[1].transform == "bucket[8]");
  const SortOrder* default_order = nullptr;
  for (const auto& o : loaded.metadata.sort_orders)
    if (o.order_id == loaded.metadata.default_sort_order_id) default_order = &o;
  REQUIRE(default_order != nullptr);
  CHECK(default_order->fields.size() == 1);
  CHECK(loaded.metadata.snapshots.empty());
  CHECK(loaded.metadata_json.contains("table-uuid"));

  for (int i = 0; i < 4; ++i) {
    CreateTableRequest more;
    more.name = "t" + std::to_string(i);
    more.schema = simple_schema();
    catalog.create_table({ns}, more);
  }
  auto tables = catalog.list_tables({ns});
  CHECK(tables.size() == 5);
  auto page = catalog.list_tables_page({ns}, "", 2);
  CHECK(page.items.size() == 2);
  CHECK_FALSE(page.next_page_token.empty());
  CHECK(catalog.list_tables({ns}, 2) == tables);
  CHECK(catalog.table_exists({{ns}, "orders"}));
  CHECK_FALSE(catalog.table_exists({{ns}, "nope"}));

  Error dup = error_of([&] { catalog.create_table({ns}, req); });
  CHECK(dup.kind() == ErrorKind::already_exists);
  Error missing = error_of([&] { catalog.load_table({{ns}, "nope"}); });
  CHECK(missing.kind() == ErrorKind::not_found);
  CHECK(missing.info().http_status == 404);
  CHECK(missing.info().catalog_type == "NoSuchTableException");
  CHECK(missing.info().identifier == ns + ".nope");
  CHECK_THAT(missing.what(), Catch::Contains("load table " + ns + ".nope"));
  CHECK(missing.info().catalog_message.find("\tat ") == std::string::npos);  // no Java stack
}

TEST_CASE("catalog: commits with requirements, a failed requirement is a 409 conflict, a planner re-plans after one") {
  RestCatalog catalog(options_for(server().uri()));
  std::string ns = unique_name("floe_commits");
  catalog.create_namespace({ns});
  CreateTableRequest req;
  req.name = "t";
  req.schema = simple_schema();
  TableIdentifier id{{ns}, "t"};
  LoadTableResult t = catalog.create_table({ns}, req);

  CommitRequest ok;
  ok.requirements.push_back(requirement::table_uuid(t.metadata.table_uuid));
  ok.requirements.push_back(requirement::current_schema_id(t.metadata.current_schema_id));
  ok.requirements.push_back(requirement::ref_snapshot_id("main", std::nullopt));
  ok.updates.push_back(update::set_properties({{"a", "1"}, {"b", "2"}}));
  CommitResult r = catalog.commit_table(id, ok);
  CHECK(r.metadata.properties.at("a") == "1");
  CHECK(r.metadata_location != t.metadata_location.value_or(""));

  // Schema evolution with its requirement.
  Schema evolved = simple_schema();
  NestedField extra;
  extra.id = 3;
  extra.name = "extra";
  extra.type.primitive = "int";
  evolved.fields.push_back(extra);
  evolved.schema_id = 1;
  CommitRequest evolve;
  evolve.requirements.push_back(requirement::current_schema_id(0));
  evolve.updates.push_back(update::add_schema(evolved));
  evolve.updates.push_back(update::set_current_schema(-1));
  evolve.updates.push_back(update::remove_properties({"b"}));
  r = catalog.commit_table(id, evolve);
  CHECK(r.metadata.current_schema_id == 1);
  CHECK(r.metadata.current_schema()->fields.size() == 3);
  CHECK(r.metadata.properties.count("b") == 0);

  // The same requirement again fails: the schema is 1 now.
  Error conflict = error_of([&] { catalog.commit_table(id, evolve); });
  CHECK(conflict.kind() == ErrorKind::conflict);
  CHECK(conflict.info().http_status == 409);
  CHECK(conflict.info().catalog_type == "CommitFailedException");
  CHECK_THAT(conflict.what(), Catch::Contains("commit " + ns + ".t"));
  CommitRequest wrong_uuid;
  wrong_uuid.requirements.push_back(requirement::table_uuid("00000000-0000-0000-0000-000000000000"));
  wrong_uuid.updates.push_back(update::set_properties({{"c", "3"}}));
  CHECK(error_of([&] { catalog.commit_table(id, wrong_uuid); }).kind() == ErrorKind::conflict);

  // A planner: another writer changes the schema between our load and our
  // commit; the 409 reloads and re-plans against the new schema id.
  RestCatalog other(options_for(server().uri()));
  int calls = 0;
  CommitResult planned = catalog.commit_table(id, [&](const LoadTableResult& current) -> std::optional<CommitRequest> {
    ++calls;
    if (calls == 1) {
      Schema s2 = evolved;
      NestedField more;
      more.id = 4;
      more.name = "more";
      more.type.primitive = "string";
      s2.fields.push_back(more);
      s2.schema_id = 2;
      CommitRequest theirs;
      theirs.updates.push_back(update::add_schema(s2));
      theirs.updates.push_back(update::set_current_schema(-1));
      other.commit_table(id, theirs);
    }
    CommitRequest mine;
    mine.requirements.push_back(requirement::current_schema_id(current.metadata.current_schema_id));
    mine.updates.push_back(update::set_properties({{"checked-schema", std::to_string(current.metadata.current_schema_id)}}));
    return mine;
  });
  CHECK(calls == 2);
  CHECK(planned.attempts == 2);
  CHECK(planned.metadata.properties.at("checked-schema") == "2");

  // Bounded: a writer that always wins exhausts commit_attempts.
  ClientOptions two = options_for(server().uri());
  two.commit_attempts = 2;
  RestCatalog bounded(two);
  int tries = 0;
  Error gave_up = error_of([&] {
    bounded.commit_table(id, [&](const LoadTableResult& current) -> std::optional<CommitRequest> {
      ++tries;
      CommitRequest theirs;
      theirs.updates.push_back(update::set_properties({{"other", std::to_string(tries)}}));
      theirs.requirements.push_back(requirement::current_schema_id(current.metadata.current_schema_id));
      Schema s = *current.metadata.current_schema();
      NestedField f;
      f.id = 10 + tries;
      f.name = "f" + std::to_string(tries);
      f.type.primitive = "int";
      s.fields.push_back(f);
      theirs.updates.push_back(update::add_schema(s));
      theirs.updates.push_back(update::set_current_schema(-1));
      other.commit_table(id, theirs);  // moves the schema on every time
      CommitRequest mine;
      mine.requirements.push_back(requirement::current_schema_id(current.metadata.current_schema_id));
      mine.updates.push_back(update::set_properties({{"never", "x"}}));
      return mine;
    });
  });
  CHECK(tries == 2);
  CHECK(gave_up.kind() == ErrorKind::conflict);
  CHECK_THAT(gave_up.what(), Catch::Contains("gave up after 2 attempts"));

  // Nothing to do: no commit.
  CommitResult none = catalog.commit_table(id, [](const LoadTableResult&) { return std::optional<CommitRequest>(); });
  CHECK(none.attempts == 0);
}

TEST_CASE("catalog: a table is renamed across namespaces and dropped with purge") {
  RestCatalog catalog(options_for(server().uri()));
  std::string a = unique_name("floe_ren_a"), b = unique_name("floe_ren_b");
  catalog.create_namespace({a});
  catalog.create_namespace({b});
  CreateTableRequest req;
  req.name = "t";
  req.schema = simple_schema();
  catalog.create_table({a}, req);
  catalog.rename_table({{a}, "t"}, {{b}, "t2"});
  CHECK_FALSE(catalog.table_exists({{a}, "t"}));
  CHECK(catalog.load_table({{b}, "t2"}).identifier.name == "t2");
  Error again = error_of([&] { catalog.rename_table({{a}, "t"}, {{b}, "t3"}); });
  CHECK(again.kind() == ErrorKind::not_found);
  CHECK_THAT(again.what(), Catch::Contains("rename table " + a + ".t to " + b + ".t3"));

  catalog.drop_table({{b}, "t2"}, true);
  CHECK_FALSE(catalog.table_exists({{b}, "t2"}));
  CHECK(error_of([&] { catalog.drop_table({{b}, "t2"}); }).kind() == ErrorKind::not_found);
  catalog.drop_namespace({a});
  catalog.drop_namespace({b});
}

TEST_CASE("catalog: the C API drives the real catalog (namespaces, tables, commits, listing)") {
  floe_error error = FLOE_ERROR_INIT;
  floe_iceberg_catalog* catalog = nullptr;
  std::string cfg = json::serialize(json::object{{"uri", server().uri()}});
  REQUIRE(floe_iceberg_catalog_open(cfg.c_str(), &catalog, &error) == FLOE_OK);
  auto call = [&](const json::object& req, floe_status expect = FLOE_OK) {
    floe_buffer out = FLOE_BUFFER_INIT;
    std::string text = json::serialize(req);
    floe_status s = floe_iceberg_catalog_call(catalog, text.c_str(), &out, &error);
    INFO(text << " -> " << (error.message ? error.message : ""));
    CHECK(s == expect);
    json::value v = out.data != nullptr ? json::parse(out.data) : json::value();
    if (out.release) out.release(&out);
    if (error.release) error.release(&error);
    return v;
  };
  std::string ns = unique_name("floe_capi");
  call({{"operation", "create_namespace"}, {"namespace", json::array{ns}}, {"properties", {{"k", "v"}}}});
  json::value t = call({{"operation", "create_table"},
                        {"namespace", json::array{ns}},
                        {"name", "t"},
                        {"schema", json::parse(R"({"type": "struct", "fields": [{"id": 1, "name": "id", "required": true, "type": "long"},
                                                  {"id": 2, "name": "day", "required": false, "type": "date"}]})")},
                        {"partition_spec", json::parse(R"({"fields": [{"source-id": 2, "transform": "month", "name": "day_month"}]})")},
                        {"properties", {{"p", "1"}}}});
  CHECK(t.at("metadata").at("partition-specs").at(0).at("fields").at(0).at("transform") == "month");
  std::string uuid(t.at("metadata").at("table-uuid").as_string());
  json::value c = call({{"operation", "commit_table"},
                        {"namespace", json::array{ns}},
                        {"name", "t"},
                        {"requirements", json::array{json::object{{"type", "assert-table-uuid"}, {"uuid", uuid}}}},
                        {"updates", json::array{json::object{{"action", "set-properties"}, {"updates", {{"q", "2"}}}}}}});
  CHECK(c.at("metadata").at("properties").at("q") == "2");
  json::value listed = call({{"operation", "list_tables"}, {"namespace", json::array{ns}}});
  CHECK(listed.at("identifiers").as_array().size() == 1);
  CHECK(call({{"operation", "table_exists"}, {"namespace", json::array{ns}}, {"name", "t"}}).at("exists") == true);
  call({{"operation", "load_table"}, {"namespace", json::array{ns}}, {"name", "zz"}}, FLOE_ERR_NOT_FOUND);
  call({{"operation", "create_namespace"}, {"namespace", json::array{ns}}}, FLOE_ERR_ALREADY_EXISTS);
  call({{"operation", "commit_table"},
        {"namespace", json::array{ns}},
        {"name", "t"},
        {"requirements", json::array{json::object{{"type", "assert-current-schema-id"}, {"current-schema-id", 7}}}},
        {"updates", json::array{}}},
       FLOE_ERR_CONFLICT);
  call({{"operation", "drop_table"}, {"namespace", json::array{ns}}, {"name", "t"}, {"purge", true}});
  call({{"operation", "drop_namespace"}, {"namespace", json::array{ns}}});
  json::value cfgv = call({{"operation", "get_config"}});
  CHECK(cfgv.at("endpoints").as_array().size() > 5);
  floe_iceberg_catalog_close(catalog);
}
