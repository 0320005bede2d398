"""check_sarif.py SCHEMA FILE - FILE (a SARIF log) against SCHEMA, the official
SARIF 2.1.0 JSON Schema (draft-07), with the jsonschema package of the project
virtualenv. Prints one line per problem (its JSON path and message) and exits
1 when there is any, 2 when a file cannot be read."""
import json
import sys

import jsonschema


def main() -> int:
    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        with open(sys.argv[2], encoding="utf-8") as f:
            log = json.load(f)
    except (OSError, ValueError) as e:
        print(f"cannot read: {e}")
        return 2
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    problems = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    for p in problems:
        path = "/".join(str(part) for part in p.absolute_path) or "(the log)"
        print(f"{path}: {p.message[:300]}")
    return 1 if problems else 0


sys.exit(main())
