"""A kernel never outlives its grader: kill the grader outright and the sandboxed kernel goes too.

The launcher (grader/sandbox.py) watches the process that started it; this test starts the
launcher from a stand-in grader, kills that stand-in with SIGKILL (it gets no chance to stop its
kernel), and checks that the sandbox account runs nothing a few seconds later. Root on Linux only,
as grading is isolated there (CI runs as root).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from support import ROOT, isolation_available, sandbox_processes, sandbox_processes_after

ACCOUNT = "scored-sandbox-orphans"
GRADER = """
import subprocess, sys, time
subprocess.Popen([sys.executable, {script!r}, "--user", {account!r}, "--no-copy-cwd", "--",
                  sys.executable, "-c", "import time; time.sleep(600)"])
time.sleep(600)
"""

pytestmark = pytest.mark.skipif(not isolation_available(), reason="kernels are isolated only as root on Linux")


def test_the_kernel_dies_with_its_grader():
    grader = subprocess.Popen([sys.executable, "-c", GRADER.format(script=str(ROOT / "grader" / "sandbox.py"),
                                                                   account=ACCOUNT)])
    try:
        deadline = time.monotonic() + 60
        while not sandbox_processes(ACCOUNT) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert sandbox_processes(ACCOUNT), "the sandboxed stand-in kernel never started"
    finally:
        os.kill(grader.pid, signal.SIGKILL)
        grader.wait()
    left = sandbox_processes_after(15, ACCOUNT)
    assert not left, f"the sandboxed kernel outlived its grader (processes {left} of {ACCOUNT} still run)"
