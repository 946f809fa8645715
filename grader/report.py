"""Item analysis of a graded exercise: what to reteach, from the gradebook and the autograded notebooks.

    python3 course.py report EXERCISE [--names] [--course DIR] [--out DIR]

Writes ``build/reports/EXERCISE/`` (in the course folder, or ``--out``):

- ``index.html``: per graded cell, the share of students with full marks (and with none); the
  failure messages of the autograded cells that students most often got, with counts; the
  distribution of total scores as an offline plotly figure (title, labelled axes, a sentence
  saying what it shows, and the same numbers as a table). No student name or id appears in it
  unless ``--names`` is given (then a last table lists every student's score).
- ``cells.csv``: one row per graded cell; ``scores.csv``: one row per student (ids, no names).
- ``plotly.min.js``: the figure's library, so the page works offline.

nbgrader's formgrader shows one student or one cell at a time; this is the class at a glance.
"""
from __future__ import annotations

import argparse
import csv
import html
import os
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CellStats", "build_report", "collect", "failure_message", "main"]

MESSAGES_SHOWN = 5       # most common failure messages listed per cell
MESSAGE_CHARS = 300      # a failure message is cut to this many characters


@dataclass
class CellStats:
    """One graded cell across the class."""

    notebook: str
    name: str
    kind: str            # "autograded" or "manual"
    max_score: float
    scores: list[float] = field(default_factory=list)   # graded students only
    unmarked: int = 0                                    # manual cells nobody has marked yet
    failures: Counter = field(default_factory=Counter)  # message -> students

    @property
    def full_share(self) -> float | None:
        return sum(s >= self.max_score for s in self.scores) / len(self.scores) if self.scores else None

    @property
    def zero_share(self) -> float | None:
        return sum(s <= 0 for s in self.scores) / len(self.scores) if self.scores else None


def failure_message(outputs: list) -> str | None:
    """The error a cell's outputs end with, as ``Name: first line of the message``, or None.

    Examples
    --------
    >>> failure_message([{"output_type": "error", "ename": "AssertionError", "evalue": "Expected 3.\\nmore"}])
    'AssertionError: Expected 3.'
    >>> failure_message([{"output_type": "stream", "name": "stdout", "text": "fine"}]) is None
    True
    """
    errors = [o for o in outputs if o.get("output_type") == "error"]
    if not errors:
        return None
    error = errors[-1]
    first = (str(error.get("evalue", "")).strip().splitlines() or [""])[0]
    text = f"{error.get('ename', 'Error')}: {first}" if first else str(error.get("ename", "Error"))
    return text if len(text) <= MESSAGE_CHARS else text[:MESSAGE_CHARS - 1] + "…"


def collect(course: Path, exercise: str, db_url: str, autograded_dir: str = "autograded"):
    """(cells in notebook order, {student id: (name, total, max)}) for ``exercise``."""
    import nbformat
    from nbgrader.api import Gradebook

    cells: dict[tuple[str, str], CellStats] = {}
    students: dict[str, tuple[str, float, float]] = {}
    with Gradebook(db_url) as gb:
        assignment = gb.find_assignment(exercise)
        for notebook in assignment.notebooks:
            for cell in notebook.grade_cells + notebook.task_cells:
                autograded = cell in notebook.grade_cells and cell.cell_type == "code"  # a test cell
                cells[(notebook.name, cell.name)] = CellStats(notebook.name, cell.name,
                                                              "autograded" if autograded else "manual",
                                                              float(cell.max_score))
        for submission in assignment.submissions:
            student = submission.student
            name = " ".join(filter(None, [student.first_name, student.last_name])) or student.id
            students[student.id] = (name, float(submission.score), float(submission.max_score))
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    stats = cells.get((notebook.name, grade.name))
                    if stats is None:
                        continue
                    if grade.score is None or (grade.auto_score is None and grade.manual_score is None):
                        stats.unmarked += 1
                    else:
                        stats.scores.append(float(grade.score))
    for (notebook, name), stats in cells.items():
        if stats.kind != "autograded":
            continue
        for student in students:
            path = course / autograded_dir / student / exercise / f"{notebook}.ipynb"
            if not path.exists():
                continue
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == name:
                    message = failure_message(cell.get("outputs", []))
                    if message:
                        stats.failures[message] += 1
    order = sorted(cells.values(), key=lambda c: (c.notebook, _position(course, exercise, c)))
    return order, students


