"""`course hub` under faults: a hub restart or kill, a trainee's server killed mid-submission,
`course autograde` killed mid-run. No submitted work and no grade may be lost (needs root).

A small class of its own (trainees chf-a and chf-b, instructor chf-i; groups chf-trainees
and chf-instructors) with every shared path under a temporary prefix, the hub started as a
script starts it (`course hub start`), module 01 released. The tests run in file order and
build on each other: submissions made in the first are graded in the last. Everything made
is removed at the end, also on failure. The shared environment is test_hub's cache.
"""
from __future__ import annotations

import hashlib
import json
import os
import pwd
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

from test_hub import (_as, _course, _exists, _free_port, _remove_accounts, _server_env, _start_servers,
                      _user_token)

from course.autograde import batch
from course.hub import exchange, install, run

pytestmark = [pytest.mark.hub, pytest.mark.xdist_group("hub-faults")]

requests = pytest.importorskip("requests")
nbformat = pytest.importorskip("nbformat")

TRAINEES = ("chf-a", "chf-b")
INSTRUCTOR = "chf-i"
GROUPS = "chf"
AID = "01-case-data"
COURSE_ID = install.COURSE_ID
ROSTER = "".join(f'[[person]]\naccount = "{a}"\nname = "{a}"\nrole = "{r}"\n\n' for a, r in
                 (("chf-a", "trainee"), ("chf-b", "trainee"), ("chf-i", "instructor")))


def _alive_pids(user: str) -> list[int]:
    out = subprocess.run(["pgrep", "-u", user], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out if run._alive(int(p))]


def _kill_user(user: str) -> None:
    """kill -9 every process of `user` (their server and its kernels), and wait until gone."""
    for _ in range(50):
        pids = _alive_pids(user)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.1)
    raise AssertionError(f"{user}'s processes survived kill -9: {_alive_pids(user)}")


@pytest.fixture(scope="module")
def hub():
    accounts = (*TRAINEES, INSTRUCTOR)
    groups = (f"{GROUPS}-trainees", f"{GROUPS}-instructors")
    _remove_accounts(accounts, groups)  # leftovers of an interrupted run
    prefix = Path(tempfile.mkdtemp(prefix="course-hub-faults-", dir="/tmp"))  # reachable by the servers
    os.chmod(prefix, 0o755)
    layout = install.Layout(prefix=str(prefix), group_prefix=GROUPS)
    try:
        (prefix / "roster.toml").write_text(ROSTER, encoding="utf-8")
        use_env = os.environ.get("COURSE_HUB_TEST_USE_ENV")
        env = use_env or os.environ.get("COURSE_HUB_TEST_ENV_FAULTS",
                               "/var/cache/procuratorial-course-tests/venv-faults")
        args = ["--prefix", str(prefix), "--group-prefix", GROUPS, "--use-env" if use_env else "--env", env]
        layout = install.Layout(prefix=str(prefix), env=env, group_prefix=GROUPS)
        proc = _course("hub", "setup", "--roster", str(prefix / "roster.toml"), "--skip-large-data", *args)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        info = {"prefix": prefix, "args": args, "layout": layout, "port": _free_port(),
                "token": uuid.uuid4().hex, "state": Path(layout.state_dir)}
        info["api"] = {"Authorization": f"token {info['token']}"}
        _hub_start(info)
        _start_servers(info, [INSTRUCTOR])
        info["env_i"] = {**_server_env(INSTRUCTOR), "HOME": f"/home/{INSTRUCTOR}"}
        info["grading"] = f"/home/{INSTRUCTOR}/course/grading"
        for step in (["generate_assignment", AID, "--force"], ["release_assignment", AID, "--force"]):
            proc = _as(INSTRUCTOR, "nbgrader", *step, env=info["env_i"], cwd=info["grading"])
            assert proc.returncode == 0, proc.stdout + proc.stderr
        yield info
    finally:
        run.stop(layout.state_dir)
        _remove_accounts(accounts, groups)
        shutil.rmtree(prefix, ignore_errors=True)
        assert not any(_exists(a) for a in accounts)


def _hub_start(info) -> None:
    proc = _course("hub", "start", "--port", str(info["port"]), *info["args"],
                   env={**os.environ, "COURSE_HUB_API_TOKEN": info["token"]})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    info["url"] = run.url(info["state"])


def _hub_stop(info) -> None:
    proc = _course("hub", "stop", *info["args"])
    assert proc.stdout.strip() == "stopped", proc.stdout + proc.stderr


def _hub_kill(info) -> None:
    pid = int((info["state"] / "hub.pid").read_text())
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while run._alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not run._alive(pid)


