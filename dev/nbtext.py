#!/usr/bin/env python3
"""Write course notebooks as plain text and back: a tool for authors, not learners.

The committed ``.ipynb`` files are the source of truth. This tool turns a notebook into
a short text file that is easy to edit in any editor (or write from scratch), and turns
that text back into a clean notebook: no outputs, no execution counts, kernel
``python3``, and nbgrader metadata written from a one-line cell header.

    python3 dev/nbtext.py to-text solutions/ex01_schedules/ex01_schedules.ipynb > /tmp/ex01.txt
    python3 dev/nbtext.py to-notebook /tmp/ex01.txt solutions/ex01_schedules/ex01_schedules.ipynb

Text format: each cell starts with a header line ``<<< KIND [ROLE] [id=ID] [points=N]``.
KIND is ``markdown`` or ``code``. ROLE is one of the nbgrader roles:

    solution  autograded answer (code the learner writes; solution region removed on release)
    tests     autograded tests, read-only, worth ``points``
    task      manually graded task (prompt and mark scheme, read-only), worth ``points``
    answer    manually graded answer (a cell the learner writes in), worth ``points``
    readonly  locked cell without grading (setup code, instructions)

Cells with a role need ``id=`` (nbgrader's grade_id). Everything up to the next header
is the cell's source; blank lines at the cell's end are dropped.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HEADER = re.compile(r"^<<< (markdown|code)((?: [a-z]+(?:=\S+)?)*)\s*$")
ROLES = {
    "solution": {"solution": True, "grade": False, "locked": False},
    "tests": {"solution": False, "grade": True, "locked": True},
    "task": {"solution": False, "grade": False, "locked": True, "task": True},
    "answer": {"solution": True, "grade": True, "locked": False},
    "readonly": {"solution": False, "grade": False, "locked": True},
}
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python", "pygments_lexer": "ipython3"}


def parse_text(text: str) -> list[dict]:
    """Cells (kind, source, nbgrader metadata or None) from the text format."""
    cells: list[dict] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = HEADER.match(line)
        if match:
            kind, rest = match.group(1), match.group(2).split()
            options = dict(word.split("=", 1) if "=" in word else (word, "") for word in rest)
            roles = [word for word in options if word in ROLES]
            unknown = [w for w in options if w not in ROLES and w not in ("id", "points")]
            if unknown or len(roles) > 1:
                raise SystemExit(f"line {number}: cannot read cell header {line!r}")
            cells.append({"kind": kind, "lines": [], "meta": _nbgrader_meta(roles, options, number)})
        elif cells:
            cells[-1]["lines"].append(line)
        elif line.strip():
            raise SystemExit(f"line {number}: text before the first '<<< ' cell header")
    for cell in cells:
        while cell["lines"] and not cell["lines"][-1].strip():
            cell["lines"].pop()
        cell["source"] = "\n".join(cell.pop("lines"))
    return cells


def _nbgrader_meta(roles: list[str], options: dict, number: int) -> dict | None:
    if not roles:
        return None
    role = roles[0]
    if "id" not in options:
        raise SystemExit(f"line {number}: a {role} cell needs id=...")
    meta = dict(ROLES[role], grade_id=options["id"], schema_version=3)
    if meta["grade"] or meta.get("task"):
        if "points" not in options:
            raise SystemExit(f"line {number}: a {role} cell needs points=N")
        meta["points"] = float(options["points"]) if "." in options["points"] else int(options["points"])
    return meta


def to_notebook(cells: list[dict]) -> dict:
    """A clean nbformat-4 notebook dict from parsed cells."""
    out = []
    for cell in cells:
        node = {"cell_type": cell["kind"], "metadata": {}, "source": cell["source"]}
        if cell["meta"]:
            node["metadata"]["nbgrader"] = cell["meta"]
            node["metadata"]["editable"] = not cell["meta"]["locked"]
            node["metadata"]["deletable"] = not cell["meta"]["locked"]
        if cell["kind"] == "code":
            node.update(execution_count=None, outputs=[])
        out.append(node)
    _add_cell_ids(out)
    return {"cells": out, "metadata": {"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO},
            "nbformat": 4, "nbformat_minor": 5}


def _add_cell_ids(cells: list[dict]) -> None:
    for index, node in enumerate(cells):
        grade_id = node["metadata"].get("nbgrader", {}).get("grade_id")
        node["id"] = re.sub(r"[^A-Za-z0-9_-]", "-", grade_id or f"cell-{index:03d}")[:64]


def to_text(notebook: dict) -> str:
    """The text format for a notebook (outputs dropped)."""
    chunks = []
    for cell in notebook["cells"]:
        header = f"<<< {cell['cell_type']}"
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta:
            role = next((r for r, flags in ROLES.items()
                         if all(meta.get(k, False) == v for k, v in flags.items())
                         and bool(meta.get("task")) == bool(flags.get("task"))), None)
            if role is None:
                raise SystemExit(f"cell {meta.get('grade_id')!r} has nbgrader flags this tool cannot name")
            header += f" {role} id={meta['grade_id']}"
            if "points" in meta and (meta.get("grade") or meta.get("task")):
                header += f" points={meta['points']:g}"
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        chunks.append(f"{header}\n{source}\n")
    return "\n".join(chunks)


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "to-text":
        sys.stdout.write(to_text(json.loads(Path(argv[1]).read_text())))
        return 0
    if len(argv) == 3 and argv[0] == "to-notebook":
        notebook = to_notebook(parse_text(Path(argv[1]).read_text()))
        Path(argv[2]).parent.mkdir(parents=True, exist_ok=True)
        Path(argv[2]).write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
