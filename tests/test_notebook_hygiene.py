"""Committed notebooks are clean and follow the course's shape.

No outputs or execution counts, kernel python3, short code cells in lessons and solutions,
the opening cell and the closing sections DESIGN.md asks of every lesson.
"""
from __future__ import annotations

import nbformat
import pytest

from support import ROOT, committed_notebooks, lesson_notebooks

ALL = committed_notebooks()
IDS = [str(p.relative_to(ROOT)) for p in ALL]
LESSON_IDS = [str(p.relative_to(ROOT)) for p in lesson_notebooks()]
MAX_CODE_LINES = 15


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_no_outputs_and_python3_kernel(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"cells {dirty} carry outputs or execution counts: clear them before committing"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", "the kernelspec must be python3"


@pytest.mark.parametrize("path", [p for p in ALL if "exercises" not in p.parts],
                         ids=[i for i in IDS if not i.startswith("exercises")])
def test_code_cells_are_short(path):
    nb = nbformat.read(path, as_version=4)
    long = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and len(c.source.splitlines()) > MAX_CODE_LINES]
    assert not long, f"code cells {long} are longer than {MAX_CODE_LINES} lines: move the logic to utils/"


@pytest.mark.parametrize("path", lesson_notebooks(), ids=LESSON_IDS)
def test_lesson_shape(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    number = path.name[:2]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {number} · "), \
        f"the first cell must be a markdown heading '# {number} · Title'"
    assert "question" in first.source.lower(), "the first cell must state the lesson's normative question"
    assert "minutes" in first.source.lower(), "the first cell must give a time estimate"
    headings = [line.strip() for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()]
    for section in ("## Summary", "## Things to try", "## Discussion questions", "## Sources"):
        assert section in headings, f"the lesson must close with a '{section}' section"
    prose = sum(len(c.source) for c in nb.cells if c.cell_type == "markdown")
    code = sum(len(c.source) for c in nb.cells if c.cell_type == "code")
    assert prose >= code, "a lesson carries at least as much prose as code"


def test_every_exercise_pairs_with_a_lesson():
    lessons = {p.name[:2] for p in lesson_notebooks()}
    exercises = {p.name[2:4] for p in (ROOT / "solutions").iterdir() if p.is_dir()}
    assert exercises <= lessons, f"exercises without a lesson of the same number: {sorted(exercises - lessons)}"
