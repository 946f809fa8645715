"""environment.yml (conda, Binder) mirrors pyproject.toml, the single source of dependencies."""
from __future__ import annotations

import re
import sys

import pytest

from support import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")


def _normalise(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    name, spec = match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")
    return name, ",".join(sorted(spec.split(","))) if spec else ""


def conda_dependencies() -> dict[str, str]:
    deps, in_deps = {}, False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        item = re.match(r"^  - (?!pip:)([^#]+?)\s*$", line)
        if in_deps and item:
            name, spec = _normalise(item.group(1))
            deps[name] = spec
    return deps


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_normalise(r) for r in project["dependencies"])
    conda = conda_dependencies()
    conda.pop("pip", None)
    python = conda.pop("python", None)
    assert python == _normalise("python" + project["requires-python"])[1], \
        "environment.yml's python pin must match requires-python"
    assert conda == wanted, "environment.yml and pyproject.toml list different dependencies or versions"


def test_environment_yml_installs_the_course():
    assert "- -e ." in (ROOT / "environment.yml").read_text(), "environment.yml must pip-install the course itself"
