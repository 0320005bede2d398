"""floe.plugins: discovery from the package's own root, descriptors, generated category methods."""
from __future__ import annotations

import pathlib

import pytest

import floe
from floe import plugins


def test_list_finds_the_bundled_plugins_in_the_package() -> None:
    found = {(p.category, p.name): p for p in plugins.list()}
    duckdb = found[("compute", "duckdb")]
    assert duckdb.root is not None
    assert pathlib.Path(duckdb.root).resolve().is_relative_to(pathlib.Path(floe.__file__).resolve().parent)
    assert ("storage", "s3") in found and ("catalog", "polaris") in found


def test_info_describes_methods_and_schema() -> None:
    info = plugins.info("compute", "duckdb")
    assert info.category == "compute" and info.name == "duckdb"
    assert "generate_dbt_profile" in info.implemented_methods
    assert info.config_schema is not None
    assert info.isolation in ("in-process", "process")


def test_load_returns_the_category_class_with_its_methods(tmp_path: pathlib.Path) -> None:
    compute = plugins.load("compute", "duckdb", {"path": str(tmp_path / "shop.duckdb")})
    assert isinstance(compute, plugins.ComputeClient)
    assert compute.METHODS[0] == "generate_dbt_profile"
    profile = compute.generate_dbt_profile({"profile_name": "shop"}, target="dev")
    assert profile["output"]["type"] == "duckdb"
    assert profile["output"]["path"] == str(tmp_path / "shop.duckdb")
    assert compute.get_resource_requirements(workload_size="small")["cpu_request"]
    assert compute.config["path"] == str(tmp_path / "shop.duckdb")
    assert compute.health_check()["state"]
    compute.close()
    with pytest.raises(floe.FloeError):
        compute.get_required_dbt_packages()


def test_every_category_has_its_generated_class() -> None:
    assert set(plugins.CLIENTS) == set(plugins.GROUPS)
    assert plugins.GROUPS["compute"] == "floe.computes"
    assert plugins.GROUPS["secrets"] == "floe.secrets"
    assert "get_secret" in plugins.CLIENTS["secrets"].METHODS
    for category, cls in plugins.CLIENTS.items():
        assert cls.category == category
        for method in cls.METHODS:
            assert callable(getattr(cls, method)), (category, method)


def test_plugin_errors_map_to_classes(tmp_path: pathlib.Path) -> None:
    with pytest.raises(floe.PluginError) as missing:
        plugins.load("compute", "no-such-engine")
    assert missing.value.exit_code == 5 and "no-such-engine" in str(missing.value)

    with pytest.raises(floe.InvalidInput) as bad_config:
        plugins.load("compute", "duckdb", {"threads": "many", "nonsense_key": 1})
    assert bad_config.value.exit_code == 3
    assert bad_config.value.diagnostics  # every offending key

    compute = plugins.load("compute", "duckdb", {"path": str(tmp_path / "x.duckdb")})
    with pytest.raises(floe.InvalidInput) as no_method:
        compute.call("no_such_method")
    assert no_method.value.status == 18  # FLOE_ERR_NO_SUCH_METHOD


def test_compose_reports_unmet_requirements() -> None:
    plugins.compose({"compute": "duckdb", "catalog": "polaris"})
    with pytest.raises(floe.PluginError) as caught:
        plugins.compose({"catalog": "glue"})
    assert caught.value.status == 16 and caught.value.diagnostics


def test_a_registry_of_caller_roots_only(tmp_path: pathlib.Path) -> None:
    registry = plugins.Registry(str(tmp_path), caller_only=True)
    assert registry.list() == []
    assert registry.doctor()["roots"][0]["path"] == str(tmp_path)
    with pytest.raises(ValueError):
        plugins.Registry(isolation="sometimes")
