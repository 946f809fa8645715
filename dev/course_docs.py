"""The generated parts of the course's documents, each written from its one source (an author tool).

    .venv/bin/python dev/course_docs.py           rewrite every generated part
    .venv/bin/python dev/course_docs.py --check   change nothing; exit 1 naming each file that drifts

What is generated, and from what:

- **Notation.** ``docs/notation.md``, the whole page, from the notation record
  (``utils/core/parameters.py``): one table per group (lesson 00, Part I, Part II) and the
  letters that mean something else in the other Part.
- **Times.** The one source of a time is the first cell's line ``*Time: about NN minutes…*`` of
  each lesson and exercise (``dev/budget.py`` reads it). From it: the lesson and exercise times
  in ``docs/syllabus.md``'s sessions table, the times table in ``docs/adapting.md``, the Time
  columns of the README's course map, and every inline ``<!-- time: 06+07 -->135<!-- /time -->``
  in those files (a sum of lessons ``06``, exercises ``ex06``, or a range ``01..09`` written
  "20 to 60"). Each generated region sits between HTML comments, which no reader sees.
- **Assessed in.** ``docs/objectives.md``'s "assessed in" cells of the rows that name a concept
  or a law, and its table of concepts and laws, from the ``*Assesses:* concept: …; law: …``
  line of each written task of the exercises (the solution notebooks).

``tests/test_course_docs.py`` fails while a generated part disagrees with its source, and
checks the sources themselves (every notebook states its time; every Assesses line uses the
course's names). Points and rubrics have their own tool, ``dev/docs_sync.py``.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "dev"))

import budget  # noqa: E402  (dev/budget.py: the time line and its reading)

# Convention 4 (issue 21): the names an Assesses line may use, exactly as the lessons' objectives name them.
CONCEPTS = ("reflective endorsement", "autonomy and paternalism", "Goodhart's law", "manipulation",
            "contextual integrity", "surveillance", "chilling effects", "preference falsification",
            "guilt by association", "consent and coercion", "due process")
LAWS = ("DSA Art. 25", "AI Act Art. 5(1)(c)", "GDPR Art. 22", "FCRA § 1681i")
ASSESSES = re.compile(r"^\*Assesses:\*\s*(.+?)\s*$", re.M)
INLINE_TIME = re.compile(r"<!-- time: ([^>]+?) -->(.*?)<!-- /time -->")


# ------------------------------------------------------------------------------------------ sources
def _cells(path: Path) -> list[dict]:
    cells = json.loads(path.read_text())["cells"]
    for cell in cells:
        if not isinstance(cell["source"], str):
            cell["source"] = "".join(cell["source"])
    return cells


def lessons() -> list[Path]:
    return sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))


def exercises() -> list[Path]:
    """The exercises' source notebooks (``exercises/`` is generated from them, first cell included)."""
    return sorted((ROOT / "solutions").glob("ex[0-9][0-9]_*/ex[0-9][0-9]_*.ipynb"))


def title(path: Path) -> str:
    """The first heading of a notebook without its number: "Reward schedules and extinction"."""
    for cell in _cells(path):
        match = re.search(r"^#\s+(.+)$", cell["source"], flags=re.M) if cell["cell_type"] == "markdown" else None
        if match:
            return re.sub(r"^(Exercise\s+)?\d\d\s*·\s*", "", match.group(1).strip())
    return path.stem


def times() -> dict[str, int | None]:
    """Minutes stated by every lesson ("00".."09") and exercise ("ex00".."ex09"); None where none is stated."""
    out = {path.name[:2]: budget.budget(path).minutes for path in lessons()}
    out |= {path.parent.name[:4]: budget.budget(path).minutes for path in exercises()}
    return out


@dataclass(frozen=True)
class Assessed:
    """One written task that assesses named concepts or laws."""

    exercise: str        # "ex04"
    question: str        # "Q4" or "Part D"
    heading: str         # the question's heading as students see it
    points: float
    items: tuple[str, ...]   # "concept: manipulation", "law: DSA Art. 25"

    @property
    def where(self) -> str:
        return f"{self.exercise} {self.question}"


