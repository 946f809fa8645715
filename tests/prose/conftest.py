"""Fixtures for the prose tests: each test module names its lesson in ``NOTEBOOK``.

``cells`` are the lesson's cells; ``prose`` is all of its markdown with runs of whitespace
collapsed to one space, so a test can look for a number as the prose prints it.
"""
import nbformat
import pytest


@pytest.fixture(scope="module")
def cells(request):
    return nbformat.read(request.module.NOTEBOOK, as_version=4).cells


@pytest.fixture(scope="module")
def prose(cells):
    return " ".join(" ".join(c.source for c in cells if c.cell_type == "markdown").split())


@pytest.fixture(scope="module")
def setup(cells):
    """The lesson's setup cell (the code cell that sets SEED), to check the seeds the tests assume."""
    return next(c.source for c in cells if c.cell_type == "code" and "SEED =" in c.source)
