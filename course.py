#!/usr/bin/env python3
"""Set up and run the Scored course with nothing but Python 3.10+.

    python3 course.py lab [ARGS]      set up, then open lesson 00 in JupyterLab (ARGS go to JupyterLab)
    python3 course.py test [ARGS]     set up, then run the whole test suite (ARGS go to pytest)
    python3 course.py test --fast     the fast tier for everyday work: unit tests and doctests (about a minute)
    python3 course.py test --python 3.13 [ARGS]
                                      the same under another Python, in .venv-3.13/ (ARGS: --fast, pytest's)
    python3 course.py test --pythons  the fast tier under every supported Python found on this machine
    python3 course.py test --latest   the fast tier on the newest releases, without the lock (drift check)
    python3 course.py lock [--upgrade] re-resolve requirements-lock.txt from pyproject.toml (needs the network)
    python3 course.py site [--fresh]  build the course website into build/site/ (offline; lessons run once, cached)
    python3 course.py generate        regenerate exercises/ from solutions/ with nbgrader
    python3 course.py nbgrader ARGS   run any nbgrader command inside the course environment
    python3 course.py autograde EXERCISE [--workers N] [-- NBGRADER OPTIONS]
                                      autograde every submission, N students at once (grader/pool.py)
    python3 course.py links --hub URL --repo URL [--branch B]
                                      print an nbgitpuller link for every lesson and exercise (grader/links.py)
    python3 course.py report EXERCISE  item analysis of a graded exercise into build/reports/ (grader/report.py)

Set-up creates a virtual environment in ``.venv`` when it is missing and installs the course into
it at the exact versions of ``requirements-lock.txt`` (one set for every supported Python), so the
same seed gives the same numbers on every machine. A stamp file remembers what was installed (the
hashes of pyproject.toml and the lock, and the extras), so a second run skips the install and
starts at once. Every command runs with the environment's ``bin/`` first on PATH, because nbgrader
calls ``alembic`` by its bare name.
"""
from __future__ import annotations

import glob
import hashlib
import os
import re
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
# The exact versions set-up installs: one set that installs on every supported Python. Generated
# by `python3 course.py lock` (uv, universal resolution for the oldest supported Python, one
# version per package); pyproject.toml keeps the ranges for people installing into their own
# environment, and tests/test_environment_sync.py fails when the three files disagree.
LOCK = ROOT / "requirements-lock.txt"
SUPPORTED_PYTHONS = ("3.10", "3.11", "3.12", "3.13")
UV = "uv==0.13.10"  # the tool that writes the lock
FIRST_LESSON = "lessons/00_welcome.ipynb"
# JupyterLab opens here, and prints this address with its token, so a learner lands on lesson 00.
LAB_DEFAULT_URL = f"/lab/tree/{FIRST_LESSON}"
# The course's JupyterLab settings (no news prompt, no update check): set-up copies them to where
# JupyterLab reads its defaults inside the environment; a learner's own settings still win.
LAB_SETTINGS = ROOT / "jupyterlab-settings" / "overrides.json"
EXTRAS = {"lab": "", "generate": "", "nbgrader": "", "site": "[site]", "fast": "[test]",
          "test": "[test,browser,hub,site,postgres,cluster]"}
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


def python_tag(version_info=sys.version_info) -> str:
    return f"{version_info[0]}.{version_info[1]}"


def locked(version: str) -> bool:
    """Whether the lock covers this Python (major.minor)."""
    return version in SUPPORTED_PYTHONS


