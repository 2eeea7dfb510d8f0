"""`course hub setup`: everything a one-machine JupyterHub classroom needs, made idempotently.

Run as root. In order, and only after the whole roster has been checked:

1. groups ``course-trainees`` and ``course-instructors``; one system account per person
   (useradd, home 0700) with a random initial password written to a root-only file; an
   existing account keeps its password;
2. nbgrader's exchange (root 0777, as nbgrader's docs say) and a global
   ``nbgrader_config.py`` with the exchange and the course id;
3. the shared environment (``pip install <repo>[hub]``, not editable) and the datasets, built
   once from the class's own secret key (course.data.classkey), so that the published
   generators cannot rebuild them; the key, ``truth/`` folders and the package's
   ``course/hidden`` only for root and instructors;
4. the instructors' course directory (source notebooks with solutions and hidden tests, the
   gradebook), group ``course-instructors``, mode 2770, ``CourseDirectory.groupshared``;
5. the Jupyter configuration of each role and ``hub.json``, which ``jupyterhub_config.py``
   reads.

Running it again changes nothing that is already right.
"""
from __future__ import annotations

import fcntl
import grp
import hashlib
import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from course.hub import roster as roster_mod

REPO = Path(__file__).resolve().parents[2]
COURSE_ID = "procuratorial-data"
PASSWORDS = "initial-passwords.txt"
SETTINGS = "hub.json"

# What a trainee's JupyterLab does not show (see course/workspace.py for `make lab`).
TRAINEE_DISABLED_LAB = {
    "@jupyter/nbgrader:formgrader": True,
    "@jupyter/nbgrader:create-assignment": True,
    "@jupyter/nbgrader:course-list": True,
    "@jupyterlab/apputils-extension:announcements": True,  # offline: no news prompt
}
TRAINEE_SERVER_EXTENSIONS = {
    "nbgrader.server_extensions.formgrader": False,
    "nbgrader.server_extensions.course_list": False,
}
INSTRUCTOR_DISABLED_LAB = {"@jupyterlab/apputils-extension:announcements": True}


class SetupError(RuntimeError):
    pass


@dataclass
class Layout:
    """Where the shared pieces live. Every path can be moved (tests use a temporary prefix)."""

    prefix: str = "/"
    exchange: str = ""
    env: str = ""
    data_dir: str = ""
    course_dir: str = ""
    state_dir: str = ""
    jupyter_etc: str = ""
    group_prefix: str = "course"
    use_env: bool = False  # env is an existing environment (e.g. the project's .venv): no pip
    skip_large_data: bool = False  # module 03's city-sized payments (about 10 million rows)
    notes: list = field(default_factory=list)

    def __post_init__(self):
        p = Path(self.prefix)
        self.exchange = self.exchange or str(p / "srv/nbgrader/exchange")
        self.env = self.env or str(p / "opt/procuratorial-course/venv")
        self.data_dir = self.data_dir or str(p / "srv/procuratorial-course/datasets")
        self.course_dir = self.course_dir or str(p / "srv/procuratorial-course/course")
        self.state_dir = self.state_dir or str(p / "srv/procuratorial-course/hub")
        self.jupyter_etc = self.jupyter_etc or str(p / "etc/jupyter")

    @property
    def trainees_group(self) -> str:
        return f"{self.group_prefix}-trainees"

    @property
    def instructors_group(self) -> str:
        return f"{self.group_prefix}-instructors"

    @property
    def role_config(self) -> Path:
        """Per-role Jupyter configuration folders (JUPYTER_CONFIG_PATH of each role)."""
        return Path(self.state_dir).parent / "jupyter"

    @property
    def settings_file(self) -> Path:
        return Path(self.state_dir) / SETTINGS


# --- small idempotent helpers ------------------------------------------------------------

def _log(msg: str) -> None:
    print(msg, flush=True)


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        raise SetupError(f"{' '.join(cmd)} failed: {(proc.stderr or proc.stdout).strip()[-1500:]}")
    return proc


