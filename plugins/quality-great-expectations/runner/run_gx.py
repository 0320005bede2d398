"""floe's Great Expectations runner (plugins/quality-great-expectations).

The plugin starts it as `python run_gx.py --spec SPEC.json`. It turns a data
product's checks into Great Expectations expectations and validates them
against the tables the product built in its DuckDB database:

- the dbt project's generic data tests (from manifest.json) that Great
  Expectations has an expectation for: not_null, unique, accepted_values,
  relationships (the parent column's values read from the same database);
- the output ports' contracts: every contract column exists, and a
  `required` column holds no null.

dbt tests it cannot translate (singular tests, custom generic tests, unit
tests, tests on expressions rather than columns) are judged from dbt's own
result in run_results.json, so no check of the run is lost.

Great Expectations validates with its pandas engine: each table is read
(only the columns its checks name) from DuckDB, read-only. Its SQL engine
over duckdb_engine could not compute metrics with Great Expectations 1.24
(an IndexError in resolve_metric_bundle), so the data goes through pandas.

The answer is written to the spec's `result_path` as one JSON object:
{"engine_version", "checks": [{"name", "passed", "message", "model"?,
"check_type", "engine"}]}; an engine that cannot start writes {"error":
{"code", "message"}} and exits 3. Row values are never written (they may be
personal data): messages carry counts only.
"""

import argparse
import json
import os
import sys

TRANSLATED = ("not_null", "unique", "accepted_values", "relationships")


def write_result(path, result):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(result, out)


def read_json(path):
    if not path or not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def quoted(identifier):
    return '"' + identifier.replace('"', '""') + '"'


class Relation:
    """A table of the product in the DuckDB database, and its checks."""

    def __init__(self, schema, name):
        self.schema, self.name = schema, name
        # One expectation per distinct (kind, column, values): Great Expectations
        # keeps one of equal expectations in a suite, so the checks that ask the
        # same thing (a dbt not_null and a port's required column) share it.
        self.expectations = {}  # key -> (expectation factory, [check dicts])

    def add(self, key, factory, check):
        self.expectations.setdefault(key, (factory, []))[1].append(check)

    @property
    def sql_name(self):
        return quoted(self.schema) + "." + quoted(self.name)

    @property
    def label(self):
        return self.schema + "." + self.name


def relation_of(manifest, unique_id):
    """The (schema, identifier) a manifest node or source is built as."""
    node = manifest.get("nodes", {}).get(unique_id) or manifest.get("sources", {}).get(unique_id)
    if not node:
        return None
    name = node.get("alias") or node.get("identifier") or node.get("name")
    return (node.get("schema"), name) if node.get("schema") and name else None


def tested_node(node):
    """The model or source a generic test is attached to."""
    if node.get("attached_node"):
        return node["attached_node"]
    parents = node.get("depends_on", {}).get("nodes", [])
    return parents[0] if parents else None


def dbt_result_check(unique_id, kind, status, message, model, why):
    passed = status in ("pass", "success")
    text = message or ("passed" if passed else status or "not run")
    return {"name": unique_id, "passed": passed, "message": f"{text} (judged from dbt's result: {why})",
            "model": model, "check_type": kind, "engine": "dbt"}


class Planner:
    def __init__(self, gx, duckdb_connection, manifest, run_results):
        self.gx, self.db, self.manifest = gx, duckdb_connection, manifest
        self.results = {r.get("unique_id"): r for r in (run_results or {}).get("results", [])}
        self.relations = {}
        self.judged_by_dbt = []
        self.columns_cache = {}

    def relation(self, schema, name):
        key = (schema, name)
        if key not in self.relations:
            self.relations[key] = Relation(schema, name)
        return self.relations[key]

    def columns(self, schema, name):
        key = (schema, name)
        if key not in self.columns_cache:
            rows = self.db.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
                [schema, name]).fetchall()
            self.columns_cache[key] = [r[0] for r in rows]
        return self.columns_cache[key]

    def parent_values(self, parent_id, field):
        where = relation_of(self.manifest, parent_id)
        if where is None or field not in self.columns(*where):
            return None
        rows = self.db.execute(
            f"select distinct {quoted(field)} from {quoted(where[0])}.{quoted(where[1])} "
            f"where {quoted(field)} is not null").fetchall()
        return [r[0] for r in rows]

    def plan_dbt_tests(self):
        E = self.gx.expectations
        nodes = self.manifest.get("nodes", {})
        # The tests of this run: the ones in its results (its selection), or every test without results.
        ids = [i for i in self.results if i.startswith(("test.", "unit_test."))] if self.results else \
              [i for i, n in nodes.items() if n.get("resource_type") == "test"]
        for unique_id in ids:
            node = nodes.get(unique_id, {})
            meta = node.get("test_metadata") or {}
            kind = "unit_test" if unique_id.startswith("unit_test.") else meta.get("name") or "singular"
            model = tested_node(node)
            result = self.results.get(unique_id, {})
            status, message = result.get("status"), result.get("message")
            if kind not in TRANSLATED:
                self.judged_by_dbt.append(dbt_result_check(unique_id, kind, status, message, model,
                                                           "Great Expectations has no expectation for it"))
                continue
            kwargs = meta.get("kwargs", {})
            column = kwargs.get("column_name")
            where = relation_of(self.manifest, model) if model else None
            if where is None or not column or column not in self.columns(*where):
                self.judged_by_dbt.append(dbt_result_check(
                    unique_id, kind, status, message, model,
                    "it tests an expression or a table Great Expectations cannot read as a column"))
                continue
            if kind == "not_null":
                key, factory = ("not_null", column), lambda c=column: E.ExpectColumnValuesToNotBeNull(column=c)
            elif kind == "unique":
                key, factory = ("unique", column), lambda c=column: E.ExpectColumnValuesToBeUnique(column=c)
            else:
                if kind == "accepted_values":
                    values = list(kwargs.get("values") or [])
                else:  # relationships: every value is one of the parent column's values
                    parents = [p for p in node.get("depends_on", {}).get("nodes", []) if p != model]
                    values = self.parent_values(parents[0], kwargs.get("field")) if parents else None
                    if values is None:
                        self.judged_by_dbt.append(dbt_result_check(unique_id, kind, status, message, model,
                                                                   "its parent column cannot be read"))
                        continue
                key = ("in_set", column, json.dumps(sorted(values, key=str), default=str))
                factory = lambda c=column, v=values: E.ExpectColumnValuesToBeInSet(column=c, value_set=v)
            check = {"name": unique_id, "model": model, "check_type": kind, "engine": "great_expectations"}
            self.relation(*where).add(key, factory, check)

    def plan_ports(self, ports):
        E = self.gx.expectations
        models = {n.get("name"): i for i, n in self.manifest.get("nodes", {}).items()
                  if n.get("resource_type") == "model"}
        for port in ports or []:
            model = models.get(port.get("table"))
            where = relation_of(self.manifest, model) if model else None
            for column in (port.get("contract") or {}).get("columns", []):
                name = column.get("name")
                prefix = f"port.{port.get('name')}.{name}"
                exists = {"name": prefix + ".exists", "model": model, "check_type": "contract_column",
                          "engine": "great_expectations"}
                if where is None:
                    exists.update(passed=False, message=f"the port's table {port.get('table')} is not a model "
                                                        "of the dbt project")
                    self.judged_by_dbt.append(exists)
                    continue
                self.relation(*where).add(("exists", name), lambda c=name: E.ExpectColumnToExist(column=c), exists)
                if column.get("required"):
                    required = {"name": prefix + ".not_null", "model": model, "check_type": "contract_required",
                                "engine": "great_expectations"}
                    self.relation(*where).add(("not_null", name),
                                              lambda c=name: E.ExpectColumnValuesToNotBeNull(column=c), required)