def install_hash() -> str:
    """What an install depends on: pyproject.toml and the lock."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(LOCK.read_bytes() if LOCK.exists() else b"")
    return digest.hexdigest()


def setup(extras: str, python: Path | None = None, stamp: Path | None = None,
          version: str | None = None) -> None:
    """Create the environment if missing and install the course (and ``extras``) unless already done.

    ``python``, ``stamp`` and ``version`` name another environment (``test --python``); by default
    the course's own ``.venv`` made with the Python running this script.
    """
    python = python or PYTHON
    stamp = stamp or STAMP
    version = version or python_tag()
    if tuple(int(x) for x in version.split(".")) < (3, 10):
        sys.exit(f"Scored needs Python 3.10 or newer; this is {version}.")
    if python == PYTHON and not PYTHON.exists():
        say(f"creating a virtual environment in {VENV.relative_to(ROOT)}/")
        import venv

        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    # One stamp per install: the hash of pyproject.toml and the lock, and the extras installed with
    # it. The plain course (no extras) is part of every install, so `lab` after `test` installs nothing.
    project = install_hash()
    wanted = f"{project}{extras}"
    installed = stamp.read_text().split() if stamp.exists() else []
    if wanted in installed or (not extras and any(s.startswith(project) for s in installed)):
        return
    pip = [python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    if locked(version):
        say(f"installing the course{' with ' + extras if extras else ''} at the locked versions "
            f"(first run only; a few minutes)")
        pip += ["-c", LOCK]
    else:
        say(f"Python {version} is newer than the lock covers (Python {', '.join(SUPPORTED_PYTHONS)}): "
            f"installing the newest releases instead; numbers may differ from the lessons' and the "
            f"suite may fail. Python {SUPPORTED_PYTHONS[-1]} gives the course as written.")
    if run(pip + ["-e", f"{ROOT}{extras}"]) != 0:
        sys.exit("[scored] pip install failed: read the message above, fix it, and run the command again.")
    # A kernel named python3 inside the environment, so notebooks and nbgrader find it.
    run([python, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3",
         "--display-name", "Python 3 (Scored)"], stdout=subprocess.DEVNULL)
    stamp.write_text(" ".join(installed + [wanted]))


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


def ensure_postgres() -> None:
    """PostgreSQL for the gradebook tests (tests/test_postgres.py starts a server on loopback):
    skipped locally without it, installed under CI."""
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb") and shutil.which("initdb") is None:
        ci_apt_install(["postgresql"], "the PostgreSQL gradebook tests")


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


def pytest_markers() -> list[str]:
    """The markers pyproject.toml declares: each marks a slow layer the fast tier leaves out."""
    text = (ROOT / "pyproject.toml").read_text()
    block = re.search(r"^markers\s*=\s*\[(.*?)^\]", text, re.S | re.M)
    return re.findall(r'^\s*"([A-Za-z_][A-Za-z0-9_]*)\s*:', block.group(1), re.M) if block else []


def fast_tier() -> list[str]:
    """pytest arguments for the fast tier: every test that carries none of pyproject's markers."""
    return ["-m", " and ".join(f"not {m}" for m in pytest_markers())]


def parallel(args: list[str]) -> list[str]:
    """pytest-xdist's arguments: a worker per core (at most 4), each test file kept on one worker so that
    its shared fixtures (a graded class, a JupyterLab server, a built site) are made once. None when the
    arguments choose for themselves (``-n 0`` runs serially) or the machine has one core."""
    if any(a.startswith(("-n", "--numprocesses", "--dist")) or a == "no:xdist" for a in args):
        return []
    workers = min(os.cpu_count() or 1, 4)
    return ["-n", str(workers), "--dist", "loadfile"] if workers > 1 else []


