"""Real dlt into real DuckDB files through the ingestion/dlt plugin.

Each case writes source files into a temporary directory, drives the plugin
through libfloe-core's registry (ingestion_dlt_drive: create_pipeline, then
run, on one instance, as `floe run` does) and reads the resulting DuckDB
tables back with DuckDB to check rows and types. Nothing is mocked: the
interpreter is the project virtualenv's, with dlt[duckdb] 1.31.

    python dlt_ingestion_test.py --drive ingestion_dlt_drive --python VENV/bin/python --group loads|failures

Run with the project virtualenv's Python (it imports duckdb). dlt takes 2-3 s
to start, so the cases are few and each checks several things.
"""

import argparse
import json
import os
import stat
import subprocess
import sys
import tempfile
import time

import duckdb

INSTALL_HINT = "pip install 'dlt[duckdb]==1.31.0'"


class Check:
    def __init__(self):
        self.failures = 0

    def __call__(self, condition, what, detail=None):
        print(("ok: " if condition else "FAILED: ") + what, flush=True)
        if not condition:
            self.failures += 1
            if detail is not None:
                print("    " + json.dumps(detail, indent=2, default=str).replace("\n", "\n    "), flush=True)
        return condition


class Case:
    """One temporary product directory, its DuckDB file, and the plugin driver."""

    def __init__(self, args, check, name):
        self.args = args
        self.check = check
        self.dir = tempfile.mkdtemp(prefix=f"{name}-", dir=args.root)
        self.database = os.path.join(self.dir, "warehouse.duckdb")
        print(f"--- {name}", flush=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text, mode="w"):
        with open(self.path(name), mode) as out:
            out.write(text)
        return self.path(name)

    def load(self, source, config=None, options=None):
        """Runs one pipeline; returns the run response (or the failed call, as the driver printed it)."""
        config = {"python": self.args.python} if config is None else config
        run_options = {"destination": {"type": "duckdb", "database": self.database}, "project_dir": self.dir}
        run_options.update(options or {})
        started = time.monotonic()
        result = subprocess.run(
            [self.args.drive, json.dumps(config), json.dumps(source), json.dumps(run_options)],
            capture_output=True, text=True, check=False)
        if result.returncode not in (0, 1):
            raise RuntimeError(f"ingestion_dlt_drive failed ({result.returncode}): {result.stderr}")
        out = json.loads(result.stdout)
        print(f"    run took {time.monotonic() - started:.1f} s", flush=True)
        if result.returncode != 0:
            return out
        out["run"]["log"] = out["log"]  # what the plugin logged on the way
        return out["run"]

    def query(self, sql):
        with duckdb.connect(self.database, read_only=True) as db:
            return db.execute(sql).fetchall()

    def columns(self, table, schema="raw"):
        return {name: (kind, nullable) for name, kind, nullable in self.query(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
            f"WHERE table_schema = '{schema}' AND table_name = '{table}'")}


def source(name, fmt, path, table, write_mode="append", columns=None, on_violation=None, **extra):
    config = {"format": fmt, "path": path}
    if columns is not None:
        config["columns"] = columns
    if on_violation is not None:
        config["on_violation"] = on_violation
    return {"name": name, "source_type": "filesystem", "source_config": config,
            "destination_table": table, "write_mode": write_mode, **extra}


def col(name, kind, nullable=True):
    return {"name": name, "type": kind, "nullable": nullable}


def codes(problems):
    return [p["code"] for p in problems]


# ---- loads ---------------------------------------------------------------

