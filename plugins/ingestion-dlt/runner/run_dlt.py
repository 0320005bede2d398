"""floe's dlt runner: loads one ingestion source into its destination with dlt.

Started by the ingestion-dlt plugin as
    python -X utf8 run_dlt.py --spec SPEC.json --events-fd 3
SPEC.json is written by the plugin (src/runner_spec.cpp). Progress, problems
and the result go to the event pipe as JSON lines (floe_dlt_events.py);
stdout and stderr are dlt's own and are only logged. Exit status: 0 loaded,
1 the run failed (the errors are on the event pipe), 3 dlt is not usable.
"""

import argparse
import datetime
import hashlib
import itertools
import json
import os
import platform
import re
import sys
import time
import traceback

from floe_dlt_contract import Contract
from floe_dlt_events import Events
from floe_dlt_readers import READERS, FileProblem, Malformed

EXIT_FAILED = 1
EXIT_NO_DLT = 3
SUPPORTED_DLT_MAJOR = 1
INSTALL_HINT = "pip install 'dlt[duckdb]==1.31.0'"
# dlt's default load file for DuckDB is SQL INSERT text: measured on 200,000
# CSV rows, JSON Lines files load 7x faster with a quarter of the memory
# (plugins/ingestion-dlt/README.md#performance), and need no pyarrow.
LOADER_FILE_FORMAT = "jsonl"
QUARANTINE_SUFFIX = "__quarantine"
QUARANTINE_COLUMNS = {
    "source_file": {"data_type": "text", "nullable": False},
    "source_line": {"data_type": "bigint", "nullable": True},
    "reason": {"data_type": "text", "nullable": False},
    "record": {"data_type": "text", "nullable": False},
}


# Where an append source remembers the files it appended: the resource's
# state, which dlt commits in the same load as the rows and restores from the
# destination (sync_destination), so a run that fails records nothing.
APPENDED_FILES_STATE = "appended_files"


def file_digest(path):
    """The SHA-256 of a file's content, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class RunFailed(Exception):
    """Raised inside the resource to stop the extract step after every problem was recorded."""


class Findings:
    """Problems of the rows, one entry per (code, column, file, what): the first line and a count."""

    def __init__(self):
        self._items = {}

    def add(self, code, path, line, column, message):
        key = (code, column, path, message)
        item = self._items.get(key)
        if item is None:
            self._items[key] = {"code": code, "file": path, "line": line, "column": column,
                                "message": message, "count": 1}
        else:
            item["count"] += 1

    def __bool__(self):
        return bool(self._items)

    def report(self, events, kind):
        for item in self._items.values():
            where = item["file"] + (f":{item['line']}" if item["line"] is not None else "")
            what = f"column '{item['column']}' {item['message']}" if item["column"] else item["message"]
            more = item["count"] - 1
            tail = f" ({more} more row(s) of this file too)" if more else ""
            events.problem(kind, item["code"], f"{where}: {what}{tail}", item["file"], item["line"], item["column"])


def import_dlt(events, needs_duckdb):
    try:
        import dlt
    except ImportError as error:
        events.problem("error", "dlt_not_installed",
                       f"dlt is not installed for {sys.executable} ({error}); install it into that environment "
                       f"with `{INSTALL_HINT}`, or set the plugin's `python` to an interpreter that has it")
        return None
    major = int(str(dlt.__version__).split(".")[0])
    if major != SUPPORTED_DLT_MAJOR:
        events.problem("error", "dlt_version_unsupported",
                       f"dlt {dlt.__version__} is installed for {sys.executable}; floe's ingestion needs dlt "
                       f"{SUPPORTED_DLT_MAJOR}.x: `{INSTALL_HINT}`")
        return None
    if needs_duckdb:
        try:
            import duckdb  # noqa: F401
        except ImportError:
            events.problem("error", "dlt_not_installed",
                           f"dlt is installed for {sys.executable} but without DuckDB support; `{INSTALL_HINT}`")
            return None
    return dlt


def root_causes(error):
    """The exception and everything it was raised from, outermost first."""
    seen = []
    while error is not None and error not in seen:
        seen.append(error)
        error = error.__cause__ or error.__context__
    return seen


def innermost_message(error):
    """The first line of what the innermost exception says: dlt's outer ones wrap it in advice."""
    innermost = root_causes(error)[-1]
    text = str(innermost).strip()
    return text.splitlines()[0] if text else type(innermost).__name__


