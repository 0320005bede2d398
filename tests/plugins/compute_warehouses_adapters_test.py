"""Loads the profiles of the warehouse compute plugins with the real adapters.

For each plugin (snowflake, bigquery, databricks, trino) and auth method, the
plugin is called through its C ABI (compute_duckdb_call, which drives any
compute plugin), its output becomes the only target of profiles.yml for
tests/fixtures/dbt-mini, and the real adapter package (.cache/adapters-venv,
scripts/bootstrap-adapters) loads it:

- `dbt parse` must succeed with the variables of the answer's `env` set to
  dummy values: dbt renders env_var() and the adapter's credentials class
  validates every field. Parse opens no connection.
- Every key of the output must be a field (or alias) of that credentials
  class: dbt ignores unknown keys, so a misspelt one would otherwise pass.
- Where the adapter turns a secret into something offline, that is done too:
  dbt-snowflake decrypts the key-pair's private key from the variable, and
  dbt-bigquery builds Google service-account credentials from the key JSON
  that keyfile_json reads with as_native.
- Profiles with a field of the wrong type must fail parse, so a pass means
  the adapter looked.

No Snowflake, BigQuery, Databricks or Trino is contacted. Run with the
adapters virtualenv's Python.
"""

import argparse
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile

# dbt imports every module named dbt_* on sys.path as a dbt plugin, and this
# script's directory holds other tests' dbt_*.py files.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from dbt.cli.main import dbtRunner
from dbt.config.profile import Profile
from dbt.config.renderer import ProfileRenderer

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PASSPHRASE = "floe-test-passphrase"
ENCRYPTED_PEM = KEY.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.BestAvailableEncryption(PASSPHRASE.encode())).decode()
PLAIN_PEM = KEY.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()).decode()
SERVICE_ACCOUNT = {
    "type": "service_account", "project_id": "floe-test", "private_key_id": "0123456789abcdef",
    "private_key": PLAIN_PEM, "client_email": "dbt@floe-test.iam.gserviceaccount.com",
    "client_id": "1234567890", "auth_uri": "https://accounts.google.com/o/oauth2/auth",
    "token_uri": "https://oauth2.googleapis.com/token",
}

