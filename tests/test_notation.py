"""One symbol, one meaning: the notation record (``utils/core/parameters.py``) against the lessons,
the exercises and the dashboards.

The record has three groups: lesson 00, Part I (lessons 01–04 and exercises 01–04) and Part II
(lessons 05–09 and exercises 05–09). Checked:

- **the record**: within a group no symbol (and no name) twice; every row's lessons lie in its group;
  every parameter's default inside its range;
- **the notebooks** (markdown, outside "Sources"): every Greek letter a lesson or exercise writes is
  in its group's record, or the notebook says in one line that the letter means something else in
  the other Part ("… not lesson 02's λ"); every single Latin letter given a value in the prose
  ("q = 0.2") is in its group's record; a Greek letter that means one thing in Part I and another in
  Part II is flagged in one line by the Part II lesson that introduces it;
- **the dashboards**: every slider of a parameter is its record row (label, symbol, range), and every
  Greek letter in a dashboard's labels, tooltips, titles, axis titles, line names and sentences is in
  its group's record.

A failure names the notebook or dashboard, the symbol, how it is used there and what the record
says it means (the two meanings that clash).
"""
from __future__ import annotations

import importlib
import inspect
import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pytest

from support import ROOT
from utils.core.parameters import GROUPS, NOTATION, group_of_lesson, notation

GREEK = "α-ωΑ-Ω"
# A Greek letter with what may follow it as part of the symbol: a subscript (_θ, _{ab}, <sub>θ</sub>,
# ₀) or a combining mark (p̂, m̄).
SYMBOL = re.compile(rf"[{GREEK}](?:_\{{[^}}]*\}}|_[\w{GREEK}]+|<sub>[^<]*</sub>|[₀-₉ₐ-ₜ]+|[\u0300-\u036f])?")
# Operators, not symbols: Σ (a sum) and Π (a product).
OPERATORS = {"Σ", "Π"}
# A single Latin letter given a value in the prose: "q = 0.2", "s_A = 0.7", "m₀ = 1" (not in code spans).
LATIN_VALUE = re.compile(r"(?<![\w`.'’\\])([A-Za-z])((?:_\{?[\w{}]+\}?|[₀-₉]+|\u0302|\u0304)?)\s*=\s*[-−+]?[\d.½]")
# Letters that are indices or constants in any lesson: i, j (a person, a term of a sum), e (Euler's number).
INDICES = {"i", "j", "e"}
OTHER_PART = {"I": r"\bPart II\b|\blessons? 0[5-9]\b", "II": r"\bPart I\b|\blessons? 0[1-4]\b", "00": r"(?!x)x"}


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def prose(path: Path) -> list[str]:
    """The markdown lines a learner reads, without the Sources section and code spans."""
    lines, skip = [], None
    for cell in _cells(path):
        if cell["cell_type"] != "markdown":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        for line in source.splitlines():
            heading = re.match(r"^(#{1,6})\s+(.*)$", line)
            if heading:
                level = len(heading.group(1))
                if skip is not None and level <= skip:
                    skip = None
                if heading.group(2).strip().lower().startswith("sources"):
                    skip = level
            if skip is None:
                lines.append(re.sub(r"`[^`]*`", "", line))
    return lines


def notebooks() -> list[tuple[str, Path]]:
    """(group, path) of every lesson and exercise source."""
    found = [(group_of_lesson(p.name[:2]), p) for p in sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))]
    found += [(group_of_lesson(p.parent.name[2:4]), p)
              for p in sorted((ROOT / "solutions").glob("ex[0-9][0-9]_*/ex[0-9][0-9]_*.ipynb"))]
    return found


def _normal(token: str) -> str:
    """One spelling of a subscript: σ<sub>θ</sub> and σ_{θ} become σ_θ."""
    token = re.sub(r"<sub>([^<]*)</sub>", r"_\1", token)
    return re.sub(r"_\{([^}]*)\}", r"_\1", token)


def _symbols(group: str) -> dict[str, str]:
    return {row.symbol: row.meaning for row in notation(group) if row.symbol}