# --- what is where: the exchange, the homes -------------------------------------------------

def _inbound(info) -> Path:
    return Path(info["layout"].exchange) / COURSE_ID / "inbound"


def _tree(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (checkpoints aside), by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".ipynb_checkpoints" not in p.parts}


def _submissions(info, user: str) -> dict[str, dict[str, str]]:
    """What `nbgrader collect` would consider for `user`: inbound/<user>+<assignment>+*."""
    return {p.name: _tree(p) for p in sorted(_inbound(info).glob(f"{user}+{AID}+*"))}


def _released(info) -> list[str]:
    return sorted(p.name for p in (Path(info["layout"].exchange) / COURSE_ID / "outbound" / AID).glob("*.ipynb"))


def _assert_complete(info, name: str, files: dict[str, str], expected: dict[str, str]) -> None:
    """A submission collect may take: every file of the trainee's folder with its content,
    each notebook readable by nbformat, the timestamp written."""
    folder = _inbound(info) / name
    assert "timestamp.txt" in files and (folder / "timestamp.txt").read_text().strip(), name
    for nb in _released(info):
        nbformat.read(folder / nb, as_version=4)  # raises on a torn file
    handed_in = {k: v for k, v in files.items() if k not in ("timestamp.txt", "submission_secret.txt")}
    assert handed_in == expected, f"{name} is not what the trainee had: {sorted(set(handed_in) ^ set(expected))}"


def _home(user: str) -> Path:
    return Path(f"/home/{user}") / AID


def _api(info, user: str, action: str, headers: dict, timeout: float = 120):
    return requests.post(f"{info['url']}/user/{user}/assignments/{action}", headers=headers,
                         data={"assignment_id": AID, "course_id": COURSE_ID}, timeout=timeout)


def _fetch_and_answer(info, user: str, answers) -> None:
    """Fetch module 01 through the server, then answer it as the trainee would."""
    from course.classroom import submission

    headers = _user_token(info, user)
    r = _api(info, user, "fetch", headers)
    assert r.status_code == 200 and _home(user).is_dir(), r.text[:500]
    source = Path(info["layout"].course_dir) / "notebooks" / AID  # the instructors' sources
    nb = submission(_home(user), source, "2-exercises.ipynb", answers)
    target = _home(user) / "2-exercises.ipynb"
    pw = pwd.getpwnam(user)
    nbformat.write(nb, target)
    os.chown(target, pw.pw_uid, pw.pw_gid)


def _submit(info, user: str, headers: dict | None = None) -> None:
    r = _api(info, user, "submit", headers or _user_token(info, user))
    assert r.status_code == 200, r.text[:500]
    assert r.json()["success"], r.text[:2000]


def _server_works(info, user: str) -> None:
    """The trainee's own server answers through the proxy, with the hub's authentication."""
    r = requests.get(f"{info['url']}/user/{user}/api/contents/{AID}", headers=_user_token(info, user),
                     timeout=30, allow_redirects=False)
    assert r.status_code == 200, f"{user}'s server: {r.status_code} {r.text[:300]}"


def _restart_server(info, user: str) -> None:
    """Stop (as the hub's control panel does; the process may be dead already) and start."""
    base, api = info["url"], info["api"]
    r = requests.delete(f"{base}/hub/api/users/{user}/server", headers=api, timeout=60)
    assert r.status_code in (202, 204, 400), r.text  # 400: not running
    deadline = time.monotonic() + 60
    while requests.get(f"{base}/hub/api/users/{user}", headers=api, timeout=10).json()["servers"]:
        assert time.monotonic() < deadline, f"{user}'s server did not stop"
        time.sleep(0.2)
    _start_servers(info, [user])
    _server_works(info, user)


# --- 1. the hub restarted, or killed, while the trainees' servers run -------------------------

