"""Grading policy and grading safety, as nbgrader plugins and preprocessors.

* ``LatePenaltyPerDay``: the course's late-submission policy.
* ``LimitOutputChars``: caps each cell's output by characters, so one enormous line cannot
  make a 100 MB autograded notebook or feedback page (nbgrader's ``LimitOutput`` counts lines).
* ``RestoreCellMetadata``: resets every cell's nbgrader metadata to the released version's,
  so a submission cannot relabel an answer as a test, award itself points or add grade cells.
* ``HideFromFeedback``: removes hidden tests and mark schemes from feedback pages (stock
  nbgrader restores both into the autograded notebook, so both reached students' feedback).
* ``IsolatedExecute``: nbgrader's ``Execute`` with the kernel started through
  ``utils/sandbox.py`` (an unprivileged account, private namespaces, resource limits) and
  output capped while it arrives, so the grader never holds more than the cap per cell, and a
  time budget for the whole notebook (``notebook_timeout``) on top of nbgrader's per-cell timeout.

Imported by nbgrader only (``nbgrader_config.py``), never by the lessons.
"""
from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbformat.notebooknode import NotebookNode
from nbgrader.plugins import LateSubmissionPlugin
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Bool, Enum, Float, Integer, List, Unicode

__all__ = ["IsolatedExecute", "LatePenaltyPerDay", "LimitOutputChars", "RestoreCellMetadata", "SandboxedKernelManager",
           "HideFromFeedback", "cap_outputs", "hide_regions", "isolation_status", "late_penalty"]

SECONDS_PER_DAY = 86_400


def late_penalty(score: float, seconds_late: float, fraction_per_day: float = 0.10) -> float:
    """Points taken off a notebook handed in ``seconds_late`` seconds after the deadline.

    Each started day late costs ``fraction_per_day`` of the notebook's score, up to all of it.

    Parameters
    ----------
    score : float
        The notebook's score before the penalty, at least 0.
    seconds_late : float
        How late it was handed in, at least 0.
    fraction_per_day : float
        Share of the score lost per started day, in [0, 1].

    Returns
    -------
    float
        The penalty, between 0 and ``score``.

    Examples
    --------
    >>> late_penalty(10.0, 0)
    0.0
    >>> late_penalty(10.0, 3600)        # one hour late: one started day
    1.0
    >>> late_penalty(10.0, 30 * 86400)  # a month late: everything
    10.0
    """
    if score < 0:
        raise ValueError(f"score must be at least 0, got {score!r}")
    if seconds_late < 0:
        raise ValueError(f"seconds_late must be at least 0, got {seconds_late!r}")
    if not 0 <= fraction_per_day <= 1:
        raise ValueError(f"fraction_per_day must be in [0, 1], got {fraction_per_day!r}")
    days = math.ceil(seconds_late / SECONDS_PER_DAY)
    return float(min(score, score * fraction_per_day * days))


class LatePenaltyPerDay(LateSubmissionPlugin):
    """nbgrader plugin: lose ``fraction_per_day`` of the score per started day late."""

    fraction_per_day = Float(0.10, help="Share of the score lost per started day late.").tag(config=True)

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        return late_penalty(score, total_seconds_late, self.fraction_per_day)


# --- output caps -----------------------------------------------------------------------------

TRUNCATED = "\n... output truncated by the grader: this cell printed more than {limit:,} characters ...\n"


def _output_size(output) -> int:
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
        size = _output_size(output)
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

    max_chars = Integer(100_000, help="Most characters of output kept per cell (-1: no limit).").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code" and self.max_chars >= 0:
            cell.outputs = cap_outputs(cell.outputs, self.max_chars)
        return cell, resources


# --- cell metadata a student cannot forge -----------------------------------------------------

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


# --- what feedback must not show ---------------------------------------------------------------

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


# --- an isolated autograding kernel ------------------------------------------------------------