class Run:
    def __init__(self, spec, events, dlt):
        self.spec = spec
        self.events = events
        self.dlt = dlt
        self.on_violation = spec.get("on_violation")
        self.contract = Contract(spec["contract_columns"]) if spec.get("contract_columns") else None
        self.errors = Findings()
        self.warnings = Findings()
        self.first_seen = {}  # column -> (file, line): where a dlt contract error points
        self.quarantine_path = os.path.join(spec["scratch_dir"], "quarantine.jsonl")
        self.quarantined = 0

    # ---- reading -------------------------------------------------------
    def appended_files(self):
        """For an append source, the files (by content digest) earlier runs appended; None otherwise.

        Appending is what makes a source not idempotent: the same landing file
        loaded by a second run would double its rows. A file whose exact
        content this source already appended is skipped and said so; merge and
        replace need no such record (loading twice gives the same table).
        """
        if self.spec["write_disposition"] != "append":
            return None
        state = self.dlt.current.resource_state(self.spec["table"])
        return state.setdefault(APPENDED_FILES_STATE, {})

    def rows(self):
        read = READERS[self.spec["format"]]
        appended = self.appended_files()
        quarantine = open(self.quarantine_path, "w", encoding="utf-8") if self.on_violation == "quarantine" else None
        try:
            for path in self.spec["files"]:
                count = 0
                digest = None
                if appended is not None:
                    try:
                        digest = file_digest(path)
                    except OSError as error:
                        self.errors.add("source_unreadable", path, None, None, f"cannot be read: {error.strerror}")
                        continue
                    earlier = appended.get(digest)
                    if earlier is not None:
                        self.events.emit("file_read", path=path, rows=0, already_appended=earlier.get("at", "?"))
                        continue
                try:
                    for line, record in read(path):
                        count += 1
                        row = self.checked(path, line, record, quarantine)
                        if row is not None:
                            yield row
                except FileProblem as problem:
                    self.errors.add("malformed_file", problem.path, problem.line, None, problem.message)
                except OSError as error:
                    self.errors.add("source_unreadable", path, None, None, f"cannot be read: {error.strerror}")
                if digest is not None:
                    # Recorded in the state now, committed only with the
                    # load: a run that fails after this line records nothing.
                    appended[digest] = {"file": os.path.basename(path),
                                        "at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
                self.events.emit("file_read", path=path, rows=count)
        finally:
            if quarantine is not None:
                quarantine.close()
        if self.errors:
            raise RunFailed()

    def checked(self, path, line, record, quarantine):
        """The row to load, or None when it is quarantined or the run will fail."""
        if isinstance(record, Malformed):
            if quarantine is not None:
                self.quarantine(quarantine, path, line, [record.reason], record.raw)
                self.warnings.add("malformed_row", path, line, None, f"{record.reason}: quarantined")
            else:
                self.errors.add("malformed_row", path, line, None, record.reason)
            return None
        for key in record:
            if key not in self.first_seen:
                self.first_seen[key] = (path, line)
        if self.contract is None:
            return record
        row, violations = self.contract.check(record)
        if not violations:
            return row
        if self.on_violation == "warn":
            for v in violations:
                self.warnings.add("contract_violation", path, line, v.column, v.message + self.warn_outcome(v))
            return row
        if self.on_violation == "quarantine":
            self.quarantine(quarantine, path, line, [f"column '{v.column}' {v.message}" for v in violations], record)
            for v in violations:
                self.warnings.add("contract_violation", path, line, v.column, v.message + ": row quarantined")
            return None
        for v in violations:
            self.errors.add("contract_violation", path, line, v.column, v.message)
        return None

    @staticmethod
    def warn_outcome(violation):
        if violation.kind == "type":
            return ": loaded into a variant column beside it"
        if violation.kind == "undeclared":
            return ": added to the table"
        return ": loaded as null"

    def quarantine(self, out, path, line, reasons, raw):
        out.write(json.dumps({"source_file": path, "source_line": line, "reason": "; ".join(reasons),
                              "record": json.dumps(raw, ensure_ascii=False, default=str)},
                             ensure_ascii=False) + "\n")
        self.quarantined += 1

    def quarantined_rows(self):
        with open(self.quarantine_path, encoding="utf-8") as rows:
            for text in rows:
                yield json.loads(text)

    # ---- dlt -----------------------------------------------------------
    def execute(self):
        spec = self.spec
        pipeline = self.dlt.pipeline(
            pipeline_name=spec["pipeline_name"],
            destination=self.dlt.destinations.duckdb(spec["destination"]["database"]),
            dataset_name=spec["dataset"],
            pipelines_dir=spec["pipelines_dir"],
        )
        resource = self.dlt.resource(
            self.rows(), name=spec["table"], write_disposition=spec["write_disposition"],
            primary_key=spec.get("primary_key") or None, columns=spec.get("column_hints") or None,
            schema_contract=spec["schema_contract"])

        started = time.monotonic()
        database = spec["destination"]["database"]
        if os.path.exists(database):
            # The working directory is new for every run: take the pipeline's
            # state and schemas from the destination, so that a frozen contract
            # holds against the tables as they are. (Skipped for a database
            # that does not exist yet: syncing would create the file, and a
            # failed first run must leave nothing behind.)
            try:
                pipeline.sync_destination()
            except Exception as error:
                self.events.problem("error", "destination_failed",
                                    f"reading the pipeline's state from {database} failed: {innermost_message(error)}")
                return EXIT_FAILED
        try:
            pipeline.extract(resource, loader_file_format=LOADER_FILE_FORMAT)
            if self.quarantined:
                quarantine = self.dlt.resource(
                    self.quarantined_rows(), name=spec["table"] + QUARANTINE_SUFFIX, write_disposition="append",
                    columns=QUARANTINE_COLUMNS)
                pipeline.extract(quarantine, loader_file_format=LOADER_FILE_FORMAT)
                self.warnings.add("rows_quarantined", ", ".join(spec["files"]), None, None,
                                  f"{self.quarantined} row(s) went to {spec['dataset']}.{spec['table']}{QUARANTINE_SUFFIX}")
        except Exception as error:  # dlt wraps what the resource raised
            return self.step_failed("extract", error)
        self.warnings.report(self.events, "warning")
        started = self.step("extract", started)

        try:
            normalized = pipeline.normalize()
        except Exception as error:
            return self.step_failed("normalize", error)
        started = self.step("normalize", started)

        try:
            loaded = pipeline.load()
        except Exception as error:
            self.events.problem("error", "destination_failed",
                                f"loading into {database} failed: {innermost_message(error)}")
            return EXIT_FAILED
        self.step("load", started)
        self.events.emit("result", tables=self.table_rows(normalized), bytes_written=self.bytes_written(loaded))
        return 0

    def step(self, name, started):
        now = time.monotonic()
        self.events.emit("step", step=name, seconds=round(now - started, 3))
        return now

    def step_failed(self, step, error):
        from dlt.common.schema.exceptions import DataValidationError

        causes = root_causes(error)
        violation = next((c for c in causes if isinstance(c, DataValidationError)), None)
        if any(isinstance(cause, RunFailed) for cause in causes):
            self.warnings.report(self.events, "warning")
            self.errors.report(self.events, "error")
        elif violation is not None:
            self.report_dlt_contract(violation)
        else:
            self.events.problem("error", "pipeline_failed", f"dlt's {step} step failed: {innermost_message(error)}")
        return EXIT_FAILED

    def report_dlt_contract(self, violation):
        """dlt's own contract refused data: name the column (not dlt's variant of it) and where it first appeared."""
        column = re.sub(r"__v_[a-z_]+$", "", violation.column_name or "") or None
        path, line = self.first_seen.get(column, (", ".join(self.spec["files"]), None))
        table = f"{self.spec['dataset']}.{violation.table_name}"
        if violation.schema_entity == "data_type":
            what = (f"has values of another type than column '{column}' of {table} already holds, and the "
                    f"schema contract freezes data types")
        else:
            what = f"is not a column of {table}, and the schema contract freezes its columns"
        where = path + (f":{line}" if line is not None else "")
        self.events.problem("error", "contract_violation", f"{where}: column '{column}' {what}", path, line, column)

    @staticmethod
    def table_rows(normalized):
        return [{"name": table, "rows": rows} for table, rows in sorted(normalized.row_counts.items())
                if not table.startswith("_dlt")]

    @staticmethod
    def bytes_written(loaded):
        jobs = itertools.chain.from_iterable(p.jobs.get("completed_jobs", []) for p in loaded.load_packages)
        return sum(job.file_size for job in jobs if not job.job_file_info.table_name.startswith("_dlt"))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", required=True)
    parser.add_argument("--events-fd", type=int, required=True)
    args = parser.parse_args(argv)
    events = Events(args.events_fd)
    try:
        with open(args.spec, encoding="utf-8") as handle:
            spec = json.load(handle)
        dlt = import_dlt(events, spec["destination"]["type"] == "duckdb" or spec["format"] == "parquet")
        if dlt is None:
            return EXIT_NO_DLT
        events.emit("started", dlt_version=dlt.__version__, python_version=platform.python_version(),
                    python=sys.executable, files=len(spec["files"]))
        return Run(spec, events, dlt).execute()
    except Exception as error:
        traceback.print_exc()
        events.problem("error", "runner_failed", f"the dlt runner failed: {type(error).__name__}: {error}")
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
