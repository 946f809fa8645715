"""Each lesson 01–09 names its ethical concept in its learning objectives and lists its reading.

The concept map (issue 12) gives every lesson one named concept, defined, read and applied. This
test holds the lessons to it: the first cell's "By the end of this lesson you can" list must name
the concept (every listed term, case-insensitive), and the lesson's `## Sources` must list the
primary reading (the author's surname and the year on one line).
"""
from __future__ import annotations

import re

import nbformat
import pytest

from support import ROOT

# lesson: (terms the objectives must name, (reading's surname, year))
CONCEPTS = {
    "01": (["reflective endorsement"], ("Frankfurt", "1971")),
    "02": (["autonomy", "paternalism"], ("Thaler", "2003")),
    "03": (["Goodhart", "Campbell"], ("Campbell", "1979")),
    "04": (["manipulation"], ("Susser", "2019")),
    "05": (["contextual integrity", "surveillance"], ("Nissenbaum", "2004")),
    "06": (["chilling effect", "preference falsification"], ("Penney", "2016")),
    "07": (["guilt by association", "collective punishment"], ("Feinberg", "1968")),
    "08": (["consent", "coercion"], ("Solove", "2013")),
    "09": (["due process"], ("Citron", "2014")),
}


def lesson(number: str):
    paths = sorted((ROOT / "lessons").glob(f"{number}_*.ipynb"))
    assert len(paths) == 1, f"expected one lessons/{number}_*.ipynb, found {paths}"
    return nbformat.read(paths[0], as_version=4)


def objectives(nb) -> str:
    """The bullet list that follows "By the end of this lesson you can" (or "will be able to") in the first cell."""
    first = nb.cells[0]
    assert first.cell_type == "markdown", "a lesson opens with a markdown cell"
    match = re.search(r"By the end of this lesson you (?:can|will be able to)", first.source)
    assert match, "the first cell needs a 'By the end of this lesson you can' list"
    rest = first.source[match.end():]
    return "\n".join(re.findall(r"^\s*- .*(?:\n {2,}\S.*)*", rest, flags=re.M))


@pytest.mark.parametrize("number", sorted(CONCEPTS))
def test_objectives_name_the_lessons_concept(number):
    terms, _ = CONCEPTS[number]
    listed = objectives(lesson(number)).lower()
    missing = [t for t in terms if t.lower() not in listed]
    assert not missing, f"lesson {number}'s objectives must name {missing} (see the concept map, issue 12)"


@pytest.mark.parametrize("number", sorted(CONCEPTS))
def test_sources_list_the_primary_reading(number):
    _, (surname, year) = CONCEPTS[number]
    text = "\n".join(c.source for c in lesson(number).cells if c.cell_type == "markdown")
    _, found, sources = text.rpartition("## Sources")
    assert found, f"lesson {number} needs a ## Sources section"
    assert any(surname in line and year in line for line in sources.splitlines()), \
        f"lesson {number}'s sources must list {surname} ({year})"
