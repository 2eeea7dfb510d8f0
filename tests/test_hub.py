"""`course hub`: a real JupyterHub classroom on this machine, end to end (needs root).

Makes test accounts cht-a, cht-b (trainees) and cht-i (instructor) with groups
cht-trainees/cht-instructors, puts every shared path under a temporary prefix, starts the
hub on a free loopback port, logs trainee A in through the login form (PAM), starts servers
and checks what each side can see; then runs nbgrader's whole pipeline through the
exchange from the instructor's and the trainees' accounts. Everything made is removed.

The shared environment is built once by setup (`pip install <repo>[hub]`, not editable) in
$COURSE_HUB_TEST_ENV (default /var/cache/procuratorial-course-tests/venv) and reused while
the source is unchanged; set COURSE_HUB_TEST_USE_ENV to an existing environment that every
account can run to skip building one.
"""
from __future__ import annotations

import grp
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from course.hub import install, roster, run

pytestmark = [pytest.mark.hub, pytest.mark.xdist_group("hub")]

REPO = Path(__file__).resolve().parents[1]
TRAINEES = ("cht-a", "cht-b")
INSTRUCTOR = "cht-i"
GROUPS = "cht"
ROSTER = """\
# test roster
[[person]]
account = "cht-a"
name = "Trainee A"
role = "trainee"

[[person]]
account = "cht-b"
name = "Trainee B"
role = "trainee"

[[person]]
account = "cht-i"
name = "Instructor I"
role = "instructor"
"""

if os.geteuid() != 0 or not shutil.which("useradd"):
    pytest.skip("the hub tests make system accounts: run them as root", allow_module_level=True)
pytest.importorskip("jupyterhub")
requests = pytest.importorskip("requests")


