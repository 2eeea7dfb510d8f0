"""A whole class on the hub at once: N simulated trainees against a real JupyterHub, measured.

Makes N trainee accounts (chl-001, chl-002, ...) and one instructor (chl-i) from a roster,
sets up and starts the hub with `course hub setup|start` under a temporary prefix (groups
chl-trainees, chl-instructors; an admin API token only for this script), and releases module
01 as the instructor (nbgrader generate_assignment + release_assignment, run from the
instructor's account). Then all N trainees at the same moment, each in its own thread, do
what a trainee does in JupyterLab, through the hub's proxy only:

  log in with the login form (PAM), make an API token from that session, start the server
  and wait until it is ready, fetch 01-case-data (nbgrader's Assignments panel endpoint),
  open 2-exercises.ipynb in a kernel (kernel websocket), run its setup cell, answer
  Question 1 and run its check, save the notebook, and submit (the panel's submit endpoint).

It prints the median and 95th percentile of login-to-kernel-ready and of submit, the peak
memory of the hub and of every process of the class (sum of RSS, sampled every 0.5 s; PSS,
which counts shared pages once, every 5 s), failures, and whether every submission arrived:
the exchange's inbound and the instructor's `nbgrader collect` must hold exactly N
submissions, each with the trainee's notebook and answer.

    .venv/bin/python benchmarks/hub_class.py [--n 40] [--keep]
    .venv/bin/python benchmarks/hub_class.py --find-limit [--step 20] [--budget-minutes 30]

--find-limit runs classes of N, N+step, ... on the same hub until one breaks a bound
(p95 login-to-kernel-ready over --max-p95 seconds, available memory under --min-free GiB,
any failure or lost submission) or the time budget is spent, and reports the largest class
that kept every bound. Needs root (it makes system accounts); everything it made (accounts,
processes, the prefix) is removed at the end unless --keep, and what an interrupted or kept
run left is removed when the next one starts (or with --clean). The shared environment is
reused as tests/test_hub.py reuses it ($COURSE_HUB_TEST_ENV or COURSE_HUB_TEST_USE_ENV).
"""
from __future__ import annotations

import argparse
import grp
import json
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AID = "01-case-data"
NOTEBOOK = "2-exercises.ipynb"
COURSE_ID = "procuratorial-data"
ACCOUNT_PREFIX = "chl-"
GROUPS = "chl"
INSTRUCTOR = "chl-i"
CELLS = ("setup", "answer_load_deaths", "check_load_deaths")  # run in this order
ANSWER = "answer_load_deaths"
GIB = 1024 ** 3


def trainee_names(n: int) -> list[str]:
    return [f"{ACCOUNT_PREFIX}{i:03d}" for i in range(1, n + 1)]


def roster_text(trainees: list[str]) -> str:
    people = [(INSTRUCTOR, "instructor")] + [(t, "trainee") for t in trainees]
    return "".join(f'[[person]]\naccount = "{a}"\nname = "Load {a}"\nrole = "{r}"\n\n' for a, r in people)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n q / 100)
    return ordered[int(rank) - 1]


