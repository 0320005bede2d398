"""Makes a table whose snapshots span days, for the floe iceberg tests.

    iceberg_old_snapshots.py CATALOG_URI NAMESPACE.TABLE

Iceberg records a snapshot's time as it is committed, so a test cannot wait
days for old ones: the table is created together with two snapshots dated 10
and 9 days ago (one transaction, before any metadata log entry exists, which
is the only time an Iceberg catalog accepts older timestamps; their manifest
lists are never read), the older one tagged 'audit', then one real append.
Prints the snapshot count and the refs.
"""
import sys, time
from pyiceberg.catalog import load_catalog
from pyiceberg.schema import Schema
from pyiceberg.types import NestedField, LongType
from pyiceberg.table.update import AddSnapshotUpdate
from pyiceberg.table.snapshots import Snapshot, Summary, Operation
import pyarrow as pa
uri, ident = sys.argv[1], sys.argv[2]
cat = load_catalog('t', type='rest', uri=uri)
ns = tuple(ident.split('.')[:-1])
try: cat.create_namespace(ns)
except Exception: pass
txn = cat.create_table_transaction(ident, Schema(NestedField(1, 'id', LongType(), required=False)))
t = txn._table
now = int(time.time() * 1000)
day = 86400000
snaps = [Snapshot(snapshot_id=1000 + i, timestamp_ms=now - (10 - i) * day, sequence_number=i + 1,
                  manifest_list=f'{t.location()}/metadata/old-{i}.avro', summary=Summary(Operation.APPEND), schema_id=0)
         for i in range(2)]
txn._apply(tuple(AddSnapshotUpdate(snapshot=s) for s in snaps))
txn.commit_transaction()
t = cat.load_table(ident)
t.manage_snapshots().create_tag(1000, 'audit').commit()
t = cat.load_table(ident)
t.append(pa.table({'id': pa.array([1], pa.int64())}))
t = cat.load_table(ident)
print(len(t.metadata.snapshots), sorted(t.metadata.refs))
