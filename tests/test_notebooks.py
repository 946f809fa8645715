"""Every lesson and every solution notebook runs top to bottom in a fresh kernel.

Parametrised over the notebooks found on disk, so a new lesson is tested the moment it
lands. Each runs in its own folder, as a learner would open it, within a time budget.
"""
from __future__ import annotations

import time

import nbformat
import pytest
from nbclient import NotebookClient

from support import lesson_notebooks, solution_notebooks, ROOT

pytestmark = pytest.mark.notebook
BUDGET_SECONDS = 240  # a whole notebook, on CI's 2 cores
NOTEBOOKS = lesson_notebooks() + solution_notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError, with the failing cell, on any error
    elapsed = time.perf_counter() - start
    assert elapsed < BUDGET_SECONDS, f"{path.name} took {elapsed:.0f} s, over the {BUDGET_SECONDS} s budget"
