"""Cap each cell's output by characters, so one enormous line cannot make a huge notebook or feedback page
(nbgrader's ``LimitOutput`` counts lines)."""
from __future__ import annotations

import json

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer

from . import limits

__all__ = [
    "LimitOutputChars",
    "cap_outputs",
]


TRUNCATED = "\n... output truncated by the grader: this cell printed more than {limit:,} characters ...\n"


def output_size(output) -> int:
    kind = output.get("output_type")
    if kind == "stream":
        return len(output.get("text", ""))
    if kind == "error":
        return len(output.get("evalue", "")) + sum(len(line) for line in output.get("traceback", []))
    data = output.get("data", {})
    return sum(len(v) if isinstance(v, str) else len(json.dumps(v)) for v in data.values())


def _marker(limit: int) -> NotebookNode:
    return NotebookNode(output_type="stream", name="stderr", text=TRUNCATED.format(limit=limit))


def cap_outputs(outputs: list, limit: int) -> list:
    """The outputs of one cell, cut so that together they hold at most about ``limit`` characters.

    Text streams are cut at the limit and followed by a notice; rich outputs and errors that do
    not fit are dropped whole (an error keeps its name and the start of its message).

    Examples
    --------
    >>> from nbformat.v4 import new_output
    >>> outs = cap_outputs([new_output("stream", name="stdout", text="x" * 1_000)], limit=100)
    >>> len(outs[0].text), "truncated" in outs[-1].text
    (100, True)
    >>> cap_outputs([new_output("stream", name="stdout", text="short")], limit=100)[0].text
    'short'
    """
    if limit < 0:
        return outputs
    kept, used = [], 0
    for output in outputs:
        size = output_size(output)
        if used + size <= limit:
            kept.append(output)
            used += size
            continue
        room = max(0, limit - used)
        if output.get("output_type") == "stream" and room:
            output["text"] = output["text"][:room]
            kept.append(output)
        elif output.get("output_type") == "error":
            output["evalue"] = output.get("evalue", "")[:max(room, 200)]
            output["traceback"] = [line[:2_000] for line in output.get("traceback", [])[-5:]]
            kept.append(output)
        kept.append(_marker(limit))
        break
    return kept


class LimitOutputChars(NbGraderPreprocessor):
    """Cap each code cell's output at ``max_chars`` characters (after nbgrader's line limit)."""

    max_chars = Integer(limits.OUTPUT_CHARS, help="Most characters of output kept per cell (-1: no limit).").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code" and self.max_chars >= 0:
            cell.outputs = cap_outputs(cell.outputs, self.max_chars)
        return cell, resources
