#!/usr/bin/env python3
"""Set up and run the Scored course with nothing but Python 3.10+.

    python3 course.py lab [ARGS]     set up, then open lesson 00 in JupyterLab (ARGS go to JupyterLab)
    python3 course.py test [ARGS]    set up, then run the whole test suite (ARGS go to pytest)
    python3 course.py test --fast    the fast tier for everyday work: unit tests and doctests (under a minute)
    python3 course.py site [--fresh] build the course website into build/site/ (offline; lessons run once, cached)
    python3 course.py generate       regenerate exercises/ from solutions/ with nbgrader
    python3 course.py nbgrader ARGS  run any nbgrader command inside the course environment

Set-up creates a virtual environment in ``.venv`` when it is missing and installs
the course into it. A stamp file remembers what was installed, so a second run
skips the install and starts at once. Every command runs with the environment's
``bin/`` first on PATH, because nbgrader calls ``alembic`` by its bare name.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".scored-installed"
FIRST_LESSON = "lessons/00_welcome.ipynb"
# JupyterLab opens here, and prints this address with its token, so a learner lands on lesson 00.
LAB_DEFAULT_URL = f"/lab/tree/{FIRST_LESSON}"
# The course's JupyterLab settings (no news prompt, no update check): set-up copies them to where
# JupyterLab reads its defaults inside the environment; a learner's own settings still win.
LAB_SETTINGS = ROOT / "jupyterlab-settings" / "overrides.json"
EXTRAS = {"lab": "", "generate": "", "nbgrader": "", "site": "[site]", "test": "[test,browser,hub,site]"}
NODE = VENV / "node"
PROXY = NODE / "node_modules" / ".bin" / "configurable-http-proxy"
AXE = NODE / "node_modules" / "axe-core" / "axe.min.js"


def say(message: str) -> None:
    print(f"[scored] {message}", flush=True)


def course_env() -> dict[str, str]:
    """The environment every course command runs in: the venv's bin/ first on PATH."""
    env = dict(os.environ)
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    env["VIRTUAL_ENV"] = str(VENV)
    env.pop("PYTHONHOME", None)
    return env


def run(args: list[str], **kwargs) -> int:
    return subprocess.call([str(a) for a in args], env=course_env(), **kwargs)