def _position(course: Path, exercise: str, cell: CellStats) -> int:
    """Where the cell sits in the source notebook (the report follows the exercise's order)."""
    import nbformat

    path = course / "source" / exercise / f"{cell.notebook}.ipynb"
    if not path.exists():
        path = course / "solutions" / exercise / f"{cell.notebook}.ipynb"
    if not hasattr(_position, "cache"):
        _position.cache = {}
    if path not in _position.cache:
        ids = []
        if path.exists():
            ids = [c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in nbformat.read(path, 4).cells]
        _position.cache[path] = ids
    ids = _position.cache[path]
    return ids.index(cell.name) if cell.name in ids else len(ids)


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{100 * share:.0f}%"


def _score_sentence(totals: list[float], most: float) -> str:
    if not totals:
        return "No submission has been graded yet."
    full = sum(t >= most for t in totals)
    return (f"{len(totals)} students; median score {statistics.median(totals):g} of {most:g} points "
            f"(lowest {min(totals):g}, highest {max(totals):g}); {full} scored full marks.")


def _figure(totals: list[float], most: float, exercise: str):
    import plotly.graph_objects as go

    counts = Counter(totals)
    xs = sorted(counts)
    fig = go.Figure(go.Bar(x=xs, y=[counts[x] for x in xs], marker_line_width=1, marker_line_color="black",
                           hovertemplate="%{y} students scored %{x} points<extra></extra>"))
    fig.update_layout(title=f"{exercise}: total scores of the class", template="simple_white", height=380,
                      xaxis_title=f"Total score (points, out of {most:g})", yaxis_title="Students (count)",
                      margin=dict(l=60, r=20, t=60, b=60))
    fig.update_xaxes(range=[-0.5, most + 0.5])
    return fig