def message_of(result):
    info = result.exception_info or {}
    # exception_info is one {raised_exception, exception_message} or a map of them by metric.
    infos = [info] if "raised_exception" in info else [v for v in info.values() if isinstance(v, dict)]
    for i in infos:
        if i.get("raised_exception"):
            return "Great Expectations could not evaluate it: " + str(i.get("exception_message", "")).splitlines()[0]
    r = result.result or {}
    if "unexpected_count" in r:
        return f"{r.get('unexpected_count')} of {r.get('element_count')} row(s) unexpected"
    if "observed_value" in r:
        return "observed " + str(r["observed_value"])[:200]
    return "passed" if result.success else "failed"


def validate(gx, db, planner, suite_name):
    context = gx.get_context(mode="ephemeral")
    source = context.data_sources.add_pandas(name="floe")
    checks = []
    for relation in planner.relations.values():
        present = planner.columns(relation.schema, relation.name)
        if not present:
            for _, group in relation.expectations.values():
                checks += [dict(c, passed=False, message=f"table {relation.label} does not exist in the database")
                           for c in group]
            continue
        wanted = sorted({key[1] for key in relation.expectations if key[1] in present})
        select = ", ".join(quoted(c) for c in wanted) if wanted else "1 as floe_no_column"
        frame = db.execute(f"select {select} from {relation.sql_name}").df()
        asset = source.add_dataframe_asset(name=relation.label)
        batch = asset.add_batch_definition_whole_dataframe("all").get_batch(batch_parameters={"dataframe": frame})
        suite = gx.ExpectationSuite(name=f"{suite_name}.{relation.label}")
        pending = {}
        for index, (key, (factory, group)) in enumerate(relation.expectations.items()):
            expectation = factory()
            expectation.meta = {"floe_key": index}
            suite.add_expectation(expectation)
            pending[index] = group
        outcome = batch.validate(suite, result_format="SUMMARY")
        for result in outcome.results:
            group = pending.pop((result.expectation_config.meta or {}).get("floe_key"), [])
            checks += [dict(c, passed=bool(result.success), message=message_of(result)) for c in group]
        for group in pending.values():
            checks += [dict(c, passed=False, message="Great Expectations returned no result for it") for c in group]
    return checks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", required=True)
    args = parser.parse_args()
    with open(args.spec, encoding="utf-8") as f:
        spec = json.load(f)
    try:
        import great_expectations as gx
        import duckdb
    except ImportError as e:
        write_result(spec["result_path"], {"error": {"code": "engine_missing", "message": str(e)}})
        return 3
    manifest = read_json(spec.get("manifest_path"))
    if manifest is None:
        write_result(spec["result_path"], {"error": {"code": "manifest_missing",
                                                     "message": f"no manifest.json at {spec.get('manifest_path')}"}})
        return 3
    database = spec["database"]
    if not os.path.isfile(database):
        write_result(spec["result_path"], {"error": {"code": "database_missing",
                                                     "message": f"no DuckDB database at {database}"}})
        return 3
    db = duckdb.connect(database, read_only=True)
    try:
        planner = Planner(gx, db, manifest, read_json(spec.get("run_results_path")))
        planner.plan_dbt_tests()
        planner.plan_ports(spec.get("output_ports"))
        checks = validate(gx, db, planner, spec.get("suite_name", "floe")) + planner.judged_by_dbt
    finally:
        db.close()
    write_result(spec["result_path"], {"engine_version": gx.__version__, "checks": checks})
    return 0


if __name__ == "__main__":
    sys.exit(main())
