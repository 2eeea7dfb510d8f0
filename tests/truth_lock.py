"""Make every read of a planted truth table fail, as it fails where the truth is out of reach.

On the class hub the `truth/` folders are readable only by instructors, so a trainee's kernel
gets a PermissionError; in the grading sandbox they are absent. `lock(data, error)` replaces
`course.data.load` and `course.data.path` by versions that raise `error(message)` for a truth
table and read every other table as before. `tests/test_hidden.py` uses it inside the test
process; `tests/test_lectures_without_truth.py` installs it in each notebook's kernel at start-up
(see `install_in_kernels`).
"""
from __future__ import annotations

from pathlib import Path

SITECUSTOMIZE = '''\
# Written by tests/truth_lock.py: every kernel started with this folder on PYTHONPATH
# reads no truth table, as a trainee's kernel on the class hub.
import sys
sys.path.insert(0, {tests!r})
import truth_lock
truth_lock.lock(None, PermissionError)
'''


def truth_tables() -> set[str]:
    from course.data import build

    return {t.name for gen in build.DATASETS.values() for t in gen.TABLES if t.truth}


def lock(data=None, error: type[Exception] = PermissionError, setattr=setattr) -> set[str]:
    """Replace `data.load` and `data.path` (`data`: the module `course.data`) so that a truth
    table raises `error`; `setattr` may be pytest's `monkeypatch.setattr`. Returns the names."""
    if data is None:
        from course import data
    truth = truth_tables()
    for fn in ("load", "path"):
        real = getattr(data, fn)

        def locked(name, *args, _real=real, **kwargs):
            if name in truth:
                raise error(f"[Errno 13] Permission denied: the truth table {name!r} is readable "
                            "only by instructors")
            return _real(name, *args, **kwargs)

        setattr(data, fn, locked)
    return truth


def install_in_kernels(folder: Path) -> dict[str, str]:
    """Write a sitecustomize.py into `folder`; return the environment variables that make a
    kernel (or any Python) started with them lock the truth before running a cell."""
    import os

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE.format(tests=str(Path(__file__).parent)),
                                             encoding="utf-8")
    path = os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path}
