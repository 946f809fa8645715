"""The grading limits, written once: ``nbgrader_config.py``, :mod:`grader.execute`, the sandbox
launcher and the JupyterHub configuration all read them from here.

Standard library only, and importable on its own (the sandbox launcher runs as a script).
"""

SANDBOX_ACCOUNT = "scored-sandbox"      # the unprivileged account student kernels run as
# Parallel grading (grader/pool.py): each worker's kernels run as an account of its own from this pool,
# because the process limit is per account (one student's fork bomb must not starve another's kernel).
POOL_SIZE = 32                    # the most workers one machine may run at once
SANDBOX_POOL = tuple(f"{SANDBOX_ACCOUNT}-{k}" for k in range(1, POOL_SIZE + 1))
LEASE_DIR = "/tmp/scored-sandbox-leases"  # one lock file per pool account: a running grader holds it
KERNEL_START_ATTEMPTS = 3         # a grading kernel that dies while starting (a port taken meanwhile) is started again
EXCHANGE_ROOT = "/srv/nbgrader/exchange"  # nbgrader's exchange on a shared server

CELL_TIMEOUT = 60                 # seconds one cell may run
IOPUB_TIMEOUT = 30                # seconds to receive a finished cell's output (nbgrader: 4; then the notebook fails)
NOTEBOOK_TIMEOUT = 600            # seconds all code cells of one notebook may run together
MEMORY_LIMIT = 2 * 1024**3        # bytes of address space for the kernel
PROCESS_LIMIT = 64                # processes and threads of the sandbox account
CPU_LIMIT = 600                   # CPU seconds per kernel process
FILE_SIZE_LIMIT = 100 * 1024**2   # bytes: the largest file the kernel may write
TMP_SIZE = 512 * 1024**2          # bytes: the kernel's private /tmp
OUTPUT_CHARS = 100_000            # characters of output kept per cell
OUTPUT_LINES = 1000               # lines of output kept per cell (nbgrader's LimitOutput)
TRACEBACK_LINES = 100             # lines of a traceback kept per cell
LATE_FRACTION_PER_DAY = 0.10      # share of the score lost per started day late

# The packages a student kernel may see, read-only. ``grader`` is never among them.
KERNEL_PACKAGES = ("utils",)