def _gid(group: str) -> int:
    return grp.getgrnam(group).gr_gid


def _set(path: Path, mode: int, uid: int = 0, gid: int = 0) -> None:
    """chmod/chown only when different (so a rerun touches nothing)."""
    st = os.lstat(path)
    if (st.st_uid, st.st_gid) != (uid, gid):
        os.lchown(path, uid, gid)
    if (st.st_mode & 0o7777) != mode and not Path(path).is_symlink():
        os.chmod(path, mode)


def _mkdir(path: Path, mode: int, uid: int = 0, gid: int = 0) -> Path:
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    _set(path, mode, uid, gid)
    return path


def _write(path: Path, text: str, mode: int = 0o644, uid: int = 0, gid: int = 0) -> None:
    """Write only when the content differs."""
    path = Path(path)
    data = text.encode("utf-8")
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    _set(path, mode, uid, gid)


# --- 1. groups, accounts, passwords --------------------------------------------------------

def _ensure_group(name: str) -> None:
    try:
        grp.getgrnam(name)
    except KeyError:
        _run(["groupadd", name])
        _log(f"group {name} created")


def _new_password() -> str:
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # nothing to misread
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def _ensure_account(person: roster_mod.Person, layout: Layout, passwords: Path) -> None:
    group = layout.instructors_group if person.instructor else layout.trainees_group
    other = layout.trainees_group if person.instructor else layout.instructors_group
    try:
        pw = pwd.getpwnam(person.account)
    except KeyError:
        _run(["useradd", "--create-home", "--shell", "/bin/bash", "--comment", person.name,
              "--groups", group, person.account])
        password = _new_password()
        _run(["chpasswd"], input=f"{person.account}:{password}\n")
        with open(passwords, "a", encoding="utf-8") as f:  # created 0600 before the first account
            f.write(f"{person.account}\t{password}\t{person.role}\t{person.name}\n")
        pw = pwd.getpwnam(person.account)
        _log(f"account {person.account} created ({person.role}); initial password in {passwords}")
    else:
        if pw.pw_uid == 0:
            raise SetupError(f"{person.account}: refusing to manage an account with uid 0")
    members = grp.getgrnam(group).gr_mem
    if person.account not in members:
        _run(["usermod", "--append", "--groups", group, person.account])
        _log(f"{person.account} added to {group}")
    if person.account in grp.getgrnam(other).gr_mem:  # the role changed
        _run(["gpasswd", "--delete", person.account, other])
        _log(f"{person.account} removed from {other}")
    home = Path(pw.pw_dir)
    if not home.is_dir():
        _mkdir(home, 0o700, pw.pw_uid, pw.pw_gid)
    _set(home, 0o700, pw.pw_uid, pw.pw_gid)
    if person.instructor:  # the course directory, reachable from the instructor's JupyterLab
        link = home / "course"
        if not link.is_symlink() and not link.exists():
            link.symlink_to(layout.course_dir)
            os.lchown(link, pw.pw_uid, pw.pw_gid)


# --- 2. exchange and global nbgrader configuration -------------------------------------------

def _exchange_and_global_config(layout: Layout) -> None:
    # nbgrader's docs: the exchange root is world-writable (nbgrader then sets the
    # permissions of each course's inbound/outbound/feedback folders itself).
    _mkdir(Path(layout.exchange), 0o777)
    _mkdir(Path(layout.jupyter_etc), 0o755)
    _write(Path(layout.jupyter_etc) / "nbgrader_config.py",
           "# Written by `course hub setup`: every user's nbgrader finds the exchange and the course.\n"
           "c = get_config()  # noqa: F821\n"
           f"c.Exchange.root = {layout.exchange!r}\n"
           f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
           "# A submission reaches the exchange whole or not at all (see course/hub/exchange.py).\n"
           "c.ExchangeFactory.submit = 'course.hub.exchange.AtomicSubmit'\n")
    # JupyterLab's terminals: an interactive shell that keeps the server's environment. The
    # default login shell reads /etc/profile, which on Debian resets PATH, so `nbgrader` and
    # `course autograde` would be "command not found" in an instructor's terminal.
    # Kernels talk to their server over local sockets in the user's runtime folder, not TCP
    # ports: a class starting 40 kernels at once had two pick the same port ("Address already
    # in use", benchmarks/hub_class.py).
    _write(Path(layout.jupyter_etc) / "jupyter_server_config.json",
           json.dumps({"ServerApp": {"terminado_settings": {"shell_command": ["/bin/bash", "-i"]}},
                       "KernelManager": {"transport": "ipc"}}, indent=1) + "\n")


