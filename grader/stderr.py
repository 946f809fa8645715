"""Warnings are not failures: stderr output of a graded test cell is shown, labelled, and not counted.

Stock nbgrader (``nbgrader.utils.determine_grade``) scores a test cell 0 when its outputs hold an
error *or any text on stderr*. A correct answer that triggers a harmless warning (numpy's
``RuntimeWarning`` for a 0/0 that ``np.where`` then discards, a ``DeprecationWarning`` from a
library, a debugging ``print(..., file=sys.stderr)``) then loses the whole question. The course's
rule is that a test cell fails only on an exception.

:class:`StderrNotCounted` runs during autograding just before nbgrader's ``SaveAutoGrades`` and
turns each stderr stream of an autograded test cell into a plain-text display that starts with
a label saying it was not counted. nbgrader's own scoring is left as it is: an error output still
scores the cell 0, and a numeric result still gives partial credit. The feedback shows the
warning, under its label.
"""
from __future__ import annotations

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

__all__ = [
    "StderrNotCounted",
    "relabel_stderr",
]


LABEL = ("[Printed to stderr by this cell (warnings, messages). Not counted: "
         "a test cell loses its points only when it raises an error.]\n")


def relabel_stderr(outputs: list, label: str = LABEL) -> list:
    """The outputs of one cell with every stderr stream turned into a labelled plain-text display.

    Parameters
    ----------
    outputs : list
        The cell's nbformat outputs.
    label : str
        The line put before the stderr text.

    Returns
    -------
    list
        New list: stderr streams replaced by ``display_data`` outputs whose ``text/plain`` is
        ``label`` followed by the text; every other output (stdout, errors, results) unchanged.

    Examples
    --------
    >>> from nbformat.v4 import new_output
    >>> outs = relabel_stderr([new_output("stream", name="stderr", text="RuntimeWarning: 0/0\\n"),
    ...                        new_output("stream", name="stdout", text="hello\\n")], label="[not counted]\\n")
    >>> [o.output_type for o in outs]
    ['display_data', 'stream']
    >>> outs[0].data["text/plain"]
    '[not counted]\\nRuntimeWarning: 0/0\\n'
    """
    if not isinstance(label, str):
        raise TypeError(f"label must be a str, got {type(label).__name__}")
    relabelled = []
    for output in outputs:
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            output = NotebookNode(output_type="display_data", metadata={},
                                  data={"text/plain": label + output.get("text", "")})
        relabelled.append(output)
    return relabelled


class StderrNotCounted(NbGraderPreprocessor):
    """Autograding: stderr of graded test cells is shown under a label and does not cost points.

    Put it after the output limits and before ``nbgrader.preprocessors.SaveAutoGrades``. Answer
    cells and ungraded cells are left alone (nbgrader does not score their outputs).
    """

    label = Unicode(LABEL, help="Line shown above stderr text that was not counted.").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            cell.outputs = relabel_stderr(cell.get("outputs", []), self.label)
        return cell, resources
