"""Reset every cell's nbgrader metadata to the released version's, so a submission cannot relabel an
answer as a test, award itself points or add grade cells."""
from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor

__all__ = [
    "RestoreCellMetadata",
]


def _flags(meta: dict) -> dict:
    points = meta.get("points")
    return {"grade": bool(meta.get("grade")), "solution": bool(meta.get("solution")), "locked": bool(meta.get("locked")),
            "task": bool(meta.get("task")), "points": None if points in (None, "") else float(points)}


class RestoreCellMetadata(NbGraderPreprocessor):
    """Give every cell of a submission the nbgrader metadata its released version had.

    Stock nbgrader trusts a submission's metadata for which cells are answers, tests and tasks:
    a relabelled answer cell makes that student's autograde fail. Here the gradebook decides:
    a known cell gets its released flags and points back, and a cell the release never had
    (a forged "grade" cell) becomes a plain cell. Runs before ``OverwriteCells``.
    """

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook

        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            source = gb.find_notebook(info["notebook"], info["assignment"])
            cells = {c.name: c for c in source.source_cells}
            grades = {c.name: float(c.max_score) for c in source.grade_cells}
            tasks = {c.name: float(c.max_score) for c in source.task_cells}
            solutions = {c.name for c in source.solution_cells}
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader")
            if meta is None:
                continue
            grade_id = meta.get("grade_id")
            if grade_id not in cells:
                self.log.warning("Cell %r is not in the released notebook: its nbgrader metadata is removed", grade_id)
                del cell.metadata["nbgrader"]
                continue
            released = {"grade_id": grade_id, "grade": grade_id in grades, "solution": grade_id in solutions,
                        "locked": bool(cells[grade_id].locked), "schema_version": 3}
            if grade_id in grades:
                released["points"] = grades[grade_id]
            if grade_id in tasks:
                released["task"], released["points"] = True, tasks[grade_id]
            if _flags(meta) != _flags(released):
                self.log.warning("Cell %r had forged nbgrader metadata %s; restored %s", grade_id, _flags(meta),
                                 _flags(released))
            for key in ("grade", "solution", "locked", "task", "points"):
                meta.pop(key, None)
            meta.update(released)
        return nb, resources