# (plugin, case, config, dummy values of the variables the profile reads)
CASES = [
    ("snowflake", "password", {
        "account": "xy12345.eu-west-1", "user": "DBT", "role": "TRANSFORMER", "database": "ANALYTICS",
        "warehouse": "TRANSFORMING", "schema": "PUBLIC", "query_tag": "floe", "connect_retries": 2,
        "connect_timeout": 30, "auth": {"method": "password", "password": "env:SNOWFLAKE_PASSWORD"}},
     {"SNOWFLAKE_PASSWORD": "dummy-password"}),
    ("snowflake", "keypair", {
        "account": "myorg-myaccount", "user": "DBT", "database": "ANALYTICS", "warehouse": "TRANSFORMING",
        "schema": "PUBLIC", "preset": "medium",
        "auth": {"method": "keypair", "private_key": "env:SNOWFLAKE_PRIVATE_KEY",
                 "private_key_passphrase": {"env": "SNOWFLAKE_KEY_PASSPHRASE"}}},
     {"SNOWFLAKE_PRIVATE_KEY": ENCRYPTED_PEM, "SNOWFLAKE_KEY_PASSPHRASE": PASSPHRASE}),
    ("snowflake", "keypair-file", {
        "account": "myorg-myaccount", "user": "DBT", "database": "ANALYTICS", "warehouse": "TRANSFORMING",
        "schema": "PUBLIC", "auth": {"method": "keypair", "private_key": "file:@KEYFILE@"}}, {}),
    ("snowflake", "oauth", {
        "account": "myorg-myaccount", "database": "ANALYTICS", "warehouse": "TRANSFORMING", "schema": "PUBLIC",
        "auth": {"method": "oauth", "token": "env:SNOWFLAKE_REFRESH_TOKEN",
                 "oauth_client_id": "env:SNOWFLAKE_OAUTH_CLIENT_ID",
                 "oauth_client_secret": "file:/run/secrets/snowflake-oauth-secret"}},
     {"SNOWFLAKE_REFRESH_TOKEN": "dummy-token", "SNOWFLAKE_OAUTH_CLIENT_ID": "dummy-id",
      "DBT_ENV_SECRET_SNOWFLAKE_OAUTH_CLIENT_SECRET": "dummy-secret"}),
    ("bigquery", "service-account-json", {
        "project": "floe-test", "dataset": "analytics", "location": "EU", "priority": "interactive",
        "job_execution_timeout_seconds": 600, "job_retries": 2, "maximum_bytes_billed": 1000000000,
        "auth": {"method": "service-account-json", "keyfile_json": "env:BIGQUERY_KEYFILE_JSON"}},
     {"BIGQUERY_KEYFILE_JSON": json.dumps(SERVICE_ACCOUNT)}),
    ("bigquery", "service-account", {
        "project": "floe-test", "dataset": "analytics",
        "auth": {"method": "service-account", "keyfile": {"file": "/var/secrets/google/key.json"}}}, {}),
    ("bigquery", "oauth", {
        "project": "floe-test", "dataset": "analytics", "execution_project": "floe-billing",
        "auth": {"method": "oauth"}}, {}),
    ("databricks", "token", {
        "host": "dbc-a1b2c3d4-e5f6.cloud.databricks.com", "http_path": "/sql/1.0/warehouses/abc123",
        "catalog": "main", "schema": "analytics", "session_properties": {"ansi_mode": True},
        "connect_retries": 3, "auth": {"method": "token", "token": "env:DATABRICKS_TOKEN"}},
     {"DATABRICKS_TOKEN": "dapi-dummy"}),
    ("databricks", "oauth-m2m", {
        "host": "adb-1234567890123456.7.azuredatabricks.net", "http_path": "/sql/1.0/warehouses/abc123",
        "catalog": "lake", "schema": "analytics",
        "auth": {"method": "oauth-m2m", "client_id": "7b0e8c4a-0000-4000-8000-000000000000",
                 "client_secret": "env:DATABRICKS_CLIENT_SECRET"}},
     {"DATABRICKS_CLIENT_SECRET": "dose-dummy"}),
    ("trino", "none", {
        "host": "trino.internal", "port": 8080, "user": "dbt", "catalog": "lake", "schema": "analytics",
        "http_scheme": "http", "session_properties": {"query_max_run_time": "1h"}, "auth": {"method": "none"}}, {}),
    ("trino", "ldap", {
        "host": "trino.example.com", "port": 443, "user": "dbt", "catalog": "lake", "schema": "analytics",
        "auth": {"method": "ldap", "password": "env:TRINO_PASSWORD"}}, {"TRINO_PASSWORD": "dummy"}),
    ("trino", "jwt", {
        "host": "trino.example.com", "port": 8443, "catalog": "lake", "schema": "analytics",
        "auth": {"method": "jwt", "jwt_token": "env:TRINO_JWT"}}, {"TRINO_JWT": "eyJ.dummy.jwt"}),
    ("trino", "certificate", {
        "host": "trino.example.com", "port": 8443, "catalog": "lake", "schema": "analytics",
        "auth": {"method": "certificate", "client_certificate": "/etc/trino-client/cert.pem",
                 "client_private_key": "file:/etc/trino-client/key.pem"}}, {}),
    # Bare configurations (the seeds' `compute: snowflake`): the connection
    # comes from each adapter's usual environment variables.
    ("snowflake", "bare", {},
     {"SNOWFLAKE_ACCOUNT": "myorg-myaccount", "SNOWFLAKE_USER": "DBT", "SNOWFLAKE_PASSWORD": "dummy",
      "SNOWFLAKE_DATABASE": "ANALYTICS", "SNOWFLAKE_WAREHOUSE": "TRANSFORMING", "SNOWFLAKE_SCHEMA": "PUBLIC"}),
    ("bigquery", "bare", {}, {"GOOGLE_CLOUD_PROJECT": "floe-test", "BIGQUERY_DATASET": "analytics"}),
    ("databricks", "bare", {},
     {"DATABRICKS_HOST": "dbc-a1b2c3d4-e5f6.cloud.databricks.com", "DATABRICKS_HTTP_PATH": "/sql/1.0/warehouses/abc",
      "DATABRICKS_SCHEMA": "analytics", "DATABRICKS_TOKEN": "dapi-dummy"}),
    ("trino", "bare", {},
     {"TRINO_HOST": "trino.internal", "TRINO_PORT": "8080", "TRINO_USER": "dbt", "TRINO_CATALOG": "lake",
      "TRINO_SCHEMA": "analytics"}),
]

# A field of the wrong type per adapter: parse must refuse each.
BROKEN = {
    "snowflake": ("connect_retries", "many"),
    "bigquery": ("priority", "urgent"),
    "databricks": ("connect_retries", "many"),
    "trino": ("port", "eighty"),
}


class Check:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def __call__(self, condition, what):
        print(("ok: " if condition else "FAILED: ") + what, flush=True)
        if condition:
            self.passed += 1
        else:
            self.failed += 1


