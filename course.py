#!/usr/bin/env python3
"""Set up and run the Scored course with nothing but Python 3.10+.

    python3 course.py lab            set up, then open the course in JupyterLab
    python3 course.py test [ARGS]    set up, then run the whole test suite (ARGS go to pytest)
    python3 course.py test --fast    the fast tier for everyday work: unit tests and doctests (under a minute)
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
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".scored-installed"
FIRST_LESSON = "lessons/00_welcome.ipynb"
EXTRAS = {"lab": "", "generate": "", "nbgrader": "", "test": "[test,browser,hub]"}
PROXY = VENV / "node" / "node_modules" / ".bin" / "configurable-http-proxy"


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


def lab(args: list[str]) -> int:
    setup(EXTRAS["lab"])
    cmd = [BIN / "jupyter", "lab", "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={ROOT}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    say("opening JupyterLab on 127.0.0.1 with a token (copy the full URL it prints if no browser opens)")
    return run(cmd + args + [FIRST_LESSON], cwd=ROOT)


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


def ensure_proxy() -> None:
    """Install JupyterHub's configurable-http-proxy from npm into .venv/node/ when missing."""
    if PROXY.exists():
        return
    if shutil.which("npm") is None:
        ci_apt_install(["nodejs", "npm"], "the JupyterHub test")
    npm = shutil.which("npm")
    if npm is None:
        say("npm not found: the JupyterHub test will be skipped (install Node.js to run it)")
        return
    say("installing configurable-http-proxy from npm into .venv/node/ (first run only)")
    subprocess.call([npm, "install", "--prefix", str(VENV / "node"), "--no-audit", "--no-fund", "--silent",
                     "configurable-http-proxy@5"])


# The fast tier: every layer-1 test (units and doctests), none that starts a kernel, nbgrader or a browser.
FAST_TIER = ["-m", "not notebook and not nbgrader and not browser and not classscale and not site"]


def test(args: list[str]) -> int:
    if "--fast" in args:
        args = FAST_TIER + [a for a in args if a != "--fast"]
    setup(EXTRAS["test"])
    ensure_browser()
    ensure_proxy()
    return run([PYTHON, "-m", "pytest"] + args, cwd=ROOT)


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


COMMANDS = {"lab": lab, "test": test, "generate": generate, "nbgrader": nbgrader}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