def csv_append_twice_with_typed_contract(args, check):
    case = Case(args, check, "csv-append")
    first_content = ("customer_id,email,signup_date,credit,last_seen,vip\n"
                     "1,ada@example.com,2024-01-05,10.50,2024-03-01 10:00:00,true\n"
                     "2,bob@example.com,2024-02-11,0,2024-03-02T08:30:00Z,false\n"
                     "3,cy@example.com,2024-02-12,,,\n")
    data = case.write("customers.csv", first_content)
    # A wrapper interpreter that records its environment, then runs the real one.
    wrapper = case.write("python-wrapper", f"#!/bin/sh\nenv > {case.path('child.env')}\nexec {args.python} \"$@\"\n")
    os.chmod(wrapper, stat.S_IRWXU)
    spec = source("crm_customers", "csv", data, "raw_customers", columns=[
        col("customer_id", "integer", False), col("email", "string", False), col("signup_date", "date", False),
        col("credit", "decimal"), col("last_seen", "timestamp"), col("vip", "boolean")])
    traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    first = case.load(spec, config={"python": wrapper}, options={"env": {"TRACEPARENT": traceparent}})
    check(first.get("success") is True and first["rows_loaded"] == 3, "csv: 3 rows loaded", first)
    check(first.get("tables") == [{"name": "raw_customers", "rows": 3}], "csv: the response names the table", first)
    check(first.get("files") == [{"path": data, "rows": 3}], "csv: the response names the file and its rows", first)
    check(first.get("bytes_written", 0) > 0 and first.get("errors") == [] and first.get("warnings") == [],
          "csv: bytes written, no errors, no warnings", first)
    env = open(case.path("child.env")).read().splitlines()
    check(f"TRACEPARENT={traceparent}" in env, "csv: options.env reaches the dlt process (TRACEPARENT)")
    check("RUNTIME__DLTHUB_TELEMETRY=false" in env, "csv: dlt's telemetry is off")
    log = first.get("log", [])
    check(any(f"read {data}: 3 row(s)" in line for line in log) and any("dlt 1.31.0 on Python" in line for line in log)
          and any("dlt load step done" in line for line in log), "csv: progress reaches the host's log", log)
    columns = case.columns("raw_customers")
    check(columns.get("customer_id") == ("BIGINT", "NO") and columns.get("email") == ("VARCHAR", "NO")
          and columns.get("signup_date") == ("DATE", "NO") and columns.get("credit") == ("DECIMAL(38,9)", "YES")
          and columns.get("last_seen") == ("TIMESTAMP", "YES") and columns.get("vip") == ("BOOLEAN", "YES"),
          "csv: DuckDB column types and NOT NULL follow the contract", columns)
    rows = case.query("SELECT customer_id, credit, last_seen, vip FROM raw.raw_customers ORDER BY 1")
    check(str(rows[0][1]) == "10.500000000" and str(rows[1][2]) == "2024-03-02 08:30:00" and rows[2][1:] == (None, None, None),
          "csv: values converted (decimal, UTC timestamp from 'Z', empty fields as null)", rows)

    # Running again on the same landing file must not double the table.
    second = case.load(spec, config={"python": args.python})
    check(second.get("success") is True and second["rows_loaded"] == 0, "csv: a second run succeeds, loading 0 rows",
          second)
    skipped = second.get("files", [{}])[0]
    check(skipped.get("rows") == 0 and skipped.get("already_appended", "").startswith("20"),
          "csv: the response says the file was appended already, and when", second.get("files"))
    check(any(f"skipped {data}: a run at" in line for line in second.get("log", [])),
          "csv: the log says the file was skipped", second.get("log"))
    count = case.query("SELECT count(*) FROM raw.raw_customers")[0][0]
    check(count == 3, "csv: the same file appended twice is in the table once (3 rows)", count)

    # A run that fails records nothing: its file is appended by the next run that succeeds.
    next_day = "customer_id,email,signup_date,credit,last_seen,vip\n4,di@example.com,2024-02-13,1,,\n"
    case.write("customers.csv", next_day.replace("2024-02-13", "not-a-date"))
    broken = case.load(spec, config={"python": args.python})
    check(broken.get("success") is False, "csv: a new file that breaks the contract fails", broken)
    case.write("customers.csv", next_day)
    fixed = case.load(spec, config={"python": args.python})
    check(fixed.get("success") is True and fixed["rows_loaded"] == 1, "csv: the fixed new file is appended (1 row)",
          fixed)
    count = case.query("SELECT count(*) FROM raw.raw_customers")[0][0]
    check(count == 4, "csv: the table holds the first file and the new one (4 rows)", count)
    # Content decides, not the name: the first day's file again, under another name, is remembered.
    again = source("crm_customers", "csv", case.write("customers-copy.csv", first_content), "raw_customers",
                   columns=spec["source_config"]["columns"])
    repeated = case.load(again, config={"python": args.python})
    check(repeated.get("success") is True and repeated["rows_loaded"] == 0,
          "csv: the first file's content under another name is not appended again", repeated)