def solution_source() -> str:
    """Question 1's reference answer, from the source notebook (solution markers dropped)."""
    nb = json.loads((REPO / "notebooks" / AID / NOTEBOOK).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == ANSWER:
            lines = "".join(cell["source"]).splitlines()
            return "\n".join(x for x in lines if "### BEGIN SOLUTION" not in x and "### END SOLUTION" not in x)
    raise SystemExit(f"{AID}/{NOTEBOOK} has no cell {ANSWER!r}")


# --- the hub: setup, start, stop, clean up ---------------------------------------------------

def _course(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course.cli", *args], capture_output=True, text=True,
                          cwd=REPO, env=env)


def _check(proc: subprocess.CompletedProcess, what: str) -> subprocess.CompletedProcess:
    if proc.returncode != 0:
        raise SystemExit(f"{what} failed (exit {proc.returncode}):\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return proc


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as(user: str, *cmd: str, env: dict, cwd: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run a command as `user`, with only `env`, under umask 0002 (as an instructor's server)."""
    full = ["runuser", "-u", user, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()),
            "/bin/sh", "-c", 'umask 0002 && exec "$@"', "sh", *cmd]
    return subprocess.run(full, capture_output=True, text=True, cwd=cwd, timeout=timeout)


class Hub:
    """The hub under a temporary prefix, with the chl- accounts; removed by cleanup()."""

    def __init__(self, env: str, use_env: bool):
        from course.hub import install

        self.prefix = Path(tempfile.mkdtemp(prefix="chl-hub-class-", dir="/tmp"))
        os.chmod(self.prefix, 0o755)  # the trainees' servers must reach the shared folders
        self.args = ["--prefix", str(self.prefix), "--group-prefix", GROUPS,
                     "--use-env" if use_env else "--env", env]
        self.layout = install.Layout(prefix=str(self.prefix), env=env, group_prefix=GROUPS)
        self.settings: dict = {}
        self.token = secrets.token_hex(32)
        self.port = _free_port()
        self.url = ""
        self.accounts: set[str] = set()
        self.passwords: dict[str, str] = {}

    def setup(self, trainees: list[str]) -> float:
        roster = self.prefix / "roster.toml"
        roster.write_text(roster_text(trainees), encoding="utf-8")
        self.accounts |= {INSTRUCTOR, *trainees}
        t0 = time.monotonic()
        _check(_course("hub", "setup", "--roster", str(roster), "--skip-large-data", *self.args), "course hub setup")
        seconds = time.monotonic() - t0
        self.settings = json.loads(self.layout.settings_file.read_text())
        lines = (Path(self.layout.state_dir) / "initial-passwords.txt").read_text().splitlines()
        self.passwords = {x.split("\t")[0]: x.split("\t")[1] for x in lines if x and not x.startswith("#")}
        return seconds

    def start(self) -> float:
        from course.hub import run

        t0 = time.monotonic()
        _check(_course("hub", "start", "--port", str(self.port), *self.args,
                       env={**os.environ, "COURSE_HUB_API_TOKEN": self.token}), "course hub start")
        self.url = run.url(Path(self.layout.state_dir))
        return time.monotonic() - t0

    def stop(self) -> None:
        _course("hub", "stop", *self.args)
        self.kill_leftovers()

    def pid(self) -> int | None:
        try:
            return int((Path(self.layout.state_dir) / "hub.pid").read_text())
        except (OSError, ValueError):
            return None

    def kill_leftovers(self) -> None:
        for name in sorted(self.accounts):
            for pid in subprocess.run(["pgrep", "-u", name], capture_output=True, text=True).stdout.split():
                subprocess.run(["kill", "-KILL", pid], capture_output=True)

    def instructor_env(self) -> dict[str, str]:
        """What the instructor's server gives its terminal (see jupyterhub_config.py)."""
        s = self.settings
        return {"PATH": f"{Path(s['env']) / 'bin'}:/usr/local/bin:/usr/bin:/bin", "HOME": f"/home/{INSTRUCTOR}",
                "LANG": "C.UTF-8", "COURSE_DATA_DIR": s["data_dir"], "NBGRADER_EXCHANGE": s["exchange"],
                "JUPYTER_CONFIG_PATH": os.pathsep.join([os.path.join(s["role_config"], "instructor"),
                                                        s["jupyter_etc"]])}

    def instructor(self, *cmd: str) -> subprocess.CompletedProcess:
        grading = f"/home/{INSTRUCTOR}/course/grading"
        return _check(_as(INSTRUCTOR, *cmd, env=self.instructor_env(), cwd=grading), " ".join(cmd))

    def release(self) -> None:
        self.instructor("nbgrader", "generate_assignment", AID, "--force")
        self.instructor("nbgrader", "release_assignment", AID, "--force")

    def reset_class(self, trainees: list[str]) -> None:
        """Before a round: no fetched copy in any home, nothing in inbound or submitted."""
        for t in trainees:
            shutil.rmtree(f"/home/{t}/{AID}", ignore_errors=True)
        inbound = Path(self.layout.exchange) / COURSE_ID / "inbound"
        for p in inbound.glob("*") if inbound.is_dir() else []:
            shutil.rmtree(p, ignore_errors=True)
        shutil.rmtree(Path(self.layout.course_dir) / "grading" / "submitted", ignore_errors=True)

    def cleanup(self) -> None:
        from course.hub import run

        try:
            self.stop()
        finally:
            run.stop(self.layout.state_dir)
            self.kill_leftovers()
            for name in sorted(self.accounts):
                try:
                    pwd.getpwnam(name)
                except KeyError:
                    continue
                subprocess.run(["userdel", "--remove", name], capture_output=True)
            for group in (f"{GROUPS}-trainees", f"{GROUPS}-instructors"):
                try:
                    grp.getgrnam(group)
                except KeyError:
                    continue
                subprocess.run(["groupdel", group], capture_output=True)
            shutil.rmtree(self.prefix, ignore_errors=True)


def remove_leftovers() -> list[str]:
    """What an interrupted or --keep run left: its hubs and prefixes, the chl- accounts, groups."""
    from course.hub import install, run

    removed = []
    for prefix in sorted(Path(tempfile.gettempdir()).glob("chl-hub-class-*")):
        run.stop(install.Layout(prefix=str(prefix)).state_dir)
        shutil.rmtree(prefix, ignore_errors=True)
        removed.append(str(prefix))
    for name in sorted(p.pw_name for p in pwd.getpwall() if p.pw_name.startswith(ACCOUNT_PREFIX)):
        for pid in subprocess.run(["pgrep", "-u", name], capture_output=True, text=True).stdout.split():
            subprocess.run(["kill", "-KILL", pid], capture_output=True)
        subprocess.run(["userdel", "--remove", name], capture_output=True)
        removed.append(name)
    for group in (f"{GROUPS}-trainees", f"{GROUPS}-instructors"):
        if subprocess.run(["groupdel", group], capture_output=True).returncode == 0:
            removed.append(group)
    return removed


# --- memory of the whole class ---------------------------------------------------------------

class MemorySampler(threading.Thread):
    """Sum of RSS of the hub's process tree and of every process of a chl- account, every
    0.5 s; PSS (shared pages counted once) every 5 s; the lowest available memory."""

    def __init__(self, hub_pid: int | None):
        super().__init__(daemon=True)
        self.hub_pid = hub_pid
        self.halt = threading.Event()
        self.peak_rss = self.peak_pss = 0
        self.peak_processes = 0
        self.cpu: dict[int, float] = {}  # pid -> last seen user + system seconds
        self.min_available = psutil_mod().virtual_memory().available

    def processes(self) -> list:
        psutil = psutil_mod()
        found = {}
        try:
            hub = psutil.Process(self.hub_pid) if self.hub_pid else None
            for p in ([hub, *hub.children(recursive=True)] if hub else []):
                found[p.pid] = p
        except psutil.Error:
            pass
        for p in psutil.process_iter(["username"]):
            if (p.info["username"] or "").startswith(ACCOUNT_PREFIX):
                found[p.pid] = p
        return list(found.values())

    def sample(self, pss: bool) -> None:
        psutil = psutil_mod()
        rss = pss_sum = 0
        procs = self.processes()
        for p in procs:
            try:
                times = p.cpu_times()
                self.cpu[p.pid] = times.user + times.system
                if pss:
                    info = p.memory_full_info()
                    rss += info.rss
                    pss_sum += info.pss
                else:
                    rss += p.memory_info().rss
            except psutil.Error:
                pass
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_pss = max(self.peak_pss, pss_sum)
        self.peak_processes = max(self.peak_processes, len(procs))
        self.min_available = min(self.min_available, psutil.virtual_memory().available)

    def run(self) -> None:
        i = 0
        while not self.halt.is_set():
            self.sample(pss=i % 10 == 0)
            i += 1
            self.halt.wait(0.5)

    def stop(self) -> None:
        self.halt.set()
        self.join()
        self.sample(pss=True)


def psutil_mod():
    import psutil

    return psutil


# --- one trainee -----------------------------------------------------------------------------

class StepError(RuntimeError):
    def __init__(self, step: str, detail: str):
        super().__init__(f"{step}: {detail}")
        self.step = step


@dataclass
class Trainee:
    name: str
    password: str
    base: str
    times: dict = field(default_factory=dict)  # step -> seconds since the run started
    error: StepError | None = None


def _expect(step: str, response, *codes: int):
    if response.status_code not in codes:
        text = re.sub(r"\s+", " ", re.sub(r"(?s)<head>.*?</head>|<[^>]+>", " ", response.text)).strip()
        raise StepError(step, f"HTTP {response.status_code} from {response.request.method} "
                              f"{response.request.path_url}: {text[:300]}")
    return response


def _hub_xsrf(session) -> str:
    for cookie in session.cookies:
        if cookie.name == "_xsrf" and cookie.path.startswith("/hub"):
            return cookie.value
    raise StepError("login", "the hub set no _xsrf cookie")


class KernelChannel:
    """A kernel's websocket through the proxy, as JupyterLab opens it."""

    def __init__(self, ws_url: str, headers: dict, user: str):
        import websocket

        self.ws = websocket.create_connection(ws_url, header=[f"{k}: {v}" for k, v in headers.items()],
                                              timeout=120)
        self.user, self.session = user, uuid.uuid4().hex

    def request(self, msg_type: str, content: dict, timeout: float) -> list[dict]:
        """Send a shell request; return every message it caused, up to its reply and idle."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": msg_type, "username": self.user,
                                            "session": self.session, "version": "5.3"},
                                 "parent_header": {}, "metadata": {}, "channel": "shell", "content": content}))
        got, replied, idle = [], False, False
        deadline = time.monotonic() + timeout
        while not (replied and idle):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no answer to {msg_type} within {timeout:.0f} s")
            self.ws.settimeout(max(1.0, deadline - time.monotonic()))
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            got.append(msg)
            replied = replied or msg["msg_type"].endswith("_reply")
            idle = idle or (msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle")
        return got

    def execute(self, code: str, timeout: float = 180) -> list[dict]:
        return self.request("execute_request", {"code": code, "silent": False, "store_history": True,
                                                "user_expressions": {}, "allow_stdin": False}, timeout)

    def close(self) -> None:
        self.ws.close()


def run_trainee(t: Trainee, t_start: float, answer: str, ready_timeout: float) -> None:
    """Everything one trainee does, step by step; the first error ends the trainee's run."""
    import requests

    def mark(step: str) -> None:
        t.times[step] = time.monotonic() - t_start

    step = "login"
    try:
        s = requests.Session()
        mark("start")
        _expect(step, s.get(f"{t.base}/hub/login", timeout=60), 200)
        r = s.post(f"{t.base}/hub/login", data={"username": t.name, "password": t.password, "_xsrf": _hub_xsrf(s)},
                   allow_redirects=False, timeout=120)
        _expect(step, r, 302)
        r = s.post(f"{t.base}/hub/api/users/{t.name}/tokens", headers={"X-XSRFToken": _hub_xsrf(s)},
                   json={"note": "hub_class benchmark", "expires_in": 3600}, timeout=60)
        auth = {"Authorization": f"token {_expect(step, r, 201).json()['token']}"}
        mark("login")

        step = "server"
        _expect(step, s.post(f"{t.base}/hub/api/users/{t.name}/server", headers=auth, timeout=120), 201, 202)
        deadline = time.monotonic() + ready_timeout
        while True:
            model = _expect(step, s.get(f"{t.base}/hub/api/users/{t.name}", headers=auth, timeout=60), 200).json()
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                break
            if not model.get("pending") and not server:
                raise StepError(step, "the server stopped while starting (see hub.log)")
            if time.monotonic() > deadline:
                raise StepError(step, f"not ready after {ready_timeout:.0f} s")
            time.sleep(0.5)
        mark("server")
        user_url = f"{t.base}/user/{t.name}"

        step = "fetch"
        form = {"course_id": COURSE_ID, "assignment_id": AID}
        r = _expect(step, s.post(f"{user_url}/assignments/fetch", data=form, headers=auth, timeout=300), 200)
        listing = r.json()
        fetched = [a for a in listing.get("value", []) if a.get("assignment_id") == AID and a.get("status") == "fetched"]
        if not listing.get("success") or not fetched:
            raise StepError(step, f"not fetched: {json.dumps(listing)[:300]}")
        mark("fetch")

        step = "kernel"
        path = f"{AID}/{NOTEBOOK}"
        r = s.post(f"{user_url}/api/sessions", headers=auth, timeout=120,
                   json={"path": path, "name": NOTEBOOK, "type": "notebook", "kernel": {"name": "python3"}})
        kernel_id = _expect(step, r, 201).json()["kernel"]["id"]
        ws_url = user_url.replace("http://", "ws://", 1) + f"/api/kernels/{kernel_id}/channels"
        channel = KernelChannel(ws_url, auth, t.name)
        channel.request("kernel_info_request", {}, timeout=ready_timeout)
        mark("kernel")

        step = "cells"
        r = _expect(step, s.get(f"{user_url}/api/contents/{path}", params={"content": 1}, headers=auth,
                                timeout=120), 200)
        model = r.json()
        cells = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): c for c in model["content"]["cells"]}
        missing = [g for g in CELLS if g not in cells]
        if missing:
            raise StepError(step, f"the fetched notebook has no cell {missing}")
        cells[ANSWER]["source"] = answer  # the trainee types the answer
        try:
            for grade_id in CELLS:
                msgs = channel.execute("".join(cells[grade_id]["source"]))
                errors = [m["content"] for m in msgs if m["msg_type"] == "error"]
                if errors:
                    raise StepError(step, f"cell {grade_id}: {errors[0]['ename']}: {errors[0]['evalue'][:200]}")
        finally:
            channel.close()
        mark("cells")

        step = "save"
        body = {"type": "notebook", "format": "json", "content": model["content"]}
        _expect(step, s.put(f"{user_url}/api/contents/{path}", json=body, headers=auth, timeout=120), 200)
        mark("save")

        step = "submit"
        r = _expect(step, s.post(f"{user_url}/assignments/submit", data=form, headers=auth, timeout=300), 200)
        if not r.json().get("success"):
            raise StepError(step, str(r.json().get("value"))[-300:])
        mark("submit")
    except StepError as exc:
        t.error = exc
    except Exception as exc:  # a timeout, a closed websocket, a refused connection
        t.error = StepError(step, f"{type(exc).__name__}: {exc}"[:400])


# --- one round: N trainees at once -----------------------------------------------------------

@dataclass
class Round:
    n: int
    wall: float = 0.0
    login_to_kernel: list = field(default_factory=list)
    submit: list = field(default_factory=list)
    server: list = field(default_factory=list)
    failures: dict = field(default_factory=dict)  # trainee -> "step: detail"
    submitted: set = field(default_factory=set)  # trainees whose submit answered success
    inbound: set = field(default_factory=set)
    collected: set = field(default_factory=set)
    hub_rss_idle: int = 0
    peak_rss: int = 0
    peak_pss: int = 0
    peak_processes: int = 0
    min_available: int = 0
    cpu_seconds: float = 0.0
    load_before: float = 0.0

    @property
    def lost(self) -> int:
        """Submissions that the trainee's server accepted but the instructor does not have."""
        return len(self.submitted - (self.inbound & self.collected))

    def p(self, values: list, q: float) -> float:
        return percentile(values, q) if values else float("nan")


def has_answer(notebook: Path, answer: str) -> bool:
    """Is this a notebook whose Question 1 cell holds the trainee's answer?"""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return False
    return any(c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == ANSWER
               and "".join(c["source"]) == answer for c in cells)


def count_submissions(hub: Hub, trainees: list[str], answer: str) -> tuple[set, set]:
    """(trainees whose submission is in inbound with the answer, trainees that nbgrader
    collect brought into the course directory with the answer)."""
    inbound = Path(hub.layout.exchange) / COURSE_ID / "inbound"
    in_exchange = {folder.name.split("+")[0] for folder in inbound.glob(f"{ACCOUNT_PREFIX}*+{AID}+*")
                   if has_answer(folder / NOTEBOOK, answer)}
    hub.instructor("nbgrader", "collect", AID)
    submitted = Path(hub.layout.course_dir) / "grading" / "submitted"
    collected = {t for t in trainees if has_answer(submitted / t / AID / NOTEBOOK, answer)}
    return in_exchange & set(trainees), collected


def run_round(hub: Hub, n: int, answer: str, ready_timeout: float) -> Round:
    trainees = trainee_names(n)
    hub.reset_class(trainees)
    result = Round(n)
    result.load_before = os.getloadavg()[0]
    sampler = MemorySampler(hub.pid())
    sampler.sample(pss=True)
    result.hub_rss_idle = sampler.peak_rss
    cpu_before = sum(sampler.cpu.values())
    sampler.start()
    people = [Trainee(name, hub.passwords[name], hub.url) for name in trainees]
    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=n) as pool:
        list(pool.map(lambda t: run_trainee(t, t0, answer, ready_timeout), people))
    result.wall = time.monotonic() - t0
    time.sleep(2)  # every kernel still running: one more look at the memory
    sampler.stop()
    result.peak_rss, result.peak_pss = sampler.peak_rss, sampler.peak_pss
    result.peak_processes, result.min_available = sampler.peak_processes, sampler.min_available
    result.cpu_seconds = sum(sampler.cpu.values()) - cpu_before
    for t in people:
        if t.error:
            result.failures[t.name] = str(t.error)
            continue
        result.login_to_kernel.append(t.times["kernel"] - t.times["start"])
        result.server.append(t.times["server"] - t.times["login"])
        result.submit.append(t.times["submit"] - t.times["save"])
        result.submitted.add(t.name)
    result.inbound, result.collected = count_submissions(hub, trainees, answer)
    return result