def setup(extras: str) -> None:
    """Create .venv if missing and install the course (and ``extras``) unless already done."""
    if sys.version_info < (3, 10):
        sys.exit(f"Scored needs Python 3.10 or newer; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        say(f"creating a virtual environment in {VENV.relative_to(ROOT)}/")
        import venv

        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    # One stamp per install: the hash of pyproject.toml and the extras installed with it. The plain
    # course (no extras) is part of every install, so `lab` after `test` installs nothing.
    project = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    wanted = f"{project}{extras}"
    installed = STAMP.read_text().split() if STAMP.exists() else []
    if wanted in installed or (not extras and any(s.startswith(project) for s in installed)):
        return
    say(f"installing the course{' with ' + extras if extras else ''} (first run only; a few minutes)")
    pip = [PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    if run(pip + ["-e", f"{ROOT}{extras}"]) != 0:
        sys.exit("[scored] pip install failed: read the message above, fix it, and run the command again.")
    # A kernel named python3 inside the environment, so notebooks and nbgrader find it.
    run([PYTHON, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3",
         "--display-name", "Python 3 (Scored)"], stdout=subprocess.DEVNULL)
    STAMP.write_text(" ".join(installed + [wanted]))


def install_lab_settings() -> None:
    """Copy the course's JupyterLab defaults into the environment (share/jupyter/lab/settings/)."""
    target = VENV / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    wanted = LAB_SETTINGS.read_bytes()
    if not target.exists() or target.read_bytes() != wanted:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(wanted)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the child gets SIGTERM if this script dies, even by SIGKILL (PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def run_forwarding_signals(args: list, **kwargs) -> int:
    """Run a long-lived command; SIGTERM, SIGINT or SIGHUP to this script stops it too.

    The first signal asks the command to stop (SIGTERM: JupyterLab then shuts its kernels down);
    a second one kills it. Returns the command's exit code (128 + signal number if a signal ended it).
    """
    preexec = _die_with_parent if sys.platform.startswith("linux") else None
    proc = subprocess.Popen([str(a) for a in args], env=course_env(), preexec_fn=preexec, **kwargs)
    received = []

    def forward(signum, frame):
        received.append(signum)
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM if len(received) == 1 else signal.SIGKILL)

    names = ("SIGTERM", "SIGINT", "SIGHUP")
    previous = {sig: signal.signal(sig, forward) for sig in (getattr(signal, n) for n in names if hasattr(signal, n))}
    try:
        code = proc.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if proc.poll() is None:  # only if wait() itself failed
            proc.kill()
    return 128 - code if code < 0 else code


def lab(args: list[str]) -> int:
    setup(EXTRAS["lab"])
    install_lab_settings()
    cmd = [BIN / "jupyter", "lab", "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={ROOT}",
           f"--LabApp.default_url={LAB_DEFAULT_URL}", "--LabApp.news_url=None"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    say(f"opening {FIRST_LESSON} in JupyterLab on 127.0.0.1 with a token; if no browser opens, copy the full "
        f"http://127.0.0.1:PORT{LAB_DEFAULT_URL}?token=... address that JupyterLab prints. Ctrl-C stops it.")
    return run_forwarding_signals(cmd + args, cwd=ROOT)


def ci_apt_install(packages: list[str], why: str) -> None:
    """Under CI only, install Debian packages that the tests need (CI machines start bare)."""
    if not os.environ.get("CI") or shutil.which("apt-get") is None:
        return
    say(f"CI: installing {' '.join(packages)} from Debian's packages for {why}")
    sudo = [] if os.geteuid() == 0 or shutil.which("sudo") is None else ["sudo"]
    quiet = {"stdout": subprocess.DEVNULL}
    subprocess.call(sudo + ["apt-get", "update", "-qq"], **quiet)
    subprocess.call(sudo + ["apt-get", "install", "-y", "-qq"] + packages, **quiet)


def ensure_browser() -> None:
    """Chromium for the browser tests: skipped locally without it, installed under CI.

    The tests drive /usr/bin/chromium (tests/browser_support.py).
    """
    if not Path("/usr/bin/chromium").exists():
        ci_apt_install(["chromium", "fonts-dejavu-core"], "the browser tests")


# npm packages the tests need, installed into .venv/node/ on the first run: JupyterHub's proxy for the
# hub test, axe-core (the accessibility engine the site test injects into every page).
NODE_PACKAGES = {PROXY: "configurable-http-proxy@5", AXE: "axe-core@4"}


def ensure_node_packages() -> None:
    """Install the tests' npm packages into .venv/node/ when missing."""
    missing = [spec for path, spec in NODE_PACKAGES.items() if not path.exists()]
    if not missing:
        return
    if shutil.which("npm") is None:
        ci_apt_install(["nodejs", "npm"], "the JupyterHub and site tests")
    npm = shutil.which("npm")
    if npm is None:
        say("npm not found: the JupyterHub and site tests will be skipped (install Node.js to run them)")
        return
    say(f"installing {', '.join(missing)} from npm into .venv/node/ (first run only)")
    subprocess.call([npm, "install", "--prefix", str(NODE), "--no-audit", "--no-fund", "--silent"] + missing)


# The fast tier: every layer-1 test (units and doctests), none that starts a kernel, nbgrader or a browser.
FAST_TIER = ["-m", "not notebook and not nbgrader and not browser and not classscale and not site"]


def test(args: list[str]) -> int:
    if "--fast" in args:
        args = FAST_TIER + [a for a in args if a != "--fast"]
    setup(EXTRAS["test"])
    ensure_browser()
    ensure_node_packages()
    return run([PYTHON, "-m", "pytest"] + args, cwd=ROOT)


def site(args: list[str]) -> int:
    """Build the course website into build/site/ (site/build.py; ARGS: --fresh, --out DIR)."""
    setup(EXTRAS["site"])
    return run([PYTHON, ROOT / "site" / "build.py"] + args, cwd=ROOT)


def generate(args: list[str]) -> int:
    """Regenerate exercises/ID from solutions/ID for the named (default: all) assignments."""
    setup(EXTRAS["generate"])
    ids = args or sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
    for assignment in ids:
        say(f"generating exercises/{assignment} from solutions/{assignment}")
        # --no-db: regenerating the committed release must not touch an instructor's gradebook.
        code = run([BIN / "nbgrader", "generate_assignment", assignment, "--force", "--no-db"], cwd=ROOT)
        if code:
            return code
    return 0


def nbgrader(args: list[str]) -> int:
    setup(EXTRAS["nbgrader"])
    return run([BIN / "nbgrader"] + args, cwd=ROOT)


COMMANDS = {"lab": lab, "test": test, "site": site, "generate": generate, "nbgrader": nbgrader}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