def test_hub_restart_and_kill_lose_no_submission(hub):
    from course.classroom import demo_class

    mistakes = next(t for t in demo_class(AID) if t.id == "demo-mistakes-1")
    _start_servers(hub, list(TRAINEES))
    _fetch_and_answer(hub, "chf-a", "reference")
    _fetch_and_answer(hub, "chf-b", mistakes.answers)
    for user in TRAINEES:
        _submit(hub, user)
    before = {u: _submissions(hub, u) for u in TRAINEES}
    homes = {u: _tree(_home(u)) for u in TRAINEES}
    for user in TRAINEES:
        assert len(before[user]) == 1
        _assert_complete(hub, *next(iter(before[user].items())), homes[user])

    _hub_stop(hub)  # stops everyone's server (cleanup_servers)
    assert not any(_alive_pids(u) for u in TRAINEES)
    _hub_start(hub)
    _start_servers(hub, list(TRAINEES))
    for user in TRAINEES:
        _server_works(hub, user)
    assert {u: _submissions(hub, u) for u in TRAINEES} == before
    assert {u: _tree(_home(u)) for u in TRAINEES} == homes

    _hub_kill(hub)  # kill -9: no cleanup, the servers keep running without their hub
    _hub_start(hub)
    _start_servers(hub, list(TRAINEES))  # the hub takes the running servers back (or restarts them)
    for user in TRAINEES:
        _server_works(hub, user)
    assert {u: _submissions(hub, u) for u in TRAINEES} == before
    assert {u: _tree(_home(u)) for u in TRAINEES} == homes

    for user in TRAINEES:  # a second submission after the restarts
        _submit(hub, user)
        after = _submissions(hub, user)
        assert len(after) == 2 and set(before[user]) < set(after)
        assert {k: after[k] for k in before[user]} == before[user]
        new = (set(after) - set(before[user])).pop()
        _assert_complete(hub, new, after[new], homes[user])


# --- 2. a trainee's server killed mid-submission ----------------------------------------------

SCANS = "evidence-scans"  # many files beside the notebooks, so that a submit's copy takes a while


def test_server_killed_mid_submission_leaves_complete_or_nothing(hub):
    user = "chf-b"
    pw = pwd.getpwnam(user)
    scans = _home(user) / SCANS
    scans.mkdir()
    for i in range(1500):
        (scans / f"page-{i:04d}.png").write_bytes(os.urandom(32 * 1024))
    for p in (scans, *scans.iterdir()):
        os.chown(p, pw.pw_uid, pw.pw_gid)
    home = _tree(_home(user))
    staging = _inbound(hub) / f"{exchange.STAGING}{user}+{AID}"
    outcomes = []
    try:
        # kill when the copy has begun (something new in inbound), then after fixed delays
        for when in ("copying", "copying", 0.0, 1.5):
            _restart_server(hub, user)
            headers = _user_token(hub, user)
            known, left = set(os.listdir(_inbound(hub))), _inode(staging)  # a killed copy's leftover
            thread = threading.Thread(target=_try, args=(_api, hub, user, "submit", headers), daemon=True)
            thread.start()
            if when == "copying":
                deadline = time.monotonic() + 30
                while (set(os.listdir(_inbound(hub))) <= known and _inode(staging) in (None, left)
                       and time.monotonic() < deadline):
                    time.sleep(0.002)
            else:
                time.sleep(when)
            _kill_user(user)
            thread.join(30)
            subs = _submissions(hub, user)
            new = set(subs) - known
            assert len(new) <= 1
            for name in new:  # complete, or not there at all
                _assert_complete(hub, name, subs[name], home)
            outcomes.append("complete" if new else "cut mid-copy" if _inode(staging) not in (None, left)
                            else "absent")
            assert _tree(_home(user)) == home, "the trainee's own folder changed"
        print(f"\nserver killed mid-submission: {outcomes}")
        assert "cut mid-copy" in outcomes[:2], f"no kill landed during the copy: {outcomes}"
        _restart_server(hub, user)
        known = set(_submissions(hub, user))
        _submit(hub, user)
        subs = _submissions(hub, user)
        (new,) = set(subs) - known
        _assert_complete(hub, new, subs[new], home)
        assert not staging.exists(), "the next submit did not clear what the killed one left"
    finally:
        shutil.rmtree(scans, ignore_errors=True)


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def _try(fn, *args):
    try:
        fn(*args)
    except requests.RequestException:
        pass  # the server died under the request: expected


# --- 3. grades survive a hub restart and a killed `course autograde` -------------------------

def _scores(info) -> dict:
    db = Path(info["layout"].course_dir) / "grading" / "gradebook.db"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        rows = con.execute(
            "select s.student_id, n.name, c.name, g.auto_score, g.manual_score from grade g "
            "join base_cell c on g.cell_id = c.id join submitted_notebook sn on g.notebook_id = sn.id "
            "join notebook n on sn.notebook_id = n.id join submitted_assignment s on sn.assignment_id = s.id"
        ).fetchall()
    finally:
        con.close()
    return {(s, nb, cell): (auto, manual) for s, nb, cell, auto, manual in rows}