def report(r: Round) -> None:
    ok = r.n - len(r.failures)
    print(f"\n== {r.n} trainees at once: {ok} went through, {len(r.failures)} failed, wall {r.wall:.1f} s")
    for label, values in (("login -> kernel ready", r.login_to_kernel),
                          ("  of which server start", r.server), ("submit", r.submit)):
        print(f"{label:26s} p50 {r.p(values, 50):6.2f} s   p95 {r.p(values, 95):6.2f} s   "
              f"max {max(values, default=float('nan')):6.2f} s")
    print(f"peak memory (sum of RSS)   {r.peak_rss / GIB:6.2f} GiB over {r.peak_processes} processes "
          f"(hub alone before: {r.hub_rss_idle / 2**20:.0f} MiB)")
    print(f"per trainee                {(r.peak_rss - r.hub_rss_idle) / r.n / 2**20:6.0f} MiB RSS, "
          f"{(r.peak_pss - r.hub_rss_idle) / r.n / 2**20:.0f} MiB PSS (peak PSS {r.peak_pss / GIB:.2f} GiB)")
    print(f"lowest available memory    {r.min_available / GIB:6.2f} GiB of "
          f"{psutil_mod().virtual_memory().total / GIB:.1f} GiB (machine shared with other work)")
    print(f"CPU of the class           {r.cpu_seconds:6.0f} s ({r.cpu_seconds / r.n:.1f} s per trainee) on "
          f"{os.cpu_count()} cores; load average before: {r.load_before:.1f} (other work on the machine)")
    print(f"submissions                {len(r.submitted)} accepted; in inbound {len(r.inbound)}, "
          f"collected {len(r.collected)}; lost {r.lost}")
    by_step: dict[str, int] = {}
    for detail in r.failures.values():
        by_step[detail.split(":")[0]] = by_step.get(detail.split(":")[0], 0) + 1
    for name, detail in sorted(r.failures.items())[:10]:
        print(f"  failed {name}: {detail}")
    if by_step:
        print("  failures by step: " + ", ".join(f"{k} {v}" for k, v in sorted(by_step.items())))


