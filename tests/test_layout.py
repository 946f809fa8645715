"""The package layout keeps its promises: ``utils`` stands alone, ``grader`` stays apart."""
from __future__ import annotations

import subprocess
import sys

from support import ROOT

PROBE = """
import sys
for name in ("pwd", "resource"):  # as on Windows: these modules do not exist
    sys.modules[name] = None
import utils
loaded = sorted(m for m in sys.modules if m == "grader" or m.startswith("grader."))
print("grader modules:", loaded)
assert not loaded, loaded
print("names:", len([n for n in dir(utils) if not n.startswith("_")]))
"""


def test_utils_imports_without_pwd_resource_or_grader():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT / "lessons", capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "grader modules: []" in done.stdout


def test_no_module_of_utils_names_grader():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "utils").rglob("*.py")
                 if any(line.lstrip().startswith(("import grader", "from grader"))
                        for line in p.read_text().splitlines())]
    assert not offenders, f"utils must never import the grading machinery: {offenders}"


def _utils_modules() -> list[str]:
    """Every module of the helper package, found on disk (``core.checks``, ..., ``welcome``), never typed."""
    return sorted(".".join(path.relative_to(ROOT / "utils").with_suffix("").parts)
                  for path in (ROOT / "utils").rglob("*.py") if path.name != "__init__.py")


def _exports() -> dict[str, list[str]]:
    """Every public name of every module (its ``__all__``), with the modules that export it."""
    import importlib

    names: dict[str, list[str]] = {}
    for module in _utils_modules():
        for name in getattr(importlib.import_module(f"utils.{module}"), "__all__", ()):
            names.setdefault(name, []).append(module)
    return names


def test_every_module_says_what_it_exports():
    import importlib

    modules = _utils_modules()
    assert {"core.parameters", "society.model", "welcome"} <= set(modules), modules
    unlisted = [m for m in modules if not hasattr(importlib.import_module(f"utils.{m}"), "__all__")]
    assert not unlisted, f"modules without __all__ (say what they export): {unlisted}"


def test_no_two_modules_export_the_same_name():
    """One name, one meaning: ``from utils import X`` must not silently pick one of two different X."""
    import importlib

    clashes = {name: mods for name, mods in _exports().items() if len(mods) > 1 and len(
        {id(getattr(importlib.import_module(f"utils.{m}"), name)) for m in mods}) > 1}
    assert not clashes, ("these names are exported by two modules with different values, so `from utils import` "
                         f"gives only one of them: {clashes}; rename one")


def test_old_flat_imports_still_reach_every_public_name():
    """A notebook's ``from utils import ...`` sees every public name of every topic module (a name two modules
    export is the clash the test above reports)."""
    import importlib

    import utils
    missing = [f"{module}.{name}" for name, modules in _exports().items() if len(modules) == 1
               for module in modules
               if getattr(utils, name, None) is not getattr(importlib.import_module(f"utils.{module}"), name)]
    assert not missing, f"not re-exported by utils: {missing}"
