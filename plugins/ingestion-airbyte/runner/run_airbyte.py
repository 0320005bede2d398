"""floe's Airbyte runner: loads one ingestion source into DuckDB with PyAirbyte.

Started by the ingestion-airbyte plugin as
    python -X utf8 run_airbyte.py --spec SPEC.json --events-fd 3
with the Python that has PyAirbyte (`airbyte` on PyPI). SPEC.json is written by
the plugin (src/airbyte_spec.cpp). For each file, Airbyte's File source
connector (`source-file`, an executable in a virtualenv of its own) reads it
and PyAirbyte writes the records into the destination DuckDB file, schema
`dataset`, table `table` (PyAirbyte's DuckDB cache is the destination).
Progress, problems and the result go to the event pipe as JSON lines (the
shapes of plugins/ingestion-dlt's runner, which the plugin's report reads);
stdout and stderr are Airbyte's own and are only logged. Exit status: 0
loaded, 1 the run failed (the errors are on the event pipe), 3 PyAirbyte is
not usable.
"""

import argparse
import hashlib
import importlib.metadata
import json
import os
import platform
import sys
import time
import warnings

EXIT_FAILED = 1
EXIT_NO_AIRBYTE = 3
INSTALL_HINT = "pip install 'airbyte==0.71.3'"
CONNECTOR = "source-file"


class Events:
    def __init__(self, fd):
        self._out = os.fdopen(fd, "w", encoding="utf-8", buffering=1)

    def emit(self, kind, **fields):
        fields = {key: value for key, value in fields.items() if value is not None}
        self._out.write(json.dumps({"type": kind, **fields}, ensure_ascii=False, default=str) + "\n")

    def error(self, code, message, file=None):
        self.emit("error", code=code, message=message, file=file)


def short(error):
    """An exception in one line, without the context PyAirbyte attaches (it may quote config or rows)."""
    text = getattr(error, "message", None) or getattr(error, "guidance", None) or str(error).split("\n")[0]
    text = f"{type(error).__name__}: {text}"
    return text if len(text) <= 400 else text[:400] + "..."


def reader_options(fmt):
    # JSON Lines is pandas' read_json with lines=True; CSV and Parquet need nothing.
    return json.dumps({"lines": True}) if fmt == "jsonl" else None


def strategies(write_mode, count):
    """PyAirbyte's write strategy per file: replace only for the first file, so a glob replaces the table once."""
    first = {"append": "append", "replace": "replace", "merge": "merge"}[write_mode]
    later = "merge" if write_mode == "merge" else "append"
    return [first] + [later] * (count - 1)


def connector_reason(scratch):
    """The connector's own last error (its TRACE message, in the log PyAirbyte keeps of it), or ""."""
    reason = ""
    for root, _, files in os.walk(os.path.join(scratch, "logs", CONNECTOR)):
        for name in sorted(files):
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                for line in f:
                    at = line.find('{"type": "TRACE"')
                    try:
                        error = json.loads(line[at:])["trace"]["error"] if at >= 0 else None
                    except (ValueError, KeyError, TypeError):
                        error = None
                    if error:
                        reason = error.get("internal_message") or error.get("message") or reason
    return reason if len(reason) <= 300 else reason[:300] + "..."


def failure(error, path, spec, events):
    """Reports a failed read or write of `path` and returns None."""
    locked = "lock" in str(error).lower() or "IOException" in type(error).__name__
    if locked:
        events.error("destination_failed", f"{path}: writing {spec['database']} failed: {short(error)}", path)
    else:
        reason = connector_reason(spec["scratch_dir"]) or short(error)
        events.error("source_failed", f"{path}: Airbyte's {CONNECTOR} ({spec['connector']}) could not read it: {reason}",
                     path)


# An append source's record of the files it appended (by content digest), in
# the destination beside the rows: a second run that finds the same landing
# file skips it instead of doubling the table. PyAirbyte commits each file's
# rows itself, so the record is written right after them: a run killed in
# between appends that file again on the next run (plugins/ingestion-airbyte/README.md).
APPENDED_FILES = "_floe_appended_files"


