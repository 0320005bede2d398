"""The shape sketch language of categories.py: parsing, sample requests and
required response keys.

scripts/gen-abi parses every request and response sketch with this module and
fails on any sketch it cannot read, so the docs, the headers and the
conformance kit's samples always come from shapes that mean something.

Grammar (whitespace between tokens is free):

    shape   := alt ('|' alt)*
    alt     := (object | array | STRING | TYPE) [note] | 'error' STATUS
    object  := '{' [member (',' member)*] '}'        '{}' is any object
    member  := STRING ['?'] ':' shape                 a key ('?': optional)
             | MAPKEY ':' shape                       a map: any keys, values of that shape
    array   := '[' [shape] ']'                        '[]' is any array
    note    := '(' text with balanced parentheses ')' prose for the docs
    STRING  := '"' chars '"'                          in a value position: that literal string
    TYPE    := one of TYPES below;  MAPKEY := KEY | NAME | str
    STATUS  := a floe_status name without FLOE_ERR_ (responses only, top level)
"""
import json
import re

# Named types: the JSON kind a value of that type has, and a sample value.
TYPES = {
    "str": ("string", None),  # sample: by key, see string_sample()
    "int": ("integer", 1),
    "number": ("number", 1),
    "bool": ("boolean", False),
    "any": ("any", "conformance"),
    "uuid": ("string", "00000000-0000-4000-8000-000000000000"),
    "rfc3339": ("string", "2024-01-01T00:00:00Z"),
    "secret_ref": ("string", "env:FLOE_CONFORMANCE_SECRET"),
    "CompiledArtifacts": ("object", {"apiVersion": "floe.dev/v1", "kind": "CompiledArtifacts", "version": "1.0.0",
                                     "product": {"name": "conformance", "version": "0.1.0", "owner": None,
                                                 "description": None, "domain": None}}),
    "IcebergSchema": ("object", {"type": "struct", "schema-id": 0,
                                 "fields": [{"id": 1, "name": "id", "required": True, "type": "long"}]}),
    "IcebergTableMetadata": ("object", {"format-version": 2, "location": "file:///tmp/floe-conformance/sample"}),
}
MAP_KEYS = {"KEY", "NAME", "str"}
# floe_status names a response may declare as its documented refusal.
STATUSES = {"NOT_FOUND", "UNAUTHORIZED", "ALREADY_EXISTS", "UNAVAILABLE", "TIMEOUT", "INVALID_STATE", "CONFLICT"}

# Plausible strings for keys whose meaning a bare "conformance" would miss,
# by "parent.key" first, then by key, then by suffix.
STRING_BY_PATH = {"catalog.type": "rest", "compute.type": "duckdb", "destination.type": "duckdb"}
STRING_BY_KEY = {
    "uri": "http://127.0.0.1:8181/catalog", "url": "http://127.0.0.1:5000/api/v1/lineage",
    "identifier": "conformance.sample", "destination_table": "conformance_sample", "table": "conformance.sample",
    "tables": "conformance.sample", "identifiers": "conformance.sample",
    "cron": "0 * * * *", "timezone": "UTC", "target": "dev", "dialect": "duckdb", "key": "conformance/sample",
    "workload_size": "small", "materialization": "table",
    "manifest_path": "/tmp/floe-conformance/target/manifest.json", "source_type": "filesystem",
    "title": "floe conformance sample", "message": "floe conformance sample",
}
STRING_BY_SUFFIX = {"_dir": "/tmp/floe-conformance", "path": "/tmp/floe-conformance", "paths": "/tmp/floe-conformance"}


class SketchError(Exception):
    pass


TOKEN = re.compile(r'\s*(?:(?P<punct>[{}\[\]:,?|])|(?P<string>"(?:[^"\\]|\\.)*")|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)'
                   r'|(?P<open>\())')


