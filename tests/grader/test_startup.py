"""Grading processes start without rfc3987_syntax (grader/startup.py), and nothing they use breaks."""
from __future__ import annotations

import subprocess
import sys

import pytest

from grader.startup import SKIPPED_IMPORTS, kernel_command, python_module_command


def run_module(module: str, args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(python_module_command(sys.executable, module, args), capture_output=True, text=True,
                          timeout=300)


@pytest.mark.classscale  # two Python starts that import plotly: slow for the fast tier
def test_the_skipped_import_is_absent_and_plotly_still_renders():
    """plotly's renderers (which import nbformat, hence jsonschema) load and render a figure's mime
    bundle, and jsonschema still checks formats, with the grammar-building package never imported."""
    statement = ("import sys, jsonschema, plotly.io as pio, plotly.graph_objects as go\n"
                 "pio.renderers.default = 'plotly_mimetype'  # as in a kernel\n"
                 "bundle = go.Figure(go.Bar(x=[1], y=[2]))._repr_mimebundle_()\n"
                 "assert 'application/vnd.plotly.v1+json' in bundle, bundle.keys()\n"
                 "assert all(sys.modules.get(name) is None for name in %r)\n"
                 "checker = jsonschema.Draft7Validator.FORMAT_CHECKER\n"
                 "assert not checker.conforms('not a date', 'date') and checker.conforms('2026-03-07', 'date')\n"
                 % (SKIPPED_IMPORTS,))
    done = run_module("timeit", ["-n", "1", "-r", "1", statement])
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.classscale
def test_without_the_prelude_the_import_happens():
    """The check above can fail: a plain Python does import the package when plotly renders."""
    done = subprocess.run([sys.executable, "-c", "import sys, plotly.io._renderers; "
                                                 "print('rfc3987_syntax' in sys.modules)"],
                          capture_output=True, text=True, timeout=300)
    assert done.stdout.strip() == "True", done.stderr[-2000:]


def test_only_ipykernel_commands_change():
    assert kernel_command(["/p/python", "-m", "ipykernel_launcher", "-f", "c.json"])[-2:] == ["-f", "c.json"]
    assert kernel_command(["/p/python", "-Xdev", "-u", "-m", "ipykernel_launcher", "-f", "c.json"])[1:4] == ["-Xdev", "-u", "-c"]


def test_the_course_kernel_is_started_fast():
    """The kernel nbgrader starts (the environment's python3 kernelspec) is one kernel_command changes."""
    from jupyter_client.kernelspec import KernelSpecManager

    argv = KernelSpecManager().get_kernel_spec("python3").argv
    changed = kernel_command(argv)
    assert changed != argv and "-c" in changed and changed[-2:] == argv[-2:], (argv, changed)
    assert kernel_command(["/p/python", "-m", "other", "-f", "c.json"]) == ["/p/python", "-m", "other", "-f", "c.json"]