def _remove_accounts(names, groups) -> None:
    for name in names:
        left = subprocess.run(["pgrep", "-u", name], capture_output=True, text=True).stdout.split()
        for pid in left:  # what the test's own hub started for that test account
            subprocess.run(["kill", "-KILL", pid], capture_output=True)
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        subprocess.run(["userdel", "--remove", name], capture_output=True)
    for group in groups:
        subprocess.run(["groupdel", group], capture_output=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _course(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course.cli", *args], capture_output=True, text=True,
                          cwd=REPO, **kw)


def _layout_args(prefix: Path, env: str, use_env: bool) -> list[str]:
    return ["--prefix", str(prefix), "--group-prefix", GROUPS,
            "--use-env" if use_env else "--env", env]


@pytest.fixture(scope="module")
def classroom():
    all_accounts = (*TRAINEES, INSTRUCTOR)
    groups = (f"{GROUPS}-trainees", f"{GROUPS}-instructors")
    _remove_accounts(all_accounts, groups)  # leftovers of an interrupted run
    # Not under pytest's basetemp, which is root-only: the trainees' servers must reach it.
    prefix = Path(tempfile.mkdtemp(prefix="course-hub-test-", dir="/tmp"))
    os.chmod(prefix, 0o755)
    roster_file = prefix / "roster.toml"
    roster_file.write_text(ROSTER, encoding="utf-8")
    use_env = os.environ.get("COURSE_HUB_TEST_USE_ENV")
    env = use_env or os.environ.get("COURSE_HUB_TEST_ENV", "/var/cache/procuratorial-course-tests/venv")
    args = _layout_args(prefix, env, bool(use_env))
    t0 = time.monotonic()
    proc = _course("hub", "setup", "--roster", str(roster_file), *args)
    setup_seconds = time.monotonic() - t0
    assert proc.returncode == 0, proc.stdout + proc.stderr
    token = uuid.uuid4().hex
    port = _free_port()
    layout = install.Layout(prefix=str(prefix), env=env, group_prefix=GROUPS)
    t0 = time.monotonic()
    # as a script (or a browser test) starts it: in the background, returning once it answers
    proc = _course("hub", "start", "--port", str(port), *args,
                   env={**os.environ, "COURSE_HUB_API_TOKEN": token})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    address = run.url(Path(layout.state_dir))
    assert f"running on {address}" in proc.stdout
    assert _course("hub", "status", *args).stdout.startswith("running (pid")
    start_seconds = time.monotonic() - t0
    print(f"\nhub setup {setup_seconds:.1f} s, hub start {start_seconds:.1f} s, on {address}")
    info = {"prefix": prefix, "roster": roster_file, "args": args, "layout": layout, "url": address,
            "api": {"Authorization": f"token {token}"}, "setup_stdout": proc.stdout}
    try:
        yield info
    finally:
        try:
            stopped = _course("hub", "stop", *args)
            assert stopped.stdout.strip() == "stopped", stopped.stdout + stopped.stderr
            assert _course("hub", "status", *args).stdout.strip() == "not running"
        finally:
            run.stop(layout.state_dir)  # in case the command above failed
            _remove_accounts(all_accounts, groups)
            shutil.rmtree(prefix, ignore_errors=True)
        assert not any(_exists(a) for a in all_accounts)


def _exists(account: str) -> bool:
    try:
        pwd.getpwnam(account)
        return True
    except KeyError:
        return False


def _passwords(layout) -> dict[str, str]:
    lines = (Path(layout.state_dir) / install.PASSWORDS).read_text().splitlines()
    return {line.split("\t")[0]: line.split("\t")[1] for line in lines if not line.startswith("#")}


def _as(user: str, *cmd: str, env: dict | None = None, cwd: str = "/", timeout=300):
    full = ["runuser", "-u", user, "--"]
    if env is not None:
        env = dict(env)
        umask = env.pop("UMASK", None)
        full += ["env", "-i", *(f"{k}={v}" for k, v in env.items())]
        if umask:  # as in a terminal of that server, which inherits its umask
            full += ["/bin/sh", "-c", f'umask {umask} && exec "$@"', "sh"]
    return subprocess.run([*full, *cmd], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def _start_servers(classroom, users) -> dict[str, float]:
    base, api = classroom["url"], classroom["api"]
    t0 = time.monotonic()
    for user in users:
        r = requests.post(f"{base}/hub/api/users/{user}/server", headers=api, timeout=30)
        assert r.status_code in (201, 202, 400), r.text  # 400: already running
    ready = {}
    deadline = time.monotonic() + 150
    while len(ready) < len(users) and time.monotonic() < deadline:
        for user in users:
            if user in ready:
                continue
            model = requests.get(f"{base}/hub/api/users/{user}", headers=api, timeout=10).json()
            if model["servers"].get("", {}).get("ready"):
                ready[user] = time.monotonic() - t0
            elif not model["pending"] and not model["servers"]:
                pytest.fail(f"{user}'s server did not start; see {classroom['layout'].state_dir}/hub.log")
        time.sleep(0.5)
    assert len(ready) == len(users), f"servers not ready in time: {ready}"
    return ready


def _user_token(classroom, user: str) -> dict:
    r = requests.post(f"{classroom['url']}/hub/api/users/{user}/tokens", headers=classroom["api"],
                      json={"note": "test_hub", "expires_in": 900}, timeout=10)
    assert r.status_code == 201, r.text
    return {"Authorization": f"token {r.json()['token']}"}


def _server_env(user: str) -> dict[str, str]:
    """The environment of `user`'s running jupyterhub-singleuser: what their terminal gets."""
    out = subprocess.run(["pgrep", "-u", user, "-f", "jupyterhub-singleuser"], capture_output=True, text=True)
    pid = out.stdout.split()[0]
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    env = dict(item.decode().split("=", 1) for item in raw if b"=" in item)
    env = {k: v for k, v in env.items() if not k.startswith("JUPYTERHUB_") and k != "JPY_API_TOKEN"}
    status = Path(f"/proc/{pid}/status").read_text()
    env["UMASK"] = re.search(r"^Umask:\s*(\d+)", status, re.M).group(1)
    return env


# --- the roster is checked before anything is made ------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("", "the file is empty"),
    ('[[person]]\naccount = "cht-x1"\nrole = "trainee"\n\n[[person]]\naccount = "cht-x1"\nrole = "trainee"\n',
     "line 5: account 'cht-x1' is listed twice (first on line 1)"),
    ('[[person]]\naccount = "cht-x1"\nrole = "trainee"\n\n[[person]]\naccount = "Zhang Wei"\nrole = "trainee"\n',
     "line 5: 'Zhang Wei' is not a valid Linux account name"),
    ('[[person]]\naccount = "cht-x1"\nrole = "teacher"\n', "line 1: role 'teacher' is unknown"),
    ('[[person]]\naccount = "cht-x1"\nrole = "trainee"\n\n[[person]]\naccount = "daemon"\nrole = "trainee"\n',
     "line 5: 'daemon' is a system account name"),
])
def test_bad_roster_makes_no_account(tmp_path, text, expected):
    """A bad roster is refused with the line named, and not one account or group is made."""
    bad = tmp_path / "roster.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(roster.RosterError, match=re.escape(expected)):
        roster.load(bad)
    proc = _course("hub", "setup", "--roster", str(bad), "--prefix", str(tmp_path / "p"),
                   "--group-prefix", "chtbad", "--use-env", str(tmp_path / "none"))
    assert proc.returncode == 2
    assert expected in proc.stderr and "no account was made" in proc.stderr
    assert not _exists("cht-x1")
    with pytest.raises(KeyError):
        grp.getgrnam("chtbad-trainees")
    assert not (tmp_path / "p").exists()