def _known(token: str, symbols: dict) -> bool:
    """In the record as written, or as a recorded letter with an index (θ_i, s_A, p_hat)."""
    if token in symbols:
        return True
    base = re.match(r"^(.)(?:_|[₀-₉])", token)
    return bool(base) and base.group(1) in symbols


def _elsewhere(token: str, group: str) -> str:
    """What the token means in the other groups' records, for the message."""
    meanings = [f"in {GROUPS[other].split(',')[0]} it means: {row.meaning}" for other in GROUPS if other != group
                for row in notation(other) if row.symbol == token]
    return "; ".join(meanings) or "no group of the record holds it"


# ---------------------------------------------------------------------------------------------- the record
def test_the_record_gives_each_symbol_one_meaning_per_group():
    problems = []
    for group in GROUPS:
        rows = notation(group)
        for key in ("symbol", "name"):
            seen = defaultdict(list)
            for row in rows:
                if getattr(row, key):
                    seen[getattr(row, key)].append(row)
            problems += [f"group {group}: the {key} {value!r} has {len(same)} rows: "
                         + " | ".join(f"{r.name}: {r.meaning}" for r in same) for value, same in seen.items()
                         if len(same) > 1]
        for row in rows:
            wrong = [lesson for lesson in row.lessons if group_of_lesson(lesson) != group]
            if wrong or not row.lessons:
                problems.append(f"{row.name} ({row.symbol}) is in group {group} but lists lessons {row.lessons}")
            if list(row.lessons) != sorted(row.lessons):
                problems.append(f"{row.name}: list its lessons in order (the first introduces it), not {row.lessons}")
    assert not problems, "\n".join(problems)


def test_slider_labels_fit_their_box():
    """A control's label box is 210 px wide (utils.core.dashboard): about 32 characters before it is cut short."""
    long = [row.slider_label for row in NOTATION if row.is_parameter and len(row.slider_label) > 32]
    assert not long, f"labels cut short on screen (keep them to 32 characters; the meaning goes in the tooltip): {long}"


def test_the_record_holds_the_notation_decisions():
    """The decisions of issue 19 (common.md, conventions): a sample that must never silently change."""
    two = _symbols("II")
    one = {row.symbol: row.name for row in notation("I") if row.symbol}
    assert {row.symbol for row in notation("II") if row.name == "cutoff_share"} == {"z"}
    assert {row.symbol for row in notation("II") if row.name == "cut_gain"} == {"g"}
    assert "σ" not in two and "σ_θ" in two, "σ alone is retired in Part II (self-protection became g)"
    assert one.get("α") == "alpha" and one.get("λ") == "lam"
    assert not {"β", "γ", "δ", "w", "σ", "κ", "ν"} & set(one), "Part I uses none of β, γ, δ, w, σ, κ, ν"


def test_the_clash_check_finds_a_clash(tmp_path):
    """The notebook check itself: a Part II lesson writing σ for self-protection, α without its note, and a value
    for a letter Part II does not have fails; Σ sums, indexed record letters and Sources do not."""
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# 07 · T\nSelf-protection σ = β here, "
                     "with v = 0.3 and s_A = 0.7 and Σ_{j=1} s_j.\nA curvature α bends it.\n"
                     "## Sources\nγ-rays (1999), p = 0.01."}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "07_test.ipynb"
    path.write_text(json.dumps(nb))
    problems = greek_problems("II", path) + latin_problems("II", path)
    flagged = {re.search(r"(?:uses|gives) '([^']+)'", p).group(1) for p in problems}
    assert flagged == {"σ", "α", "v"}, problems
    assert "in Part I it means" in next(p for p in problems if "'α'" in p), "the message gives the other meaning"
    nb["cells"][0]["source"] = nb["cells"][0]["source"].replace("bends it.",
                                                                "bends it (lesson 02's α, not Part II's).")
    path.write_text(json.dumps(nb))
    assert not any("'α'" in p for p in greek_problems("II", path)), "the one-line note allows the letter"