# --- 3. shared environment and data -----------------------------------------------------------

def _source_hash(source: Path) -> str:
    h = hashlib.sha256()
    for p in sorted([source / "pyproject.toml", *(source / "course").rglob("*")]):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(p.relative_to(source).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def _env_python(layout: Layout) -> str:
    return str(Path(layout.env) / "bin" / "python")


def _world_usable(path: Path) -> bool:
    """Can every account run this file (it and each folder above it open to others)?"""
    real = Path(os.path.realpath(path))
    if not real.exists() or (real.stat().st_mode & 0o005) != 0o005:
        return False
    return all(p.stat().st_mode & 0o001 for p in real.parents)


def base_python() -> str:
    """A Python 3.10+ that every account can run, for the shared environment. A Python
    under /root (pyenv, say) would be invisible to the trainees' servers."""
    candidates = [os.environ.get("COURSE_HUB_PYTHON", ""), "/usr/bin/python3",
                  getattr(sys, "_base_executable", ""), sys.executable]
    for candidate in filter(None, candidates):
        if not _world_usable(Path(candidate)):
            continue
        ok = subprocess.run([candidate, "-c", "import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))"],
                            capture_output=True).returncode == 0
        if ok:
            return candidate
    raise SetupError("no Python 3.10+ with venv that every account can run: install Debian's "
                     "python3 and python3-venv (apt-get install python3-venv), or set COURSE_HUB_PYTHON")


def _shared_env(layout: Layout, source: Path) -> None:
    env = Path(layout.env)
    if layout.use_env:
        if not (env / "bin" / "jupyterhub").exists():
            raise SetupError(f"--use-env {env}: that environment has no jupyterhub; "
                             f"install the project there with its [hub] extra first")
        if not _world_usable(env / "bin" / "python"):
            raise SetupError(f"--use-env {env}: its Python ({os.path.realpath(env / 'bin' / 'python')}) "
                             f"cannot be run by other accounts, so no trainee's server could start")
        return
    env.parent.mkdir(parents=True, exist_ok=True)
    # One setup at a time builds a given environment (two classes, or two test runs, may share it).
    with open(env.parent / f".{env.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _build_env(env, source)


def _build_env(env: Path, source: Path) -> None:
    stamp = env / ".course-source"
    digest = _source_hash(source)
    if stamp.is_file() and stamp.read_text().strip() == digest:
        return
    if not (env / "bin" / "python").exists():
        _log(f"creating the shared environment {env}")
        _run([base_python(), "-m", "venv", str(env)])
        _run([str(env / "bin/python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    _log(f"installing the course into {env} (not editable)")
    _run([str(env / "bin/python"), "-m", "pip", "install", "--quiet", f"{source}[hub]"])
    _write(stamp, digest + "\n")


def _package_dir(layout: Layout) -> Path:
    out = _run([_env_python(layout), "-c", "import course, os; print(os.path.dirname(course.__file__))"],
               cwd="/")  # not the checkout: from its folder, `import course` would find its source
    return Path(out.stdout.strip())


def _protect_hidden(layout: Layout) -> None:
    """`course/hidden` (hidden test helpers) of the installed package: instructors only."""
    pkg = _package_dir(layout)
    hidden = pkg / "hidden"
    if not hidden.is_dir():
        return
    if not str(pkg).startswith(str(Path(layout.env).resolve())):
        layout.notes.append(f"{hidden} belongs to an editable install outside the environment: "
                            f"left as it is")
        return
    gid = _gid(layout.instructors_group)
    _set(hidden, 0o750, 0, gid)
    for p in hidden.rglob("*"):
        _set(p, 0o750 if p.is_dir() else 0o640, 0, gid)


def _datasets(layout: Layout) -> None:
    data = _mkdir(Path(layout.data_dir), 0o755)
    gid = _gid(layout.instructors_group)
    # The class's own key: the published generators and seeds would rebuild the default data,
    # truth included, from any notebook. Made once, never replaced (the grades depend on it);
    # build.ensure() below finds it beside the data and builds from it.
    from course.data import classkey

    key_file = data / classkey.KEY_FILE
    fresh = not key_file.exists()
    classkey.create(key_file, gid=gid)
    _set(key_file, 0o640, 0, gid)
    if fresh:
        layout.notes.append(f"the class key is {key_file}: keep it in the course's backup, with the "
                            f"gradebook (without it the class's data cannot be rebuilt)")
    # Every dataset a notebook may ask for, the city-sized one of module 03's lecture
    # included: trainees cannot write here, so nothing can be built on demand later.
    sizes = ["small"] + ([] if layout.skip_large_data else ["large"])
    script = ("import sys\n"
              "from course.data import build, bigpay\n"
              "for name in build.DATASETS: build.ensure(sys.argv[1], name, quiet=True)\n"
              "for size in sys.argv[2:]: bigpay.ensure(sys.argv[1], size, quiet=True)\n")
    _run([_env_python(layout), "-c", script, str(data), *sizes], env={**os.environ, "COURSE_DATA_DIR": str(data)},
         cwd="/")  # the installed package, not a checkout's source beside the current folder
    for truth in sorted(data.glob("*/truth")):
        _set(truth, 0o750, 0, gid)
        for p in truth.rglob("*"):
            _set(p, 0o750 if p.is_dir() else 0o640, 0, gid)


# --- 4. the instructors' course directory -----------------------------------------------------

GROUPSHARED = ("\n# Added by `course hub setup`: the instructors share this course directory\n"
               "# (nbgrader makes the files it writes group-writable).\n"
               "c.CourseDirectory.groupshared = True\n")


def _course_dir(layout: Layout, source: Path) -> list[str]:
    gid = _gid(layout.instructors_group)
    root = _mkdir(Path(layout.course_dir), 0o2770, 0, gid)
    kept = []
    files = {p: root / p.relative_to(source) for p in sorted((source / "notebooks").rglob("*"))
             if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts}
    for src, dest in files.items():
        for d in reversed(dest.relative_to(root).parents[:-1]):
            _mkdir(root / d, 0o2770, 0, gid)
        if dest.exists():
            if dest.read_bytes() != src.read_bytes():
                kept.append(str(dest.relative_to(root)))  # an instructor's edit: never overwritten
            continue
        shutil.copyfile(src, dest)
        _set(dest, 0o660, 0, gid)
    grading = _mkdir(root / "grading", 0o2770, 0, gid)
    config = (source / "grading" / "nbgrader_config.py").read_text(encoding="utf-8") + GROUPSHARED
    _write(grading / "nbgrader_config.py", config, 0o660, 0, gid)
    for extra in ("autograde.toml",):
        if (source / "grading" / extra).is_file() and not (grading / extra).exists():
            shutil.copyfile(source / "grading" / extra, grading / extra)
            _set(grading / extra, 0o660, 0, gid)
    gradebook = grading / "gradebook.db"  # empty file = empty SQLite database, group-writable
    if not gradebook.exists():
        gradebook.touch()
    _set(gradebook, 0o660, 0, gid)
    if kept:
        layout.notes.append("kept instructors' edits in the course directory: " + ", ".join(kept))
    return kept


# --- 5. per-role Jupyter configuration and hub.json ------------------------------------------

def _role_configs(layout: Layout) -> None:
    base = _mkdir(layout.role_config, 0o755)
    gid = _gid(layout.instructors_group)
    trainee = _mkdir(base / "trainee", 0o755)
    _mkdir(trainee / "labconfig", 0o755)
    _write(trainee / "labconfig" / "page_config.json",
           json.dumps({"disabledExtensions": TRAINEE_DISABLED_LAB}, indent=1) + "\n")
    _write(trainee / "jupyter_server_config.json",
           json.dumps({"ServerApp": {"jpserver_extensions": TRAINEE_SERVER_EXTENSIONS}}, indent=1) + "\n")
    instructor = _mkdir(base / "instructor", 0o750, 0, gid)
    _mkdir(instructor / "labconfig", 0o750, 0, gid)
    _write(instructor / "labconfig" / "page_config.json",
           json.dumps({"disabledExtensions": INSTRUCTOR_DISABLED_LAB}, indent=1) + "\n", 0o640, 0, gid)
    # nbgrader run by an instructor, anywhere (Formgrader included), works on the course
    # directory through the ~/course link, so that it lies under their notebook folder.
    _write(instructor / "nbgrader_config.py",
           "# Written by `course hub setup`: instructors work on the shared course directory.\n"
           "import os\n"
           "c = get_config()  # noqa: F821\n"
           "load_subconfig(os.path.expanduser('~/course/grading/nbgrader_config.py'))  # noqa: F821\n",
           0o640, 0, gid)


def settings(layout: Layout, people: list[roster_mod.Person]) -> dict:
    return {
        "course_id": COURSE_ID,
        "env": layout.env,
        "exchange": layout.exchange,
        "data_dir": layout.data_dir,
        "course_dir": layout.course_dir,
        "state_dir": layout.state_dir,
        "jupyter_etc": layout.jupyter_etc,
        "role_config": str(layout.role_config),
        "trainees_group": layout.trainees_group,
        "instructors_group": layout.instructors_group,
        "trainees": [p.account for p in people if not p.instructor],
        "instructors": [p.account for p in people if p.instructor],
        # the installed copy, so that the hub does not depend on the checkout setup ran from
        "hub_config": str(_package_dir(layout) / "hub" / "jupyterhub_config.py"),
    }


def setup(roster_path: str | Path, layout: Layout, source: Path = REPO) -> list[roster_mod.Person]:
    if os.geteuid() != 0:
        raise SetupError("course hub setup makes system accounts: run it as root (sudo)")
    people = roster_mod.load(roster_path)  # raises before anything is made
    system = []
    for person in people:
        try:
            if pwd.getpwnam(person.account).pw_uid < 1000:
                system.append(person)
        except KeyError:
            pass
    if system:
        raise roster_mod.RosterError("\n".join(
            f"{roster_path}, line {p.line}: {p.account!r} is an existing system account (uid below "
            f"1000); choose another name" for p in system))
    _ensure_group(layout.trainees_group)
    _ensure_group(layout.instructors_group)
    state = _mkdir(Path(layout.state_dir), 0o700)
    passwords = state / PASSWORDS
    if not passwords.exists():
        fd = os.open(passwords, os.O_WRONLY | os.O_CREAT, 0o600)
        os.write(fd, b"# account\tinitial password\trole\tname (hand out, then delete this file)\n")
        os.close(fd)
    _set(passwords, 0o600)
    _mkdir(Path(layout.course_dir).parent, 0o755)
    for person in people:
        _ensure_account(person, layout, passwords)
    _exchange_and_global_config(layout)
    _shared_env(layout, source)
    _protect_hidden(layout)
    _datasets(layout)
    _course_dir(layout, source)
    _role_configs(layout)
    _write(layout.settings_file, json.dumps(settings(layout, people), indent=1, sort_keys=True) + "\n", 0o600)
    layout_file = Path(layout.state_dir) / "layout.json"
    _write(layout_file, json.dumps({k: v for k, v in asdict(layout).items() if k != "notes"},
                                   indent=1, sort_keys=True) + "\n", 0o600)
    for note in layout.notes:
        _log(f"note: {note}")
    _log(f"hub ready: {len(people)} accounts; start it with `course hub start --state-dir {layout.state_dir}`")
    return people