def find_python(version: str) -> Path | None:
    """An interpreter of this major.minor on this machine: on PATH, or installed by pyenv or uv."""
    home = Path.home()
    pyenv = Path(os.environ.get("PYENV_ROOT", home / ".pyenv"))
    candidates = [shutil.which(f"python{version}")]
    for root in (pyenv / "versions", home / ".local" / "share" / "uv" / "python"):
        candidates += sorted(glob.glob(str(root / f"*{version}.*" / "bin" / f"python{version}")), reverse=True)
    candidates += [f"/usr/bin/python{version}", f"/usr/local/bin/python{version}"]
    for candidate in filter(None, candidates):
        try:
            out = subprocess.run([candidate, "-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])"],
                                 capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            continue
        if out.returncode == 0 and out.stdout.strip() == version:
            return Path(candidate)
    return None


def other_python_env(version: str, extras: str, latest: bool = False) -> Path:
    """Set up ``.venv-X.Y`` (or ``.venv-latest``) with another Python; return its python."""
    interpreter = find_python(version)
    if interpreter is None:
        sys.exit(f"[scored] Python {version} was not found on this machine (looked on PATH and in pyenv's "
                 f"and uv's folders); install it, or choose one of {', '.join(SUPPORTED_PYTHONS)}.")
    venv = ROOT / (".venv-latest" if latest else f".venv-{version}")
    python = venv / "bin" / "python"
    if not python.exists():
        say(f"creating {venv.name}/ with {interpreter}")
        if subprocess.call([str(interpreter), "-m", "venv", "--clear", str(venv)]) != 0:
            sys.exit(f"[scored] could not create {venv.name}/ with {interpreter}")
    if latest:
        stamp = venv / ".scored-installed"
        if not stamp.exists():
            say(f"installing the newest releases into {venv.name}/ (no lock)")
            code = subprocess.call([str(python), "-m", "pip", "install", "--quiet", "--upgrade",
                                    "--disable-pip-version-check", "-e", f"{ROOT}{extras}"])
            if code:
                sys.exit("[scored] pip install failed: read the message above.")
            stamp.write_text("latest")
    else:
        setup(extras, python=python, stamp=venv / ".scored-installed", version=version)
    return python


def run_tests(python: Path, args: list[str]) -> int:
    env = course_env()
    env["PATH"] = str(python.parent) + os.pathsep + env["PATH"]
    env["VIRTUAL_ENV"] = str(python.parent.parent)
    return subprocess.call([str(python), "-m", "pytest"] + args, cwd=ROOT, env=env)


def pythons_found() -> list[str]:
    return [v for v in SUPPORTED_PYTHONS if find_python(v) is not None]


def test_other_pythons(versions: list[str], args: list[str]) -> int:
    """The fast tier (or ``args``) under each of ``versions``; a summary line per Python."""
    results = {}
    for version in versions:
        say(f"the fast tier under Python {version}")
        results[version] = run_tests(other_python_env(version, EXTRAS["fast"]), fast_tier() + parallel(args) + args)
    for version, code in results.items():
        say(f"Python {version}: {'passed' if code == 0 else f'FAILED (exit {code})'}")
    return max(results.values(), default=0)


def take_option(args: list[str], name: str) -> tuple[str | None, list[str]]:
    """Remove ``name VALUE`` from args; return (VALUE or None, the rest)."""
    if name not in args:
        return None, args
    i = args.index(name)
    if i + 1 >= len(args):
        sys.exit(f"[scored] {name} needs a value, e.g. {name} {SUPPORTED_PYTHONS[-1]}")
    return args[i + 1], args[:i] + args[i + 2:]


def test(args: list[str]) -> int:
    version, args = take_option(args, "--python")
    fast = "--fast" in args
    args = [a for a in args if a != "--fast"]
    if "--pythons" in args:
        return test_other_pythons(pythons_found(), [a for a in args if a != "--pythons"])
    if "--latest" in args:
        args = [a for a in args if a != "--latest"]
        return run_tests(other_python_env(python_tag(), EXTRAS["fast"], latest=True), fast_tier() + parallel(args) + args)
    if version is not None:
        extras = EXTRAS["fast"] if fast else EXTRAS["test"]
        return run_tests(other_python_env(version, extras), (fast_tier() if fast else []) + parallel(args) + args)
    if fast:
        setup(EXTRAS["fast"])
        return run([PYTHON, "-m", "pytest"] + fast_tier() + parallel(args) + args, cwd=ROOT)
    setup(EXTRAS["test"])
    ensure_browser()
    ensure_postgres()
    ensure_node_packages()
    code = run([PYTHON, "-m", "pytest"] + parallel(args) + args, cwd=ROOT)
    if args:
        return code
    # The whole suite (the README's command, what CI runs) ends with the versions layer: the fast tier
    # under the oldest and the newest supported Python on this machine besides this one.
    found = pythons_found()
    others = sorted({found[0], found[-1]} - {python_tag()}, key=SUPPORTED_PYTHONS.index) if found else []
    if not others:
        say("no other supported Python found on this machine: the versions layer ran under this one only")
        return code
    return max(code, test_other_pythons(others, []))


def lock(args: list[str]) -> int:
    """Re-resolve requirements-lock.txt from pyproject.toml with uv: one version of each package
    for every supported Python (``--upgrade`` moves every pin to the newest that fits)."""
    setup(EXTRAS["lab"])
    if run([PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", UV]) != 0:
        sys.exit(f"[scored] could not install {UV}")
    command = [BIN / "uv", "pip", "compile", ROOT / "pyproject.toml", "--all-extras", "--universal",
               "--python-version", SUPPORTED_PYTHONS[0], "--fork-strategy", "fewest",
               "--custom-compile-command", "python3 course.py lock", "-o", LOCK]
    code = run(command + (["--upgrade"] if "--upgrade" in args else []), cwd=ROOT)
    if code == 0:
        say(f"wrote {LOCK.name}; now run `python3 course.py test --pythons` and the whole suite, "
            f"and re-record tests/test_versions.py if networkx or numpy moved")
    return code


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


def grader_module(module: str):
    """A command that runs ``python -m grader.MODULE ARGS`` in the course folder (the logic lives in grader/)."""
    def command(args: list[str]) -> int:
        setup(EXTRAS["nbgrader"])
        return run([PYTHON, "-m", f"grader.{module}"] + args, cwd=ROOT)
    return command


COMMANDS = {"lab": lab, "test": test, "lock": lock, "site": site, "generate": generate, "nbgrader": nbgrader,
            "autograde": grader_module("pool"), "links": grader_module("links"), "report": grader_module("report")}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