def test_roster_accepts_debian_names():
    people = roster.parse('[[person]]\naccount = "li_na-2"\nname = "李娜"\nrole = "instructor"\n')
    assert [(p.account, p.role, p.line) for p in people] == [("li_na-2", "instructor", 1)]
    for bad in ("2li", "-li", "Li", "li na", "li$", "l" * 33, "root"):
        with pytest.raises(roster.RosterError):
            roster.parse(f'[[person]]\naccount = "{bad}"\nrole = "trainee"\n')


# --- accounts, permissions, idempotence -------------------------------------------------------

def _state(classroom) -> dict:
    prefix = classroom["prefix"]
    files = {}
    skip = {"hub.log", "hub.pid", "hub.run.json", "jupyterhub.sqlite", "jupyterhub.pid", "proxy.pid",
            "jupyterhub_cookie_secret"}  # the running hub's own files
    for p in sorted(prefix.rglob("*")):
        if p.name in skip or "__pycache__" in p.parts:
            continue
        st = os.lstat(p)
        files[str(p.relative_to(prefix))] = (st.st_mode, st.st_uid, st.st_gid, st.st_size, st.st_mtime_ns)
    accounts = {}
    shadow = {line.split(":")[0]: line for line in Path("/etc/shadow").read_text().splitlines()}
    for name in (*TRAINEES, INSTRUCTOR):
        pw = pwd.getpwnam(name)
        home = os.stat(pw.pw_dir)
        accounts[name] = (tuple(pw), shadow[name], os.getgrouplist(name, pw.pw_gid), oct(home.st_mode))
    groups = {g: tuple(grp.getgrnam(f"{GROUPS}-{g}")) for g in ("trainees", "instructors")}
    return {"files": files, "accounts": accounts, "groups": groups}


