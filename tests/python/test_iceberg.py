"""floe.iceberg: libfloe-iceberg's metadata model, expiry planning and catalog client
errors (a live catalog is exercised by libfloe-iceberg's own tests); floe.tables."""
from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

import floe

SEED = pathlib.Path(__file__).resolve().parents[1] / "fuzz/seeds/iceberg_metadata/v2.metadata.json"


def test_import_floe_does_not_load_libfloe_iceberg() -> None:
    probe = ("import floe, sys; print(open('/proc/self/maps').read().count('libfloe-iceberg'), "
             "'floe._iceberg' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "False"]


def test_parse_metadata_and_plan_expiry() -> None:
    from floe import iceberg

    model = iceberg.parse_metadata(SEED.read_text())
    assert model["format-version"] == 2
    assert [s["snapshot-id"] for s in model["snapshots"]] == [1, 2, 3, 4, 5]
    plan = iceberg.plan_expiry(SEED, older_than_ms=2**62, keep_last=1, now_ms=1_800_000_000_000)
    kept = {s["snapshot_id"] for s in plan["keep"]}
    assert 5 in kept  # main's head
    # The tag "release" (-> 2) is past its max-ref-age (10 days): it goes, and keeps nothing.
    assert [r["ref"] for r in plan["stale_refs"]] == ["release"]
    assert 2 not in kept
    assert {s["snapshot_id"] for s in plan["remove"]}.isdisjoint(kept)
    assert plan == iceberg.plan_expiry(SEED.read_text(), older_than_ms=2**62, keep_last=1, now_ms=1_800_000_000_000)
    with pytest.raises(floe.InvalidInput) as bad:
        iceberg.parse_metadata('{"format-version": 2, "table-uuid": 7}')
    assert bad.value.detail is not None


def test_catalog_errors() -> None:
    from floe import iceberg

    with pytest.raises(floe.InvalidInput) as bad_config:
        iceberg.Catalog({"uri": "http://127.0.0.1:1", "client_id": "only-half"})
    assert bad_config.value.diagnostics
    with iceberg.Catalog({"uri": "http://127.0.0.1:1", "connect_timeout_ms": 2000}) as catalog:
        with pytest.raises(floe.RegistryError) as down:  # FLOE_ERR_UNAVAILABLE, exit 6
            catalog.list_namespaces()
        assert down.value.status == 9
        with pytest.raises(floe.InvalidInput):
            catalog.call("list_tables", namespace="not-a-list")


def test_tables_reach_the_products_catalog_and_report_what_stops_them(examples: pathlib.Path) -> None:
    product = examples / "customer-360" / "floe.yaml"
    listed = floe.tables.list(product, timeout=30)
    assert not listed.ok and listed.outcome == "plugin_failure"
    (error,) = [d for d in listed.errors if d.code == "FLOE-W102"]
    assert "polaris" in error.message  # the catalog the platform selects, its secret not set here
    with pytest.raises(floe.PluginError):
        floe.tables.show("customer-360.orders", product, timeout=30, check=True)
    with pytest.raises(floe.InvalidInput):
        floe.tables.expire(product, tables=["x"], dry_run=True, registry_options={"timeout_ms": "soon"})
    # keep_files is a key of the request (floe iceberg expire --keep-files): the
    # request is accepted, and the catalog's missing secret stops it as above.
    kept = floe.tables.expire(product, keep_files=True, timeout=30)
    assert kept.outcome == "plugin_failure"
    assert any(d.code == "FLOE-W102" for d in kept.errors)
