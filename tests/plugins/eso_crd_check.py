"""Validates External Secrets Operator objects against the operator's own CRDs.

    eso_crd_check.py CRD_DIR FILE...

Each FILE is YAML (one or more documents) or JSON (an object, or a list of
objects). Every document of group external-secrets.io is validated against
the openAPIV3Schema of its kind and version in CRD_DIR (scripts/fetch-eso-crds),
strictly: a field the schema does not declare is an error too (the API server
would drop it silently, and the sync would not do what was meant). Other
documents are skipped. Prints one line per problem; exit 0 when every
document is valid and at least one was checked, else 1.
"""
import json
import pathlib
import sys

import jsonschema
import yaml


def schemas(crd_dir):
    out = {}
    for path in pathlib.Path(crd_dir).glob("*.yaml"):
        crd = yaml.safe_load(path.read_text())
        kind = crd["spec"]["names"]["kind"]
        for v in crd["spec"]["versions"]:
            out[(f"{crd['spec']['group']}/{v['name']}", kind)] = v["schema"]["openAPIV3Schema"]
    return out


def undeclared(schema, value, where):
    """Fields of `value` that `schema` does not declare (where it declares properties)."""
    if isinstance(value, dict) and isinstance(schema, dict):
        props = schema.get("properties")
        if props is not None and not schema.get("x-kubernetes-preserve-unknown-fields") and not schema.get("additionalProperties"):
            for k, v in value.items():
                if k not in props:
                    yield f"{where}.{k}: not a field of the schema"
                else:
                    yield from undeclared(props[k], v, f"{where}.{k}")
        elif isinstance(schema.get("additionalProperties"), dict):
            for k, v in value.items():
                yield from undeclared(schema["additionalProperties"], v, f"{where}.{k}")
    elif isinstance(value, list) and isinstance(schema, dict) and isinstance(schema.get("items"), dict):
        for i, v in enumerate(value):
            yield from undeclared(schema["items"], v, f"{where}[{i}]")


def documents(path):
    text = pathlib.Path(path).read_text()
    if path.endswith(".json"):
        doc = json.loads(text)
        return doc if isinstance(doc, list) else [doc]
    return [d for d in yaml.safe_load_all(text) if d]


def main():
    known = schemas(sys.argv[1])
    problems, checked = [], 0
    for path in sys.argv[2:]:
        for doc in documents(path):
            api = str(doc.get("apiVersion", ""))
            if not api.startswith("external-secrets.io/"):
                continue
            key = (api, doc.get("kind"))
            name = f"{path}: {doc.get('kind')} {doc.get('metadata', {}).get('name')}"
            if key not in known:
                problems.append(f"{name}: no CRD for {key}")
                continue
            checked += 1
            for e in jsonschema.Draft7Validator(known[key]).iter_errors(doc):
                problems.append(f"{name}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
            problems.extend(f"{name}: {p}" for p in undeclared(known[key], doc, "$"))
    for p in problems:
        print(p)
    print(f"{checked} external-secrets.io object(s) checked")
    return 0 if checked and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
