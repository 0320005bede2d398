#!/usr/bin/env python3
"""Generates a synthetic dbt project (and optionally dbt's target/manifest.json)
for libfloe-dbt's benchmarks and tests.

    python3 bench/gen_dbt_project.py --models 10000 --out /tmp/p10k --manifest [--violations 5] [--seed 1]

The project is a medallion DAG: bronze models read sources, silver models ref
bronze (and earlier silver) models, gold models ref silver (and earlier gold)
models. Each model has 5-15 documented columns with tests in a schema yml
(one yml per ~40 models), folder configs in dbt_project.yml, some config()
calls, two-argument refs, SQL and Jinja comments. Real `dbt parse` accepts the
output (only built-in generic tests are used).

With --manifest, target/manifest.json is written in dbt's v12 shape with the
bulk real manifests carry (raw_code, full config blocks, a macros section with
a few hundred entries, parent_map/child_map), so 10k models give a file of a
realistic size; its mtime is set after every project file's, so readers that
prefer a fresh manifest pick it. It describes exactly what the files say: a
reader of the files and a reader of the manifest must agree.

--violations PCT makes about PCT percent of the models break floe's default
policies: a name without the layer prefix, no column tests, or no descriptions.

Deterministic for a given --seed. Python 3 standard library only.
"""

import argparse
import hashlib
import json
import os
import random
import shutil

LAYERS = [("bronze", 0.40), ("silver", 0.35), ("gold", 0.25)]
DOMAINS = ["sales", "finance", "marketing", "support", "logistics", "hr", "product", "billing",
           "inventory", "web", "mobile", "crm", "risk", "legal", "ops", "partners"]
ENTITIES = ["orders", "customers", "payments", "invoices", "sessions", "events", "tickets", "shipments",
            "accounts", "products", "refunds", "subscriptions", "leads", "contracts", "claims", "visits"]
EXTRA_COLUMNS = ["status", "amount", "currency", "created_at", "updated_at", "country_code", "channel",
                 "quantity", "discount", "region", "segment", "source_system", "is_active", "score",
                 "email", "priority", "category", "notes"]
STATUS_VALUES = ["new", "active", "closed", "cancelled"]
BAD_PREFIX = {"bronze": "stg", "silver": "int", "gold": "rpt"}
SCHEMA_URL = "https://schemas.getdbt.com/dbt/manifest/v12.json"
MODELS_PER_YML = 40


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--manifest", action="store_true", help="also write target/manifest.json (v12)")
    p.add_argument("--violations", type=float, default=0.0, help="percent of models that break policies")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--project-name", default="floe_bench")
    return p.parse_args()


def short_hash(text):
    return hashlib.md5(text.encode()).hexdigest()[:10]


class Model:
    def __init__(self, index, layer, domain, entity, name):
        self.index = index
        self.layer = layer
        self.domain = domain
        self.entity = entity
        self.name = name
        self.folder = f"models/{layer}/{domain}"
        self.path = f"{self.folder}/{name}.sql"
        self.refs = []          # [(package or None, name)] in call order
        self.sources = []       # [(source, table)]
        self.columns = []       # [(name, description)]
        self.tests = []         # [(type, column or None, kwargs)]
        self.description = ""
        self.sql_config = {}    # config() arguments
        self.yml_tags = []
        self.meta = {}
        self.sql = ""
        self.yml_file = None