class Parser:
    def __init__(self, text, where):
        self.text, self.where, self.pos = text, where, 0

    def fail(self, what):
        raise SketchError(f"{self.where}: {what} at column {self.pos + 1} of {self.text!r}")

    def peek(self):
        m = TOKEN.match(self.text, self.pos)
        if m is None:
            if self.text[self.pos:].strip():
                self.fail("unexpected character " + repr(self.text[self.pos:].lstrip()[0]))
            return None, None, self.pos
        kind = m.lastgroup
        return kind, m.group(kind), m.end()

    def take(self, expected=None):
        kind, value, end = self.peek()
        if kind is None:
            self.fail(f"expected {expected!r}, found the end" if expected else "unexpected end")
        if expected is not None and value != expected:
            self.fail(f"expected {expected!r}, found {value!r}")
        self.pos = end
        return kind, value

    def at(self, value):
        return self.peek()[1] == value

    def parse(self, top):
        shape = self.shape(top)
        if self.peek()[0] is not None:
            self.fail("trailing text " + repr(self.text[self.pos:].strip()))
        return shape

    def shape(self, top=False):
        alts = [self.alt(top)]
        while self.at("|"):
            self.take("|")
            alts.append(self.alt(top))
        return alts[0] if len(alts) == 1 else {"kind": "alt", "alts": alts}

    def alt(self, top):
        kind, value = self.take()
        if kind == "ident" and value == "error":
            if not top:
                self.fail("'error STATUS' is allowed only at the top of a response")
            _, status = self.take()
            if status not in STATUSES:
                self.fail(f"unknown refusal status {status!r}; known: {', '.join(sorted(STATUSES))}")
            return {"kind": "error", "status": status}
        if value == "{":
            shape = self.object()
        elif value == "[":
            item = None if self.at("]") else self.shape()
            self.take("]")
            shape = {"kind": "array", "item": item}
        elif kind == "string":
            shape = {"kind": "literal", "value": json.loads(value)}
        elif kind == "ident":
            if value not in TYPES:
                self.fail(f"unknown type {value!r}; known: {', '.join(TYPES)}")
            shape = {"kind": "type", "name": value}
        else:
            self.fail(f"unexpected {value!r}")
        self.note()
        return shape

    def note(self):
        if self.peek()[0] != "open":
            return
        depth, i = 0, self.peek()[2] - 1
        while i < len(self.text):
            depth += {"(": 1, ")": -1}.get(self.text[i], 0)
            i += 1
            if depth == 0:
                self.pos = i
                return
        self.fail("unbalanced '(' in a note")

    def object(self):
        members, map_value = [], None
        if self.at("}"):
            self.take("}")
            return {"kind": "object", "members": [], "map": None}
        while True:
            kind, key = self.take()
            if kind == "string":
                optional = self.at("?")
                if optional:
                    self.take("?")
                self.take(":")
                name = json.loads(key)
                if any(m["key"] == name for m in members):
                    self.fail(f"key {name!r} twice")
                members.append({"key": name, "optional": optional, "shape": self.shape()})
            elif kind == "ident" and key in MAP_KEYS and not members and map_value is None:
                self.take(":")
                map_value = self.shape()
            else:
                self.fail(f"expected a \"key\" or one of {', '.join(sorted(MAP_KEYS))}, found {key!r}")
            if self.at(","):
                self.take(",")
                if map_value is not None:
                    self.fail("a map ({KEY: shape}) has no other members")
                continue
            self.take("}")
            return {"kind": "object", "members": members, "map": map_value}


def parse(text, where, response=False):
    """The parsed shape; raises SketchError naming `where` and the column."""
    return Parser(text, where).parse(top=response)


def string_sample(path):
    key = path[-1] if path else ""
    if len(path) >= 2 and f"{path[-2]}.{key}" in STRING_BY_PATH:
        return STRING_BY_PATH[f"{path[-2]}.{key}"]
    if key in STRING_BY_KEY:
        return STRING_BY_KEY[key]
    for suffix, value in STRING_BY_SUFFIX.items():
        if key.endswith(suffix):
            return value
    return "conformance"


def sample(shape, path=()):
    """A valid value of `shape`: required keys only, the first alternative,
    one element per shaped array, plausible strings by key name."""
    kind = shape["kind"]
    if kind == "object":
        return {m["key"]: sample(m["shape"], path + (m["key"],)) for m in shape["members"] if not m["optional"]}
    if kind == "array":
        return [] if shape["item"] is None else [sample(shape["item"], path)]
    if kind == "literal":
        return shape["value"]
    if kind == "alt":
        usable = [a for a in shape["alts"] if a["kind"] != "error"]
        return sample(usable[0], path)
    if kind == "type":
        json_kind, value = TYPES[shape["name"]]
        return string_sample(path) if shape["name"] == "str" else value
    raise SketchError(f"{'.'.join(path)}: a request cannot contain {kind}")


def json_kinds(shape):
    """(kinds, literals): the JSON kinds a value of `shape` may have, and the
    only strings allowed when it is a choice of literals (else None)."""
    kind = shape["kind"]
    if kind == "object":
        return {"object"}, None
    if kind == "array":
        return {"array"}, None
    if kind == "literal":
        return {"string"}, [shape["value"]]
    if kind == "type":
        return {TYPES[shape["name"]][0]}, None
    kinds, literals, only_literals = set(), [], True
    for a in shape["alts"]:
        if a["kind"] == "error":
            continue
        k, lits = json_kinds(a)
        kinds |= k
        only_literals &= lits is not None
        literals += lits or []
    return kinds, (literals if only_literals else None)


def response_object(shape, where):
    """The object alternative of a response sketch, and the refusals it documents."""
    alts = shape["alts"] if shape["kind"] == "alt" else [shape]
    objects = [a for a in alts if a["kind"] == "object"]
    refusals = [a["status"] for a in alts if a["kind"] == "error"]
    if len(objects) != 1 or len(objects) + len(refusals) != len(alts):
        raise SketchError(f"{where}: a response is one object, optionally '| error STATUS'")
    return objects[0], refusals


def required_keys(shape, where):
    """[(key, kinds, literals)] for the required top-level keys of a response."""
    obj, _ = response_object(shape, where)
    return [(m["key"], *json_kinds(m["shape"])) for m in obj["members"] if not m["optional"]]