# ---------------------------------------------------------------------------------------------- notebooks
def greek_problems(group: str, path: Path) -> list[str]:
    symbols, lines = _symbols(group), prose(path)
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    notes = [line for line in lines if re.search(OTHER_PART[group], line)]
    problems, reported = [], set()
    for line in lines:
        for match in SYMBOL.finditer(line):
            token = _normal(match.group(0))
            if token[0] in OPERATORS or token in reported or _known(token, symbols):
                continue
            letter = token[0]
            if any(letter in note for note in notes):   # "… not lesson 02's λ": the one-line note
                continue
            reported.add(token)
            start = max(0, match.start() - 60)
            problems.append(f"{name}: uses {token!r} (\"…{line[start:match.end() + 60].strip()}…\"), which "
                            f"{GROUPS[group].split(',')[0]}'s notation record does not hold "
                            f"({_elsewhere(token, group)}). Use the record's symbol, add the letter to the "
                            f"record, or say in one line that it means something else in the other Part")
    return problems


def latin_problems(group: str, path: Path) -> list[str]:
    symbols, problems, reported = _symbols(group), [], set()
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    for line in prose(path):
        for match in LATIN_VALUE.finditer(line):
            letter, suffix = match.group(1), match.group(2)
            token = _normal(letter + suffix)
            if letter in INDICES or token in reported or _known(token, symbols):
                continue
            reported.add(token)
            problems.append(f"{name}: gives {token!r} a value (\"{line.strip()[:140]}\"), but "
                            f"{GROUPS[group].split(',')[0]}'s notation record has no {token!r} "
                            f"({_elsewhere(token, group)})")
    return problems


