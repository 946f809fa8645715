"""Rewrite docs/points.md and docs/rubrics.md from the solution notebooks (an author tool).

Run it after changing any exercise's points or mark schemes:

    .venv/bin/python dev/docs_sync.py

tests/test_case_study.py fails while the docs and the notebooks disagree.
"""
import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
rows, rubrics = [], []
for path in sorted((ROOT / "solutions").glob("*/*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    ex = path.parent.name
    questions = []  # (title, kind, points)
    heading = None
    for cell in nb.cells:
        m = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("## ") and not m.get("task"):
                    heading = line[3:].strip()
        if m.get("task"):
            title = next((l[3:].strip() for l in cell.source.splitlines() if l.startswith("## ")), m["grade_id"])
            questions.append((title, "written", m["points"], m["grade_id"]))
            scheme = re.search(r"=== BEGIN MARK SCHEME ===\n(.*?)\n=== END MARK SCHEME ===", cell.source, re.S).group(1)
            prompt = cell.source.split("=== BEGIN MARK SCHEME ===")[0].strip()
            prompt = "\n".join(l for l in prompt.splitlines() if not l.startswith("## "))
            rubrics.append((ex, title, m["points"], m["grade_id"], prompt.strip(), scheme.strip()))
        elif m.get("grade") and not m.get("solution") and cell.cell_type == "code":
            questions.append((heading, "auto", m["points"], m["grade_id"]))
    auto = sum(q[2] for q in questions if q[1] == "auto")
    written = sum(q[2] for q in questions if q[1] == "written")
    rows.append((ex, questions, auto, written))

out = ["# Points", "",
       "Points per exercise and per question, as set in the solution notebooks in `solutions/` (the",
       "source of truth: after changing a notebook run `.venv/bin/python dev/docs_sync.py`; `tests/test_case_study.py`",
       "checks that the totals here match the notebooks). *Auto* points are earned by passing a test cell,",
       "visible and hidden asserts together; *written* points are marked by hand in the formgrader.", "",
       "## Totals", "",
       "| exercise | autograded | written | total | share written |", "|---|---|---|---|---|"]
for ex, _, auto, written in rows:
    out.append(f"| {ex} | {auto:g} | {written:g} | {auto + written:g} | {written / (auto + written):.0%} |")
out += ["", "Exercises differ in size, so convert each to a percentage of its own total before you",
        "combine them (the suggested weighting is in [syllabus.md](syllabus.md#assessment)).", "",
        "## Per question", ""]
for ex, questions, auto, written in rows:
    out += [f"### {ex}", "", "| question | graded | test or task cell | points |", "|---|---|---|---|"]
    for title, kind, pts, gid in questions:
        out.append(f"| {title} | {'autograded' if kind == 'auto' else 'by hand'} | `{gid}` | {pts:g} |")
    out.append("")
(ROOT / "docs" / "points.md").write_text("\n".join(out).rstrip() + "\n")

r = ["# Rubrics", "",
     "Every mark scheme in the course, copied from the task cells of the solution notebooks (the",
     "notebooks are the source of truth; `tests/test_case_study.py` checks that each scheme below",
     "matches its notebook word for word). In the formgrader each scheme is shown above the",
     "student's answer; this page is for planning, moderation and sharing with teaching assistants.", "",
     "## How to mark written answers", "",
     "- **Mark the reasoning, not agreement.** A well-argued answer that reaches a different conclusion",
     "  from the course earns full marks if its facts are right and its argument holds.",
     "- **Facts must be right.** A factual error about a real system (Duolingo, Sesame Credit, the Social",
     "  Credit System) costs the point it supports, whatever the argument's quality. The lessons' Sources",
     "  sections are the reference.",
     "- **Word limits** are guidance: do not deduct for length unless an answer is padded or misses parts.",
     "- **Moderate early.** Mark five scripts, compare with a colleague, agree on borderline cases, then",
     "  mark the rest one question at a time across all students.",
     "- **Comment briefly**: one sentence on what earned the marks and one on what would have earned more.", "",
     ]
for ex, title, pts, gid, prompt, scheme in rubrics:
    r += [f"## {ex} · {title}", "", f"Task cell `{gid}`, {pts:g} points.", "", "**Prompt given to students**", "",
          *[("> " + l) if l.strip() else ">" for l in prompt.splitlines()], "", "**Mark scheme**", "", scheme, ""]
(ROOT / "docs" / "rubrics.md").write_text("\n".join(r).rstrip() + "\n")
print([ (ex, auto, written) for ex, _, auto, written in rows])