def _question(heading: str, grade_id: str) -> str:
    match = re.match(r"(Question|Part)\s+(\w+)", heading)
    if not match:
        return grade_id
    return f"Q{match.group(2)}" if match.group(1) == "Question" else f"Part {match.group(2)}"


def assessed() -> list[Assessed]:
    """Every task cell's Assesses line, in course order."""
    found = []
    for path in exercises():
        heading = ""
        for cell in _cells(path):
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell["cell_type"] != "markdown":
                continue
            own = re.search(r"^##\s+(.+)$", cell["source"], flags=re.M)
            if own:
                heading = own.group(1).strip()
            if not meta.get("task"):
                continue
            line = ASSESSES.search(cell["source"].split("=== BEGIN MARK SCHEME ===")[0])
            if line:
                items = tuple(item.strip() for item in line.group(1).split(";") if item.strip())
                found.append(Assessed(path.parent.name[:4], _question(heading, meta.get("grade_id", "?")), heading,
                                      float(meta.get("points", 0)), items))
    return found


def item_problems(entry: Assessed) -> list[str]:
    """What is wrong with an Assesses line: items not written ``concept: <name>`` or ``law: <name>``."""
    problems = []
    for item in entry.items:
        kind, _, name = item.partition(":")
        kind, name = kind.strip(), name.strip()
        allowed = CONCEPTS if kind == "concept" else LAWS if kind == "law" else None
        if allowed is None:
            problems.append(f"{entry.where}: '{item}' must start with 'concept:' or 'law:'")
        elif name not in allowed:
            problems.append(f"{entry.where}: '{name}' is not one of the course's {kind} names {list(allowed)}")
    return problems


