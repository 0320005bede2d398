"""Validates Infisical Operator objects against the operator's own CRD.

    infisical_crd_check.py CRD_DIR FILE...

As eso_crd_check.py (whose schema reading and strict field check it uses),
for documents of group secrets.infisical.com, against the copy of the
InfisicalSecret CRD in tests/fixtures/infisical-operator. Exit 0 when every
such document is valid and at least one was checked, else 1.
"""
import pathlib
import sys

import jsonschema

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from eso_crd_check import documents, schemas, undeclared  # noqa: E402


GROUP = "secrets.infisical.com/"


def problems_of(known, doc, where):
    key = (doc.get("apiVersion"), doc.get("kind"))
    if key not in known:
        return [f"{where}: no CRD for {key}"]
    schema = known[key]
    found = [f"{where}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
             for e in jsonschema.Draft7Validator(schema).iter_errors(doc)]
    return found + [f"{where}: {p}" for p in undeclared(schema, doc, "$")]


def main():
    known = schemas(sys.argv[1])
    docs = [(path, d) for path in sys.argv[2:] for d in documents(path) if str(d.get("apiVersion", "")).startswith(GROUP)]
    problems = [p for path, d in docs
                for p in problems_of(known, d, f"{path}: {d.get('kind')} {d.get('metadata', {}).get('name')}")]
    for p in problems:
        print(p)
    print(f"{len(docs)} {GROUP[:-1]} object(s) checked")
    return 0 if docs and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