def plan(args):
    rnd = random.Random(args.seed)
    n = args.models
    counts = [int(n * share) for _, share in LAYERS]
    counts[0] += n - sum(counts)
    models, by_layer = [], {layer: [] for layer, _ in LAYERS}
    index = 0
    for (layer, _), count in zip(LAYERS, counts):
        for k in range(count):
            domain = DOMAINS[k % len(DOMAINS)]
            entity = ENTITIES[(k // len(DOMAINS)) % len(ENTITIES)]
            violation = rnd.random() * 100 < args.violations
            kind = rnd.choice(["naming", "coverage", "docs"]) if violation else None
            prefix = BAD_PREFIX[layer] if kind == "naming" else layer
            m = Model(index, layer, domain, entity, f"{prefix}_{domain}_{entity}_{index:05d}")
            m.violation = kind
            models.append(m)
            by_layer[layer].append(m)
            index += 1
    for m in models:
        fill_model(rnd, m, by_layer, args.project_name)
    return models, by_layer


def fill_model(rnd, m, by_layer, project):
    pk = f"{m.entity.rstrip('s')}_id"
    ncols = rnd.randint(5, 15)
    extras = rnd.sample(EXTRA_COLUMNS, ncols - 1)
    docs = m.violation != "docs"
    m.columns = [(pk, f"Primary key of {m.entity}." if docs else "")]
    for c in extras:
        m.columns.append((c, f"The {c.replace('_', ' ')} of the {m.entity.rstrip('s')}." if docs and rnd.random() < 0.9
                          else ""))
    m.description = f"{m.layer.capitalize()} {m.entity} of the {m.domain} domain (model {m.index})." if docs else ""

    if m.layer == "bronze":
        m.sources.append((f"raw_{m.domain}", f"{m.entity}_{m.index % 7}"))
    else:
        lower = by_layer["bronze" if m.layer == "silver" else "silver"]
        same = [x for x in by_layer[m.layer] if x.index < m.index]
        parents = rnd.sample(lower, min(len(lower), rnd.randint(1, 3)))
        if same and rnd.random() < 0.3:
            parents.append(same[rnd.randrange(max(0, len(same) - 50), len(same))])
        for p in parents:
            m.refs.append((project if rnd.random() < 0.05 else None, p.name))

    if rnd.random() < 0.1:
        m.sql_config = {"materialized": "incremental", "tags": ["incremental"]}
    if m.layer == "gold":
        m.meta = {"owner": f"{m.domain}-analytics@acme.com", "tier": 1 + m.index % 3}
    if rnd.random() < 0.2:
        m.yml_tags = [m.domain]

    if m.violation != "coverage":
        m.tests.append(("not_null", pk, {}))
        m.tests.append(("unique", pk, {}))
        for c, _ in m.columns[1:]:
            r = rnd.random()
            if c == "status" and r < 0.8:
                m.tests.append(("accepted_values", c, {"values": STATUS_VALUES}))
            elif r < 0.5:
                m.tests.append(("not_null", c, {}))
        if m.refs and rnd.random() < 0.5:
            target = m.refs[0][1]
            m.tests.append(("relationships", pk, {"to": f"ref('{target}')", "field": pk}))
    m.sql = render_sql(rnd, m)


def render_sql(rnd, m):
    lines = []
    if m.sql_config:
        lines.append("{{ config(materialized='%s', tags=%s) }}" % (m.sql_config["materialized"],
                                                                  json.dumps(m.sql_config["tags"])))
    lines.append(f"-- {m.layer} model {m.name}: generated by gen_dbt_project.py")
    lines.append("{# owner: the %s team #}" % m.domain)
    cols = ",\n    ".join(c for c, _ in m.columns)
    if m.sources:
        src, table = m.sources[0]
        lines.append(f"select\n    {cols}\nfrom {{{{ source('{src}', '{table}') }}}}")
    else:
        ctes = []
        for i, (pkg, name) in enumerate(m.refs):
            call = f"ref('{pkg}', '{name}')" if pkg else (f'ref("{name}")' if i % 2 else f"ref('{name}')")
            ctes.append(f"p{i} as (\n    select * from {{{{ {call} }}}}\n)")
        lines.append("with " + ",\n".join(ctes))
        lines.append("/* the first parent drives the grain */")
        lines.append(f"select\n    {cols}\nfrom p0")
        for i in range(1, len(m.refs)):
            lines.append(f"left join p{i} using ({m.columns[0][0]})")
        lines.append("where status <> '--deleted'" if any(c == "status" for c, _ in m.columns) else "where 1 = 1")
    return "\n".join(lines) + "\n"


def yml_quote(s):
    return json.dumps(s)


def render_yml(models):
    out = ["version: 2", "", "models:"]
    for m in models:
        out.append(f"  - name: {m.name}")
        if m.description:
            out.append(f"    description: {yml_quote(m.description)}")
        if m.yml_tags or m.meta:
            out.append("    config:")
            if m.yml_tags:
                out.append(f"      tags: {json.dumps(m.yml_tags)}")
            if m.meta:
                out.append("      meta:")
                for k, v in m.meta.items():
                    out.append(f"        {k}: {json.dumps(v)}")
        out.append("    columns:")
        for c, desc in m.columns:
            out.append(f"      - name: {c}")
            if desc:
                out.append(f"        description: {yml_quote(desc)}")
            tests = [t for t in m.tests if t[1] == c]
            if tests:
                out.append("        data_tests:")
                for typ, _, kwargs in tests:
                    if not kwargs:
                        out.append(f"          - {typ}")
                    else:
                        out.append(f"          - {typ}:")
                        out.append("              arguments:")
                        for k, v in kwargs.items():
                            out.append(f"                {k}: {json.dumps(v)}")
    return "\n".join(out) + "\n"


def project_yml(project):
    return f"""# Generated by bench/gen_dbt_project.py
name: {project}
version: "1.0.0"
config-version: 2
profile: {project}
model-paths: ["models"]

models:
  {project}:
    +materialized: view
    bronze:
      +tags: ["bronze"]
    silver:
      +materialized: table
      +tags: ["silver"]
    gold:
      +materialized: table
      +tags: ["gold"]
"""


FOLDER_CONFIG = {"bronze": ("view", ["bronze"]), "silver": ("table", ["silver"]), "gold": ("table", ["gold"])}


def write_project(args, models):
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    with open(os.path.join(args.out, "dbt_project.yml"), "w") as f:
        f.write(project_yml(args.project_name))
    groups = {}
    for m in models:
        groups.setdefault(m.folder, []).append(m)
    for folder, members in groups.items():
        os.makedirs(os.path.join(args.out, folder), exist_ok=True)
        for m in members:
            with open(os.path.join(args.out, m.path), "w") as f:
                f.write(m.sql)
        for k in range(0, len(members), MODELS_PER_YML):
            chunk = members[k:k + MODELS_PER_YML]
            yml = f"{folder}/_{chunk[0].domain}__models_{k // MODELS_PER_YML:03d}.yml"
            for m in chunk:
                m.yml_file = yml
            with open(os.path.join(args.out, yml), "w") as f:
                f.write(render_yml(chunk))
    sources = sorted({s for m in models for s in m.sources})
    by_source = {}
    for src, table in sources:
        by_source.setdefault(src, []).append(table)
    lines = ["version: 2", "", "sources:"]
    for src, tables in by_source.items():
        lines += [f"  - name: {src}", f"    schema: {src}", "    tables:"]
        lines += [f"      - name: {t}" for t in tables]
    with open(os.path.join(args.out, "models", "sources.yml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return by_source


# ---- manifest.json (v12) ---------------------------------------------------------------------------------

def model_config(m, materialized, tags, meta):
    return {
        "enabled": True, "alias": None, "schema": None, "database": None, "tags": tags, "meta": meta,
        "group": None, "static_analysis": None, "materialized": materialized, "incremental_strategy": None,
        "batch_size": None, "lookback": 1, "begin": None, "persist_docs": {}, "post-hook": [], "pre-hook": [],
        "quoting": {}, "column_types": {}, "full_refresh": None, "unique_key": None,
        "on_schema_change": "ignore", "on_configuration_change": "apply", "grants": {}, "packages": [],
        "docs": {"show": True, "node_color": None}, "contract": {"enforced": False, "alias_types": True},
        "event_time": None, "concurrent_batches": None, "access": "protected", "freshness": None,
    }


def model_node(project, m):
    folder_mat, folder_tags = FOLDER_CONFIG[m.layer]
    materialized = m.sql_config.get("materialized", folder_mat)
    tags = list(dict.fromkeys(folder_tags + m.yml_tags + m.sql_config.get("tags", [])))
    uid = f"model.{project}.{m.name}"
    columns = {}
    for c, desc in m.columns:
        columns[c] = {"name": c, "description": desc, "meta": {}, "data_type": None, "constraints": [],
                      "quote": None, "config": {"meta": {}, "tags": []}, "tags": [], "granularity": None,
                      "doc_blocks": []}
    depends = [f"model.{project}.{name}" for _, name in m.refs] + \
              [f"source.{project}.{s}.{t}" for s, t in m.sources]
    return uid, {
        "database": "warehouse", "schema": "main", "name": m.name, "resource_type": "model",
        "package_name": project, "path": m.path[len("models/"):], "original_file_path": m.path,
        "unique_id": uid, "fqn": [project, m.layer, m.domain, m.name], "alias": m.name,
        "checksum": {"name": "sha256", "checksum": hashlib.sha256(m.sql.encode()).hexdigest()},
        "config": model_config(m, materialized, tags, m.meta), "tags": tags, "description": m.description,
        "columns": columns, "meta": m.meta, "group": None, "docs": {"show": True, "node_color": None},
        "patch_path": f"{project}://{m.yml_file}", "build_path": None,
        "unrendered_config": dict(m.sql_config, **({"meta": m.meta} if m.meta else {})),
        "created_at": 1795268939.5 + m.index / 1000, "relation_name": f'"warehouse"."main"."{m.name}"',
        "raw_code": m.sql, "doc_blocks": [], "language": "sql",
        "refs": [{"name": name, "package": pkg, "version": None} for pkg, name in m.refs],
        "sources": [[s, t] for s, t in m.sources], "functions": [], "metrics": [],
        "depends_on": {"macros": ["macro.dbt.is_incremental"] if m.sql_config else [], "nodes": depends},
        "compiled_path": None, "contract": {"enforced": False, "alias_types": True, "checksum": None},
        "access": "protected", "constraints": [], "version": None, "latest_version": None,
        "deprecation_date": None, "primary_key": [m.columns[0][0]], "time_spine": None,
    }


def test_node(project, m, typ, column, kwargs, by_name):
    if typ == "accepted_values":
        base = f"accepted_values_{m.name}_{column}__" + "__".join(kwargs["values"])
    elif typ == "relationships":
        target = kwargs["to"][5:-2]
        base = f"relationships_{m.name}_{column}__{kwargs['field']}__ref_{target}_"
    else:
        base = f"{typ}_{m.name}_{column}"
    uid = f"test.{project}.{base}.{short_hash(base)}"
    model_uid = f"model.{project}.{m.name}"
    nodes = [model_uid]
    full_kwargs = {"column_name": column, "model": "{{ get_where_subquery(ref('%s')) }}" % m.name}
    if typ == "relationships":
        nodes = [f"model.{project}.{kwargs['to'][5:-2]}", model_uid]
        full_kwargs.update({"to": kwargs["to"], "field": kwargs["field"]})
    elif typ == "accepted_values":
        full_kwargs["values"] = kwargs["values"]
    return uid, {
        "database": "warehouse", "schema": "main_dbt_test__audit", "name": base, "resource_type": "test",
        "package_name": project, "path": f"{base}.sql", "original_file_path": m.yml_file, "unique_id": uid,
        "fqn": [project, m.layer, m.domain, base], "alias": base,
        "checksum": {"name": "none", "checksum": ""},
        "config": {"enabled": True, "alias": None, "schema": "dbt_test__audit", "database": None, "tags": [],
                   "meta": {}, "group": None, "materialized": "test", "severity": "ERROR", "store_failures": None,
                   "store_failures_as": None, "where": None, "limit": None, "fail_calc": "count(*)",
                   "warn_if": "!= 0", "error_if": "!= 0"},
        "tags": [], "description": "", "columns": {}, "meta": {}, "group": None,
        "docs": {"show": True, "node_color": None}, "patch_path": None, "build_path": None,
        "unrendered_config": {}, "created_at": 1795268940.1, "relation_name": None,
        "raw_code": "{{ test_%s(**_dbt_generic_test_kwargs) }}" % typ, "doc_blocks": [], "language": "sql",
        "refs": [{"name": m.name, "package": None, "version": None}], "sources": [], "functions": [],
        "metrics": [], "depends_on": {"macros": [f"macro.dbt.test_{typ}", "macro.dbt.get_where_subquery"],
                                      "nodes": nodes},
        "compiled_path": None, "contract": {"enforced": False, "alias_types": True, "checksum": None},
        "column_name": column, "file_key_name": f"models.{m.name}", "attached_node": model_uid,
        "test_metadata": {"name": typ, "kwargs": full_kwargs, "namespace": None},
    }


def source_node(project, src, table):
    uid = f"source.{project}.{src}.{table}"
    return uid, {
        "database": "warehouse", "schema": src, "name": table, "resource_type": "source", "package_name": project,
        "path": "models/sources.yml", "original_file_path": "models/sources.yml", "unique_id": uid,
        "fqn": [project, src, table], "source_name": src, "source_description": "", "loader": "",
        "identifier": table, "quoting": {"database": None, "schema": None, "identifier": None, "column": None},
        "loaded_at_field": None, "loaded_at_query": None,
        "freshness": {"warn_after": {"count": None, "period": None}, "error_after": {"count": None, "period": None},
                      "filter": None},
        "external": None, "description": "", "columns": {}, "meta": {}, "source_meta": {}, "tags": [],
        "config": {"enabled": True, "event_time": None, "meta": {}, "tags": []}, "patch_path": None,
        "unrendered_config": {}, "relation_name": f'"warehouse"."{src}"."{table}"', "created_at": 1795268939.6,
        "unrendered_database": None, "unrendered_schema": src, "doc_blocks": [],
    }


def macro_entries(rnd, count):
    body_words = ["select", "from", "where", "adapter.dispatch", "return", "config.get", "sql", "relation"]
    for i in range(count):
        name = f"macro_{i:04d}"
        body = " ".join(rnd.choice(body_words) for _ in range(rnd.randint(40, 600)))
        uid = f"macro.dbt.{name}"
        yield uid, {
            "name": name, "resource_type": "macro", "package_name": "dbt", "path": f"macros/{name}.sql",
            "original_file_path": f"macros/{name}.sql", "unique_id": uid,
            "macro_sql": "{% macro " + name + "() %}\n" + body + "\n{% endmacro %}",
            "depends_on": {"macros": []}, "description": "", "meta": {}, "docs": {"show": True, "node_color": None},
            "patch_path": None, "arguments": [], "created_at": 1795268930.0, "supported_languages": None,
        }


def write_dict(f, items):
    """Writes {key: value, ...} one entry at a time (a 50k-model manifest never sits in memory)."""
    f.write("{")
    first = True
    for key, value in items:
        if not first:
            f.write(", ")
        first = False
        f.write(json.dumps(key))
        f.write(": ")
        f.write(json.dumps(value))
    f.write("}")


def write_manifest(args, models, by_source):
    project = args.project_name
    rnd = random.Random(args.seed + 1)
    by_name = {m.name: m for m in models}
    target = os.path.join(args.out, "target")
    os.makedirs(target, exist_ok=True)
    path = os.path.join(target, "manifest.json")
    metadata = {
        "dbt_schema_version": SCHEMA_URL, "dbt_version": "1.11.16", "generated_at": "2026-11-21T12:00:00.000000Z",
        "invocation_id": "00000000-0000-4000-8000-%012d" % args.seed, "invocation_started_at": "2026-11-21T12:00:00Z",
        "env": {}, "project_name": project, "project_id": short_hash(project), "user_id": None,
        "send_anonymous_usage_stats": False, "adapter_type": "duckdb",
        "quoting": {"database": True, "schema": True, "identifier": True, "column": None},
        "run_started_at": "2026-11-21T12:00:00+00:00",
    }

    def nodes():
        for m in models:
            yield model_node(project, m)
            for typ, column, kwargs in m.tests:
                yield test_node(project, m, typ, column, kwargs, by_name)

    def sources():
        for src, tables in by_source.items():
            for t in tables:
                yield source_node(project, src, t)

    parents = {}
    for m in models:
        uid = f"model.{project}.{m.name}"
        parents[uid] = [f"model.{project}.{n}" for _, n in m.refs] + \
                       [f"source.{project}.{s}.{t}" for s, t in m.sources]
    children = {}
    for uid, ps in parents.items():
        for p in ps:
            children.setdefault(p, []).append(uid)

    with open(path, "w") as f:
        f.write('{"metadata": ' + json.dumps(metadata) + ', "nodes": ')
        write_dict(f, nodes())
        f.write(', "sources": ')
        write_dict(f, sources())
        f.write(', "macros": ')
        write_dict(f, macro_entries(rnd, 400))
        f.write(', "docs": ' + json.dumps({f"doc.{project}.__overview__": {
            "name": "__overview__", "resource_type": "doc", "package_name": project, "path": "overview.md",
            "original_file_path": "docs/overview.md", "unique_id": f"doc.{project}.__overview__",
            "block_contents": "Synthetic project for floe's benchmarks."}}))
        for key in ("exposures", "metrics", "groups", "selectors", "disabled"):
            f.write(f', "{key}": {{}}')
        f.write(', "parent_map": ')
        write_dict(f, parents.items())
        f.write(', "child_map": ')
        write_dict(f, children.items())
        for key in ("group_map", "saved_queries", "semantic_models", "unit_tests", "functions"):
            f.write(f', "{key}": {{}}')
        f.write("}")

    # Newer than every project file, whatever the file system's timestamp granularity.
    newest = 0.0
    for dirpath, _, files in os.walk(args.out):
        if os.path.abspath(dirpath).startswith(os.path.abspath(target)):
            continue
        for name in files:
            newest = max(newest, os.stat(os.path.join(dirpath, name)).st_mtime)
    os.utime(path, (newest + 2, newest + 2))
    return path


def main():
    args = parse_args()
    models, _ = plan(args)
    by_source = write_project(args, models)
    summary = {"models": len(models), "tests": sum(len(m.tests) for m in models),
               "violations": sum(1 for m in models if m.violation)}
    if args.manifest:
        path = write_manifest(args, models, by_source)
        summary["manifest_bytes"] = os.path.getsize(path)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