SANDBOX_SCRIPT = Path(__file__).resolve().with_name("sandbox.py")
PYTHON = os.path.abspath(sys.executable)
_PROBES: dict[tuple, tuple[bool, str]] = {}
_LOGGED: set = set()
# A hidden folder leaks if the sandbox shows anything in it beyond the bare path to a folder it
# exposes on purpose: the course's environment and packages often live inside the course folder
# (.venv/ and utils/ of a clone), and the sandbox shows just those, never solutions/ or the gradebook.
_PROBE_CODE = """
import json, os, sys
hidden, allowed = json.loads(sys.argv[1]), json.loads(sys.argv[2])
def leaks(path):
    if not os.path.lexists(path) or any(path == a or path.startswith(a + os.sep) for a in allowed):
        return False
    if os.path.islink(path) or not os.path.isdir(path):
        return True
    for entry in os.listdir(path):
        full = os.path.join(path, entry)
        if not any(a == full or a.startswith(full + os.sep) for a in allowed) or leaks(full):
            return True
    return False
import ipykernel
print(json.dumps({"uid": os.getuid(), "seen": [p for p in hidden if leaks(p)]}))
"""


def _exposed_on_purpose() -> list[str]:
    """The environment and the course packages: shown to the kernel even inside a hidden folder."""
    paths = [sys.prefix, os.path.realpath(sys.prefix), str(Path(__file__).resolve().parent)]
    return sorted({os.path.normpath(p) for p in paths})


def _probe(argv: list[str], hidden: list[str]) -> tuple[bool, str]:
    """Start the sandbox once with a tiny program; True if it ran unprivileged and saw nothing hidden."""
    command = argv + ["--no-copy-cwd", "--", PYTHON, "-c", _PROBE_CODE, json.dumps(hidden),
                      json.dumps(_exposed_on_purpose())]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as error:
        return False, f"the sandbox did not start ({error})"
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return False, lines[-1] if lines else f"the sandbox exited {done.returncode}"
    try:
        report = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return False, f"unexpected sandbox output: {done.stdout[-200:]!r}"
    if report["uid"] == 0:
        return False, "the sandboxed program ran as root"
    if report["seen"]:
        return False, f"the sandboxed program could see {report['seen']}"
    return True, "ok"


def isolation_status(argv: list[str], hidden: list[str]) -> tuple[bool, str]:
    """Whether ``argv`` (the sandbox launcher and its options) isolates a kernel here; cached per process."""
    if os.name != "posix" or not sys.platform.startswith("linux"):
        return False, "kernel isolation needs Linux"
    if os.geteuid() != 0 and argv[:1] != ["sudo"]:
        return False, ("kernel isolation needs root, or IsolatedExecute.sudo with the sudoers rule in "
                       "deploy/README.md (to switch to the sandbox account and build its namespaces)")
    key = (tuple(argv), tuple(hidden))
    if key not in _PROBES:
        _PROBES[key] = _probe(argv, hidden)
    return _PROBES[key]


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel's command behind ``launcher`` (an argv prefix)."""

    launcher = List(Unicode(), help="Command put in front of the kernel's command.")

    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments=extra_arguments)
        return list(self.launcher) + ["--"] + command if self.launcher else command


BUDGET_ERROR = "NotebookTimeLimit"


def _budget_error(budget: int, when: str) -> NotebookNode:
    """The error output of a cell cut short or skipped because the notebook's time budget ran out."""
    message = (f"the notebook's time budget of {budget} s (all its cells together) was used up {when}; "
               "a test cell that does not finish earns no points. Make the slow cells above faster.")
    return NotebookNode(output_type="error", ename=BUDGET_ERROR, evalue=message,
                        traceback=[f"\x1b[0;31m{BUDGET_ERROR}\x1b[0m: {message}"])