def jsonl_replace(args, check):
    case = Case(args, check, "jsonl-replace")
    columns = [col("ticket_id", "integer", False), col("opened_at", "timestamptz", False), col("tags", "json")]
    first_file = case.write("tickets.jsonl",
                            '{"ticket_id": 1, "opened_at": "2024-05-01T10:00:00+02:00", "tags": ["a"]}\n'
                            '\n'
                            '{"ticket_id": 2, "opened_at": "2024-05-02T11:00:00Z", "tags": null}\n'
                            '{"ticket_id": 3, "opened_at": "2024-05-03 12:00:00"}\n')
    spec = source("helpdesk_tickets", "jsonl", first_file, "raw_tickets", "replace", columns)
    first = case.load(spec)
    check(first.get("success") is True and first["rows_loaded"] == 3, "jsonl: 3 rows loaded (blank line skipped)", first)
    columns_found = case.columns("raw_tickets")
    check(columns_found.get("opened_at") == ("TIMESTAMP WITH TIME ZONE", "NO") and columns_found.get("tags", ("",))[0] == "JSON",
          "jsonl: timestamptz and json columns", columns_found)
    case.write("tickets.jsonl", '{"ticket_id": 9, "opened_at": "2024-06-01T00:00:00Z"}\n')
    second = case.load(spec)
    rows = case.query("SELECT ticket_id FROM raw.raw_tickets")
    check(second.get("success") is True and rows == [(9,)], "jsonl: replace leaves only the new file's rows", rows)


def parquet_without_contract(args, check):
    case = Case(args, check, "parquet")
    data = case.path("events.parquet")
    with duckdb.connect() as db:
        db.execute(f"COPY (SELECT range::INTEGER AS event_id, (range * 1.5)::DOUBLE AS score, (range * 1.5)::DECIMAL(10, 2) AS price, DATE '2024-01-01' + range::INTEGER "
                   f"AS day, 'e' || range AS label FROM range(5)) TO '{data}' (FORMAT parquet)")
    result = case.load(source("web_events", "parquet", case.path("*.parquet"), "raw_events"))
    check(result.get("success") is True and result["rows_loaded"] == 5, "parquet: 5 rows loaded through a glob", result)
    columns = case.columns("raw_events")
    check(columns.get("event_id", ("",))[0] == "BIGINT" and columns.get("score", ("",))[0] == "DOUBLE"
          and columns.get("price", ("",))[0] == "DECIMAL(38,9)" and columns.get("day", ("",))[0] == "DATE"
          and columns.get("label", ("",))[0] == "VARCHAR",
          "parquet: dlt keeps Parquet's types without a contract", columns)


def merge_updates_by_key(args, check):
    case = Case(args, check, "merge")
    data = case.write("orders.csv", "order_id,status,order_total\n1,placed,10.00\n2,placed,20.00\n3,placed,30.00\n")
    spec = source("shop_orders", "csv", data, "raw_orders", "merge",
                  [col("order_id", "integer", False), col("status", "string", False), col("order_total", "decimal", False)],
                  merge_keys=["order_id"])
    first = case.load(spec)
    check(first.get("success") is True, "merge: first load", first)
    case.write("orders.csv", "order_id,status,order_total\n2,shipped,20.00\n4,placed,40.00\n")
    second = case.load(spec)
    rows = case.query("SELECT order_id, status FROM raw.raw_orders ORDER BY 1")
    check(second.get("success") is True and rows == [(1, "placed"), (2, "shipped"), (3, "placed"), (4, "placed")],
          "merge: the key updates row 2 and adds row 4, nothing doubled", rows)


def quarantine_and_warn(args, check):
    case = Case(args, check, "quarantine-warn")
    payments = case.write("payments.csv",
                          "payment_id,amount,paid_at\n"
                          "1,15.00,2024-04-28 20:48:00\n"
                          "2,abc,2024-04-29 10:00:00\n"
                          "3,,2024-04-30 10:00:00\n"
                          "4,19.99,2024-05-01 10:00:00\n")
    spec = source("psp_payments", "csv", payments, "raw_payments", columns=[
        col("payment_id", "integer", False), col("amount", "decimal", False), col("paid_at", "timestamp", False)],
        on_violation="quarantine")
    result = case.load(spec)
    check(result.get("success") is True and result.get("tables") == [
        {"name": "raw_payments", "rows": 2}, {"name": "raw_payments__quarantine", "rows": 2}],
        "quarantine: good rows to the table, bad rows to <table>__quarantine", result)
    warned = {(w["code"], w.get("column"), w.get("line")) for w in result.get("warnings", [])}
    check(("contract_violation", "amount", 3) in warned and ("contract_violation", "amount", 4) in warned
          and any(code == "rows_quarantined" for code, _, _ in warned), "quarantine: a warning per violation", result)
    quarantined = case.query("SELECT source_file, source_line, reason, record FROM raw.raw_payments__quarantine ORDER BY 2")
    check(quarantined[0][:2] == (payments, 3) and "column 'amount' should be decimal" in quarantined[0][2]
          and json.loads(quarantined[0][3])["amount"] == "abc" and quarantined[1][1] == 4,
          "quarantine: file, line, reason and the raw record are kept", quarantined)

    tickets = case.write("tickets.csv", "ticket_id,score,channel\n1,5,web\n2,high,phone\n")
    warn = case.load(source("helpdesk_tickets", "csv", tickets, "raw_tickets",
                            columns=[col("ticket_id", "integer", False), col("score", "integer")], on_violation="warn"))
    warnings = {(w["column"], w["line"]) for w in warn.get("warnings", [])}
    check(warn.get("success") is True and warnings == {("score", 3), ("channel", 2)},
          "warn: loaded, with a warning for the mistyped and the undeclared column", warn)
    columns = case.columns("raw_tickets")
    check("channel" in columns and "score__v_text" in columns and columns["ticket_id"][1] == "YES",
          "warn: the new column and a variant column are added; columns stay nullable", columns)


