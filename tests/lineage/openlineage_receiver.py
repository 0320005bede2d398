#!/usr/bin/env python3
"""A local OpenLineage receiver for floe's lineage tests. It is not Marquez
(no Marquez server can be installed here): an HTTP server on 127.0.0.1 that
takes POSTed events as an OpenLineage HTTP endpoint does, validates each one
against the OpenLineage JSON Schema (tests/fixtures/openlineage: the core
spec's RunEvent, and every facet whose schema is there) and records it.

  openlineage_receiver.py serve --port P --schemas DIR --log FILE --ready FILE
                                [--mode ok|fail500|slow] [--delay S] [--api-key KEY]
  openlineage_receiver.py check --schemas DIR FILE   # validate a JSON-lines file

serve appends one JSON line per request to --log: {"path", "authorization",
"event" (the parsed body, or null), "errors": [...]}; `check` prints the
same records, one per line of FILE. Exit 0 unless it cannot start.
"""
import argparse
import http.server
import json
import pathlib
import re
import sys
import threading
import time

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

CORE_RUN_EVENT = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
# Facet versions floe writes whose schema could not be obtained here: their
# base shape is checked by the core schema, their fields by this script.
UNVENDORED = {"https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json"}
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class Validator:
    def __init__(self, schemas_dir):
        resources = []
        for path in sorted(pathlib.Path(schemas_dir).rglob("*.json")):
            schema = json.loads(path.read_text())
            resources.append((schema["$id"], Resource.from_contents(schema)))
        self.registry = Registry().with_resources(resources)
        self.known = {uri for uri, _ in resources}
        self.checker = FormatChecker()

    def _errors(self, ref, instance, where):
        validator = Draft202012Validator({"$ref": ref}, registry=self.registry, format_checker=self.checker)
        return [f"{where}{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
                for e in validator.iter_errors(instance)]

    def _facet_errors(self, name, facet, where):
        url = facet.get("_schemaURL", "") if isinstance(facet, dict) else ""
        base = url.split("#", 1)[0]
        if base in self.known:
            return self._errors(url, facet, f"{where}{name}: ")
        if base in UNVENDORED:
            fields = facet.get("fields")
            if not isinstance(fields, list) or not all(
                    isinstance(f, dict) and isinstance(f.get("name"), str) and isinstance(f.get("type", ""), str)
                    for f in fields):
                return [f"{where}{name}: fields must be a list of {{name, type?}} strings"]
            return []
        return [f"{where}{name}: no schema here for {url!r}"]

    def errors(self, event):
        found = self._errors(CORE_RUN_EVENT, event, "")
        if found:
            return found
        if not RFC3339.match(event["eventTime"]):
            found.append(f"eventTime {event['eventTime']!r} is not RFC 3339")
        if not UUID.match(event["run"]["runId"]):
            found.append(f"runId {event['run']['runId']!r} is not a lower-case UUID")
        for url in (event["producer"], event["schemaURL"]):
            if not url.startswith("https://"):
                found.append(f"{url!r} is not an https URI")
        groups = [("run.facets.", event["run"].get("facets", {})), ("job.facets.", event["job"].get("facets", {}))]
        for side in ("inputs", "outputs"):
            for i, dataset in enumerate(event.get(side, [])):
                for key in ("facets", "inputFacets", "outputFacets"):
                    groups.append((f"{side}/{i}.{key}.", dataset.get(key, {})))
        for where, facets in groups:
            for name, facet in facets.items():
                found += self._facet_errors(name, facet, where)
        return found

    def record(self, text, path="", authorization=None):
        try:
            event = json.loads(text)
            errors = self.errors(event)
        except (ValueError, KeyError, TypeError) as e:
            event, errors = None, [f"not an event: {e}"]
        return {"path": path, "authorization": authorization, "event": event, "errors": errors}


def serve(args):
    validator = Validator(args.schemas)
    lock = threading.Lock()
    log = open(args.log, "a", encoding="utf-8")

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode("utf-8", "replace")
            if args.mode == "slow":
                time.sleep(args.delay)
            authorization = self.headers.get("Authorization")
            entry = validator.record(body, self.path, authorization)
            with lock:
                log.write(json.dumps(entry) + "\n")
                log.flush()
            if args.mode == "fail500":
                status = 500
            elif args.api_key and authorization != f"Bearer {args.api_key}":
                status = 401
            else:
                status = 201
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    pathlib.Path(args.ready).write_text(str(args.port))
    server.serve_forever()


def check(args):
    validator = Validator(args.schemas)
    for line in pathlib.Path(args.file).read_text(encoding="utf-8").splitlines():
        print(json.dumps(validator.record(line)))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--schemas", required=True)
    s.add_argument("--log", required=True)
    s.add_argument("--ready", required=True)
    s.add_argument("--mode", choices=["ok", "fail500", "slow"], default="ok")
    s.add_argument("--delay", type=float, default=0)
    s.add_argument("--api-key", default="")
    c = sub.add_parser("check")
    c.add_argument("--schemas", required=True)
    c.add_argument("file")
    args = parser.parse_args()
    serve(args) if args.command == "serve" else check(args)


if __name__ == "__main__":
    sys.exit(main())