def test_accounts_groups_homes(classroom):
    layout = classroom["layout"]
    assert set(grp.getgrnam(layout.trainees_group).gr_mem) == set(TRAINEES)
    assert grp.getgrnam(layout.instructors_group).gr_mem == [INSTRUCTOR]
    for name in (*TRAINEES, INSTRUCTOR):
        assert os.stat(pwd.getpwnam(name).pw_dir).st_mode & 0o777 == 0o700
    passwords = Path(layout.state_dir) / install.PASSWORDS
    assert os.stat(passwords).st_mode & 0o777 == 0o600 and os.stat(passwords).st_uid == 0
    assert set(_passwords(layout)) == {*TRAINEES, INSTRUCTOR}
    exchange = os.stat(layout.exchange)
    assert exchange.st_mode & 0o777 == 0o777
    config = (Path(layout.jupyter_etc) / "nbgrader_config.py").read_text()
    assert repr(layout.exchange) in config and "'procuratorial-data'" in config
    course = os.stat(layout.course_dir)
    assert (course.st_mode & 0o7777, course.st_gid) == (0o2770, grp.getgrnam(layout.instructors_group).gr_gid)
    assert "groupshared = True" in (Path(layout.course_dir) / "grading" / "nbgrader_config.py").read_text()
    # not editable: the shared environment holds its own copy of the package
    pkg = _as("cht-a", f"{layout.env}/bin/python", "-c", "import course; print(course.__file__)").stdout
    assert pkg.startswith(str(Path(layout.env).resolve())) or bool(os.environ.get("COURSE_HUB_TEST_USE_ENV"))


def test_rerun_changes_nothing(classroom):
    before = _state(classroom)
    proc = _course("hub", "setup", "--roster", str(classroom["roster"]), *classroom["args"])
    assert proc.returncode == 0, proc.stderr
    assert "created" not in proc.stdout and "added" not in proc.stdout
    assert _state(classroom) == before


def test_trainee_cannot_read_instructor_material(classroom):
    layout = classroom["layout"]
    assert (Path(layout.data_dir) / "bigpay-large" / "manifest.json").is_file()  # module 03's lecture
    truth = sorted(Path(layout.data_dir).glob("*/truth/*"))
    assert truth, "no truth/ folder was built"
    notebook = next(Path(layout.course_dir).rglob("2-exercises.ipynb"))
    for target in (layout.course_dir, str(notebook), str(truth[0]), str(truth[0].parent),
                   "/home/cht-b", f"{layout.state_dir}/{install.PASSWORDS}", f"{layout.data_dir}/.class-key"):
        proc = _as("cht-a", "cat" if Path(target).is_file() else "ls", target)
        assert proc.returncode != 0 and "Permission denied" in proc.stderr, target
    # ...but reads the data, as a notebook does, and the instructor reads the truth
    load = _as("cht-a", f"{layout.env}/bin/python", "-c",
               "import course.data as d; print(len(d.load('persons')))",
               env={"COURSE_DATA_DIR": layout.data_dir, "HOME": "/home/cht-a"})
    assert load.returncode == 0 and int(load.stdout) > 0, load.stderr
    assert _as(INSTRUCTOR, "cat", str(truth[0])).returncode == 0
    assert _as(INSTRUCTOR, "ls", f"/home/{INSTRUCTOR}/course/notebooks").returncode == 0


