"""floe.compile / validate / explain / migrate / schema on the examples."""
from __future__ import annotations

import json
import pathlib

import pytest

import floe


def test_compile_customer_360_writes_artifacts(examples: pathlib.Path) -> None:
    result = floe.compile(examples / "customer-360" / "floe.yaml")
    assert result.ok, result.diagnostics
    assert result.exit_code == 0
    artifacts = result.artifacts
    assert artifacts is not None
    assert artifacts.product_name == "customer-360"
    assert artifacts.plugins["compute"]["type"] == "duckdb"
    assert artifacts.path == str(examples / "customer-360" / "target" / "compiled_artifacts.json")
    on_disk = json.loads(pathlib.Path(artifacts.path).read_text())
    assert artifacts.to_dict() == on_disk
    assert "dbt_profiles" in artifacts and artifacts.dbt_profiles
    written = {pathlib.Path(p).name for p in result.written}
    assert {"compiled_artifacts.json", "profiles.yml"} <= written


def test_compile_to_output_and_resolved_values_with_provenance(examples: pathlib.Path,
                                                               tmp_path: pathlib.Path) -> None:
    result = floe.compile(str(examples / "customer-360" / "floe.yaml"), output=tmp_path / "out", check=True)
    assert result.artifacts is not None and result.artifacts.path == str(tmp_path / "out" / "compiled_artifacts.json")
    values = {v.path: v for v in result.resolved}
    audit = values["governance.audit_logging"]
    assert audit.value == "enabled"
    assert audit.tier == "enterprise"
    assert audit.file is not None and audit.file.endswith("enterprise/manifest.yaml")
    assert audit.line is not None and audit.line > 0


def test_validate_reports_every_field_of_a_diagnostic(examples: pathlib.Path) -> None:
    result = floe.validate(examples / "variants" / "naming" / "floe.yaml")
    assert not result.ok
    assert result.outcome == "policy_violation"
    assert result.exit_code == 4
    (d,) = [d for d in result.errors if d.code == "FLOE-E201"]
    assert d.severity == "error"
    assert d.message == "'stg_payments' violates naming convention"
    assert d.file is not None and d.file.endswith("models/bronze/stg_payments.sql")
    assert (d.line, d.column) == (2, 1)
    assert d.expected == "bronze_*, silver_*, or gold_* prefix"
    assert d.found == "prefix 'stg_'"
    assert d.fix == "rename to 'bronze_payments'"
    assert "FLOE-E201" in str(d) and "stg_payments.sql:2:1" in str(d)
    assert result.artifacts is None  # validate writes nothing


def test_check_raises_the_outcome_class_with_every_diagnostic(examples: pathlib.Path) -> None:
    with pytest.raises(floe.PolicyViolation) as caught:
        floe.validate(examples / "variants" / "naming" / "floe.yaml", check=True)
    error = caught.value
    assert isinstance(error, floe.FloeError)
    assert error.exit_code == 4
    assert error.report is not None
    assert [d.code for d in error.diagnostics] == [d["code"] for d in error.report["diagnostics"]]
    assert "FLOE-E201" in str(error)


def test_a_broken_product_is_invalid_input(tmp_path: pathlib.Path) -> None:
    product = tmp_path / "floe.yaml"
    product.write_text("apiVersion: floe.dev/v1\nkind: DataProduct\nmetadata: [not, a, mapping]\n")
    result = floe.validate(product)
    assert result.outcome == "invalid_input"
    assert result.errors and all(d.code and d.code.startswith("FLOE-") for d in result.errors)
    with pytest.raises(floe.InvalidInput):
        result.raise_for_outcome()


def test_explain_key_and_path(examples: pathlib.Path) -> None:
    result = floe.explain("governance", examples / "customer-360" / "floe.yaml", check=True)
    assert [link.tier for link in result.chain] == ["enterprise", "domain"]
    assert all(v.path.startswith("governance") for v in result.values)
    assert result.value("governance.audit_logging").line is not None
    with pytest.raises(KeyError):
        result.value("governance.nope")


def test_sarif_on_request(examples: pathlib.Path) -> None:
    result = floe.validate(examples / "variants" / "naming" / "floe.yaml", sarif=True)
    assert result.sarif is not None and result.sarif["version"] == "2.1.0"
    # Held to the official SARIF 2.1.0 schema (scripts/fetch-sarif-schema; a missing schema fails).
    import jsonschema

    schema = json.loads((pathlib.Path(__file__).resolve().parents[2] / ".cache/sarif/sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(result.sarif)


def test_schema_kinds() -> None:
    manifest = floe.schema("manifest")
    assert manifest["$schema"].startswith("https://json-schema.org/")
    assert floe.schema("compiled-artifacts")["properties"]["plugins"]["type"] == "object"
    with pytest.raises(floe.PluginError) as caught:  # FLOE_ERR_NOT_FOUND is the plugin class (exit 5)
        floe.schema("no-such-kind")
    assert caught.value.status == 3


def test_migrate_to_text(examples: pathlib.Path) -> None:
    old = pathlib.Path(__file__).resolve().parents[1] / "fixtures/seeds/architecture-two-tier/platform.yaml"
    result = floe.migrate(old, output="-", check=True)
    assert result.result is not None and "text" in result.result
    assert "apiVersion" in result.result["text"]


def test_a_report_given_as_text_reads_as_the_parsed_one() -> None:
    # floe.compile() hands the library's JSON text to the result, parsed only
    # when the caller looks past `ok`; both forms must read alike.
    from floe._results import OperationResult

    text = ('{"api_version":1,"outcome":"policy_violation","diagnostics":[{"code":"FLOE-E201","severity":"error",'
            '"message":"m"}],"written":["a"]}')
    lazy, eager = OperationResult(text), OperationResult(json.loads(text))
    assert lazy.outcome == eager.outcome == "policy_violation"
    assert not lazy.ok
    assert [d.code for d in lazy.diagnostics] == [d.code for d in eager.diagnostics] == ["FLOE-E201"]
    assert lazy.written == eager.written == ["a"]
    assert lazy.to_dict() == eager.to_dict()
    # Not the library's layout: the outcome comes from the parsed report.
    assert OperationResult('{ "diagnostics": [], "outcome": "ok" }').ok
