#!/usr/bin/env python3
"""pyiceberg as the independent client of floe's Iceberg tests.

usage: pyiceberg_client.py URI COMMAND ARGS...   (prints one JSON document)

  list NS                  the tables of namespace NS (dotted)
  namespaces               every top-level namespace
  describe NS.T            schema, properties, snapshots, refs of a table
  create NS.T              a table (id long, name string) with one append of 3 rows
  append NS.T N ROWS       N appends of ROWS rows each; a commit that loses
                           a race (CommitFailedException) reloads and retries
  count NS.T               the rows a scan of the table returns
  tag NS.T NAME            a tag on the current snapshot
"""
import json
import sys

import pyarrow as pa
from pyiceberg.catalog import load_catalog
from pyiceberg.exceptions import CommitFailedException
from pyiceberg.schema import Schema
from pyiceberg.types import LongType, NestedField, StringType


def main():
    uri, command, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    catalog = load_catalog("floe_test", type="rest", uri=uri)
    out = {}
    if command == "list":
        out["tables"] = [".".join(t) for t in catalog.list_tables(args[0])]
    elif command == "namespaces":
        out["namespaces"] = [".".join(n) for n in catalog.list_namespaces()]
    elif command == "describe":
        t = catalog.load_table(args[0])
        m = t.metadata
        out = {
            "schema": [{"id": f.field_id, "name": f.name, "type": str(f.field_type), "required": f.required}
                       for f in t.schema().fields],
            "properties": dict(m.properties),
            "snapshots": [s.snapshot_id for s in m.snapshots],
            "current_snapshot_id": m.current_snapshot_id,
            "refs": {name: {"type": str(r.snapshot_ref_type), "snapshot_id": r.snapshot_id} for name, r in m.refs.items()},
            "partition_fields": [{"name": f.name, "transform": str(f.transform), "source_id": f.source_id}
                                 for f in t.spec().fields],
            "location": m.location,
            "format_version": m.format_version,
        }
    elif command == "create":
        schema = Schema(NestedField(1, "id", LongType(), required=False), NestedField(2, "name", StringType(), required=False))
        t = catalog.create_table(args[0], schema=schema, properties={"created-by": "pyiceberg"})
        t.append(rows(0, 3))
        out["snapshots"] = len(catalog.load_table(args[0]).metadata.snapshots)
    elif command == "append":
        n, size = int(args[1]), int(args[2])
        conflicts = 0
        for i in range(n):
            while True:
                t = catalog.load_table(args[0])
                try:
                    t.append(rows(i * size, size))
                    break
                except CommitFailedException:
                    conflicts += 1
                    if conflicts > 50:
                        raise
        out = {"appends": n, "conflicts": conflicts}
    elif command == "count":
        out["rows"] = catalog.load_table(args[0]).scan().to_arrow().num_rows
    elif command == "tag":
        t = catalog.load_table(args[0])
        t.manage_snapshots().create_tag(t.metadata.current_snapshot_id, args[1]).commit()
        out["tagged"] = t.metadata.current_snapshot_id
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(out))


def rows(start, count):
    return pa.table({"id": pa.array(range(start, start + count), type=pa.int64()),
                     "name": pa.array([f"row-{i}" for i in range(start, start + count)], type=pa.string())})


if __name__ == "__main__":
    main()