# ------------------------------------------------------------------------------------------ helpers
def _cell(text) -> str:
    return str(text).replace("|", "\\|")


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def replace_block(text: str, name: str, body: str, path: str = "") -> str:
    """Put ``body`` between ``<!-- name -->`` and ``<!-- /name -->`` (both lines kept)."""
    pattern = re.compile(rf"(<!-- {re.escape(name)} -->\n)(.*?)(<!-- /{re.escape(name)} -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"{path or 'the text'} has no block <!-- {name} --> … <!-- /{name} -->")
    return pattern.sub(lambda m: m.group(1) + body.rstrip("\n") + "\n" + m.group(3), text, count=1)


def block(text: str, name: str) -> str:
    match = re.search(rf"<!-- {re.escape(name)} -->\n(.*?)<!-- /{re.escape(name)} -->", text, re.S)
    return match.group(1) if match else ""


def _rows(body: str, edit) -> str:
    """Apply ``edit(cells) -> cells or None`` to every table row of ``body`` (cells without the outer pipes)."""
    out = []
    for line in body.splitlines():
        if line.startswith("|") and not re.match(r"^\|\s*-", line):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            new = edit(cells)
            if new is not None:
                line = "|" + "|".join(f" {cell} " if cell else " " for cell in new) + "|"
        out.append(line)
    return "\n".join(out) + ("\n" if body.endswith("\n") else "")


NOT_STATED = "not stated yet"


def _minutes(key: str, stated: dict) -> int | str:
    """A notebook's minutes, or "?" while it states none (tests/test_budget.py names it)."""
    value = stated.get(key)
    return "?" if value is None else value


def shown(key: str, stated: dict) -> str:
    """A time as a table shows it: "55 min", or "not stated yet"."""
    value = stated.get(key)
    return NOT_STATED if value is None else f"{value} min"


def inline_times(text: str, stated: dict) -> str:
    """Fill every ``<!-- time: EXPR -->…<!-- /time -->``: a sum ``06+07`` or a range ``01..09``."""

    def fill(match: re.Match) -> str:
        expr = match.group(1).strip()
        if ".." in expr:
            first, last = expr.split("..")
            prefix = "ex" if first.startswith("ex") else ""
            numbers = range(int(first.removeprefix("ex")), int(last.removeprefix("ex")) + 1)
            values = [_minutes(f"{prefix}{n:02d}", stated) for n in numbers]
            if "?" in values:
                value = "?"
            else:
                value = f"{min(values)} to {max(values)}" if min(values) != max(values) else str(values[0])
        else:
            values = [_minutes(key.strip(), stated) for key in expr.split("+")]
            value = "?" if "?" in values else str(sum(values))
        return f"<!-- time: {expr} -->{value}<!-- /time -->"

    return INLINE_TIME.sub(fill, text)


# ------------------------------------------------------------------------------------------ notation
def record():
    """utils/core/parameters.py, loaded on its own (it imports nothing of the course): the notation record."""
    import importlib.util

    name = "scored_notation_record"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "utils" / "core" / "parameters.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def notation_page() -> str:
    GROUPS, notation = record().GROUPS, record().notation

    def lessons_of(row) -> str:
        return ", ".join(row.lessons)

    lines = [
        "# Notation",
        "",
        "<!-- Generated by dev/course_docs.py from utils/core/parameters.py; edit the record, not this page. -->",
        "",
        "Every symbol the course uses, from one record (`utils/core/parameters.py`) that the dashboards'",
        "sliders are built from too: a slider's label, range, default and tooltip are the row's. Within",
        "lesson 00, within Part I (lessons 01–04 and their exercises) and within Part II (lessons 05–09 and",
        "their exercises) a symbol means one thing; `tests/test_notation.py` checks the lessons, the exercises",
        "and the dashboards against this record. A parameter named *in words* has no symbol: the course",
        "prefers words to a symbol used once. The first lesson listed introduces the symbol.",
        "",
    ]
    for group, heading in GROUPS.items():
        lines += [f"## {heading}", ""]
        parameters = notation(group, parameters=True)
        others = notation(group, parameters=False)
        if parameters:
            lines += ["### Parameters you can set (sliders and arguments)", "",
                      "| symbol | name | argument | meaning | range | default | lessons |",
                      "|---|---|---|---|---|---|---|"]
            for row in parameters:
                span = " or ".join(f"`{c}`" for c in row.choices) if row.choices else \
                    f"{_number(row.low)} to {_number(row.high)}" + (" (whole numbers)" if row.integer else "")
                default = f"`{row.default}`" if row.choices else _number(row.default)
                lines.append(f"| {_cell(row.symbol or '*in words*')} | {_cell(row.label)} | `{row.name}` | "
                             f"{_cell(row.meaning)} | {span} | {default} | {lessons_of(row)} |")
            lines.append("")
        if others:
            lines += ["### Other symbols", "", "| symbol | name | meaning | lessons |", "|---|---|---|---|"]
            for row in others:
                meaning = row.meaning + (f" Value: {_number(row.default)}." if row.default is not None else "")
                lines.append(f"| {_cell(row.symbol)} | {_cell(row.label)} | {_cell(meaning)} | {lessons_of(row)} |")
            lines.append("")
    first = {row.symbol: row for row in notation("I") if row.symbol}
    shared = [(first[row.symbol], row) for row in notation("II") if row.symbol in first]
    lines += ["## Letters that mean something else in the other Part", "",
              "The same letter in Part I and Part II. Within each Part it means one thing; where a Greek letter",
              "changes meaning, the Part II lesson that introduces it says so in one line.", "",
              "| symbol | in Part I | in Part II |", "|---|---|---|"]
    for one, two in shared:
        lines.append(f"| {_cell(one.symbol)} | {_cell(one.label)} (lesson {one.lessons[0]}) | "
                     f"{_cell(two.label)} (lesson {two.lessons[0]}) |")
    return "\n".join(lines).rstrip() + "\n"


# ------------------------------------------------------------------------------------------ times
def readme_text(text: str, stated: dict) -> str:
    def edit(cells):
        if len(cells) == 5 and re.fullmatch(r"\d\d", cells[0]):
            number = cells[0]
            cells[2] = shown(number, stated)
            cells[4] = shown("ex" + number, stated)
            return cells
        return None

    text = replace_block(text, "course-map", _rows(block(text, "course-map"), edit), "README.md")
    return inline_times(text, stated)


def syllabus_text(text: str, stated: dict) -> str:
    def edit(cells):
        if len(cells) != 6 or not re.fullmatch(r"\d", cells[0]):
            return None
        number = f"{int(cells[0]):02d}"
        slug = next(path.stem for path in lessons() if path.name.startswith(number))
        cells[2] = f"`{slug}` ({shown(number, stated)})"
        hand_in = re.sub(rf"\s*\((?:\d+ min|{NOT_STATED})\)", "", cells[5])
        cells[5] = re.sub(r"(exercise \d\d(?:, [^,(]*[^,(\s])?)",
                          lambda m: f"{m.group(1)} ({shown('ex' + number, stated)})", hand_in, count=1)
        return cells

    text = replace_block(text, "sessions", _rows(block(text, "sessions"), edit), "docs/syllabus.md")
    return inline_times(text, stated)


def times_table(stated: dict) -> str:
    lines = ["| # | lesson | lesson time | exercise | exercise time |", "|---|---|---|---|---|"]
    by_number = {path.parent.name[2:4]: path for path in exercises()}
    for path in lessons():
        number = path.name[:2]
        exercise = by_number.get(number)
        lines.append(f"| {number} | {_cell(title(path))} | {shown(number, stated)} | "
                     f"{_cell(title(exercise)) if exercise else '—'} | "
                     f"{shown('ex' + number, stated) if exercise else '—'} |")
    return "\n".join(lines) + "\n"


def adapting_text(text: str, stated: dict) -> str:
    text = replace_block(text, "times", times_table(stated), "docs/adapting.md")
    return inline_times(text, stated)


# ------------------------------------------------------------------------------------------ objectives
def _names_in(text: str) -> list[str]:
    """The concepts and laws an objective names (concept names as words; law names as written)."""
    found = [f"concept: {c}" for c in CONCEPTS if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text, re.I)]
    return found + [f"law: {law}" for law in LAWS if law in text]