def call_plugin(args, plugin, config, method, request):
    library = os.path.join(args.plugins, f"floe_compute_{plugin}.so")
    result = subprocess.run([args.call, library, json.dumps(config), method, json.dumps(request)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{plugin}.{method} failed: {result.stderr.strip()}")
    return json.loads(result.stdout)


def write_profiles(workdir, output):
    with open(os.path.join(workdir, "profiles.yml"), "w", encoding="utf-8") as profiles:
        json.dump({"floe_mini": {"target": "dev", "outputs": {"dev": output}}}, profiles, indent=2)


def dbt_parse(workdir, values):
    """dbt parse in this process (the CLI's own entry point, without paying its imports each time)."""
    saved = dict(os.environ)
    os.environ.update(values)
    try:
        result = dbtRunner().invoke(["parse", "--project-dir", os.path.join(workdir, "project"),
                                     "--profiles-dir", workdir, "--no-partial-parse", "--quiet"])
        return result.success, result.exception
    finally:
        os.environ.clear()
        os.environ.update(saved)


def credentials_of(output, values):
    """The adapter's credentials object for `output`, as dbt builds it (env_var rendered)."""
    saved = dict(os.environ)
    os.environ.update(values)
    try:
        raw = {"floe_mini": {"target": "dev", "outputs": {"dev": output}}}
        return Profile.from_raw_profiles(raw, "floe_mini", ProfileRenderer({})).credentials
    finally:
        os.environ.clear()
        os.environ.update(saved)


def unknown_fields(output, credentials):
    cls = type(credentials)
    known = {field.name for field in dataclasses.fields(cls)} | set(getattr(cls, "_ALIASES", {}))
    # type is dbt's (it picks the adapter); threads belongs to the target;
    # dbt-trino's factory picks the credentials class by method.
    return sorted(set(output) - known - {"type", "threads"} - ({"method"} if output["type"] == "trino" else set()))


def offline_secret_use(plugin, case, credentials):
    """What the adapter does with the secret without a network, or None when nothing can be done offline."""
    if plugin == "snowflake" and case.startswith("keypair"):
        return "private key decrypted" if credentials.auth_args()["private_key"] else None
    if plugin == "bigquery" and case == "service-account-json":
        from dbt.adapters.bigquery.credentials import create_google_credentials
        google = create_google_credentials(credentials)
        return "service-account credentials for " + google.service_account_email
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--call", required=True)
    parser.add_argument("--plugins", required=True, help="the floe.computes directory of the build")
    parser.add_argument("--project", required=True)
    args = parser.parse_args()
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    check = Check()
    workdir = tempfile.mkdtemp(prefix="floe-adapters-")
    try:
        shutil.copytree(args.project, os.path.join(workdir, "project"))
        keyfile = os.path.join(workdir, "snowflake_key.p8")
        with open(keyfile, "w", encoding="utf-8") as f:
            f.write(PLAIN_PEM)
        seen = set()
        for plugin, case, config, values in CASES:
            config = json.loads(json.dumps(config).replace("@KEYFILE@", keyfile))
            answer = call_plugin(args, plugin, config, "generate_dbt_profile",
                                 {"profile_name": "floe_mini", "target": "dev"})
            output, env = answer["output"], answer.get("env", {})
            check(sorted(env) == sorted(values), f"{plugin}/{case}: env names {sorted(env)}")
            write_profiles(workdir, output)
            ok, error = dbt_parse(workdir, values)
            check(ok, f"{plugin}/{case}: dbt parse loads the profile" + ("" if ok else f" ({error})"))
            credentials = credentials_of(output, values)
            check(type(credentials).__module__.startswith(f"dbt.adapters.{plugin}"),
                  f"{plugin}/{case}: loaded by {type(credentials).__name__}")
            unknown = unknown_fields(output, credentials)
            check(not unknown, f"{plugin}/{case}: every key is a field of {type(credentials).__name__}"
                  + (f" (not: {unknown})" if unknown else ""))
            used = offline_secret_use(plugin, case, credentials)
            if used is not None:
                check(True, f"{plugin}/{case}: {used}")

            if plugin not in seen:
                seen.add(plugin)
                field, bad = BROKEN[plugin]
                write_profiles(workdir, dict(output, **{field: bad}))
                ok, _ = dbt_parse(workdir, values)
                check(not ok, f"{plugin}: dbt parse refuses {field}: {bad!r} (the adapter validates the profile)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"{check.passed} passed, {check.failed} failed")
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main())
