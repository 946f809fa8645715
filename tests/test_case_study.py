"""Tests for utils/case_study.py and for the sourcing of lesson 05 (the Sesame Credit case)."""
from __future__ import annotations

import re
from datetime import date

import nbformat
import pytest

from support import ROOT
from utils import (PALETTE, PERK_THRESHOLDS, POST_CLAIMS, SESAME_RANGE, TIMELINE, TRACKS, VERDICT_LABELS,
                   perk_ladder_figure, timeline_figure, timeline_table)

LESSON = ROOT / "lessons" / "05_sesame_credit.ipynb"


def test_perk_thresholds_lie_inside_the_published_range_in_order():
    low, high = SESAME_RANGE
    thresholds = [t for t, *_ in PERK_THRESHOLDS]
    assert (low, high) == (350, 950)
    assert thresholds == sorted(thresholds) == [600, 650, 750]
    assert all(low < t < high for t in thresholds)
    assert all(sources and all(s.startswith("http") for s in sources) for *_, sources in PERK_THRESHOLDS)


def test_claims_split_the_bundled_ones_and_carry_no_verdicts():
    assert list(POST_CLAIMS) == ["1", "2", "3", "4a", "4b", "5a", "5b"]
    assert VERDICT_LABELS == ("true", "false", "misleading", "unverified")
    # Verdicts belong to exercise 05; the helper package must not hand them out.
    import utils.case_study as module
    assert not any("verdict" in name.lower() and name != "VERDICT_LABELS" for name in module.__all__)


def test_timeline_events_are_real_dates_in_range_with_sources():
    for year, month, day, track, label, source in TIMELINE:
        assert 2014 <= year <= 2024 and 0 <= track < len(TRACKS) and label
        if day is not None:
            date(year, month, day)  # raises on an impossible date
            assert month is not None
        assert source is None or source.startswith("http"), label
    # Only the anonymous blog post has no address.
    assert [label for *_, label, source in TIMELINE if source is None] == \
        ["The student blog post examined in lesson 05"]


def test_timeline_table_is_sorted_and_filters_by_year():
    table = timeline_table()
    assert len(table) == len(TIMELINE)
    years = table["date"].str[:4].astype(int).tolist()
    assert years == sorted(years)
    assert set(timeline_table(2018, 2018)["date"].str[:4]) == {"2018"}
    with pytest.raises(ValueError, match="start_year"):
        timeline_table(2013, 2020)
    with pytest.raises(TypeError, match="end_year"):
        timeline_table(2014, 2020.5)


def test_timeline_figure_is_labelled_and_does_not_rely_on_colour_alone():
    fig = timeline_figure()
    assert fig.layout.title.text and fig.layout.xaxis.title.text == "date (year)"
    assert fig.layout.yaxis.title.text == "strand of the story"
    assert [trace.name for trace in fig.data] == list(TRACKS)
    shapes = set()
    for trace in fig.data:
        assert trace.marker.color in PALETTE
        shapes.add(trace.marker.symbol[0].replace("-open", ""))
    assert len(shapes) == len(TRACKS), "each strand needs its own marker shape as well as its own colour"
    assert sum(len(trace.x) for trace in fig.data) == len(TIMELINE)
    # Events the fact base dates only to a month or a year are drawn hollow.
    hollow = sum(str(s).endswith("-open") for trace in fig.data for s in trace.marker.symbol)
    assert hollow == sum(day is None for _, _, day, *_ in TIMELINE)


def test_timeline_figure_window():
    fig = timeline_figure(2017, 2018)
    assert sum(len(trace.x) for trace in fig.data) == len(timeline_table(2017, 2018))
    assert not fig.layout.shapes, "the 2020 band is only drawn when 2020 is in the window"


def test_perk_ladder_bands_cover_the_range():
    fig = perk_ladder_figure()
    bars = [trace for trace in fig.data if trace.type == "bar"]
    starts = [trace.base[0] for trace in bars]
    ends = [trace.base[0] + trace.x[0] for trace in bars]
    assert starts[0] == 350 and ends[-1] == 950 and starts[1:] == ends[:-1]
    with pytest.raises(ValueError, match="score"):
        perk_ladder_figure(349)