def build_report(course: Path, exercise: str, db_url: str, out: Path, names: bool = False,
                 autograded_dir: str = "autograded") -> Path:
    """Write the report for ``exercise`` into ``out``; return the path of its index.html."""
    import plotly.offline

    cells, students = collect(course, exercise, db_url, autograded_dir)
    out.mkdir(parents=True, exist_ok=True)
    totals = [total for _, total, _ in students.values()]
    most = max((m for _, _, m in students.values()), default=sum(c.max_score for c in cells))
    with (out / "cells.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["notebook", "cell", "kind", "max_score", "graded", "unmarked", "share_full", "share_zero",
                         "mean_score", "most_common_failure", "failure_count"])
        for c in cells:
            top = c.failures.most_common(1)
            writer.writerow([c.notebook, c.name, c.kind, c.max_score, len(c.scores), c.unmarked,
                             "" if c.full_share is None else round(c.full_share, 4),
                             "" if c.zero_share is None else round(c.zero_share, 4),
                             round(statistics.mean(c.scores), 4) if c.scores else "",
                             top[0][0] if top else "", top[0][1] if top else 0])
    with (out / "scores.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student_id", "score", "max_score"])
        for student, (_, total, maximum) in sorted(students.items()):
            writer.writerow([student, total, maximum])
    (out / "plotly.min.js").write_text(plotly.offline.get_plotlyjs())

    e = html.escape
    rows = "".join(
        f"<tr><th scope='row'>{e(c.name)}</th><td>{e(c.kind)}</td><td>{c.max_score:g}</td><td>{len(c.scores)}</td>"
        f"<td>{_percent(c.full_share)}</td><td>{_percent(c.zero_share)}</td>"
        f"<td>{c.unmarked or ''}</td></tr>" for c in cells)
    failures = "".join(
        f"<h3>{e(c.name)}</h3><p>{sum(c.failures.values())} of {len(c.scores)} graded students failed this cell. "
        f"Most common messages:</p><table><thead><tr><th scope='col'>Students</th><th scope='col'>Message</th>"
        f"</tr></thead><tbody>"
        + "".join(f"<tr><td>{n}</td><td><code>{e(m)}</code></td></tr>" for m, n in c.failures.most_common(MESSAGES_SHOWN))
        + "</tbody></table>" for c in cells if c.failures)
    counts = Counter(totals)
    distribution = "".join(f"<tr><td>{x:g}</td><td>{counts[x]}</td></tr>" for x in sorted(counts))
    sentence = _score_sentence(totals, most)
    figure = _figure(totals, most, exercise).to_html(full_html=False, include_plotlyjs=False,
                                                     config={"displaylogo": False})
    named = ""
    if names:
        named = ("<h2>Students</h2><table><thead><tr><th scope='col'>Student</th><th scope='col'>Id</th>"
                 "<th scope='col'>Score</th></tr></thead><tbody>"
                 + "".join(f"<tr><td>{e(n)}</td><td>{e(s)}</td><td>{t:g} / {m:g}</td></tr>"
                           for s, (n, t, m) in sorted(students.items()))
                 + "</tbody></table>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(exercise)}: item analysis</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="plotly.min.js"></script>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}}
table{{border-collapse:collapse;margin:0.5rem 0 1.5rem}}th,td{{border:1px solid #888;padding:0.25rem 0.5rem;text-align:left}}
code{{white-space:pre-wrap}}</style></head>
<body><main>
<h1>{e(exercise)}: item analysis</h1>
<p>Built from the gradebook and the autograded notebooks by <code>python3 course.py report</code>.
{"Student names and ids are listed at the end (--names)." if names else "No student name or id appears on this page."}</p>
<h2>Scores</h2>
<figure>{figure}
<figcaption>{e(sentence)}</figcaption></figure>
<table><caption>The same distribution as numbers</caption><thead><tr><th scope="col">Total score (points)</th>
<th scope="col">Students</th></tr></thead><tbody>{distribution}</tbody></table>
<h2>Graded cells</h2>
<p>Full marks: the share of graded students who got every point of the cell; none: the share who got
zero. Manual cells count only the students already marked.</p>
<table><thead><tr><th scope="col">Cell</th><th scope="col">Kind</th><th scope="col">Points</th>
<th scope="col">Graded</th><th scope="col">Full marks</th><th scope="col">None</th><th scope="col">Not yet marked</th>
</tr></thead><tbody>{rows}</tbody></table>
<h2>Why autograded cells failed</h2>
{failures or "<p>No autograded cell failed.</p>"}
{named}
</main></body></html>
"""
    index = out / "index.html"
    index.write_text(page)
    return index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 course.py report", description=__doc__.split("\n\n")[0])
    parser.add_argument("exercise", help="the exercise id (its folder in solutions/)")
    parser.add_argument("--names", action="store_true", help="list students' names, ids and scores in the HTML")
    parser.add_argument("--course", default=".", help="the course folder (default: the current folder)")
    parser.add_argument("--out", help="where to write (default: build/reports/EXERCISE in the course folder)")
    args = parser.parse_args(argv)
    from .pool import course_directory, gradebook_url

    course = Path(args.course).resolve()
    coursedir = course_directory(course, [])
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")  # alembic
    from nbgrader.api import MissingEntry

    out = Path(args.out) if args.out else course / "build" / "reports" / args.exercise
    try:
        index = build_report(course, args.exercise, gradebook_url(coursedir.db_url, course), out, args.names,
                             coursedir.autograded_directory)
    except MissingEntry:
        parser.error(f"{args.exercise} is not in the gradebook: generate and autograde it first")
    print(f"[scored] wrote {index} (with cells.csv and scores.csv beside it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
