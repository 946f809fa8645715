"""Run an autograding kernel where student code cannot harm the course or the machine.

nbgrader runs each submitted notebook in a Jupyter kernel. Stock, that kernel runs as the
grader, in the course folder: student code can read ``solutions/``, write ``gradebook.db``
and use all of the machine's memory and processes. This launcher wraps the kernel's command
(``grader.execute.IsolatedExecute`` puts it in front) and, when it runs as root on Linux:

* runs the kernel as an unprivileged account (``scored-sandbox``, created with ``useradd``
  when missing) with no supplementary groups and ``no_new_privs`` (setuid programs stay
  powerless);
* in private mount, PID and IPC namespaces, inside a new root that holds only the operating
  system (``/usr``, ``/etc``, ...), the course's Python environment and packages, read-only,
  a minimal ``/dev``, and a private size-limited ``/tmp``. The course folder, the exchange,
  home folders and everything else on the machine are not there at all, whatever their
  permissions;
* with resource limits: address space (memory), processes, CPU time, file size;
* in a copy of the submission's folder (other notebooks left out), so nothing it writes
  reaches the course folder;
* with secrets (tokens, passwords, JupyterHub variables) removed from its environment.

When the kernel (PID 1 of its namespace) ends, the kernel ends every process it started; when
the grader that started this launcher dies (even by SIGKILL), the launcher kills the kernel too,
so no student code outlives its grading.

Run by a grader account through ``sudo`` (deploy/README.md gives the one-line sudoers rule),
it reads the kernel's connection file and the submission folder with that account's
permissions, never root's.

Without root (a laptop), ``--limits-only`` applies the resource limits and nothing else; the
grader logs that the kernel is not isolated. This module uses only the standard library and
is run as a script, so it starts fast: ``python grader/sandbox.py [options] -- KERNEL COMMAND``.
"""
from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import pwd
import re
import resource
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time

if __package__:
    from . import limits
else:  # run as a script (``python grader/sandbox.py``): its own folder is on sys.path
    import limits

__all__ = ["DEFAULT_USER", "main", "sandbox_env"]


DEFAULT_USER = limits.SANDBOX_ACCOUNT
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
DEVICES = ("null", "zero", "full", "random", "urandom")
SECRET = re.compile(r"TOKEN|SECRET|PASSW|CREDENTIAL|API_KEY|PRIVATE|GRADEBOOK|DATABASE_URL|DB_URL|^PG|^JUPYTERHUB_|"
                    r"^AWS_|^GITHUB_|^GH_|^SSH_AUTH", re.IGNORECASE)
MAX_COPY_BYTES = 256 * 1024 * 1024

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWPID = 0x00020000, 0x08000000, 0x20000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = (lambda s: None if s is None else os.fsencode(s))
    _check(_libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)), f"mount {target}")


def _prctl(option: int, value: int) -> None:
    _check(_libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0), f"prctl {option}")


def sandbox_env(environ: dict[str, str], home: str, user: str) -> dict[str, str]:
    """The kernel's environment: the grader's, less anything secret, with a private home.

    Examples
    --------
    >>> env = sandbox_env({"PATH": "/usr/bin", "JUPYTERHUB_API_TOKEN": "x", "MY_PASSWORD": "y",
    ...                    "SCORED_GRADEBOOK_URL": "postgresql+psycopg://grader:pw@db/scored", "PGHOST": "db"},
    ...                   "/tmp/home", "u")
    >>> env["PATH"], env["HOME"], env["USER"]
    ('/usr/bin', '/tmp/home', 'u')
    >>> sorted(set(env) & {"JUPYTERHUB_API_TOKEN", "MY_PASSWORD", "SCORED_GRADEBOOK_URL", "PGHOST"})
    []
    """
    env = {k: v for k, v in environ.items() if not SECRET.search(k)}
    env.update(HOME=home, USER=user, LOGNAME=user, TMPDIR="/tmp", IPYTHONDIR=f"{home}/.ipython",
               MPLCONFIGDIR=f"{home}/.matplotlib", XDG_CACHE_HOME=f"{home}/.cache",
               JUPYTER_RUNTIME_DIR=f"{home}/.runtime")
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(name, "1")  # one thread each: fair to other students, and within the process limit
    return env


