"""pyproject.toml (ranges), requirements-lock.txt (exact versions) and environment.yml (conda, Binder) agree.

The lock is what set-up installs: one version of every package for every supported Python
(``course.SUPPORTED_PYTHONS``), written by ``python3 course.py lock``. These tests fail when a
range in pyproject.toml no longer admits the locked version, when a dependency has no pin, when
the lock forks a package by Python version, or when environment.yml stops installing the lock.
"""
from __future__ import annotations

import re
import sys

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from support import ROOT
from test_foundation import load_course_script

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")

COURSE = load_course_script()
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def lock_pins() -> list[tuple[str, str, Marker | None]]:
    """(name, version, marker) for every pin in the lock."""
    pins = []
    for line in COURSE.LOCK.read_text().splitlines():
        if not line or line.startswith((" ", "#")):
            continue
        requirement = Requirement(line)
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"the lock pins exact versions, not {line!r}"
        pins.append((canonicalize_name(requirement.name), spec.version, requirement.marker))
    return pins


def project_requirements() -> list[Requirement]:
    requirements = [Requirement(r) for r in PROJECT["dependencies"]]
    for extra in PROJECT["optional-dependencies"].values():
        requirements += [Requirement(r) for r in extra]
    return requirements


def python_environment(version: str) -> dict[str, str]:
    return {"python_version": version, "python_full_version": f"{version}.0", "sys_platform": "linux",
            "platform_system": "Linux", "implementation_name": "cpython", "os_name": "posix",
            "platform_python_implementation": "CPython", "platform_machine": "x86_64"}


def test_one_version_of_each_package_for_every_supported_python():
    seen: dict[str, str] = {}
    for name, version, _ in lock_pins():
        assert seen.setdefault(name, version) == version, \
            f"the lock forks {name} by Python ({seen[name]} and {version}): one set must install everywhere"


def test_every_project_requirement_is_locked_within_its_range():
    pins = {name: version for name, version, _ in lock_pins()}
    for requirement in project_requirements():
        name = canonicalize_name(requirement.name)
        for python in COURSE.SUPPORTED_PYTHONS:
            if requirement.marker and not requirement.marker.evaluate(python_environment(python)):
                continue
            assert name in pins, f"{name} is in pyproject.toml but not in the lock: run `python3 course.py lock`"
            assert requirement.specifier.contains(pins[name], prereleases=True), \
                f"pyproject.toml asks for {requirement} but the lock pins {name}=={pins[name]}: run `python3 course.py lock`"


def test_lock_covers_the_oldest_supported_python_and_says_how_it_was_made():
    header = COURSE.LOCK.read_text().splitlines()[:3]
    assert any("python3 course.py lock" in line for line in header), "the lock's header names the command that moves it"
    assert PROJECT["requires-python"] == f">={COURSE.SUPPORTED_PYTHONS[0]}"


def test_environment_yml_installs_the_lock_on_the_supported_pythons():
    text = (ROOT / "environment.yml").read_text()
    python = re.search(r"^\s*- python([<>=].*)$", text, re.M)
    oldest, newest = COURSE.SUPPORTED_PYTHONS[0], COURSE.SUPPORTED_PYTHONS[-1]
    major, minor = newest.split(".")
    assert python and python.group(1).replace(" ", "") == f">={oldest},<{major}.{int(minor) + 1}", \
        "environment.yml's Python range must be the lock's supported Pythons"
    assert f"- -c {COURSE.LOCK.name}" in text, "environment.yml must install through the lock (pip -c)"
    assert "- -e ." in text, "environment.yml must pip-install the course itself"


def test_readme_names_the_supported_pythons():
    readme = (ROOT / "README.md").read_text()
    span = f"Python {COURSE.SUPPORTED_PYTHONS[0]} to {COURSE.SUPPORTED_PYTHONS[-1]}"
    assert span in readme, f"README.md must say the course is tested on {span}"


def test_fast_tier_leaves_out_every_marked_layer():
    markers = [m.split(":")[0] for m in tomllib.loads((ROOT / "pyproject.toml").read_text())
               ["tool"]["pytest"]["ini_options"]["markers"]]
    expression = COURSE.fast_tier()[1]
    assert markers and expression == " and ".join(f"not {m}" for m in markers), \
        "the fast tier's marker list must come from pyproject.toml"


def test_suite_runs_in_parallel_unless_told_not_to(monkeypatch):
    """A worker per core (at most 4), whole files per worker; -n, --dist or -p no:xdist from the caller win."""
    monkeypatch.setattr(COURSE.os, "cpu_count", lambda: 2)
    assert COURSE.parallel([]) == ["-n", "2", "--dist", "loadfile"]
    assert COURSE.parallel(["-k", "ex00"]) == ["-n", "2", "--dist", "loadfile"]
    for chosen in (["-n", "0"], ["-n0"], ["--numprocesses=3"], ["-p", "no:xdist"], ["--dist", "load"]):
        assert COURSE.parallel(chosen) == [], chosen
    monkeypatch.setattr(COURSE.os, "cpu_count", lambda: 16)
    assert COURSE.parallel([])[:2] == ["-n", "4"]
    monkeypatch.setattr(COURSE.os, "cpu_count", lambda: 1)
    assert COURSE.parallel([]) == []