def _where(entries: list[Assessed], names: list[str]) -> str:
    parts = []
    for entry in entries:
        hit = [item.split(":", 1)[1].strip() for item in entry.items if item in names]
        if hit:
            parts.append(f"{entry.where} written ({'; '.join(hit)})")
    return "; ".join(parts) if parts else "not assessed yet"


def objectives_text(text: str, entries: list[Assessed]) -> str:
    def edit(cells):
        if len(cells) != 4 or cells[1] in ("students can…", "") or set(cells[1]) <= {"-"}:
            return None
        names = _names_in(cells[1])
        if not names:
            return None
        cells[3] = _where(entries, names)
        return cells

    text = replace_block(text, "objectives", _rows(block(text, "objectives"), edit), "docs/objectives.md")
    lines = ["| concept or law | assessed in (exercise, question, points) |", "|---|---|"]
    for kind, names in (("concept", CONCEPTS), ("law", LAWS)):
        for name in names:
            item = f"{kind}: {name}"
            where = [f"{e.where} ({_number(e.points)} points, written)" for e in entries if item in e.items]
            lines.append(f"| {_cell(name)} ({kind}) | {'; '.join(where) if where else 'not assessed yet'} |")
    return replace_block(text, "assessed", "\n".join(lines) + "\n", "docs/objectives.md")


# ------------------------------------------------------------------------------------------ main
def generated() -> dict[Path, str]:
    """Every generated file's content: {path: text as it should be}."""
    stated = times()
    entries = assessed()
    files = {
        ROOT / "docs" / "notation.md": lambda _: notation_page(),
        ROOT / "README.md": lambda text: readme_text(text, stated),
        ROOT / "docs" / "syllabus.md": lambda text: syllabus_text(text, stated),
        ROOT / "docs" / "adapting.md": lambda text: adapting_text(text, stated),
        ROOT / "docs" / "objectives.md": lambda text: objectives_text(text, entries),
    }
    return {path: make(path.read_text() if path.exists() else "") for path, make in files.items()}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    drift = []
    for path, text in generated().items():
        if not path.exists() or path.read_text() != text:
            drift.append(str(path.relative_to(ROOT)))
            if not check:
                path.write_text(text)
    if check:
        print("generated parts out of date: " + ", ".join(drift) if drift else "every generated part is up to date")
        return 1 if drift else 0
    print("rewrote " + ", ".join(drift) if drift else "nothing to rewrite")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