@pytest.mark.parametrize("group, path", notebooks(), ids=lambda v: v.stem if isinstance(v, Path) else v)
def test_every_symbol_a_notebook_writes_is_in_its_record(group, path):
    problems = greek_problems(group, path) + latin_problems(group, path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("row", [row for row in notation("II") if row.symbol
                                 and row.symbol in {r.symbol for r in notation("I")}
                                 and re.match(f"[{GREEK}]", row.symbol)], ids=lambda row: row.symbol)
def test_a_greek_letter_that_changes_meaning_is_flagged_where_part_ii_introduces_it(row):
    lesson = next(iter(sorted((ROOT / "lessons").glob(f"{row.lessons[0]}_*.ipynb"))), None)
    assert lesson is not None, f"the record says lesson {row.lessons[0]} introduces {row.symbol}, but it does not exist"
    part_one = next(r for r in notation("I") if r.symbol == row.symbol)
    notes = [line for line in prose(lesson) if row.symbol in line and re.search(OTHER_PART["II"], line)]
    assert notes, (f"{lesson.name} introduces {row.symbol} in Part II as '{row.label}' ({row.meaning}), but in "
                   f"Part I {row.symbol} is '{part_one.label}' (lesson {part_one.lessons[0]}): say so in one line, "
                   f"e.g. \"here {row.symbol} is the {row.label}, not lesson {part_one.lessons[0]}'s "
                   f"{part_one.label}\"")


# ---------------------------------------------------------------------------------------------- dashboards
def _dashboard_group(function) -> str:
    module = function.__module__
    return "I" if ".engagement." in module else "00" if module.endswith("welcome") else "II"


SMALL = {"n_learners": 100, "n": 100, "steps": 10, "days": 60, "weeks": 2}


@lru_cache(maxsize=None)
def _board(name: str):
    import utils

    function = getattr(utils, name)
    accepted = inspect.signature(function).parameters
    kwargs = {k: v for k, v in SMALL.items() if k in accepted}
    if name == "capstone_dashboard":
        kwargs["kind"] = "karate club"
    return _dashboard_group(function), function(**kwargs)


def _dashboards() -> list[str]:
    import utils

    return sorted(n for n in dir(utils) if n.endswith("_dashboard") and callable(getattr(utils, n)))


def _texts(board) -> list[tuple[str, str]]:
    """(where, text) of everything a dashboard shows in words."""
    out = []
    for key, control in board.controls.items():
        out += [(f"control {key!r} label", control.description), (f"control {key!r} tooltip", control.tooltip or "")]
    for i, fig in enumerate(board.figures):
        layout = fig.layout
        out += [(f"figure {i} title", layout.title.text or ""), (f"figure {i} x-axis", layout.xaxis.title.text or ""),
                (f"figure {i} y-axis", layout.yaxis.title.text or "")]
        out += [(f"figure {i} line", trace.name or "") for trace in fig.data]
    out += [(f"sentence under figure {i}", text) for i, text in enumerate(board.descriptions)]
    return out + [("caption", board.caption)]


def _games() -> list[str]:
    import utils

    return sorted(n for n in dir(utils) if n.endswith("_game") and not n.startswith("replay")
                  and callable(getattr(utils, n)))


def _game_texts(board) -> list[tuple[str, str]]:
    """(where, text) of what a game board shows in words at its start."""
    import html
    import re as _re

    out = [(f"button {key!r}", f"{b.description} {b.tooltip or ''}") for key, b in board.buttons.items()]
    out += [("status", html.unescape(_re.sub(r"<[^>]+>", " ", board.status.value)))]
    out += [(f"sentence under figure {i}", html.unescape(_re.sub(r"<[^>]+>", " ", w.value)))
            for i, w in enumerate(board.sentences)]
    for i, fig in enumerate(board.figures):
        out += [(f"figure {i} title", fig.layout.title.text or ""),
                (f"figure {i} x-axis", fig.layout.xaxis.title.text or ""),
                (f"figure {i} y-axis", fig.layout.yaxis.title.text or "")]
        out += [(f"figure {i} line", trace.name or "") for trace in fig.data]
    return out


def _symbols_not_in_record(name: str, group: str, texts) -> list[str]:
    """One line per symbol in ``texts`` ((where, text) pairs) that the group's record lacks."""
    symbols, problems = _symbols(group), []
    for where, text in texts:
        for match in SYMBOL.finditer(text or ""):
            token = _normal(match.group(0))
            if token[0] not in OPERATORS and not _known(token, symbols):
                problems.append(f"{name}, {where}: {token!r} in \"{text[:120]}\" is not in "
                                f"{GROUPS[group].split(',')[0]}'s record ({_elsewhere(token, group)})")
    return problems


@pytest.mark.parametrize("name", _games())
def test_game_symbols_are_in_their_record(name):
    """The games speak in words, but any Greek letter they show must be in their Part's record."""
    import utils

    function = getattr(utils, name)
    group = _dashboard_group(function)
    problems = _symbols_not_in_record(name, group, _game_texts(function()))
    assert not problems, "\n".join(problems)


def test_the_dashboards_are_found():
    assert {"streak_dashboard", "schedules_dashboard", "peer_influence_dashboard", "capstone_dashboard"} <= \
        set(_dashboards())
    assert {"lingo_leap_game", "scoring_game"} <= set(_games())


@pytest.mark.parametrize("name", _dashboards())
def test_dashboard_sliders_are_their_record_rows(name):
    import ipywidgets as widgets

    group, board = _board(name)
    rows = {row.name: row for row in notation(group, parameters=True)}
    problems = []
    for key, control in board.controls.items():
        if key == "seed":
            continue
        if isinstance(control, (widgets.FloatSlider, widgets.IntSlider)) and key not in rows:
            problems.append(f"{name}: the slider {key!r} ('{control.description}') is not a parameter of "
                            f"{GROUPS[group]}'s record: add a row to utils/core/parameters.py")
        elif key in rows:
            row = rows[key]
            if control.description != row.slider_label:
                problems.append(f"{name}: {key!r} is labelled '{control.description}', the record says "
                                f"'{row.slider_label}'")
            if row.low is not None and not row.low <= control.min <= control.max <= row.high:
                problems.append(f"{name}: {key!r} runs from {control.min} to {control.max}, outside the record's "
                                f"{row.low} to {row.high} (a dashboard may narrow a range, never widen it)")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", _dashboards())
def test_dashboard_symbols_are_in_their_record(name):
    group, board = _board(name)
    problems = _symbols_not_in_record(name, group, _texts(board))
    assert not problems, "\n".join(problems)


def test_part_i_reads_the_record_without_part_ii():
    """The record lives in utils.core: Part I's dashboards import nothing of utils.society."""
    source = "".join((ROOT / "utils" / part).read_text() for part in ("engagement/dashboards.py",
                                                                       "core/parameters.py"))
    assert "society" not in re.findall(r"^from \S+", source, flags=re.M).__str__()
    assert importlib.import_module("utils.core.parameters").NOTATION is NOTATION
