"""Compares two renderings of a deployment as sets of Kubernetes objects.

    same_objects.py MANIFEST_DIR HELM_TEMPLATE_OUTPUT

The first is the directory `floe platform deploy` wrote (*.yaml), the second
the text `helm template` printed for the chart of the same platform. Exit 0
when both hold exactly the same objects (in any order), else 1 with the
differences: the chart with its default values must be the manifests.
"""
import json
import pathlib
import sys

import yaml


def objects(texts):
    out = []
    for text in texts:
        for doc in yaml.safe_load_all(text):
            if doc is not None:
                out.append(json.dumps(doc, sort_keys=True))
    return sorted(out)


def main():
    manifests = objects(p.read_text() for p in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml")))
    templated = objects([pathlib.Path(sys.argv[2]).read_text()])
    if manifests == templated:
        print(f"{len(manifests)} objects, the same")
        return 0
    only_manifests = sorted(set(manifests) - set(templated))
    only_chart = sorted(set(templated) - set(manifests))
    print(f"manifests: {len(manifests)} objects, chart: {len(templated)}")
    for o in only_manifests[:3]:
        print("only in the manifests:", o[:600])
    for o in only_chart[:3]:
        print("only in the chart:", o[:600])
    return 1


if __name__ == "__main__":
    sys.exit(main())
