"""floe.watch (floe_validate_watch): rounds delivered to the callback on the
calling thread, a saved model judged alone, should_stop ending it, and an
exception in the callback raised where floe.watch was called."""
from __future__ import annotations

import pathlib
import time
from typing import Any

import pytest

import floe

REPO = pathlib.Path(__file__).resolve().parents[2]


def _product(root: pathlib.Path) -> pathlib.Path:
    (root / "models").mkdir(parents=True)
    (root / "floe.yaml").write_text(
        "apiVersion: floe.dev/v1\nkind: DataProduct\n"
        "metadata: {name: watched, version: 1.0.0, owner: data@example.com}\n"
        f"platform: {{ref: '{REPO / 'examples' / 'platform' / 'manifest.yaml'}'}}\n"
        "transforms: [{type: dbt, path: .}]\n")
    (root / "dbt_project.yml").write_text("name: watched\nversion: '1.0.0'\nconfig-version: 2\nprofile: watched\n")
    (root / "models" / "bronze_orders.sql").write_text("select 1 as order_id\n")
    (root / "models" / "silver_orders.sql").write_text("select * from {{ ref('bronze_orders') }}\n")
    (root / "models" / "orders_raw.sql").write_text("select 1 as x\n")  # misnamed: an error throughout
    time.sleep(2.1)  # older than the parse cache's two seconds of doubt
    return root / "floe.yaml"


def test_watch_delivers_rounds_and_stops(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    product = _product(tmp_path / "p")
    silver = tmp_path / "p" / "models" / "silver_orders.sql"
    rounds: list[dict[str, Any]] = []
    deadline = time.monotonic() + 60

    def on_round(r: dict[str, Any]) -> None:
        rounds.append(r)
        if r["round"] == 0:
            silver.write_text("select * from {{ ref('bronze_missing') }}\n")

    floe.watch(product, on_round=on_round, should_stop=lambda: len(rounds) >= 2 or time.monotonic() > deadline)
    assert len(rounds) == 2
    first, second = rounds
    assert first["full"] and first["report"]["outcome"] == "policy_violation"
    assert not second["full"]
    assert [d["code"] for d in second["appeared"]] == ["FLOE-E301"]
    assert second["resolved"] == []
    assert second["counts"]["errors"] == first["counts"]["errors"] + 1


def test_an_exception_in_on_round_ends_the_watch_and_is_raised(tmp_path: pathlib.Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    product = _product(tmp_path / "p")

    def on_round(r: dict[str, Any]) -> None:
        raise RuntimeError(f"round {r['round']} refused")

    with pytest.raises(RuntimeError, match="round 0 refused"):
        floe.watch(product, on_round=on_round, should_stop=lambda: False)


def test_a_missing_product_is_one_invalid_round_then_the_caller_stops(tmp_path: pathlib.Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rounds: list[dict[str, Any]] = []
    floe.watch(tmp_path / "missing.yaml", on_round=rounds.append, should_stop=lambda: bool(rounds))
    assert len(rounds) == 1
    assert rounds[0]["full"] and rounds[0]["outcome"] == "invalid_input"