# ---- failures ------------------------------------------------------------

def contract_failures(args, check):
    case = Case(args, check, "contract-fail")
    data = case.write("orders.csv",
                      "order_id,order_total,coupon\n"
                      "1,10.00,\n"
                      "2,abc,SUMMER\n"
                      "x,30.00,\n")
    spec = source("shop_orders", "csv", data, "raw_orders",
                  columns=[col("order_id", "integer", False), col("order_total", "decimal", False)])
    result = case.load(spec)
    errors = {(e["code"], e.get("column"), e.get("file"), e.get("line")) for e in result.get("errors", [])}
    check(result.get("success") is False and errors == {
        ("contract_violation", "order_total", data, 3), ("contract_violation", "coupon", data, 3),
        ("contract_violation", "order_id", data, 4)},
        "contract fail: every violation in one run, each naming column, file and line", result)
    check(any(e.get("message", "").startswith(f"{data}:3: column 'coupon' is not a column of the contract")
              for e in result.get("errors", [])), "contract fail: the extra column's message", result)
    check(not os.path.exists(case.database), "contract fail: nothing written, not even the database file")


def dlt_contract_against_existing_table(args, check):
    case = Case(args, check, "freeze")
    data = case.write("events.jsonl", '{"event_id": 1, "kind": "view"}\n')
    first = case.load(source("web_events", "jsonl", data, "raw_events"))
    check(first.get("success") is True, "freeze: a first load without a contract creates the table", first)
    case.write("events.jsonl", '{"event_id": 2, "kind": "click"}\n{"event_id": 3, "kind": "buy", "price": 5}\n')
    frozen = case.load(source("web_events", "jsonl", data, "raw_events", schema_contract="freeze"))
    error = (frozen.get("errors") or [{}])[0]
    check(frozen.get("success") is False and error.get("code") == "contract_violation" and error.get("column") == "price"
          and error.get("file") == data and error.get("line") == 2,
          "freeze: dlt's contract error names the new column and where it first appears", frozen)
    count = case.query("SELECT count(*) FROM raw.raw_events")[0][0]
    check(count == 1, "freeze: the frozen table kept its rows", count)


def malformed_rows(args, check):
    case = Case(args, check, "malformed")
    case.write("a.csv", 'id,name\n1,ada\n2,"bob",extra\n3,cy\n')
    case.write("b.csv", b"id,name\n4,d\xe9f\n", mode="wb")
    result = case.load(source("people", "csv", case.path("*.csv"), "raw_people"))
    errors = {(e["code"], e.get("file"), e.get("line")) for e in result.get("errors", [])}
    check(result.get("success") is False and errors == {
        ("malformed_row", case.path("a.csv"), 3), ("malformed_file", case.path("b.csv"), 2)},
        "malformed: a wrong field count and a bad byte, each with file and line, in one run", result)
    lines = case.write("events.jsonl", '{"id": 1}\n{"id": 2,\n[3]\n')
    jsonl = case.load(source("events", "jsonl", lines, "raw_events"))
    found = {(e["code"], e.get("line")) for e in jsonl.get("errors", [])}
    check(found == {("malformed_row", 2), ("malformed_row", 3)}, "malformed: JSON Lines with their line numbers", jsonl)


