"""Remove hidden tests and mark schemes from feedback pages (stock nbgrader restores both into the
autograded notebook, so both reached students' feedback)."""
from __future__ import annotations

import re

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

__all__ = [
    "HideFromFeedback",
    "hide_regions",
]


HIDDEN_TESTS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")


MARK_SCHEME = ("=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ===")


def hide_regions(source: str, begin: str, end: str, notice: str) -> str:
    r"""``source`` with every ``begin`` ... ``end`` region replaced by one ``notice`` line.

    An unclosed region is hidden to the end of the cell.

    Examples
    --------
    >>> hide_regions("a\n### BEGIN HIDDEN TESTS\nsecret\n### END HIDDEN TESTS\nb", *HIDDEN_TESTS, "# (hidden)")
    'a\n# (hidden)\nb'
    """
    kept, hiding = [], False
    for line in source.splitlines():
        if not hiding and line.strip() == begin:
            hiding = True
            kept.append(notice)
        elif hiding and line.strip() == end:
            hiding = False
        elif not hiding:
            kept.append(line)
    return "\n".join(kept)


ANSI = re.compile(r"\x1b\[[0-9;]*m")


TRACEBACK_LINE = re.compile(r"^(\s*(?:-+>)?\s*\d+\s)(.*)$")


def _region_lines(source: str, begin: str, end: str) -> set[str]:
    """Stripped lines inside ``begin`` ... ``end`` regions, the markers included."""
    lines, inside = {begin, end}, False
    for line in source.splitlines():
        if line.strip() == begin:
            inside = True
        elif line.strip() == end:
            inside = False
        elif inside and line.strip():
            lines.add(line.strip())
    return lines


def _scrub_traceback(entry: str, hidden: set[str]) -> str:
    """A traceback frame with the source lines of hidden tests replaced by "(hidden)"."""
    out = []
    for line in entry.split("\n"):
        match = TRACEBACK_LINE.match(ANSI.sub("", line))
        if match and match.group(2).strip() in hidden:
            line = match.group(1) + "(hidden)"
        out.append(line)
    return "\n".join(out)


class HideFromFeedback(NbGraderPreprocessor):
    """Feedback shows results, not the hidden tests' code or the instructors' mark schemes.

    Only released test and task cells are touched (their metadata was restored from the
    gradebook during autograding). Tracebacks keep the failing visible assertion and its
    message; lines of hidden tests in them read "(hidden)".
    """

    hidden_tests_notice = Unicode("# (hidden tests ran here; they are not shown)").tag(config=True)
    mark_scheme_notice = Unicode("*(The mark scheme is not shown.)*").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            hidden = _region_lines(cell.source, *HIDDEN_TESTS)
            cell.source = hide_regions(cell.source, *HIDDEN_TESTS, self.hidden_tests_notice)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and hidden:
                    output["traceback"] = [_scrub_traceback(entry, hidden) for entry in output["traceback"]]
        if meta.get("task"):
            cell.source = hide_regions(cell.source, *MARK_SCHEME, self.mark_scheme_notice)
        return cell, resources
