"""floe.platform.compile/test/publish/pull and floe.init on OCI image layouts (no server)."""
from __future__ import annotations

import pathlib

import pytest

import floe


def test_platform_compile_writes_the_artifact_directory(examples: pathlib.Path, tmp_path: pathlib.Path) -> None:
    result = floe.platform.compile(examples / "enterprise/domains/sales/manifest.yaml", tmp_path / "platform",
                                   check=True)
    assert result.ok
    assert (tmp_path / "platform" / "manifest.json").is_file()


def test_platform_test_runs_the_example_cases(examples: pathlib.Path) -> None:
    result = floe.platform.test(examples / "platform/manifest.yaml")
    assert result.ok, [str(d) for d in result.diagnostics]
    assert result.passed > 0 and result.failed == 0
    assert len(result.cases) == result.passed


def test_publish_pull_and_init_with_a_signature(examples: pathlib.Path, tmp_path: pathlib.Path) -> None:
    layout = f"oci-layout:{tmp_path / 'registry'}"
    keys = tmp_path / "keys"
    keys.mkdir()
    assert floe.artifact.keygen(keys / "platform", check=True).ok

    seen: list[tuple[str, int, int]] = []
    published = floe.platform.publish("1.0.0", examples / "platform/manifest.yaml", registry=layout,
                                      sign_key=keys / "platform.key", progress=lambda *p: seen.append(p), check=True)
    assert published.ok
    manifest = examples / "platform/manifest.yaml"
    manifest.write_text(manifest.read_text().replace("  description: >", "  description: >\n    Changed.", 1))
    again = floe.platform.publish("1.0.0", manifest, registry=layout)
    assert again.outcome == "policy_violation", again.diagnostics  # immutable: other content (FLOE-R906)
    assert any(d.code == "FLOE-R906" for d in again.errors)
    with pytest.raises(floe.PolicyViolation):
        again.raise_for_outcome()

    pulled = floe.platform.pull(f"{layout}:1.0.0", tmp_path / "pulled", keys=[str(keys / "platform.pub")],
                                check=True)
    assert pulled.ok and (tmp_path / "pulled").is_dir()

    with pytest.raises(floe.VerificationError) as caught:
        other = tmp_path / "other"
        other.mkdir()
        floe.artifact.keygen(other / "k", check=True)
        floe.platform.pull(f"{layout}:1.0.0", tmp_path / "pulled2", keys=[str(other / "k.pub")], check=True)
    assert caught.value.exit_code == 7 and caught.value.diagnostics

    assert floe.artifact.verify(f"{layout}:1.0.0", [str(keys / "platform.pub")], check=True).ok
    with pytest.raises(floe.VerificationError):
        floe.artifact.verify(f"{layout}:1.0.0", [str(other / "k.pub")], check=True)

    product = examples / "customer-360" / "floe.yaml"
    init = floe.init(f"{layout}:1.0.0", product, keys=[str(keys / "platform.pub")], check=True)
    assert init.ok
    assert (product.parent / "floe.lock").is_file()