def file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class AppendedFiles:
    """The record for one destination table, through the cache's own SQL engine (DuckDB refuses a second one)."""

    def __init__(self, cache, spec):
        from sqlalchemy import text

        self.text, self.engine, self.table = text, cache.get_sql_engine(), spec["table"]
        self.record = f'"{spec["dataset"]}".{APPENDED_FILES}'
        self._run(f'CREATE SCHEMA IF NOT EXISTS "{spec["dataset"]}"')
        self._run(f"CREATE TABLE IF NOT EXISTS {self.record} "
                  "(destination_table VARCHAR, sha256 VARCHAR, file VARCHAR, appended_at TIMESTAMPTZ)")

    def _run(self, sql, **params):
        with self.engine.begin() as connection:
            return connection.execute(self.text(sql), params).fetchall() if sql.startswith("SELECT") else \
                connection.execute(self.text(sql), params)

    def when(self, digest):
        """When this table appended a file with this digest, as text, or None."""
        rows = self._run(f"SELECT strftime(appended_at, '%Y-%m-%dT%H:%M:%SZ') FROM {self.record} "
                         "WHERE destination_table = :t AND sha256 = :d", t=self.table, d=digest)
        return rows[0][0] if rows else None

    def add(self, digest, path):
        self._run(f"INSERT INTO {self.record} VALUES (:t, :d, :f, now())", t=self.table, d=digest,
                  f=os.path.basename(path))

    def forget(self):
        """A replace empties the table: what was appended to it is gone too."""
        self._run(f"DELETE FROM {self.record} WHERE destination_table = :t", t=self.table)


def load(ab, spec, events):
    cache = ab.DuckDBCache(db_path=spec["database"], schema_name=spec["dataset"],
                           cache_dir=os.path.join(spec["scratch_dir"], "cache"))
    table, total = spec["table"], 0
    appended = AppendedFiles(cache, spec)
    if spec["write_mode"] == "replace":
        appended.forget()
    for path, strategy in zip(spec["files"], strategies(spec["write_mode"], len(spec["files"]))):
        digest = None
        if spec["write_mode"] == "append":
            try:
                digest = file_digest(path)
            except OSError as error:
                events.error("source_unreadable", f"{path}: cannot be read: {error.strerror}", path)
                return None
            earlier = appended.when(digest)
            if earlier is not None:
                events.emit("file_read", path=path, rows=0, already_appended=earlier)
                continue
        config = {"dataset_name": table, "format": spec["format"], "url": path, "provider": {"storage": "local"}}
        if reader_options(spec["format"]):
            config["reader_options"] = reader_options(spec["format"])
        started = time.monotonic()
        try:
            # The connector reads the file already to discover its stream.
            source = ab.get_source(CONNECTOR, config=config, local_executable=spec["connector"])
            source.select_streams([table])
            if spec["primary_key"]:
                source.set_primary_key(table, spec["primary_key"])
            result = source.read(cache=cache, write_strategy=strategy, force_full_refresh=strategy == "replace")
        except Exception as error:  # noqa: BLE001 - every failure of Airbyte is reported
            return failure(error, path, spec, events)
        rows = int(result.processed_records)
        total += rows
        if digest is not None:
            appended.add(digest, path)
        events.emit("file_read", path=path, rows=rows)
        events.emit("step", step="read " + os.path.basename(path), seconds=round(time.monotonic() - started, 3))
    return total


def written_bytes(scratch):
    """The size of the cache files PyAirbyte wrote and loaded (Parquet or JSON Lines)."""
    size = 0
    for root, _, files in os.walk(os.path.join(scratch, "cache")):
        size += sum(os.path.getsize(os.path.join(root, name)) for name in files)
    return size


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--spec", required=True)
    args.add_argument("--events-fd", type=int, default=3)
    options = args.parse_args()
    events = Events(options.events_fd)
    with open(options.spec, encoding="utf-8") as f:
        spec = json.load(f)
    warnings.simplefilter("ignore")  # PyAirbyte's and Google's import-time notices would crowd stderr's tail
    try:
        import airbyte as ab
    except ImportError as error:
        events.error("airbyte_not_installed",
                     f"PyAirbyte is not installed for {sys.executable} ({error}); install it into that environment with "
                     f"`{INSTALL_HINT}`, or set the plugin's `python` to an interpreter that has it")
        return EXIT_NO_AIRBYTE
    events.emit("started", airbyte_version=importlib.metadata.version("airbyte"), python_version=platform.python_version(),
                python=sys.executable, connector=spec["connector"], files=len(spec["files"]))
    total = load(ab, spec, events)
    if total is None:
        return EXIT_FAILED
    events.emit("result", tables=[{"name": spec["table"], "rows": total}], bytes_written=written_bytes(spec["scratch_dir"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