def _lesson_text() -> tuple[str, str]:
    nb = nbformat.read(LESSON, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    body, _, sources = text.rpartition("\n## Sources")
    return body, sources


def test_lesson_05_cites_only_listed_sources_and_lists_only_cited_ones():
    """Every [n] in the lesson points to an entry of its ## Sources list, and every entry is cited."""
    body, sources = _lesson_text()
    assert sources, "lesson 05 needs a ## Sources section"
    listed = [int(n) for n in re.findall(r"^(\d+)\. ", sources, flags=re.M)]
    assert listed == list(range(1, len(listed) + 1))
    groups = re.findall(r"\[(\d+(?:, \d+)*)\]", body)
    # Document numbers such as "Guofa [2014] No. 21" are years in brackets, not citations.
    cited = {int(n) for group in groups for n in group.split(", ") if int(n) < 1000}
    assert cited == set(listed)


def test_lesson_05_states_confirmed_points_without_hedging_them():
    """The visa shortcut (Caixin, June 2017) and the video's date (16 December 2015) were confirmed
    after an earlier fact-check had marked them unverified; the lesson now states them with their
    sources, and keeps the label 'unverified' for its fact-checking method rather than for them."""
    body, _ = _lesson_text()
    visa = next(p for p in body.split("\n\n") if "visa" in p.lower() and "Caixin" in p)
    assert "unverified" not in visa.lower() and re.search(r"\[\d+(?:, \d+)*\]", visa)
    video = next(p for p in body.split("\n\n") if "Propaganda Games" in p)
    assert "16 December 2015" in video and "unverified" not in video.lower()
    assert "**unverified**" in body, "the four labels, 'unverified' among them, are taught in the lesson"


def _core(body: str) -> str:
    """The lesson's core path: everything before its first optional "Going further" section."""
    return body.split("\n## Going further")[0]


def _section(body: str, number: int) -> str:
    return body.split(f"\n## {number} · ")[1].split("\n## ")[0]


def test_lesson_05_applies_contextual_integrity_part_by_part():
    """Issue 21: the five parameters for one Sesame flow, the prima facie comparison, the evaluative
    step, what consent does and does not settle, and surveillance defined with a source and applied,
    all on the core path."""
    section = _section(_core(_lesson_text()[0]), 3)
    rows = {line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ")}
    assert {"sender", "recipient", "subject", "information type", "transmission principle"} <= rows
    for step in ("**Compare.**", "*prima facie*", "**Evaluate.**", "**What consent settles.**"):
        assert step in section, f"section 3 lacks {step!r}"
    assert "one transmission principle, not a verdict" in section
    surveillance = next(p for p in section.split("\n\n") if p.startswith("**Surveillance**"))
    assert "Richards" in surveillance and "Lyon" in surveillance and re.search(r"\[\d+\]", surveillance)
    assert "A score fits each part" in surveillance, "the definition is applied, not only stated"


def test_lesson_05_states_the_law_with_both_limbs_and_both_actors():
    """AI Act Art. 5(1)(c) with limb (ii) and its reach to private actors, and FCRA § 1681i's actor
    and time limit, on the core path (issue 21's corrections)."""
    law = _section(_core(_lesson_text()[0]), 5)
    assert "(i) in social contexts unrelated" in law and "(ii) unjustified or disproportionate" in law
    assert "public and private actors" in law and "2 February 2025" in law
    assert "consumer reporting agency" in law and "**30 days**" in law and "15 more" in law
    body, sources = _lesson_text()
    assert "recital 31" in body and '"by public or private actors"' in " ".join(body.split())
    assert re.search(r"^49\. European Commission .*COM\(2021\) 206", sources, flags=re.M)


def test_lesson_05_gives_the_revised_count_of_credit_invisible_adults():
    """The CFPB's 2015 estimate (26 million) appears with its June 2025 correction (13.5 million)."""
    credit = _section(_core(_lesson_text()[0]), 2)
    credit = " ".join(credit.split())
    assert "26 million" in credit and "June 2025" in credit and "13.5 million [44]" in credit
    assert re.search(r"^44\. Consumer Financial Protection Bureau.*23 June 2025", _lesson_text()[1], flags=re.M)


EX05 = ROOT / "solutions" / "ex05_source_critique" / "ex05_source_critique.ipynb"


def test_exercise_05_assesses_a_new_flow_and_both_laws():
    """Issue 21: a written task applies contextual integrity to a flow the lesson never discusses,
    with a checkable source and a mark scheme for the parts; one short item per law the lesson
    teaches; each carries its Assesses line."""
    tasks = {meta["grade_id"]: cell.source for cell, meta in _graded_cells(EX05) if meta.get("task")}
    flow = tasks["contextual_integrity"]
    assert "*Assesses:* concept: contextual integrity; concept: surveillance" in flow
    assert "Experian Boost" in flow and "https://www.experian.com/" in flow
    assert "Experian" not in "\n".join(c.source for c in nbformat.read(LESSON, as_version=4).cells), \
        "the new case must be one the lesson never discusses"
    scheme = flow.split("=== BEGIN MARK SCHEME ===")[1].lower()
    for part in ("*sender*", "*recipient*", "*subject*", "*information type*", "*transmission principle*",
                 "compare", "evaluate", "consent", "surveillance"):
        assert part in scheme, f"the mark scheme should reward {part}"
    assert "*Assesses:* law: AI Act Art. 5(1)(c)" in tasks["law_ai_act"]
    assert "*Assesses:* law: FCRA § 1681i" in tasks["law_fcra"]
    first = nbformat.read(EX05, as_version=4).cells[0].source
    assert re.search(r"\*Time: about \d+ minutes", first), "the exercise states its time in its first cell"


# The instructor's kit (docs/) copies points and mark schemes from the solution notebooks; these
# checks fail when an exercise changes and the kit is not updated with it.

def _graded_cells(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("task") or (meta.get("grade") and not meta.get("solution") and cell.cell_type == "code"):
            yield cell, meta


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*/*.ipynb")), ids=lambda p: p.parent.name)
def test_docs_points_table_matches_the_exercise(path):
    auto = sum(meta["points"] for _, meta in _graded_cells(path) if not meta.get("task"))
    written = sum(meta["points"] for _, meta in _graded_cells(path) if meta.get("task"))
    row = f"| {path.parent.name} | {auto:g} | {written:g} | {auto + written:g} |"
    assert row in (ROOT / "docs" / "points.md").read_text(), \
        f"docs/points.md needs the row {row!r}: run `.venv/bin/python dev/docs_sync.py`"


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*/*.ipynb")), ids=lambda p: p.parent.name)
def test_docs_rubrics_carry_every_mark_scheme(path):
    rubrics = (ROOT / "docs" / "rubrics.md").read_text()
    for cell, meta in _graded_cells(path):
        if meta.get("task"):
            scheme = cell.source.split("=== BEGIN MARK SCHEME ===")[1].split("=== END MARK SCHEME ===")[0].strip()
            assert scheme in rubrics, f"docs/rubrics.md lacks the current mark scheme of {path.parent.name}/{meta['grade_id']}: run `.venv/bin/python dev/docs_sync.py`"
