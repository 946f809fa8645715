"""The foundation: argument checks, figures, the dashboard controller, lesson 00's helpers,
the late policy, and the course script that the README's two commands run."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import numpy as np
import plotly.graph_objects as go
import pytest

from support import ROOT
from utils import (Dashboard, check_choice, check_environment, check_integer, check_number, check_probability,
                   line_figure, make_rng, slider, streak_dashboard, streak_survival, update_lines)
from grader.late import late_penalty


# -- validation -------------------------------------------------------------------------------
@pytest.mark.parametrize("call, message", [
    (lambda: check_number("beta", 1.2, 0, 0.95), "beta must be between 0 and 0.95, got 1.2"),
    (lambda: check_number("rate", -1, low=0), "rate must be at least 0, got -1"),
    (lambda: check_number("rate", 5, high=1), "rate must be at most 1, got 5"),
    (lambda: check_integer("steps", 0, 1), "steps must be at least 1, got 0"),
    (lambda: check_probability("p", -0.01), "p must be between 0 and 1, got -0.01"),
    (lambda: check_choice("kind", "x", ("a", "b")), "kind must be one of 'a', 'b'; got 'x'"),
])
def test_errors_name_argument_value_and_range(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value) == message


@pytest.mark.parametrize("bad", ["0.5", None, True, [0.5]])
def test_numbers_reject_non_numbers(bad):
    with pytest.raises(TypeError, match="beta must be a number"):
        check_number("beta", bad, 0, 1)


def test_nan_is_rejected():
    with pytest.raises(ValueError, match="NaN"):
        check_number("beta", float("nan"), 0, 1)


def test_same_seed_same_stream_and_generators_pass_through():
    assert np.array_equal(make_rng(3).random(5), make_rng(3).random(5))
    assert not np.array_equal(make_rng(3).random(5), make_rng(4).random(5))
    rng = np.random.default_rng(1)
    assert make_rng(rng) is rng
    with pytest.raises(TypeError, match="seed"):
        make_rng(1.5)


# -- plots and dashboards ------------------------------------------------------------------------
def test_figures_are_labelled_and_update_in_place():
    fig = line_figure([0, 1, 2], {"a": [0, 1, 2]}, title="T", x_title="time (days)", y_title="score (0-1)")
    assert isinstance(fig, go.FigureWidget)
    assert fig.layout.title.text == "T" and fig.layout.yaxis.title.text == "score (0-1)"
    trace = fig.data[0]
    update_lines(fig, [0, 1, 2], {"a": [5, 5, 5]})
    assert fig.data[0] is trace, "the trace must be updated in place, not replaced"
    assert fig.data[0].y.tolist() == [5, 5, 5]
    with pytest.raises(KeyError, match="no trace named"):
        update_lines(fig, [0], {"b": [1]})
    with pytest.raises(ValueError, match="non-empty"):
        line_figure([0], {"a": [0]}, title="T", x_title="", y_title="y")


def test_dashboard_redraws_on_slider_and_shows_errors():
    fig = line_figure([0, 1], {"y": [0, 0]}, title="t", x_title="x (days)", y_title="y (points)")

    def redraw(k):
        if k > 1.5:
            raise RuntimeError("too steep")
        update_lines(fig, [0, 1], {"y": [0, k]})

    board = Dashboard({"k": slider("k", 1.0, 0, 2)}, [fig], redraw, code=lambda k: f"f(k={k})")
    board.set(k=0.5)
    assert fig.data[0].y.tolist() == [0, 0.5] and board.last_error is None
    board.set(k=1.8)
    assert "too steep" in board.last_error and fig.data[0].y.tolist() == [0, 0.5]
    assert len(board.errors.outputs) == 1, "a redraw error must be shown to the learner"
    assert board.code() == "f(k=1.8)"
    with pytest.raises(KeyError):
        board.set(q=1)


# -- lesson 00 -----------------------------------------------------------------------------------
def test_environment_check_reports_everything_ok_here():
    report = check_environment()
    assert [line for line in report if not line.ok] == []
    assert {"ipywidgets", "plotly", "jupyterlab_widgets", "anywidget"} <= {line.item for line in report}


def test_environment_check_names_a_missing_package(monkeypatch):
    import utils.welcome as welcome

    monkeypatch.setitem(welcome.REQUIRED, "no-such-package", "no_such_package_xyz")
    bad = [line for line in welcome.check_environment() if not line.ok]
    assert [line.item for line in bad] == ["no-such-package"]
    assert "cannot be imported" in bad[0].detail and "course.py lab" in bad[0].detail


def test_environment_check_reads_the_versions_from_pyproject(monkeypatch):
    """Issue 22: the ranges the check wants are pyproject.toml's dependencies (as installed), not a copy."""
    import utils.welcome as welcome
    from packaging.requirements import Requirement

    block = re.search(r"^dependencies\s*=\s*\[(.*?)\]", (ROOT / "pyproject.toml").read_text(), re.S | re.M).group(1)
    declared = {Requirement(line).name: str(Requirement(line).specifier) for line in re.findall(r'"([^"]+)"', block)}
    assert welcome.required_versions() == declared
    assert set(welcome.REQUIRED) <= set(declared), "every package the check imports has a range in pyproject.toml"
    # a version outside the range is a problem that names the range
    monkeypatch.setattr(welcome, "required_versions", lambda: {**declared, "numpy": ">=99"})
    bad = [line for line in welcome.check_environment() if not line.ok]
    assert [line.item for line in bad] == ["numpy"] and ">=99" in bad[0].detail


