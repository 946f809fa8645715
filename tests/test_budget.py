"""Every lesson fits its session: a stated core-path time of at most 60 minutes and at most 30 words
of core prose a minute; every exercise states its time (dev/budget.py counts, and says how)."""
from __future__ import annotations

import sys

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "dev"))
import budget  # noqa: E402

NOTEBOOKS = budget.notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_states_its_time_and_fits_it(path):
    problems = budget.budget(path).problems()
    assert not problems, "\n".join(problems)


def test_word_count_reads_what_a_learner_reads():
    assert budget.words("See [the report](https://example.org/a-long-url) now.") == 4
    assert budget.words("<b>Bold</b> and $x^2$ — done") == 4


def test_going_further_and_sources_are_not_core():
    cells = [{"cell_type": "markdown", "source": "# T\none two three\n## Going further: depth\nfour five\n"
                                                  "### inside\nsix\n## Summary\nseven\n## Sources\neight nine"},
             {"cell_type": "code", "source": "x = 1 2 3"}]
    core, optional = budget.split_prose(cells)
    assert (core, optional) == (6, 7), "core: T, one two three, Summary, seven; optional: the Going further section"