def missing_sources_and_interpreters(args, check):
    case = Case(args, check, "setup")
    missing = case.load(source("orders", "csv", case.path("orders.csv"), "raw_orders"))
    check(missing.get("success") is False and codes(missing.get("errors", [])) == ["source_not_found"]
          and "orders.csv cannot be read: No such file or directory" in missing["errors"][0]["message"],
          "missing: a missing file is a clear error", missing)
    check(missing.get("duration_seconds", 99) < 1, "missing: found before Python starts", missing)

    bare = case.path("bare-venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", bare], check=True)
    case.write("orders.csv", "order_id\n1\n")
    no_dlt = case.load(source("orders", "csv", case.path("orders.csv"), "raw_orders"),
                       config={"python": os.path.join(bare, "bin", "python")})
    error = (no_dlt.get("errors") or [{}])[0]
    check(error.get("code") == "dlt_not_installed" and INSTALL_HINT in error.get("message", "")
          and os.path.join(bare, "bin", "python") in error.get("message", ""),
          "no dlt: the error names the interpreter and the install step", no_dlt)

    sleeper = case.write("slow-python", "#!/bin/sh\nsleep 60\n")
    os.chmod(sleeper, stat.S_IRWXU)
    started = time.monotonic()
    slow = case.load(source("orders", "csv", case.path("orders.csv"), "raw_orders"),
                     config={"python": sleeper}, options={"timeout_seconds": 1})
    check(codes(slow.get("errors", [])) == ["timeout"] and time.monotonic() - started < 10,
          "timeout: the run is stopped and says so", slow)


def locked_database(args, check):
    case = Case(args, check, "locked")
    data = case.write("orders.csv", "order_id\n1\n")
    with duckdb.connect(case.database) as holder:  # another process has the database open for writing
        holder.execute("CREATE TABLE t AS SELECT 1 AS x")
        locked = case.load(source("orders", "csv", data, "raw_orders"))
    error = (locked.get("errors") or [{}])[0]
    check(locked.get("success") is False and error.get("code") == "destination_failed"
          and case.database in error.get("message", "") and "lock" in error.get("message", ""),
          "locked: a database another process holds is a clear error, not a corruption", locked)
    check(case.query("SELECT x FROM t") == [(1,)], "locked: the other process's data is intact")


def retries(args, check):
    """retry_config: a failure at the destination is run again, with doubling waits; a broken contract never is."""
    case = Case(args, check, "retries")
    data = case.write("orders.csv", "order_id\n1\n")
    config = {"python": args.python, "retry_config": {"max_retries": 2, "initial_delay_seconds": 0.2},
              "catalog_config": {"uri": "http://127.0.0.1:1/catalog", "warehouse": "wh", "s3_path_style_access": True}}
    with duckdb.connect(case.database) as holder:  # held for the whole run: every attempt fails
        holder.execute("CREATE TABLE t AS SELECT 1 AS x")
        locked = case.load(source("orders", "csv", data, "raw_orders"), config=config)
    log = locked.get("log", [])
    retried = [line for line in log if "the dlt run failed" in line]
    check(locked.get("success") is False and codes(locked.get("errors", [])) == ["destination_failed"]
          and len(retried) == 2 and "retry 1 of 2 in 0.2 s" in retried[0] and "retry 2 of 2 in 0.4 s" in retried[1],
          "retries: a locked destination is tried three times, the waits doubling, each retry a warning", locked)
    check(any("catalog_config" in line and "not used yet" in line for line in log),
          "retries: the alpha's catalog_config is accepted and said to be unused", log)
    broken = case.write("broken.csv", "order_id\nx\n")
    contract = case.load(source("orders", "csv", broken, "raw_orders", columns=[col("order_id", "integer", False)]),
                         config=config)
    check(codes(contract.get("errors", [])) == ["contract_violation"]
          and not any("the dlt run failed" in line for line in contract.get("log", [])),
          "retries: a broken contract is not retried", contract)


GROUPS = {
    "loads": [csv_append_twice_with_typed_contract, jsonl_replace, parquet_without_contract, merge_updates_by_key,
              quarantine_and_warn],
    "failures": [contract_failures, dlt_contract_against_existing_table, malformed_rows,
                 missing_sources_and_interpreters, locked_database, retries],
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--drive", required=True)
    parser.add_argument("--python", required=True)
    parser.add_argument("--group", choices=sorted(GROUPS), required=True)
    args = parser.parse_args()
    check = Check()
    with tempfile.TemporaryDirectory(prefix="floe-dlt-test-") as root:
        args.root = root
        for case in GROUPS[args.group]:
            case(args, check)
    print(f"dlt ingestion ({args.group}): {'all checks passed' if not check.failures else f'{check.failures} check(s) failed'}")
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
