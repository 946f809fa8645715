"""Many students' kernels starting at once: none may fail.

Under the hub's trial mode, 2 of 96 kernel starts once died with "Address already in use": each
single-user server picks its kernels' TCP ports by asking the system for free ones and closing
them, and servers starting kernels at the same moment can pick the same port. Students' servers
now talk to their kernels over ipc (Unix sockets in each user's runtime folder;
``KernelManager.transport`` in deploy/student/jupyter_server_config.json), which needs no port.

This test starts ``SERVERS`` Jupyter servers on 127.0.0.1 with the students' settings (each with
its own home and runtime folder, as on the hub), then, ``ROUNDS`` times, has every server start a
kernel at the same moment, runs code in each (``from utils import …``, as a lesson's first cell)
and shuts them down. Every kernel must answer, over ipc, with no restart. The servers' and
kernels' memory is written to ``artifacts/kernel-starts.json`` (deploy/README.md, "Sizing").
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from support import BIN, ROOT

pytestmark = [pytest.mark.classscale, pytest.mark.timeout(900)]
requests = pytest.importorskip("requests")
SERVERS = 10
ROUNDS = 3
LESSON_IMPORT = "from utils import SocialCreditParams, build_network, simulate\nprint(2 + 2)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory_mb(pid: int) -> dict[str, float]:
    """Resident and proportional set size of one process, in MB (Linux)."""
    try:
        rss = int(next(l for l in Path(f"/proc/{pid}/status").read_text().splitlines() if l.startswith("VmRSS")).split()[1])
        pss = int(next(l for l in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines() if l.startswith("Pss:")).split()[1])
    except (OSError, StopIteration):
        return {"rss": 0.0, "pss": 0.0}
    return {"rss": rss / 1024, "pss": pss / 1024}


class Server:
    def __init__(self, k: int, folder: Path):
        self.name = f"student{k:02d}"
        self.home = folder / self.name
        self.runtime = folder / f"r{k}"  # short: a Unix socket's path must stay under 108 characters
        self.home.mkdir()
        self.runtime.mkdir(mode=0o700)
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "HOME": str(self.home), "JUPYTER_RUNTIME_DIR": str(self.runtime),
               "JUPYTER_CONFIG_PATH": str(ROOT / "deploy" / "student"), "JUPYTERHUB_USER": self.name,
               "JUPYTER_DATA_DIR": str(self.home / ".local" / "share" / "jupyter"),
               "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        self.log_path = folder / f"{self.name}.log"
        self.log = self.log_path.open("w")
        command = [str(BIN / "jupyter-server"), "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
                   f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.home}", "--no-browser"]
        if os.geteuid() == 0:
            command.append("--allow-root")
        self.process = subprocess.Popen(command, cwd=self.home, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def api(self, method: str, path: str, **kwargs):
        return requests.request(method, f"{self.url}/api/{path}", headers={"Authorization": f"token {self.token}"},
                                timeout=120, **kwargs)

    def wait_until_up(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_path.read_text()[-3000:]
            try:
                if self.api("GET", "status").status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"{self.name}'s server did not start:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()


def run_in_kernel(server: Server, kernel_id: str, code: str, timeout: float = 120) -> str:
    """Run ``code`` in the kernel through its connection file (the server's own channels stay free)."""
    from jupyter_client import BlockingKernelClient

    info = json.loads((server.runtime / f"kernel-{kernel_id}.json").read_text())
    client = BlockingKernelClient()
    client.load_connection_info(info)
    client.start_channels(hb=False)  # without a heartbeat, wait_for_ready waits for kernel_info itself
    try:
        client.wait_for_ready(timeout=timeout)
        reply = client.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
        assert reply["content"]["status"] == "ok", reply["content"]
        return info["transport"]
    finally:
        client.stop_channels()


@pytest.fixture(scope="module")
def servers():
    if not (BIN / "jupyter-server").exists():
        pytest.skip("jupyter-server is missing: run `python3 course.py test`")
    folder = Path(tempfile.mkdtemp(prefix="ks-"))  # short, for the sockets
    started = [Server(k, folder) for k in range(SERVERS)]
    try:
        deadline = time.monotonic() + 240
        for server in started:
            server.wait_until_up(deadline)
        yield started
    finally:
        for server in started:
            server.stop()


def start_all_at_once(servers: list[Server]) -> dict[str, tuple[int, dict]]:
    barrier = threading.Barrier(len(servers))
    results: dict[str, tuple[int, dict]] = {}

    def start(server: Server) -> None:
        barrier.wait()
        response = server.api("POST", "kernels", json={"name": "python3"})
        results[server.name] = (response.status_code, response.json())

    threads = [threading.Thread(target=start, args=(s,)) for s in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_kernels_started_together_all_answer(servers):
    rounds, memory = [], {}
    for round_number in range(ROUNDS):
        clock = time.perf_counter()
        started = start_all_at_once(servers)
        failed = {name: result for name, result in started.items() if result[0] != 201}
        assert not failed, f"round {round_number + 1}: kernels not started: {failed}"
        transports = {s.name: run_in_kernel(s, started[s.name][1]["id"], LESSON_IMPORT) for s in servers}
        assert set(transports.values()) == {"ipc"}, transports
        for server in servers:
            kernel = server.api("GET", f"kernels/{started[server.name][1]['id']}").json()
            assert kernel["execution_state"] != "dead", (server.name, kernel)
        rounds.append(round(time.perf_counter() - clock, 1))
        if round_number == ROUNDS - 1:  # measure once the kernels hold what a lesson imports
            for server in servers:
                kernel_pids = [int(p) for p in subprocess.run(["pgrep", "-P", str(server.process.pid)],
                                                              capture_output=True, text=True).stdout.split()]
                memory[server.name] = {"server": memory_mb(server.process.pid),
                                       "kernel": memory_mb(kernel_pids[0]) if kernel_pids else {}}
        for server in servers:
            assert server.api("DELETE", f"kernels/{started[server.name][1]['id']}").status_code == 204
    logs = "".join(s.log_path.read_text() for s in servers)
    assert "Address already in use" not in logs and "restarting" not in logs.lower(), logs[-3000:]
    servers_rss = [m["server"]["rss"] for m in memory.values()]
    kernels_rss = [m["kernel"]["rss"] for m in memory.values() if m["kernel"]]
    summary = {"servers": SERVERS, "rounds": ROUNDS, "seconds_per_round": rounds,
               "server_rss_mb_median": round(sorted(servers_rss)[len(servers_rss) // 2]),
               "kernel_rss_mb_median": round(sorted(kernels_rss)[len(kernels_rss) // 2]) if kernels_rss else None,
               "server_pss_mb_median": round(sorted(m["server"]["pss"] for m in memory.values())[SERVERS // 2]),
               "kernel_pss_mb_median": round(sorted(m["kernel"]["pss"] for m in memory.values() if m["kernel"])[
                   len(kernels_rss) // 2]) if kernels_rss else None}
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "kernel-starts.json").write_text(json.dumps(summary, indent=2) + "\n")
    print("\nkernel starts:", summary)
    assert len(kernels_rss) == SERVERS


def test_students_servers_use_ipc():
    """The students' settings ask for ipc kernels (the fix the test above exercises)."""
    config = json.loads((ROOT / "deploy" / "student" / "jupyter_server_config.json").read_text())
    assert config["KernelManager"]["transport"] == "ipc"
