"""nbgrader's ``Execute`` with the kernel isolated, output capped live and a budget for the whole notebook.

The kernel is started through :mod:`grader.sandbox` (an unprivileged account, private
namespaces, resource limits); output is capped while it arrives, so the grader never holds
more than the cap per cell; and a time budget for the whole notebook (``notebook_timeout``)
sits on top of nbgrader's per-cell timeout.
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Enum, Integer, List, Unicode

from . import limits
from .outputs import cap_outputs, output_size
from .startup import kernel_command

__all__ = [
    "IsolatedExecute",
    "SandboxedKernelManager",
    "isolation_status",
]


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


def _exposed_on_purpose(argv: list[str]) -> list[str]:
    """The environment and the packages ``argv`` shows the kernel (``--package NAME``): shown even
    inside a hidden folder. Folders shown with ``--expose`` are not on purpose: they count as leaks."""
    from .sandbox import package_dirs   # here, not at the top: the sandbox needs pwd (POSIX only)

    names = [argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg == "--package"]
    paths = [sys.prefix] + package_dirs(names)
    paths += [os.path.realpath(p) for p in paths]
    return sorted({os.path.normpath(p) for p in paths})


def _probe(argv: list[str], hidden: list[str]) -> tuple[bool, str]:
    """Start the sandbox once with a tiny program; True if it ran unprivileged and saw nothing hidden."""
    command = argv + ["--no-copy-cwd", "--", PYTHON, "-c", _PROBE_CODE, json.dumps(hidden),
                      json.dumps(_exposed_on_purpose(argv))]
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
    fast_start = Bool(True, help="Start the kernel without the imports grading never uses (grader/startup.py).")

    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments=extra_arguments)
        command = kernel_command(command) if self.fast_start else command
        return list(self.launcher) + ["--"] + command if self.launcher else command


BUDGET_ERROR = "NotebookTimeLimit"


def _budget_error(budget: int, when: str) -> NotebookNode:
    """The error output of a cell cut short or skipped because the notebook's time budget ran out."""
    message = (f"the notebook's time budget of {budget} s (all its cells together) was used up {when}; "
               "a test cell that does not finish earns no points. Make the slow cells above faster.")
    return NotebookNode(output_type="error", ename=BUDGET_ERROR, evalue=message,
                        traceback=[f"\x1b[0;31m{BUDGET_ERROR}\x1b[0m: {message}"])


class IsolatedExecute(Execute):
    """nbgrader's ``Execute``, with the kernel isolated by ``grader/sandbox.py`` and output capped live.

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
    sandbox_user = Unicode(limits.SANDBOX_ACCOUNT, help="Unprivileged account the kernel runs as.").tag(config=True)
    memory_limit = Integer(limits.MEMORY_LIMIT, help="Address-space limit of the kernel, bytes.").tag(config=True)
    process_limit = Integer(limits.PROCESS_LIMIT, help="Processes and threads of the sandbox account.").tag(config=True)
    cpu_limit = Integer(limits.CPU_LIMIT, help="CPU seconds per kernel process.").tag(config=True)
    file_size_limit = Integer(limits.FILE_SIZE_LIMIT, help="Largest file the kernel may write, bytes.").tag(config=True)
    tmp_size = Integer(limits.TMP_SIZE, help="Size of the kernel's private /tmp, bytes.").tag(config=True)
    packages = List(Unicode(), list(limits.KERNEL_PACKAGES), help="Packages shown read-only to the kernel.").tag(config=True)
    hidden_paths = List(Unicode(), help="More folders the kernel must not see.").tag(config=True)
    max_output_chars = Integer(limits.OUTPUT_CHARS, help="Output kept per cell while it arrives (-1: all).").tag(config=True)
    notebook_timeout = Integer(limits.NOTEBOOK_TIMEOUT, help="Seconds all code cells of a notebook may run together; once spent, "
                                         "the rest get a NotebookTimeLimit error (-1 or 0: no budget).").tag(config=True)
    sudo = Bool(False, help="Start the sandbox with `sudo -n` (a grader account that is not root).").tag(config=True)
    fast_start = Bool(True, help="Start kernels without the imports grading never uses (grader/startup.py); "
                                 "False starts them as stock nbgrader does.").tag(config=True)
    kernel_start_attempts = Integer(limits.KERNEL_START_ATTEMPTS, help="Kernel starts tried before a notebook fails: "
                                    "a kernel that dies while starting (its port taken meanwhile by another "
                                    "process) is started again with fresh ports.").tag(config=True)
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
        exchange = self.config.get("Exchange", {}).get("root", limits.EXCHANGE_ROOT)
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

    async def async_start_new_kernel_client(self):
        """As nbclient, but a kernel that dies before it is ready is started again, with fresh ports.

        jupyter_client picks a kernel's TCP ports by asking the system for free ones and closing
        them; another process starting a kernel at the same moment (parallel grading) can take
        one before this kernel binds it, and the kernel then exits with "Address already in use".
        """
        for attempt in range(1, max(1, self.kernel_start_attempts) + 1):
            try:
                return await super().async_start_new_kernel_client()
            except RuntimeError as error:  # "Kernel died before replying to kernel_info"
                if attempt >= self.kernel_start_attempts:
                    raise
                self.log.warning("The grading kernel died while starting (%s); starting it again with fresh "
                                 "ports (attempt %d of %d)", error, attempt + 1, self.kernel_start_attempts)
                self.km = self.create_kernel_manager()
                await self.async_start_new_kernel()

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if isinstance(km, SandboxedKernelManager):
            km.launcher = list(self._launcher)
            km.fast_start = self.fast_start
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
            used += output_size(out)
            self._chars[cell_index] = used
            if used > self.max_output_chars:
                outs[:] = cap_outputs(outs, self.max_output_chars)
                self._chars[cell_index] = self.max_output_chars + 1
        return out
