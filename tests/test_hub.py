"""deploy/jupyterhub_config.py, started for real on 127.0.0.1, runs a class cycle.

The hub (configurable-http-proxy from npm, installed by ``course.py test`` into .venv/node)
starts in trial mode with an instructor and two students, on free loopback ports, in a
private state folder, with a private copy of the course and exchange. Everything then goes
through REST APIs, as the browser would: the instructor generates and releases the warm-up
through the formgrader service ``/services/scored``; each student's server fetches it, the
student saves answers through the contents API and submits; the instructor collects,
autogrades (in the isolated kernel), generates and releases feedback; students fetch it.
Checks: the scores, each student's feedback, and that students are refused the formgrader
(the course's service answers 403; their own server has none).

One test on purpose: spawning servers dominates (about a minute for two students here).
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from support import BIN, ROOT, WARMUP, cell_by_id, make_course, solved_copy

pytestmark = [pytest.mark.classscale, pytest.mark.timeout(420)]
requests = pytest.importorskip("requests")
CHP = BIN.parent / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
INSTRUCTOR, STUDENTS = "teacher", ("alice", "bob")
EXPECTED = {"alice": 5.0, "bob": 3.0}  # alice solves everything; bob's streak answer is wrong
WRONG_STREAK = "def current_streak(days):\n    return sum(1 for d in days if d)\n"


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class Hub:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.course = make_course(tmp)
        self.exchange = tmp / "exchange"
        self.exchange.mkdir(mode=0o777)
        self.state = tmp / "state"
        self.state.mkdir()
        port, *internal = free_ports(4)
        self.url = f"http://127.0.0.1:{port}"
        self.admin = {"Authorization": f"token {secrets.token_hex(16)}"}
        env = dict(os.environ)
        env.update(
            PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", SCORED_COURSE_ROOT=str(self.course),
            SCORED_EXCHANGE=str(self.exchange), SCORED_HUB_STATE=str(self.state), SCORED_HUB_PORT=str(port),
            SCORED_INTERNAL_PORTS=",".join(map(str, internal)), SCORED_INSTRUCTORS=INSTRUCTOR,
            SCORED_STUDENTS=",".join(STUDENTS), SCORED_TRIAL="1", SCORED_TRIAL_PASSWORD=secrets.token_hex(8),
            SCORED_ADMIN_TOKEN=self.admin["Authorization"].split()[1],
        )
        self.log = (tmp / "hub.log").open("w")
        self.process = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(ROOT / "deploy" / "jupyterhub_config.py")],
                                        cwd=self.state, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self.tokens: dict[str, dict[str, str]] = {}

    def wait_until_up(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the hub exited:\n{self.tail()}"
            try:
                if requests.get(f"{self.url}/hub/api", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"the hub did not answer within {seconds} s:\n{self.tail()}")

    def tail(self) -> str:
        self.log.flush()
        return (self.tmp / "hub.log").read_text()[-6000:]

    def call(self, method: str, path: str, user: str | None = None, expect: int | None = 200, **kwargs):
        headers = self.tokens[user] if user else self.admin
        response = requests.request(method, f"{self.url}{path}", headers=headers, timeout=300,
                                    allow_redirects=False, **kwargs)
        if expect is not None:
            assert response.status_code == expect, \
                f"{method} {path} as {user}: {response.status_code} {response.text[:1500]}\n{self.tail()}"
        return response

    def login_tokens(self) -> None:
        for user in (INSTRUCTOR,) + STUDENTS:
            token = self.call("POST", f"/hub/api/users/{user}/tokens", json={"note": "test", "expires_in": 3600},
                              expect=201).json()["token"]
            self.tokens[user] = {"Authorization": f"token {token}"}

    def formgrader(self, method: str, path: str, **kwargs) -> dict:
        body = self.call(method, f"/services/scored/formgrader/api/{path}", user=INSTRUCTOR, **kwargs).json()
        if isinstance(body, dict) and body.get("success") is False:
            raise AssertionError(f"formgrader {path}: {body}")
        return body

    def student(self, user: str, action: str) -> dict:
        body = self.call("POST", f"/user/{user}/assignments/{action}", user=user,
                         data={"course_id": "scored", "assignment_id": WARMUP}).json()
        assert not (isinstance(body, dict) and body.get("success") is False), f"{user} {action}: {body}"
        return body

    def start_servers(self, users, seconds: float = 180) -> None:
        for user in users:
            self.call("POST", f"/hub/api/users/{user}/server", expect=None)
        deadline = time.monotonic() + seconds
        for user in users:
            while not self.call("GET", f"/hub/api/users/{user}").json()["servers"].get("", {}).get("ready"):
                assert time.monotonic() < deadline, f"{user}'s server did not start:\n{self.tail()}"
                time.sleep(0.5)

    def stop(self) -> None:
        """Stop everything this hub started (ours, by process id): servers, service, proxy, hub."""
        family = descendants(self.process.pid)
        for pid in family:  # SIGTERM stops a Jupyter server at once; the hub's own SIGINT waits 10 s
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        time.sleep(1)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for pid in family:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()


@pytest.fixture
def hub(tmp_path):
    if not (BIN / "jupyterhub").exists() or not CHP.exists():
        message = "JupyterHub or configurable-http-proxy missing: run `python3 course.py test` (installs both)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    started = Hub(tmp_path)
    try:
        started.wait_until_up()
        yield started
    finally:
        started.stop()


def test_class_cycle_through_the_hub(hub):
    timings = {}
    clock = time.perf_counter()
    hub.login_tokens()
    hub.formgrader("POST", f"assignment/{WARMUP}/assign")
    hub.formgrader("POST", f"assignment/{WARMUP}/release")
    timings["hub up, release"] = time.perf_counter() - clock

    clock = time.perf_counter()
    hub.start_servers(STUDENTS)
    timings["spawn 2 servers"] = time.perf_counter() - clock

    clock = time.perf_counter()
    source = nbformat.read(hub.course / "solutions" / WARMUP / f"{WARMUP}.ipynb", as_version=4)
    contents = f"api/contents/{WARMUP}/{WARMUP}.ipynb"
    for user in STUDENTS:
        listing = hub.student(user, "fetch")
        assert any(a["status"] == "fetched" for a in listing["value"]), listing
        fetched = nbformat.from_dict(hub.call("GET", f"/user/{user}/{contents}", user=user).json()["content"])
        assert "HIDDEN TESTS" not in json.dumps(fetched) and "BEGIN SOLUTION" not in json.dumps(fetched)
        answered = solved_copy(fetched, source)
        if user == "bob":
            cell_by_id(answered, "current_streak").source = WRONG_STREAK
        hub.call("PUT", f"/user/{user}/{contents}", user=user,
                 json={"type": "notebook", "format": "json", "content": answered})
        hub.student(user, "submit")
    timings["students fetch, answer, submit"] = time.perf_counter() - clock

    clock = time.perf_counter()
    hub.formgrader("POST", f"assignment/{WARMUP}/collect")
    for user in STUDENTS:
        hub.formgrader("POST", f"submission/{WARMUP}/{user}/autograde")
    hub.formgrader("POST", f"assignment/{WARMUP}/generate_feedback")
    hub.formgrader("POST", f"assignment/{WARMUP}/release_feedback")
    submissions = hub.formgrader("GET", f"submissions/{WARMUP}")
    timings["collect, autograde, feedback"] = time.perf_counter() - clock

    scores = {s["student"]: float(s["score"]) for s in submissions}
    assert scores == EXPECTED, submissions
    for user in STUDENTS:
        hub.student(user, "fetch_feedback")
        folder = hub.call("GET", f"/user/{user}/api/contents/{WARMUP}/feedback", user=user).json()["content"]
        assert len(folder) == 1, f"{user}: {folder}"
        page = hub.call("GET", f"/user/{user}/api/contents/{folder[0]['path']}/{WARMUP}.html", user=user).json()
        assert f"Score: {EXPECTED[user]} / 7.0" in page["content"], user

    # Students are refused the formgrader: the course's service says 403, their own server has none.
    for user in STUDENTS:
        for path in ("/services/scored/formgrader", f"/services/scored/formgrader/api/submissions/{WARMUP}"):
            assert hub.call("GET", path, user=user, expect=None).status_code == 403, (user, path)
        assert hub.call("GET", f"/user/{user}/formgrader", user=user, expect=None).status_code == 404, user
    log = hub.tail()
    assert "Autograding kernel isolated" in (hub.tmp / "hub.log").read_text() or os.geteuid() != 0, log
    print("\nhub timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "hub-timings.json").write_text(json.dumps({k: round(v, 1) for k, v in timings.items()}, indent=2))
    assert shutil.which("configurable-http-proxy") or CHP.exists()