def ensure_account(name: str) -> tuple[int, int]:
    """uid and gid of ``name``, creating a locked system account without a home when missing."""
    for attempt in range(6):
        try:
            entry = pwd.getpwnam(name)
            break
        except KeyError:
            if attempt == 5:
                raise KeyError(f"could not create the sandbox account {name!r}: {done.stderr.strip()}") from None
            # Several graders may create accounts at once: useradd refuses while another one holds the
            # lock on /etc/passwd, so try again after a moment (exit 9: the account was made meanwhile).
            done = subprocess.run(["useradd", "--system", "--user-group", "--no-create-home", "--home-dir",
                                   "/nonexistent", "--shell", "/usr/sbin/nologin", name],
                                  check=False, capture_output=True, text=True)
            if done.returncode not in (0, 9):
                time.sleep(0.2 * (attempt + 1))
    if entry.pw_uid == 0:
        raise ValueError(f"the sandbox account {name!r} must not be root")
    return entry.pw_uid, entry.pw_gid


def _read_folder(folder: str) -> list[tuple[str, bytes]]:
    """Regular files under ``folder`` (no notebooks, no symlinks), up to MAX_COPY_BYTES in all."""
    files, total = [], 0
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = os.path.join(dirpath, name)
            if name.endswith(".ipynb") or not stat.S_ISREG(os.lstat(path).st_mode):
                continue
            size = os.path.getsize(path)
            if total + size > MAX_COPY_BYTES:
                continue
            total += size
            with open(path, "rb") as handle:
                files.append((os.path.relpath(path, folder), handle.read()))
    return files


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def package_dirs(names: list[str]) -> list[str]:
    """The folders of the importable packages ``names`` (what ``--package`` shows the kernel)."""
    import importlib.util

    found = []
    for name in names:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            found += list(spec.submodule_search_locations)
        elif spec is not None and spec.origin:
            found.append(os.path.dirname(spec.origin))
    return found


def _exposed_paths(extra: list[str], packages: list[str], hidden: list[str]) -> list[str]:
    """Read-only paths the kernel needs: the OS, this Python, its environment and packages.

    A path that is, or holds, one of ``hidden`` is never shown (e.g. a course root on sys.path).
    """
    paths = [p for p in SYSTEM_DIRS if os.path.lexists(p)]
    candidates = [sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable)),
                  os.path.dirname(os.path.abspath(sys.executable))]
    script_dir = os.path.dirname(os.path.abspath(__file__))
    candidates += [p for p in sys.path if p and os.path.isabs(p) and p != script_dir]
    candidates += package_dirs(packages) + list(extra)
    candidates += [os.path.realpath(p) for p in candidates]
    hidden = [os.path.realpath(h) for h in hidden] + list(hidden)
    for path in sorted({os.path.normpath(p) for p in candidates if os.path.isdir(p)}, key=len):
        if path == "/" or any(_inside(path, p) for p in paths) or any(_inside(h, path) for h in hidden):
            continue
        paths.append(path)
    return paths