class IsolatedExecute(Execute):
    """nbgrader's ``Execute``, with the kernel isolated by ``utils/sandbox.py`` and output capped live.

    ``isolation``: ``auto`` isolates where it can (root on Linux) and otherwise logs a warning and
    applies only the resource limits; ``required`` refuses to autograde unisolated; ``off`` runs
    the stock kernel.

    ``notebook_timeout``: seconds all the code cells of one notebook may run together, counted from
    the first cell (kernel start-up excluded). Each cell's own timeout is cut to the budget left;
    once it is spent, the remaining code cells are not run and each gets a ``NotebookTimeLimit``
    error output, so that nbgrader scores every skipped test cell 0 (a test cell without an error
    output counts as passed).
    """

    isolation = Enum(["auto", "required", "off"], "auto", help="Kernel isolation policy.").tag(config=True)
    sandbox_user = Unicode("scored-sandbox", help="Unprivileged account the kernel runs as.").tag(config=True)
    memory_limit = Integer(2 * 1024**3, help="Address-space limit of the kernel, bytes.").tag(config=True)
    process_limit = Integer(64, help="Processes and threads of the sandbox account.").tag(config=True)
    cpu_limit = Integer(600, help="CPU seconds per kernel process.").tag(config=True)
    file_size_limit = Integer(100 * 1024**2, help="Largest file the kernel may write, bytes.").tag(config=True)
    tmp_size = Integer(512 * 1024**2, help="Size of the kernel's private /tmp, bytes.").tag(config=True)
    packages = List(Unicode(), ["utils"], help="Packages shown read-only to the kernel.").tag(config=True)
    hidden_paths = List(Unicode(), help="More folders the kernel must not see.").tag(config=True)
    max_output_chars = Integer(100_000, help="Output kept per cell while it arrives (-1: all).").tag(config=True)
    notebook_timeout = Integer(600, help="Seconds all code cells of a notebook may run together; once spent, "
                                         "the rest get a NotebookTimeLimit error (-1 or 0: no budget).").tag(config=True)
    sudo = Bool(False, help="Start the sandbox with `sudo -n` (a grader account that is not root).").tag(config=True)
    kept_env = List(Unicode(), ["LANG", "LC_ALL", "LC_CTYPE", "TZ", "NBGRADER_EXECUTION", "OPENBLAS_CORETYPE",
                                "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"],
                    help="Variables passed on explicitly when sudo resets the environment.").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)
        self._launcher: list[str] = []
        self._chars: dict[int, int] = {}
        self._deadline: float | None = None  # time.monotonic() when the budget runs out
        self._cut_by_budget = False  # the running cell's timeout is the budget left, not Execute.timeout
        self._skipped = 0

    def _hidden(self, resources) -> list[str]:
        hidden = [os.getcwd()]
        root = self.config.get("CourseDirectory", {}).get("root")
        if root:
            hidden.append(str(root))
        exchange = self.config.get("Exchange", {}).get("root", "/srv/nbgrader/exchange")
        hidden.append(str(exchange))
        db_url = (resources or {}).get("nbgrader", {}).get("db_url", "")
        if db_url.startswith("sqlite:///"):
            hidden.append(os.path.dirname(os.path.abspath(db_url[len("sqlite:///"):])))
        return sorted({os.path.abspath(p) for p in hidden + list(self.hidden_paths)})

    def _limits(self) -> list[str]:
        return ["--memory", str(self.memory_limit), "--processes", str(self.process_limit),
                "--cpu", str(self.cpu_limit), "--file-size", str(self.file_size_limit)]

    def choose_launcher(self, resources) -> list[str]:
        """The argv prefix for this run's kernel, after checking that isolation works here."""
        if self.isolation == "off" or os.name != "posix":
            return []
        hidden = self._hidden(resources)
        argv = [PYTHON, str(SANDBOX_SCRIPT), "--user", self.sandbox_user, "--tmp-size", str(self.tmp_size)]
        argv += self._limits()
        if self.sudo:
            argv = ["sudo", "-n"] + argv
            argv += [f"--setenv={name}={os.environ[name]}" for name in self.kept_env if name in os.environ]
        for package in self.packages:
            argv += ["--package", package]
        for path in hidden:
            argv += ["--hide", path]
        ok, reason = isolation_status(argv, hidden)
        key = (tuple(argv), ok)
        first, _ = key not in _LOGGED, _LOGGED.add(key)
        if ok:
            if first:
                self.log.info("Autograding kernel isolated: runs as %r in private namespaces; it cannot see %s; "
                              "limits: %s", self.sandbox_user, ", ".join(hidden), " ".join(self._limits()))
            return argv
        if self.isolation == "required":
            raise RuntimeError(f"Kernel isolation is required but unavailable: {reason}")
        if first:
            self.log.warning("Autograding kernel NOT isolated (%s): student code runs as this account and can "
                             "read the course folder; only memory, CPU and file-size limits apply. "
                             "See deploy/README.md, 'Grading safety'.", reason)
        return [PYTHON, str(SANDBOX_SCRIPT), "--limits-only"] + self._limits()

    def preprocess(self, nb, resources=None, km=None):
        self._launcher = self.choose_launcher(resources)
        self._chars = {}
        self._deadline, self._cut_by_budget, self._skipped = None, False, 0
        started = time.perf_counter()
        try:
            return super().preprocess(nb, resources, km=km)
        finally:
            name = (resources or {}).get("unique_key", "notebook")
            if self._skipped:
                self.log.warning("Time budget of %d s used up in %s: %d code cell(s) not run, each scored as "
                                 "an error", self.notebook_timeout, name, self._skipped)
            self.log.info("Executed %s in %.1f s", name, time.perf_counter() - started)

    def preprocess_cell(self, cell, resources, index):
        """Run one cell, or, once the notebook's time budget is spent, mark it with an error instead."""
        if self.notebook_timeout > 0 and self._deadline is None:  # the first cell: the kernel is ready
            self._deadline = time.monotonic() + self.notebook_timeout
        runs = cell.cell_type == "code" and cell.source.strip()
        if runs and self._deadline is not None and time.monotonic() >= self._deadline:
            self._check_assign_resources(resources)
            cell.outputs = [_budget_error(self.notebook_timeout, "before this cell ran, so it was not run")]
            cell.execution_count = None
            self._skipped += 1
            return cell, self.resources
        return super().preprocess_cell(cell, resources, index)

    def _get_timeout(self, cell):
        """A cell's timeout: ``Execute.timeout``, cut to what is left of the notebook's budget."""
        timeout = super()._get_timeout(cell)
        self._cut_by_budget = False
        if cell is None or self._deadline is None:
            return timeout
        left = max(1, math.ceil(self._deadline - time.monotonic()))
        if timeout is None or left < timeout:
            self._cut_by_budget = True
            return left
        return timeout

    async def _async_handle_timeout(self, timeout, cell=None):
        """As nbclient (interrupt the kernel), but a cell stopped by the budget says so in its error."""
        reply = await super()._async_handle_timeout(timeout, cell)
        if reply is not None and self._cut_by_budget:
            error = _budget_error(self.notebook_timeout, "while this cell ran, so it was stopped")
            reply = {"content": {"status": "error", "ename": error.ename, "evalue": error.evalue,
                                 "traceback": list(error.traceback)}}
        return reply

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if isinstance(km, SandboxedKernelManager):
            km.launcher = list(self._launcher)
        return km

    def output(self, outs, msg, display_id, cell_index):
        """Keep at most ``max_output_chars`` of a cell's output as it arrives; drop the rest."""
        if self.max_output_chars < 0:
            return super().output(outs, msg, display_id, cell_index)
        used = self._chars.get(cell_index, 0)
        if used > self.max_output_chars:
            return None
        out = super().output(outs, msg, display_id, cell_index)
        if out is not None:
            used += _output_size(out)
            self._chars[cell_index] = used
            if used > self.max_output_chars:
                outs[:] = cap_outputs(outs, self.max_output_chars)
                self._chars[cell_index] = self.max_output_chars + 1
        return out
