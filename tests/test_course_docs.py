"""The documents agree with the notebooks and the notation record (``dev/course_docs.py`` writes the
generated parts; these tests fail while any of them drifts, and read the docs independently of the
generator where they can).

- times: each lesson's and exercise's first-cell time is the one in the README course map, the syllabus's
  sessions table and the adapting guide's table (``tests/test_budget.py`` fails for a notebook that states none);
- notation: ``docs/notation.md`` is the record's page;
- assessed in: every Assesses line uses the course's concept and law names, every concept and law is assessed,
  every "exNN Qk" the objectives name exists, and a question named with its title has that title.
"""
from __future__ import annotations

import difflib
import re
import sys

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "dev"))
import course_docs  # noqa: E402

GENERATED = course_docs.generated()


@pytest.mark.parametrize("path", sorted(GENERATED), ids=lambda p: p.name)
def test_generated_part_is_up_to_date(path):
    expected, actual = GENERATED[path], path.read_text()
    diff = "\n".join(list(difflib.unified_diff(actual.splitlines(), expected.splitlines(), "on disk", "generated",
                                               lineterm=""))[:40])
    assert actual == expected, (f"{path.relative_to(ROOT)} disagrees with its source; run "
                                f"`.venv/bin/python dev/course_docs.py` and commit it:\n{diff}")


# ---------------------------------------------------------------------------------------------- times
STATED = course_docs.times()


def _table_rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]] for line in text.splitlines()
            if line.startswith("|") and not line.startswith("|---")]


def _expected(key: str) -> str:
    return course_docs.shown(key, STATED)


def test_times_agree_in_the_readme_course_map():
    rows = {r[0]: r for r in _table_rows(course_docs.block((ROOT / "README.md").read_text(), "course-map"))
            if re.fullmatch(r"\d\d", r[0])}
    assert sorted(rows) == sorted(k for k in STATED if not k.startswith("ex")), "the course map lists every lesson"
    wrong = [f"{n}: map says lesson {r[2]}, exercise {r[4]}; notebooks say {_expected(n)}, {_expected('ex' + n)}"
             for n, r in rows.items() if (r[2], r[4]) != (_expected(n), _expected("ex" + n))]
    assert not wrong, "\n".join(wrong)


def test_times_agree_in_the_syllabus():
    rows = [r for r in _table_rows(course_docs.block((ROOT / "docs" / "syllabus.md").read_text(), "sessions"))
            if re.fullmatch(r"\d", r[0])]
    assert len(rows) == 10, "the syllabus plans ten sessions"
    wrong = []
    for r in rows:
        number = f"{int(r[0]):02d}"
        lesson = re.search(r"\(([^)]*)\)", r[2])
        exercise = re.search(r"exercise \d\d[^(|]*\(([^)]*)\)", r[5])
        if not lesson or lesson.group(1) != _expected(number):
            wrong.append(f"session {r[0]}: lesson time '{r[2]}', the notebook says {_expected(number)}")
        if not exercise or exercise.group(1) != _expected("ex" + number):
            wrong.append(f"session {r[0]}: hand-in '{r[5]}', exercise {number} says {_expected('ex' + number)}")
    assert not wrong, "\n".join(wrong)


def test_times_agree_in_the_adapting_guide():
    rows = {r[0]: r for r in _table_rows(course_docs.block((ROOT / "docs" / "adapting.md").read_text(), "times"))
            if re.fullmatch(r"\d\d", r[0])}
    for number, row in rows.items():
        for cell, key in ((row[2], number), (row[4], "ex" + number)):
            assert cell == _expected(key), f"adapting.md: {key} shows '{cell}', the notebook {_expected(key)}"


def test_inline_times_are_sums_of_the_notebooks():
    for path in (ROOT / "README.md", ROOT / "docs" / "syllabus.md", ROOT / "docs" / "adapting.md"):
        for expr, shown in course_docs.INLINE_TIME.findall(path.read_text()):
            keys = expr.split("+") if ".." not in expr else []
            if keys and all(STATED.get(k.strip()) is not None for k in keys):
                assert shown == str(sum(STATED[k.strip()] for k in keys)), f"{path.name}: time {expr} shows {shown}"


def test_inline_time_markers_compute():
    stated = {"06": 60, "07": 55, "01": 50, "02": 60, "ex09": 150}
    text = ("a <!-- time: 06+07 -->?<!-- /time --> b <!-- time: 01..02 -->x<!-- /time --> "
            "<!-- time: ex09 -->1<!-- /time -->")
    assert course_docs.inline_times(text, stated) == ("a <!-- time: 06+07 -->115<!-- /time --> b "
                                                      "<!-- time: 01..02 -->50 to 60<!-- /time --> "
                                                      "<!-- time: ex09 -->150<!-- /time -->")


# ---------------------------------------------------------------------------------------------- assessed in
ENTRIES = course_docs.assessed()


def test_assesses_lines_use_the_course_names():
    problems = [p for entry in ENTRIES for p in course_docs.item_problems(entry)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("item", [f"concept: {c}" for c in course_docs.CONCEPTS] + [f"law: {law}" for law in
                                                                                      course_docs.LAWS])
def test_every_concept_and_law_is_assessed(item):
    assert any(item in entry.items for entry in ENTRIES), (
        f"no written task's '*Assesses:*' line names '{item}': issue 21 asks that every concept and law taught "
        "is assessed (convention 4 gives the line's form)")


def test_the_objectives_name_questions_that_exist():
    """Every 'exNN Qk' (or 'Part X') in the objectives exists; one named with its title has that title."""
    from course_docs import _cells, _question

    headings = {}
    for path in course_docs.exercises():
        for cell in _cells(path):
            match = re.search(r"^##\s+(.+)$", cell["source"], flags=re.M) if cell["cell_type"] == "markdown" else None
            if match and re.match(r"(Question|Part)\s+\w+", match.group(1)):
                headings[(path.parent.name[:4], _question(match.group(1), ""))] = match.group(1)
    text = (ROOT / "docs" / "objectives.md").read_text()
    problems = []
    for line in text.splitlines():
        exercise = None
        for match in re.finditer(r"\b(ex\d\d)\b|\b(Q\d+|Part [A-Z])\b(?:[–-](Q?\d+))?(?: written,? ([^;|(]+))?", line):
            if match.group(1):
                exercise = match.group(1)
                continue
            if exercise is None:
                continue
            question, named = match.group(2), (match.group(4) or "").strip()
            if (exercise, question) not in headings:
                problems.append(f"objectives.md names {exercise} {question}, which has no such heading")
            elif named and named.lower().rstrip("?.") not in headings[(exercise, question)].lower() \
                    and "named concept" not in named:
                problems.append(f"objectives.md calls {exercise} {question} '{named}', but its heading is "
                                f"'{headings[(exercise, question)]}'")
    assert not problems, "\n".join(sorted(set(problems)))


def test_objective_rows_are_found_by_the_names_they_give():
    assert course_docs._names_in("apply **guilt by association** (Feinberg) and GDPR Art. 22") == \
        ["concept: guilt by association", "law: GDPR Art. 22"]
    assert course_docs._names_in("telling benign features from manipulative ones") == []
