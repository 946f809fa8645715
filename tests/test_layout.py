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


def test_old_flat_imports_still_reach_every_public_name():
    """A notebook's ``from utils import ...`` sees every public name of every topic module."""
    import importlib

    import utils
    missing = []
    for module in ("core.checks", "core.ranking", "core.figures", "core.dashboard", "engagement.schedules",
                   "engagement.hook", "engagement.streaks", "engagement.leagues", "engagement.motivation",
                   "engagement.dashboards", "society.params", "society.rules", "society.model", "society.network",
                   "society.fast", "society.run", "society.metrics", "society.recorder", "society.theory",
                   "society.networks", "society.figures", "society.dashboards", "capstone.checks",
                   "capstone.compare", "capstone.dashboard", "case_study", "welcome"):
        mod = importlib.import_module(f"utils.{module}")
        missing += [f"{module}.{name}" for name in mod.__all__ if getattr(utils, name, None) is not getattr(mod, name)]
    assert not missing, f"not re-exported by utils: {missing}"