def test_trainee_cannot_rebuild_the_truth(classroom):
    """An attack from a trainee's account: the generators ship in the package, so a trainee
    can run them. The class's data come from the class's own key, so what the published
    seeds give is other data, whose truth says nothing about the class's."""
    layout = classroom["layout"]
    attack = ("import json, sys\n"
              "from course.data import build\n"
              "out = {}\n"
              "for name, gen in build.DATASETS.items():\n"
              "    tables = gen.generate(gen.DEFAULT_SEED)\n"
              "    out[name] = {t.relpath: tables[t.name].to_csv(index=False, lineterminator='\\n')\n"
              "                 for t in gen.TABLES if t.relpath.endswith('.csv')}\n"
              "json.dump(out, sys.stdout)\n")
    proc = _as("cht-a", f"{layout.env}/bin/python", "-c", attack,
               env={"COURSE_DATA_DIR": layout.data_dir, "HOME": "/home/cht-a"}, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rebuilt = json.loads(proc.stdout)
    truths = 0
    for name, files in rebuilt.items():
        manifest = json.loads((Path(layout.data_dir) / name / "manifest.json").read_text())
        assert manifest["seed"] == "class" and "class_key" in manifest, name
        for rel, text in files.items():
            real = (Path(layout.data_dir) / name / rel).read_text(encoding="utf-8")
            assert text != real, f"{name}/{rel}: the published seed rebuilds the class's file"
            if rel.startswith("truth/"):
                truths += 1
                assert manifest["files"][rel] == "withheld", rel  # no checksum to match labellings against
    assert truths >= 10
    # the card names no seed and no size of the truth
    card = (Path(layout.data_dir) / "county" / "README.md").read_text()
    assert "seed 2024" not in card and "withheld" in card
    # asking for the truth in a notebook gets a plain answer, not a rebuild or a traceback of paths
    ask = _as("cht-a", f"{layout.env}/bin/python", "-c",
              "import course.data as d\n"
              "try:\n    d.load('true_deaths')\nexcept Exception as e:\n    print(type(e).__name__, e)\n",
              env={"COURSE_DATA_DIR": layout.data_dir, "HOME": "/home/cht-a"})
    assert ask.stdout.startswith("ClassDataUnavailable") and "instructors" in ask.stdout, ask.stdout + ask.stderr


# --- the hub: login, servers, what each role sees -----------------------------------------

def test_login_form_uses_pam(classroom):
    base = classroom["url"]
    s = requests.Session()
    s.get(f"{base}/hub/login", timeout=10)
    xsrf = s.cookies.get("_xsrf")
    bad = s.post(f"{base}/hub/login", data={"username": "cht-a", "password": "wrong", "_xsrf": xsrf},
                 allow_redirects=False, timeout=30)
    assert bad.status_code == 403
    ok = s.post(f"{base}/hub/login", data={"username": "cht-a", "password": _passwords(classroom["layout"])["cht-a"],
                                           "_xsrf": xsrf}, allow_redirects=False, timeout=30)
    assert ok.status_code == 302, ok.text
    me = s.get(f"{base}/hub/api/user", headers={"X-XSRFToken": s.cookies.get("_xsrf")}, timeout=10)
    assert me.status_code == 200 and me.json()["name"] == "cht-a"


def _page_config(html: str) -> dict:
    m = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S)
    assert m, "no page config in the JupyterLab page"
    return json.loads(m.group(1))


def test_roles_in_their_servers(classroom):
    ready = _start_servers(classroom, ["cht-a", INSTRUCTOR])
    print(f"\nservers ready after: {', '.join(f'{u} {s:.1f} s' for u, s in ready.items())}")
    base = classroom["url"]
    a = _user_token(classroom, "cht-a")
    lab = requests.get(f"{base}/user/cht-a/lab", headers=a, timeout=30)
    assert lab.status_code == 200
    disabled = _page_config(lab.text)["disabledExtensions"]
    for ext in ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                "@jupyter/nbgrader:course-list", "@jupyterlab/apputils-extension:announcements"):
        assert ext in disabled
    assert "@jupyter/nbgrader:assignment-list" not in disabled
    assert requests.get(f"{base}/user/cht-a/formgrader", headers=a, timeout=30).status_code == 404
    listing = requests.get(f"{base}/user/cht-a/assignments?course_id=procuratorial-data", headers=a, timeout=30)
    assert listing.status_code == 200 and listing.json()["success"], listing.text[:300]
    env_a = _server_env("cht-a")
    assert env_a["COURSE_MODE"] == "class" and env_a["COURSE_DATA_DIR"] == classroom["layout"].data_dir
    # A's token opens nobody else's server
    assert requests.get(f"{base}/user/{INSTRUCTOR}/lab", headers=a, timeout=30,
                        allow_redirects=False).status_code in (302, 403, 404)

    i = _user_token(classroom, INSTRUCTOR)
    lab = requests.get(f"{base}/user/{INSTRUCTOR}/lab", headers=i, timeout=30)
    assert "@jupyter/nbgrader:formgrader" not in _page_config(lab.text)["disabledExtensions"]
    fg = requests.get(f"{base}/user/{INSTRUCTOR}/formgrader", headers=i, timeout=60)
    assert fg.status_code == 200
    assignments = requests.get(f"{base}/user/{INSTRUCTOR}/formgrader/api/assignments", headers=i, timeout=60)
    assert assignments.status_code == 200, assignments.text[:300]
    assert "01-case-data" in {x["name"] for x in assignments.json()}
    env_i = _server_env(INSTRUCTOR)
    assert "COURSE_MODE" not in env_i and env_i["UMASK"] == "0002"


def test_hidden_helpers_only_for_instructors(classroom):
    """If the package has course/hidden (hidden test helpers), a trainee can neither list nor
    read it (Python would at most see an empty namespace package), an instructor can."""
    env = classroom["layout"].env
    pkg = Path(_as(INSTRUCTOR, f"{env}/bin/python", "-c",
                   "import course, os; print(os.path.dirname(course.__file__))").stdout.strip())
    hidden = pkg / "hidden"
    if not hidden.is_dir():
        pytest.skip("this version of the package has no course/hidden")
    files = sorted(str(p) for p in hidden.rglob("*.py"))
    assert files
    listing = "import os, sys; print(os.listdir(sys.argv[1]))"
    assert _as(INSTRUCTOR, f"{env}/bin/python", "-c", listing, str(hidden)).returncode == 0
    assert _as(INSTRUCTOR, "cat", files[0]).returncode == 0
    assert "PermissionError" in _as("cht-a", f"{env}/bin/python", "-c", listing, str(hidden)).stderr
    assert "Permission denied" in _as("cht-a", "cat", files[0]).stderr


def _execute(base: str, user: str, headers: dict, code: str) -> str:
    """Run `code` in a new kernel on `user`'s server, through the proxy's websocket."""
    websocket = pytest.importorskip("websocket")
    r = requests.post(f"{base}/user/{user}/api/kernels", headers=headers, json={"name": "python3"}, timeout=60)
    assert r.status_code == 201, r.text[:300]
    kernel = r.json()["id"]
    ws_url = base.replace("http://", "ws://") + f"/user/{user}/api/kernels/{kernel}/channels"
    ws = websocket.create_connection(ws_url, header=[f"Authorization: {headers['Authorization']}"], timeout=60)
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": "execute_request", "username": user,
                                   "session": uuid.uuid4().hex, "version": "5.3"},
                        "parent_header": {}, "metadata": {}, "channel": "shell",
                        "content": {"code": code, "silent": False, "store_history": False,
                                    "user_expressions": {}, "allow_stdin": False}}))
    out, deadline = [], time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                out.append("ERROR " + msg["content"]["ename"] + ": " + msg["content"]["evalue"])
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
    finally:
        ws.close()
        requests.delete(f"{base}/user/{user}/api/kernels/{kernel}", headers=headers, timeout=30)
    return "".join(out)


def test_trainee_kernel_through_the_proxy(classroom):
    """A trainee's notebook code runs (kernel websocket through the proxy), in class mode, on
    the shared data, and cannot reach the planted truth."""
    _start_servers(classroom, ["cht-a"])
    code = ("import os, course.data as d\n"
            "print(os.environ['COURSE_MODE'], len(d.load('persons')) > 0)\n"
            "try:\n"
            "    open(next(iter(sorted(__import__('glob').glob(os.environ['COURSE_DATA_DIR'] + '/*/truth')))) + '/x')\n"
            "except OSError as e:\n"
            "    print(type(e).__name__)\n"
            "from ipykernel.connect import get_connection_info\n"
            "print(get_connection_info(unpack=True)['transport'])\n")
    out = _execute(classroom["url"], "cht-a", _user_token(classroom, "cht-a"), code)
    # ipc: local sockets, so kernels starting together never race for TCP ports
    assert out.split() == ["class", "True", "PermissionError", "ipc"], out


def test_nbgrader_pipeline_through_the_exchange(classroom):
    """From the instructor's and the trainees' own accounts, with their servers' environment:
    release, fetch, submit, collect, course autograde (bubblewrap as non-root), feedback."""
    _start_servers(classroom, ["cht-a", "cht-b", INSTRUCTOR])
    assignment = "01-case-data"
    home_i = f"/home/{INSTRUCTOR}"
    grading = f"{home_i}/course/grading"
    env_i = {**_server_env(INSTRUCTOR), "HOME": home_i}
    t0 = time.monotonic()
    for step in (["nbgrader", "generate_assignment", assignment, "--force"],
                 ["nbgrader", "release_assignment", assignment, "--force"]):
        proc = _as(INSTRUCTOR, *step, env=env_i, cwd=grading)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    for trainee in ("cht-a", "cht-b"):
        env_t = {**_server_env(trainee), "HOME": f"/home/{trainee}"}
        proc = _as(trainee, "nbgrader", "fetch_assignment", assignment, env=env_t, cwd=f"/home/{trainee}")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        proc = _as(trainee, "nbgrader", "submit", assignment, env=env_t, cwd=f"/home/{trainee}")
        assert proc.returncode == 0, proc.stdout + proc.stderr
    # nbgrader's design: inbound is write-only for others (-wx), and each submission's
    # folder name ends in a random string, so B cannot find A's submission
    inbound = Path(classroom["layout"].exchange) / "procuratorial-data" / "inbound"
    assert os.stat(inbound).st_mode & 0o007 == 0o003  # others: -wx
    assert _as("cht-b", "ls", str(inbound)).returncode != 0
    for step in (["nbgrader", "collect", assignment],
                 ["course", "autograde", assignment, "--jobs", "2"],
                 ["nbgrader", "release_feedback", assignment]):
        proc = _as(INSTRUCTOR, *step, env=env_i, cwd=grading, timeout=600)
        assert proc.returncode == 0, f"{step}: {proc.stdout[-2000:]}{proc.stderr[-2000:]}"
        assert "unsafe" not in proc.stderr.lower()
    env_a = {**_server_env("cht-a"), "HOME": "/home/cht-a"}
    proc = _as("cht-a", "nbgrader", "fetch_feedback", assignment, env=env_a, cwd="/home/cht-a")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert list(Path(f"/home/cht-a/{assignment}/feedback").rglob("*.html"))
    gradebook = Path(classroom["layout"].course_dir) / "grading" / "gradebook.db"
    assert os.stat(gradebook).st_mode & 0o060 == 0o060  # still group-writable for other instructors
    gid = grp.getgrnam(classroom["layout"].instructors_group).gr_gid
    made = [p for d in ("submitted", "autograded", "feedback")
            for p in (Path(classroom["layout"].course_dir) / "grading" / d).rglob("*")]
    assert made
    for p in made:  # groupshared: a second instructor can carry on where this one stopped
        st = os.stat(p)
        assert st.st_gid == gid and st.st_mode & 0o060 == 0o060, p
    print(f"\npipeline (release .. feedback, 2 trainees) {time.monotonic() - t0:.1f} s")


def test_existing_system_account_is_refused(tmp_path):
    """A roster naming a system account (uid below 1000) is refused before anything is made."""
    bad = tmp_path / "roster.toml"
    bad.write_text('[[person]]\naccount = "cht-x1"\nrole = "trainee"\n\n[[person]]\naccount = "mail"\n'
                   'role = "trainee"\n', encoding="utf-8")
    proc = _course("hub", "setup", "--roster", str(bad), "--prefix", str(tmp_path / "p"),
                   "--group-prefix", "chtbad", "--use-env", str(tmp_path / "none"))
    assert proc.returncode == 2 and "line 5: 'mail' is an existing system account" in proc.stderr
    assert not _exists("cht-x1") and not (tmp_path / "p").exists()
