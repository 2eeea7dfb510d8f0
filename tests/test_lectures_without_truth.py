"""Every lecture runs for a trainee who cannot read the planted truth.

On the class hub the `truth/` folders are readable only by instructors: a trainee's kernel
that reads a truth table gets a PermissionError. Each lecture is executed in a kernel where
`course.data.load` and `course.data.path` raise exactly that for every truth table
(`tests/truth_lock.py`, installed through a sitecustomize on the kernel's PYTHONPATH). The
exercise notebooks' visible cells (everything outside the hidden test regions) must not name
a truth table either: the hidden tests are the only readers.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from truth_lock import install_in_kernels, truth_tables

REPO = Path(__file__).resolve().parents[1]
LECTURES = sorted((REPO / "notebooks").glob("*/1-lecture.ipynb"))
EXERCISES = sorted((REPO / "notebooks").glob("*/2-exercises.ipynb"))


def test_the_lock_itself_raises_permission_error(tmp_path):
    """The kernel start-up snippet really locks the truth (and nothing else)."""
    import subprocess
    import sys

    env = {**__import__("os").environ, **install_in_kernels(tmp_path / "site")}
    code = ("import course.data\n"
            "course.data.load('deaths')\n"
            "try:\n    course.data.load('payments_after_death')\n"
            "except PermissionError:\n    print('locked')\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "locked", out.stderr


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.parent.name)
def test_lecture_runs_with_the_truth_unreadable(path, tmp_path, monkeypatch):
    for name, value in install_in_kernels(tmp_path / "site").items():
        monkeypatch.setenv(name, value)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()


def _visible(source: str) -> str:
    return re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", "", source, flags=re.S)


@pytest.mark.parametrize("path", LECTURES + EXERCISES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_visible_cell_names_a_truth_table(path):
    truth = truth_tables()
    nb = nbformat.read(path, as_version=4)
    named = sorted({t for c in nb.cells if c.cell_type == "code" for t in truth
                    if re.search(rf"""["']{t}["']""", _visible(c.source))})
    assert not named, f"{path.parent.name}/{path.name} reads the truth tables {named} outside hidden tests"