def _autograde(info, *extra) -> subprocess.Popen:
    env = info["env_i"]
    umask = env.get("UMASK", "0002")
    cmd = ["runuser", "-u", INSTRUCTOR, "--", "env", "-i",
           *(f"{k}={v}" for k, v in env.items() if k != "UMASK"),
           "/bin/sh", "-c", f'umask {umask} && exec "$@"', "sh",
           "course", "autograde", AID, *(extra or ("--jobs", "1"))]
    return subprocess.Popen(cmd, cwd=info["grading"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)


def _markers(info) -> dict[str, tuple]:
    autograded = Path(info["layout"].course_dir) / "grading" / "autograded"
    out = {}
    for p in autograded.glob(f"*/{AID}/{batch.MARKER}"):
        try:
            st, key = p.stat(), json.loads(p.read_text())["key"]
        except (OSError, ValueError):  # being replaced right now
            continue
        out[p.parent.parent.name] = (st.st_ino, st.st_mtime_ns, key)
    return out


# (trainee, notebook, grade cell, manual score, answer cell, manual comment)
MANUAL = ("chf-b", "2-exercises", "check_chart", 1.5, "answer_chart",
          "The axes have no labels; the chart still shows the trend.")


def test_grades_survive_restart_and_killed_autograde(hub):
    grading = hub["grading"]
    proc = _as(INSTRUCTOR, "nbgrader", "collect", "--update", AID, env=hub["env_i"], cwd=grading)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ag = _autograde(hub, "--jobs", "2")
    out, _ = ag.communicate(timeout=300)
    assert ag.returncode == 0, out[-3000:]
    reference = _scores(hub)
    assert {k[0] for k in reference} == set(TRAINEES)
    assert any(v[0] for v in reference.values()), "nothing scored: the submissions were not graded"

    # The instructor's hand grading, in the gradebook before anything fails.
    student, notebook, cell, score, answer, comment = MANUAL
    script = (
        "import sys\nfrom nbgrader.api import Gradebook\n"
        "with Gradebook('sqlite:///' + sys.argv[1]) as gb:\n"
        f"    g = gb.find_grade({cell!r}, {notebook!r}, {AID!r}, {student!r}); g.manual_score = {score}\n"
        f"    c = gb.find_comment({answer!r}, {notebook!r}, {AID!r}, {student!r}); c.manual_comment = {comment!r}\n"
        "    gb.db.commit()\n")
    db = str(Path(hub["layout"].course_dir) / "grading" / "gradebook.db")
    proc = _as(INSTRUCTOR, "python", "-c", script, db, env=hub["env_i"], cwd=grading)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    reference = {k: (a, score if k == (student, notebook, cell) else m) for k, (a, m) in reference.items()}

    # Both trainees hand the same work in again (a new timestamp): it must be graded again.
    _start_servers(hub, list(TRAINEES))
    for user in TRAINEES:
        _submit(hub, user)
    proc = _as(INSTRUCTOR, "nbgrader", "collect", "--update", AID, env=hub["env_i"], cwd=grading)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    old = _markers(hub)

    _hub_stop(hub)
    _hub_start(hub)
    ag = _autograde(hub)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and ag.poll() is None:
        done = {s for s, m in _markers(hub).items() if m[2] != old.get(s, (0, 0, ""))[2]}
        if done:
            break
        time.sleep(0.05)
    assert ag.poll() is None, "autograde ended before it could be killed: " + ag.stdout.read()[-2000:]
    os.killpg(ag.pid, signal.SIGKILL)
    ag.wait()
    killed = _markers(hub)
    regraded = {s for s in killed if killed[s][2] != old.get(s, (0, 0, ""))[2]}
    assert len(regraded) == 1, f"one trainee graded before the kill, not {regraded}"

    ag = _autograde(hub)
    out, _ = ag.communicate(timeout=300)
    assert ag.returncode == 0, out[-3000:]
    assert "graded 1, already graded and unchanged 1" in out, out[-2000:]
    final = _markers(hub)
    for s in regraded:  # graded once: its marker (and so its grading) untouched by the rerun
        assert final[s] == killed[s]
    assert all(final[s][2] != old[s][2] for s in TRAINEES)
    assert _scores(hub) == reference

    check = ("import sys\nfrom nbgrader.api import Gradebook\n"
             "with Gradebook('sqlite:///' + sys.argv[1]) as gb:\n"
             f"    print(gb.find_comment({answer!r}, {notebook!r}, {AID!r}, {student!r}).manual_comment)\n")
    proc = _as(INSTRUCTOR, "python", "-c", check, db, env=hub["env_i"], cwd=grading)
    assert proc.stdout.strip() == comment, proc.stdout + proc.stderr