def broken(r: Round, max_p95: float, min_free: float) -> str:
    """Which bound this round broke, or ''."""
    if r.failures:
        return f"{len(r.failures)} failures"
    if r.lost:
        return f"{r.lost} submissions lost"
    if r.p(r.login_to_kernel, 95) > max_p95:
        return f"p95 login -> kernel ready {r.p(r.login_to_kernel, 95):.1f} s > {max_p95:.0f} s"
    if r.min_available < min_free * GIB:
        return f"available memory fell to {r.min_available / GIB:.2f} GiB < {min_free:.1f} GiB"
    return ""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=40, help="trainees at once (the first class with --find-limit)")
    parser.add_argument("--keep", action="store_true", help="leave the hub running, the accounts and the prefix")
    parser.add_argument("--clean", action="store_true", help="only remove what an earlier run left, then stop")
    parser.add_argument("--find-limit", action="store_true", help="grow the class until a bound breaks")
    parser.add_argument("--step", type=int, default=20, help="trainees added per --find-limit round")
    parser.add_argument("--max-n", type=int, default=400, help="never more trainees than this")
    parser.add_argument("--max-p95", type=float, default=60.0, help="bound: p95 login -> kernel ready (s)")
    parser.add_argument("--min-free", type=float, default=2.0, help="bound: lowest available memory (GiB)")
    parser.add_argument("--budget-minutes", type=float, default=30.0, help="no new round after this")
    parser.add_argument("--ready-timeout", type=float, default=300.0, help="wait for a server or kernel (s)")
    default_env = os.environ.get("COURSE_HUB_TEST_USE_ENV") or os.environ.get(
        "COURSE_HUB_TEST_ENV", "/var/cache/procuratorial-course-tests/venv")
    parser.add_argument("--env", default=default_env, help="the shared environment (default: the tests' cache)")
    parser.add_argument("--use-env", action="store_true", default=bool(os.environ.get("COURSE_HUB_TEST_USE_ENV")),
                        help="--env is an existing environment with the [hub] extra: install nothing")
    args = parser.parse_args(argv)
    if args.n < 1 or args.step < 1 or args.n > 999:
        parser.error("--n must be 1 to 999 and --step at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if os.geteuid() != 0 or not shutil.which("useradd"):
        print("hub_class.py makes system accounts: run it as root", file=sys.stderr)
        return 2
    for module in ("requests", "websocket", "psutil", "jupyterhub"):
        __import__(module)  # fail now, not in 40 threads
    left = remove_leftovers()
    if left:
        print(f"removed what an earlier run left: {', '.join(left)}")
    if args.clean:
        return 0
    answer = solution_source()
    began = time.monotonic()
    hub = Hub(args.env, args.use_env)
    rounds: list[Round] = []
    reason = ""
    try:
        n = args.n
        while True:
            setup_s = hub.setup(trainee_names(n))
            hub.stop()  # the roster changed: the hub reads it when it starts
            start_s = hub.start()
            if not rounds:
                hub.release()
            print(f"\nhub on {hub.url}: setup {setup_s:.1f} s, start {start_s:.1f} s, prefix {hub.prefix}",
                  flush=True)
            r = run_round(hub, n, answer, args.ready_timeout)
            rounds.append(r)
            report(r)
            reason = broken(r, args.max_p95, args.min_free)
            spent = (time.monotonic() - began) / 60
            if not args.find_limit or reason or n + args.step > args.max_n:
                break
            if spent + 1.5 * spent / len(rounds) > args.budget_minutes:  # the next round is bigger
                reason = f"time budget ({args.budget_minutes:.0f} min) reached after {spent:.1f} min"
                break
            n += args.step
    finally:
        if args.keep:
            print(f"\nkept: hub on {hub.url}, prefix {hub.prefix}, accounts {ACCOUNT_PREFIX}*, "
                  f"admin token {hub.token}")
        else:
            hub.cleanup()
    if args.find_limit:
        fit = [r.n for r in rounds if not broken(r, args.max_p95, args.min_free)]
        print(f"\n== find-limit: rounds {', '.join(str(r.n) for r in rounds)}; stopped: {reason or 'at --max-n'}")
        print(f"largest class that kept every bound (p95 login -> kernel ready <= {args.max_p95:.0f} s, "
              f"available memory >= {args.min_free:.1f} GiB, no failure, nothing lost): "
              f"{max(fit) if fit else 'none'} trainees")
    last = rounds[-1] if rounds else None
    return 0 if last and (args.find_limit or not (last.failures or last.lost)) else 1


if __name__ == "__main__":
    sys.exit(main())
