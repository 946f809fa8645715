"""Browser-test tools: find the dashboards, run one JupyterLab, drive Debian's Chromium.

Used by ``tests/test_browser.py`` (and by ``tests/test_site.py`` for the figure check). Everything
a run writes (HOME, Jupyter and IPython config, data and runtime folders, lab settings and
workspaces, a copy of ``lessons/``) lives in one temporary folder, so a run leaves nothing behind
but ``artifacts/``.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import nbformat

from support import ROOT, lesson_notebooks

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = ("the browser tests need Debian's Chromium at /usr/bin/chromium; install it with "
                "`sudo apt-get install chromium` (CI installs it through `python3 course.py test`)")
# Measured on this kind of machine (issue 6): root needs --no-sandbox; the rest keep a
# headless Chromium quiet, offline and within /dev/shm limits.
CHROMIUM_ARGS = ["--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
FAILURES = ARTIFACTS / "browser-failures"
LOCAL_HOSTS = {"127.0.0.1"}

# Axis titles that run into the figure's title or out of the figure, measured on the drawn SVG.
JS_TITLES_CLEAR = """(root) => {
  const out = [];
  const overlap = (a, b) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
  root.querySelectorAll('.js-plotly-plot').forEach((gd, i) => {
    const svg = gd.querySelector('svg.main-svg');
    if (!svg) return;
    const frame = svg.getBoundingClientRect();
    const title = gd.querySelector('text.gtitle');
    const name = (title && title.textContent) || ('figure ' + i);
    const box = title && title.getBoundingClientRect();
    for (const axis of gd.querySelectorAll('text[class$="title"]:not(.gtitle):not(.legendtitletext)')) {
      const b = axis.getBoundingClientRect();
      if (!b.width || !b.height || !/^[xy][0-9]*title$/.test(axis.getAttribute('class') || '')) continue;
      if (box && box.width && overlap(b, box)) out.push(name + ": the axis title '" + axis.textContent + "' runs into the figure's title");
      if (b.left < frame.left - 1 || b.right > frame.right + 1 || b.top < frame.top - 1 || b.bottom > frame.bottom + 1)
        out.push(name + ": the axis title '" + axis.textContent + "' runs outside the figure");
    }
  });
  return out;
}"""

# A lesson has a dashboard when one of its code cells calls a ``*_dashboard(`` function.
DASHBOARD_CALL = re.compile(r"\b([A-Za-z_]\w*_dashboard)\s*\(")


def private_home(folder: Path) -> dict[str, str]:
    """Environment variables that keep a program's dot-files (config, cache, crash reports) in ``folder``."""
    env = {"HOME": folder, "XDG_CONFIG_HOME": folder / ".config", "XDG_CACHE_HOME": folder / ".cache",
           "XDG_DATA_HOME": folder / ".local" / "share"}
    for path in env.values():
        path.mkdir(parents=True, exist_ok=True)
    return {name: str(path) for name, path in env.items()}


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def dashboard_cells(path: Path) -> list[tuple[int, str]]:
    """(cell index, first dashboard function called) for every code cell that builds a dashboard."""
    nb = nbformat.read(path, as_version=4)
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        code = "\n".join(line for line in cell.source.splitlines()
                         if not re.match(r"\s*(def|class|from|import)\b", line) and not line.lstrip().startswith("#"))
        calls = DASHBOARD_CALL.findall(code)
        if calls:
            found.append((index, calls[0]))
    return found


def dashboard_notebooks() -> list[Path]:
    """The lessons that hold at least one dashboard, found from their code, never from a list."""
    return [path for path in lesson_notebooks() if dashboard_cells(path)]


def _die_with_parent() -> None:
    """In the server's process (Linux): receive SIGTERM when the test process dies, even by SIGKILL.

    Without it a killed test run would leave JupyterLab and its kernels running; on SIGTERM the
    server shuts its kernels down itself.
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class JupyterLab:
    """One JupyterLab server on 127.0.0.1 with a random port and token, in a private folder."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.root = tmp / "course"
        self.token = secrets.token_hex(24)
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.log_path = tmp / "jupyterlab.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        home = self.tmp / "home"
        env = dict(os.environ, **private_home(home))
        folders = {"JUPYTER_CONFIG_DIR": home / "jupyter-config",
                   "JUPYTER_DATA_DIR": home / "jupyter-data", "JUPYTER_RUNTIME_DIR": home / "jupyter-runtime",
                   "IPYTHONDIR": home / "ipython", "JUPYTERLAB_SETTINGS_DIR": home / "lab-settings",
                   "JUPYTERLAB_WORKSPACES_DIR": home / "lab-workspaces", "MPLCONFIGDIR": home / "mpl"}
        for name, folder in folders.items():
            folder.mkdir(parents=True, exist_ok=True)
            env[name] = str(folder)
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        env.pop("JUPYTER_PATH", None)
        return env

    def _write_settings(self, env: dict[str, str]) -> None:
        """Lab settings for a test: no autosave, every cell in the DOM, no news or update checks."""
        settings = Path(env["JUPYTERLAB_SETTINGS_DIR"])
        files = {
            "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
            "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
            "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
                {"fetchNews": "false", "checkForUpdates": False},
        }
        for name, content in files.items():
            target = settings / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(content))

    def start(self, timeout: float = 90) -> None:
        # Learners' notebooks are copied: running cells in the browser never touches the repository.
        shutil.copytree(ROOT / "lessons", self.root / "lessons",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        env = self.env()
        self._write_settings(env)
        for attempt in range(3):
            self.port = _free_port()
            cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
                   f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
                   "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
                   "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
            if is_root():
                cmd.append("--allow-root")
            log = open(self.log_path, "ab")
            self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True,
                                         preexec_fn=_die_with_parent if sys.platform == "linux" else None)
            log.close()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and self.proc.poll() is None:
                if self.status("/api/status") == 200:
                    return
                time.sleep(0.25)
            self._kill()
        raise RuntimeError(f"JupyterLab did not start; its log:\n{self.log()[-3000:]}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def request(self, path: str, method: str = "GET", token: bool = True, follow: bool = True, body=None):
        """(status, final URL, body) of one request to the server, with or without the token."""
        headers = {"Authorization": f"token {self.token}"} if token else {}
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        elif method in ("POST", "PUT"):
            data = b""
        req = urllib.request.Request(self.url + path, method=method, headers=headers, data=data)
        opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=10) as response:
                return response.status, response.url, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read()
        except OSError:
            return 0, "", b""

    def status(self, path: str, **kwargs) -> int:
        return self.request(path, **kwargs)[0]

    def shutdown_kernels(self, path: str) -> None:
        """Stop the kernel of the notebook at ``path``, so memory does not grow notebook by notebook."""
        status, _, body = self.request("/api/sessions")
        if status == 200:
            for session in json.loads(body):
                if session.get("path") == path:
                    self.request(f"/api/sessions/{session['id']}", method="DELETE")

    def stop(self) -> None:
        """Shut down through /api/shutdown; failing that, end the server's own process group."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.request("/api/shutdown", method="POST")
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
        self._kill()

    def _kill(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        # SIGTERM first: the server then shuts down its kernels (they run in process groups of their own).
        for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(proc.pid, sig)  # the process group this server leads
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                continue


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS
