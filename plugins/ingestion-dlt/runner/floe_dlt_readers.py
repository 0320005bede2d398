"""Readers of the source files: each yields (line, record) pairs.

`line` is where the record starts (1-based; the row number for Parquet,
which has no lines). `record` is a dict of column name -> value, or a
Malformed when the row cannot be read as one; a file that cannot be read at
all raises FileProblem. CSV and JSON Lines must be UTF-8 (a BOM is skipped).
"""

import csv
import json

from floe_dlt_contract import kind_of


class FileProblem(Exception):
    def __init__(self, path, line, message):
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message


class Malformed:
    """A row that could not be read; `raw` is what there is of it, for the quarantine."""

    def __init__(self, reason, raw):
        self.reason = reason
        self.raw = raw


def _text_lines(path):
    """The lines of a UTF-8 file, decoded one by one so that a bad byte is reported with its line."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise FileProblem(path, number, f"is not UTF-8 text (byte {error.start + 1} of the line)") from None
            if number == 1 and text.startswith("\ufeff"):
                text = text[1:]
            yield text


def read_csv(path):
    """Comma-separated, double-quoted fields, a header line first. Empty fields are nulls."""
    lines = _text_lines(path)
    reader = csv.reader(lines, strict=True)
    last_line = 0
    header = None
    try:
        for fields in reader:
            start, last_line = last_line + 1, reader.line_num
            if header is None:
                header = _checked_header(path, fields)
                continue
            if not fields:
                continue  # a blank line
            if len(fields) != len(header):
                yield start, Malformed(f"has {len(fields)} field(s), the header has {len(header)}", fields)
                continue
            yield start, {name: (value if value != "" else None) for name, value in zip(header, fields)}
    except csv.Error as error:
        raise FileProblem(path, last_line + 1, f"is not valid CSV: {error}") from None
    if header is None:
        raise FileProblem(path, 1, "is empty: a CSV file starts with its header line")


def _checked_header(path, fields):
    names = [name.strip() for name in fields]
    if not names or any(not name for name in names):
        raise FileProblem(path, 1, "has an empty column name in its header line")
    seen = set()
    for name in names:
        if name in seen:
            raise FileProblem(path, 1, f"names column '{name}' twice in its header line")
        seen.add(name)
    return names


def read_jsonl(path):
    """One JSON object per line; blank lines are skipped."""
    for number, text in enumerate(_text_lines(path), 1):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except ValueError as error:
            reason = f"is not valid JSON: {getattr(error, 'msg', error)}"
            if hasattr(error, "colno"):
                reason += f" at character {error.colno}"
            yield number, Malformed(reason, text.rstrip("\r\n"))
            continue
        if not isinstance(value, dict):
            yield number, Malformed(f"is {kind_of(value)}, not a JSON object", value)
            continue
        yield number, value


def read_parquet(path):
    """Read through DuckDB (which dlt[duckdb] brings), in batches."""
    import duckdb

    connection = duckdb.connect()
    try:
        try:
            result = connection.execute("SELECT * FROM read_parquet(?)", [path])
        except duckdb.Error as error:
            raise FileProblem(path, None, f"is not a readable Parquet file: {error}") from None
        names = [column[0] for column in result.description]
        number = 0
        while True:
            batch = result.fetchmany(4096)
            if not batch:
                break
            for row in batch:
                number += 1
                yield number, dict(zip(names, row))
    finally:
        connection.close()


READERS = {"csv": read_csv, "jsonl": read_jsonl, "parquet": read_parquet}