def _bind_readonly(source: str, root: str) -> None:
    target = root + source
    if os.path.islink(source):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.lexists(target):
            os.symlink(os.readlink(source), target)
        return
    os.makedirs(target, exist_ok=True)
    _mount(source, target, None, MS_BIND | MS_REC)
    _mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _build_root(root: str, args, files, connection: bytes, uid: int, gid: int) -> dict[str, str]:
    """Inside the new mount namespace: a tmpfs root holding only what the kernel needs."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, f"size={args.tmp_size},mode=755")
    for path in _exposed_paths(args.expose, args.package, args.hide):
        _bind_readonly(path, root)
    os.makedirs(root + "/dev", exist_ok=True)
    _mount("tmpfs", root + "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,mode=755")
    for name in DEVICES:
        if os.path.exists(f"/dev/{name}"):
            open(f"{root}/dev/{name}", "w").close()
            _mount(f"/dev/{name}", f"{root}/dev/{name}", None, MS_BIND)
    os.makedirs(root + "/dev/shm", mode=0o1777)
    os.chmod(root + "/dev/shm", 0o1777)
    for fd, name in enumerate(("stdin", "stdout", "stderr")):
        os.symlink(f"/proc/self/fd/{fd}", f"{root}/dev/{name}")
    os.symlink("/proc/self/fd", f"{root}/dev/fd")
    os.makedirs(root + "/proc", exist_ok=True)
    notes = {}
    try:
        _mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    except OSError as error:  # some containers forbid a new /proc; Python runs without one
        notes["proc"] = str(error)
    os.makedirs(root + "/tmp", exist_ok=True)  # exists already if the environment lives under /tmp
    os.chmod(root + "/tmp", 0o1777)
    os.makedirs(root + "/var", exist_ok=True)
    if not os.path.lexists(root + "/var/tmp"):
        os.symlink("/tmp", root + "/var/tmp")
    for folder in ("/tmp/work", "/tmp/home", "/tmp/.kernel"):
        os.makedirs(root + folder, mode=0o700)
        os.chown(root + folder, uid, gid)
    for rel, data in files:
        path = os.path.join(root + "/tmp/work", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
    for dirpath, dirnames, filenames in os.walk(root + "/tmp/work"):
        for name in dirnames + filenames:
            os.chown(os.path.join(dirpath, name), uid, gid)
    with open(root + "/tmp/.kernel/connection.json", "wb") as handle:
        handle.write(connection)
    os.chown(root + "/tmp/.kernel/connection.json", uid, gid)
    return notes


def _set_limits(args) -> None:
    limits = [(resource.RLIMIT_AS, args.memory), (resource.RLIMIT_CPU, args.cpu),
              (resource.RLIMIT_FSIZE, args.file_size), (resource.RLIMIT_CORE, 0)]
    if not args.limits_only:  # the process limit counts every process of the account
        limits.append((resource.RLIMIT_NPROC, args.processes))
    for which, value in limits:
        if value and value > 0:
            soft, hard = resource.getrlimit(which)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(which, (value, value))


def _connection_file(command: list[str]) -> int | None:
    for index, arg in enumerate(command[:-1]):
        if arg in ("-f", "--f", "--ConnectionFileMixin.connection_file", "--IPKernelApp.connection_file"):
            return index + 1
    return None


def _child(root: str, args, command: list[str], files, connection: bytes | None, uid: int, gid: int) -> None:
    """PID 1 of the new namespace: build the root, drop privileges, become the kernel."""
    try:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        command[0] = os.path.abspath(command[0])  # a relative or "../" path would not exist in the new root
        notes = _build_root(root, args, files, connection or b"{}", uid, gid)
        os.chroot(root)
        os.chdir("/tmp/work")
        _set_limits(args)
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
        _prctl(PR_SET_NO_NEW_PRIVS, 1)
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # cleared by setuid, so set again here
        index = _connection_file(command)
        if index is not None:
            command[index] = "/tmp/.kernel/connection.json"
        env = dict(os.environ)
        env.update(item.split("=", 1) for item in args.setenv if "=" in item)
        env = sandbox_env(env, "/tmp/home", args.user)
        if notes:
            env["SCORED_SANDBOX_NOTES"] = json.dumps(notes)
        os.execve(command[0], command, env)
    except BaseException as error:  # noqa: BLE001  (report anything, then die: never run unisolated)
        print(f"[scored-sandbox] could not start the isolated kernel: {error!r}", file=sys.stderr, flush=True)
    os._exit(70)


@contextlib.contextmanager
def _as_caller():
    """Under sudo, act with the calling account's file permissions (never root's) for the block."""
    caller_uid, caller_gid = int(os.environ.get("SUDO_UID", "0")), int(os.environ.get("SUDO_GID", "0"))
    if caller_uid == 0:
        yield
        return
    os.setegid(caller_gid)
    os.seteuid(caller_uid)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def _kill_when_orphaned(grader: int, kernel: list[int], every: float = 0.5) -> None:
    """Kill the kernel once the process that started this launcher is gone (its parent changes).

    A grader killed outright (SIGKILL, an out-of-memory kill) cannot stop its kernels; this watch
    does it for them. Polling the parent, not PR_SET_PDEATHSIG: that signal fires when the
    *thread* that started us ends, and a grader may start kernels from a thread that ends first.
    """
    while os.getppid() == grader:
        time.sleep(every)
    for child in kernel:   # empty if the kernel was never started
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass


def run_isolated(args, command: list[str]) -> int:
    if os.geteuid() != 0 or not sys.platform.startswith("linux"):
        print("[scored-sandbox] isolation needs root on Linux", file=sys.stderr)
        return 70
    if os.environ.get("SUDO_UID", "0") != "0" and not args.user.startswith(DEFAULT_USER):
        print(f"[scored-sandbox] under sudo the kernel runs only as {DEFAULT_USER}*", file=sys.stderr)
        return 70
    uid, gid = ensure_account(args.user)
    index = _connection_file(command)
    connection = None
    with _as_caller():  # under sudo, read only what the grader account itself may read
        if index is not None:
            with open(command[index], "rb") as handle:
                connection = handle.read()
        files = _read_folder(os.getcwd()) if args.copy_cwd else []
    root = tempfile.mkdtemp(prefix="scored-sandbox-")
    child = 0

    def forward(signum, _frame):
        if not child:
            return
        try:
            if signum == signal.SIGINT:
                # jupyter_client signals the whole process group, the kernel included; only
                # forward when the kernel has left the group.
                if os.getpgid(child) != os.getpgid(0):
                    os.kill(child, signum)
            else:
                os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, forward)
    # Started before unshare: a process that has unshared its PID namespace cannot start threads.
    kernel: list[int] = []
    threading.Thread(target=_kill_when_orphaned, args=(os.getppid(), kernel), daemon=True).start()
    try:
        _check(_libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC), "unshare")
        child = os.fork()
        if child == 0:
            _child(root, args, command, files, connection, uid, gid)
        kernel.append(child)
        del files
        while True:
            try:
                _, status = os.waitpid(child, 0)
                break
            except InterruptedError:
                continue
        return os.waitstatus_to_exitcode(status) if status else 0
    finally:
        _libc.umount2(os.fsencode(root), MNT_DETACH)
        try:
            os.rmdir(root)
        except OSError:
            pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--user", default=DEFAULT_USER, help="unprivileged account the kernel runs as")
    parser.add_argument("--memory", type=int, default=limits.MEMORY_LIMIT, help="address-space limit in bytes")
    parser.add_argument("--processes", type=int, default=limits.PROCESS_LIMIT, help="process (and thread) limit of the account")
    parser.add_argument("--cpu", type=int, default=limits.CPU_LIMIT, help="CPU-time limit per process in seconds")
    parser.add_argument("--file-size", type=int, default=limits.FILE_SIZE_LIMIT, help="largest file the kernel may write")
    parser.add_argument("--tmp-size", type=int, default=limits.TMP_SIZE, help="size of the private /tmp in bytes")
    parser.add_argument("--expose", action="append", default=[], help="extra folder to show read-only")
    parser.add_argument("--package", action="append", default=[],
                        help="importable package whose folder is shown read-only (e.g. utils)")
    parser.add_argument("--hide", action="append", default=[],
                        help="folder that must never be shown, even if it holds an exposed path")
    parser.add_argument("--setenv", action="append", default=[],
                        help="NAME=VALUE for the kernel's environment (sudo resets the caller's)")
    parser.add_argument("--no-copy-cwd", dest="copy_cwd", action="store_false",
                        help="start in an empty folder instead of a copy of the current one")
    parser.add_argument("--limits-only", action="store_true",
                        help="no root: apply the resource limits (not the process limit) and nothing else")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- the kernel command")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no kernel command given")
    if args.limits_only:
        _set_limits(args)
        os.execvp(command[0], command)
    return run_isolated(args, command)


if __name__ == "__main__":
    sys.exit(main())
