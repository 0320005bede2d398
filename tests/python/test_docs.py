"""docs/python.md: every ```python block runs, in order, from a copy of the repository's
examples (and the Iceberg metadata seeds) as the working directory."""
from __future__ import annotations

import os
import pathlib
import re
import shutil

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "python.md"


def test_the_guide_examples_run(tmp_path: pathlib.Path) -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)
    assert len(blocks) >= 3
    work = tmp_path / "repo"
    shutil.copytree(DOC.parents[1] / "examples", work / "examples",
                    ignore=shutil.ignore_patterns("target", ".floe", "registry"))
    seeds = pathlib.Path("tests/fuzz/seeds/iceberg_metadata")
    shutil.copytree(DOC.parents[1] / seeds, work / seeds)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    cwd = os.getcwd()
    os.chdir(work)
    try:
        for i, block in enumerate(blocks):
            exec(compile(block, f"{DOC}:block{i + 1}", "exec"), namespace)  # noqa: S102
    finally:
        os.chdir(cwd)
