"""Writes and reads one object through PyIceberg's PyArrowFileIO configured
with exactly the properties storage-s3's get_fileio_config returned (the
test resolved its secret properties), against a real S3 server.

usage: storage_s3_fileio.py SPEC.json
SPEC: {"properties": {...}, "location": "s3://bucket/key", "payload": "text"}
Prints {"read": <text read back>, "size": n, "exists": bool} on success;
exits 1 with the error's type and message (never the properties) otherwise.
"""
import json
import sys

from pyiceberg.io.pyarrow import PyArrowFileIO


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    io = PyArrowFileIO(properties=spec["properties"])
    payload = spec["payload"].encode()
    try:
        with io.new_output(spec["location"]).create(overwrite=True) as out:
            out.write(payload)
        readable = io.new_input(spec["location"])
        with readable.open() as stream:
            data = stream.read()
        print(json.dumps({"read": data.decode(), "size": len(readable), "exists": readable.exists()}))
        return 0
    except Exception as e:  # noqa: BLE001 - the test reads the kind of failure
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