def test_streak_survival_is_the_product_rule():
    assert np.allclose(streak_survival(0.9, 4), 0.9 ** np.arange(5))
    assert streak_survival(1.0, 10).min() == 1.0


def test_streak_dashboard_slider_changes_the_figure():
    board = streak_dashboard(p=0.95, days=50)
    before = np.array(board.figures[0].data[0].y)
    board.set(p=0.8)
    after = np.array(board.figures[0].data[0].y)
    assert not np.allclose(before, after)
    assert np.allclose(after, 0.8 ** np.arange(51))
    assert "p=0.80" in board.code()


# -- grading policy ------------------------------------------------------------------------------
def test_late_penalty_per_started_day():
    assert late_penalty(10, 0) == 0
    assert late_penalty(10, 1) == pytest.approx(1.0)
    assert late_penalty(10, 86_400 + 1) == pytest.approx(2.0)
    assert late_penalty(10, 86_400 * 50) == 10
    with pytest.raises(ValueError, match="seconds_late"):
        late_penalty(10, -5)


# -- the course script ---------------------------------------------------------------------------
def load_course_script():
    spec = importlib.util.spec_from_file_location("course_script", ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_second_setup_installs_nothing(monkeypatch, tmp_path):
    course = load_course_script()
    calls = []
    monkeypatch.setattr(course, "run", lambda args, **kw: calls.append(args) or 0)
    monkeypatch.setattr(course, "PYTHON", tmp_path / "python")
    monkeypatch.setattr(course, "STAMP", tmp_path / "stamp")
    (tmp_path / "python").write_text("")
    course.setup("[test]")
    assert any("pip" in map(str, c) for c in calls), "the first set-up installs the course"
    calls.clear()
    course.setup("[test]")
    assert calls == [], "a second set-up with the same pyproject.toml must install nothing"
    course.setup("")
    assert calls == [], "`lab` after `test` must install nothing: the plain course is already there"
    course.setup("[hub]")
    assert any("pip" in map(str, c) for c in calls), "extras not installed yet must be installed"


def test_setup_installs_the_lock_and_reinstalls_when_it_moves(monkeypatch, tmp_path):
    course = load_course_script()
    calls = []
    monkeypatch.setattr(course, "run", lambda args, **kw: calls.append([str(a) for a in args]) or 0)
    monkeypatch.setattr(course, "PYTHON", tmp_path / "python")
    monkeypatch.setattr(course, "STAMP", tmp_path / "stamp")
    lock = tmp_path / "requirements-lock.txt"
    lock.write_text("numpy==2.2.6\n")
    monkeypatch.setattr(course, "LOCK", lock)
    (tmp_path / "python").write_text("")
    course.setup("[test]", version=course.SUPPORTED_PYTHONS[0])
    pip = next(c for c in calls if "pip" in c)
    assert pip[pip.index("-c") + 1] == str(lock), "set-up installs through the lock on a supported Python"
    calls.clear()
    lock.write_text("numpy==2.2.7\n")
    course.setup("[test]", version=course.SUPPORTED_PYTHONS[0])
    assert any("pip" in c for c in calls), "a moved lock must be installed again (the stamp holds its hash)"
    calls.clear()
    course.setup("[test]", python=tmp_path / "python", stamp=tmp_path / "stamp-new", version="3.99")
    pip = next(c for c in calls if "pip" in c)
    assert "-c" not in pip, "a Python the lock does not cover gets the newest releases, with a warning"


def test_commands_put_the_environment_first_on_path():
    course = load_course_script()
    assert course.course_env()["PATH"].split(":")[0] == str(course.BIN)


def test_readme_commands_and_ci_agree():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python3 course.py lab" in readme and "python3 course.py test" in readme
    assert "python3 course.py test" in ci, ".ci/run must call the README's test command"


def test_course_script_help_runs_without_an_environment():
    out = subprocess.run([sys.executable, str(ROOT / "course.py"), "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "course.py lab" in out.stdout


# -- `python3 course.py lab`: lesson 00, no news prompt, token on, and it stops with its wrapper --------
LAB_WRAPPER = """
import sys
sys.path.insert(0, sys.argv[1])
import course
course.setup = lambda extras: None  # the course is installed: test the wrapper, not pip
sys.exit(course.lab(sys.argv[2:]))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, token: str | None = None):
    """(status, Location header or final URL, body) without following redirects."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"} if token else {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status, response.url, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", ""), ""
    except OSError:
        return 0, "", ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] if os.path.exists(f"/proc/{pid}/stat") else ""
    return state != "Z"


def _only_child(pid: int) -> int:
    children = open(f"/proc/{pid}/task/{pid}/children").read().split()
    assert len(children) == 1, f"the wrapper should run one program, it runs {children}"
    return int(children[0])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")
def test_lab_opens_lesson_00_without_news_and_stops_with_its_wrapper(tmp_path):
    stop_with = signal.SIGTERM
    course = load_course_script()
    if not (course.BIN / "jupyter").exists():
        pytest.skip("the course environment (.venv) is not set up")
    port, token = _free_port(), secrets.token_hex(16)
    home = tmp_path / "home"
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(home / "lab-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "lab-workspaces"), IPYTHONDIR=str(home / "ipython"))
    log_path = tmp_path / "lab.log"
    # Extra arguments go to JupyterLab: no browser, our port and token.
    extra = ["--no-browser", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
             f"--IdentityProvider.token={token}"]
    with open(log_path, "wb") as log:
        wrapper = subprocess.Popen([sys.executable, "-c", LAB_WRAPPER, str(ROOT), *extra], env=env, cwd=tmp_path,
                                   stdout=log, stderr=subprocess.STDOUT)
    base, server_pid = f"http://127.0.0.1:{port}", None
    try:
        deadline = time.monotonic() + 90
        while _get(base + "/api/status", token)[0] != 200:
            assert wrapper.poll() is None and time.monotonic() < deadline, \
                f"JupyterLab did not start:\n{log_path.read_text(errors='replace')[-3000:]}"
            time.sleep(0.25)
        server_pid = _only_child(wrapper.pid)

        # Token auth stays on, and the address JupyterLab prints (and "/") opens lesson 00.
        assert _get(base + "/api/status")[0] == 403, "the server must refuse requests without the token"
        status, location, _ = _get(base + "/", token)
        assert status in (301, 302) and urllib.parse.urlsplit(location).path == course.LAB_DEFAULT_URL, (status, location)
        assert f"{port}{course.LAB_DEFAULT_URL}?token=" in log_path.read_text(errors="replace")
        status, _, page = _get(base + course.LAB_DEFAULT_URL, token)
        config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                      page, flags=re.S).group(1))
        assert config["treePath"] == course.FIRST_LESSON, "the lab page must open lesson 00"
        assert config["news"] == {"disabled": True}, "the lab page config must switch news off"
        status, _, body = _get(base + "/lab/api/settings/@jupyterlab/apputils-extension:notification", token)
        schema = json.loads(body)["schema"]["properties"]
        assert schema["fetchNews"]["default"] == "false", "the course's settings must answer the news question: no"
        assert schema["checkForUpdates"]["default"] is False

        # A signal to the wrapper stops JupyterLab too.
        wrapper.send_signal(stop_with)
        wrapper.wait(timeout=60)
        deadline = time.monotonic() + 10
        while _alive(server_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(server_pid), f"jupyter-lab (pid {server_pid}) survived its wrapper's {stop_with.name}"
        assert _get(base + "/api/status", token)[0] == 0, "the port still answers after the wrapper stopped"
    finally:
        for pid in (wrapper.pid, server_pid):
            if pid and _alive(pid):
                os.kill(pid, signal.SIGKILL)
        wrapper.wait(timeout=10)


FORWARD_WRAPPER = """
import sys
sys.path.insert(0, sys.argv[1])
import course
child = "import signal, sys, time; signal.signal(signal.SIGTERM, lambda *a: sys.exit(7)); print('ready', flush=True); time.sleep(120)"
sys.exit(course.run_forwarding_signals([sys.executable, "-c", child]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")
@pytest.mark.parametrize("stop_with", [signal.SIGINT, signal.SIGHUP], ids=["SIGINT", "SIGHUP"])
def test_every_stop_signal_reaches_the_command(stop_with):
    """Ctrl-C or a closed terminal stops what the wrapper runs (as SIGTERM), not only the wrapper."""
    wrapper = subprocess.Popen([sys.executable, "-c", FORWARD_WRAPPER, str(ROOT)], stdout=subprocess.PIPE, text=True)
    child = None
    try:
        assert wrapper.stdout.readline().strip() == "ready"
        child = _only_child(wrapper.pid)
        wrapper.send_signal(stop_with)
        assert wrapper.wait(timeout=20) == 7, "the command should have received SIGTERM and exited with its code"
        assert not _alive(child)
    finally:
        for pid in (wrapper.pid, child):
            if pid and _alive(pid):
                os.kill(pid, signal.SIGKILL)
        wrapper.wait(timeout=10)
